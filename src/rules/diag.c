/*
 * diag.c: diagnostics of rule files.
 *
 * Owns how a problem found in a rule file reaches the user: a message at
 * file:line:col (columns in code points), the source line and a caret under
 * the span, counted as an error or not, through the rule set's callback.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"
#include "utf8.h"

/* ------------------------------------------------------------------ */
/* diagnostics                                                         */

static unsigned col_of(const wn_loc *loc)
{
	const unsigned char *line = (const unsigned char *)loc->src->text + loc->line_off;
	unsigned col = 1;
	for (size_t i = 0; i < loc->byte_col;) {
		int32_t cp;
		i += wn_utf8_decode(line + i, loc->byte_col - i, &cp);
		col++;
	}
	return col;
}

size_t wn_loc_line_len(const wn_loc *loc)
{
	const char *s = loc->src->text + loc->line_off;
	size_t rest = loc->src->len - loc->line_off;
	const char *nl = memchr(s, '\n', rest);
	size_t n = nl ? (size_t)(nl - s) : rest;
	if (n && s[n - 1] == '\r')
		n--;
	return n;
}

void wn_rules_report(wn_rules *r, wn_diag_level level, const wn_loc *loc, size_t span,
                     const char *fmt, ...)
{
	if (level == WN_DIAG_ERROR)
		r->errors++;
	if (!r->diag)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wn_diag d = { level, NULL, 0, 0, 1, msg, NULL };
	char *source = NULL;
	if (loc && loc->src) {
		d.file = loc->src->name;
		d.line = loc->line;
		d.col = col_of(loc);
		size_t n = wn_loc_line_len(loc);
		source = wn_strndup(loc->src->text + loc->line_off, n);
		d.source_line = source;
		/* span in code points, clipped to the line */
		if (loc->byte_col + span > n)
			span = loc->byte_col < n ? n - loc->byte_col : 1;
		wn_loc end = *loc;
		end.byte_col = loc->byte_col + span;
		d.span = col_of(&end) - d.col;
		if (d.span == 0)
			d.span = 1;
	}
	r->diag(r->diag_ud, &d);
	free(source);
}

/* A source line longer than this many code points is shown as a window
 * around the error: a generated rule file may hold a line of megabytes. */
enum { SOURCE_SHOWN = 160, SOURCE_BEFORE = 60, SOURCE_AFTER = 60, SOURCE_SPAN = 40 };

/* The byte offset k code points after byte i of s[0..len) (or len). */
static size_t skip_code_points(const unsigned char *s, size_t len, size_t i, size_t k)
{
	for (; k && i < len; k--) {
		int32_t cp;
		i += wn_utf8_decode(s + i, len - i, &cp);
	}
	return i;
}

static size_t count_code_points(const unsigned char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; n++) {
		int32_t cp;
		i += wn_utf8_decode(s + i, len - i, &cp);
	}
	return n;
}

/* Append to buf[0..size) as snprintf would at offset *total. */
static void append(char *buf, size_t size, size_t *total, const char *fmt, ...)
{
	size_t used = *total < size ? *total : size;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf ? buf + used : NULL, size - used, fmt, ap);
	va_end(ap);
	*total += n > 0 ? (size_t)n : 0;
}

/* The source line, or the part of it around the error, then a caret under
 * the column (tabs kept for alignment). */
static void append_source(const wn_diag *d, char *buf, size_t size, size_t *total)
{
	const unsigned char *s = (const unsigned char *)d->source_line;
	size_t len = strlen(d->source_line), col = d->col ? d->col - 1 : 0;
	size_t span = d->span ? d->span : 1, first = 0, last = len;
	if (count_code_points(s, len) > SOURCE_SHOWN) {
		if (span > SOURCE_SPAN)
			span = SOURCE_SPAN;
		size_t from = col > SOURCE_BEFORE ? col - SOURCE_BEFORE : 0;
		first = skip_code_points(s, len, 0, from);
		last = skip_code_points(s, len, first, col - from + span + SOURCE_AFTER);
		col -= from;
	}
	const char *open = first ? "..." : "", *close = last < len ? "..." : "";
	append(buf, size, total, "    %s%.*s%s\n    %s", open, (int)(last - first),
	       d->source_line + first, close, first ? "   " : "");
	size_t i = first;
	for (size_t k = 0; k < col && i < last; k++) {
		append(buf, size, total, "%c", s[i] == '\t' ? '\t' : ' ');
		i = skip_code_points(s, last, i, 1);
	}
	for (size_t k = 0; k < span; k++)
		append(buf, size, total, "%c", k ? '~' : '^');
	append(buf, size, total, "\n");
}

size_t wn_diag_format(const wn_diag *d, char *buf, size_t size)
{
	static const char *levels[] = { "error", "warning", "note" };
	size_t total = 0;
	if (d->file && d->line)
		append(buf, size, &total, "%s:%u:%u: %s: %s\n", d->file, d->line, d->col,
		       levels[d->level], d->message);
	else if (d->file)
		append(buf, size, &total, "%s: %s: %s\n", d->file, levels[d->level], d->message);
	else
		append(buf, size, &total, "%s: %s\n", levels[d->level], d->message);
	if (d->source_line)
		append_source(d, buf, size, &total);
	return total;
}

/* ------------------------------------------------------------------ */
/* life cycle and loading                                              */

