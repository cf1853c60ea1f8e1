/*
 * summary.c: totals over many documents (wn_summary) and the table they
 * print as (winnow --stats, the batch summary, the Python module's
 * cluster runs). Plain sums, so that totals of threads and processes merge.
 */
#include <stdlib.h>
#include <string.h>

#include "say.h"

int wn_summary_init(wn_summary *s, const wn_rules *r)
{
	memset(s, 0, sizeof *s);
	s->ncat = wn_rules_category_count(r);
	s->cat_lines = calloc(s->ncat + 1, sizeof(size_t));
	s->cat_bytes = calloc(s->ncat + 1, sizeof(size_t));
	s->cat_docs = calloc(s->ncat + 1, sizeof(size_t));
	if (s->cat_lines && s->cat_bytes && s->cat_docs)
		return WN_OK;
	wn_summary_free(s);
	return WN_ERR_NOMEM;
}

void wn_summary_add(wn_summary *s, const wn_doc_stats *st)
{
	s->docs++;
	s->bytes_in += st->bytes_in;
	s->bytes_out += st->bytes_out;
	s->lines_in += st->lines_in;
	s->lines_out += st->lines_out;
	s->invalid_utf8 += st->invalid_utf8;
	s->nul_bytes += st->nul_bytes;
	s->oversize_lines += st->oversize_lines;
	s->spam_dropped += st->dropped != 0;
	int touched = 0;
	for (size_t c = 0; c < s->ncat; c++) {
		s->cat_lines[c] += st->cat_lines[c];
		s->cat_bytes[c] += st->cat_bytes[c];
		if (st->cat_lines[c] || st->cat_bytes[c]) {
			s->cat_docs[c]++;
			touched = 1;
		}
	}
	s->docs_touched += touched;
}

int wn_summary_print(const wn_summary *s, const wn_rules *r, double seconds, wn_write_fn fn,
                     void *userdata)
{
	wn_printer p = { fn, userdata, 0 };
	wn_say(&p, "%-16s %10s %12s %8s\n", "category", "lines", "bytes", "docs");
	size_t lines = 0, bytes = 0;
	for (size_t c = 0; c < s->ncat; c++) {
		if (!s->cat_lines[c] && !s->cat_bytes[c])
			continue;
		wn_say(&p, "%-16s %10zu %12zu %8zu\n", wn_rules_category_name(r, c), s->cat_lines[c],
		       s->cat_bytes[c], s->cat_docs[c]);
		lines += s->cat_lines[c];
		bytes += s->cat_bytes[c];
	}
	wn_say(&p, "%-16s %10zu %12zu %8zu\n", "total", lines, bytes, s->docs_touched);
	double removed = s->bytes_in ? 100.0 * (double)(s->bytes_in - s->bytes_out) /
	                 (double)s->bytes_in : 0.0;
	wn_say(&p, "%zu document%s, %zu bytes in, %zu bytes out (%.1f%% removed), %zu of %zu lines kept",
	       s->docs, s->docs == 1 ? "" : "s", s->bytes_in, s->bytes_out, removed, s->lines_out,
	       s->lines_in);
	if (seconds > 0)
		wn_say(&p, ", %.1f MB/s", (double)s->bytes_in / 1e6 / seconds);
	wn_say(&p, "\n");
	if (s->spam_dropped)
		wn_say(&p, "%zu document%s dropped whole as spam (--drop-spam-docs)\n", s->spam_dropped,
		       s->spam_dropped == 1 ? "" : "s");
	if (s->malformed)
		wn_say(&p, "%zu malformed record%s (see --on-error)\n", s->malformed,
		       s->malformed == 1 ? "" : "s");
	if (s->oversize_records)
		wn_say(&p, "%zu WARC record%s larger than --max-doc-bytes passed through uncleaned\n",
		       s->oversize_records, s->oversize_records == 1 ? "" : "s");
	if (s->invalid_utf8 || s->nul_bytes || s->oversize_lines)
		wn_say(&p, "input oddities: %zu invalid UTF-8 sequences, %zu NUL bytes, "
		       "%zu oversize lines (passed through)\n", s->invalid_utf8, s->nul_bytes,
		       s->oversize_lines);
	return p.failed ? WN_ERR_OUTPUT : WN_OK;
}

void wn_summary_merge(wn_summary *a, const wn_summary *b)
{
	a->docs += b->docs;
	a->docs_touched += b->docs_touched;
	a->bytes_in += b->bytes_in;
	a->bytes_out += b->bytes_out;
	a->lines_in += b->lines_in;
	a->lines_out += b->lines_out;
	a->invalid_utf8 += b->invalid_utf8;
	a->nul_bytes += b->nul_bytes;
	a->oversize_lines += b->oversize_lines;
	a->spam_dropped += b->spam_dropped;
	a->malformed += b->malformed;
	a->oversize_records += b->oversize_records;
	for (size_t c = 0; c < a->ncat && c < b->ncat; c++) {
		a->cat_lines[c] += b->cat_lines[c];
		a->cat_bytes[c] += b->cat_bytes[c];
		a->cat_docs[c] += b->cat_docs[c];
	}
}

void wn_summary_free(wn_summary *s)
{
	free(s->cat_lines);
	free(s->cat_bytes);
	free(s->cat_docs);
	s->cat_lines = s->cat_bytes = s->cat_docs = NULL;
	s->ncat = 0;
}

