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

size_t wn_diag_format(const wn_diag *d, char *buf, size_t size)
{
	static const char *levels[] = { "error", "warning", "note" };
	int n;
	if (d->file && d->line)
		n = snprintf(buf, size, "%s:%u:%u: %s: %s\n", d->file, d->line, d->col,
		             levels[d->level], d->message);
	else if (d->file)
		n = snprintf(buf, size, "%s: %s: %s\n", d->file, levels[d->level], d->message);
	else
		n = snprintf(buf, size, "%s: %s\n", levels[d->level], d->message);
	size_t total = n > 0 ? (size_t)n : 0;
	if (d->source_line) {
		/* source line, then a caret under the column (tabs kept for alignment) */
		size_t used = total < size ? total : size;
		n = snprintf(buf + used, size - used, "    %s\n    ", d->source_line);
		total += n > 0 ? (size_t)n : 0;
		const unsigned char *s = (const unsigned char *)d->source_line;
		size_t len = strlen(d->source_line), i = 0;
		for (unsigned col = 1; col < d->col && i < len; col++) {
			int32_t cp;
			size_t l = wn_utf8_decode(s + i, len - i, &cp);
			used = total < size ? total : size;
			total += (size_t)snprintf(buf + used, size - used, "%c", s[i] == '\t' ? '\t' : ' ');
			i += l;
		}
		for (unsigned k = 0; k < d->span; k++) {
			used = total < size ? total : size;
			total += (size_t)snprintf(buf + used, size - used, "%c", k ? '~' : '^');
		}
		used = total < size ? total : size;
		total += (size_t)snprintf(buf + used, size - used, "\n");
	}
	return total;
}

/* ------------------------------------------------------------------ */
/* life cycle and loading                                              */

