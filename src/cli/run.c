/*
 * run.c: one input through a wn_stream, for the filter and for batch.
 *
 * Owns what the two commands share: making a filter from the options,
 * choosing an input's format from its name, reading a descriptor to its
 * end, and the per-record bookkeeping (statistics, report lines with the
 * file and record, malformed records).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

wn_filter *cli_make_filter(const wn_rules *r, const options *o, int *status)
{
	wn_filter_options fo = { o->max_doc, o->max_line };
	wn_filter *f = wn_filter_new(r, &fo);
	if (!f) {
		fprintf(stderr, "winnow: out of memory\n");
		*status = EXIT_IO;
		return NULL;
	}
	for (size_t i = 0; i < o->nkeeps; i++) {
		char *list = strdup(o->keeps[i]), *save = NULL;
		if (!list) {
			wn_filter_free(f);
			*status = EXIT_IO;
			return NULL;
		}
		for (char *cat = strtok_r(list, ",", &save); cat; cat = strtok_r(NULL, ",", &save)) {
			if (wn_filter_keep_category(f, cat) == WN_OK)
				continue;
			fprintf(stderr, "winnow: --keep: no rule has category '%s' (categories:", cat);
			for (size_t c = 0; c < wn_rules_category_count(r); c++)
				fprintf(stderr, " %s", wn_rules_category_name(r, c));
			fprintf(stderr, ")\n");
			free(list);
			wn_filter_free(f);
			*status = EXIT_USAGE;
			return NULL;
		}
		free(list);
	}
	wn_filter_set_spam_threshold(f, o->drop_spam);
	return f;
}

int cli_write_file(void *ud, const char *p, size_t n)
{
	return fwrite(p, 1, n, (FILE *)ud) == n ? 0 : -1;
}

int cli_buffer_add(void *ud, const char *p, size_t n)
{
	cli_buffer *b = ud;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			return -1;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

void cli_stream_options(const options *o, const char *name, wn_stream_options *so)
{
	int gz = 0, by_name = name ? wn_format_from_name(name, &gz) : -1;
	memset(so, 0, sizeof *so);
	so->format = o->format >= 0 ? (wn_format)o->format : by_name >= 0 ? (wn_format)by_name
	             : WN_FORMAT_TEXT;
	/* a .gz name must hold gzip; anything else is sniffed */
	so->gzip = gz ? 1 : -1;
	so->gzip_level = o->gzip_level;
	so->field = o->field;
	so->annotate = o->annotate;
	so->on_error = o->on_error;
	so->separator = o->separator;
	so->separator_len = o->separator_len;
}

static void on_record(void *ud, const wn_record *rec, const wn_filter *f)
{
	cli_records *c = ud;
	if (rec->problem) {
		c->malformed++;
		if (c->sum)
			c->sum->malformed++;
		if (!c->first_problem) {
			c->first_line = rec->line;
			c->first_problem = rec->problem;
		}
		if (c->print_problems && c->on_error != WN_ON_ERROR_FAIL && c->malformed <= 10)
			fprintf(stderr, "winnow: %s:%zu: malformed record (%s); %s\n", c->file, rec->line,
			        rec->problem, c->on_error == WN_ON_ERROR_SKIP ? "skipped"
			        : c->on_error == WN_ON_ERROR_FAIL ? "stopping" : "kept as it was");
		if (c->print_problems && c->malformed == 11)
			fprintf(stderr, "winnow: %s: more malformed records; only the first 10 are shown\n",
			        c->file);
		return;
	}
	if (c->sum)
		wn_summary_add(c->sum, wn_filter_stats(f));
	if ((!c->report || c->report_failed) && !c->on_doc)
		return;
	char name[512];
	const char *record = NULL;
	if (rec->id) {
		size_t n = rec->id_len < sizeof name - 1 ? rec->id_len : sizeof name - 1;
		memcpy(name, rec->id, n);
		name[n] = '\0';
		record = name;
	} else if (rec->line) {
		snprintf(name, sizeof name, "line %zu", rec->line);
		record = name;
	} else if (c->numbered_docs) {
		snprintf(name, sizeof name, "doc %zu", rec->index + 1);
		record = name;
	}
	if (c->on_doc)
		c->on_doc(c->on_doc_ud, record, f);
	if (!c->report || c->report_failed)
		return;
	if (wn_report_json(f, c->file, record, c->report, c->report_ud) != WN_OK)
		c->report_failed = 1;
}

/* A pathological pattern gave up on a line: say which, and where. */
static void on_limit(void *ud, const wn_limit_hit *hit)
{
	cli_records *c = ud;
	c->limits++;
	if (c->limits == 1)
		snprintf(c->first_limit, sizeof c->first_limit, "%s %s, line %zu of a document",
		         hit->kind, hit->owner, hit->line_no);
	if (c->print_problems && c->limits <= 10)
		fprintf(stderr, "winnow: %s: line %zu: %s %s gave up at the PCRE2 match limit; the "
		        "line was judged as if it did not match\n", c->file, hit->line_no, hit->kind,
		        hit->owner);
	if (c->print_problems && c->limits == 11)
		fprintf(stderr, "winnow: %s: more patterns gave up; only the first 10 are shown\n",
		        c->file);
}

int cli_run_stream(int fd, wn_filter *f, const wn_stream_options *so, wn_write_fn out,
                   void *out_ud, cli_records *rec, size_t *bytes_read, char *err, size_t errlen)
{
	wn_filter_set_limit_handler(f, on_limit, rec);
	wn_stream *s = wn_stream_new(f, so, out, out_ud, on_record, rec);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	static _Thread_local char buf[1 << 17];
	int rc = WN_OK, result = 0;
	*bytes_read = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s", strerror(errno));
			result = -1;
			break;
		}
		if (n == 0)
			break;
		*bytes_read += (size_t)n;
		rc = wn_stream_feed(s, buf, (size_t)n);
		if (rc != WN_OK)
			break;
	}
	if (result == 0 && rc == WN_OK)
		rc = wn_stream_finish(s);
	if (result == 0 && rc != WN_OK) {
		if (rc == WN_ERR_OUTPUT) {
			result = -2;
		} else {
			snprintf(err, errlen, "%s", rc == WN_ERR_FORMAT || wn_stream_error(s)[0]
			         ? wn_stream_error(s) : wn_strerror(rc));
			result = -1;
		}
	}
	wn_filter_set_limit_handler(f, NULL, NULL);
	rec->oversize = wn_stream_get_stats(s)->oversize;
	if (rec->sum)
		rec->sum->oversize_records += rec->oversize;
	wn_stream_free(s);
	return result;
}
