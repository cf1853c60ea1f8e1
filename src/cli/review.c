/*
 * review.c: the HTML review page (see review.h).
 *
 * Owns the page's data: each document as JSON (lines with their verdict,
 * rule, reason, model score and removed spans as segments), escaped so
 * that nothing in a document can end the data block or become markup (the
 * page's script only ever sets text), and the counts table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "review.h"

extern const char review_template[];
extern const size_t review_template_len;

struct review {
	const wn_rules *rules;
	char *title;
	FILE *data;          /* the documents' JSON, until the page is written */
	size_t ndocs;
	int in_doc;
	size_t doc_lines, doc_removed;
	char *buf;           /* scratch for JSON strings */
	size_t cap;
	int failed;
};

review *review_new(const wn_rules *rules, const char *title)
{
	review *rv = calloc(1, sizeof *rv);
	if (!rv)
		return NULL;
	rv->rules = rules;
	rv->title = strdup(title ? title : "winnow review");
	rv->data = tmpfile();
	if (!rv->title || !rv->data) {
		review_free(rv);
		return NULL;
	}
	return rv;
}

void review_free(review *rv)
{
	if (!rv)
		return;
	if (rv->data)
		fclose(rv->data);
	free(rv->title);
	free(rv->buf);
	free(rv);
}

/* s[0..n) as a JSON string that is also inert inside <script>: < > & as
 * \u escapes (wn_json_string has replaced invalid UTF-8 and escaped
 * control characters). */
static void json_text(review *rv, FILE *out, const char *s, size_t n)
{
	size_t need = wn_json_string(s, n, NULL, 0) + 1;
	if (need > rv->cap) {
		char *b = realloc(rv->buf, need);
		if (!b) {
			rv->failed = 1;
			fputs("\"\"", out);
			return;
		}
		rv->buf = b;
		rv->cap = need;
	}
	size_t len = wn_json_string(s, n, rv->buf, rv->cap);
	for (size_t i = 0; i < len; i++) {
		char c = rv->buf[i];
		if (c == '<')
			fputs("\\u003c", out);
		else if (c == '>')
			fputs("\\u003e", out);
		else if (c == '&')
			fputs("\\u0026", out);
		else
			fputc(c, out);
	}
}

static void json_cstr(review *rv, FILE *out, const char *s)
{
	json_text(rv, out, s ? s : "", s ? strlen(s) : 0);
}

int review_add_line(review *rv, const char *text, size_t len, wn_verdict verdict, int rule,
                    const char *reason, double score, const wn_span *spans, size_t nspans,
                    int mark)
{
	FILE *d = rv->data;
	if (!rv->in_doc) {
		fputs(rv->ndocs ? ",\n{\"lines\":[" : "{\"lines\":[", d);
		rv->in_doc = 1;
		rv->doc_lines = rv->doc_removed = 0;
	} else {
		fputs(",\n", d);
	}
	int v = verdict == WN_DROP ? 1 : verdict == WN_PARTIAL ? 2 : 0;
	if (rule < 0 && nspans)
		rule = spans[0].rule;
	fprintf(d, "[%d,%d,", v, rule);
	json_cstr(rv, d, reason);
	if (score >= 0)
		fprintf(d, ",%.2f,", score);
	else
		fputs(",-1,", d);
	if (v == 2) {
		/* segments: [text, rule] with rule -1 for what stays */
		fputc('[', d);
		size_t pos = 0;
		for (size_t i = 0; i < nspans; i++) {
			size_t a = spans[i].start < len ? spans[i].start : len;
			size_t b = spans[i].end < len ? spans[i].end : len;
			if (a > pos) {
				fputc('[', d);
				json_text(rv, d, text + pos, a - pos);
				fputs(",-1],", d);
			}
			if (b > a) {
				fputc('[', d);
				json_text(rv, d, text + a, b - a);
				fprintf(d, ",%d],", spans[i].rule);
			}
			pos = b > pos ? b : pos;
		}
		fputc('[', d);
		json_text(rv, d, text + pos, len - pos);
		fputs(",-1]]", d);
	} else {
		json_text(rv, d, text, len);
	}
	fprintf(d, ",%d]", mark);
	rv->doc_lines++;
	if (v == 2 || (v == 1 && len > 0))
		rv->doc_removed++;
	return ferror(d) || rv->failed ? -1 : 0;
}

void review_explain_line(void *ud, const wn_line_verdict *v)
{
	review_add_line(ud, v->text, v->len, v->verdict, v->rule, v->reason, v->model_score,
	                v->spans, v->nspans, REVIEW_NO_MARK);
}

int review_end_doc(review *rv, const char *name, const char *lang, double spam)
{
	FILE *d = rv->data;
	if (!rv->in_doc) {
		fputs(rv->ndocs ? ",\n{\"lines\":[" : "{\"lines\":[", d);
		rv->doc_removed = 0;
	}
	fputs("],\"name\":", d);
	json_cstr(rv, d, name);
	fputs(",\"lang\":", d);
	json_cstr(rv, d, lang);
	fprintf(d, ",\"spam\":%.3f,\"removed\":%zu}", spam, rv->doc_removed);
	rv->in_doc = 0;
	rv->ndocs++;
	return ferror(d) || rv->failed ? -1 : 0;
}

/* Text for HTML: & < > " escaped. */
static void html_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

typedef struct text_buf {
	char *p;
	size_t len, cap;
} text_buf;

static int to_text_buf(void *ud, const char *p, size_t n)
{
	text_buf *t = ud;
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2;
		char *b = realloc(t->p, cap);
		if (!b)
			return -1;
		t->p = b;
		t->cap = cap;
	}
	memcpy(t->p + t->len, p, n);
	t->len += n;
	t->p[t->len] = '\0';
	return 0;
}

/* The counts of sum, as --stats prints them, with a toggle per category. */
static void counts_table(const review *rv, const wn_summary *sum, FILE *out)
{
	fputs("<table id=\"counts\">\n<caption>Removed, per category</caption>\n"
	      "<thead><tr><th scope=\"col\">category</th><th scope=\"col\">lines</th>"
	      "<th scope=\"col\">bytes</th><th scope=\"col\">docs</th><th scope=\"col\">show</th>"
	      "</tr></thead>\n<tbody>\n", out);
	size_t lines = 0, bytes = 0;
	for (size_t c = 0; c < sum->ncat; c++) {
		if (!sum->cat_lines[c] && !sum->cat_bytes[c])
			continue;
		const char *name = wn_rules_category_name(rv->rules, c);
		fprintf(out, "<tr data-category=\"");
		html_text(out, name);
		fprintf(out, "\"><td><span class=\"swatch\" data-cat=\"%zu\"></span>", c);
		html_text(out, name);
		fprintf(out, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td><input type=\"checkbox\" "
		        "checked data-toggle=\"%zu\" aria-label=\"show ", sum->cat_lines[c],
		        sum->cat_bytes[c], sum->cat_docs[c], c);
		html_text(out, name);
		fputs("\"></td></tr>\n", out);
		lines += sum->cat_lines[c];
		bytes += sum->cat_bytes[c];
	}
	fprintf(out, "<tr data-category=\"total\"><th scope=\"row\">total</th><td>%zu</td><td>%zu</td>"
	        "<td>%zu</td><td></td></tr>\n</tbody>\n</table>\n", lines, bytes, sum->docs_touched);
	/* the lines --stats prints under its table */
	text_buf t = { 0 };
	if (wn_summary_print(sum, rv->rules, 0, to_text_buf, &t) == WN_OK && t.p) {
		char *rest = strstr(t.p, "\ntotal ");
		rest = rest ? strchr(rest + 1, '\n') : NULL;
		for (char *line = rest ? rest + 1 : NULL; line && *line;) {
			char *end = strchr(line, '\n');
			if (end)
				*end = '\0';
			fputs("<p class=\"totals\">", out);
			html_text(out, line);
			fputs("</p>\n", out);
			line = end ? end + 1 : NULL;
		}
	}
	free(t.p);
}

static const char *find(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

int review_write(review *rv, const wn_summary *sum, FILE *out)
{
	const char *t = review_template, *end = t + review_template_len;
	const char *counts = find(t, review_template_len, "<!--COUNTS-->");
	const char *data = find(t, review_template_len, "<!--DATA-->");
	const char *title = find(t, review_template_len, "<title>winnow review</title>");
	if (!counts || !data || !title || rv->in_doc || rv->failed) {
		errno = EINVAL;
		return -1;
	}
	fwrite(t, 1, (size_t)(title - t), out);
	fputs("<title>", out);
	html_text(out, rv->title);
	fputs("</title>", out);
	const char *after_title = title + strlen("<title>winnow review</title>");
	fwrite(after_title, 1, (size_t)(counts - after_title), out);
	counts_table(rv, sum, out);
	const char *after_counts = counts + strlen("<!--COUNTS-->");
	fwrite(after_counts, 1, (size_t)(data - after_counts), out);

	fputs("<script type=\"application/json\" id=\"winnow-data\">{\"categories\":[", out);
	for (size_t c = 0; c < wn_rules_category_count(rv->rules); c++) {
		if (c)
			fputc(',', out);
		json_cstr(rv, out, wn_rules_category_name(rv->rules, c));
	}
	fputs("],\n\"rules\":[", out);
	for (size_t i = 0; i < wn_rules_count(rv->rules); i++) {
		wn_rule_info info;
		wn_rules_get(rv->rules, i, &info);
		fputs(i ? ",\n[" : "[", out);
		json_cstr(rv, out, info.id);
		fprintf(out, ",%d,", wn_rules_category_find(rv->rules, info.category));
		json_cstr(rv, out, info.description);
		fputc(']', out);
	}
	fputs("],\n\"docs\":[\n", out);
	fflush(rv->data);
	rewind(rv->data);
	char buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, rv->data)) > 0)
		fwrite(buf, 1, n, out);
	if (ferror(rv->data))
		return -1;
	fputs("\n]}</script>", out);
	const char *after_data = data + strlen("<!--DATA-->");
	fwrite(after_data, 1, (size_t)(end - after_data), out);
	return ferror(out) || rv->failed ? -1 : 0;
}
