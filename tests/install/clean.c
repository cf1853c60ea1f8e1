/* clean.c: the ten-line program of the README, built against the installed
 * winnow.pc: standard input, cleaned with the built-in rules, to stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <winnow.h>

int main(void)
{
	static char in[1 << 20];
	size_t n = fread(in, 1, sizeof in, stdin);
	wn_rules *r = wn_rules_new(NULL, NULL);
	if (!r || wn_rules_add_builtin(r) != WN_OK || wn_rules_compile(r) != WN_OK)
		return 2;
	char *out;
	size_t len;
	if (wn_clean(r, in, n, &out, &len) != WN_OK)
		return 1;
	fwrite(out, 1, len, stdout);
	free(out);
	wn_rules_free(r);
	return 0;
}
