/*
 * stream.c: a whole input in one of the corpus formats, through a filter.
 *
 * Owns the plumbing between bytes and documents: gzip detection and
 * inflation on the way in, compression on the way out, and the split into
 * documents: the whole text or text between separators, one JSONL record
 * per line, one WARC record at a time (jsonl.c and warc.c own the formats
 * themselves). It also owns what a stream reports: a wn_record per
 * document, and the stream's error message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "filter.h"
#include "gz.h"
#include "jsonl.h"
#include "warc.h"

struct wn_stream {
	wn_filter *f;
	wn_stream_options o;
	char *field, *separator;
	wn_write_fn out;
	void *out_ud;
	wn_record_fn on_record;
	void *record_ud;
	wn_stream_stats stats;
	char error[320];
	int failed;            /* an error was returned: the stream is spent */

	/* gzip */
	int gz;                /* -1 not known yet */
	char sniff[2];
	size_t nsniff;
	wn_gunzip *gunzip;
	wn_gzip *gzip;
	size_t offset;         /* inflated bytes seen */

	/* the filter's output: straight out (text) or collected (records) */
	int collect;
	wn_vec clean;

	/* text */
	size_t *fail;          /* KMP failure function of the separator */
	size_t matched;        /* separator bytes matched and held back */
	int doc_open;
	size_t doc_start;

	/* jsonl */
	wn_jsonl *jsonl;
	wn_vec line;
	size_t line_no;
	wn_vec text, record;

	/* warc */
	wn_warc *warc;
};

/* ------------------------------------------------------------------ */
/* output                                                              */

static int emit(wn_stream *s, const char *p, size_t n)
{
	if (n == 0)
		return WN_OK;
	if (s->gzip)
		return wn_gzip_write(s->gzip, p, n);
	return s->out(s->out_ud, p, n) ? WN_ERR_OUTPUT : WN_OK;
}

static int filter_output(void *ud, const char *p, size_t n)
{
	wn_stream *s = ud;
	if (s->collect)
		return wn_buf_append(&s->clean, p, n);
	return emit(s, p, n) != WN_OK;
}

static void report(wn_stream *s, size_t line, size_t offset, const char *id, size_t id_len,
                   const char *problem)
{
	if (!s->on_record)
		return;
	wn_record rec = { s->stats.records - 1, line, offset, id, id_len, problem == NULL, problem };
	s->on_record(s->record_ud, &rec, s->f);
}

/* Clean text[0..n) into s->clean; *changed tells whether it differs. */
static int clean_text(wn_stream *s, const char *text, size_t n, int *changed, int *dropped)
{
	s->clean.len = 0;
	s->collect = 1;
	int rc = wn_filter_feed(s->f, text, n);
	if (rc == WN_OK)
		rc = wn_filter_finish(s->f);
	s->collect = 0;
	if (rc != WN_OK) {
		wn_filter_reset(s->f);
		return rc == WN_ERR_OUTPUT ? WN_ERR_NOMEM : rc;
	}
	s->stats.cleaned++;
	*dropped = wn_filter_stats(s->f)->dropped;
	*changed = s->clean.len != n || (n && memcmp(s->clean.data, text, n) != 0);
	s->stats.dropped += *dropped;
	s->stats.changed += *changed && !*dropped;
	return WN_OK;
}

/* ------------------------------------------------------------------ */
/* text                                                                */

static void text_doc_open(wn_stream *s)
{
	if (!s->doc_open) {
		s->doc_open = 1;
		s->stats.records++;
	}
}

static int text_doc_bytes(wn_stream *s, const char *p, size_t n)
{
	if (n == 0)
		return WN_OK;
	text_doc_open(s);
	return wn_filter_feed(s->f, p, n);
}

static int text_doc_end(wn_stream *s)
{
	text_doc_open(s); /* an empty document still counts */
	int rc = wn_filter_finish(s->f);
	s->doc_open = 0;
	if (rc != WN_OK)
		return rc;
	const wn_doc_stats *st = wn_filter_stats(s->f);
	s->stats.cleaned++;
	s->stats.dropped += st->dropped;
	s->stats.changed += st->bytes_out != st->bytes_in && !st->dropped;
	report(s, 0, s->doc_start, NULL, 0, NULL);
	return WN_OK;
}

/* Split on the separator with KMP: bytes that might start a separator are
 * held back (they are the separator's own first `matched` bytes) until
 * they either complete it or turn out to be text. */
static int text_feed(wn_stream *s, const char *p, size_t n)
{
	size_t base = s->offset;
	s->offset += n;
	if (!s->separator)
		return text_doc_bytes(s, p, n);
	const char *sep = s->separator;
	size_t m = s->matched, i = 0, run = 0; /* p[run..i) is text not fed yet */
	int rc = WN_OK;
	while (i < n && rc == WN_OK) {
		if (m == 0) {
			const char *hit = memchr(p + i, sep[0], n - i);
			if (!hit) {
				i = n;
				break;
			}
			i = (size_t)(hit - p);
			rc = text_doc_bytes(s, p + run, i - run);
			m = 1;
			run = ++i;
		} else {
			char c = p[i];
			while (rc == WN_OK && m > 0 && c != sep[m]) {
				size_t k = s->fail[m - 1];
				rc = text_doc_bytes(s, sep, m - k);
				m = k;
			}
			if (c != sep[m]) { /* m is 0: c starts a run of text */
				run = i++;
				continue;
			}
			m++;
			run = ++i;
		}
		if (rc == WN_OK && m == s->o.separator_len) {
			rc = text_doc_end(s);
			if (rc == WN_OK)
				rc = emit(s, sep, m);
			m = 0;
			s->doc_start = base + i;
		}
	}
	if (rc == WN_OK && m == 0)
		rc = text_doc_bytes(s, p + run, n - run);
	s->matched = m;
	return rc;
}

static int text_finish(wn_stream *s)
{
	int rc = WN_OK;
	if (s->matched) /* a separator cut short is text */
		rc = text_doc_bytes(s, s->separator, s->matched);
	s->matched = 0;
	/* the last document (or the only one, empty or not) */
	if (rc == WN_OK && (s->doc_open || s->stats.records == 0))
		rc = text_doc_end(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* jsonl                                                               */

static int jsonl_record(wn_stream *s, const char *line, size_t len, int has_newline)
{
	s->line_no++;
	size_t k = 0;
	while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
		k++;
	int rc = WN_OK;
	if (k == len) { /* a blank line is not a record */
		rc = emit(s, line, len);
		return rc == WN_OK && has_newline ? emit(s, "\n", 1) : rc;
	}
	s->stats.records++;
	size_t offset = s->offset;
	const char *why;
	int found = wn_jsonl_parse(s->jsonl, line, len, &s->text, &why);
	if (found == -2)
		return WN_ERR_NOMEM;
	if (found < 0) {
		s->stats.malformed++;
		report(s, s->line_no, offset, NULL, 0, why);
		if (s->o.on_error == WN_ON_ERROR_FAIL) {
			snprintf(s->error, sizeof s->error, "line %zu: %s", s->line_no, why);
			return WN_ERR_FORMAT;
		}
		if (s->o.on_error == WN_ON_ERROR_SKIP)
			return WN_OK;
		rc = emit(s, line, len);
		return rc == WN_OK && has_newline ? emit(s, "\n", 1) : rc;
	}
	const char *id;
	size_t id_len = wn_jsonl_id(s->jsonl, line, &id);
	int changed = 0, dropped = 0;
	if (found == 0) {
		s->stats.no_field++;
	} else {
		rc = clean_text(s, s->text.data ? s->text.data : "", s->text.len, &changed, &dropped);
		if (rc)
			return rc;
		report(s, s->line_no, offset, id, id_len, NULL);
		if (dropped)
			return WN_OK;
	}
	if (changed || s->o.annotate) {
		const wn_doc_stats *st = wn_filter_stats(s->f);
		if (wn_jsonl_rebuild(s->jsonl, line, len, changed ? (s->clean.data ? s->clean.data : "") : NULL,
		                     s->clean.len, st, s->o.annotate && found > 0 ? wn_filter_rules(s->f) : NULL,
		                     &s->record))
			return WN_ERR_NOMEM;
		rc = emit(s, s->record.data, s->record.len);
	} else {
		rc = emit(s, line, len);
	}
	return rc == WN_OK && has_newline ? emit(s, "\n", 1) : rc;
}

static int jsonl_feed(wn_stream *s, const char *p, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) : n;
		if (!nl) {
			if (wn_buf_append(&s->line, p, take))
				return WN_ERR_NOMEM;
			return WN_OK;
		}
		int rc;
		if (s->line.len) {
			if (wn_buf_append(&s->line, p, take))
				return WN_ERR_NOMEM;
			rc = jsonl_record(s, s->line.data, s->line.len, 1);
			s->offset += s->line.len + 1;
			s->line.len = 0;
		} else {
			rc = jsonl_record(s, p, take, 1);
			s->offset += take + 1;
		}
		if (rc)
			return rc;
		p += take + 1;
		n -= take + 1;
	}
	return WN_OK;
}

static int jsonl_finish(wn_stream *s)
{
	if (!s->line.len)
		return WN_OK;
	int rc = jsonl_record(s, s->line.data, s->line.len, 0);
	s->offset += s->line.len;
	s->line.len = 0;
	return rc;
}

/* ------------------------------------------------------------------ */
/* warc                                                                */

static int warc_emit(void *ud, const char *p, size_t n)
{
	return emit(ud, p, n) != WN_OK;
}

static int warc_end_record(void *ud)
{
	wn_stream *s = ud;
	return s->gzip ? wn_gzip_end_member(s->gzip) : WN_OK;
}

static int warc_clean(void *ud, const char *id, size_t id_len, size_t offset, const char *text,
                      size_t n, const wn_vec **out, int *dropped)
{
	wn_stream *s = ud;
	int changed = 0;
	s->stats.records++;
	int rc = clean_text(s, text, n, &changed, dropped);
	if (rc)
		return rc;
	report(s, 0, offset, id, id_len, NULL);
	*out = changed ? &s->clean : NULL;
	return WN_OK;
}

/* ------------------------------------------------------------------ */
/* the stream                                                          */

wn_stream *wn_stream_new(wn_filter *f, const wn_stream_options *o, wn_write_fn out, void *out_ud,
                         wn_record_fn on_record, void *record_ud)
{
	wn_stream *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->f = f;
	if (o)
		s->o = *o;
	else
		s->o.gzip = -1;
	s->out = out;
	s->out_ud = out_ud;
	s->on_record = on_record;
	s->record_ud = record_ud;
	s->gz = s->o.gzip;
	int ok = 1;
	if (s->o.format == WN_FORMAT_TEXT && s->o.separator && s->o.separator_len) {
		s->separator = malloc(s->o.separator_len);
		s->fail = calloc(s->o.separator_len, sizeof *s->fail);
		ok = s->separator && s->fail;
		if (ok) {
			memcpy(s->separator, s->o.separator, s->o.separator_len);
			const char *sep = s->separator;
			for (size_t i = 1, k = 0; i < s->o.separator_len; i++) {
				while (k > 0 && sep[i] != sep[k])
					k = s->fail[k - 1];
				if (sep[i] == sep[k])
					k++;
				s->fail[i] = k;
			}
		}
	}
	s->o.separator = NULL;
	if (ok && s->o.format == WN_FORMAT_JSONL)
		ok = (s->jsonl = wn_jsonl_new(s->o.field)) != NULL;
	s->o.field = NULL;
	if (ok && s->o.format == WN_FORMAT_WARC) {
		wn_warc_io io = { warc_emit, warc_end_record, warc_clean, s };
		/* a text record is buffered whole to learn its new length: one
		 * larger than a document may be passes through uncleaned */
		ok = (s->warc = wn_warc_new(&io, wn_filter_max_doc(f))) != NULL;
	}
	if (!ok) {
		wn_stream_free(s);
		return NULL;
	}
	wn_filter_set_output(f, filter_output, s);
	return s;
}

void wn_stream_free(wn_stream *s)
{
	if (!s)
		return;
	if (s->gunzip) {
		wn_gunzip_free(s->gunzip);
		free(s->gunzip);
	}
	if (s->gzip) {
		wn_gzip_free(s->gzip);
		free(s->gzip);
	}
	free(s->separator);
	free(s->fail);
	wn_vec_free(&s->clean);
	wn_jsonl_free(s->jsonl);
	wn_vec_free(&s->line);
	wn_vec_free(&s->text);
	wn_vec_free(&s->record);
	wn_warc_free(s->warc);
	wn_filter_set_output(s->f, NULL, NULL);
	free(s);
}

/* Inflated bytes, to the format. */
static int decoded(void *ud, const char *p, size_t n)
{
	wn_stream *s = ud;
	switch (s->o.format) {
	case WN_FORMAT_JSONL: return jsonl_feed(s, p, n);
	case WN_FORMAT_WARC: {
		int rc = wn_warc_feed(s->warc, p, n, s->error, sizeof s->error);
		s->offset += n;
		return rc;
	}
	default: return text_feed(s, p, n);
	}
}

/* Set up gzip both ways once the first bytes tell (or the options did). */
static int start_gzip(wn_stream *s)
{
	s->gunzip = malloc(sizeof *s->gunzip);
	s->gzip = malloc(sizeof *s->gzip);
	if (!s->gunzip || !s->gzip || wn_gunzip_init(s->gunzip)) {
		free(s->gunzip);
		free(s->gzip);
		s->gunzip = NULL;
		s->gzip = NULL;
		return WN_ERR_NOMEM;
	}
	if (wn_gzip_init(s->gzip, s->o.gzip_level, s->out, s->out_ud)) {
		wn_gunzip_free(s->gunzip);
		free(s->gunzip);
		free(s->gzip);
		s->gunzip = NULL;
		s->gzip = NULL;
		return WN_ERR_NOMEM;
	}
	return WN_OK;
}

/* A format error keeps its message; the lower layers' own codes pass. */
static int fail(wn_stream *s, int rc)
{
	if (rc != WN_OK) {
		s->failed = 1;
		if (rc == WN_ERR_NOMEM && !s->error[0])
			snprintf(s->error, sizeof s->error, "out of memory");
	}
	return rc;
}

static int raw_feed(wn_stream *s, const char *p, size_t n)
{
	if (s->gunzip)
		return wn_gunzip_feed(s->gunzip, p, n, decoded, s, s->error, sizeof s->error);
	return decoded(s, p, n);
}

int wn_stream_feed(wn_stream *s, const char *p, size_t n)
{
	if (s->failed)
		return WN_ERR_USAGE;
	if (s->gz < 0) {
		/* two bytes decide: the gzip magic, or not */
		while (s->nsniff < 2 && n > 0) {
			s->sniff[s->nsniff++] = *p++;
			n--;
		}
		if (s->nsniff < 2)
			return WN_OK;
		s->gz = s->sniff[0] == '\x1f' && s->sniff[1] == '\x8b';
		if (s->gz && start_gzip(s))
			return fail(s, WN_ERR_NOMEM);
		int rc = raw_feed(s, s->sniff, 2);
		if (rc)
			return fail(s, rc);
	} else if (s->gz == 1 && !s->gunzip && start_gzip(s)) {
		return fail(s, WN_ERR_NOMEM);
	}
	return fail(s, n ? raw_feed(s, p, n) : WN_OK);
}

int wn_stream_finish(wn_stream *s)
{
	if (s->failed)
		return WN_ERR_USAGE;
	int rc = WN_OK;
	if (s->gz < 0) { /* fewer than two bytes: not gzip */
		s->gz = 0;
		if (s->nsniff)
			rc = raw_feed(s, s->sniff, s->nsniff);
	} else if (s->gz == 1 && !s->gunzip) {
		rc = start_gzip(s);
	}
	char why[256] = "";
	int gz_rc = WN_OK;
	if (rc == WN_OK && s->gunzip)
		gz_rc = wn_gunzip_finish(s->gunzip, why, sizeof why);
	/* what was inflated is still finished and written: no data is lost */
	if (rc == WN_OK) {
		switch (s->o.format) {
		case WN_FORMAT_JSONL: rc = jsonl_finish(s); break;
		case WN_FORMAT_WARC: rc = wn_warc_finish(s->warc, s->error, sizeof s->error); break;
		default: rc = text_finish(s); break;
		}
	}
	if (gz_rc != WN_OK && (rc == WN_OK || rc == WN_ERR_FORMAT)) {
		snprintf(s->error, sizeof s->error, "%s", why);
		rc = gz_rc;
	}
	if (s->gzip) {
		int z = wn_gzip_end_member(s->gzip);
		if (rc == WN_OK || rc == WN_ERR_FORMAT)
			rc = rc ? rc : z;
	}
	return fail(s, rc);
}

const char *wn_stream_error(const wn_stream *s)
{
	return s->error;
}

const wn_stream_stats *wn_stream_get_stats(const wn_stream *s)
{
	if (s->warc) {
		/* WARC records the filter never saw count too */
		wn_stream *m = (wn_stream *)s;
		const wn_warc_stats *w = wn_warc_get_stats(s->warc);
		m->stats.records = w->records;
		m->stats.oversize = w->oversize;
	}
	return &s->stats;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

int wn_format_from_name(const char *name, int *gzip)
{
	size_t n = strlen(name);
	*gzip = ends_with(name, n, ".gz");
	if (*gzip)
		n -= 3;
	if (ends_with(name, n, ".jsonl") || ends_with(name, n, ".ndjson"))
		return WN_FORMAT_JSONL;
	if (ends_with(name, n, ".warc") || ends_with(name, n, ".wet"))
		return WN_FORMAT_WARC;
	if (ends_with(name, n, ".txt"))
		return WN_FORMAT_TEXT;
	return -1;
}
