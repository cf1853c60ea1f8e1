/*
 * score.c: the article-extraction benchmark's metric, and gold lookups.
 *
 * Owns the exact definition `winnow tune` reports: texts are tokenised as
 * runs of word characters (Python's \w: letters, numbers, '_'; marks split
 * words), every 4 consecutive tokens form a shingle, and a page scores
 * tp = shared shingles (multiset), fp = extra, fn = missing, divided by
 * their sum. A text of 1-3 tokens is one short shingle. bench/score.py is
 * the reference implementation these numbers are checked against.
 *
 * Also owns the question "is this line article text?", answered against a
 * gold text's shingles, so tune can list the lines it got wrong.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "utf8.h"
#include "winnow.h"
#include "wordlist.h"

static int metric_word(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 128)
		return (wn_ascii_class[cp] & (WN_C_ALPHA | WN_C_DIGIT)) || cp == '_';
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* Hashes of the tokens of s, appended to out (uint64_t). */
static int tokenize(const char *s, size_t n, wn_vec *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		size_t l = u[i] < 0x80 ? (cp = u[i], 1) : wn_utf8_decode(u + i, n - i, &cp);
		if (!metric_word(cp)) {
			i += l;
			continue;
		}
		size_t start = i;
		while (i < n) {
			l = u[i] < 0x80 ? (cp = u[i], 1) : wn_utf8_decode(u + i, n - i, &cp);
			if (!metric_word(cp))
				break;
			i += l;
		}
		uint64_t h = wn_hash_bytes(u + start, i - start, 0x70c3);
		if (!wn_vec_push(out, sizeof h, &h))
			return -1;
	}
	return 0;
}

/* Shingle hashes of a token sequence, sorted. */
static int shingles(const wn_vec *tokens, wn_vec *out)
{
	const uint64_t *t = tokens->data;
	size_t n = tokens->len;
	out->len = 0;
	if (n == 0)
		return 0;
	size_t count = n >= 4 ? n - 3 : 1, width = n >= 4 ? 4 : n;
	uint64_t *sh = wn_vec_grow(out, sizeof(uint64_t), count);
	if (!sh)
		return -1;
	for (size_t i = 0; i < count; i++) {
		uint64_t h = 0x9e3779b97f4a7c15ULL * (width + 1);
		for (size_t k = 0; k < width; k++)
			h = (h ^ t[i + k]) * 0xbf58476d1ce4e5b9ULL + (h >> 29);
		sh[i] = h;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int sorted_shingles(const char *s, size_t n, wn_vec *out)
{
	wn_vec tokens = { 0 };
	int rc = tokenize(s, n, &tokens) || shingles(&tokens, out) ? -1 : 0;
	wn_vec_free(&tokens);
	if (rc == 0 && out->len > 1)
		qsort(out->data, out->len, sizeof(uint64_t), cmp_u64);
	return rc;
}

int wn_score_text(const char *gold, size_t glen, const char *pred, size_t plen, wn_score *out)
{
	wn_vec g = { 0 }, p = { 0 };
	if (sorted_shingles(gold, glen, &g) || sorted_shingles(pred, plen, &p)) {
		wn_vec_free(&g);
		wn_vec_free(&p);
		return WN_ERR_NOMEM;
	}
	const uint64_t *a = g.data, *b = p.data;
	size_t i = 0, j = 0;
	double tp = 0;
	while (i < g.len && j < p.len) {
		if (a[i] == b[j]) {
			tp++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	double fp = (double)p.len - tp, fn = (double)g.len - tp, sum = tp + fp + fn;
	out->tp = sum > 0 ? tp / sum : 0;
	out->fp = sum > 0 ? fp / sum : 0;
	out->fn = sum > 0 ? fn / sum : 0;
	wn_vec_free(&g);
	wn_vec_free(&p);
	return WN_OK;
}

double wn_score_precision(const wn_score *s)
{
	if (s->fp == 0 && s->fn == 0)
		return 1;
	if (s->tp == 0 && s->fp == 0)
		return 0;
	return s->tp / (s->tp + s->fp);
}

double wn_score_recall(const wn_score *s)
{
	if (s->fp == 0 && s->fn == 0)
		return 1;
	if (s->tp == 0 && s->fn == 0)
		return 0;
	return s->tp / (s->tp + s->fn);
}

/* ------------------------------------------------------------------ */
/* gold lookups                                                        */

struct wn_gold {
	wn_vec shingles;   /* sorted, unique enough for membership */
	wn_vec tokens;     /* the gold token sequence, for short texts */
	wn_vec scratch, scratch2;
};

wn_gold *wn_gold_new(const char *gold, size_t len)
{
	wn_gold *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	if (tokenize(gold, len, &g->tokens) || shingles(&g->tokens, &g->shingles)) {
		wn_gold_free(g);
		return NULL;
	}
	if (g->shingles.len > 1)
		qsort(g->shingles.data, g->shingles.len, sizeof(uint64_t), cmp_u64);
	return g;
}

void wn_gold_free(wn_gold *g)
{
	if (!g)
		return;
	wn_vec_free(&g->shingles);
	wn_vec_free(&g->tokens);
	wn_vec_free(&g->scratch);
	wn_vec_free(&g->scratch2);
	free(g);
}

static int has_shingle(const wn_gold *g, uint64_t h)
{
	const uint64_t *s = g->shingles.data;
	size_t lo = 0, hi = g->shingles.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->shingles.len && s[lo] == h;
}

int wn_gold_contains(wn_gold *g, const char *text, size_t len)
{
	g->scratch.len = 0;
	if (tokenize(text, len, &g->scratch))
		return -1;
	size_t n = g->scratch.len;
	if (n == 0)
		return -1; /* no words: neither article nor boilerplate */
	const uint64_t *t = g->scratch.data;
	if (n < 4) {
		/* a short text: its tokens in a row somewhere in the gold */
		const uint64_t *gt = g->tokens.data;
		for (size_t i = 0; i + n <= g->tokens.len; i++)
			if (memcmp(gt + i, t, n * sizeof *t) == 0)
				return 1;
		return 0;
	}
	if (shingles(&g->scratch, &g->scratch2))
		return -1;
	size_t hits = 0;
	for (size_t i = 0; i < g->scratch2.len; i++)
		hits += has_shingle(g, ((const uint64_t *)g->scratch2.data)[i]);
	return hits * 2 >= g->scratch2.len;
}
