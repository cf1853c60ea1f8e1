/*
 * fuzz_prefilter.c: the literal prefilter against PCRE2 itself.
 *
 * Input: a pattern, a NUL, a subject. The subject is made a view twice:
 * as printable ASCII (lower case, plain spaces), and as winnow makes views
 * (normalize.c: NFKC, case-folded, letters outside ASCII kept). If PCRE2
 * (compiled as winnow compiles patterns) finds a match in either, the
 * prefilter must have found one of the pattern's literals in it: a
 * prefilter that skips a matching line would silently change what winnow
 * removes. And the scan
 * of many rows at once (lanes, as a document's views are scanned) must
 * give each row the bits of its own scan: the subject's '~' split rows.
 * The prefix test of anchored patterns (prefix.h) must not reject a
 * subject PCRE2 matches either: the view-like subject, and the subject's
 * own bytes.
 */
#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "normalize.h"
#include "prefilter.h"
#include "prefix.h"

/* The subject split at each '~' into rows, joined by newlines: the
 * scan of all rows at once against each row's scan alone. */
static void check_rows(const wn_prefilter *pf, const char *subject, size_t n)
{
	char joined[512];
	uint32_t start[512], end[512];
	uint64_t bits[512] = { 0 };
	size_t rows = 0, at = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && subject[i] != '~')
			continue;
		start[rows] = (uint32_t)at;
		end[rows] = (uint32_t)i;
		rows++;
		at = i + 1;
	}
	memcpy(joined, subject, n);
	for (size_t k = 0; k + 1 < rows; k++)
		joined[end[k]] = '\n';
	wn_prefilter_scan_rows(pf, joined, start, end, rows, bits);
	for (size_t k = 0; k < rows; k++) {
		uint64_t one = 0;
		wn_prefilter_scan(pf, joined + start[k], end[k] - start[k], &one);
		if (one != bits[k]) {
			fprintf(stderr, "row %zu of %zu (\"%.*s\"): %llx in lanes, %llx alone\n", k, rows,
			        (int)(end[k] - start[k]), joined + start[k], (unsigned long long)bits[k],
			        (unsigned long long)one);
			abort();
		}
	}
}

/* Does the prefix test reject s[0..n), which code matches? */
static void check_prefix(const wn_prefix *x, const pcre2_code *code, pcre2_match_data *md,
                         pcre2_match_context *mc, const uint8_t *pattern, size_t plen,
                         const char *s, size_t n)
{
	if (wn_prefix_may_start(x, s, n))
		return;
	if (pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, mc) >= 0) {
		fprintf(stderr, "prefix test rejected \"%.*s\", which /%.*s/ matches\n", (int)n, s,
		        (int)plen, (const char *)pattern);
		abort();
	}
}

/* The view winnow would make of raw[0..n), cut to fit out[0..cap) at a
 * character's end; line breaks (a view has none) as spaces. */
static size_t view_of(const char *raw, size_t n, char *out, size_t cap)
{
	wn_normalizer nz = { 0 };
	wn_vec view = { 0 }, map = { 0 };
	wn_norm_counts counts = { 0 };
	int aligned;
	size_t len = 0;
	if (wn_normalize(&nz, raw, n, &view, &map, &aligned, &counts) == 0) {
		len = view.len < cap ? view.len : cap;
		while (len < view.len && len > 0 && (((const unsigned char *)view.data)[len] & 0xC0) == 0x80)
			len--;
		memcpy(out, view.data, len);
		for (size_t i = 0; i < len; i++)
			if (out[i] == '\n' || out[i] == '\r')
				out[i] = ' ';
	}
	wn_vec_free(&view);
	wn_vec_free(&map);
	wn_normalizer_free(&nz);
	return len;
}

/* Did the prefilter pass s[0..n) whenever code matches it, and does the
 * scan in lanes agree with the scan of each row? */
static void check_literals(const wn_literals *lits, const pcre2_code *code, pcre2_match_data *md,
                           pcre2_match_context *mc, const uint8_t *pattern, size_t plen,
                           const char *subject, size_t n)
{
	int rc = pcre2_match(code, (PCRE2_SPTR)subject, n, 0, 0, md, mc);
	wn_prefilter pf = { 0 };
	if (wn_prefilter_add(&pf, 0, lits) == 0 && wn_prefilter_build(&pf) == 0) {
		uint64_t bits = 0;
		wn_prefilter_scan(&pf, subject, n, &bits);
		if (rc >= 0 && !(bits & 1)) {
			fprintf(stderr, "prefilter missed /%.*s/ on \"%.*s\"\n", (int)plen,
			        (const char *)pattern, (int)n, subject);
			abort();
		}
		check_rows(&pf, subject, n);
	}
	wn_prefilter_free(&pf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	if (!nul)
		return 0;
	size_t plen = (size_t)(nul - data);
	char subject[512];
	size_t n = 0;
	for (const uint8_t *p = nul + 1; p < data + size && n < sizeof subject; p++) {
		unsigned char c = *p;
		if (c < 0x20 || c > 0x7e)
			c = ' ';
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		subject[n++] = (char)c;
	}
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)data, plen,
	                                 PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_DUPNAMES |
	                                 PCRE2_DOTALL, &err, &off, NULL);
	if (!code)
		return 0;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mc, 100000);
	wn_prefix x;
	if (wn_prefix_learn(&x, code, 1) == 0) {
		check_prefix(&x, code, md, mc, data, plen, subject, n);
		const char *raw = (const char *)nul + 1;
		size_t rn = (size_t)(data + size - (nul + 1));
		/* PCRE2 checks the bytes: invalid UTF-8 is an error, not a match */
		check_prefix(&x, code, md, mc, data, plen, raw, rn);
		wn_prefix_free(&x);
	}
	wn_literals lits;
	if (wn_required_literals((const char *)data, plen, &lits, NULL) == 0) {
		check_literals(&lits, code, md, mc, data, plen, subject, n);
		char view[512];
		size_t vn = view_of((const char *)nul + 1, (size_t)(data + size - (nul + 1)), view,
		                    sizeof view);
		check_literals(&lits, code, md, mc, data, plen, view, vn);
		wn_literals_free(&lits);
	}
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	return 0;
}
