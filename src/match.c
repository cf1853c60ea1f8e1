/* match.c: PCRE2 matching with limits (see match.h). */
#include "match.h"

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

int wn_match(wn_matcher *m, const wn_pattern *p, const char *s, size_t n,
             size_t *ms, size_t *me, size_t *cs, size_t *ce)
{
	if (!p->code)
		return 0;
	if (p->has_first) {
		unsigned char b = n ? (unsigned char)s[0] : 0;
		if (n < p->minlen || !(p->first[b >> 3] & (1u << (b & 7))))
			return 0;
	}
	int rc = pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
	if (rc < 0) {
		if (rc != PCRE2_ERROR_NOMATCH)
			m->limit_hits++;
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
