/*
 * report.c: the per-document JSON report (--report).
 *
 * Owns the report's field names and their order, and JSON string escaping.
 * One line per document; keys are stable so reports can be compared
 * between runs (the rule-set hash says whether the rules changed).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "filter.h"
#include "rules.h"
#include "utf8.h"

size_t wn_json_string(const char *s, size_t n, char *buf, size_t size)
{
	size_t o = 0;
#define OUT(c) do { if (o + 1 < size) buf[o] = (c); o++; } while (0)
	OUT('"');
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		if (c >= 0x80) {
			int32_t cp;
			size_t l = wn_utf8_decode(u + i, n - i, &cp);
			if (cp < 0) {
				const char *rep = "\xEF\xBF\xBD";
				for (int k = 0; k < 3; k++)
					OUT(rep[k]);
			} else {
				for (size_t k = 0; k < l; k++)
					OUT((char)u[i + k]);
			}
			i += l;
			continue;
		}
		if (c == '"' || c == '\\') {
			OUT('\\');
			OUT((char)c);
		} else if (c == '\n') {
			OUT('\\'); OUT('n');
		} else if (c == '\r') {
			OUT('\\'); OUT('r');
		} else if (c == '\t') {
			OUT('\\'); OUT('t');
		} else if (c < 0x20 || c == 0x7F) {
			char esc[8];
			snprintf(esc, sizeof esc, "\\u%04x", c);
			for (int k = 0; esc[k]; k++)
				OUT(esc[k]);
		} else {
			OUT((char)c);
		}
		i++;
	}
	OUT('"');
	if (size)
		buf[o < size ? o : size - 1] = '\0';
#undef OUT
	return o;
}

static int add_str(wn_vec *b, const char *s)
{
	return wn_buf_append(b, s, strlen(s));
}

static int add_json(wn_vec *b, const char *s)
{
	size_t n = strlen(s);
	size_t need = wn_json_string(s, n, NULL, 0);
	if (wn_vec_reserve(b, 1, b->len + need + 1))
		return -1;
	wn_json_string(s, n, (char *)b->data + b->len, need + 1);
	b->len += need;
	return 0;
}

static int add_fmt(wn_vec *b, const char *fmt, size_t v)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, fmt, v);
	return add_str(b, tmp);
}

int wn_report_json(const wn_filter *f, const char *file, const char *record, wn_write_fn fn,
                   void *ud)
{
	const wn_rules *r = wn_filter_rules(f);
	const wn_doc_stats *st = wn_filter_stats(f);
	wn_vec b = {0};
	int err = 0;
	err |= add_str(&b, "{");
	if (file) {
		err |= add_str(&b, "\"file\":");
		err |= add_json(&b, file);
		err |= add_str(&b, ",");
	}
	if (record) {
		err |= add_str(&b, "\"record\":");
		err |= add_json(&b, record);
		err |= add_str(&b, ",");
	}
	err |= add_fmt(&b, "\"bytes_in\":%zu", st->bytes_in);
	err |= add_fmt(&b, ",\"bytes_out\":%zu", st->bytes_out);
	err |= add_fmt(&b, ",\"lines_in\":%zu", st->lines_in);
	err |= add_fmt(&b, ",\"lines_out\":%zu", st->lines_out);
	err |= add_fmt(&b, ",\"lines_dropped\":%zu", st->lines_dropped);
	err |= add_fmt(&b, ",\"lines_partial\":%zu", st->lines_partial);
	err |= add_str(&b, ",\"removed\":{");
	int first = 1;
	for (size_t c = 0; c < r->categories.len; c++) {
		if (!st->cat_lines[c] && !st->cat_bytes[c])
			continue;
		err |= add_str(&b, first ? "" : ",");
		err |= add_json(&b, WN_VEC_AT(r->categories, char *, c));
		err |= add_fmt(&b, ":{\"lines\":%zu", st->cat_lines[c]);
		err |= add_fmt(&b, ",\"bytes\":%zu}", st->cat_bytes[c]);
		first = 0;
	}
	err |= add_str(&b, "},\"rules\":{");
	first = 1;
	for (size_t i = 0; i < r->active.len; i++) {
		if (!st->rule_hits[i])
			continue;
		err |= add_str(&b, first ? "" : ",");
		err |= add_json(&b, WN_VEC_AT(r->active, wn_rule *, i)->id);
		err |= add_fmt(&b, ":%zu", st->rule_hits[i]);
		first = 0;
	}
	err |= add_str(&b, "}");
	err |= add_fmt(&b, ",\"invalid_utf8\":%zu", st->invalid_utf8);
	err |= add_fmt(&b, ",\"nul_bytes\":%zu", st->nul_bytes);
	err |= add_fmt(&b, ",\"oversize_lines\":%zu", st->oversize_lines);
	err |= add_fmt(&b, ",\"windows\":%zu", st->windows);
	err |= add_fmt(&b, ",\"limit_hits\":%zu", st->limit_hits);
	err |= add_str(&b, st->has_bom ? ",\"bom\":true" : ",\"bom\":false");
	err |= add_str(&b, ",\"lang\":");
	err |= add_json(&b, st->lang ? st->lang : "und");
	char score[64];
	snprintf(score, sizeof score, ",\"spam\":{\"score\":%.3f,\"reasons\":[", st->spam_score);
	err |= add_str(&b, score);
	for (size_t i = 0; i < st->nspam_reasons; i++) {
		err |= add_str(&b, i ? "," : "");
		err |= add_json(&b, st->spam_reasons[i]);
	}
	err |= add_str(&b, st->dropped ? "]},\"dropped\":true" : "]},\"dropped\":false");
	char tail[96];
	snprintf(tail, sizeof tail, ",\"winnow\":\"%s\",\"rules_hash\":\"%016" PRIx64 "\"}\n",
	         WN_VERSION, r->hash);
	err |= add_str(&b, tail);
	int rc = WN_OK;
	if (err)
		rc = WN_ERR_NOMEM;
	else if (fn(ud, b.data, b.len))
		rc = WN_ERR_OUTPUT;
	wn_vec_free(&b);
	return rc;
}
