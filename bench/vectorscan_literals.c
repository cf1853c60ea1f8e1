/*
 * vectorscan_literals.c: Vectorscan's literal matcher against winnow's
 * literal automaton, on the prefilter's own literals and the same rows.
 *
 * The prefilter (src/rules/prefilter.c) reduces every pattern to literals
 * one of which each match contains, and scans a document's lines once for
 * all of them. Here the literals (WINNOW_DUMP_LITERALS) go both into the
 * automaton, as winnow builds it, and into one hs_compile_lit_multi
 * database (caseless, one entry per distinct literal, each with the
 * patterns that need it). Both scan the lines of a text file (lower-cased,
 * tabs as spaces, documents split at form feeds, as winnow's views are),
 * and each line must get the same pattern bits from both. Vectorscan reads
 * bytes as they are where the automaton reads a run of spaces as one, so a
 * line with two spaces in a row is scanned by the automaton as well, as a
 * Vectorscan engine in winnow would have to. Prints build and scan times.
 * Built and run by bench/vectorscan-literals.sh; not part of winnow.
 */
#define _GNU_SOURCE /* memmem */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prefilter.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = 1 << 20, got;
	char *buf = malloc(cap);
	*n = 0;
	while (buf && (got = fread(buf + *n, 1, cap - *n, f)) > 0)
		if ((*n += got) == cap)
			buf = realloc(buf, cap *= 2);
	fclose(f);
	if (!buf)
		exit(2);
	return buf;
}

typedef struct literal {
	char *s;
	size_t len;
	unsigned id;
} literal;

static int by_bytes(const void *a, const void *b)
{
	const literal *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->s, y->s, x->len);
}

typedef struct scan {
	const uint32_t *start, *end;
	size_t nrows, row, words;
	const uint64_t *sets;
	const size_t *lens;
	uint64_t *bits;
	size_t calls;
} scan;

/* A literal ended at to: its patterns go to the row holding all of it. */
static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ud)
{
	(void)from;
	(void)flags;
	scan *h = ud;
	size_t at = h->start[0] + (size_t)to;
	h->calls++;
	while (h->row < h->nrows && h->end[h->row] < at)
		h->row++;
	if (h->row < h->nrows && at - h->lens[id] >= h->start[h->row])
		for (size_t w = 0; w < h->words; w++)
			h->bits[h->row * h->words + w] |= h->sets[(size_t)id * h->words + w];
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: vectorscan_literals LITERALS TEXT\n");
		return 2;
	}
	size_t ln, tn;
	char *lbuf = slurp(argv[1], &ln), *text = slurp(argv[2], &tn);
	/* the literals: "ID LEN\n" BYTES "\n" */
	size_t nlit = 0, cap = 1024;
	literal *lits = malloc(cap * sizeof *lits);
	unsigned npat = 0;
	for (char *p = lbuf; p < lbuf + ln;) {
		/* (not sscanf: its "\n" would skip a literal's leading spaces) */
		char *q;
		unsigned id = (unsigned)strtoul(p, &q, 10);
		if (*q != ' ')
			break;
		size_t len = strtoul(q + 1, &q, 10);
		if (*q != '\n')
			break;
		size_t used = (size_t)(q + 1 - p);
		if (nlit == cap)
			lits = realloc(lits, (cap *= 2) * sizeof *lits);
		lits[nlit++] = (literal){ p + used, len, id };
		npat = id + 1 > npat ? id + 1 : npat;
		p += used + len + 1;
	}
	/* the automaton, as winnow builds it */
	wn_prefilter pf = { 0 };
	double t0 = now();
	for (size_t k = 0; k < nlit; k++) {
		char *s = lits[k].s;
		size_t len = lits[k].len;
		wn_literals one = { 1, &s, &len };
		wn_prefilter_add(&pf, lits[k].id, &one);
	}
	if (wn_prefilter_build(&pf)) {
		fprintf(stderr, "the automaton does not build\n");
		return 1;
	}
	double t_auto = now() - t0;
	size_t words = pf.words;
	/* one database entry per distinct literal */
	t0 = now();
	qsort(lits, nlit, sizeof *lits, by_bytes);
	const char **expr = malloc(nlit * sizeof *expr);
	size_t *lens = malloc(nlit * sizeof *lens);
	unsigned *flags = malloc(nlit * sizeof *flags), *ids = malloc(nlit * sizeof *ids);
	uint64_t *sets = calloc(nlit * words, sizeof *sets);
	size_t d = 0, short_lits = 0;
	for (size_t k = 0; k < nlit; k++) {
		if (k == 0 || by_bytes(&lits[k], &lits[k - 1]) != 0) {
			expr[d] = lits[k].s;
			lens[d] = lits[k].len;
			flags[d] = HS_FLAG_CASELESS;
			ids[d] = (unsigned)d;
			short_lits += lits[k].len <= 2;
			d++;
		}
		sets[(d - 1) * words + lits[k].id / 64] |= (uint64_t)1 << (lits[k].id % 64);
	}
	hs_database_t *db;
	hs_compile_error_t *err;
	if (hs_compile_lit_multi(expr, flags, ids, lens, (unsigned)d, HS_MODE_BLOCK, NULL, &db, &err) !=
	    HS_SUCCESS) {
		fprintf(stderr, "hs_compile_lit_multi: %s\n", err->message);
		return 1;
	}
	hs_scratch_t *scratch = NULL;
	hs_alloc_scratch(db, &scratch);
	double t_hs = now() - t0;
	size_t dbsize = 0;
	hs_database_size(db, &dbsize);
	printf("%zu literals of %u patterns, %zu distinct (%zu of one or two bytes)\n", nlit, npat, d,
	       short_lits);
	printf("build: automaton %.1f ms (%u states, %.2f MB); Vectorscan %.1f ms (%.2f MB)\n",
	       t_auto * 1e3, pf.nstates, (double)pf.nstates * pf.nclass * 2 / 1e6, t_hs * 1e3,
	       (double)dbsize / 1e6);
	/* the views as winnow lays them out: each non-empty line lower-cased,
	 * tabs as spaces, and a newline after it, back to back (so the
	 * automaton scans a document's rows as one text, in lanes) */
	size_t nrows = 0;
	for (size_t i = 0; i < tn; i++)
		nrows += text[i] == '\n';
	char *views = malloc(tn + 1);
	uint32_t *start = malloc((nrows + 1) * sizeof *start), *end = malloc((nrows + 1) * sizeof *end);
	size_t *doc_end = malloc((nrows + 2) * sizeof *doc_end), ndocs = 0, vn = 0;
	nrows = 0;
	for (size_t i = 0, a = 0; i < tn; i++) {
		if (text[i] == '\f') {
			doc_end[ndocs++] = nrows;
			a = i + 1;
		} else if (text[i] == '\n') {
			if (i > a) {
				start[nrows] = (uint32_t)vn;
				for (size_t k = a; k < i; k++) {
					unsigned char c = (unsigned char)text[k];
					views[vn++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c == '\t' ? ' ' : (char)c;
				}
				end[nrows++] = (uint32_t)vn;
				views[vn++] = '\n';
			}
			a = i + 1;
		}
	}
	doc_end[ndocs++] = nrows;
	text = views;
	uint64_t *bits_a = calloc(nrows * words + 1, sizeof *bits_a);
	uint64_t *bits_v = calloc(nrows * words + 1, sizeof *bits_v);
	/* per document, as winnow scans */
	t0 = now();
	for (size_t k = 0, first = 0; k < ndocs; first = doc_end[k++])
		if (doc_end[k] > first)
			wn_prefilter_scan_rows(&pf, text, start + first, end + first, doc_end[k] - first,
			                       bits_a + first * words);
	double s_auto = now() - t0;
	size_t calls = 0;
	t0 = now();
	for (size_t k = 0, first = 0; k < ndocs; first = doc_end[k++]) {
		size_t rows = doc_end[k] - first;
		if (!rows)
			continue;
		scan h = { start + first, end + first, rows, 0, words, sets, lens,
		           bits_v + first * words, 0 };
		hs_scan(db, text + start[first], end[first + rows - 1] - start[first], 0, scratch, on_match,
		        &h);
		calls += h.calls;
		/* rows with a run of spaces: the automaton as well */
		const char *p = text + start[first], *stop = text + end[first + rows - 1];
		size_t row = first;
		while ((p = memmem(p, (size_t)(stop - p), "  ", 2)) != NULL) {
			size_t at = (size_t)(p - text);
			while (row < first + rows && end[row] < at + 2)
				row++;
			if (row == first + rows)
				break;
			if (at < start[row]) {
				p = text + start[row];
				continue;
			}
			wn_prefilter_scan(&pf, text + start[row], end[row] - start[row], bits_v + row * words);
			p = text + end[row];
		}
	}
	double s_hs = now() - t0;
	size_t differ = 0;
	for (size_t r = 0; r < nrows; r++)
		differ += memcmp(bits_a + r * words, bits_v + r * words, words * sizeof *bits_a) != 0;
	double mb = (double)tn / 1e6;
	printf("scan of %.1f MB, %zu lines in %zu documents: automaton %.3f s (%.0f MB/s); "
	       "Vectorscan %.3f s (%.0f MB/s), %.0f matches per MB\n",
	       mb, nrows, ndocs, s_auto, mb / s_auto, s_hs, mb / s_hs, (double)calls / mb);
	printf("lines whose patterns differ: %zu\n", differ);
	hs_free_scratch(scratch);
	hs_free_database(db);
	wn_prefilter_free(&pf);
	return differ != 0;
}
