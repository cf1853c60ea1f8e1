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
	size_t *cat_lines, *cat_bytes, *rule_hits;
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
	f->params = calloc(r->params.len + 1, sizeof(double));
	f->kept_cat = calloc(ncat, 1);
	f->cat_lines = calloc(ncat, sizeof(size_t));
	f->cat_bytes = calloc(ncat, sizeof(size_t));
	f->rule_hits = calloc(nrule, sizeof(size_t));
	if (!f->params || !f->kept_cat || !f->cat_lines || !f->cat_bytes || !f->rule_hits ||
	    wn_matcher_init(&f->m)) {
		wn_filter_free(f);
		return NULL;
	}
	memcpy(f->params, r->param_values, r->params.len * sizeof(double));
	f->em.rules = r;
	f->em.kept_cat = f->kept_cat;
	f->em.stats = &f->stats;
	f->em.cat_lines = f->cat_lines;
	f->em.cat_bytes = f->cat_bytes;
	f->em.rule_hits = f->rule_hits;
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
	free(f->kept_cat);
	free(f->cat_lines);
	free(f->cat_bytes);
	free(f->rule_hits);
	free(f);
}

void wn_filter_set_output(wn_filter *f, wn_write_fn fn, void *userdata)
{
	f->em.write = fn;
	f->em.write_ud = userdata;
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

static void start_doc(wn_filter *f)
{
	size_t ncat = f->rules->categories.len, nrule = f->rules->active.len;
	memset(f->cat_lines, 0, ncat * sizeof(size_t));
	memset(f->cat_bytes, 0, ncat * sizeof(size_t));
	memset(f->rule_hits, 0, nrule * sizeof(size_t));
	wn_doc_stats fresh = { 0 };
	fresh.cat_lines = f->cat_lines;
	fresh.cat_bytes = f->cat_bytes;
	fresh.rule_hits = f->rule_hits;
	f->stats = fresh;
	f->buf.len = 0;
	f->passthrough = 0;
	f->first_window = 1;
	f->in_doc = 1;
	f->m.limit_hits = 0;
	wn_emitter_reset(&f->em);
}

/* Decide and emit buf[0..len); final: the document ends there. */
static int run_window(wn_filter *f, size_t len, int final)
{
	wn_doc *d = &f->doc;
	d->bytes = f->buf.data;
	d->len = len;
	d->body = 0;
	d->counts = (wn_norm_counts){ 0, 0 };
	if (f->first_window && len >= 3 && memcmp(d->bytes, "\xEF\xBB\xBF", 3) == 0) {
		d->body = 3;
		f->stats.has_bom = 1;
		if (wn_emit_raw(&f->em, d->bytes, 3))
			return WN_ERR_OUTPUT;
		f->em.out_started = 0; /* a BOM is not content */
	}
	f->first_window = 0;
	f->stats.windows++;
	if (wn_doc_segment(d, f->rules, f->max_line) ||
	    wn_decide(d, f->rules, f->params, &f->m))
		return WN_ERR_NOMEM;
	f->stats.invalid_utf8 += d->counts.invalid;
	f->stats.nul_bytes += d->counts.nul;
	f->stats.oversize_lines += d->oversize;
	f->stats.limit_hits = f->m.limit_hits;
	return wn_emit(&f->em, d, final);
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
	if (f->buf.len || f->stats.windows == 0)
		rc = run_window(f, f->buf.len, 1);
	else if (f->em.carry_blank)
		f->em.carry_blank = 0; /* the document ended after a removal */
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
