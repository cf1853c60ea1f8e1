/*
 * fuzz_common.h: the default rule set, compiled once per fuzzing process,
 * a sink for output, and a stream fed in pieces whose only allowed failure
 * is a format error.
 */
#ifndef WN_FUZZ_COMMON_H
#define WN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "winnow.h"

/* (WINNOW_CHECK_MEASURE: every text measured is measured both ways) */
static inline wn_rules *fuzz_rules(void)
{
	static wn_rules *r;
	if (!r) {
		setenv("WINNOW_CHECK_MEASURE", "1", 0);
		r = wn_rules_new(NULL, NULL);
		if (!r || wn_rules_add_builtin(r) != WN_OK || wn_rules_compile(r) != WN_OK)
			abort();
	}
	return r;
}

/* Output goes nowhere, but every byte is touched (so ASan sees it). */
static inline int fuzz_sink(void *ud, const char *p, size_t n)
{
	unsigned *sum = ud;
	for (size_t i = 0; i < n; i++)
		*sum += (unsigned char)p[i];
	return 0;
}

/* Feeds data to a stream over f in pieces of chunk bytes and finishes it;
 * damaged input must end in WN_ERR_FORMAT, anything else aborts. */
static inline void fuzz_stream(wn_filter *f, const wn_stream_options *so, const uint8_t *data,
                               size_t size, size_t chunk)
{
	unsigned sum = 0;
	wn_stream *s = wn_stream_new(f, so, fuzz_sink, &sum, NULL, NULL);
	int rc = WN_OK;
	for (size_t i = 0; s && i < size && rc == WN_OK; i += chunk)
		rc = wn_stream_feed(s, (const char *)data + i, size - i < chunk ? size - i : chunk);
	if (s && rc == WN_OK)
		rc = wn_stream_finish(s);
	if (rc != WN_OK && rc != WN_ERR_FORMAT) {
		fprintf(stderr, "fuzz: unexpected status %d (%s)\n", rc, s ? wn_stream_error(s) : "");
		abort();
	}
	wn_stream_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
