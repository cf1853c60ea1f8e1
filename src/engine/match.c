/* match.c: PCRE2 matching with limits (see match.h). */
#include "match.h"

#include <stdio.h>
#include <stdlib.h>

/* Generous for the rules we ship, small enough that a pathological
 * pattern on a long line gives up in milliseconds. */
#define MATCH_LIMIT 2000000
#define DEPTH_LIMIT 10000

int wn_matcher_init(wn_matcher *m)
{
	m->md = pcre2_match_data_create(64, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	m->limit_hits = 0;
	if (!m->md || !m->mctx || !m->jit) {
		wn_matcher_free(m);
		return -1;
	}
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, DEPTH_LIMIT);
	pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
	return 0;
}

void wn_matcher_free(wn_matcher *m)
{
	if (m->md)
		pcre2_match_data_free(m->md);
	if (m->mctx)
		pcre2_match_context_free(m->mctx);
	if (m->jit)
		pcre2_jit_stack_free(m->jit);
	m->md = NULL;
	m->mctx = NULL;
	m->jit = NULL;
}

/* Could pattern bit id match inside s[0..n)? Only if one of the lines the
 * subject covers holds one of the pattern's literals. A literal with a
 * space could also match across the line break of a paragraph's text,
 * which no line holds: a subject of several lines runs such a pattern. */
static int candidate(wn_matcher *m, int id, int spaced, const char *s, size_t n)
{
	if (s < m->pf_base || n > m->pf_len || (size_t)(s - m->pf_base) > m->pf_len - n)
		return 1;
	size_t off = (size_t)(s - m->pf_base), last = n ? off + n - 1 : off;
	const uint32_t *offs = m->pf_offs;
	/* the last line starting at or before off: rules walk the lines in
	 * order, so it is usually the line of the last call or the next one */
	size_t lo = m->pf_last < m->pf_nlines ? m->pf_last : 0;
	if (offs[lo] <= off && (lo + 1 == m->pf_nlines || offs[lo + 1] > off)) {
		/* same line */
	} else if (lo + 1 < m->pf_nlines && offs[lo + 1] <= off &&
	           (lo + 2 == m->pf_nlines || offs[lo + 2] > off)) {
		lo++;
	} else {
		size_t hi = m->pf_nlines;
		lo = 0;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (offs[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
	}
	m->pf_last = lo;
	if (spaced && lo + 1 < m->pf_nlines && offs[lo + 1] <= last)
		return 1;
	size_t word = (size_t)id / 64;
	uint64_t bit = (uint64_t)1 << (id % 64);
	for (size_t k = lo; k < m->pf_nlines && (k == lo || offs[k] <= last); k++)
		if (m->pf_bits[k * m->pf_words + word] & bit)
			return 1;
	return 0;
}

int wn_match_possible(wn_matcher *m, const wn_pattern *p, const char *s, size_t n)
{
	return m->pf_check || !(p->pf >= 0 && m->pf_bits && m->pf_nlines) ||
	       candidate(m, p->pf, p->pf_spaced, s, n);
}

int wn_match(wn_matcher *m, const wn_pattern *p, const char *s, size_t n,
             size_t *ms, size_t *me, size_t *cs, size_t *ce)
{
	if (!p->code)
		return 0;
	int no_start = !wn_prefix_may_start(&p->prefix, s, n);
	int skip = no_start ||
	           (p->pf >= 0 && m->pf_bits && m->pf_nlines && !candidate(m, p->pf, p->pf_spaced, s, n));
	if (skip && !m->pf_check)
		return 0;
	/* the JIT's own entry skips pcre2_match()'s checks of its arguments,
	 * which hold here; a quick failure is most of the calls */
	int rc = p->jitted ? pcre2_jit_match(p->code, (PCRE2_SPTR)s, n, 0, 0, m->md, m->mctx)
	                   : pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, m->md,
	                                 m->mctx);
	m->runs += !skip;
	m->matches += !skip && rc >= 0;
	if (skip) {
		if (rc >= 0) {
			const wn_regex *re = p->alts.len ? p->alts.data : NULL;
			fprintf(stderr, "winnow: WINNOW_CHECK_PREFILTER: the %s skipped /%.*s/, "
			        "which matches \"%.*s\"\n", no_start ? "prefix test" : "prefilter",
			        re ? (int)re->len : 0, re ? re->text : "", (int)(n < 200 ? n : 200), s);
			abort();
		}
		return 0;
	}
	if (rc < 0) {
		if (rc != PCRE2_ERROR_NOMATCH) {
			/* a match or depth limit (or the JIT stack): no match, noted */
			if (m->nlimits < sizeof m->limits / sizeof *m->limits) {
				m->limits[m->nlimits].pattern = p;
				m->limits[m->nlimits].subject = s;
				m->nlimits++;
			}
			m->limit_hits++;
		}
		return 0;
	}
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	uint32_t pairs = pcre2_get_ovector_count(m->md);
	*ms = ov[0];
	*me = ov[1] < ov[0] ? ov[0] : ov[1]; /* \K can put the start after the end */
	*cs = *ms;
	*ce = *me;
	for (int i = 0; i < p->ncut; i++) {
		uint32_t g = (uint32_t)p->cut_groups[i];
		if (g < pairs && g < (uint32_t)rc && ov[2 * g] != PCRE2_UNSET) {
			*cs = ov[2 * g];
			*ce = ov[2 * g + 1];
			break;
		}
	}
	return 1;
}
