/*
 * match.h: running compiled patterns.
 *
 * Owns the per-filter PCRE2 state (match data, JIT stack, match context
 * with match and depth limits), so a pattern run allocates nothing. A
 * pattern that hits a limit counts as "no match" and is counted, never a
 * hang or a crash. Also owns asking the literal prefilter first.
 */
#ifndef WN_MATCH_H
#define WN_MATCH_H

#include "rules.h"

typedef struct wn_matcher {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	size_t limit_hits;
	size_t runs, matches;     /* patterns run, and of those matched */
	/* the first patterns of the window that gave up, and where */
	struct { const wn_pattern *pattern; const char *subject; } limits[8];
	size_t nlimits;
	/* The literal prefilter of the document being decided (pf_bits NULL:
	 * off): its views, the view offset where each line starts, and per
	 * line the bits of the patterns whose literals occur in it. A subject
	 * inside the views is matched only if one of its lines has the bit. */
	const char *pf_base;
	size_t pf_len;
	const uint32_t *pf_offs;
	size_t pf_nlines;
	const uint64_t *pf_bits;
	uint32_t pf_words;
	size_t pf_last;           /* the line of the last lookup */
	int pf_check;             /* verify: run the pattern anyway */
} wn_matcher;

int wn_matcher_init(wn_matcher *m);
void wn_matcher_free(wn_matcher *m);

/* Match p against s[0..n) (valid UTF-8). Returns 1 and the match span
 * [*ms, *me) and the span of the first set "cut" group (or the match) in
 * [*cs, *ce); 0 when there is no match (or a limit was hit). */
int wn_match(wn_matcher *m, const wn_pattern *p, const char *s, size_t n,
             size_t *ms, size_t *me, size_t *cs, size_t *ce);

/* May p match in s[0..n), as far as the literal prefilter knows? 0 only
 * when wn_match would answer no without running the pattern (always 1
 * under WINNOW_CHECK_PREFILTER, which runs it). */
int wn_match_possible(wn_matcher *m, const wn_pattern *p, const char *s, size_t n);

/* The subjects that follow lie in line row of the prefilter (or start
 * there): the prefilter's test finds their line without a search. */
static inline void wn_match_near_row(wn_matcher *m, size_t row)
{
	m->pf_last = row;
}

/* Just: does p match somewhere in s[0..n)? */
static inline int wn_match_any(wn_matcher *m, const wn_pattern *p, const char *s, size_t n)
{
	size_t a, b, c, d;
	return wn_match(m, p, s, n, &a, &b, &c, &d);
}

#endif
