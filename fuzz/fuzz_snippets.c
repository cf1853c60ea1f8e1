/*
 * fuzz_snippets.c: snippet labels (labels.json) on arbitrary bytes. The
 * input up to the first NUL is the labels, the rest a page: it is parsed,
 * scored and its lines labelled; nothing may crash or leak, and the counts
 * add up to the snippets.
 */
#include <stdlib.h>
#include <string.h>

#include "winnow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	const char *nul = memchr(data, 0, size);
	size_t jlen = nul ? (size_t)(nul - json) : size;
	const char *page = nul ? nul + 1 : "";
	size_t plen = nul ? size - jlen - 1 : 0;
	char err[128];
	wn_snippets *s = wn_snippets_parse(json, jlen, err, sizeof err);
	if (!s)
		return 0;
	size_t n = wn_snippets_count(s);
	unsigned char *present = malloc(n + 1);
	wn_snippet_score sc;
	if (present && wn_snippets_score(s, page, plen, present, &sc) == WN_OK &&
	    sc.tp + sc.fp + sc.fn + sc.tn != n)
		abort();
	size_t lines = 1;
	for (size_t i = 0; i < plen; i++)
		lines += page[i] == '\n';
	signed char *lab = malloc(lines);
	if (lab)
		wn_snippets_label_lines(s, page, plen, lab, lines);
	free(lab);
	free(present);
	wn_snippets_free(s);
	return 0;
}
