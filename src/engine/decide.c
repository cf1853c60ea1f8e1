/*
 * decide.c: the decision engine.
 *
 * Owns the order in which rules judge a document and what each scope
 * removes. A document is decided in two stages:
 *
 *   stage 1  rules whose conditions read only features (no position);
 *   anchors  prose lines (the `prose` condition) still kept after stage 1;
 *   stage 2  rules that read position features (after_prose, ...).
 *
 * Within a stage: block rules, then line rules, suffix rules and sentence
 * rules, each in rule order. The first rule to remove a line owns it.
 * Every removal is recorded with the rule that made it.
 */
#include <math.h>
#include <string.h>

#include "decide.h"
#include "profile.h"
#include "prog.h"
#include "utf8.h"

typedef struct ctx {
	wn_doc *d;
	const wn_rules *r;
	const double *params;
	wn_matcher *m;
	wn_feats scratch;     /* features of a suffix or sentence */
	const uint8_t *cacheable; /* named conditions whose value may be cached per line */
	wn_profile *profile;  /* time per rule goes here; NULL: not timed */
} ctx;

static wn_line *LINE(ctx *c, size_t i)
{
	return &WN_VEC_AT(c->d->lines, wn_line, i);
}

static wn_feats *FEATS(ctx *c, size_t i)
{
	return &WN_VEC_AT(c->d->feats, wn_feats, i);
}

typedef struct subject {
	ctx *c;
	const char *text;
	size_t len;
} subject;

static int match_subject(void *ud, const void *pattern)
{
	subject *s = ud;
	return wn_match_any(s->c->m, pattern, s->text, s->len);
}

/* The named-condition cache of line i, or NULL (i == SIZE_MAX: a subject
 * that is not a whole line). */
static double *line_cache(ctx *c, size_t i)
{
	size_t nc = c->r->conditions.len;
	if (i == SIZE_MAX || nc == 0)
		return NULL;
	return (double *)c->d->cond_cache.data + i * nc;
}

static void forget_cache(ctx *c, size_t i)
{
	double *cache = line_cache(c, i);
	for (size_t k = 0; cache && k < c->r->conditions.len; k++)
		cache[k] = (double)NAN;
}

static wn_eval evaluator(ctx *c, const wn_feats *f, subject *s, size_t line)
{
	wn_eval ev = { f, c->params, (wn_expr *const *)c->r->cond_exprs.data, match_subject, s,
	               line_cache(c, line), c->cacheable, c->r->cond_progs.data,
	               NULL, NULL };
	return ev;
}

/* Do all conditions hold for the subject text[0..len) with features f?
 * line: the subject's line when the subject is that whole line (the
 * named conditions are then cached), else SIZE_MAX. */
static int conds_hold(ctx *c, const wn_vec *conds, const wn_feats *f, const char *text,
                      size_t len, size_t line)
{
	subject s = { c, text, len };
	wn_eval ev = evaluator(c, f, &s, line);
	for (size_t i = 0; i < conds->len; i++) {
		const wn_cond_src *cs = &WN_VEC_AT(*conds, wn_cond_src, i);
		if (wn_prog_eval(&cs->prog, cs->expr, &ev) == 0.0)
			return 0;
	}
	return 1;
}

/* Named condition k on the subject of ev. */
static double cond_value(ctx *c, int k, const wn_eval *ev)
{
	return wn_prog_eval(&WN_VEC_AT(c->r->cond_progs, wn_prog, (size_t)k),
	                    WN_VEC_AT(c->r->cond_exprs, wn_expr *, (size_t)k), ev);
}

static double num_value(ctx *c, const wn_num *n)
{
	return n->param >= 0 ? c->params[n->param] : n->value;
}

static int cut(ctx *c, size_t line, uint32_t start, uint32_t end, int rule)
{
	wn_line *l = LINE(c, line);
	wn_cut k = { (uint32_t)line, start, end, rule, l->last_cut };
	if (!wn_vec_push(&c->d->cuts, sizeof k, &k))
		return -1;
	l->last_cut = (int32_t)c->d->cuts.len - 1;
	return 0;
}

static void drop(ctx *c, size_t i, int rule)
{
	wn_line *l = LINE(c, i);
	l->verdict = WN_DROP;
	l->rule = rule;
}

static int is_space_byte(unsigned char ch)
{
	return ch < 0x80 && (wn_ascii_class[ch] & WN_C_SPACE);
}

/* end, moved back over the spaces before it */
static uint32_t trimmed_end(const char *v, uint32_t end)
{
	while (end > 0 && is_space_byte((unsigned char)v[end - 1]))
		end--;
	return end;
}

/* The view of a line without surrounding spaces, as [*a, *e): rules see
 * "^" at the first character; indentation is the `indent` feature. The
 * end is where suffix and sentence cuts left the kept text. */
static const char *trimmed_view(ctx *c, const wn_line *l, uint32_t *a, uint32_t *e)
{
	*a = l->trim_start;
	*e = l->trim_end;
	return wn_line_view(c->d, l);
}

/* ------------------------------------------------------------------ */
/* line and block scope                                                */

/* Could p match somewhere in line i? No when the literal prefilter says
 * the line holds none of p's literals; then no condition need be asked. */
static int may_match(ctx *c, const wn_pattern *p, size_t i)
{
	const wn_matcher *m = c->m;
	if (p->pf < 0 || !m->pf_bits || m->pf_check)
		return 1;
	const uint64_t *row = m->pf_bits + (size_t)LINE(c, i)->pf_row * m->pf_words;
	return (row[p->pf / 64] >> (p->pf % 64)) & 1;
}

const uint32_t *wn_decide_candidates(const wn_doc *d, const wn_matcher *m, const wn_pattern *p,
                                     size_t *n)
{
	if (!p->code || p->pf < 0 || !m->pf_bits || m->pf_check)
		return NULL;
	const uint32_t *start = d->pf_start.data;
	*n = start[p->pf + 1] - start[p->pf];
	return (const uint32_t *)d->pf_lines.data + start[p->pf];
}

/* The lines p may match in, in order (*n of them), or NULL when the
 * prefilter does not know p: then every line is a candidate. */
static const uint32_t *candidates(ctx *c, const wn_pattern *p, size_t *n)
{
	return wn_decide_candidates(c->d, c->m, p, n);
}

/* Does p match the whole subject s[0..n) of line i? A line in the memo
 * (segment.c) keeps the answer for every document it comes back in, so p
 * runs on it once; an answer cut short by a limit is not kept, and
 * WINNOW_CHECK_PREFILTER runs every pattern. */
static int line_matches(ctx *c, size_t i, const wn_pattern *p, const char *s, size_t n)
{
	uint64_t *ran = p->id >= 0 && !c->m->pf_check ? wn_doc_memo_matches(c->d, LINE(c, i)) : NULL;
	if (!ran)
		return wn_match_any(c->m, p, s, n);
	uint64_t *hit = ran + c->d->memo_words;
	size_t w = (size_t)p->id / 64;
	uint64_t bit = (uint64_t)1 << (p->id % 64);
	if (ran[w] & bit) {
		/* an answer, as a run would have given it (--profile counts it) */
		int yes = (hit[w] & bit) != 0;
		c->m->runs++;
		c->m->matches += (size_t)yes;
		return yes;
	}
	size_t limits = c->m->limit_hits;
	int yes = wn_match_any(c->m, p, s, n);
	if (c->m->limit_hits == limits) {
		ran[w] |= bit;
		hit[w] |= yes ? bit : 0;
	}
	return yes;
}

static int judge_line(ctx *c, const wn_rule *rule, size_t i, const wn_vec *conds,
                      const wn_pattern *match)
{
	wn_line *l = LINE(c, i);
	if (match->code && !may_match(c, match, i))
		return 0;
	wn_match_near_row(c->m, l->pf_row);
	uint32_t a, e;
	const char *v = trimmed_view(c, l, &a, &e);
	/* an anchored pattern's first bytes (prefix.h), before its conditions */
	if (match->code && !c->m->pf_check && !wn_prefix_may_start(&match->prefix, v + a, e - a))
		return 0;
	if (!conds_hold(c, conds, FEATS(c, i), v + a, e - a, i))
		return 0;
	if (match->code && !line_matches(c, i, match, v + a, e - a))
		return 0;
	if (match == &rule->match && rule->unless.code &&
	    line_matches(c, i, &rule->unless, v + a, e - a))
		return 0;
	return 1;
}

static int open_line(const wn_line *l)
{
	return !l->blank && !l->oversize && l->verdict != WN_DROP;
}

/* Suffix and sentence rules may first ask about the whole line
 * (`line-when`), before any pattern runs. */
static int line_passes(ctx *c, const wn_rule *rule, size_t i)
{
	if (!rule->line_when.len)
		return 1;
	wn_line *l = LINE(c, i);
	wn_match_near_row(c->m, l->pf_row);
	return conds_hold(c, &rule->line_when, FEATS(c, i), wn_line_view(c->d, l) + l->trim_start,
	                  l->trim_end - l->trim_start, i);
}

/* The tests a line must pass for rule's conditions to hold, with the
 * parameters read: the gate of its first condition, and that of the named
 * condition among its conjuncts. 0: no test known. */
static int rule_gate(ctx *c, const wn_rule *rule, wn_gate_ranges *out)
{
	out->n = 0;
	if (!rule->when.len)
		return 0;
	const wn_gate *first = &WN_VEC_AT(rule->when, wn_cond_src, 0).prog.gate;
	wn_gate_ranges_add(out, first, c->params);
	if (first->cond) {
		const wn_prog *named = &WN_VEC_AT(c->r->cond_progs, wn_prog, (size_t)first->cond - 1);
		wn_gate_ranges_add(out, &named->gate, c->params);
	}
	return out->n > 0;
}

static void apply_line(ctx *c, const wn_rule *rule, int ri)
{
	size_t nc;
	const uint32_t *cand = candidates(c, &rule->match, &nc);
	/* a rule whose conditions need a pattern visits that pattern's lines */
	if (!cand && !rule->match.code && rule->when_needs)
		cand = candidates(c, rule->when_needs, &nc);
	wn_gate_ranges gate;
	int gated = 0;
	if (!cand) { /* every line that has text, but those the gate stops */
		cand = c->d->nonblank.data;
		nc = c->d->nonblank.len;
		gated = rule_gate(c, rule, &gate);
	}
	for (size_t k = 0; k < nc; k++) {
		size_t i = cand[k];
		if (gated && !wn_gate_ranges_hold(&gate, FEATS(c, i)->v))
			continue;
		if (open_line(LINE(c, i)) && judge_line(c, rule, i, &rule->when, &rule->match))
			drop(c, i, ri);
	}
}

/* The text of the paragraph of lines nb[k..m): their views, trimmed,
 * with the newlines between them. */
static const char *paragraph_view(ctx *c, const uint32_t *nb, size_t k, size_t m, size_t *len)
{
	const wn_line *first = LINE(c, nb[k]), *last = LINE(c, nb[m - 1]);
	size_t a = first->norm_off + first->trim_start;
	*len = (size_t)(last->norm_off + last->trim_end) - a;
	return (const char *)c->d->norm.data + a;
}

/* Could p match in the paragraph v[0..vlen) of nlines lines, the first
 * line `first`? For one line (most paragraphs) its row's prefilter bit
 * says; for several, the prefilter's test over their rows. */
static inline int paragraph_may_match(ctx *c, const wn_pattern *p, size_t first, size_t nlines,
                                      const char *v, size_t vlen)
{
	if (!p->code)
		return 1;
	if (nlines == 1)
		return may_match(c, p, first);
	return wn_match_possible(c->m, p, v, vlen);
}

/* Paragraph scope: the rule judges a paragraph's text (its lines joined by
 * newlines in the view) and removes all its lines. The paragraph of the
 * non-blank lines nb[k..m): */
static void judge_paragraph(ctx *c, const wn_rule *rule, int ri, size_t k, size_t m)
{
	const uint32_t *nb = c->d->nonblank.data;
	wn_line *first = LINE(c, nb[k]), *last = LINE(c, nb[m - 1]);
	size_t vlen;
	const char *v = paragraph_view(c, nb, k, m, &vlen);
	wn_match_near_row(c->m, first->pf_row);
	/* the pattern, or a pattern the conditions need, cannot match
	 * here as far as the prefilter knows: nothing to measure */
	if (!paragraph_may_match(c, &rule->match, nb[k], m - k, v, vlen) ||
	    (rule->when_needs && !paragraph_may_match(c, rule->when_needs, nb[k], m - k, v, vlen)))
		return;
	int open = 0;
	for (size_t j = k; j < m; j++)
		open |= LINE(c, nb[j])->verdict != WN_DROP;
	if (!open)
		return;
	const wn_feats *f;
	if (m - k == 1) {
		f = FEATS(c, nb[k]);
	} else {
		wn_feats *sf = &c->scratch;
		*sf = *FEATS(c, nb[k]);
		wn_measure(&c->r->lists, c->d->stop_list, v, vlen, c->d->bytes + first->start,
		           (size_t)(last->start + last->len - first->start), sf);
		f = sf;
	}
	if (!conds_hold(c, &rule->when, f, v, vlen, m - k == 1 ? nb[k] : SIZE_MAX))
		return;
	if (rule->match.code && !wn_match_any(c->m, &rule->match, v, vlen))
		return;
	if (rule->unless.code && wn_match_any(c->m, &rule->unless, v, vlen))
		return;
	for (size_t j = k; j < m; j++)
		if (open_line(LINE(c, nb[j])))
			drop(c, nb[j], ri);
}

static void apply_paragraph(ctx *c, const wn_rule *rule, int ri)
{
	const uint32_t *nb = c->d->nonblank.data;
	size_t nbn = c->d->nonblank.len, nc;
	/* text that is not hard-wrapped has a paragraph per line: then the
	 * lines the prefilter lets the pattern try are the only ones to judge */
	const uint32_t *cand = nbn && !FEATS(c, nb[0])->v[WN_F_WRAPPED]
	                           ? candidates(c, &rule->match, &nc) : NULL;
	if (cand) {
		for (size_t q = 0; q < nc; q++) {
			const wn_line *l = LINE(c, cand[q]);
			if (!l->blank && !l->oversize)
				judge_paragraph(c, rule, ri, l->nb, l->nb + 1);
		}
		return;
	}
	for (size_t k = 0, m; k < nbn; k = m) {
		uint32_t para = LINE(c, nb[k])->para;
		int usable = 1;
		for (m = k; m < nbn && LINE(c, nb[m])->para == para; m++)
			usable &= !LINE(c, nb[m])->oversize;
		if (usable)
			judge_paragraph(c, rule, ri, k, m);
	}
}

static void apply_block(ctx *c, const wn_rule *rule, int ri)
{
	size_t n = c->d->lines.len;
	size_t max_gap = (size_t)num_value(c, &rule->gap);
	size_t max_blank = (size_t)num_value(c, &rule->blank);
	size_t min_lines = (size_t)num_value(c, &rule->min_lines);
	size_t nc, ck = 0;
	const uint32_t *cand = candidates(c, &rule->match, &nc);
	size_t i = 0;
	while (i < n) {
		if (cand) { /* the next line a block may start on */
			while (ck < nc && cand[ck] < i)
				ck++;
			if (ck == nc)
				break;
			i = cand[ck];
		}
		if (!open_line(LINE(c, i)) || !judge_line(c, rule, i, &rule->when, &rule->match)) {
			i++;
			continue;
		}
		size_t last = i, members = 1, blanks = 0, gap = 0;
		for (size_t j = i + 1; j < n; j++) {
			wn_line *l = LINE(c, j);
			if (l->blank) {
				if (++blanks > max_blank)
					break;
				continue;
			}
			blanks = 0;
			if (l->oversize)
				break;
			if (l->verdict == WN_DROP)
				continue; /* already removed: neither member nor gap */
			if (judge_line(c, rule, j, &rule->cont_when, &rule->cont)) {
				last = j;
				members++;
				gap = 0;
			} else if (++gap > max_gap) {
				break;
			}
		}
		if (members >= min_lines)
			for (size_t j = i; j <= last; j++)
				if (open_line(LINE(c, j)))
					drop(c, j, ri);
		i = last + 1;
	}
}

/* ------------------------------------------------------------------ */
/* subjects inside a line (suffix, sentence)                           */

/* Measure view span [a, b) of line i as the subject, with the line's own
 * features and what remains of the line outside the subject. */
static const wn_feats *measure_subject(ctx *c, size_t i, uint32_t a, uint32_t b)
{
	wn_line *l = LINE(c, i);
	const char *v = wn_line_view(c->d, l);
	const char *orig = c->d->bytes + l->start;
	uint32_t oa = wn_line_orig(c->d, l, a), ob = wn_line_orig(c->d, l, b);
	wn_feats *f = &c->scratch;
	*f = *FEATS(c, i);
	wn_measure(&c->r->lists, c->d->stop_list, v + a, b - a, orig + oa, ob - oa, f);
	f->v[WN_F_REST_WORDS] = FEATS(c, i)->v[WN_F_WORDS] - f->v[WN_F_WORDS];
	if (f->v[WN_F_REST_WORDS] < 0)
		f->v[WN_F_REST_WORDS] = 0;
	/* does the text before the subject end a sentence? */
	uint32_t k = trimmed_end(v, a);
	int term = 0;
	while (k > 0) {
		/* step back one code point */
		uint32_t p = k - 1;
		while (p > 0 && ((unsigned char)v[p] & 0xC0) == 0x80)
			p--;
		int32_t cp;
		wn_utf8_decode((const unsigned char *)v + p, k - p, &cp);
		if (wn_cp_is_closer(cp)) {
			k = p;
			continue;
		}
		term = wn_cp_is_terminal(cp);
		break;
	}
	f->v[WN_F_REST_TERMINAL] = (float)term;
	return f;
}

/* Remove view span [a, keep_end) of line i: a cut at the end of the kept
 * text. Spaces before a are removed with it; an empty rest drops the line. */
static int cut_tail(ctx *c, size_t i, uint32_t a, int ri)
{
	wn_line *l = LINE(c, i);
	a = trimmed_end(wn_line_view(c->d, l), a);
	/* nothing of the text left (at most a list marker): the whole line goes,
	 * and the text's end never falls before its start */
	if (a <= l->trim_start) {
		drop(c, i, ri);
		return 0;
	}
	/* up to the kept end: an earlier suffix cut keeps its own rule */
	uint32_t end = l->keep_end < l->norm_len ? wn_line_orig(c->d, l, l->keep_end) : l->len;
	if (cut(c, i, wn_line_orig(c->d, l, a), end, ri))
		return -1;
	l->keep_end = l->trim_end = a;
	l->memo = 0; /* its subject is no longer the line's bytes */
	l->verdict = WN_PARTIAL;
	forget_cache(c, i); /* pattern atoms would now see less text */
	return 0;
}

/* Cut view [a, e) of line i as a glued copy of line j, and drop line j. */
static int cut_glued(ctx *c, const wn_rule *rule, int ri, size_t i, uint32_t a, uint32_t e,
                     size_t j)
{
	wn_line *l = LINE(c, i);
	const char *v = wn_line_view(c->d, l);
	if (a == 0 || !is_space_byte((unsigned char)v[a - 1]))
		return 0; /* the copy must start a word, after some text */
	const wn_feats *f = measure_subject(c, i, a, e);
	if (!f->v[WN_F_REST_TERMINAL] || !conds_hold(c, &rule->when, f, v + a, e - a, SIZE_MAX))
		return 0;
	if (rule->unless.code && wn_match_any(c->m, &rule->unless, v + a, e - a))
		return 0;
	if (cut_tail(c, i, a, ri))
		return -1;
	if (LINE(c, j)->verdict != WN_DROP)
		drop(c, j, ri);
	return 0;
}

/* Is the trimmed view of line j equal to v[a, e)? */
static int same_text(ctx *c, size_t j, const char *v, uint32_t a, uint32_t e)
{
	wn_line *n = LINE(c, j);
	if (n->oversize || n->blank)
		return 0;
	uint32_t s, t;
	const char *nv = trimmed_view(c, n, &s, &t);
	return t - s == e - a && memcmp(nv + s, v + a, e - a) == 0;
}

/*
 * Glue rules: the end of a line repeats another line (a caption printed
 * twice, the first copy glued to the prose). next-line: the next
 * non-blank line; later-line: any later line, the copy starting after a
 * sentence end.
 */
/* The first of . ! ? in v[p, end), or end: eight bytes at a time. No other
 * byte, read as a code point, is a sentence end (check_utf8 tests it). */
static uint32_t next_terminal(const char *v, uint32_t p, uint32_t end)
{
	const uint64_t ones = 0x0101010101010101ULL, top = 0x8080808080808080ULL;
	for (; p + 8 <= end; p += 8) {
		uint64_t x, hit = 0;
		memcpy(&x, v + p, 8);
		/* a zero byte of x ^ c is a c; the lowest flagged byte is exact */
		for (const char *c = ".!?"; *c; c++) {
			uint64_t t = x ^ ((uint64_t)(unsigned char)*c * ones);
			hit |= (t - ones) & ~t & top;
		}
		if (hit)
			return p + (uint32_t)__builtin_ctzll(hit) / 8;
	}
	while (p < end && !wn_cp_is_terminal((unsigned char)v[p]))
		p++;
	return p;
}

static int apply_glue(ctx *c, const wn_rule *rule, int ri)
{
	const uint32_t *nb = c->d->nonblank.data;
	size_t nbn = c->d->nonblank.len;
	for (size_t k = 0; k + 1 < nbn; k++) {
		size_t i = nb[k];
		wn_line *l = LINE(c, i);
		if (!open_line(l) || !line_passes(c, rule, i))
			continue;
		uint32_t a0, e;
		const char *v = trimmed_view(c, l, &a0, &e);
		if (rule->glue == WN_GLUE_NEXT_LINE) {
			wn_line *next = LINE(c, nb[k + 1]);
			uint32_t s, t;
			if (next->oversize)
				continue;
			const char *nv = trimmed_view(c, next, &s, &t);
			uint32_t tl = t - s;
			if (tl == 0 || tl + 2 > e - a0 || memcmp(v + e - tl, nv + s, tl) != 0)
				continue;
			if (cut_glued(c, rule, ri, i, e - tl, e, nb[k + 1]))
				return -1;
			continue;
		}
		/* later-line: try each sentence start, longest copy first; a
		 * caption is short, so only the end of the line is searched */
		uint32_t last = e > 0 ? e - 1 : 0;
		for (uint32_t p = e - a0 > 400 ? e - 400 : a0; (p = next_terminal(v, p, last)) < last;
		     p++) {
			if (!is_space_byte((unsigned char)v[p + 1]))
				continue;
			uint32_t a = p + 1;
			while (a < e && is_space_byte((unsigned char)v[a]))
				a++;
			if (a >= e || wn_doc_hash_count(c->d, wn_view_hash(v + a, e - a)) == 0)
				continue;
			size_t found = SIZE_MAX;
			for (size_t m = k + 1; m < nbn && found == SIZE_MAX; m++)
				if (same_text(c, nb[m], v, a, e))
					found = nb[m];
			if (found != SIZE_MAX) {
				if (cut_glued(c, rule, ri, i, a, e, found))
					return -1;
				break;
			}
		}
	}
	return 0;
}

/* Bytes at the end of a line that suffix patterns see. */
#define SUFFIX_WINDOW 512

static int apply_suffix(ctx *c, const wn_rule *rule, int ri)
{
	if (rule->glue)
		return apply_glue(c, rule, ri);
	size_t nc;
	const uint32_t *cand = candidates(c, &rule->match, &nc);
	size_t n = cand ? nc : c->d->lines.len;
	for (size_t k = 0; k < n; k++) {
		size_t i = cand ? cand[k] : k;
		wn_line *l = LINE(c, i);
		if (!open_line(l) || !may_match(c, &rule->match, i) || !line_passes(c, rule, i))
			continue;
		uint32_t a, e;
		const char *v = trimmed_view(c, l, &a, &e);
		wn_match_near_row(c->m, l->pf_row);
		/* a glued suffix is short: patterns see the end of the line only */
		if (e - a > SUFFIX_WINDOW) {
			a = e - SUFFIX_WINDOW;
			while (a < e && ((unsigned char)v[a] & 0xC0) == 0x80)
				a++;
		}
		size_t ms, me, cs, ce;
		if (!wn_match(c->m, &rule->match, v + a, e - a, &ms, &me, &cs, &ce) ||
		    me < e - a || cs >= ce)
			continue;
		uint32_t from = a + (uint32_t)cs;
		const wn_feats *f = measure_subject(c, i, from, e);
		if (!conds_hold(c, &rule->when, f, v + from, e - from, SIZE_MAX))
			continue;
		if (rule->unless.code && wn_match_any(c->m, &rule->unless, v + a, e - a))
			continue;
		if (cut_tail(c, i, from, ri))
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* sentences                                                           */

static int is_abbreviation(const char *v, uint32_t dot)
{
	static const char *abbrev[] = {
		"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "inc", "ltd",
		"co", "no", "fig", "gen", "gov", "sen", "rep", "rev", "mt", "ft", "vol", "pp",
		"ed", "eg", "ie", "al", "approx", "dept", "est", "jan", "feb", "mar", "apr",
		"aug", "sept", "sep", "oct", "nov", "dec", "corp", "u.s", "u.k", "e.g", "i.e",
	};
	uint32_t s = dot;
	while (s > 0 && (v[s - 1] == '.' || ((unsigned char)v[s - 1] < 0x80 &&
	                 (wn_ascii_class[(unsigned char)v[s - 1]] & WN_C_ALPHA))))
		s--;
	uint32_t len = dot - s;
	if (len == 1)
		return 1; /* an initial: J. Smith */
	for (size_t k = 0; k < sizeof abbrev / sizeof *abbrev; k++)
		if (strlen(abbrev[k]) == len && memcmp(abbrev[k], v + s, len) == 0)
			return 1;
	return 0;
}

/* Split view [0, end) of line i into sentences. */
static int split_sentences(ctx *c, size_t i, uint32_t end)
{
	wn_line *l = LINE(c, i);
	const char *v = wn_line_view(c->d, l);
	const unsigned char *u = (const unsigned char *)v;
	const unsigned char *orig = (const unsigned char *)c->d->bytes + l->start;
	wn_vec *out = &c->d->sentences;
	out->len = 0;
	uint32_t start = 0;
	while (start < end && is_space_byte(u[start]))
		start++;
	uint32_t p = start;
	while (p < end) {
		int32_t cp;
		uint32_t len = (uint32_t)wn_utf8_decode(u + p, end - p, &cp);
		if (!wn_cp_is_terminal(cp)) {
			p += len;
			continue;
		}
		uint32_t term_at = p, q = p + len;
		int cjk = cp >= 0x3000;
		while (q < end) {
			int32_t c2;
			uint32_t l2 = (uint32_t)wn_utf8_decode(u + q, end - q, &c2);
			if (!wn_cp_is_terminal(c2) && !wn_cp_is_closer(c2))
				break;
			q += l2;
		}
		if (q >= end)
			break;
		if (!is_space_byte(u[q]) && !cjk) {
			p = q;
			continue;
		}
		uint32_t next = q;
		while (next < end && is_space_byte(u[next]))
			next++;
		if (next >= end)
			break;
		/* no split before a lower-case letter or after an abbreviation */
		int32_t nc;
		uint32_t on = wn_line_orig(c->d, l, next);
		wn_utf8_decode(orig + on, l->len - on, &nc);
		if (wn_cp_is_lower(nc) || (cp == '.' && q == term_at + 1 && is_abbreviation(v, term_at))) {
			p = next;
			continue;
		}
		wn_sentence s = { start, q, 0, 0, 0 };
		if (!wn_vec_push(out, sizeof s, &s))
			return -1;
		start = p = next;
	}
	uint32_t e = trimmed_end(v, end);
	if (e > start) {
		wn_sentence s = { start, e, 0, 0, 0 };
		if (!wn_vec_push(out, sizeof s, &s))
			return -1;
	}
	return 0;
}

/* Is view span [a, b) of line i already removed by an earlier cut? */
static int already_cut(ctx *c, size_t i, uint32_t a, uint32_t b)
{
	wn_line *l = LINE(c, i);
	uint32_t oa = wn_line_orig(c->d, l, a), ob = wn_line_orig(c->d, l, b);
	for (int32_t k = l->last_cut; k >= 0;) {
		const wn_cut *ct = &WN_VEC_AT(c->d->cuts, wn_cut, (size_t)k);
		if (ct->start <= oa && ct->end >= ob)
			return 1;
		k = ct->prev;
	}
	return 0;
}

static int sentence_test(ctx *c, const wn_pattern *p, const wn_vec *conds, size_t i,
                         uint32_t a, uint32_t b, int need_something)
{
	if (need_something && !p->code && !conds->len)
		return 0;
	const char *v = wn_line_view(c->d, LINE(c, i));
	if (p->code && !wn_match_any(c->m, p, v + a, b - a))
		return 0;
	if (conds->len && !conds_hold(c, conds, measure_subject(c, i, a, b), v + a, b - a, SIZE_MAX))
		return 0;
	return 1;
}

static int apply_sentence(ctx *c, const wn_rule *rule, int ri)
{
	size_t nc;
	const uint32_t *cand = candidates(c, &rule->match, &nc);
	size_t n = cand ? nc : c->d->lines.len;
	for (size_t q = 0; q < n; q++) {
		size_t i = cand ? cand[q] : q;
		wn_line *l = LINE(c, i);
		if (!open_line(l) || (rule->match.code && !may_match(c, &rule->match, i)) ||
		    !line_passes(c, rule, i))
			continue;
		const char *v = wn_line_view(c->d, l);
		wn_match_near_row(c->m, l->pf_row);
		/* a pattern without anchors or lookbehinds that matches no part of
		 * the line matches none of its sentences */
		if (rule->match.code && rule->match.unanchored &&
		    !wn_match_any(c->m, &rule->match, v + l->trim_start, l->trim_end - l->trim_start))
			continue;
		if (split_sentences(c, i, l->keep_end))
			return -1;
		wn_sentence *s = c->d->sentences.data;
		size_t ns = c->d->sentences.len;
		int any = 0;
		for (size_t k = 0; k < ns; k++) {
			if (already_cut(c, i, s[k].start, s[k].end)) {
				s[k].removed = 1;
				continue;
			}
			s[k].strong = sentence_test(c, &rule->match, &rule->when, i, s[k].start, s[k].end, 1) &&
			              !(rule->unless.code &&
			                wn_match_any(c->m, &rule->unless, v + s[k].start, s[k].end - s[k].start));
			if (!s[k].strong)
				s[k].weak = sentence_test(c, &rule->extend, &rule->extend_when, i, s[k].start,
				                          s[k].end, 1);
			any |= s[k].strong;
		}
		if (!any)
			continue;
		/* maximal runs of strong/weak (or already removed) sentences that
		 * hold a strong one; the last run first, so offsets stay valid */
		size_t k = ns;
		while (k > 0) {
			size_t b = k - 1;
			if (!(s[b].strong || s[b].weak || s[b].removed)) {
				k--;
				continue;
			}
			size_t a = b;
			int strong = s[b].strong;
			while (a > 0 && (s[a - 1].strong || s[a - 1].weak || s[a - 1].removed)) {
				a--;
				strong |= s[a].strong;
			}
			k = a;
			if (!strong)
				continue;
			if (b + 1 == ns) {
				if (cut_tail(c, i, s[a].start, ri))
					return -1;
				if (l->verdict == WN_DROP)
					break;
			} else if (cut(c, i, wn_line_orig(c->d, l, s[a].start),
			               wn_line_orig(c->d, l, s[b + 1].start), ri)) {
				return -1;
			} else {
				l->verdict = WN_PARTIAL;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* anchors and positions                                               */

static void mark_prose(ctx *c)
{
	int pc = c->r->prose_cond;
	size_t n = c->d->lines.len;
	for (size_t i = 0; i < n; i++) {
		wn_line *l = LINE(c, i);
		l->prose = 0;
		l->anchor = 0;
		if (pc < 0 || l->blank || l->oversize)
			continue;
		uint32_t a, e;
		const char *v = trimmed_view(c, l, &a, &e);
		subject s = { c, v + a, e - a };
		wn_eval ev = evaluator(c, FEATS(c, i), &s, i);
		l->prose = cond_value(c, pc, &ev) != 0.0;
	}
}

static void compute_positions(ctx *c)
{
	const uint32_t *nb = c->d->nonblank.data;
	size_t nbn = c->d->nonblank.len;
	long first = -1, last = -1;
	for (size_t k = 0; k < nbn; k++) {
		wn_line *l = LINE(c, nb[k]);
		l->anchor = l->prose && l->verdict != WN_DROP;
		if (l->anchor) {
			if (first < 0)
				first = (long)k;
			last = (long)k;
		}
	}
	/* words of prose before and after each line */
	float before = 0, total = 0;
	for (size_t k = 0; k < nbn; k++)
		if (LINE(c, nb[k])->anchor)
			total += FEATS(c, nb[k])->v[WN_F_WORDS];
	for (size_t k = 0; k < nbn; k++) {
		wn_feats *f = FEATS(c, nb[k]);
		float own = LINE(c, nb[k])->anchor ? f->v[WN_F_WORDS] : 0;
		f->v[WN_F_PROSE_BEFORE] = before;
		f->v[WN_F_PROSE_AFTER] = total - before - own;
		before += own;
	}
	/* distance to the nearest anchor, in non-blank lines */
	long dist = -1;
	int prev_prose = 0;
	for (size_t k = 0; k < nbn; k++) {
		wn_line *l = LINE(c, nb[k]);
		wn_feats *f = FEATS(c, nb[k]);
		dist = l->anchor ? 0 : dist < 0 ? -1 : dist + 1;
		f->v[WN_F_PROSE_DIST] = dist < 0 ? 1e9f : (float)dist;
		f->v[WN_F_AFTER_PROSE] = first >= 0 && (long)k > last;
		f->v[WN_F_BEFORE_PROSE] = first >= 0 && (long)k < first;
		f->v[WN_F_PREV_PROSE] = (float)prev_prose;
		if (l->verdict != WN_DROP)
			prev_prose = l->anchor;
	}
	dist = -1;
	int next_prose = 0;
	for (size_t k = nbn; k-- > 0;) {
		wn_line *l = LINE(c, nb[k]);
		wn_feats *f = FEATS(c, nb[k]);
		dist = l->anchor ? 0 : dist < 0 ? -1 : dist + 1;
		if (dist >= 0 && dist < f->v[WN_F_PROSE_DIST])
			f->v[WN_F_PROSE_DIST] = (float)dist;
		f->v[WN_F_NEXT_PROSE] = (float)next_prose;
		if (l->verdict != WN_DROP)
			next_prose = l->anchor;
	}
}

/* A paragraph of nonblank lines [k, *end): its first line still kept, or
 * SIZE_MAX when the first stage removed all of it. */
static size_t paragraph(ctx *c, size_t k, size_t *end)
{
	const uint32_t *nb = c->d->nonblank.data;
	size_t nbn = c->d->nonblank.len, m = k, first_kept = SIZE_MAX;
	uint32_t para = LINE(c, nb[k])->para;
	while (m < nbn && LINE(c, nb[m])->para == para) {
		if (first_kept == SIZE_MAX && LINE(c, nb[m])->verdict != WN_DROP)
			first_kept = nb[m];
		m++;
	}
	*end = m;
	return first_kept;
}

static double eval_cond(ctx *c, int cond, size_t i)
{
	wn_line *l = LINE(c, i);
	if (l->oversize)
		return 0;
	subject s = { c, wn_line_view(c->d, l) + l->trim_start, l->trim_end - l->trim_start };
	wn_eval ev = evaluator(c, FEATS(c, i), &s, i);
	return cond_value(c, cond, &ev);
}

/*
 * One step of the region's growth over the paragraph whose first kept
 * line is `first` (SIZE_MAX: removed by the first stage). Returns 1 to take
 * it in (`main_extend`), 0 to cross it (`main_bridge` lines always; others,
 * and removed paragraphs, while fewer than max_gap in a row), -1 to stop.
 */
static int grow_step(ctx *c, size_t first, size_t *gap, size_t max_gap)
{
	int xc = c->r->extend_cond, bc = c->r->bridge_cond;
	if (first != SIZE_MAX && eval_cond(c, xc, first) != 0.0) {
		*gap = 0;
		return 1;
	}
	if (first != SIZE_MAX && bc >= 0 && eval_cond(c, bc, first) != 0.0) {
		*gap = 0; /* a list makes the heading before it part of the article */
		return 0;
	}
	return ++*gap > max_gap ? -1 : 0;
}

/*
 * The main region: the run of paragraphs whose `main_score` adds up to the
 * most (a maximum-sum segment, as in body-text extraction), then grown over
 * neighbouring paragraphs that satisfy `main_extend` (short paragraphs of
 * the article at its edges). Paragraphs removed by the first stage count
 * nothing in the sum; for the growth they are gaps, like headings.
 */
static void compute_region(ctx *c)
{
	const uint32_t *nb = c->d->nonblank.data;
	size_t nbn = c->d->nonblank.len;
	int mc = c->r->main_cond, xc = c->r->extend_cond;
	double best = 0, cur = 0;
	size_t cur_start = 0, bs = 1, be = 0; /* [bs, be] in nonblank order; empty */
	/* what a paragraph the first stage removed costs (ads, dates and
	 * teaser furniture make a teaser list cost more than an article) */
	double removed_cost = c->r->removed_cost >= 0 ? c->params[c->r->removed_cost] : 0;
	for (size_t k = 0, m; mc >= 0 && k < nbn; k = m) {
		size_t first = paragraph(c, k, &m);
		if (first == SIZE_MAX) {
			cur -= removed_cost;
			continue;
		}
		if (cur <= 0) {
			cur = 0;
			cur_start = k;
		}
		cur += eval_cond(c, mc, first);
		if (cur > best) {
			best = cur;
			bs = cur_start;
			be = m - 1;
		}
	}
	if (bs <= be && xc >= 0) {
		size_t max_gap = (size_t)(c->r->extend_gap >= 0 ? c->params[c->r->extend_gap] : 0);
		size_t gap = 0;
		/* forwards */
		for (size_t k = be + 1, m; k < nbn; k = m) {
			int step = grow_step(c, paragraph(c, k, &m), &gap, max_gap);
			if (step < 0)
				break;
			if (step > 0)
				be = m - 1;
		}
		/* backwards, paragraph by paragraph */
		gap = 0;
		for (size_t k = bs; k > 0;) {
			k--;
			uint32_t para = LINE(c, nb[k])->para;
			while (k > 0 && LINE(c, nb[k - 1])->para == para)
				k--;
			size_t m;
			int step = grow_step(c, paragraph(c, k, &m), &gap, max_gap);
			if (step < 0)
				break;
			if (step > 0)
				bs = k;
		}
	}
	float lead = 0, to_main = 0;
	for (size_t k = 0; k < nbn && k < bs; k++)
		lead += LINE(c, nb[k])->verdict != WN_DROP;
	/* kept lines between each line before the region and the region */
	for (size_t k = bs <= be && bs < nbn ? bs : 0; k-- > 0;) {
		FEATS(c, nb[k])->v[WN_F_TO_MAIN] = to_main;
		to_main += LINE(c, nb[k])->verdict != WN_DROP;
	}
	for (size_t k = 0; k < nbn; k++) {
		wn_feats *f = FEATS(c, nb[k]);
		int found = bs <= be;
		f->v[WN_F_IN_MAIN] = found && k >= bs && k <= be;
		f->v[WN_F_BEFORE_MAIN] = found && k < bs;
		f->v[WN_F_AFTER_MAIN] = found && k > be;
		f->v[WN_F_MAIN_LEAD] = found ? lead : 0;
		if (!(found && k < bs))
			f->v[WN_F_TO_MAIN] = 0;
	}
}

/*
 * The line model: its inputs on every non-blank line, once the first stage,
 * the anchors and the region are known, then its score as the
 * `boilerplate` feature of each line (0 without a fit: then the inputs are
 * all there is, for tune --fit). A line
 * the first stage removed is `dropped`: evidence for its neighbours.
 */
#define MODEL_BLOCK 64

static int run_model(ctx *c)
{
	wn_doc *d = c->d;
	const wn_model *m = &c->r->model;
	const uint32_t *nb = d->nonblank.data;
	size_t n = d->nonblank.len;
	for (size_t k = 0; k < n; k++) {
		wn_feats *f = FEATS(c, nb[k]);
		f->v[WN_F_DROPPED] = LINE(c, nb[k])->verdict == WN_DROP;
		f->v[WN_F_BOILERPLATE] = 0;
	}
	d->model_in.len = d->model_sum.len = d->model_out.len = 0;
	if (!m->defined || n == 0)
		return 0;
	float *in = wn_vec_grow_raw(&d->model_in, sizeof(float), n * m->ninputs);
	double *sum = wn_vec_grow_raw(&d->model_sum, sizeof(double), (2 + m->nwindows) * n + 1);
	float *out = wn_vec_grow_raw(&d->model_out, sizeof(float), n);
	if (!in || !sum || !out)
		return -1;
	/* most inputs are a feature transformed (ln(1 + min(words, 80))): one
	 * column at a time, each operation chosen once, not once per line, in
	 * blocks of lines whose features stay in the cache from one column to
	 * the next; `sum` is scratch until the scores need it */
	const float *row[MODEL_BLOCK]; /* the block's features, found once */
	for (size_t k0 = 0; k0 < n; k0 += MODEL_BLOCK) {
		size_t kn = n - k0 < MODEL_BLOCK ? n - k0 : MODEL_BLOCK;
		for (size_t k = 0; k < kn; k++)
			row[k] = FEATS(c, nb[k0 + k])->v;
		for (size_t j = 0; j < m->ninputs; j++) {
			int feat = m->columns[j];
			if (feat < 0)
				continue;
			for (size_t k = 0; k < kn; k++)
				sum[k] = row[k][feat];
			wn_prog_run_column(&m->progs[j], sum, kn);
			for (size_t k = 0; k < kn; k++)
				in[(k0 + k) * m->ninputs + j] = (float)sum[k];
		}
	}
	for (size_t k = 0; k < n; k++) {
		wn_line *l = LINE(c, nb[k]);
		if (l->oversize) {
			memset(in + k * m->ninputs, 0, m->ninputs * sizeof *in);
			continue;
		}
		if (!m->nper_line)
			continue;
		subject s = { c, wn_line_view(d, l) + l->trim_start, l->trim_end - l->trim_start };
		wn_eval ev = evaluator(c, FEATS(c, nb[k]), &s, nb[k]);
		for (size_t q = 0; q < m->nper_line; q++) {
			int j = m->per_line[q];
			in[k * m->ninputs + (size_t)j] = (float)wn_prog_eval(&m->progs[j], m->inputs[j], &ev);
		}
	}
	if (!m->fitted)
		return 0; /* the inputs alone: what tune --fit learns from */
	wn_model_score(m, in, n, sum, out);
	/* in hard-wrapped text a paragraph is decided as one: its lines are
	 * pieces of the same text, so each gets the paragraph's mean score */
	for (size_t k = 0, e; k < n; k = e) {
		uint32_t para = LINE(c, nb[k])->para;
		double s = 0;
		for (e = k; e < n && LINE(c, nb[e])->para == para; e++)
			s += out[e];
		for (size_t j = k; j < e; j++)
			FEATS(c, nb[j])->v[WN_F_BOILERPLATE] = (float)(s / (double)(e - k));
	}
	return 0;
}

/* Apply one rule to the document, by its scope. */
static int apply_rule(ctx *c, const wn_rule *rule, int ri)
{
	switch (rule->scope) {
	case WN_SCOPE_LINE: apply_line(c, rule, ri); return 0;
	case WN_SCOPE_PARAGRAPH: apply_paragraph(c, rule, ri); return 0;
	case WN_SCOPE_BLOCK: apply_block(c, rule, ri); return 0;
	case WN_SCOPE_SUFFIX: return apply_suffix(c, rule, ri);
	case WN_SCOPE_SENTENCE: return apply_sentence(c, rule, ri);
	}
	return 0;
}

/* The rules of one stage, in the order wn_rules.schedule gives: block
 * rules claim their lines first (they know the structure), then line and
 * paragraph rules, suffix rules and sentence rules. */
static int run_stage(ctx *c, int stage)
{
	const wn_vec *order = &c->r->schedule[stage - 1];
	const uint32_t *ris = order->data;
	for (size_t k = 0; k < order->len; k++) {
		uint32_t ri = ris[k];
		const wn_rule *rule = WN_VEC_AT(c->r->active, wn_rule *, ri);
		double t0 = c->profile ? wn_clock_seconds() : 0;
		size_t runs = c->m->runs, matches = c->m->matches;
		if (apply_rule(c, rule, (int)ri))
			return -1;
		if (c->profile) {
			c->profile->rule_seconds[ri] += wn_clock_seconds() - t0;
			c->profile->rule_runs[ri] += c->m->runs - runs;
			c->profile->rule_matches[ri] += c->m->matches - matches;
		}
	}
	return 0;
}

/* One pass of the literal automaton over the views: per line, the
 * patterns that could match there (see prefilter.h). */
static int scan_literals(wn_doc *d, const wn_rules *r, wn_matcher *m)
{
	m->pf_bits = NULL;
	if (!r->prefilter_ready)
		return 0;
	const wn_prefilter *pf = &r->prefilter;
	size_t n = d->lines.len, words = pf->words;
	d->pf_offs.len = 0;
	d->pf_ends.len = 0;
	d->pf_bits.len = 0;
	uint32_t *offs = wn_vec_grow(&d->pf_offs, sizeof(uint32_t), n + 1);
	uint32_t *ends = wn_vec_grow(&d->pf_ends, sizeof(uint32_t), n + 1);
	uint64_t *bits = wn_vec_grow(&d->pf_bits, sizeof(uint64_t), n * words + 1);
	if (!offs || !ends || !bits)
		return -1;
	/* only lines with a view have a place in the views, in order */
	const char *norm = d->norm.data;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		wn_line *l = &((wn_line *)d->lines.data)[i];
		if (l->blank || l->oversize)
			continue;
		l->pf_row = (uint32_t)k;
		offs[k] = l->norm_off;
		ends[k] = l->norm_off + l->norm_len;
		k++;
	}
	wn_prefilter_scan_rows(pf, norm, offs, ends, k, bits);
	/* and the other way round: per pattern, its lines (in order) */
	size_t npf = r->npf;
	d->pf_start.len = 0;
	d->pf_lines.len = 0;
	uint32_t *start = wn_vec_grow(&d->pf_start, sizeof(uint32_t), npf + 1);
	if (!start)
		return -1;
	size_t total = 0;
	for (size_t row = 0; row < k; row++)
		for (size_t w = 0; w < words; w++)
			for (uint64_t b = bits[row * words + w]; b; b &= b - 1) {
				start[w * 64 + (size_t)__builtin_ctzll(b)]++;
				total++;
			}
	uint32_t sum = 0;
	for (size_t id = 0; id <= npf; id++) {
		uint32_t cnt = start[id];
		start[id] = sum;
		sum += cnt;
	}
	uint32_t *lines = wn_vec_grow(&d->pf_lines, sizeof(uint32_t), total + 1);
	if (!lines)
		return -1;
	/* start[] serves as the fill cursor, then is shifted back */
	for (size_t i = 0, row = 0; i < n; i++) {
		const wn_line *l = &((const wn_line *)d->lines.data)[i];
		if (l->blank || l->oversize)
			continue;
		for (size_t w = 0; w < words; w++)
			for (uint64_t b = bits[row * words + w]; b; b &= b - 1)
				lines[start[w * 64 + (size_t)__builtin_ctzll(b)]++] = (uint32_t)i;
		row++;
	}
	for (size_t id = npf; id > 0; id--)
		start[id] = start[id - 1];
	start[0] = 0;
	m->pf_base = norm;
	m->pf_len = d->norm.len;
	m->pf_offs = offs;
	m->pf_nlines = k;
	m->pf_bits = bits;
	m->pf_words = (uint32_t)words;
	m->pf_check = r->check_prefilter;
	return 0;
}

double wn_decide_condition(wn_doc *d, const wn_rules *r, const double *params, wn_matcher *m,
                           int cond, size_t i)
{
	ctx c = { d, r, params, m, { {0}, {0} }, r->cond_always.data, NULL };
	return eval_cond(&c, cond, i);
}

int wn_decide(wn_doc *d, const wn_rules *r, const double *params, wn_matcher *m,
              wn_profile *prof)
{
	ctx c = { d, r, params, m, { {0}, {0} }, r->cond_cacheable.data, prof };
	double mark = prof ? wn_clock_seconds() : 0;
	if (scan_literals(d, r, m))
		return -1;
	wn_profile_phase(prof, WN_PHASE_SCAN, &mark);
	size_t cells = d->lines.len * r->conditions.len;
	d->cond_cache.len = 0;
	if (!wn_vec_grow_raw(&d->cond_cache, sizeof(double), cells))
		return -1;
	for (size_t k = 0; k < cells; k++)
		((double *)d->cond_cache.data)[k] = (double)NAN;
	mark_prose(&c);
	if (run_stage(&c, 1))
		return -1;
	wn_profile_phase(prof, WN_PHASE_RULES1, &mark);
	compute_positions(&c);
	compute_region(&c);
	wn_profile_phase(prof, WN_PHASE_REGION, &mark);
	if (run_model(&c))
		return -1;
	wn_profile_phase(prof, WN_PHASE_MODEL, &mark);
	/* from here on a line's place is settled: every named condition may
	 * be kept per line (cuts forget their line's values) */
	c.cacheable = r->cond_always.data;
	if (run_stage(&c, 2))
		return -1;
	wn_profile_phase(prof, WN_PHASE_RULES2, &mark);
	return 0;
}
