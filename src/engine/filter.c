/*
 * filter.c: the streaming filter (wn_filter_* in winnow.h).
 *
 * Owns the document buffer and the document life cycle: bytes are fed in
 * pieces of any size; at wn_filter_finish() the document is segmented,
 * decided and emitted. A document that outgrows max_doc_bytes is decided in
 * windows ending at line boundaries; a single line larger than the buffer
 * passes through unexamined. Only the buffer's high-water mark costs
 * memory, never the length of the stream.
 */
#include <stdlib.h>
#include <string.h>

#include "decide.h"
#include "emit.h"
#include "filter.h"
#include "match.h"
#include "profile.h"

struct wn_filter {
	const wn_rules *rules;
	size_t max_doc, max_line;
	double *params;
	uint8_t *kept_cat;
	wn_vec buf;
	wn_doc doc;
	wn_matcher m;
	wn_emitter em;
	wn_doc_stats stats;
	size_t *cat_counts;    /* the per-category counters, in one block */
	size_t *cat_lines, *cat_bytes, *cat_cut_bytes, *cat_tail_lines, *rule_hits;
	double spam_threshold; /* drop documents scoring at least this; < 0: off */
	size_t *match_counts;  /* per matches() atom: lines of the document */
	size_t prose_lines;
	const char **reasons;  /* the reasons that held, for the statistics */
	wn_limit_fn limit_fn;
	void *limit_ud;
	wn_profile *profile;   /* wn_filter_set_profile(), NULL: not timed */
	size_t line_base;    /* lines of the document's earlier windows */
	int in_doc;          /* fed since the last finish */
	int passthrough;     /* inside an oversize line, copying it through */
	int first_window;    /* the next window starts the document */
};

wn_filter *wn_filter_new(const wn_rules *r, const wn_filter_options *o)
{
	if (!r || !r->compiled)
		return NULL;
	wn_filter *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->rules = r;
	f->max_doc = o && o->max_doc_bytes ? o->max_doc_bytes : WN_DEFAULT_MAX_DOC_BYTES;
	f->max_line = o && o->max_line_bytes ? o->max_line_bytes : WN_DEFAULT_MAX_LINE_BYTES;
	if (f->max_doc > UINT32_MAX - 1)
		f->max_doc = UINT32_MAX - 1; /* lines are addressed with 32-bit offsets */
	if (f->max_doc < 16)
		f->max_doc = 16;
	size_t ncat = r->categories.len + 1, nrule = r->active.len + 1;
	f->spam_threshold = -1;
	f->match_counts = calloc(r->doc_patterns.len + 1, sizeof(size_t));
	f->reasons = calloc(r->spams.len + 1, sizeof(char *));
	f->params = calloc(r->params.len + 1, sizeof(double));
	f->kept_cat = calloc(ncat, 1);
	f->cat_counts = calloc(4 * ncat, sizeof(size_t));
	f->rule_hits = calloc(nrule, sizeof(size_t));
	if (!f->match_counts || !f->reasons || !f->params || !f->kept_cat || !f->cat_counts ||
	    !f->rule_hits || wn_matcher_init(&f->m)) {
		wn_filter_free(f);
		return NULL;
	}
	memcpy(f->params, r->param_values, r->params.len * sizeof(double));
	f->em.rules = r;
	f->em.kept_cat = f->kept_cat;
	f->em.stats = &f->stats;
	f->cat_lines = f->cat_counts;
	f->cat_bytes = f->cat_counts + ncat;
	f->cat_cut_bytes = f->cat_counts + 2 * ncat;
	f->cat_tail_lines = f->cat_counts + 3 * ncat;
	f->em.cat_lines = f->cat_lines;
	f->em.cat_bytes = f->cat_bytes;
	f->em.cat_cut_bytes = f->cat_cut_bytes;
	f->em.cat_tail_lines = f->cat_tail_lines;
	f->em.rule_hits = f->rule_hits;
	f->em.params = f->params;
	f->em.matcher = &f->m;
	f->stats.cat_lines = f->cat_lines;
	f->stats.cat_bytes = f->cat_bytes;
	f->stats.rule_hits = f->rule_hits;
	f->doc.stop_list = -1;
	return f;
}

void wn_filter_free(wn_filter *f)
{
	if (!f)
		return;
	wn_vec_free(&f->buf);
	wn_doc_free(&f->doc);
	wn_matcher_free(&f->m);
	wn_emitter_free(&f->em);
	free(f->params);
	free(f->match_counts);
	free(f->reasons);
	free(f->kept_cat);
	free(f->cat_counts);
	free(f->rule_hits);
	free(f);
}

void wn_filter_set_output(wn_filter *f, wn_write_fn fn, void *userdata)
{
	f->em.write = fn;
	f->em.write_ud = userdata;
}

int wn_filter_set_profile(wn_filter *f, wn_profile *p)
{
	if (p && (!p->rule_seconds || p->nrules < wn_rules_count(f->rules)))
		return WN_ERR_USAGE; /* made for other rules */
	f->profile = p;
	return WN_OK;
}

void wn_filter_set_limit_handler(wn_filter *f, wn_limit_fn fn, void *userdata)
{
	f->limit_fn = fn;
	f->limit_ud = userdata;
}

/* Tell the handler where the patterns that gave up in this window were. */
static void report_limits(wn_filter *f, const wn_doc *d)
{
	const uint32_t *nb = d->nonblank.data;
	const wn_line *lines = d->lines.data;
	const char *norm = d->norm.data;
	for (size_t k = 0; f->limit_fn && k < f->m.nlimits; k++) {
		size_t off = (size_t)(f->m.limits[k].subject - norm), lo = 0, hi = d->nonblank.len;
		/* the last line with a view that starts at or before the subject */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (lines[nb[mid]].norm_off <= off)
				lo = mid;
			else
				hi = mid;
		}
		const wn_pattern *p = f->m.limits[k].pattern;
		wn_limit_hit hit = { p->owner ? p->owner : "?",
		                     p->owner_kind == 'c' ? "condition"
		                     : p->owner_kind == 's' ? "spam reason" : "rule",
		                     f->line_base + (d->nonblank.len ? nb[lo] : 0) + 1 };
		f->limit_fn(f->limit_ud, &hit);
	}
	f->m.nlimits = 0;
}

int wn_filter_explain_conditions(wn_filter *f, const char *const *names, size_t n)
{
	if (n > sizeof f->em.show_conds / sizeof *f->em.show_conds)
		return WN_ERR_USAGE;
	for (size_t k = 0; k < n; k++) {
		int c = wn_rules_condition_find(f->rules, names[k]);
		if (c < 0)
			return WN_ERR_USAGE;
		f->em.show_conds[k] = c;
	}
	f->em.nshow_conds = n;
	return WN_OK;
}

void wn_filter_set_explain(wn_filter *f, wn_explain_fn fn, void *userdata)
{
	f->em.explain = fn;
	f->em.explain_ud = userdata;
}

int wn_filter_keep_category(wn_filter *f, const char *category)
{
	int c = wn_rules_category_find(f->rules, category);
	if (c < 0)
		return WN_ERR_USAGE;
	f->kept_cat[c] = 1;
	return WN_OK;
}

void wn_filter_set_spam_threshold(wn_filter *f, double threshold)
{
	f->spam_threshold = threshold;
}

int wn_filter_set_param(wn_filter *f, const char *name, double value)
{
	const wn_rules *r = f->rules;
	for (size_t i = 0; i < r->params.len; i++) {
		const wn_param *p = &WN_VEC_AT(r->params, wn_param, i);
		if (strcmp(p->name, name) != 0)
			continue;
		if (value < p->min || value > p->max ||
		    (p->is_int && value != (double)(long long)value))
			return WN_ERR_USAGE;
		f->params[i] = value;
		return WN_OK;
	}
	return WN_ERR_USAGE;
}

static void clear_counters(wn_filter *f)
{
	size_t ncat = f->rules->categories.len + 1, nrule = f->rules->active.len;
	memset(f->cat_counts, 0, 4 * ncat * sizeof(size_t));
	memset(f->rule_hits, 0, nrule * sizeof(size_t));
}

static void start_doc(wn_filter *f)
{
	clear_counters(f);
	wn_doc_stats fresh = { 0 };
	fresh.cat_lines = f->cat_lines;
	fresh.cat_bytes = f->cat_bytes;
	fresh.rule_hits = f->rule_hits;
	f->stats = fresh;
	memset(f->match_counts, 0, (f->rules->doc_patterns.len + 1) * sizeof(size_t));
	f->prose_lines = 0;
	f->buf.len = 0;
	f->passthrough = 0;
	f->first_window = 1;
	f->in_doc = 1;
	f->m.limit_hits = 0;
	f->m.nlimits = 0;
	f->line_base = 0;
	wn_emitter_reset(&f->em);
}

/* ------------------------------------------------------------------ */
/* the document's spam score                                           */

/* What the `spam` conditions read: the statistics and the counters. */
static double doc_value(void *ud, const wn_expr *e)
{
	const wn_filter *f = ud;
	const wn_doc_stats *st = &f->stats;
	switch (e->kind) {
	case WN_E_DOC_LINES: return (double)st->cat_lines[e->index];
	case WN_E_DOC_BYTES: return (double)st->cat_bytes[e->index];
	case WN_E_DOC_CUT_BYTES: return (double)f->cat_cut_bytes[e->index];
	case WN_E_DOC_TAIL_LINES: return (double)f->cat_tail_lines[e->index];
	case WN_E_DOC_HITS: return e->index >= 0 ? (double)st->rule_hits[e->index] : 0.0;
	case WN_E_DOC_MATCHES: return (double)f->match_counts[e->index];
	case WN_E_DOC_VAR:
		switch (e->index) {
		case WN_DOC_REMOVED_SHARE:
			return st->bytes_in ? 1.0 - (double)st->bytes_out / (double)st->bytes_in : 0.0;
		case WN_DOC_LINES_IN: return (double)st->lines_in;
		case WN_DOC_BYTES_IN: return (double)st->bytes_in;
		case WN_DOC_PROSE_LINES: return (double)f->prose_lines;
		default: return 0.0;
		}
	default:
		return 0.0;
	}
}

/* Noisy-or of the weights of the reasons that hold. */
static void score_spam(wn_filter *f)
{
	const wn_rules *r = f->rules;
	wn_eval ev = { .params = f->params, .conds = (wn_expr *const *)r->cond_exprs.data,
	               .doc = doc_value, .doc_ud = f };
	double keep = 1.0;
	size_t n = 0;
	for (size_t i = 0; i < r->spams.len; i++) {
		const wn_spam *sp = &WN_VEC_AT(r->spams, wn_spam, i);
		if (wn_expr_eval(sp->cond.expr, &ev) == 0.0)
			continue;
		keep *= 1.0 - sp->weight;
		f->reasons[n++] = sp->reason;
	}
	f->stats.spam_score = 1.0 - keep;
	f->stats.spam_reasons = f->reasons;
	f->stats.nspam_reasons = n;
}

/* Count what the matches() atoms and prose_lines need, in this window. */
static void count_window(wn_filter *f, const wn_doc *d)
{
	const wn_rules *r = f->rules;
	const wn_line *lines = d->lines.data;
	for (size_t i = 0; i < d->lines.len; i++)
		f->prose_lines += !lines[i].blank && !lines[i].oversize && lines[i].prose;
	for (size_t k = 0; k < r->doc_patterns.len; k++) {
		const wn_expr *e = WN_VEC_AT(r->doc_patterns, wn_expr *, k);
		if (!e->pattern)
			continue;
		/* the lines the prefilter found the pattern's literals in */
		size_t nc;
		const uint32_t *cand = wn_decide_candidates(d, &f->m, e->pattern, &nc);
		size_t n = cand ? nc : d->lines.len;
		for (size_t j = 0; j < n; j++) {
			const wn_line *l = &lines[cand ? cand[j] : j];
			if (l->blank || l->oversize)
				continue;
			wn_match_near_row(&f->m, l->pf_row);
			f->match_counts[k] += wn_match_any(&f->m, e->pattern, wn_line_view(d, l) + l->trim_start,
			                                   l->trim_end - l->trim_start);
		}
	}
}

/* Forget what a dry run of the emitter counted. */
static void clear_emitted(wn_filter *f)
{
	clear_counters(f);
	f->stats.bytes_out = f->stats.lines_in = f->stats.lines_out = 0;
	f->stats.lines_dropped = f->stats.lines_partial = 0;
	wn_emitter_reset(&f->em);
}

/* Count, score and write a decided window (the end of run_window). */
static int emit_window(wn_filter *f, wn_doc *d, int final, int first)
{
	if (first)
		f->stats.lang = d->lang;
	f->stats.invalid_utf8 += d->counts.invalid;
	f->stats.nul_bytes += d->counts.nul;
	f->stats.oversize_lines += d->oversize;
	count_window(f, d);
	f->stats.limit_hits = f->m.limit_hits;
	report_limits(f, d);
	f->line_base += d->lines.len;
	if (final && first && f->spam_threshold >= 0) {
		/* the whole document is here: score it before writing anything */
		wn_write_fn write = f->em.write;
		wn_explain_fn explain = f->em.explain;
		f->em.write = NULL;
		f->em.explain = NULL;
		int rc = wn_emit(&f->em, d, final);
		f->em.write = write;
		f->em.explain = explain;
		if (rc)
			return rc;
		score_spam(f);
		if (f->stats.spam_score >= f->spam_threshold) {
			f->stats.dropped = 1;
			f->stats.bytes_out = 0;
			f->stats.lines_out = 0;
			return WN_OK;
		}
		clear_emitted(f);
	}
	if (d->body && wn_emit_raw(&f->em, d->bytes, 3))
		return WN_ERR_OUTPUT;
	if (d->body)
		f->em.out_started = 0; /* a BOM is not content */
	int rc = wn_emit(&f->em, d, final);
	if (rc == WN_OK && final)
		score_spam(f);
	return rc;
}

/* Decide and emit buf[0..len); final: the document ends there. */
static int run_window(wn_filter *f, size_t len, int final)
{
	wn_doc *d = &f->doc;
	d->bytes = f->buf.data;
	d->len = len;
	d->body = 0;
	d->counts = (wn_norm_counts){ 0, 0 };
	int first = f->first_window;
	if (first && len >= 3 && memcmp(d->bytes, "\xEF\xBB\xBF", 3) == 0) {
		d->body = 3;
		f->stats.has_bom = 1;
	}
	f->first_window = 0;
	f->stats.windows++;
	wn_profile *prof = f->profile;
	double mark = prof ? wn_clock_seconds() : 0;
	if (wn_doc_segment(d, f->rules, f->max_line))
		return WN_ERR_NOMEM;
	wn_profile_phase(prof, WN_PHASE_MEASURE, &mark);
	if (wn_decide(d, f->rules, f->params, &f->m, prof))
		return WN_ERR_NOMEM;
	if (prof) {
		prof->bytes += len - d->body;
		prof->docs += final != 0;
		mark = wn_clock_seconds();
	}
	int rc = emit_window(f, d, final, first);
	wn_profile_phase(prof, WN_PHASE_EMIT, &mark);
	return rc;
}

/* The buffer is full: decide what ends at its last line break, keep the
 * rest; a buffer without a line break is the start of an oversize line. */
static int flush_full(wn_filter *f)
{
	const char *s = f->buf.data;
	size_t n = f->buf.len, cut = 0;
	for (size_t i = n; i-- > 0;)
		if (s[i] == '\n' || (s[i] == '\r' && i + 1 < n)) {
			cut = i + 1;
			break;
		}
	if (cut == 0) {
		f->stats.oversize_lines++;
		f->passthrough = 1;
		f->first_window = 0;
		f->buf.len = 0;
		return wn_emit_raw(&f->em, s, n);
	}
	int rc = run_window(f, cut, 0);
	memmove(f->buf.data, s + cut, n - cut);
	f->buf.len = n - cut;
	return rc;
}

int wn_filter_feed(wn_filter *f, const char *p, size_t len)
{
	if (!f->in_doc)
		start_doc(f);
	f->stats.bytes_in += len;
	while (len > 0) {
		if (f->passthrough) {
			size_t k = 0;
			while (k < len && p[k] != '\n' && p[k] != '\r')
				k++;
			if (k < len) {
				k += (p[k] == '\r' && k + 1 < len && p[k + 1] == '\n') ? 2 : 1;
				f->passthrough = 0;
			}
			int rc = wn_emit_raw(&f->em, p, k);
			if (rc)
				return rc;
			p += k;
			len -= k;
			continue;
		}
		size_t room = f->max_doc - f->buf.len;
		size_t take = len < room ? len : room;
		if (wn_buf_append(&f->buf, p, take))
			return WN_ERR_NOMEM;
		p += take;
		len -= take;
		if (f->buf.len >= f->max_doc) {
			int rc = flush_full(f);
			if (rc)
				return rc;
		}
	}
	return WN_OK;
}

int wn_filter_finish(wn_filter *f)
{
	if (!f->in_doc)
		start_doc(f);
	int rc = WN_OK;
	if (f->buf.len || f->stats.windows == 0) {
		rc = run_window(f, f->buf.len, 1);
	} else {
		f->em.carry_blank = 0; /* the document ended after a removal */
		score_spam(f);
	}
	f->buf.len = 0;
	f->in_doc = 0;
	f->passthrough = 0;
	return rc;
}

void wn_filter_reset(wn_filter *f)
{
	start_doc(f);
	f->in_doc = 0;
}

size_t wn_filter_max_doc(const wn_filter *f)
{
	return f->max_doc;
}

const wn_rules *wn_filter_rules(const wn_filter *f)
{
	return f->rules;
}

const wn_doc_stats *wn_filter_stats(const wn_filter *f)
{
	return &f->stats;
}

static int append_out(void *ud, const char *p, size_t n)
{
	return wn_buf_append(ud, p, n);
}

int wn_clean(const wn_rules *rules, const char *text, size_t len, char **out, size_t *outlen)
{
	wn_filter *f = wn_filter_new(rules, NULL);
	if (!f)
		return WN_ERR_NOMEM;
	wn_vec buf = {0};
	wn_filter_set_output(f, append_out, &buf);
	int rc = wn_filter_feed(f, text, len);
	if (rc == WN_OK)
		rc = wn_filter_finish(f);
	wn_filter_free(f);
	if (rc == WN_OK && wn_buf_cstr(&buf))
		rc = WN_ERR_NOMEM;
	if (rc != WN_OK) {
		wn_vec_free(&buf);
		return rc == WN_ERR_OUTPUT ? WN_ERR_NOMEM : rc;
	}
	*out = buf.data ? buf.data : calloc(1, 1);
	*outlen = buf.len;
	return *out ? WN_OK : WN_ERR_NOMEM;
}
