/* expr.c: parsing and evaluating rule conditions (see expr.h). */
#include "expr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

typedef struct parser {
	const char *s;
	size_t len, pos;
	wn_expr_error *err;
	int failed;
	int nesting;     /* parse_or, parse_not and parse_unary calls open */
} parser;

static int is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static void skip_ws(parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t'))
		p->pos++;
}

static wn_expr *fail(parser *p, const char *msg, size_t at, size_t span)
{
	if (!p->failed) {
		p->failed = 1;
		p->err->message = msg;
		p->err->offset = at;
		p->err->span = span ? span : 1;
	}
	return NULL;
}

static wn_expr *node(parser *p, wn_expr_kind kind)
{
	wn_expr *e = calloc(1, sizeof *e);
	if (!e) {
		p->failed = 1;
		p->err->message = NULL;
	}
	if (e) {
		e->kind = kind;
		e->depth = 1;
	}
	return e;
}

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
static const char too_deep[] =
	"the condition nests too deeply (at most " STRINGIFY(WN_EXPR_MAX_DEPTH) " levels)";

/* One more level of the parser's recursion, or an error when too many. */
static int enter(parser *p)
{
	if (p->nesting >= WN_EXPR_MAX_DEPTH) {
		fail(p, too_deep, p->pos, 1);
		return 0;
	}
	p->nesting++;
	return 1;
}

/* e over its operands, or NULL (e freed) when that makes it too deep. */
static wn_expr *deepen(parser *p, wn_expr *e)
{
	unsigned a = e->a ? e->a->depth : 0, b = e->b ? e->b->depth : 0;
	e->depth = 1 + (a > b ? a : b);
	if (e->depth <= WN_EXPR_MAX_DEPTH)
		return e;
	wn_expr_free(e);
	return fail(p, too_deep, p->pos, 1);
}

static size_t ident_len(parser *p, size_t at)
{
	size_t i = at;
	if (i < p->len && is_ident_start(p->s[i]))
		while (i < p->len && is_ident(p->s[i]))
			i++;
	return i - at;
}

static int keyword(parser *p, const char *kw)
{
	skip_ws(p);
	size_t n = ident_len(p, p->pos);
	if (n == strlen(kw) && memcmp(p->s + p->pos, kw, n) == 0) {
		p->pos += n;
		return 1;
	}
	return 0;
}

static wn_expr *parse_or(parser *p);

static wn_expr *binary(parser *p, wn_expr_kind k, wn_expr *a, wn_expr *b)
{
	if (!a || !b) {
		wn_expr_free(a);
		wn_expr_free(b);
		return NULL;
	}
	wn_expr *e = node(p, k);
	if (!e) {
		wn_expr_free(a);
		wn_expr_free(b);
		return NULL;
	}
	e->a = a;
	e->b = b;
	return deepen(p, e);
}

static wn_expr *unary(parser *p, wn_expr_kind k, wn_expr *a);

/* The arguments of ln(x), min(a, b) or max(a, b), after the name. */
static wn_expr *parse_call(parser *p, wn_expr_kind k, int args)
{
	p->pos++; /* ( */
	wn_expr *a = parse_or(p), *b = NULL;
	skip_ws(p);
	if (a && args == 2) {
		if (p->pos >= p->len || p->s[p->pos] != ',') {
			wn_expr_free(a);
			return fail(p, "expected ',' and a second argument", p->pos, 1);
		}
		p->pos++;
		b = parse_or(p);
		skip_ws(p);
		if (!b) {
			wn_expr_free(a);
			return NULL;
		}
	}
	if (!a)
		return NULL;
	if (p->pos >= p->len || p->s[p->pos] != ')') {
		wn_expr_free(a);
		wn_expr_free(b);
		return fail(p, "expected ')'", p->pos, 1);
	}
	p->pos++;
	return args == 2 ? binary(p, k, a, b) : unary(p, k, a);
}

static wn_expr *parse_atom(parser *p)
{
	skip_ws(p);
	if (p->pos >= p->len)
		return fail(p, "expected a number, feature, $parameter or '('", p->pos, 1);
	char c = p->s[p->pos];
	size_t start = p->pos;
	if (c == '(') {
		p->pos++;
		wn_expr *e = parse_or(p);
		skip_ws(p);
		if (!e)
			return NULL;
		if (p->pos >= p->len || p->s[p->pos] != ')') {
			wn_expr_free(e);
			return fail(p, "expected ')'", p->pos, 1);
		}
		p->pos++;
		return e;
	}
	if (c == '/') {
		size_t i = p->pos + 1;
		while (i < p->len && p->s[i] != '/') {
			if (p->s[i] == '\\' && i + 1 < p->len)
				i++;
			i++;
		}
		if (i >= p->len)
			return fail(p, "unterminated pattern: expected a closing '/' (write \\/ for a slash)",
			            start, p->len - start);
		if (i == start + 1)
			return fail(p, "empty pattern", start, 2);
		wn_expr *e = node(p, WN_E_MATCH);
		if (!e)
			return NULL;
		e->name = wn_strndup(p->s + start + 1, i - start - 1);
		e->name_len = i - start - 1;
		e->col = (unsigned)(start + 1);
		e->span = (unsigned)(i - start + 1);
		p->pos = i + 1;
		while (p->pos < p->len && (p->s[p->pos] == 'x' || p->s[p->pos] == 'i')) {
			e->extended |= p->s[p->pos] == 'x';
			p->pos++;
		}
		if (p->pos < p->len && is_ident(p->s[p->pos])) {
			wn_expr_free(e);
			return fail(p, "unknown pattern flag (only x and i exist)", p->pos, 1);
		}
		if (!e->name) {
			free(e);
			p->failed = 1;
			p->err->message = NULL;
			return NULL;
		}
		return e;
	}
	if ((c >= '0' && c <= '9') || c == '.') {
		char *end;
		char buf[64];
		size_t n = 0;
		while (p->pos + n < p->len && n < sizeof buf - 1 &&
		       ((p->s[p->pos + n] >= '0' && p->s[p->pos + n] <= '9') ||
		        p->s[p->pos + n] == '.'))
			n++;
		memcpy(buf, p->s + p->pos, n);
		buf[n] = '\0';
		double v = strtod(buf, &end);
		if (end != buf + n)
			return fail(p, "malformed number", start, n);
		p->pos += n;
		wn_expr *e = node(p, WN_E_NUM);
		if (e)
			e->num = v;
		return e;
	}
	if (c == '$') {
		size_t n = ident_len(p, p->pos + 1);
		if (n == 0)
			return fail(p, "expected a parameter name after '$'", start, 1);
		wn_expr *e = node(p, WN_E_PARAM);
		if (!e)
			return NULL;
		e->name = wn_strndup(p->s + p->pos + 1, n);
		e->col = (unsigned)start;
		e->span = (unsigned)(n + 1);
		e->index = -1;
		p->pos += n + 1;
		if (!e->name) {
			free(e);
			p->failed = 1;
			p->err->message = NULL;
			return NULL;
		}
		return e;
	}
	size_t n = ident_len(p, p->pos);
	if (n == 0)
		return fail(p, "expected a number, feature, $parameter or '('", start, 1);
	const char *name = p->s + p->pos;
	p->pos += n;
	int is_share = n == 5 && memcmp(name, "share", 5) == 0;
	int is_count = n == 5 && memcmp(name, "count", 5) == 0;
	wn_expr_kind doc_kind = WN_E_NUM;
	if (n == 5 && memcmp(name, "lines", 5) == 0) doc_kind = WN_E_DOC_LINES;
	else if (n == 5 && memcmp(name, "bytes", 5) == 0) doc_kind = WN_E_DOC_BYTES;
	else if (n == 9 && memcmp(name, "cut_bytes", 9) == 0) doc_kind = WN_E_DOC_CUT_BYTES;
	else if (n == 10 && memcmp(name, "tail_lines", 10) == 0) doc_kind = WN_E_DOC_TAIL_LINES;
	else if (n == 4 && memcmp(name, "hits", 4) == 0) doc_kind = WN_E_DOC_HITS;
	else if (n == 7 && memcmp(name, "matches", 7) == 0) doc_kind = WN_E_DOC_MATCHES;
	skip_ws(p);
	if (doc_kind != WN_E_NUM && p->pos < p->len && p->s[p->pos] == '(') {
		p->pos++;
		skip_ws(p);
		wn_expr *e;
		if (doc_kind == WN_E_DOC_MATCHES) {
			if (p->pos >= p->len || p->s[p->pos] != '/')
				return fail(p, "expected a pattern in slashes: matches(/.../)", p->pos, 1);
			e = parse_atom(p); /* a pattern atom; becomes a document count */
			if (!e)
				return NULL;
			e->kind = WN_E_DOC_MATCHES;
		} else {
			size_t as = p->pos;
			while (p->pos < p->len && (is_ident(p->s[p->pos]) || p->s[p->pos] == '-'))
				p->pos++;
			if (p->pos == as)
				return fail(p, doc_kind == WN_E_DOC_HITS ? "expected a rule id" : "expected a category name",
				            as, 1);
			e = node(p, doc_kind);
			if (!e)
				return NULL;
			e->name = wn_strndup(p->s + as, p->pos - as);
			e->col = (unsigned)as;
			e->span = (unsigned)(p->pos - as);
			e->index = -1;
			if (!e->name) {
				free(e);
				p->failed = 1;
				p->err->message = NULL;
				return NULL;
			}
		}
		skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] != ')') {
			wn_expr_free(e);
			return fail(p, "expected ')'", p->pos, 1);
		}
		p->pos++;
		return e;
	}
	int fn_args = n == 2 && memcmp(name, "ln", 2) == 0 ? 1
	            : n == 3 && (memcmp(name, "min", 3) == 0 || memcmp(name, "max", 3) == 0) ? 2 : 0;
	if (fn_args && p->pos < p->len && p->s[p->pos] == '(')
		return parse_call(p, fn_args == 1 ? WN_E_LN : name[1] == 'i' ? WN_E_MIN : WN_E_MAX,
		                  fn_args);
	if ((is_share || is_count) && p->pos < p->len && p->s[p->pos] == '(') {
		p->pos++;
		skip_ws(p);
		size_t ls = p->pos, ln = ident_len(p, p->pos);
		if (ln == 0)
			return fail(p, "expected a word-list name", p->pos, 1);
		p->pos += ln;
		skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] != ')')
			return fail(p, "expected ')' after the word-list name", p->pos, 1);
		p->pos++;
		wn_expr *e = node(p, is_share ? WN_E_SHARE : WN_E_COUNT);
		if (!e)
			return NULL;
		e->name = wn_strndup(p->s + ls, ln);
		e->col = (unsigned)ls;
		e->span = (unsigned)ln;
		e->index = -1;
		if (!e->name) {
			free(e);
			p->failed = 1;
			p->err->message = NULL;
			return NULL;
		}
		return e;
	}
	int feat = wn_feature_find(name, n), var = wn_doc_var_find(name, n);
	wn_expr *e = node(p, feat >= 0 ? WN_E_FEAT : var >= 0 ? WN_E_DOC_VAR : WN_E_COND);
	if (!e)
		return NULL;
	e->index = feat >= 0 ? feat : var;
	if (var >= 0 && feat < 0) {
		e->col = (unsigned)start;
		e->span = (unsigned)n;
		return e;
	}
	e->col = (unsigned)start;
	e->span = (unsigned)n;
	if (feat < 0) {
		e->name = wn_strndup(name, n);
		if (!e->name) {
			free(e);
			p->failed = 1;
			p->err->message = NULL;
			return NULL;
		}
	}
	return e;
}

/* A node of kind k over a (taking ownership; NULL in, NULL out). */
static wn_expr *unary(parser *p, wn_expr_kind k, wn_expr *a)
{
	if (!a)
		return NULL;
	wn_expr *e = node(p, k);
	if (!e) {
		wn_expr_free(a);
		return NULL;
	}
	e->a = a;
	return deepen(p, e);
}

/* A prefix operator of kind k over what operand parses, one level deeper. */
static wn_expr *prefixed(parser *p, wn_expr_kind k, wn_expr *(*operand)(parser *))
{
	if (!enter(p))
		return NULL;
	wn_expr *e = unary(p, k, operand(p));
	p->nesting--;
	return e;
}

static wn_expr *parse_unary(parser *p)
{
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == '-') {
		p->pos++;
		return prefixed(p, WN_E_NEG, parse_unary);
	}
	return parse_atom(p);
}

/* One left-associative level: operand (op operand)*, op being op1 or op2. */
static wn_expr *parse_level(parser *p, wn_expr *(*operand)(parser *), char op1, wn_expr_kind k1,
                            char op2, wn_expr_kind k2)
{
	wn_expr *a = operand(p);
	for (;;) {
		skip_ws(p);
		if (!a || p->pos >= p->len || (p->s[p->pos] != op1 && p->s[p->pos] != op2))
			return a;
		wn_expr_kind k = p->s[p->pos] == op1 ? k1 : k2;
		p->pos++;
		a = binary(p, k, a, operand(p));
	}
}

static wn_expr *parse_term(parser *p)
{
	return parse_level(p, parse_unary, '*', WN_E_MUL, '/', WN_E_DIV);
}

static wn_expr *parse_sum(parser *p)
{
	return parse_level(p, parse_term, '+', WN_E_ADD, '-', WN_E_SUB);
}

static wn_expr *parse_cmp(parser *p)
{
	wn_expr *a = parse_sum(p);
	if (!a)
		return NULL;
	skip_ws(p);
	if (p->pos >= p->len)
		return a;
	const char *s = p->s + p->pos;
	size_t rest = p->len - p->pos;
	wn_expr_kind k;
	size_t n = 1;
	if (rest >= 2 && s[0] == '<' && s[1] == '=') { k = WN_E_LE; n = 2; }
	else if (rest >= 2 && s[0] == '>' && s[1] == '=') { k = WN_E_GE; n = 2; }
	else if (rest >= 2 && s[0] == '=' && s[1] == '=') { k = WN_E_EQ; n = 2; }
	else if (rest >= 2 && s[0] == '!' && s[1] == '=') { k = WN_E_NE; n = 2; }
	else if (s[0] == '<') k = WN_E_LT;
	else if (s[0] == '>') k = WN_E_GT;
	else if (s[0] == '=') {
		wn_expr_free(a);
		return fail(p, "use '==' to compare", p->pos, 1);
	} else
		return a;
	p->pos += n;
	return binary(p, k, a, parse_sum(p));
}

static wn_expr *parse_not(parser *p)
{
	if (keyword(p, "not"))
		return prefixed(p, WN_E_NOT, parse_not);
	return parse_cmp(p);
}

static wn_expr *parse_and(parser *p)
{
	wn_expr *a = parse_not(p);
	while (a && keyword(p, "and"))
		a = binary(p, WN_E_AND, a, parse_not(p));
	return a;
}

static wn_expr *parse_or(parser *p)
{
	if (!enter(p))
		return NULL;
	wn_expr *a = parse_and(p);
	while (a && keyword(p, "or"))
		a = binary(p, WN_E_OR, a, parse_and(p));
	p->nesting--;
	return a;
}

wn_expr *wn_expr_parse(const char *text, size_t len, wn_expr_error *err)
{
	parser p = { text, len, 0, err, 0, 0 };
	err->message = NULL;
	wn_expr *e = parse_or(&p);
	if (e) {
		skip_ws(&p);
		if (p.pos < p.len) {
			wn_expr_free(e);
			size_t n = ident_len(&p, p.pos);
			return fail(&p, "expected 'and', 'or', a comparison or the end of the condition",
			            p.pos, n ? n : 1);
		}
	}
	return e;
}

void wn_expr_free(wn_expr *e)
{
	if (!e)
		return;
	wn_expr_free(e->a);
	wn_expr_free(e->b);
	free(e->name);
	free(e);
}

double wn_expr_eval(const wn_expr *e, const wn_eval *ctx)
{
	switch (e->kind) {
	case WN_E_NUM:
		return e->num;
	case WN_E_PARAM:
		return ctx->params[e->index];
	case WN_E_FEAT:
		return ctx->f->v[e->index];
	case WN_E_COND:
		if (ctx->cache && ctx->cacheable[e->index]) {
			double *slot = &ctx->cache[e->index];
			if (*slot != *slot) /* NaN: not computed yet */
				*slot = wn_expr_eval(ctx->conds[e->index], ctx);
			return *slot;
		}
		return wn_expr_eval(ctx->conds[e->index], ctx);
	case WN_E_COUNT:
		return ctx->f->list[e->index];
	case WN_E_MATCH:
		return ctx->match && e->pattern ? ctx->match(ctx->match_ud, e->pattern) : 0.0;
	case WN_E_SHARE: {
		float w = ctx->f->v[WN_F_WORDS];
		return w > 0 ? ctx->f->list[e->index] / w : 0.0;
	}
	case WN_E_NOT:
		return wn_expr_eval(e->a, ctx) == 0.0;
	case WN_E_AND:
		return wn_expr_eval(e->a, ctx) != 0.0 && wn_expr_eval(e->b, ctx) != 0.0;
	case WN_E_OR:
		return wn_expr_eval(e->a, ctx) != 0.0 || wn_expr_eval(e->b, ctx) != 0.0;
	case WN_E_LT: return wn_expr_eval(e->a, ctx) < wn_expr_eval(e->b, ctx);
	case WN_E_LE: return wn_expr_eval(e->a, ctx) <= wn_expr_eval(e->b, ctx);
	case WN_E_GT: return wn_expr_eval(e->a, ctx) > wn_expr_eval(e->b, ctx);
	case WN_E_GE: return wn_expr_eval(e->a, ctx) >= wn_expr_eval(e->b, ctx);
	case WN_E_EQ: return wn_expr_eval(e->a, ctx) == wn_expr_eval(e->b, ctx);
	case WN_E_NE: return wn_expr_eval(e->a, ctx) != wn_expr_eval(e->b, ctx);
	case WN_E_ADD: return wn_expr_eval(e->a, ctx) + wn_expr_eval(e->b, ctx);
	case WN_E_SUB: return wn_expr_eval(e->a, ctx) - wn_expr_eval(e->b, ctx);
	case WN_E_MUL: return wn_expr_eval(e->a, ctx) * wn_expr_eval(e->b, ctx);
	case WN_E_DIV: {
		double d = wn_expr_eval(e->b, ctx);
		return d != 0.0 ? wn_expr_eval(e->a, ctx) / d : 0.0;
	}
	case WN_E_NEG: return -wn_expr_eval(e->a, ctx);
	case WN_E_LN: {
		double x = wn_expr_eval(e->a, ctx);
		return x > 0 ? log(x) : 0.0;
	}
	case WN_E_MIN: {
		return wn_min(wn_expr_eval(e->a, ctx), wn_expr_eval(e->b, ctx));
	}
	case WN_E_MAX: {
		return wn_max(wn_expr_eval(e->a, ctx), wn_expr_eval(e->b, ctx));
	}
	case WN_E_DOC_LINES: case WN_E_DOC_BYTES: case WN_E_DOC_CUT_BYTES:
	case WN_E_DOC_TAIL_LINES: case WN_E_DOC_HITS: case WN_E_DOC_MATCHES: case WN_E_DOC_VAR:
		return ctx->doc ? ctx->doc(ctx->doc_ud, e) : 0.0;
	}
	return 0.0;
}

int wn_expr_uses_position(const wn_expr *e, wn_expr *const *conds)
{
	if (!e)
		return 0;
	if (e->kind == WN_E_FEAT)
		return e->index >= WN_F_FIRST_POSITION && e->index <= WN_F_LAST_POSITION;
	if (e->kind == WN_E_COND)
		return e->index >= 0 && wn_expr_uses_position(conds[e->index], conds);
	return wn_expr_uses_position(e->a, conds) || wn_expr_uses_position(e->b, conds);
}

int wn_expr_uses_region(const wn_expr *e, wn_expr *const *conds)
{
	if (!e)
		return 0;
	if (e->kind == WN_E_FEAT)
		return e->index >= WN_F_IN_MAIN && e->index <= WN_F_LAST_REGION;
	if (e->kind == WN_E_COND)
		return e->index >= 0 && wn_expr_uses_region(conds[e->index], conds);
	return wn_expr_uses_region(e->a, conds) || wn_expr_uses_region(e->b, conds);
}

int wn_expr_uses_feature(const wn_expr *e, wn_expr *const *conds, int f)
{
	if (!e)
		return 0;
	if (e->kind == WN_E_FEAT)
		return e->index == f;
	if (e->kind == WN_E_COND)
		return e->index >= 0 && wn_expr_uses_feature(conds[e->index], conds, f);
	return wn_expr_uses_feature(e->a, conds, f) || wn_expr_uses_feature(e->b, conds, f);
}

const char *const wn_doc_var_names[WN_DOC_VAR_COUNT] = {
	[WN_DOC_REMOVED_SHARE] = "removed_share",
	[WN_DOC_LINES_IN] = "doc_lines",
	[WN_DOC_BYTES_IN] = "doc_bytes",
	[WN_DOC_PROSE_LINES] = "prose_lines",
};

int wn_doc_var_find(const char *name, size_t len)
{
	for (int i = 0; i < WN_DOC_VAR_COUNT; i++)
		if (strlen(wn_doc_var_names[i]) == len && memcmp(wn_doc_var_names[i], name, len) == 0)
			return i;
	return -1;
}

int wn_expr_uses_doc(const wn_expr *e)
{
	if (!e)
		return 0;
	if (e->kind >= WN_E_DOC_LINES && e->kind <= WN_E_DOC_VAR)
		return 1;
	return wn_expr_uses_doc(e->a) || wn_expr_uses_doc(e->b);
}

int wn_expr_uses_line(const wn_expr *e)
{
	if (!e)
		return 0;
	switch (e->kind) {
	case WN_E_FEAT: case WN_E_COND: case WN_E_SHARE: case WN_E_COUNT: case WN_E_MATCH:
		return 1;
	default:
		return wn_expr_uses_line(e->a) || wn_expr_uses_line(e->b);
	}
}
