/*
 * prefilter.h: which patterns could match a line, from one scan.
 *
 * Owns the literal prefilter. At compile time each pattern is analysed for
 * the literals every match must contain (a pattern /\bfollow\s+us\b|share
 * this/ can only match a line holding "follow" or "share this"); the
 * literals of all patterns go into one Aho-Corasick automaton. Per
 * document, one pass of the automaton over the views sets, per line, a bit
 * for every pattern whose literals occur there; a pattern whose bit is
 * clear cannot match and is not run. Patterns without a usable literal set
 * always run. Letters compare without case, as the patterns do.
 */
#ifndef WN_PREFILTER_H
#define WN_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* A set of literals (bytes, lower-case ASCII), every match containing one. */
typedef struct wn_literals {
	size_t n;
	char **s;
	size_t *len;
} wn_literals;

/* The analysis' temporaries, kept from one pattern to the next (see
 * prefilter.c). Zero-initialised; wn_literal_pool_free when done. */
typedef struct wn_literal_pool {
	wn_vec blocks;        /* void *: blocks free for the next pattern */
} wn_literal_pool;

void wn_literal_pool_free(wn_literal_pool *pool);

/* Analyse a PCRE2 pattern as winnow compiles it (UTF, UCP, CASELESS,
 * DOTALL). Returns 0 and the literals in *out (free with
 * wn_literals_free), or -1 when no selective set is known (the pattern
 * must always run). Temporaries come from pool (NULL: a pool of this
 * call's own). */
int wn_required_literals(const char *re, size_t len, wn_literals *out, wn_literal_pool *pool);
void wn_literals_free(wn_literals *l);

typedef struct wn_prefilter {
	uint8_t cls[256];     /* byte -> class (0: in no literal) */
	uint32_t nclass;
	uint32_t nstates;
	uint16_t *delta16;    /* the automaton, nclass * nstates: state numbers,
	                       * a column per class (no multiplication in a
	                       * step: the column's offset comes with the byte) */
	uint32_t column[256]; /* byte -> its class's column in delta16 */
	uint32_t *delta;      /* or, with more states, nstates * nclass: row offsets */
	int32_t *out;         /* per state: first word of its set in sets, -1 */
	uint64_t *sets;
	uint32_t words;       /* uint64 words per set of patterns */
	uint32_t npatterns;
	/* while building */
	wn_vec lits;          /* struct of literal + pattern id */
	wn_literal_pool pool; /* for wn_required_literals of the patterns added */
} wn_prefilter;

/* Add the literals of pattern id (0, 1, 2, ... in order). */
int wn_prefilter_add(wn_prefilter *pf, uint32_t id, const wn_literals *l);
/* Build the automaton once every pattern was added. -1: out of memory. */
int wn_prefilter_build(wn_prefilter *pf);
void wn_prefilter_free(wn_prefilter *pf);

/* OR into bits (pf->words words) the patterns whose literals occur in
 * s[0..n). */
void wn_prefilter_scan(const wn_prefilter *pf, const char *s, size_t n, uint64_t *bits);

/* The same for nrows rows at once: row k is base[start[k], end[k]), and
 * its patterns go to bits + k * pf->words (zeroed by the caller). */
void wn_prefilter_scan_rows(const wn_prefilter *pf, const char *base, const uint32_t *start,
                            const uint32_t *end, size_t nrows, uint64_t *bits);

#endif
