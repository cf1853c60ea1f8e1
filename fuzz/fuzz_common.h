/*
 * fuzz_common.h: the default rule set, compiled once per fuzzing process,
 * and a sink for output.
 */
#ifndef WN_FUZZ_COMMON_H
#define WN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>

#include "winnow.h"

static wn_rules *fuzz_rules(void)
{
	static wn_rules *r;
	if (!r) {
		r = wn_rules_new(NULL, NULL);
		if (!r || wn_rules_add_builtin(r) != WN_OK || wn_rules_compile(r) != WN_OK)
			abort();
	}
	return r;
}

/* Output goes nowhere, but every byte is touched (so ASan sees it). */
static int fuzz_sink(void *ud, const char *p, size_t n)
{
	unsigned *sum = ud;
	for (size_t i = 0; i < n; i++)
		*sum += (unsigned char)p[i];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
