/*
 * fuzz_rules.c: the rule-file parser and compiler on arbitrary text.
 *
 * The input is one rule file. Whatever it holds, loading it must end in
 * WN_OK or WN_ERR_RULES with diagnostics, never a crash, a hang or a leak.
 * (The built-in rules are left out: compiling them for every input would
 * make the fuzzer a hundred times slower and teaches it nothing new.)
 */
#include <stdint.h>
#include <stdlib.h>

#include "winnow.h"

static void ignore(void *ud, const wn_diag *d)
{
	char buf[512];
	(void)ud;
	wn_diag_format(d, buf, sizeof buf);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("WINNOW_NO_JIT", "1", 1); /* JIT compiling every pattern is slow */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wn_rules *r = wn_rules_new(ignore, NULL);
	if (!r)
		return 0;
	wn_rules_add_buffer(r, "fuzz.rules", (const char *)data, size);
	if (wn_rules_compile(r) == WN_OK) {
		/* a rule set that compiles must also run */
		char *out;
		size_t n;
		static const char text[] = "Share this article\nAn article sentence, with words.\n\n"
		                           "About the Author\n  - Name: x\nfollow us on twitter\n";
		if (wn_clean(r, text, sizeof text - 1, &out, &n) == WN_OK)
			free(out);
	}
	wn_rules_free(r);
	return 0;
}
