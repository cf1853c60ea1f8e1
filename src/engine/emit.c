/* emit.c: writing a decided document (see emit.h). */
#include <stdlib.h>
#include <string.h>

#include "emit.h"

/* Hand the bytes held back to the write callback. */
static int flush_out(wn_emitter *e)
{
	size_t n = e->pending_len;
	e->pending_len = 0;
	if (!n || e->failed)
		return e->failed ? -1 : 0;
	if (e->write && e->write(e->write_ud, e->pending, n)) {
		e->failed = 1;
		return -1;
	}
	return 0;
}

/* Bytes to write. Kept lines follow each other in the document's bytes,
 * so a run of them is held back and written with one call (a call per
 * line and line end cost more than the copy it avoids); flush_out before
 * the bytes can move. */
static int put(wn_emitter *e, const char *p, size_t n)
{
	if (!n || e->failed)
		return e->failed ? -1 : 0;
	e->stats->bytes_out += n;
	if (e->pending_len && e->pending + e->pending_len == p) {
		e->pending_len += n;
		return 0;
	}
	if (flush_out(e))
		return -1;
	e->pending = p;
	e->pending_len = n;
	return 0;
}

/* Bytes of the emitter's own (the owed blank line): written at once. */
static int put_now(wn_emitter *e, const char *p, size_t n)
{
	return put(e, p, n) || flush_out(e);
}

static int cut_order(const void *a, const void *b)
{
	const wn_cut *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

static int rule_kept(const wn_emitter *e, int rule)
{
	const wn_rule *r = WN_VEC_AT(e->rules->active, wn_rule *, rule);
	return e->kept_cat && e->kept_cat[r->cat];
}

static int rule_cat(const wn_emitter *e, int rule)
{
	return WN_VEC_AT(e->rules->active, wn_rule *, rule)->cat;
}

static void explain_line(wn_emitter *e, wn_doc *d, const wn_line *l, wn_verdict v,
                         int rule, const char *reason, const wn_span *spans, size_t nspans)
{
	e->line_no++;
	if (!e->explain)
		return;
	/* a caller that reads both streams sees a line's bytes before its verdict */
	flush_out(e);
	const wn_feats *f = &WN_VEC_AT(d->feats, wn_feats, (size_t)(l - (const wn_line *)d->lines.data));
	wn_line_verdict lv = { e->line_no, d->bytes + l->start, l->len, v, rule, reason,
	                       spans, nspans, l->blank ? NULL : f->v, -1, NULL, 0, NULL, 0 };
	const wn_model *m = &e->rules->model;
	size_t n = d->nonblank.len;
	if (!l->blank && m->defined && n && d->model_in.len == n * m->ninputs && l->nb < n) {
		e->model_cols.len = 0;
		float *cols = wn_vec_grow(&e->model_cols, sizeof(float), m->ncols);
		if (cols) {
			wn_model_row(m, d->model_in.data, n, l->nb, cols);
			lv.model_columns = cols;
			lv.model_ncolumns = m->ncols;
			if (m->fitted) {
				lv.model_score = f->v[WN_F_BOILERPLATE];
				lv.model_terms = e->model_terms;
				lv.model_nterms = wn_model_explain(m, cols, e->model_terms,
				                                   sizeof e->model_terms / sizeof *e->model_terms);
			}
		}
	}
	lv.lang = d->lang;
	if (!l->blank && e->nshow_conds) {
		size_t i = (size_t)(l - (const wn_line *)d->lines.data);
		for (size_t k = 0; k < e->nshow_conds; k++)
			e->show_vals[k] = wn_decide_condition(d, e->rules, e->params, e->matcher,
			                                      e->show_conds[k], i);
		lv.conditions = e->show_vals;
	}
	e->explain(e->explain_ud, &lv);
}

enum { GAP_BEFORE_LINE, GAP_WINDOW_END, GAP_DOC_END };

/*
 * The lines between two written lines: blank ones and removed ones,
 * explained in order once we know which blank line is written. A gap that
 * no removal touched is written as it was. A touched gap keeps one blank
 * line if a blank line touched the written text on either side (it was
 * that text's separator); blank lines inside a removed block go with it.
 */
static int flush_gap(wn_emitter *e, wn_doc *d, size_t from, size_t to, int where)
{
	wn_line *lines = d->lines.data;
	size_t keep = SIZE_MAX; /* the blank line written for a touched gap */
	if (e->touched && e->out_started && where != GAP_DOC_END && from < to) {
		if (lines[from].blank)
			keep = from;
		else if (lines[to - 1].blank)
			keep = to - 1;
	}
	for (size_t i = from; i < to; i++) {
		wn_line *l = &lines[i];
		if (!l->blank) {
			explain_line(e, d, l, WN_DROP, l->rule, "", NULL, 0);
			continue;
		}
		const char *reason = "blank";
		wn_verdict v = WN_KEEP;
		if (!e->touched) {
			if (put(e, d->bytes + l->start, l->len + l->term))
				return -1;
		} else if (i == keep && where == GAP_BEFORE_LINE) {
			if (put(e, d->bytes + l->start, l->len + l->term))
				return -1;
		} else if (i == keep) {
			/* end of a window: owe this blank line to the next window */
			size_t n = l->len + l->term;
			if (n > sizeof e->blank_bytes) {
				e->blank_bytes[0] = '\n';
				e->blank_len = 1;
			} else {
				memcpy(e->blank_bytes, d->bytes + l->start, n);
				e->blank_len = n;
			}
			e->carry_blank = 1;
		} else {
			v = WN_DROP;
			reason = "blank line collapsed";
		}
		explain_line(e, d, l, v, -1, reason, NULL, 0);
	}
	return 0;
}

/* A line was written: what was removed before it is no longer the tail. */
static void close_tail(wn_emitter *e)
{
	if (e->tail_open)
		memset(e->cat_tail_lines, 0, e->rules->categories.len * sizeof(size_t));
	e->tail_open = 0;
}

static int emit_lines(wn_emitter *e, wn_doc *d, int final)
{
	wn_doc_stats *st = e->stats;
	wn_line *lines = d->lines.data;
	size_t n = d->lines.len;
	if (d->cuts.len > 1)
		qsort(d->cuts.data, d->cuts.len, sizeof(wn_cut), cut_order);
	const wn_cut *cuts = d->cuts.data;
	size_t nc = d->cuts.len, ci = 0;
	size_t gap = 0; /* first line of the current gap */

	for (size_t i = 0; i < n; i++) {
		wn_line *l = &lines[i];
		size_t c0 = ci;
		while (ci < nc && cuts[ci].line == i)
			ci++;
		if (l->blank)
			continue;
		st->lines_in++;
		if (l->verdict == WN_DROP && !rule_kept(e, l->rule)) {
			st->lines_dropped++;
			e->cat_lines[rule_cat(e, l->rule)]++;
			e->cat_bytes[rule_cat(e, l->rule)] += l->len + l->term;
			e->cat_tail_lines[rule_cat(e, l->rule)]++;
			e->tail_open = 1;
			e->rule_hits[l->rule]++;
			e->touched = 1;
			continue;
		}
		/* a written line: settle the gap before it */
		if (flush_gap(e, d, gap, i, GAP_BEFORE_LINE))
			return WN_ERR_OUTPUT;
		if (e->carry_blank) {
			if (put_now(e, e->blank_bytes, e->blank_len))
				return WN_ERR_OUTPUT;
			e->carry_blank = 0;
		}
		e->touched = 0;
		close_tail(e);
		gap = i + 1;
		const char *text = d->bytes + l->start;
		e->spans.len = 0;
		size_t pos = 0;
		for (size_t k = c0; k < ci; k++) {
			const wn_cut *ct = &cuts[k];
			if (l->verdict == WN_DROP || rule_kept(e, ct->rule))
				continue;
			size_t s = ct->start < pos ? pos : ct->start;
			if (ct->end <= s)
				continue;
			if (put(e, text + pos, s - pos))
				return WN_ERR_OUTPUT;
			e->cat_bytes[rule_cat(e, ct->rule)] += ct->end - s;
			e->cat_cut_bytes[rule_cat(e, ct->rule)] += ct->end - s;
			e->rule_hits[ct->rule]++;
			wn_span sp = { s, ct->end, ct->rule };
			if (!wn_vec_push(&e->spans, sizeof sp, &sp))
				return WN_ERR_NOMEM;
			pos = ct->end;
		}
		if (put(e, text + pos, l->len - pos) || put(e, text + l->len, l->term))
			return WN_ERR_OUTPUT;
		st->lines_out++;
		e->out_started = 1;
		if (e->spans.len) {
			st->lines_partial++;
			explain_line(e, d, l, WN_PARTIAL, -1, "", e->spans.data, e->spans.len);
		} else {
			const wn_feats *f = &WN_VEC_AT(d->feats, wn_feats, i);
			int t = e->rules->model_threshold;
			const char *reason = l->verdict == WN_DROP ? "kept category"
			                     : l->oversize ? "oversize line, not examined"
			                     : l->prose ? "prose"
			                     : t >= 0 && e->rules->model.fitted &&
			                       f->v[WN_F_BOILERPLATE] >= e->params[t] ? "protected" : "";
			explain_line(e, d, l, WN_KEEP, l->verdict == WN_DROP ? l->rule : -1, reason,
			             NULL, 0);
		}
	}
	if (flush_gap(e, d, gap, n, final ? GAP_DOC_END : GAP_WINDOW_END))
		return WN_ERR_OUTPUT;
	return WN_OK;
}

int wn_emit(wn_emitter *e, wn_doc *d, int final)
{
	int rc = emit_lines(e, d, final);
	/* nothing held back may outlive the window's bytes */
	if (flush_out(e) && rc == WN_OK)
		rc = WN_ERR_OUTPUT;
	return rc;
}

int wn_emit_raw(wn_emitter *e, const char *p, size_t n)
{
	if (e->carry_blank) {
		if (put_now(e, e->blank_bytes, e->blank_len))
			return WN_ERR_OUTPUT;
		e->carry_blank = 0;
	}
	e->touched = 0;
	close_tail(e);
	e->out_started = 1;
	return put_now(e, p, n) ? WN_ERR_OUTPUT : WN_OK;
}

void wn_emitter_reset(wn_emitter *e)
{
	e->out_started = e->touched = e->carry_blank = e->tail_open = 0;
	e->blank_len = 0;
	e->pending_len = 0;
	e->line_no = 0;
	e->failed = 0;
}

void wn_emitter_free(wn_emitter *e)
{
	wn_vec_free(&e->spans);
	wn_vec_free(&e->model_cols);
}
