/*
 * parse.c: reading rule files.
 *
 * Owns the surface syntax documented in rules/README.md. A file is a list of
 * lines; each line is empty, a comment, a statement (rule, wordlist, param,
 * set, define, condition, disable) or a property of the rule or word list
 * opened by the last statement. Errors name file:line:col and parsing goes
 * on with the next line, so one run reports every error of a file. The
 * parser also owns freeing what it builds (rules, patterns, models, fits).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "rules.h"

typedef struct lexer {
	wn_rules *r;
	wn_src *src;
	const char *line;
	size_t len, pos;
	unsigned lineno;
	size_t line_off;
	wn_rule *rule;       /* the rule being read, or NULL */
	int wordlist;        /* the word list being read, or -1 */
	wn_model_src *model; /* the model being read, or NULL */
	wn_fit_src *fit;     /* the fit being read, or NULL */
	wn_loc open_loc;     /* where the current rule/word list started */
} lexer;

static wn_loc loc_at(const lexer *lx, size_t pos)
{
	wn_loc l = { lx->src, lx->lineno, lx->line_off, pos };
	return l;
}

#define ERR(lx, at, span, ...) wn_rules_report((lx)->r, WN_DIAG_ERROR, \
	&(wn_loc){ (lx)->src, (lx)->lineno, (lx)->line_off, (at) }, (span), __VA_ARGS__)

/* The entry just appended is found by name from now on; without memory
 * for the index the load fails, as it does without memory for the entry. */
static void indexed(lexer *lx, wn_name_kind kind)
{
	if (wn_names_add(lx->r, kind))
		lx->r->errors++;
}

static void skip_ws(lexer *lx)
{
	while (lx->pos < lx->len && (lx->line[lx->pos] == ' ' || lx->line[lx->pos] == '\t'))
		lx->pos++;
}

/* At the end of the meaningful part of the line (end or a comment)? */
static int at_end(lexer *lx)
{
	skip_ws(lx);
	return lx->pos >= lx->len || lx->line[lx->pos] == '#';
}

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

static size_t token_len(const lexer *lx)
{
	size_t n = 0;
	while (lx->pos + n < lx->len && lx->line[lx->pos + n] != ' ' &&
	       lx->line[lx->pos + n] != '\t')
		n++;
	return n ? n : 1;
}

/* A name: letters, digits, _ . - ; returns malloc'ed copy or NULL (error
 * reported, naming `what`). */
static char *read_name(lexer *lx, const char *what)
{
	skip_ws(lx);
	size_t start = lx->pos;
	while (lx->pos < lx->len && ident_char(lx->line[lx->pos]))
		lx->pos++;
	if (lx->pos == start) {
		if (at_end(lx))
			ERR(lx, start, 1, "expected %s", what);
		else
			ERR(lx, start, token_len(lx), "expected %s (letters, digits, '_', '.', '-')", what);
		return NULL;
	}
	if (lx->pos < lx->len && lx->line[lx->pos] != ' ' && lx->line[lx->pos] != '\t' &&
	    lx->line[lx->pos] != '#') {
		ERR(lx, lx->pos, 1, "unexpected character in %s", what);
		return NULL;
	}
	return wn_strndup(lx->line + start, lx->pos - start);
}

static int expect_end(lexer *lx, const char *after)
{
	if (at_end(lx))
		return 0;
	ERR(lx, lx->pos, token_len(lx), "unexpected text after %s", after);
	return -1;
}

static char *read_string(lexer *lx, const char *what)
{
	skip_ws(lx);
	if (lx->pos >= lx->len || lx->line[lx->pos] != '"') {
		ERR(lx, lx->pos, at_end(lx) ? 1 : token_len(lx), "expected %s in double quotes", what);
		return NULL;
	}
	size_t start = lx->pos++;
	wn_vec out = {0};
	while (lx->pos < lx->len && lx->line[lx->pos] != '"') {
		char c = lx->line[lx->pos++];
		if (c == '\\' && lx->pos < lx->len &&
		    (lx->line[lx->pos] == '"' || lx->line[lx->pos] == '\\'))
			c = lx->line[lx->pos++];
		if (wn_buf_putc(&out, c)) {
			wn_vec_free(&out);
			return NULL;
		}
	}
	if (lx->pos >= lx->len) {
		ERR(lx, start, lx->len - start, "unterminated string: expected a closing '\"'");
		wn_vec_free(&out);
		return NULL;
	}
	lx->pos++;
	if (wn_buf_cstr(&out)) {
		wn_vec_free(&out);
		return NULL;
	}
	return out.data;
}

static int read_regex(lexer *lx, wn_regex *re)
{
	skip_ws(lx);
	memset(re, 0, sizeof *re);
	if (lx->pos >= lx->len || lx->line[lx->pos] != '/') {
		ERR(lx, lx->pos, at_end(lx) ? 1 : token_len(lx),
		    "expected a pattern between slashes, like /^share this$/");
		return -1;
	}
	size_t start = ++lx->pos;
	while (lx->pos < lx->len && lx->line[lx->pos] != '/') {
		if (lx->line[lx->pos] == '\\' && lx->pos + 1 < lx->len)
			lx->pos++;
		lx->pos++;
	}
	if (lx->pos >= lx->len) {
		ERR(lx, start - 1, lx->len - start + 1,
		    "unterminated pattern: expected a closing '/' (write \\/ for a slash)");
		return -1;
	}
	if (lx->pos == start) {
		ERR(lx, start - 1, 2, "empty pattern");
		return -1;
	}
	size_t end = lx->pos++;
	while (lx->pos < lx->len && ident_char(lx->line[lx->pos])) {
		char f = lx->line[lx->pos];
		if (f == 'x') {
			re->extended = 1;
		} else if (f != 'i') { /* i is accepted: matching is case-insensitive anyway */
			ERR(lx, lx->pos, 1, "unknown pattern flag '%c' (only x and i exist)", f);
			return -1;
		}
		lx->pos++;
	}
	re->text = wn_strndup(lx->line + start, end - start);
	if (!re->text)
		return -1;
	re->len = end - start;
	re->loc = loc_at(lx, start);
	return 0;
}

static int read_number(lexer *lx, double *out, const char *what)
{
	skip_ws(lx);
	size_t start = lx->pos;
	while (lx->pos < lx->len && (ident_char(lx->line[lx->pos]) || lx->line[lx->pos] == '+'))
		lx->pos++;
	/* a range "lo..hi" is read by the caller: stop at ".." */
	const char *dots = NULL;
	for (size_t i = start; i + 1 < lx->pos; i++)
		if (lx->line[i] == '.' && lx->line[i + 1] == '.') {
			dots = lx->line + i;
			break;
		}
	if (dots)
		lx->pos = (size_t)(dots - lx->line);
	size_t n = lx->pos - start;
	char buf[64];
	if (n == 0 || n >= sizeof buf) {
		ERR(lx, start, n ? n : 1, "expected %s (a number)", what);
		return -1;
	}
	memcpy(buf, lx->line + start, n);
	buf[n] = '\0';
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (end != buf + n || errno || !isfinite(v)) {
		ERR(lx, start, n, "expected %s: '%s' is not a number", what, buf);
		return -1;
	}
	*out = v;
	return 0;
}

/* A number or $param, as used by gap, blank and min-lines. */
static int read_num(lexer *lx, wn_num *num, const char *what)
{
	skip_ws(lx);
	if (num->set) {
		ERR(lx, lx->pos, 1, "%s is already set for this rule", what);
		return -1;
	}
	num->loc = loc_at(lx, lx->pos);
	num->param = -1;
	if (lx->pos < lx->len && lx->line[lx->pos] == '$') {
		lx->pos++;
		size_t s = lx->pos;
		while (lx->pos < lx->len && ident_char(lx->line[lx->pos]))
			lx->pos++;
		if (lx->pos == s) {
			ERR(lx, s - 1, 1, "expected a parameter name after '$'");
			return -1;
		}
		num->param_name = wn_strndup(lx->line + s, lx->pos - s);
		if (!num->param_name)
			return -1;
	} else if (read_number(lx, &num->value, what)) {
		return -1;
	} else if (num->value < 0 || num->value != floor(num->value)) {
		ERR(lx, num->loc.byte_col, lx->pos - num->loc.byte_col,
		    "%s must be a whole number of lines, 0 or more", what);
		return -1;
	}
	num->set = 1;
	return expect_end(lx, what);
}

static int read_cond(lexer *lx, wn_vec *conds)
{
	skip_ws(lx);
	size_t start = lx->pos;
	size_t end = lx->len;
	for (size_t i = start; i < lx->len; i++)
		if (lx->line[i] == '#') {
			end = i;
			break;
		}
	while (end > start && (lx->line[end - 1] == ' ' || lx->line[end - 1] == '\t'))
		end--;
	if (end == start) {
		ERR(lx, start, 1, "expected a condition, like: words <= 8 and not terminal");
		return -1;
	}
	wn_expr_error err;
	wn_expr *e = wn_expr_parse(lx->line + start, end - start, &err);
	if (!e) {
		if (err.message)
			ERR(lx, start + err.offset, err.span, "%s", err.message);
		return -1;
	}
	wn_cond_src c = { e, loc_at(lx, start) };
	if (!wn_vec_push(conds, sizeof c, &c)) {
		wn_expr_free(e);
		return -1;
	}
	lx->pos = lx->len;
	return 0;
}

static int add_alt(lexer *lx, wn_pattern *p)
{
	wn_regex re;
	if (read_regex(lx, &re))
		return -1;
	if (!wn_vec_push(&p->alts, sizeof re, &re)) {
		free(re.text);
		return -1;
	}
	return expect_end(lx, "the pattern");
}

/* ------------------------------------------------------------------ */
/* what the parser builds, freed                                       */

void wn_pattern_free(wn_pattern *p)
{
	for (size_t i = 0; i < p->alts.len; i++)
		free(WN_VEC_AT(p->alts, wn_regex, i).text);
	wn_vec_free(&p->alts);
	if (p->code)
		pcre2_code_free(p->code);
	p->code = NULL;
	p->jitted = 0;
	wn_prefix_free(&p->prefix);
}

static void free_conds(wn_vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		wn_expr_free(WN_VEC_AT(*v, wn_cond_src, i).expr);
		wn_prog_free(&WN_VEC_AT(*v, wn_cond_src, i).prog);
	}
	wn_vec_free(v);
}

void wn_rule_free(wn_rule *rule)
{
	if (!rule)
		return;
	free(rule->id);
	free(rule->category);
	free(rule->description);
	wn_pattern_free(&rule->match);
	wn_pattern_free(&rule->unless);
	wn_pattern_free(&rule->cont);
	wn_pattern_free(&rule->extend);
	free_conds(&rule->when);
	free_conds(&rule->cont_when);
	free_conds(&rule->extend_when);
	free_conds(&rule->line_when);
	free(rule->gap.param_name);
	free(rule->blank.param_name);
	free(rule->min_lines.param_name);
	free(rule);
}

void wn_model_src_free(wn_model_src *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->inputs.len; i++) {
		wn_model_input *in = &WN_VEC_AT(m->inputs, wn_model_input, i);
		free(in->name);
		wn_expr_free(in->cond.expr);
	}
	wn_vec_free(&m->inputs);
	free(m->name);
	free(m->description);
	free(m);
}

void wn_fit_src_free(wn_fit_src *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->rows.len; i++)
		free(WN_VEC_AT(f->rows, wn_fit_row, i).name);
	wn_vec_free(&f->rows);
	free(f->name);
	free(f);
}

/* ------------------------------------------------------------------ */

static const char *scope_props[] = {
	[WN_SCOPE_LINE] = "match, unless, when",
	[WN_SCOPE_BLOCK] = "match, unless, when, continue, continue-when, gap, blank, min-lines",
	[WN_SCOPE_SUFFIX] = "match, unless, when, line-when, glue",
	[WN_SCOPE_SENTENCE] = "match, unless, when, line-when, extend, extend-when",
	[WN_SCOPE_PARAGRAPH] = "match, unless, when",
};

static void misplaced(lexer *lx, const wn_rule *rule, const wn_loc *loc, const char *prop)
{
	wn_rules_report(lx->r, WN_DIAG_ERROR, loc, strlen(prop),
	                "'%s' does not apply to scope %s (it takes %s)", prop,
	                wn_scope_name(rule->scope), scope_props[rule->scope]);
}

static wn_loc first_loc(const wn_pattern *p)
{
	return WN_VEC_AT(p->alts, wn_regex, 0).loc;
}

static wn_loc first_cond_loc(const wn_vec *v)
{
	return WN_VEC_AT(*v, wn_cond_src, 0).loc;
}

/* Check the rule just read and add it to the set. */
static void finish_rule(lexer *lx)
{
	wn_rule *rule = lx->rule;
	if (!rule)
		return;
	lx->rule = NULL;
	int ok = 1;
	if (!rule->has_category) {
		wn_rules_report(lx->r, WN_DIAG_ERROR, &rule->loc, 4,
		                "rule '%s' has no category (add: category NAME)", rule->id);
		ok = 0;
	}
	if (!rule->has_describe) {
		wn_rules_report(lx->r, WN_DIAG_ERROR, &rule->loc, 4,
		                "rule '%s' has no description (add: describe \"...\")", rule->id);
		ok = 0;
	}
	wn_scope sc = rule->scope;
	wn_loc l;
	if (sc != WN_SCOPE_BLOCK) {
		if (rule->cont.alts.len) { l = first_loc(&rule->cont); misplaced(lx, rule, &l, "continue"); ok = 0; }
		if (rule->cont_when.len) { l = first_cond_loc(&rule->cont_when); misplaced(lx, rule, &l, "continue-when"); ok = 0; }
		if (rule->gap.set) { l = rule->gap.loc; misplaced(lx, rule, &l, "gap"); ok = 0; }
		if (rule->blank.set) { l = rule->blank.loc; misplaced(lx, rule, &l, "blank"); ok = 0; }
		if (rule->min_lines.set) { l = rule->min_lines.loc; misplaced(lx, rule, &l, "min-lines"); ok = 0; }
	}
	if (sc != WN_SCOPE_SENTENCE) {
		if (rule->extend.alts.len) { l = first_loc(&rule->extend); misplaced(lx, rule, &l, "extend"); ok = 0; }
		if (rule->extend_when.len) { l = first_cond_loc(&rule->extend_when); misplaced(lx, rule, &l, "extend-when"); ok = 0; }
	}
	if ((sc == WN_SCOPE_LINE || sc == WN_SCOPE_BLOCK || sc == WN_SCOPE_PARAGRAPH) &&
	    rule->line_when.len) {
		l = first_cond_loc(&rule->line_when);
		misplaced(lx, rule, &l, "line-when");
		ok = 0;
	}
	if (sc != WN_SCOPE_SUFFIX && rule->glue) {
		misplaced(lx, rule, &rule->glue_loc, "glue");
		ok = 0;
	}
	if (sc == WN_SCOPE_BLOCK && !rule->cont.alts.len && !rule->cont_when.len) {
		wn_rules_report(lx->r, WN_DIAG_ERROR, &rule->loc, 4,
		                "block rule '%s' needs 'continue' or 'continue-when' to say which lines continue it",
		                rule->id);
		ok = 0;
	}
	if (sc == WN_SCOPE_SUFFIX && !rule->match.alts.len && !rule->glue) {
		wn_rules_report(lx->r, WN_DIAG_ERROR, &rule->loc, 4,
		                "suffix rule '%s' needs 'match' (with an optional (?<cut>...) group) or 'glue'",
		                rule->id);
		ok = 0;
	}
	if (sc == WN_SCOPE_SUFFIX && rule->match.alts.len && rule->glue) {
		wn_rules_report(lx->r, WN_DIAG_ERROR, &rule->glue_loc, 4,
		                "suffix rule '%s' has both 'match' and 'glue': use one per rule", rule->id);
		ok = 0;
	}
	/* a rule whose lines failed to parse is not judged as incomplete */
	if (!rule->match.alts.len && !rule->when.len && !rule->glue &&
	    lx->r->errors == rule->errors_before) {
		wn_rules_report(lx->r, WN_DIAG_ERROR, &rule->loc, 4,
		                "rule '%s' matches everything: give it 'match' or 'when'", rule->id);
		ok = 0;
	}
	if (!ok) {
		wn_rule_free(rule);
		return;
	}
	int old = wn_names_find(lx->r, WN_NAME_RULE, rule->id, strlen(rule->id));
	if (old >= 0) {
		wn_rule *prev = WN_VEC_AT(lx->r->rules, wn_rule *, old);
		if (prev->loc.src == rule->loc.src) {
			wn_rules_report(lx->r, WN_DIAG_ERROR, &rule->loc, 4 + 1 + strlen(rule->id),
			                "duplicate rule id '%s' (first defined on line %u)", rule->id,
			                prev->loc.line);
			wn_rule_free(rule);
			return;
		}
		/* a later file replaces the rule in place: evaluation order stays */
		wn_rule_free(prev);
		WN_VEC_AT(lx->r->rules, wn_rule *, old) = rule;
		return;
	}
	if (!wn_vec_push(&lx->r->rules, sizeof rule, &rule)) {
		wn_rule_free(rule);
		lx->r->errors++;
	} else {
		indexed(lx, WN_NAME_RULE);
	}
}

/* A model or fit just read replaces the one of an earlier file. */
static void finish_model(lexer *lx)
{
	wn_model_src *m = lx->model;
	lx->model = NULL;
	if (m && m->inputs.len == 0) {
		/* nothing to weigh: an input line forgotten or mistyped */
		wn_rules_report(lx->r, WN_DIAG_ERROR, &m->loc, strlen(m->name),
		                "model '%s' has no inputs (expected 'input NAME EXPRESSION' lines)",
		                m->name);
		wn_model_src_free(m);
	} else if (m) {
		if (lx->r->model_src && lx->r->model_src->loc.src == m->loc.src) {
			wn_rules_report(lx->r, WN_DIAG_ERROR, &m->loc, 5,
			                "a second model in one file (the first is on line %u)",
			                lx->r->model_src->loc.line);
			wn_model_src_free(m);
		} else {
			wn_model_src_free(lx->r->model_src);
			lx->r->model_src = m;
		}
	}
	wn_fit_src *f = lx->fit;
	lx->fit = NULL;
	if (f) {
		if (lx->r->fit_src && lx->r->fit_src->loc.src == f->loc.src) {
			wn_rules_report(lx->r, WN_DIAG_ERROR, &f->loc, 3,
			                "a second fit in one file (the first is on line %u)",
			                lx->r->fit_src->loc.line);
			wn_fit_src_free(f);
		} else {
			wn_fit_src_free(lx->r->fit_src);
			lx->r->fit_src = f;
		}
	}
}

static void finish_open(lexer *lx)
{
	finish_rule(lx);
	finish_model(lx);
	lx->wordlist = -1;
}

/* ------------------------------------------------------------------ */
/* statements                                                          */

static void stmt_rule(lexer *lx)
{
	finish_open(lx);
	char *id = read_name(lx, "a rule id after 'rule'");
	if (!id)
		return;
	wn_rule *rule = calloc(1, sizeof *rule);
	if (!rule) {
		free(id);
		return;
	}
	rule->id = id;
	rule->scope = WN_SCOPE_LINE;
	size_t first = 0;
	while (first < lx->len && (lx->line[first] == ' ' || lx->line[first] == '\t'))
		first++;
	rule->loc = loc_at(lx, first);
	rule->gap.param = rule->blank.param = rule->min_lines.param = -1;
	rule->blank.value = 2;
	rule->errors_before = lx->r->errors;
	rule->min_lines.value = 1;
	lx->rule = rule;
	expect_end(lx, "the rule id");
}

static void stmt_wordlist(lexer *lx)
{
	finish_open(lx);
	char *name = read_name(lx, "a word-list name after 'wordlist'");
	if (!name)
		return;
	int idx = wn_wordlists_intern(&lx->r->lists, name);
	if (idx < 0)
		ERR(lx, 0, 8, "too many word lists (at most %d)", WN_MAX_LISTS);
	free(name);
	lx->wordlist = idx;
	expect_end(lx, "the word-list name");
}

static void stmt_param(lexer *lx)
{
	finish_open(lx);
	wn_param p = {0};
	p.loc = loc_at(lx, 0);
	size_t name_at;
	skip_ws(lx);
	name_at = lx->pos;
	p.name = read_name(lx, "a parameter name after 'param'");
	if (!p.name)
		return;
	size_t vstart;
	skip_ws(lx);
	vstart = lx->pos;
	if (read_number(lx, &p.value, "the parameter's value"))
		goto fail;
	size_t vend = lx->pos;
	skip_ws(lx);
	size_t rstart = lx->pos;
	if (read_number(lx, &p.min, "a range like 0..10 after the value"))
		goto fail;
	if (lx->pos + 1 >= lx->len || lx->line[lx->pos] != '.' || lx->line[lx->pos + 1] != '.') {
		ERR(lx, lx->pos, 1, "expected '..' in the range (like 0..10)");
		goto fail;
	}
	lx->pos += 2;
	if (read_number(lx, &p.max, "the upper end of the range"))
		goto fail;
	size_t rend = lx->pos;
	p.description = read_string(lx, "a description of the parameter");
	if (!p.description)
		goto fail;
	if (expect_end(lx, "the description"))
		goto fail;
	if (p.min > p.max) {
		ERR(lx, rstart, rend - rstart, "empty range: %g is above %g", p.min, p.max);
		goto fail;
	}
	if (p.value < p.min || p.value > p.max) {
		ERR(lx, vstart, vend - vstart, "value %g is outside the range %g..%g", p.value,
		    p.min, p.max);
		goto fail;
	}
	int is_int = 1;
	for (size_t i = vstart; i < rend; i++)
		if (lx->line[i] == '.' && !(i + 1 < rend && lx->line[i + 1] == '.') &&
		    !(i > 0 && lx->line[i - 1] == '.'))
			is_int = 0;
	p.is_int = is_int;
	int old = wn_names_find(lx->r, WN_NAME_PARAM, p.name, strlen(p.name));
	if (old >= 0) {
		wn_param *prev = &WN_VEC_AT(lx->r->params, wn_param, old);
		if (prev->loc.src == p.loc.src) {
			ERR(lx, name_at, strlen(p.name),
			    "duplicate parameter '%s' (first defined on line %u)", p.name, prev->loc.line);
			goto fail;
		}
		free(prev->name);
		free(prev->description);
		*prev = p;
		return;
	}
	if (wn_vec_push(&lx->r->params, sizeof p, &p)) {
		indexed(lx, WN_NAME_PARAM);
		return;
	}
fail:
	free(p.name);
	free(p.description);
}

static void stmt_set(lexer *lx)
{
	finish_open(lx);
	wn_setting s = {0};
	skip_ws(lx);
	s.loc = loc_at(lx, lx->pos);
	s.name = read_name(lx, "a parameter name after 'set'");
	if (!s.name)
		return;
	if (read_number(lx, &s.value, "the new value") || expect_end(lx, "the value") ||
	    !wn_vec_push(&lx->r->settings, sizeof s, &s))
		free(s.name);
}

static void stmt_define(lexer *lx)
{
	finish_open(lx);
	wn_define d = {0};
	skip_ws(lx);
	size_t at = lx->pos;
	d.name = read_name(lx, "a macro name after 'define'");
	if (!d.name)
		return;
	int old = wn_names_find(lx->r, WN_NAME_DEFINE, d.name, strlen(d.name));
	wn_define *o = old >= 0 ? &WN_VEC_AT(lx->r->defines, wn_define, old) : NULL;
	if (o && o->re.loc.src == lx->src) {
		ERR(lx, at, strlen(d.name), "duplicate define '%s' (first defined on line %u)", d.name,
		    o->re.loc.line);
		free(d.name);
		return;
	}
	if (read_regex(lx, &d.re) || expect_end(lx, "the pattern")) {
		free(d.name);
		free(d.re.text);
		return;
	}
	if (o) { /* a later file replaces it */
		free(o->name);
		free(o->re.text);
		*o = d;
		return;
	}
	if (!wn_vec_push(&lx->r->defines, sizeof d, &d)) {
		free(d.name);
		free(d.re.text);
	} else {
		indexed(lx, WN_NAME_DEFINE);
	}
}

static void stmt_condition(lexer *lx)
{
	finish_open(lx);
	skip_ws(lx);
	size_t at = lx->pos;
	char *name = read_name(lx, "a condition name after 'condition'");
	if (!name)
		return;
	if (wn_feature_find(name, strlen(name)) >= 0) {
		ERR(lx, at, strlen(name), "'%s' is a built-in feature; choose another name", name);
		free(name);
		return;
	}
	wn_vec one = {0};
	if (read_cond(lx, &one)) {
		free(name);
		return;
	}
	wn_condition c = { name, WN_VEC_AT(one, wn_cond_src, 0) };
	wn_vec_free(&one);
	int old = wn_names_find(lx->r, WN_NAME_CONDITION, name, strlen(name));
	if (old >= 0) {
		wn_condition *o = &WN_VEC_AT(lx->r->conditions, wn_condition, old);
		if (o->cond.loc.src == lx->src) {
			ERR(lx, at, strlen(name), "duplicate condition '%s' (first defined on line %u)",
			    name, o->cond.loc.line);
			free(name);
			wn_expr_free(c.cond.expr);
			return;
		}
		free(o->name);
		wn_expr_free(o->cond.expr);
		*o = c;
		return;
	}
	if (!wn_vec_push(&lx->r->conditions, sizeof c, &c)) {
		free(name);
		wn_expr_free(c.cond.expr);
	} else {
		indexed(lx, WN_NAME_CONDITION);
	}
}

/* spam "reason" WEIGHT when CONDITION */
static void stmt_spam(lexer *lx)
{
	finish_open(lx);
	wn_spam sp = { 0 };
	sp.reason = read_string(lx, "the reason, like \"fake profile\"");
	if (!sp.reason)
		return;
	skip_ws(lx);
	size_t at = lx->pos;
	if (read_number(lx, &sp.weight, "the reason's weight (0 to 1)"))
		goto fail;
	if (sp.weight < 0 || sp.weight > 1) {
		ERR(lx, at, lx->pos - at, "the weight must be from 0 to 1");
		goto fail;
	}
	skip_ws(lx);
	if (lx->len - lx->pos < 4 || memcmp(lx->line + lx->pos, "when", 4) != 0) {
		ERR(lx, lx->pos, at_end(lx) ? 1 : token_len(lx), "expected 'when' and a condition on the document");
		goto fail;
	}
	lx->pos += 4;
	wn_vec one = { 0 };
	if (read_cond(lx, &one))
		goto fail;
	sp.cond = WN_VEC_AT(one, wn_cond_src, 0);
	wn_vec_free(&one);
	if (wn_vec_push(&lx->r->spams, sizeof sp, &sp))
		return;
	wn_expr_free(sp.cond.expr);
fail:
	free(sp.reason);
}

static void stmt_disable(lexer *lx)
{
	finish_open(lx);
	skip_ws(lx);
	wn_disable d = { NULL, loc_at(lx, lx->pos) };
	d.id = read_name(lx, "a rule id after 'disable'");
	if (!d.id)
		return;
	if (expect_end(lx, "the rule id") || !wn_vec_push(&lx->r->disables, sizeof d, &d))
		free(d.id);
}

/* model NAME: its properties (describe, windows, input) follow */
static void stmt_model(lexer *lx)
{
	finish_open(lx);
	skip_ws(lx);
	size_t at = lx->pos;
	char *name = read_name(lx, "a model name after 'model'");
	if (!name)
		return;
	wn_model_src *m = calloc(1, sizeof *m);
	if (!m) {
		free(name);
		return;
	}
	m->name = name;
	m->loc = loc_at(lx, at);
	lx->model = m;
	expect_end(lx, "the model name");
}

/* fit NAME: bias, weight and center lines follow */
static void stmt_fit(lexer *lx)
{
	finish_open(lx);
	skip_ws(lx);
	size_t at = lx->pos;
	char *name = read_name(lx, "the name of the model this fit is for");
	if (!name)
		return;
	wn_fit_src *f = calloc(1, sizeof *f);
	if (!f) {
		free(name);
		return;
	}
	f->name = name;
	f->loc = loc_at(lx, at);
	lx->fit = f;
	expect_end(lx, "the model name");
}

static void model_property(lexer *lx, const char *kw, size_t kwlen, size_t kw_at)
{
	wn_model_src *m = lx->model;
#define IS(s) (kwlen == sizeof(s) - 1 && memcmp(kw, s, kwlen) == 0)
	if (IS("describe")) {
		if (m->description) {
			ERR(lx, kw_at, kwlen, "describe is already set for this model");
			return;
		}
		m->description = read_string(lx, "a one-line description");
		if (m->description)
			expect_end(lx, "the description");
	} else if (IS("windows")) {
		if (m->has_windows) {
			ERR(lx, kw_at, kwlen, "windows are already set for this model");
			return;
		}
		m->has_windows = 1;
		while (!at_end(lx)) {
			size_t s = lx->pos, n = token_len(lx);
			wn_window w;
			lx->pos += n;
			if (wn_window_parse(lx->line + s, n, &w)) {
				ERR(lx, s, n, "expected a window: N lines either side, -N before or +N after (1 to 100)");
				return;
			}
			if (m->nwindows == WN_MODEL_MAX_WINDOWS) {
				ERR(lx, s, n, "at most %d windows", WN_MODEL_MAX_WINDOWS);
				return;
			}
			m->windows[m->nwindows++] = w;
		}
	} else if (IS("input")) {
		skip_ws(lx);
		size_t at = lx->pos;
		wn_model_input in = { 0 };
		in.name = read_name(lx, "an input name, then its value (a condition)");
		if (!in.name)
			return;
		for (size_t i = 0; i < m->inputs.len; i++)
			if (strcmp(WN_VEC_AT(m->inputs, wn_model_input, i).name, in.name) == 0) {
				ERR(lx, at, strlen(in.name), "duplicate input '%s'", in.name);
				free(in.name);
				return;
			}
		wn_vec one = { 0 };
		if (read_cond(lx, &one)) {
			free(in.name);
			return;
		}
		in.cond = WN_VEC_AT(one, wn_cond_src, 0);
		wn_vec_free(&one);
		if (!wn_vec_push(&m->inputs, sizeof in, &in)) {
			free(in.name);
			wn_expr_free(in.cond.expr);
		}
	} else {
		ERR(lx, kw_at, kwlen, "unknown model property '%.*s' (expected describe, windows or input)",
		    (int)kwlen, kw);
	}
#undef IS
}

static void fit_property(lexer *lx, const char *kw, size_t kwlen, size_t kw_at)
{
	wn_fit_src *f = lx->fit;
#define IS(s) (kwlen == sizeof(s) - 1 && memcmp(kw, s, kwlen) == 0)
	if (IS("bias")) {
		if (f->has_bias) {
			ERR(lx, kw_at, kwlen, "bias is already set for this fit");
			return;
		}
		if (read_number(lx, &f->bias, "the bias") == 0 && expect_end(lx, "the bias") == 0)
			f->has_bias = 1;
	} else if (IS("weight") || IS("center")) {
		wn_fit_row row = { 0 };
		row.center = IS("center");
		skip_ws(lx);
		row.loc = loc_at(lx, lx->pos);
		row.name = read_name(lx, "an input name, then one number per window");
		if (!row.name)
			return;
		while (!at_end(lx)) {
			if (row.nvalues == 1 + WN_MODEL_MAX_WINDOWS) {
				ERR(lx, lx->pos, token_len(lx), "too many numbers: one for the line and one per window");
				free(row.name);
				return;
			}
			if (read_number(lx, &row.values[row.nvalues++], "a weight")) {
				free(row.name);
				return;
			}
		}
		if (!wn_vec_push(&f->rows, sizeof row, &row))
			free(row.name);
	} else {
		ERR(lx, kw_at, kwlen, "unknown fit property '%.*s' (expected bias, weight or center)",
		    (int)kwlen, kw);
	}
#undef IS
}

/* ------------------------------------------------------------------ */
/* properties                                                          */

static void prop_words(lexer *lx)
{
	wn_normalizer nz = {0};
	wn_vec norm = {0}, map = {0};
	wn_norm_counts counts = {0};
	while (!at_end(lx)) {
		size_t s = lx->pos;
		while (lx->pos < lx->len && lx->line[lx->pos] != ' ' && lx->line[lx->pos] != '\t')
			lx->pos++;
		int aligned;
		norm.len = 0;
		map.len = 0;
		if (wn_normalize(&nz, lx->line + s, lx->pos - s, &norm, &map, &aligned, &counts) ||
		    wn_wordlists_add(&lx->r->lists, lx->wordlist, norm.data, norm.len))
			break;
	}
	wn_vec_free(&norm);
	wn_vec_free(&map);
	wn_normalizer_free(&nz);
}

static void rule_property(lexer *lx, const char *kw, size_t kwlen, size_t kw_at)
{
	wn_rule *rule = lx->rule;
#define IS(s) (kwlen == sizeof(s) - 1 && memcmp(kw, s, kwlen) == 0)
	if (IS("category")) {
		if (rule->has_category) {
			ERR(lx, kw_at, kwlen, "category is already set for this rule");
			return;
		}
		skip_ws(lx);
		size_t at = lx->pos;
		char *c = read_name(lx, "a category name");
		if (!c)
			return;
		for (char *p = c; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) {
				ERR(lx, at, strlen(c), "category names use a-z, 0-9 and '_' only");
				free(c);
				return;
			}
		rule->category = c;
		rule->has_category = 1;
		expect_end(lx, "the category");
	} else if (IS("describe")) {
		if (rule->has_describe) {
			ERR(lx, kw_at, kwlen, "describe is already set for this rule");
			return;
		}
		char *d = read_string(lx, "a one-line description");
		if (!d)
			return;
		rule->description = d;
		rule->has_describe = 1;
		expect_end(lx, "the description");
	} else if (IS("scope")) {
		if (rule->has_scope) {
			ERR(lx, kw_at, kwlen, "scope is already set for this rule");
			return;
		}
		skip_ws(lx);
		size_t at = lx->pos;
		char *s = read_name(lx, "a scope (line, block, suffix, sentence or paragraph)");
		if (!s)
			return;
		if (!strcmp(s, "line")) rule->scope = WN_SCOPE_LINE;
		else if (!strcmp(s, "block")) rule->scope = WN_SCOPE_BLOCK;
		else if (!strcmp(s, "suffix")) rule->scope = WN_SCOPE_SUFFIX;
		else if (!strcmp(s, "sentence")) rule->scope = WN_SCOPE_SENTENCE;
		else if (!strcmp(s, "paragraph")) rule->scope = WN_SCOPE_PARAGRAPH;
		else {
			ERR(lx, at, strlen(s), "unknown scope '%s': expected line, block, suffix, sentence or paragraph", s);
			free(s);
			return;
		}
		free(s);
		rule->has_scope = 1;
		rule->scope_loc = loc_at(lx, kw_at);
		expect_end(lx, "the scope");
	} else if (IS("match")) {
		add_alt(lx, &rule->match);
	} else if (IS("unless")) {
		add_alt(lx, &rule->unless);
	} else if (IS("continue")) {
		add_alt(lx, &rule->cont);
	} else if (IS("extend")) {
		add_alt(lx, &rule->extend);
	} else if (IS("when")) {
		read_cond(lx, &rule->when);
	} else if (IS("continue-when")) {
		read_cond(lx, &rule->cont_when);
	} else if (IS("extend-when")) {
		read_cond(lx, &rule->extend_when);
	} else if (IS("line-when")) {
		read_cond(lx, &rule->line_when);
	} else if (IS("gap")) {
		read_num(lx, &rule->gap, "gap");
	} else if (IS("blank")) {
		read_num(lx, &rule->blank, "blank");
	} else if (IS("min-lines")) {
		read_num(lx, &rule->min_lines, "min-lines");
	} else if (IS("glue")) {
		skip_ws(lx);
		size_t at = lx->pos;
		char *what = read_name(lx, "what the suffix repeats (next-line or later-line)");
		if (!what)
			return;
		if (strcmp(what, "next-line") == 0)
			rule->glue = WN_GLUE_NEXT_LINE;
		else if (strcmp(what, "later-line") == 0)
			rule->glue = WN_GLUE_LATER_LINE;
		else
			ERR(lx, at, strlen(what), "unknown glue '%s': expected next-line or later-line", what);
		if (rule->glue)
			rule->glue_loc = loc_at(lx, kw_at);
		free(what);
		expect_end(lx, "the glue");
	} else {
		ERR(lx, kw_at, kwlen,
		    "unknown property '%.*s' (expected category, describe, scope, match, unless, when, "
		    "line-when, continue, continue-when, gap, blank, min-lines, glue, extend or "
		    "extend-when)",
		    (int)kwlen, kw);
	}
#undef IS
}

static void parse_line(lexer *lx)
{
	if (at_end(lx))
		return;
	size_t kw_at = lx->pos;
	while (lx->pos < lx->len && (ident_char(lx->line[lx->pos])))
		lx->pos++;
	const char *kw = lx->line + kw_at;
	size_t kwlen = lx->pos - kw_at;
	if (kwlen == 0) {
		ERR(lx, kw_at, token_len(lx), "expected a statement (rule, param, set, define, "
		    "condition, wordlist, disable, spam, model, fit) or a property");
		return;
	}
	if (lx->pos < lx->len && lx->line[lx->pos] != ' ' && lx->line[lx->pos] != '\t') {
		ERR(lx, kw_at, kwlen + 1, "expected a space after '%.*s'", (int)kwlen, kw);
		return;
	}
#define IS(s) (kwlen == sizeof(s) - 1 && memcmp(kw, s, kwlen) == 0)
	if (IS("rule")) stmt_rule(lx);
	else if (IS("wordlist")) stmt_wordlist(lx);
	else if (IS("param")) stmt_param(lx);
	else if (IS("set")) stmt_set(lx);
	else if (IS("define")) stmt_define(lx);
	else if (IS("condition")) stmt_condition(lx);
	else if (IS("disable")) stmt_disable(lx);
	else if (IS("spam")) stmt_spam(lx);
	else if (IS("model")) stmt_model(lx);
	else if (IS("fit")) stmt_fit(lx);
	else if (IS("words")) {
		if (lx->wordlist < 0)
			ERR(lx, kw_at, kwlen, "'words' belongs to a word list: start one with 'wordlist NAME'");
		else
			prop_words(lx);
	} else if (lx->rule) {
		rule_property(lx, kw, kwlen, kw_at);
	} else if (lx->model) {
		model_property(lx, kw, kwlen, kw_at);
	} else if (lx->fit) {
		fit_property(lx, kw, kwlen, kw_at);
	} else {
		ERR(lx, kw_at, kwlen, "'%.*s' outside a rule: start one with 'rule ID', or use a "
		    "statement (rule, param, set, define, condition, wordlist, disable, spam, model, fit)", (int)kwlen, kw);
	}
#undef IS
}

int wn_rules_parse(wn_rules *r, wn_src *src)
{
	unsigned before = r->errors;
	lexer lx = { .r = r, .src = src, .wordlist = -1 };
	size_t off = 0;
	/* a BOM at the start of a rule file is not an error */
	if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	unsigned lineno = 0;
	while (off < src->len || (off == src->len && lineno == 0 && src->len == 0)) {
		if (off >= src->len)
			break;
		const char *nl = memchr(src->text + off, '\n', src->len - off);
		size_t end = nl ? (size_t)(nl - src->text) : src->len;
		size_t len = end - off;
		if (len && src->text[off + len - 1] == '\r')
			len--;
		lx.line = src->text + off;
		lx.len = len;
		lx.pos = 0;
		lx.lineno = ++lineno;
		lx.line_off = off;
		if (memchr(lx.line, '\0', len))
			ERR(&lx, (size_t)((const char *)memchr(lx.line, '\0', len) - lx.line), 1,
			    "NUL byte in a rule file");
		else
			parse_line(&lx);
		off = end + 1;
	}
	finish_open(&lx);
	return r->errors == before ? WN_OK : WN_ERR_RULES;
}
