/* prog.c: compiling and running flat condition programs (see prog.h). */
#include "prog.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ln of the whole numbers up to 4095: counts of words, characters and
 * lines are what ln() reads on the hot path */
#define LN_TABLE 4096
static double ln_table[LN_TABLE];
static pthread_once_t ln_once = PTHREAD_ONCE_INIT;

static void fill_ln_table(void)
{
	for (int i = 1; i < LN_TABLE; i++)
		ln_table[i] = log((double)i);
}

static double ln(double x)
{
	if (x >= 1 && x < LN_TABLE && x == (double)(int)x)
		return ln_table[(int)x];
	return x > 0 ? log(x) : 0.0;
}

enum {
	OP_NUM, OP_FEAT, OP_PARAM, OP_COND, OP_SHARE, OP_COUNT, OP_MATCH, OP_DOC,
	OP_NOT, OP_BOOL, OP_JFALSE, OP_JTRUE,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG, OP_LN, OP_MIN, OP_MAX,
	/* fused: a feature compared with a number or a parameter (words <= 8,
	 * words <= $caption_max_words), the commonest shape of a condition */
	OP_FEAT_CMP_NUM, OP_FEAT_CMP_PARAM,
	/* fused: an arithmetic operation or comparison whose right operand is
	 * a number (min(words, 80), x / 3, 1 + x) */
	OP_K,
	/* fused tests: a feature compared, or a value negated, then the jump
	 * of an `and` or `or` on the result; nothing is pushed unless the
	 * jump is taken */
	OP_CMP_NUM_JFALSE, OP_CMP_NUM_JTRUE, OP_CMP_PARAM_JFALSE, OP_CMP_PARAM_JTRUE,
	OP_NOT_JFALSE, OP_NOT_JTRUE,
	OP_COUNT_OPS
};

#define STACK 32

typedef struct builder {
	wn_prog *p;
	size_t cap;
	int depth, max_depth, failed;
} builder;

static size_t emit(builder *b, uint8_t op, int32_t arg, double num, const void *ptr)
{
	if (b->p->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		wn_op *ops = realloc(b->p->ops, cap * sizeof *ops);
		if (!ops) {
			b->failed = 1;
			return 0;
		}
		b->p->ops = ops;
		b->cap = cap;
	}
	b->p->ops[b->p->n] = (wn_op){ .op = op, .arg = arg, .num = num, .ptr = ptr };
	return b->p->n++;
}

static void push(builder *b)
{
	if (++b->depth > b->max_depth)
		b->max_depth = b->depth;
}

/* The operation of a binary node of the condition tree */
static const uint8_t op_of_kind[] = {
	[WN_E_LT] = OP_LT, [WN_E_LE] = OP_LE, [WN_E_GT] = OP_GT, [WN_E_GE] = OP_GE,
	[WN_E_EQ] = OP_EQ, [WN_E_NE] = OP_NE, [WN_E_ADD] = OP_ADD, [WN_E_SUB] = OP_SUB,
	[WN_E_MUL] = OP_MUL, [WN_E_DIV] = OP_DIV, [WN_E_MIN] = OP_MIN, [WN_E_MAX] = OP_MAX,
};

static void gen(builder *b, const wn_expr *e)
{
	if (b->failed)
		return;
	switch (e->kind) {
	case WN_E_NUM: emit(b, OP_NUM, 0, e->num, NULL); push(b); return;
	case WN_E_FEAT: emit(b, OP_FEAT, e->index, 0, NULL); push(b); return;
	case WN_E_PARAM: emit(b, OP_PARAM, e->index, 0, NULL); push(b); return;
	case WN_E_COND: emit(b, OP_COND, e->index, 0, NULL); push(b); return;
	case WN_E_SHARE: emit(b, OP_SHARE, e->index, 0, NULL); push(b); return;
	case WN_E_COUNT: emit(b, OP_COUNT, e->index, 0, NULL); push(b); return;
	case WN_E_MATCH: emit(b, OP_MATCH, 0, 0, e->pattern); push(b); return;
	case WN_E_NOT: gen(b, e->a); emit(b, OP_NOT, 0, 0, NULL); return;
	case WN_E_NEG: gen(b, e->a); emit(b, OP_NEG, 0, 0, NULL); return;
	case WN_E_LN: gen(b, e->a); emit(b, OP_LN, 0, 0, NULL); return;
	case WN_E_AND:
	case WN_E_OR: {
		gen(b, e->a);
		size_t jump = emit(b, e->kind == WN_E_AND ? OP_JFALSE : OP_JTRUE, 0, 0, NULL);
		b->depth--; /* the jump pops when it does not jump */
		gen(b, e->b);
		emit(b, OP_BOOL, 0, 0, NULL);
		if (!b->failed)
			b->p->ops[jump].arg = (int32_t)b->p->n;
		return;
	}
	case WN_E_LT: case WN_E_LE: case WN_E_GT: case WN_E_GE: case WN_E_EQ: case WN_E_NE:
	case WN_E_ADD: case WN_E_SUB: case WN_E_MUL: case WN_E_DIV: case WN_E_MIN: case WN_E_MAX: {
		gen(b, e->a);
		gen(b, e->b);
		emit(b, op_of_kind[e->kind], 0, 0, NULL);
		b->depth--;
		return;
	}
	default:
		/* document atoms: through the evaluator's callback */
		emit(b, OP_DOC, 0, 0, e);
		push(b);
		return;
	}
}

static int is_cmp(uint8_t op)
{
	return op >= OP_LT && op <= OP_NE;
}

static int is_arith(uint8_t op)
{
	return is_cmp(op) || (op >= OP_ADD && op <= OP_DIV) || op == OP_MIN || op == OP_MAX;
}

static int is_jump(uint8_t op)
{
	return op == OP_JFALSE || op == OP_JTRUE || (op >= OP_CMP_NUM_JFALSE && op <= OP_NOT_JTRUE);
}

/* Does a jump of p land on operation i? */
static int jump_target(const wn_prog *p, size_t i)
{
	for (size_t k = 0; k < p->n; k++)
		if (is_jump(p->ops[k].op) && (size_t)p->ops[k].arg == i)
			return 1;
	return 0;
}

/* Does op, when control falls through it, leave exactly 0 or 1 on top? */
static int yields_bool(const wn_op *o)
{
	switch (o->op) {
	case OP_NOT: case OP_BOOL: case OP_FEAT_CMP_NUM: case OP_FEAT_CMP_PARAM:
		return 1;
	case OP_K:
		return is_cmp(o->cmp);
	default:
		return is_cmp(o->op);
	}
}

/* Old operation indices to new ones after a pass that kept, merged or
 * dropped operations: moved[i] is where operation i (or what replaced it)
 * now is; jumps are retargeted. */
static void retarget(wn_prog *p, const size_t *moved, size_t out)
{
	for (size_t i = 0; i < out; i++)
		if (is_jump(p->ops[i].op))
			p->ops[i].arg = (int32_t)moved[p->ops[i].arg];
	p->n = out;
}

/*
 * Peephole fusion: "feature, number or parameter, comparison" becomes one
 * operation, and so does "number, arithmetic" (the number is the right
 * operand); "number, x, +" or "number, x, *" has its operands swapped
 * first (both commute). Jump targets move with the operations.
 */
static void fuse(wn_prog *p)
{
	size_t out = 0;
	size_t *moved = malloc((p->n + 1) * sizeof *moved); /* old index -> new */
	if (!moved)
		return;
	for (size_t i = 0; i < p->n; i++) {
		wn_op *o = &p->ops[i];
		moved[i] = out;
		if (i + 2 < p->n && o->op == OP_FEAT && is_cmp(p->ops[i + 2].op) &&
		    (p->ops[i + 1].op == OP_NUM || p->ops[i + 1].op == OP_PARAM) && !jump_target(p, i + 1) &&
		    !jump_target(p, i + 2)) {
			wn_op f = { .cmp = p->ops[i + 2].op, .arg = o->arg };
			if (p->ops[i + 1].op == OP_NUM) {
				f.op = OP_FEAT_CMP_NUM;
				f.num = p->ops[i + 1].num;
			} else {
				f.op = OP_FEAT_CMP_PARAM;
				f.arg2 = p->ops[i + 1].arg;
			}
			moved[i + 1] = moved[i + 2] = out;
			p->ops[out++] = f;
			i += 2;
			continue;
		}
		/* not x and a bare x in `and`/`or`, for a feature x: x == 0, x != 0 */
		if (i + 1 < p->n && o->op == OP_FEAT &&
		    (p->ops[i + 1].op == OP_NOT || p->ops[i + 1].op == OP_BOOL) && !jump_target(p, i + 1)) {
			moved[i + 1] = out;
			p->ops[out++] = (wn_op){ .op = OP_FEAT_CMP_NUM, .arg = o->arg, .num = 0.0,
			                         .cmp = p->ops[i + 1].op == OP_NOT ? OP_EQ : OP_NE };
			i++;
			continue;
		}
		if (i + 1 < p->n && o->op == OP_NUM && is_arith(p->ops[i + 1].op) && !jump_target(p, i + 1)) {
			moved[i + 1] = out;
			p->ops[out++] = (wn_op){ .op = OP_K, .cmp = p->ops[i + 1].op, .num = o->num };
			i++;
			continue;
		}
		p->ops[out++] = *o;
	}
	moved[p->n] = out;
	retarget(p, moved, out);
	free(moved);
}

/* The one operation for op followed by a jump if false (jf) or if true;
 * OP_COUNT_OPS when op has none. (Each JTRUE form follows its JFALSE.) */
static uint8_t test_and_jump(uint8_t op, int jf)
{
	uint8_t base = op == OP_FEAT_CMP_NUM ? OP_CMP_NUM_JFALSE
	             : op == OP_FEAT_CMP_PARAM ? OP_CMP_PARAM_JFALSE
	             : op == OP_NOT ? OP_NOT_JFALSE : OP_COUNT_OPS;
	return base == OP_COUNT_OPS ? base : (uint8_t)(base + !jf);
}

/*
 * The jumps of `and` and `or`, fewer and shorter. A jump leaves exactly 0
 * or 1 where it lands (the runner stores it), so:
 *   - a `bool` after an operation that leaves 0 or 1 does nothing and
 *     goes, wherever jumps land on it;
 *   - a jump that lands on a jump of its kind, or on a `bool`, goes on to
 *     where that one leads (`a and b and c` fails straight to its end);
 *   - a fused comparison or a `not` followed by a jump becomes one test,
 *     which pushes nothing when it does not jump.
 */
static void shorten_jumps(wn_prog *p)
{
	size_t *moved = malloc((p->n + 1) * sizeof *moved);
	if (!moved)
		return;
	size_t out = 0;
	for (size_t i = 0; i < p->n; i++) {
		moved[i] = out;
		if (p->ops[i].op == OP_BOOL && out > 0 && yields_bool(&p->ops[out - 1]))
			continue;
		p->ops[out++] = p->ops[i];
	}
	moved[p->n] = out;
	retarget(p, moved, out);

	for (size_t i = 0; i < p->n; i++) {
		uint8_t op = p->ops[i].op;
		if (op != OP_JFALSE && op != OP_JTRUE)
			continue;
		size_t t = (size_t)p->ops[i].arg;
		while (t < p->n && (p->ops[t].op == op || p->ops[t].op == OP_BOOL))
			t = p->ops[t].op == op ? (size_t)p->ops[t].arg : t + 1;
		p->ops[i].arg = (int32_t)t;
	}

	out = 0;
	for (size_t i = 0; i < p->n; i++) {
		wn_op o = p->ops[i];
		moved[i] = out;
		uint8_t next = i + 1 < p->n ? p->ops[i + 1].op : OP_COUNT_OPS;
		if ((next == OP_JFALSE || next == OP_JTRUE) && !jump_target(p, i + 1)) {
			uint8_t fused = test_and_jump(o.op, next == OP_JFALSE);
			if (fused != OP_COUNT_OPS) {
				/* the test keeps its feature, number and parameter; the
				 * jump's target goes in arg */
				moved[i + 1] = out;
				p->ops[out++] = (wn_op){ .op = fused, .cmp = o.cmp, .feat = o.arg,
				                         .arg = p->ops[i + 1].arg, .arg2 = o.arg2,
				                         .num = o.num };
				i++;
				continue;
			}
		}
		p->ops[out++] = o;
	}
	moved[p->n] = out;
	retarget(p, moved, out);
	free(moved);
}

/* What an operation does to the stack's depth (jumps: not handled). */
static int stack_effect(uint8_t op)
{
	if (op <= OP_DOC)
		return 1;
	if (op == OP_NOT || op == OP_BOOL || op == OP_NEG || op == OP_LN)
		return 0;
	return -1;
}

/* "number, subexpression, + or *" becomes "subexpression, number, + or *"
 * (both commute), so that the number fuses with the operation: 1 +
 * min(words, 80) runs as min, then add 1. Programs with jumps stay. */
static void commute(wn_prog *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (is_jump(p->ops[i].op))
			return;
	for (size_t i = 0; i + 2 < p->n; i++) {
		if (p->ops[i].op != OP_NUM)
			continue;
		/* find the operation that takes the number as an operand: the
		 * first binary one met while the subexpression after the number
		 * holds exactly one value */
		int depth = 0;
		size_t j = i + 1;
		for (; j < p->n; j++) {
			int e = stack_effect(p->ops[j].op);
			if (depth == 1 && e < 0)
				break;
			depth += e;
			if (depth < 1)
				break;
		}
		if (j >= p->n || depth != 1 || (p->ops[j].op != OP_ADD && p->ops[j].op != OP_MUL))
			continue;
		wn_op num = p->ops[i];
		memmove(&p->ops[i], &p->ops[i + 1], (j - 1 - i) * sizeof *p->ops);
		p->ops[j - 1] = num;
	}
}

/* A feature followed by operations on one value only (min(words, 80) + 1,
 * ln, not): run without the stack. */
static int is_chain(const wn_prog *p)
{
	if (p->n < 2 || p->ops[0].op != OP_FEAT)
		return 0;
	for (size_t i = 1; i < p->n; i++) {
		uint8_t op = p->ops[i].op;
		if (!(op == OP_NOT || op == OP_BOOL || op == OP_NEG || op == OP_LN || op == OP_K))
			return 0;
	}
	return 1;
}

static void add_test(wn_gate *g, uint8_t cmp, int32_t feat, int32_t param, double num)
{
	if (g->ntests < WN_GATE_TESTS)
		g->test[g->ntests++] = (wn_gate_test){ cmp, feat, param, num };
}

/* The gate's tests from e, one of the conjuncts of the `and` at the top of
 * a condition (or the whole condition): a feature (true: not 0), its
 * negation (0), a feature compared with a number or a parameter; and the
 * first named condition, whose own gate then applies too. Any other
 * conjunct adds nothing: the gate only needs to be necessary. */
static void gather_tests(wn_gate *g, const wn_expr *e)
{
	int cmp = e->kind >= WN_E_LT && e->kind <= WN_E_NE;
	if (e->kind == WN_E_AND) {
		gather_tests(g, e->a);
		gather_tests(g, e->b);
	} else if (e->kind == WN_E_FEAT) {
		add_test(g, OP_NE, e->index, -1, 0.0);
	} else if (e->kind == WN_E_NOT && e->a->kind == WN_E_FEAT) {
		add_test(g, OP_EQ, e->a->index, -1, 0.0);
	} else if (cmp && e->a->kind == WN_E_FEAT && e->b->kind == WN_E_NUM) {
		add_test(g, op_of_kind[e->kind], e->a->index, -1, e->b->num);
	} else if (cmp && e->a->kind == WN_E_FEAT && e->b->kind == WN_E_PARAM) {
		add_test(g, op_of_kind[e->kind], e->a->index, e->b->index, 0.0);
	} else if (e->kind == WN_E_COND && !g->cond) {
		g->cond = e->index + 1;
	}
}

/* The gate of a condition (prog.h) */
static wn_gate find_gate(const wn_expr *e)
{
	wn_gate g = { 0, 0, { { 0, 0, -1, 0.0 } } };
	gather_tests(&g, e);
	return g;
}

int wn_prog_compile(wn_prog *p, const wn_expr *e)
{
	pthread_once(&ln_once, fill_ln_table);
	memset(p, 0, sizeof *p);
	p->fast = e->kind == WN_E_FEAT ? e->index + 1 : 0;
	builder b = { p, 0, 0, 0, 0 };
	gen(&b, e);
	if (b.failed || b.max_depth > STACK) {
		wn_prog_free(p);
		return -1;
	}
	commute(p);
	fuse(p);
	shorten_jumps(p);
	p->chain = is_chain(p);
	p->gate = find_gate(e);
	return 0;
}

void wn_prog_free(wn_prog *p)
{
	free(p->ops);
	p->ops = NULL;
	p->n = 0;
}

/* A named condition, from the subject's cache when it has one. */
static double cond_value(const wn_eval *ctx, int index)
{
	double *slot = ctx->cache && ctx->cacheable[index] ? &ctx->cache[index] : NULL;
	if (slot && *slot == *slot) /* not NaN: computed already */
		return *slot;
	double v = ctx->cond_progs ? wn_prog_eval(&ctx->cond_progs[index], ctx->conds[index], ctx)
	                           : wn_expr_eval(ctx->conds[index], ctx);
	if (slot)
		*slot = v;
	return v;
}

static double compare(uint8_t cmp, double a, double b)
{
	switch (cmp) {
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	case OP_GE: return a >= b;
	case OP_EQ: return a == b;
	default: return a != b;
	}
}

void wn_gate_ranges_add(wn_gate_ranges *out, const wn_gate *g, const double *params)
{
	for (size_t k = 0; k < g->ntests && out->n < sizeof out->r / sizeof *out->r; k++) {
		const wn_gate_test *t = &g->test[k];
		double x = t->param >= 0 ? params[t->param] : t->num;
		wn_gate_range r = { t->feat, 0, -INFINITY, INFINITY };
		/* a < x is a <= the double before x (none before -inf: no a) */
		switch (t->cmp) {
		case OP_LT: r.hi = x == -INFINITY ? NAN : nextafter(x, -INFINITY); break;
		case OP_LE: r.hi = x; break;
		case OP_GT: r.lo = x == INFINITY ? NAN : nextafter(x, INFINITY); break;
		case OP_GE: r.lo = x; break;
		case OP_EQ: r.lo = r.hi = x; break;
		default: r.not_equal = 1; r.lo = x; break;
		}
		out->r[out->n++] = r;
	}
}

int wn_gate_holds(const wn_gate *g, const float *v, const double *params)
{
	wn_gate_ranges r = { 0 };
	wn_gate_ranges_add(&r, g, params);
	return wn_gate_ranges_hold(&r, v);
}

/* a op b for the operations OP_K fuses */
static double arith(uint8_t op, double a, double b)
{
	switch (op) {
	case OP_ADD: return a + b;
	case OP_SUB: return a - b;
	case OP_MUL: return a * b;
	case OP_DIV: return b != 0.0 ? a / b : 0.0;
	case OP_MIN: return wn_min(a, b);
	case OP_MAX: return wn_max(a, b);
	default: return compare(op, a, b);
	}
}

int wn_prog_column_feature(const wn_prog *p)
{
	if (p->fast)
		return p->fast - 1;
	if (p->chain || (p->n == 1 && p->ops[0].op == OP_FEAT_CMP_NUM))
		return p->ops[0].arg;
	return -1;
}

/* x[k] = x[k] op b for every k: the operation chosen once per column */
static void column_arith(uint8_t op, double b, double *x, size_t n)
{
	switch (op) {
	case OP_ADD: for (size_t k = 0; k < n; k++) x[k] += b; break;
	case OP_SUB: for (size_t k = 0; k < n; k++) x[k] -= b; break;
	case OP_MUL: for (size_t k = 0; k < n; k++) x[k] *= b; break;
	case OP_MIN: for (size_t k = 0; k < n; k++) x[k] = wn_min(x[k], b); break;
	case OP_MAX: for (size_t k = 0; k < n; k++) x[k] = wn_max(x[k], b); break;
	default: for (size_t k = 0; k < n; k++) x[k] = arith(op, x[k], b); break;
	}
}

void wn_prog_run_column(const wn_prog *p, double *x, size_t n)
{
	if (p->fast)
		return;
	if (!p->chain) {
		for (size_t k = 0; k < n; k++)
			x[k] = compare(p->ops[0].cmp, x[k], p->ops[0].num);
		return;
	}
	for (size_t i = 1; i < p->n; i++) {
		const wn_op *c = &p->ops[i];
		switch (c->op) {
		case OP_NOT: for (size_t k = 0; k < n; k++) x[k] = x[k] == 0.0; break;
		case OP_BOOL: for (size_t k = 0; k < n; k++) x[k] = x[k] != 0.0; break;
		case OP_NEG: for (size_t k = 0; k < n; k++) x[k] = -x[k]; break;
		case OP_LN: for (size_t k = 0; k < n; k++) x[k] = ln(x[k]); break;
		default: column_arith(c->cmp, c->num, x, n); break;
		}
	}
}

/* The loop dispatches with computed gotos (a GNU C extension gcc and clang
 * both have): one indirect jump per operation, each predicted on its own. */
double wn_prog_run(const wn_prog *p, const wn_eval *ctx)
{
	static const void *const go[OP_COUNT_OPS] = {
		[OP_NUM] = &&op_num, [OP_FEAT] = &&op_feat, [OP_PARAM] = &&op_param,
		[OP_COND] = &&op_cond, [OP_SHARE] = &&op_share, [OP_COUNT] = &&op_count,
		[OP_MATCH] = &&op_match, [OP_DOC] = &&op_doc, [OP_NOT] = &&op_not, [OP_BOOL] = &&op_bool,
		[OP_JFALSE] = &&op_jfalse, [OP_JTRUE] = &&op_jtrue, [OP_LT] = &&op_lt, [OP_LE] = &&op_le,
		[OP_GT] = &&op_gt, [OP_GE] = &&op_ge, [OP_EQ] = &&op_eq, [OP_NE] = &&op_ne,
		[OP_ADD] = &&op_add, [OP_SUB] = &&op_sub, [OP_MUL] = &&op_mul, [OP_DIV] = &&op_div,
		[OP_NEG] = &&op_neg, [OP_LN] = &&op_ln, [OP_MIN] = &&op_min, [OP_MAX] = &&op_max,
		[OP_FEAT_CMP_NUM] = &&op_feat_cmp_num, [OP_FEAT_CMP_PARAM] = &&op_feat_cmp_param,
		[OP_K] = &&op_k,
		[OP_CMP_NUM_JFALSE] = &&op_cmp_num_jfalse, [OP_CMP_NUM_JTRUE] = &&op_cmp_num_jtrue,
		[OP_CMP_PARAM_JFALSE] = &&op_cmp_param_jfalse, [OP_CMP_PARAM_JTRUE] = &&op_cmp_param_jtrue,
		[OP_NOT_JFALSE] = &&op_not_jfalse, [OP_NOT_JTRUE] = &&op_not_jtrue,
	};
	if (p->fast)
		return ctx->f->v[p->fast - 1];
	if (p->chain) {
		double x = ctx->f->v[p->ops[0].arg];
		for (size_t i = 1; i < p->n; i++) {
			const wn_op *c = &p->ops[i];
			switch (c->op) {
			case OP_NOT: x = x == 0.0; break;
			case OP_BOOL: x = x != 0.0; break;
			case OP_NEG: x = -x; break;
			case OP_LN: x = ln(x); break;
			default: x = arith(c->cmp, x, c->num); break;
			}
		}
		return x;
	}
	double st[STACK];
	int sp = -1;
	const wn_op *o = p->ops, *end = p->ops + p->n;
#define NEXT do { if (++o == end) goto done; goto *go[o->op]; } while (0)
#define JUMP do { o = p->ops + o->arg; if (o == end) goto done; goto *go[o->op]; } while (0)
/* A jump leaves exactly 0 or 1 where it lands (a false value may be -0):
 * shorten_jumps counts on it. The jumps of `and` and `or` test the top and
 * store their value in its place, or pop it and fall through; a fused test
 * pushes its value only when it jumps. */
#define POP_OR_JUMP(test, value) do { if (test) { st[sp] = (value); JUMP; } sp--; NEXT; } while (0)
#define JUMP_PUSHING(test, value) do { if (test) { st[++sp] = (value); JUMP; } NEXT; } while (0)
	if (o == end)
		goto done;
	goto *go[o->op];
op_num: st[++sp] = o->num; NEXT;
op_feat: st[++sp] = ctx->f->v[o->arg]; NEXT;
op_param: st[++sp] = ctx->params[o->arg]; NEXT;
op_cond: st[++sp] = cond_value(ctx, o->arg); NEXT;
op_share: {
	float w = ctx->f->v[WN_F_WORDS];
	st[++sp] = w > 0 ? ctx->f->list[o->arg] / w : 0.0;
	NEXT;
}
op_count: st[++sp] = ctx->f->list[o->arg]; NEXT;
op_match: st[++sp] = ctx->match && o->ptr ? ctx->match(ctx->match_ud, o->ptr) : 0.0; NEXT;
op_doc: st[++sp] = ctx->doc ? ctx->doc(ctx->doc_ud, o->ptr) : 0.0; NEXT;
op_not: st[sp] = st[sp] == 0.0; NEXT;
op_bool: st[sp] = st[sp] != 0.0; NEXT;
op_jfalse: POP_OR_JUMP(st[sp] == 0.0, 0.0);
op_jtrue: POP_OR_JUMP(st[sp] != 0.0, 1.0);
/* not x, then a jump: x != 0 is the false that jumps */
op_not_jfalse: POP_OR_JUMP(st[sp] != 0.0, 0.0);
op_not_jtrue: POP_OR_JUMP(st[sp] == 0.0, 1.0);
op_cmp_num_jfalse: JUMP_PUSHING(!compare(o->cmp, ctx->f->v[o->feat], o->num), 0.0);
op_cmp_num_jtrue: JUMP_PUSHING(compare(o->cmp, ctx->f->v[o->feat], o->num), 1.0);
op_cmp_param_jfalse: JUMP_PUSHING(!compare(o->cmp, ctx->f->v[o->feat], ctx->params[o->arg2]), 0.0);
op_cmp_param_jtrue: JUMP_PUSHING(compare(o->cmp, ctx->f->v[o->feat], ctx->params[o->arg2]), 1.0);
op_lt: sp--; st[sp] = st[sp] < st[sp + 1]; NEXT;
op_le: sp--; st[sp] = st[sp] <= st[sp + 1]; NEXT;
op_gt: sp--; st[sp] = st[sp] > st[sp + 1]; NEXT;
op_ge: sp--; st[sp] = st[sp] >= st[sp + 1]; NEXT;
op_eq: sp--; st[sp] = st[sp] == st[sp + 1]; NEXT;
op_ne: sp--; st[sp] = st[sp] != st[sp + 1]; NEXT;
op_add: sp--; st[sp] += st[sp + 1]; NEXT;
op_sub: sp--; st[sp] -= st[sp + 1]; NEXT;
op_mul: sp--; st[sp] *= st[sp + 1]; NEXT;
op_div: sp--; st[sp] = st[sp + 1] != 0.0 ? st[sp] / st[sp + 1] : 0.0; NEXT;
op_neg: st[sp] = -st[sp]; NEXT;
op_ln: st[sp] = ln(st[sp]); NEXT;
op_min: sp--; st[sp] = wn_min(st[sp], st[sp + 1]); NEXT;
op_max: sp--; st[sp] = wn_max(st[sp], st[sp + 1]); NEXT;
op_feat_cmp_num: st[++sp] = compare(o->cmp, ctx->f->v[o->arg], o->num); NEXT;
op_feat_cmp_param: st[++sp] = compare(o->cmp, ctx->f->v[o->arg], ctx->params[o->arg2]); NEXT;
op_k: st[sp] = arith(o->cmp, st[sp], o->num); NEXT;
#undef NEXT
#undef JUMP
#undef POP_OR_JUMP
#undef JUMP_PUSHING
done:
	return sp >= 0 ? st[sp] : 0.0;
}
