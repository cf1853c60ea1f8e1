/*
 * summary.c: the --stats table (totals per category over all documents).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int summary_init(summary *s, const wn_rules *r)
{
	memset(s, 0, sizeof *s);
	s->ncat = wn_rules_category_count(r);
	s->cat_lines = calloc(s->ncat + 1, sizeof(size_t));
	s->cat_bytes = calloc(s->ncat + 1, sizeof(size_t));
	s->cat_docs = calloc(s->ncat + 1, sizeof(size_t));
	return s->cat_lines && s->cat_bytes && s->cat_docs ? 0 : -1;
}

void summary_add(summary *s, const wn_doc_stats *st)
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

void summary_print(const summary *s, const wn_rules *r, FILE *out, double seconds)
{
	fprintf(out, "%-16s %10s %12s %8s\n", "category", "lines", "bytes", "docs");
	size_t lines = 0, bytes = 0;
	for (size_t c = 0; c < s->ncat; c++) {
		if (!s->cat_lines[c] && !s->cat_bytes[c])
			continue;
		fprintf(out, "%-16s %10zu %12zu %8zu\n", wn_rules_category_name(r, c),
		        s->cat_lines[c], s->cat_bytes[c], s->cat_docs[c]);
		lines += s->cat_lines[c];
		bytes += s->cat_bytes[c];
	}
	fprintf(out, "%-16s %10zu %12zu %8zu\n", "total", lines, bytes, s->docs_touched);
	double removed = s->bytes_in ? 100.0 * (double)(s->bytes_in - s->bytes_out) /
	                 (double)s->bytes_in : 0.0;
	fprintf(out, "%zu document%s, %zu bytes in, %zu bytes out (%.1f%% removed), "
	        "%zu of %zu lines kept", s->docs, s->docs == 1 ? "" : "s", s->bytes_in,
	        s->bytes_out, removed, s->lines_out, s->lines_in);
	if (seconds > 0)
		fprintf(out, ", %.1f MB/s", (double)s->bytes_in / 1e6 / seconds);
	fputc('\n', out);
	if (s->spam_dropped)
		fprintf(out, "%zu document%s dropped whole as spam (--drop-spam-docs)\n", s->spam_dropped,
		        s->spam_dropped == 1 ? "" : "s");
	if (s->malformed)
		fprintf(out, "%zu malformed record%s (see --on-error)\n", s->malformed,
		        s->malformed == 1 ? "" : "s");
	if (s->oversize_records)
		fprintf(out, "%zu WARC record%s larger than --max-doc-bytes passed through uncleaned\n",
		        s->oversize_records, s->oversize_records == 1 ? "" : "s");
	if (s->invalid_utf8 || s->nul_bytes || s->oversize_lines)
		fprintf(out, "input oddities: %zu invalid UTF-8 sequences, %zu NUL bytes, "
		        "%zu oversize lines (passed through)\n", s->invalid_utf8, s->nul_bytes,
		        s->oversize_lines);
}

void summary_merge(summary *a, const summary *b)
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
	for (size_t c = 0; c < a->ncat; c++) {
		a->cat_lines[c] += b->cat_lines[c];
		a->cat_bytes[c] += b->cat_bytes[c];
		a->cat_docs[c] += b->cat_docs[c];
	}
}

void summary_free(summary *s)
{
	free(s->cat_lines);
	free(s->cat_bytes);
	free(s->cat_docs);
}

int cli_parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		return -1;
	unsigned long long mul = 1;
	if (*end == 'k' || *end == 'K') mul = 1ULL << 10, end++;
	else if (*end == 'm' || *end == 'M') mul = 1ULL << 20, end++;
	else if (*end == 'g' || *end == 'G') mul = 1ULL << 30, end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v > SIZE_MAX / mul)
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}
