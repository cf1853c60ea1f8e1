/*
 * rules.c: rule sets: loading files, compiling, listing (see rules.h).
 * Reading a file is parse.c's, reporting at a place in it diag.c's.
 *
 * Compilation is where names meet: parameters, word lists, named
 * conditions and pattern macros are resolved, every pattern is compiled
 * with PCRE2 (UTF, UCP, caseless) and JIT, and each rule learns whether it
 * needs the prose anchors (second stage). Errors keep file:line:col, also
 * for PCRE2 errors inside a macro expansion.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "prog.h"
#include "rules.h"
#include "utf8.h"

#include <utf8proc.h>

static void report_plain(wn_rules *r, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void report_plain(wn_rules *r, const char *file, const char *fmt, ...)
{
	r->errors++;
	if (!r->diag)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wn_diag d = { WN_DIAG_ERROR, file, 0, 0, 1, msg, NULL };
	r->diag(r->diag_ud, &d);
}

wn_rules *wn_rules_new(wn_diag_fn fn, void *userdata)
{
	wn_rules *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->diag = fn;
	r->diag_ud = userdata;
	r->prose_cond = -1;
	r->main_cond = -1;
	r->extend_cond = -1;
	r->bridge_cond = -1;
	return r;
}

void wn_rules_free(wn_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->srcs.len; i++) {
		wn_src *s = WN_VEC_AT(r->srcs, wn_src *, i);
		free(s->name);
		free(s->text);
		free(s);
	}
	wn_vec_free(&r->srcs);
	wn_names_free(r);
	for (size_t i = 0; i < r->rules.len; i++)
		wn_rule_free(WN_VEC_AT(r->rules, wn_rule *, i));
	wn_vec_free(&r->rules);
	for (size_t i = 0; i < r->params.len; i++) {
		free(WN_VEC_AT(r->params, wn_param, i).name);
		free(WN_VEC_AT(r->params, wn_param, i).description);
	}
	wn_vec_free(&r->params);
	for (size_t i = 0; i < r->defines.len; i++) {
		free(WN_VEC_AT(r->defines, wn_define, i).name);
		free(WN_VEC_AT(r->defines, wn_define, i).re.text);
	}
	wn_vec_free(&r->defines);
	for (size_t i = 0; i < r->conditions.len; i++) {
		free(WN_VEC_AT(r->conditions, wn_condition, i).name);
		wn_expr_free(WN_VEC_AT(r->conditions, wn_condition, i).cond.expr);
	}
	wn_vec_free(&r->conditions);
	for (size_t i = 0; i < r->settings.len; i++) {
		free(WN_VEC_AT(r->settings, wn_setting, i).name);
		free(WN_VEC_AT(r->settings, wn_setting, i).where);
	}
	wn_vec_free(&r->settings);
	for (size_t i = 0; i < r->disables.len; i++)
		free(WN_VEC_AT(r->disables, wn_disable, i).id);
	wn_vec_free(&r->disables);
	for (size_t i = 0; i < r->spams.len; i++) {
		free(WN_VEC_AT(r->spams, wn_spam, i).reason);
		wn_expr_free(WN_VEC_AT(r->spams, wn_spam, i).cond.expr);
	}
	wn_vec_free(&r->spams);
	wn_vec_free(&r->doc_patterns);
	for (size_t i = 0; i < r->categories.len; i++)
		free(WN_VEC_AT(r->categories, char *, i));
	wn_vec_free(&r->categories);
	wn_vec_free(&r->cond_exprs);
	for (size_t i = 0; i < r->cond_progs.len; i++)
		wn_prog_free(&WN_VEC_AT(r->cond_progs, wn_prog, i));
	wn_vec_free(&r->cond_progs);
	wn_vec_free(&r->cond_cacheable);
	wn_vec_free(&r->cond_always);
	wn_vec_free(&r->active);
	wn_vec_free(&r->schedule[0]);
	wn_vec_free(&r->schedule[1]);
	for (size_t i = 0; i < r->expr_patterns.len; i++) {
		wn_pattern *p = WN_VEC_AT(r->expr_patterns, wn_pattern *, i);
		wn_pattern_free(p);
		free(p);
	}
	wn_vec_free(&r->expr_patterns);
	wn_wordlists_free(&r->lists);
	wn_model_src_free(r->model_src);
	wn_fit_src_free(r->fit_src);
	wn_model_free(&r->model);
	wn_prefilter_free(&r->prefilter);
	free(r->param_values);
	if (r->cctx)
		pcre2_compile_context_free(r->cctx);
	free(r);
}

static int add_src(wn_rules *r, const char *name, char *text, size_t len, int builtin)
{
	if (r->compiled) {
		report_plain(r, name, "rules are already compiled; add files before compiling");
		free(text);
		return WN_ERR_USAGE;
	}
	wn_src *s = calloc(1, sizeof *s);
	char *n = wn_strndup(name, strlen(name));
	if (!s || !n || !wn_vec_push(&r->srcs, sizeof s, &s)) {
		free(s);
		free(n);
		free(text);
		return WN_ERR_NOMEM;
	}
	s->name = n;
	s->text = text;
	s->len = len;
	s->builtin = builtin;
	return wn_rules_parse(r, s);
}

int wn_rules_add_buffer(wn_rules *r, const char *name, const char *text, size_t len)
{
	char *copy = wn_strndup(text, len);
	if (!copy)
		return WN_ERR_NOMEM;
	return add_src(r, name, copy, len, 0);
}

int wn_rules_add_builtin(wn_rules *r)
{
	int rc = WN_OK;
	for (size_t i = 0; i < wn_builtin_file_count; i++) {
		char name[256];
		snprintf(name, sizeof name, "<builtin>/%s", wn_builtin_files[i].name);
		char *copy = wn_strndup(wn_builtin_files[i].text, wn_builtin_files[i].len);
		if (!copy)
			return WN_ERR_NOMEM;
		int one = add_src(r, name, copy, wn_builtin_files[i].len, 1);
		if (one != WN_OK)
			rc = one;
	}
	return rc;
}

static int read_file(wn_rules *r, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		report_plain(r, path, "cannot open rule file: %s", strerror(errno));
		return WN_ERR_IO;
	}
	wn_vec buf = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (wn_buf_append(&buf, chunk, n)) {
			fclose(fp);
			wn_vec_free(&buf);
			return WN_ERR_NOMEM;
		}
	int failed = ferror(fp);
	fclose(fp);
	if (failed) {
		report_plain(r, path, "cannot read rule file: %s", strerror(errno));
		wn_vec_free(&buf);
		return WN_ERR_IO;
	}
	if (wn_buf_cstr(&buf)) {
		wn_vec_free(&buf);
		return WN_ERR_NOMEM;
	}
	return add_src(r, path, buf.data, buf.len, 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* dir/name (one slash between them however dir ends), or NULL when out of
 * memory */
static char *join_path(const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);
	while (d > 1 && dir[d - 1] == '/')
		d--;
	char *full = malloc(d + n + 2);
	if (!full)
		return NULL;
	memcpy(full, dir, d);
	full[d] = '/';
	memcpy(full + d + 1, name, n + 1);
	return full;
}

static void free_names(wn_vec *names)
{
	for (size_t i = 0; i < names->len; i++)
		free(WN_VEC_AT(*names, char *, i));
	wn_vec_free(names);
}

/* How deep rule directories nest: enough for any layout. */
enum { RULE_DIR_DEPTH = 8 };

/* A directory being loaded and the ones it is inside: a symbolic link back
 * to one of them would load the same files again and again. */
typedef struct dir_chain {
	dev_t dev;
	ino_t ino;
	const struct dir_chain *up;
} dir_chain;

static int add_path(wn_rules *r, const char *path, int depth, const dir_chain *up);

/*
 * A directory's *.rules files in name order, then its subdirectories in
 * name order, each the same way: the layout of the default rules (rules/
 * and rules/lang/), so that a copy of them loads as they do.
 */
static int add_dir(wn_rules *r, const char *path, int depth, const dir_chain *here)
{
	for (const dir_chain *d = here->up; d; d = d->up)
		if (d->dev == here->dev && d->ino == here->ino) {
			report_plain(r, path, "rule directory loops back to a directory it is inside");
			return WN_ERR_RULES;
		}
	if (depth >= RULE_DIR_DEPTH) {
		report_plain(r, path, "rule directories nest deeper than %d", RULE_DIR_DEPTH);
		return WN_ERR_RULES;
	}
	DIR *dir = opendir(path);
	if (!dir) {
		report_plain(r, path, "cannot open rule directory: %s", strerror(errno));
		return WN_ERR_IO;
	}
	wn_vec files = {0}, dirs = {0};
	struct dirent *de;
	int rc = WN_OK;
	while (rc == WN_OK && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *full = join_path(path, de->d_name);
		struct stat st;
		wn_vec *into = NULL;
		if (!full)
			rc = WN_ERR_NOMEM;
		else if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
			into = &dirs;
		else if (has_suffix(de->d_name, ".rules"))
			into = &files;
		if (into && !wn_vec_push(into, sizeof full, &full))
			rc = WN_ERR_NOMEM;
		else if (into)
			full = NULL;
		free(full);
	}
	closedir(dir);
	wn_vec *order[2] = { &files, &dirs };
	for (int k = 0; k < 2; k++) {
		if (order[k]->len)
			qsort(order[k]->data, order[k]->len, sizeof(char *), cmp_str);
		for (size_t i = 0; rc != WN_ERR_NOMEM && i < order[k]->len; i++) {
			const char *full = WN_VEC_AT(*order[k], char *, i);
			int one = k == 0 ? read_file(r, full) : add_path(r, full, depth + 1, here);
			if (one != WN_OK && rc == WN_OK)
				rc = one;
		}
	}
	free_names(&files);
	free_names(&dirs);
	if (rc == WN_OK && r->errors)
		rc = WN_ERR_RULES;
	return rc;
}

static int add_path(wn_rules *r, const char *path, int depth, const dir_chain *up)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		report_plain(r, path, "cannot open rules: %s", strerror(errno));
		return WN_ERR_IO;
	}
	if (!S_ISDIR(st.st_mode))
		return read_file(r, path);
	dir_chain here = { st.st_dev, st.st_ino, up };
	return add_dir(r, path, depth, &here);
}

int wn_rules_add_path(wn_rules *r, const char *path)
{
	return add_path(r, path, 0, NULL);
}

int wn_rules_set(wn_rules *r, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	if (!eq || eq == assignment) {
		report_plain(r, "--set", "expected NAME=VALUE, got '%s'", assignment);
		return WN_ERR_USAGE;
	}
	char *end;
	errno = 0;
	double v = strtod(eq + 1, &end);
	if (end == eq + 1 || *end || errno) {
		report_plain(r, "--set", "'%s' is not a number (in '%s')", eq + 1, assignment);
		return WN_ERR_USAGE;
	}
	wn_setting s = { wn_strndup(assignment, (size_t)(eq - assignment)), v, {0},
	                 wn_strndup("--set", 5) };
	if (!s.name || !s.where || !wn_vec_push(&r->settings, sizeof s, &s)) {
		free(s.name);
		free(s.where);
		return WN_ERR_NOMEM;
	}
	return WN_OK;
}

/* ------------------------------------------------------------------ */
/* compiling                                                           */

static int find_param(const wn_rules *r, const char *name)
{
	return wn_names_find(r, WN_NAME_PARAM, name, strlen(name));
}

/* Named condition `name` among the first `limit`, or -1. */
static int find_condition(const wn_rules *r, const char *name, size_t limit)
{
	int k = wn_names_find(r, WN_NAME_CONDITION, name, strlen(name));
	return k >= 0 && (size_t)k < limit ? k : -1;
}

static int compile_pattern(wn_rules *r, wn_pattern *p);

/* A pattern atom of a condition becomes a pattern owned by the rule set. */
static void compile_atom(wn_rules *r, wn_expr *e, const wn_loc *at)
{
	wn_pattern *p = calloc(1, sizeof *p);
	wn_regex re = { wn_strndup(e->name, e->name_len), e->name_len, e->extended, *at };
	if (!p || !re.text || !wn_vec_push(&p->alts, sizeof re, &re) ||
	    !wn_vec_push(&r->expr_patterns, sizeof p, &p)) {
		free(re.text);
		if (p)
			wn_vec_free(&p->alts);
		free(p);
		r->errors++;
		return;
	}
	if (compile_pattern(r, p) == 0)
		e->pattern = p;
}

/* Bind names in e. cond_limit: conditions usable (earlier ones only, for
 * conditions themselves, so there are no cycles). */
static void resolve_expr(wn_rules *r, wn_expr *e, const wn_loc *base, size_t cond_limit)
{
	if (!e)
		return;
	wn_loc at = *base;
	at.byte_col += e->col;
	switch (e->kind) {
	case WN_E_PARAM:
		e->index = find_param(r, e->name);
		if (e->index < 0)
			wn_rules_report(r, WN_DIAG_ERROR, &at, e->span,
			                "unknown parameter '$%s' (declare it with: param %s VALUE LO..HI \"...\")",
			                e->name, e->name);
		break;
	case WN_E_COND:
		e->index = find_condition(r, e->name, cond_limit);
		if (e->index < 0) {
			if (find_condition(r, e->name, r->conditions.len) >= 0)
				wn_rules_report(r, WN_DIAG_ERROR, &at, e->span,
				                "condition '%s' is defined later; a condition may only use "
				                "conditions defined before it", e->name);
			else
				wn_rules_report(r, WN_DIAG_ERROR, &at, e->span,
				                "unknown feature or condition '%s' (see: winnow rules features)",
				                e->name);
		}
		break;
	case WN_E_MATCH:
		if (!e->pattern)
			compile_atom(r, e, &at);
		break;
	case WN_E_DOC_LINES:
	case WN_E_DOC_BYTES:
	case WN_E_DOC_CUT_BYTES:
	case WN_E_DOC_TAIL_LINES:
		e->index = -1;
		for (size_t k = 0; k < r->categories.len; k++)
			if (strcmp(WN_VEC_AT(r->categories, char *, k), e->name) == 0)
				e->index = (int)k;
		if (e->index < 0)
			wn_rules_report(r, WN_DIAG_ERROR, &at, e->span,
			                "no rule has category '%s' (see: winnow rules list)", e->name);
		break;
	case WN_E_DOC_HITS: {
		/* a disabled rule makes no hits: its atom is 0, not an error */
		int known = wn_names_find(r, WN_NAME_RULE, e->name, strlen(e->name)) >= 0;
		e->index = -1;
		for (size_t k = 0; known && k < r->active.len; k++)
			if (strcmp(WN_VEC_AT(r->active, wn_rule *, k)->id, e->name) == 0)
				e->index = (int)k;
		if (!known)
			wn_rules_report(r, WN_DIAG_ERROR, &at, e->span,
			                "no rule has id '%s' (see: winnow rules list)", e->name);
		break;
	}
	case WN_E_DOC_MATCHES:
		if (!e->pattern) {
			compile_atom(r, e, &at);
			e->index = (int)r->doc_patterns.len;
			if (!wn_vec_push(&r->doc_patterns, sizeof e, &e))
				r->errors++;
		}
		break;
	case WN_E_SHARE:
	case WN_E_COUNT:
		e->index = wn_wordlists_find(&r->lists, e->name);
		if (e->index < 0)
			wn_rules_report(r, WN_DIAG_ERROR, &at, e->span,
			                "unknown word list '%s' (declare it with: wordlist %s)", e->name,
			                e->name);
		break;
	default:
		break;
	}
	resolve_expr(r, e->a, base, cond_limit);
	resolve_expr(r, e->b, base, cond_limit);
}

/* A condition may visit this many operations, the named conditions it
 * uses counted every time it uses them: c1 = c0 + c0, c2 = c1 + c1, ...
 * would otherwise double the work at every line of a rule file. */
#define MAX_REACH 100000

static size_t add_bounded(size_t a, size_t b)
{
	return a > SIZE_MAX / 2 || b > SIZE_MAX / 2 ? SIZE_MAX / 2 : a + b;
}

/* What recursion over e costs: the operations an evaluation visits and
 * the deepest path through them, the named conditions it uses included.
 * *failed: it uses a condition already reported as too large. */
static size_t reach(const wn_rules *r, const wn_expr *e, unsigned *depth, int *failed)
{
	if (!e) {
		*depth = 0;
		return 0;
	}
	unsigned da, db;
	size_t n = add_bounded(1, add_bounded(reach(r, e->a, &da, failed), reach(r, e->b, &db, failed)));
	*depth = 1 + (da > db ? da : db);
	if (e->kind == WN_E_COND && e->index >= 0 && (size_t)e->index < r->conditions.len) {
		const wn_condition *c = &WN_VEC_AT(r->conditions, wn_condition, (size_t)e->index);
		*failed |= c->too_large;
		n = add_bounded(n, c->reach);
		if (c->depth + 1 > *depth)
			*depth = c->depth + 1;
	}
	return n;
}

/* Bind the names of a top-level condition e, and bound what evaluating,
 * compiling and walking it costs: a rule file must not run the stack out
 * or take exponential time through conditions that use conditions. named:
 * the named condition e defines, which keeps its costs for the conditions
 * after it (NULL: e is a rule's, a model input's or a spam condition).
 * Returns 0, or -1 when e is too large (reported, or it uses a condition
 * that was). */
static int resolve_bounded(wn_rules *r, wn_expr *e, const wn_loc *loc, size_t cond_limit,
                           wn_condition *named)
{
	resolve_expr(r, e, loc, cond_limit);
	int failed = 0;
	unsigned depth;
	size_t ops = reach(r, e, &depth, &failed);
	/* (failed: reported where the condition it uses is defined) */
	if (!failed && depth > WN_EXPR_MAX_DEPTH) {
		wn_rules_report(r, WN_DIAG_ERROR, loc, 1,
		                "the condition nests too deeply with the conditions it uses (%u levels; "
		                "at most %d)", depth, WN_EXPR_MAX_DEPTH);
		failed = 1;
	} else if (!failed && ops > MAX_REACH) {
		wn_rules_report(r, WN_DIAG_ERROR, loc, 1,
		                "the condition is too large with the conditions it uses (%zu operations; "
		                "at most %d)", ops, MAX_REACH);
		failed = 1;
	}
	if (named) {
		named->depth = depth;
		named->reach = ops;
		named->too_large = failed;
	}
	return failed ? -1 : 0;
}

static void resolve_conds(wn_rules *r, wn_vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		wn_cond_src *c = &WN_VEC_AT(*v, wn_cond_src, i);
		resolve_bounded(r, c->expr, &c->loc, r->conditions.len, NULL);
	}
}

static void resolve_num(wn_rules *r, wn_num *n, const char *what)
{
	if (!n->param_name)
		return;
	n->param = find_param(r, n->param_name);
	if (n->param < 0) {
		wn_rules_report(r, WN_DIAG_ERROR, &n->loc, strlen(n->param_name) + 1,
		                "unknown parameter '$%s' for %s", n->param_name, what);
		return;
	}
	wn_param *p = &WN_VEC_AT(r->params, wn_param, n->param);
	if (!p->is_int || p->min < 0)
		wn_rules_report(r, WN_DIAG_ERROR, &n->loc, strlen(n->param_name) + 1,
		                "%s needs a whole, non-negative parameter; '$%s' ranges over %g..%g",
		                what, n->param_name, p->min, p->max);
}

/* Expansion of {{macro}} references, remembering where each piece came
 * from so that a PCRE2 error offset maps back to the rule file. */
typedef struct piece {
	size_t out_start, out_len;
	size_t src_off;          /* offset in the regex text as written */
	const wn_define *macro;  /* the macro this text came from, or NULL */
} piece;

/* Expand text (the pattern as written, or a macro body when via is set).
 * Inside a macro every position maps to use_at, the {{ of the outermost
 * reference in the pattern as written. */
static int expand(wn_rules *r, const wn_regex *re, const char *text, size_t len,
                  size_t use_at, const wn_define *via, wn_vec *out, wn_vec *pieces, int depth)
{
	size_t i = 0, lit = 0;
	while (i < len) {
		if (i + 1 < len && text[i] == '\\') {
			i += 2;
			continue;
		}
		if (i + 1 < len && text[i] == '{' && text[i + 1] == '{') {
			const char *close = NULL;
			for (size_t k = i + 2; k + 1 < len; k++)
				if (text[k] == '}' && text[k + 1] == '}') {
					close = text + k;
					break;
				}
			if (!close)
				break;
			size_t nlen = (size_t)(close - text) - i - 2;
			int k = wn_names_find(r, WN_NAME_DEFINE, text + i + 2, nlen);
			const wn_define *d = k >= 0 ? &WN_VEC_AT(r->defines, wn_define, k) : NULL;
			size_t here = via ? use_at : i;
			wn_loc at = re->loc;
			at.byte_col += here;
			if (!d) {
				wn_rules_report(r, WN_DIAG_ERROR, &at, via ? 2 : nlen + 4,
				                "unknown macro {{%.*s}} (declare it with: define %.*s /.../)",
				                (int)nlen, text + i + 2, (int)nlen, text + i + 2);
				return -1;
			}
			if (d->broken)
				return -1; /* its own error is reported at the define */
			if (depth > 8) {
				wn_rules_report(r, WN_DIAG_ERROR, &at, 2,
				                "macro {{%s}} nests too deeply (a macro that uses itself?)",
				                d->name);
				return -1;
			}
			piece p = { out->len, i - lit, via ? use_at : lit, via };
			if (wn_buf_append(out, text + lit, i - lit) || !wn_vec_push(pieces, sizeof p, &p) ||
			    wn_buf_append(out, "(?:", 3))
				return -1;
			if (expand(r, re, d->re.text, d->re.len, here, via ? via : d, out, pieces,
			           depth + 1))
				return -1;
			if (wn_buf_append(out, ")", 1))
				return -1;
			i = (size_t)(close - text) + 2;
			lit = i;
			continue;
		}
		i++;
	}
	piece p = { out->len, len - lit, via ? use_at : lit, via };
	if (wn_buf_append(out, text + lit, len - lit) || !wn_vec_push(pieces, sizeof p, &p))
		return -1;
	return 0;
}

static void report_pcre(wn_rules *r, const wn_regex *re, const wn_vec *pieces, int code,
                        size_t offset, size_t prefix)
{
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(code, msg, sizeof msg);
	offset = offset > prefix ? offset - prefix : 0;
	wn_loc at = re->loc;
	const wn_define *macro = NULL;
	size_t col = re->len;
	for (size_t i = 0; i < pieces->len; i++) {
		const piece *p = &WN_VEC_AT(*pieces, piece, i);
		if (offset >= p->out_start && offset <= p->out_start + p->out_len) {
			macro = p->macro;
			col = p->src_off + (macro ? 0 : offset - p->out_start);
			break;
		}
		if (offset < p->out_start) { /* inside expansion punctuation */
			col = p->src_off;
			break;
		}
	}
	if (col > re->len)
		col = re->len;
	at.byte_col += col;
	if (macro)
		wn_rules_report(r, WN_DIAG_ERROR, &at, 2,
		                "bad pattern (in macro {{%s}} defined at %s:%u): %s", macro->name,
		                macro->re.loc.src->name, macro->re.loc.line, (char *)msg);
	else
		wn_rules_report(r, WN_DIAG_ERROR, &at, 1, "bad pattern: %s", (char *)msg);
}

/* DOTALL: a paragraph's view holds its lines separated by newlines, and
 * '.' should cross them as a space would. */
#define PCRE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES | PCRE2_DOTALL)

/* Patterns match case-insensitively, but the views they see are already
 * case-folded: a pattern written in lower case needs no CASELESS, which
 * makes every literal and class twice as costly to test. Anything that
 * could stand for an upper-case letter keeps it: an upper-case letter
 * outside an escape, or a character written by number (\x, \o, \N). */
static uint32_t pattern_options(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (u[i] == '\\' && i + 1 < n) {
			unsigned char e = u[i + 1];
			if (e == 'x' || e == 'o' || e == 'N')
				return PCRE_OPTIONS | PCRE2_CASELESS;
			i += 2;
			if ((e == 'p' || e == 'P') && i < n && u[i] == '{')
				while (i < n && u[i] != '}')
					i++;
			continue;
		}
		int32_t cp;
		size_t l = u[i] < 0x80 ? (cp = u[i], 1) : wn_utf8_decode(u + i, n - i, &cp);
		if (utf8proc_tolower(cp) != cp)
			return PCRE_OPTIONS | PCRE2_CASELESS;
		i += l ? l : 1;
	}
	return PCRE_OPTIONS;
}

/* Does the (expanded) pattern depend on where its subject starts or ends:
 * anchors or lookbehind? A conservative scan of the source. */
static int anchored_source(const char *s, size_t n)
{
	int in_class = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < n) {
			char e = s[++i];
			if (!in_class && (e == 'A' || e == 'z' || e == 'Z' || e == 'G'))
				return 1;
			continue;
		}
		if (in_class) {
			if (c == ']')
				in_class = 0;
			continue;
		}
		if (c == '[') {
			in_class = 1;
			if (i + 1 < n && s[i + 1] == ']')
				i++;
			continue;
		}
		if (c == '^' || c == '$')
			return 1;
		if (c == '(' && i + 3 < n && s[i + 1] == '?' && s[i + 2] == '<' &&
		    (s[i + 3] == '=' || s[i + 3] == '!'))
			return 1;
	}
	return 0;
}

/* Does e run a pattern or ask a named condition (which may)? Such a
 * conjunct is never skipped unasked: a pattern that hits a limit is noted. */
static int runs_patterns(const wn_expr *e)
{
	if (!e)
		return 0;
	if (e->kind == WN_E_MATCH || e->kind == WN_E_COND)
		return 1;
	return runs_patterns(e->a) || runs_patterns(e->b);
}

/* The pattern of a conjunct /re/ of e's chain of `and`s that only pure
 * conjuncts precede, or NULL; *stop is set at the first impure one. */
static const wn_pattern *conjunct_pattern(const wn_expr *e, int *stop)
{
	if (*stop)
		return NULL;
	if (e->kind == WN_E_AND) {
		const wn_pattern *p = conjunct_pattern(e->a, stop);
		return p ? p : conjunct_pattern(e->b, stop);
	}
	const wn_pattern *p = e->kind == WN_E_MATCH ? e->pattern : NULL;
	if (p && p->code && p->pf >= 0)
		return p;
	*stop = runs_patterns(e);
	return NULL;
}

/*
 * The pattern conditions cannot hold without (words <= 120 and /cookie/):
 * a subject without the pattern's literals fails that conjunct without
 * running it, so a rule need visit only the pattern's candidate lines.
 * NULL when there is none.
 */
static const wn_pattern *required_pattern(const wn_vec *conds)
{
	int stop = 0;
	for (size_t i = 0; i < conds->len && !stop; i++) {
		const wn_pattern *p = conjunct_pattern(WN_VEC_AT(*conds, wn_cond_src, i).expr, &stop);
		if (p)
			return p;
	}
	return NULL;
}

/* Append "|(?:PREFIX BODY)" to a union of alternatives (no "|" first). */
static int add_alternative(wn_vec *to, const char *prefix, size_t plen, const char *body,
                           size_t blen)
{
	return (to->len && wn_buf_append(to, "|", 1)) || wn_buf_append(to, "(?:", 3) ||
	       wn_buf_append(to, prefix, plen) || wn_buf_append(to, body, blen) ||
	       wn_buf_append(to, ")", 1);
}

/* Does the pattern body start with a word boundary, \b, unrepeated? */
static int word_start(const char *body, size_t n)
{
	return n >= 2 && body[0] == '\\' && body[1] == 'b' &&
	       (n == 2 || !strchr("?*+{", body[2]));
}

/* WINNOW_DUMP_PATTERNS=FILE appends each pattern as PCRE2 compiles it, word
 * lists expanded and alternatives joined, NUL-terminated: the input of
 * bench/vectorscan.sh, which measures what another engine makes of them. */
static void dump_pattern(const char *path, const char *re, size_t len)
{
	FILE *f = path && *path ? fopen(path, "ab") : NULL;
	if (!f)
		return;
	fwrite(re, 1, len, f);
	fputc(0, f);
	fclose(f);
}

/* WINNOW_DUMP_LITERALS=FILE appends the literals the prefilter gets, each
 * as "PATTERN-BIT LENGTH\n" and its bytes and a newline: the input of
 * bench/vectorscan-literals.sh, which times another engine on them. */
static void dump_literals(const char *path, uint32_t id, const wn_literals *lits)
{
	FILE *f = path && *path ? fopen(path, "ab") : NULL;
	if (!f)
		return;
	for (size_t k = 0; k < lits->n; k++) {
		fprintf(f, "%u %zu\n", id, lits->len[k]);
		fwrite(lits->s[k], 1, lits->len[k], f);
		fputc('\n', f);
	}
	fclose(f);
}

/* Give p a bit in the prefilter when its required literals are known. */
static void learn_literals(wn_rules *r, wn_pattern *p, const char *re, size_t len)
{
	wn_literals lits;
	if (r->no_prefilter || wn_required_literals(re, len, &lits, &r->prefilter.pool)) {
		/* WINNOW_DEBUG_PREFILTER lists the patterns that run on every line */
		if (r->owner_kind != 'd' && getenv("WINNOW_DEBUG_PREFILTER"))
			fprintf(stderr, "winnow: no required literals: %s %s\n",
			        r->owner_kind == 'r' ? "rule" : r->owner_kind == 'c' ? "condition" : "spam reason",
			        r->owner);
		return;
	}
	if (wn_prefilter_add(&r->prefilter, r->npf, &lits) == 0) {
		dump_literals(r->dump_literals, r->npf, &lits);
		p->pf = (int)r->npf++;
	}
	for (size_t k = 0; k < lits.n; k++)
		p->pf_spaced |= memchr(lits.s[k], ' ', lits.len[k]) != NULL;
	wn_literals_free(&lits);
}

static int compile_pattern(wn_rules *r, wn_pattern *p)
{
	p->pf = -1;
	p->id = -1;
	p->pf_spaced = 0;
	p->jitted = 0;
	p->owner = r->owner;
	p->owner_kind = r->owner_kind;
	if (!p->alts.len)
		return 0;
	wn_vec all = {0}, hoisted = {0};
	int all_word_start = 1;
	int ok = 1;
	pcre2_code *single = NULL; /* a pattern of one alternative is compiled once */
	for (size_t i = 0; i < p->alts.len; i++) {
		const wn_regex *re = &WN_VEC_AT(p->alts, wn_regex, i);
		wn_vec one = {0}, pieces = {0};
		const char *prefix = re->extended ? "(?x)" : "";
		size_t plen = strlen(prefix);
		if (wn_buf_append(&one, prefix, plen) ||
		    expand(r, re, re->text, re->len, 0, NULL, &one, &pieces, 0)) {
			/* expansion errors are reported; no memory is reported by caller */
			ok = 0;
		} else {
			for (size_t k = 0; k < pieces.len; k++)
				WN_VEC_AT(pieces, piece, k).out_start -= plen;
			int code;
			PCRE2_SIZE off;
			pcre2_code *c = pcre2_compile((PCRE2_SPTR)one.data, one.len, pattern_options(one.data, one.len),
			                              &code, &off, r->cctx);
			if (!c) {
				report_pcre(r, re, &pieces, code, off, plen);
				ok = 0;
			} else {
				if (p->alts.len == 1)
					single = c;
				else
					pcre2_code_free(c);
				if (add_alternative(&all, "", 0, one.data, one.len))
					ok = 0;
				const char *body = (const char *)one.data + plen;
				size_t blen = one.len - plen;
				if (all_word_start && word_start(body, blen)) {
					if (add_alternative(&hoisted, prefix, plen, body + 2, blen - 2))
						ok = 0;
				} else {
					all_word_start = 0;
				}
			}
		}
		wn_vec_free(&one);
		wn_vec_free(&pieces);
	}
	if (ok && p->alts.len > 1 && all_word_start) {
		/* \b(?:A|B), not (?:\bA)|(?:\bB): the same matches, but PCRE2
		 * learns which bytes can start one only from a \b outside the
		 * alternation (cta.comment, eleven alternatives: 2.8x faster) */
		all.len = 0;
		if (wn_buf_append(&all, "\\b(?:", 5) || wn_buf_append(&all, hoisted.data, hoisted.len) ||
		    wn_buf_append(&all, ")", 1))
			ok = 0;
	}
	wn_vec_free(&hoisted);
	if (ok) {
		int code;
		PCRE2_SIZE off;
		p->unanchored = !anchored_source(all.data, all.len);
		p->code = single ? single : pcre2_compile((PCRE2_SPTR)all.data, all.len, pattern_options(all.data, all.len),
		                                          &code, &off, r->cctx);
		single = NULL;
		if (!p->code) {
			const wn_regex *re = &WN_VEC_AT(p->alts, wn_regex, 0);
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof msg);
			wn_rules_report(r, WN_DIAG_ERROR, &re->loc, 1,
			                "the alternatives of this pattern do not combine: %s", (char *)msg);
			ok = 0;
		} else {
			/* the interpreter runs where there is no JIT, and under valgrind
			 * (WINNOW_NO_JIT=1), which cannot see into JIT code; a macro
			 * is compiled on its own only to report its errors */
			int runs = r->owner_kind != 'd';
			if (runs && !r->no_jit)
				p->jitted = pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0;
			dump_pattern(r->dump_patterns, all.data, all.len);
			learn_literals(r, p, all.data, all.len);
			p->id = (int)r->npatterns++;
			if (runs && wn_prefix_learn(&p->prefix, p->code, p->pf < 0))
				ok = 0;
			PCRE2_SPTR first, last;
			int size = pcre2_substring_nametable_scan(p->code, (PCRE2_SPTR) "cut", &first, &last);
			if (size > 0) {
				for (PCRE2_SPTR e = first; e <= last && p->ncut < 8; e += size)
					p->cut_groups[p->ncut++] = (e[0] << 8) | e[1];
			}
		}
	}
	if (single)
		pcre2_code_free(single);
	wn_vec_free(&all);
	return ok ? 0 : -1;
}

static int intern_category(wn_rules *r, const char *name)
{
	for (size_t i = 0; i < r->categories.len; i++)
		if (strcmp(WN_VEC_AT(r->categories, char *, i), name) == 0)
			return (int)i;
	char *copy = wn_strndup(name, strlen(name));
	if (!copy || !wn_vec_push(&r->categories, sizeof copy, &copy)) {
		free(copy);
		return -1;
	}
	return (int)r->categories.len - 1;
}

static int conds_use_position(const wn_rules *r, const wn_vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		if (wn_expr_uses_position(WN_VEC_AT(*v, wn_cond_src, i).expr,
		                          (wn_expr *const *)r->cond_exprs.data))
			return 1;
	return 0;
}

static void hash_in(uint64_t *h, const void *p, size_t n)
{
	*h = wn_hash_bytes(p, n, *h);
}

static int env_flag(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

/* The model's inputs resolved, and the fit matched to them: a weight row
 * for every input (one number for the line, one per window), a center row
 * where given. A model without a fit scores nothing. */
static int compile_model(wn_rules *r)
{
	wn_model *m = &r->model;
	wn_model_free(m);
	wn_model_src *ms = r->model_src;
	wn_fit_src *fs = r->ignore_fit ? NULL : r->fit_src;
	if (!ms) {
		if (fs)
			wn_rules_report(r, WN_DIAG_ERROR, &fs->loc, strlen(fs->name),
			                "fit for '%s', but no model is defined (model %s ...)", fs->name,
			                fs->name);
		return 0;
	}
	size_t n = ms->inputs.len;
	m->defined = 1;
	m->ninputs = n;
	m->nwindows = ms->nwindows;
	memcpy(m->windows, ms->windows, sizeof m->windows);
	m->ncols = n * (1 + ms->nwindows);
	m->input_names = calloc(n + 1, sizeof *m->input_names);
	m->inputs = calloc(n + 1, sizeof *m->inputs);
	m->weights = calloc(m->ncols + 1, sizeof *m->weights);
	m->centers = calloc(m->ncols + 1, sizeof *m->centers);
	m->progs = calloc(n + 1, sizeof *m->progs);
	m->columns = calloc(n + 1, sizeof *m->columns);
	m->per_line = calloc(n + 1, sizeof *m->per_line);
	if (!m->input_names || !m->inputs || !m->weights || !m->centers || !m->progs ||
	    !m->columns || !m->per_line)
		return -1;
	r->owner = ms->name;
	r->owner_kind = 'c';
	for (size_t j = 0; j < n; j++) {
		wn_model_input *in = &WN_VEC_AT(ms->inputs, wn_model_input, j);
		if (resolve_bounded(r, in->cond.expr, &in->cond.loc, r->conditions.len, NULL) == 0 &&
		    wn_expr_uses_feature(in->cond.expr, (wn_expr *const *)r->cond_exprs.data,
		                         WN_F_BOILERPLATE))
			wn_rules_report(r, WN_DIAG_ERROR, &in->cond.loc, 1,
			                "a model input cannot read 'boilerplate', the model's own output");
		m->input_names[j] = in->name;
		m->inputs[j] = in->cond.expr;
	}
	/* the inputs run on every line: as flat programs (a tree that is too
	 * deep for one stays a tree) */
	for (size_t j = 0; j < n; j++) {
		if (r->errors == 0)
			wn_prog_compile(&m->progs[j], m->inputs[j]);
		m->columns[j] = wn_prog_column_feature(&m->progs[j]);
		if (m->columns[j] < 0)
			m->per_line[m->nper_line++] = (int)j;
	}
	if (!fs)
		return 0;
	if (strcmp(fs->name, ms->name) != 0) {
		wn_rules_report(r, WN_DIAG_ERROR, &fs->loc, strlen(fs->name),
		                "fit for '%s', but the model is '%s'", fs->name, ms->name);
		return 0;
	}
	unsigned before = r->errors;
	size_t stride = 1 + ms->nwindows;
	uint8_t *weighted = calloc(n + 1, 1);
	if (!weighted)
		return -1;
	for (size_t i = 0; i < fs->rows.len; i++) {
		wn_fit_row *row = &WN_VEC_AT(fs->rows, wn_fit_row, i);
		size_t j = 0;
		while (j < n && strcmp(m->input_names[j], row->name) != 0)
			j++;
		if (j == n) {
			wn_rules_report(r, WN_DIAG_ERROR, &row->loc, strlen(row->name),
			                "model '%s' has no input '%s' (refit with: winnow tune --fit)",
			                ms->name, row->name);
			continue;
		}
		if (row->nvalues != stride) {
			wn_rules_report(r, WN_DIAG_ERROR, &row->loc, strlen(row->name),
			                "'%s' has %zu numbers; the model takes %zu (the line and %zu windows)",
			                row->name, row->nvalues, stride, ms->nwindows);
			continue;
		}
		memcpy((row->center ? m->centers : m->weights) + j * stride, row->values,
		       stride * sizeof(double));
		weighted[j] |= !row->center;
	}
	for (size_t j = 0; j < n; j++)
		if (!weighted[j]) {
			wn_model_input *in = &WN_VEC_AT(ms->inputs, wn_model_input, j);
			wn_rules_report(r, WN_DIAG_ERROR, &fs->loc, strlen(fs->name),
			                "the fit has no weights for input '%s' (line %u of %s; refit with: "
			                "winnow tune --fit)", in->name, in->cond.loc.line, in->cond.loc.src->name);
		}
	free(weighted);
	if (!fs->has_bias)
		wn_rules_report(r, WN_DIAG_ERROR, &fs->loc, strlen(fs->name), "the fit has no bias");
	m->bias = fs->bias;
	m->fitted = r->errors == before;
	return m->fitted ? wn_model_prepare(m) : 0;
}

static void compile_conds(wn_vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		wn_cond_src *c = &WN_VEC_AT(*v, wn_cond_src, i);
		wn_prog_free(&c->prog);
		wn_prog_compile(&c->prog, c->expr); /* a failure leaves it empty: the tree runs */
	}
}

/* Every condition that runs per line, as a flat program (prog.h). */
static int compile_progs(wn_rules *r)
{
	for (size_t i = 0; i < r->cond_progs.len; i++)
		wn_prog_free(&WN_VEC_AT(r->cond_progs, wn_prog, i));
	r->cond_progs.len = 0;
	if (!wn_vec_grow(&r->cond_progs, sizeof(wn_prog), r->conditions.len))
		return -1;
	for (size_t i = 0; i < r->conditions.len; i++)
		wn_prog_compile(&WN_VEC_AT(r->cond_progs, wn_prog, i),
		                WN_VEC_AT(r->cond_exprs, wn_expr *, i));
	for (size_t i = 0; i < r->rules.len; i++) {
		wn_rule *rule = WN_VEC_AT(r->rules, wn_rule *, i);
		compile_conds(&rule->when);
		compile_conds(&rule->cont_when);
		compile_conds(&rule->extend_when);
		compile_conds(&rule->line_when);
	}
	return 0;
}

/* The order the engine runs the active rules in, per stage (see
 * wn_rules.schedule): computed once, not per document. */
static int schedule_rules(wn_rules *r)
{
	static const uint8_t pass_of[] = {
		[WN_SCOPE_BLOCK] = 0, [WN_SCOPE_LINE] = 1, [WN_SCOPE_PARAGRAPH] = 1,
		[WN_SCOPE_SUFFIX] = 2, [WN_SCOPE_SENTENCE] = 3,
	};
	for (int stage = 0; stage < 2; stage++) {
		r->schedule[stage].len = 0;
		for (uint8_t pass = 0; pass < 4; pass++)
			for (uint32_t ri = 0; ri < r->active.len; ri++) {
				const wn_rule *rule = WN_VEC_AT(r->active, wn_rule *, ri);
				if (rule->stage == stage + 1 && pass_of[rule->scope] == pass &&
				    !wn_vec_push(&r->schedule[stage], sizeof ri, &ri))
					return -1;
			}
	}
	return 0;
}

int wn_rules_compile(wn_rules *r)
{
	if (r->compiled)
		return WN_OK;
	r->no_jit = env_flag("WINNOW_NO_JIT");
	r->no_prefilter = env_flag("WINNOW_NO_PREFILTER");
	r->check_prefilter = env_flag("WINNOW_CHECK_PREFILTER");
	r->dump_patterns = getenv("WINNOW_DUMP_PATTERNS");
	r->dump_literals = getenv("WINNOW_DUMP_LITERALS");
	if (!r->cctx) {
		r->cctx = pcre2_compile_context_create(NULL);
		if (!r->cctx)
			return WN_ERR_NOMEM;
	}
	/* parameters and their overrides */
	for (size_t i = 0; i < r->settings.len; i++) {
		wn_setting *s = &WN_VEC_AT(r->settings, wn_setting, i);
		int p = find_param(r, s->name);
		if (p < 0) {
			if (s->where)
				report_plain(r, s->where, "unknown parameter '%s' (see: winnow rules params)",
				             s->name);
			else
				wn_rules_report(r, WN_DIAG_ERROR, &s->loc, strlen(s->name),
				                "unknown parameter '%s'", s->name);
			continue;
		}
		wn_param *pp = &WN_VEC_AT(r->params, wn_param, p);
		if (s->value < pp->min || s->value > pp->max ||
		    (pp->is_int && s->value != (double)(long long)s->value)) {
			if (s->where)
				report_plain(r, s->where, "%s=%g is outside its range %g..%g%s", s->name,
				             s->value, pp->min, pp->max, pp->is_int ? " (whole numbers)" : "");
			else
				wn_rules_report(r, WN_DIAG_ERROR, &s->loc, strlen(s->name),
				                "%s=%g is outside its range %g..%g%s", s->name, s->value,
				                pp->min, pp->max, pp->is_int ? " (whole numbers)" : "");
			continue;
		}
		pp->value = s->value;
	}
	free(r->param_values);
	r->param_values = calloc(r->params.len + 1, sizeof(double));
	if (!r->param_values)
		return WN_ERR_NOMEM;
	for (size_t i = 0; i < r->params.len; i++)
		r->param_values[i] = WN_VEC_AT(r->params, wn_param, i).value;

	r->extend_gap = find_param(r, "main_extend_gap");
	r->removed_cost = find_param(r, "main_removed_cost");
	r->model_threshold = find_param(r, "model_threshold");

	/* named conditions: each may use the ones before it */
	r->cond_exprs.len = 0;
	for (size_t i = 0; i < r->conditions.len; i++) {
		wn_condition *c = &WN_VEC_AT(r->conditions, wn_condition, i);
		r->owner = c->name;
		r->owner_kind = 'c';
		resolve_bounded(r, c->cond.expr, &c->cond.loc, i, c);
		if (!wn_vec_push(&r->cond_exprs, sizeof(wn_expr *), &c->cond.expr))
			return WN_ERR_NOMEM;
		if (strcmp(c->name, "prose") == 0)
			r->prose_cond = (int)i;
		if (strcmp(c->name, "main_score") == 0)
			r->main_cond = (int)i;
		if (strcmp(c->name, "main_extend") == 0)
			r->extend_cond = (int)i;
		if (strcmp(c->name, "main_bridge") == 0)
			r->bridge_cond = (int)i;
	}
	/* the walks below recurse through the conditions: not into one that
	 * is too large */
	for (size_t i = 0; i < r->conditions.len; i++)
		if (WN_VEC_AT(r->conditions, wn_condition, i).too_large)
			return WN_ERR_RULES;
	r->cond_cacheable.len = 0;
	r->cond_always.len = 0;
	for (size_t i = 0; i < r->conditions.len; i++) {
		uint8_t pure = !wn_expr_uses_position(WN_VEC_AT(r->cond_exprs, wn_expr *, i),
		                                     (wn_expr *const *)r->cond_exprs.data);
		if (!wn_vec_push(&r->cond_cacheable, 1, &pure) ||
		    !wn_vec_push(&r->cond_always, 1, &(uint8_t){ 1 }))
			return WN_ERR_NOMEM;
	}
	/* prose places the anchors, so it may not use positions at all; the
	 * region conditions may use the anchors but not the region itself */
	if (r->prose_cond >= 0) {
		wn_condition *c = &WN_VEC_AT(r->conditions, wn_condition, r->prose_cond);
		if (wn_expr_uses_position(c->cond.expr, (wn_expr *const *)r->cond_exprs.data))
			wn_rules_report(r, WN_DIAG_ERROR, &c->cond.loc, 1,
			                "the 'prose' condition places the article, so it cannot use "
			                "position features (after_prose, in_main, ...)");
	}
	int special[] = { r->main_cond, r->extend_cond, r->bridge_cond };
	for (int k = 0; k < 3; k++) {
		if (special[k] < 0)
			continue;
		wn_condition *c = &WN_VEC_AT(r->conditions, wn_condition, special[k]);
		if (wn_expr_uses_region(c->cond.expr, (wn_expr *const *)r->cond_exprs.data) ||
		    wn_expr_uses_feature(c->cond.expr, (wn_expr *const *)r->cond_exprs.data,
		                         WN_F_BOILERPLATE))
			wn_rules_report(r, WN_DIAG_ERROR, &c->cond.loc, 1,
			                "the '%s' condition places the main region, so it cannot use "
			                "in_main, before_main, after_main, main_lead, to_main or boilerplate", c->name);
	}

	if (compile_model(r))
		return WN_ERR_NOMEM;

	/* macros on their own, so an error in one is reported where it is
	 * written, once, rather than at every use */
	for (size_t i = 0; i < r->defines.len; i++) {
		wn_define *d = &WN_VEC_AT(r->defines, wn_define, i);
		wn_pattern p = { 0 };
		r->owner = d->name;
		r->owner_kind = 'd';
		wn_regex copy = d->re;
		copy.text = wn_strndup(d->re.text, d->re.len);
		if (!copy.text || !wn_vec_push(&p.alts, sizeof copy, &copy)) {
			free(copy.text);
			return WN_ERR_NOMEM;
		}
		if (compile_pattern(r, &p))
			d->broken = 1;
		wn_pattern_free(&p);
	}

	/* disabled rules */
	for (size_t i = 0; i < r->disables.len; i++) {
		wn_disable *d = &WN_VEC_AT(r->disables, wn_disable, i);
		int k = wn_names_find(r, WN_NAME_RULE, d->id, strlen(d->id));
		if (k >= 0)
			WN_VEC_AT(r->rules, wn_rule *, k)->disabled = 1;
		else
			wn_rules_report(r, WN_DIAG_ERROR, &d->loc, strlen(d->id),
			                "cannot disable '%s': no rule has that id (see: winnow rules list)",
			                d->id);
	}

	/* rules */
	r->active.len = 0;
	for (size_t i = 0; i < r->rules.len; i++) {
		wn_rule *rule = WN_VEC_AT(r->rules, wn_rule *, i);
		r->owner = rule->id;
		r->owner_kind = 'r';
		resolve_conds(r, &rule->when);
		resolve_conds(r, &rule->cont_when);
		resolve_conds(r, &rule->extend_when);
		resolve_conds(r, &rule->line_when);
		resolve_num(r, &rule->gap, "gap");
		resolve_num(r, &rule->blank, "blank");
		resolve_num(r, &rule->min_lines, "min-lines");
		compile_pattern(r, &rule->match);
		compile_pattern(r, &rule->unless);
		compile_pattern(r, &rule->cont);
		compile_pattern(r, &rule->extend);
		if (rule->scope == WN_SCOPE_SUFFIX && rule->match.code && !rule->match.ncut) {
			/* fine: the whole match is the suffix */
		}
		rule->cat = intern_category(r, rule->category);
		if (rule->cat < 0)
			return WN_ERR_NOMEM;
		rule->stage = 1;
		rule->when_needs = required_pattern(&rule->when);
		rule->uses_model = 0;
		for (size_t k = 0; k < rule->when.len; k++)
			rule->uses_model |= wn_expr_uses_feature(WN_VEC_AT(rule->when, wn_cond_src, k).expr,
			                                         (wn_expr *const *)r->cond_exprs.data,
			                                         WN_F_BOILERPLATE);
		if (r->errors == 0 &&
		    (conds_use_position(r, &rule->when) || conds_use_position(r, &rule->cont_when) ||
		     conds_use_position(r, &rule->extend_when) || conds_use_position(r, &rule->line_when)))
			rule->stage = 2;
		if (!rule->disabled && !wn_vec_push(&r->active, sizeof rule, &rule))
			return WN_ERR_NOMEM;
	}
	if (schedule_rules(r))
		return WN_ERR_NOMEM;
	/* spam statements read the document, rules read lines */
	for (size_t i = 0; i < r->spams.len; i++) {
		wn_spam *sp = &WN_VEC_AT(r->spams, wn_spam, i);
		if (wn_expr_uses_line(sp->cond.expr))
			wn_rules_report(r, WN_DIAG_ERROR, &sp->cond.loc, 1,
			                "a spam condition describes the whole document: use lines(), bytes(), "
			                "hits(), matches() and document features, not line features");
		else {
			r->owner = sp->reason;
			r->owner_kind = 's';
			resolve_bounded(r, sp->cond.expr, &sp->cond.loc, 0, NULL);
		}
	}
	for (size_t i = 0; i < r->rules.len; i++) {
		wn_rule *rule = WN_VEC_AT(r->rules, wn_rule *, i);
		const wn_vec *vs[] = { &rule->when, &rule->cont_when, &rule->extend_when, &rule->line_when };
		for (size_t k = 0; k < 4; k++)
			for (size_t j = 0; j < vs[k]->len; j++)
				if (wn_expr_uses_doc(WN_VEC_AT(*vs[k], wn_cond_src, j).expr))
					wn_rules_report(r, WN_DIAG_ERROR, &WN_VEC_AT(*vs[k], wn_cond_src, j).loc, 1,
					                "lines(), bytes(), hits(), matches() and document features "
					                "describe the whole document: use them in spam statements");
	}
	for (size_t i = 0; i < r->conditions.len; i++) {
		wn_condition *c = &WN_VEC_AT(r->conditions, wn_condition, i);
		if (wn_expr_uses_doc(c->cond.expr))
			wn_rules_report(r, WN_DIAG_ERROR, &c->cond.loc, 1,
			                "a named condition describes lines: document atoms belong in spam statements");
	}
	if (r->errors)
		return WN_ERR_RULES;
	if (compile_progs(r))
		return WN_ERR_NOMEM;

	uint64_t h = 0;
	for (size_t i = 0; i < r->srcs.len; i++) {
		wn_src *s = WN_VEC_AT(r->srcs, wn_src *, i);
		hash_in(&h, s->text, s->len);
	}
	hash_in(&h, r->param_values, r->params.len * sizeof(double));
	r->hash = h;
	/* without the automaton (out of memory) every pattern simply runs */
	r->prefilter_ready = r->npf > 0 && wn_prefilter_build(&r->prefilter) == 0;
	r->compiled = 1;
	return WN_OK;
}

/* ------------------------------------------------------------------ */
/* listing                                                             */

uint64_t wn_rules_hash(const wn_rules *r)
{
	return r->hash;
}

size_t wn_rules_count(const wn_rules *r)
{
	return r->active.len;
}

int wn_rules_get(const wn_rules *r, size_t i, wn_rule_info *out)
{
	if (i >= r->active.len)
		return WN_ERR_USAGE;
	const wn_rule *rule = WN_VEC_AT(r->active, wn_rule *, i);
	out->id = rule->id;
	out->category = rule->category;
	out->description = rule->description;
	out->scope = rule->scope;
	out->file = rule->loc.src->name;
	out->line = rule->loc.line;
	out->uses_model = rule->uses_model;
	return WN_OK;
}

size_t wn_rules_param_count(const wn_rules *r)
{
	return r->params.len;
}

int wn_rules_param_get(const wn_rules *r, size_t i, wn_param_info *out)
{
	if (i >= r->params.len)
		return WN_ERR_USAGE;
	const wn_param *p = &WN_VEC_AT(r->params, wn_param, i);
	out->name = p->name;
	out->description = p->description;
	out->value = r->param_values ? r->param_values[i] : p->value;
	out->min = p->min;
	out->max = p->max;
	out->is_integer = p->is_int;
	out->file = p->loc.src->name;
	out->line = p->loc.line;
	return WN_OK;
}

int wn_rules_condition_find(const wn_rules *r, const char *name)
{
	return find_condition(r, name, r->conditions.len);
}

size_t wn_rules_condition_count(const wn_rules *r)
{
	return r->conditions.len;
}

int wn_rules_condition_get(const wn_rules *r, size_t i, wn_condition_info *out)
{
	if (i >= r->conditions.len)
		return WN_ERR_USAGE;
	const wn_condition *c = &WN_VEC_AT(r->conditions, wn_condition, i);
	const wn_loc *l = &c->cond.loc;
	const char *line = l->src->text + l->line_off;
	size_t n = wn_loc_line_len(l), a = l->byte_col, b = n;
	for (size_t k = a; k < n; k++)
		if (line[k] == '#') {
			b = k;
			break;
		}
	while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
		b--;
	*out = (wn_condition_info){ c->name, line + a, b - a, l->src->name, l->line };
	return WN_OK;
}

void wn_rules_ignore_fit(wn_rules *r)
{
	r->ignore_fit = 1;
}

int wn_rules_model(const wn_rules *r, wn_model_info *out)
{
	memset(out, 0, sizeof *out);
	if (!r->model.defined)
		return WN_OK;
	out->name = r->model_src->name;
	out->description = r->model_src->description;
	out->ninputs = r->model.ninputs;
	out->nwindows = r->model.nwindows;
	out->ncolumns = r->model.ncols;
	out->fitted = r->model.fitted;
	out->bias = r->model.bias;
	return WN_OK;
}

const char *wn_rules_model_input(const wn_rules *r, size_t j)
{
	return j < r->model.ninputs ? r->model.input_names[j] : NULL;
}

int wn_rules_model_window(const wn_rules *r, size_t w, char *buf, size_t size)
{
	if (w >= r->model.nwindows)
		return WN_ERR_USAGE;
	wn_window_name(&r->model.windows[w], buf, size);
	return WN_OK;
}

int wn_rules_model_column(const wn_rules *r, size_t c, char *buf, size_t size)
{
	if (c >= r->model.ncols)
		return WN_ERR_USAGE;
	wn_model_column_name(&r->model, c, buf, size);
	return WN_OK;
}

int wn_rules_model_weight(const wn_rules *r, size_t c, double *weight, double *center)
{
	if (c >= r->model.ncols)
		return WN_ERR_USAGE;
	*weight = r->model.fitted ? r->model.weights[c] : 0;
	*center = r->model.fitted ? r->model.centers[c] : 0;
	return WN_OK;
}

size_t wn_rules_category_count(const wn_rules *r)
{
	return r->categories.len;
}

const char *wn_rules_category_name(const wn_rules *r, size_t cat)
{
	return cat < r->categories.len ? WN_VEC_AT(r->categories, char *, cat) : NULL;
}

int wn_rules_category_find(const wn_rules *r, const char *name)
{
	for (size_t i = 0; i < r->categories.len; i++)
		if (strcmp(WN_VEC_AT(r->categories, char *, i), name) == 0)
			return (int)i;
	return -1;
}

const char *wn_scope_name(wn_scope scope)
{
	static const char *names[] = { "line", "block", "suffix", "sentence", "paragraph" };
	return (unsigned)scope < 5 ? names[scope] : "?";
}

const char *wn_version(void)
{
	return WN_VERSION;
}

const char *wn_strerror(int code)
{
	switch (code) {
	case WN_OK: return "success";
	case WN_ERR_RULES: return "invalid rules";
	case WN_ERR_IO: return "input/output error";
	case WN_ERR_NOMEM: return "out of memory";
	case WN_ERR_USAGE: return "invalid argument";
	case WN_ERR_OUTPUT: return "output stopped";
	case WN_ERR_FORMAT: return "malformed input";
	default: return "unknown error";
	}
}
