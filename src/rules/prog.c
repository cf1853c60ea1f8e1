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
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG, OP_LN, OP_MIN, OP_MAX
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
	b->p->ops[b->p->n] = (wn_op){ op, arg, num, ptr };
	return b->p->n++;
}

static void push(builder *b)
{
	if (++b->depth > b->max_depth)
		b->max_depth = b->depth;
}

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
		static const uint8_t ops[] = {
			[WN_E_LT] = OP_LT, [WN_E_LE] = OP_LE, [WN_E_GT] = OP_GT, [WN_E_GE] = OP_GE,
			[WN_E_EQ] = OP_EQ, [WN_E_NE] = OP_NE, [WN_E_ADD] = OP_ADD, [WN_E_SUB] = OP_SUB,
			[WN_E_MUL] = OP_MUL, [WN_E_DIV] = OP_DIV, [WN_E_MIN] = OP_MIN, [WN_E_MAX] = OP_MAX,
		};
		gen(b, e->a);
		gen(b, e->b);
		emit(b, ops[e->kind], 0, 0, NULL);
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

int wn_prog_compile(wn_prog *p, const wn_expr *e)
{
	pthread_once(&ln_once, fill_ln_table);
	memset(p, 0, sizeof *p);
	p->fast = e->kind == WN_E_FEAT ? e->index : -1;
	builder b = { p, 0, 0, 0, 0 };
	gen(&b, e);
	if (b.failed || b.max_depth > STACK) {
		wn_prog_free(p);
		return -1;
	}
	return 0;
}

void wn_prog_free(wn_prog *p)
{
	free(p->ops);
	p->ops = NULL;
	p->n = 0;
}

double wn_prog_run(const wn_prog *p, const wn_eval *ctx)
{
	if (p->fast >= 0)
		return ctx->f->v[p->fast];
	double st[STACK];
	int sp = -1;
	const wn_op *ops = p->ops;
	for (size_t pc = 0; pc < p->n; pc++) {
		const wn_op *o = &ops[pc];
		switch (o->op) {
		case OP_NUM: st[++sp] = o->num; break;
		case OP_FEAT: st[++sp] = ctx->f->v[o->arg]; break;
		case OP_PARAM: st[++sp] = ctx->params[o->arg]; break;
		case OP_COND: {
			wn_expr cond = { .kind = WN_E_COND, .index = o->arg };
			st[++sp] = wn_expr_eval(&cond, ctx);
			break;
		}
		case OP_SHARE: {
			float w = ctx->f->v[WN_F_WORDS];
			st[++sp] = w > 0 ? ctx->f->list[o->arg] / w : 0.0;
			break;
		}
		case OP_COUNT: st[++sp] = ctx->f->list[o->arg]; break;
		case OP_MATCH:
			st[++sp] = ctx->match && o->ptr ? ctx->match(ctx->match_ud, o->ptr) : 0.0;
			break;
		case OP_DOC: st[++sp] = ctx->doc ? ctx->doc(ctx->doc_ud, o->ptr) : 0.0; break;
		case OP_NOT: st[sp] = st[sp] == 0.0; break;
		case OP_BOOL: st[sp] = st[sp] != 0.0; break;
		case OP_JFALSE:
			if (st[sp] == 0.0) {
				st[sp] = 0.0;
				pc = (size_t)o->arg - 1;
			} else {
				sp--;
			}
			break;
		case OP_JTRUE:
			if (st[sp] != 0.0) {
				st[sp] = 1.0;
				pc = (size_t)o->arg - 1;
			} else {
				sp--;
			}
			break;
		case OP_LT: sp--; st[sp] = st[sp] < st[sp + 1]; break;
		case OP_LE: sp--; st[sp] = st[sp] <= st[sp + 1]; break;
		case OP_GT: sp--; st[sp] = st[sp] > st[sp + 1]; break;
		case OP_GE: sp--; st[sp] = st[sp] >= st[sp + 1]; break;
		case OP_EQ: sp--; st[sp] = st[sp] == st[sp + 1]; break;
		case OP_NE: sp--; st[sp] = st[sp] != st[sp + 1]; break;
		case OP_ADD: sp--; st[sp] += st[sp + 1]; break;
		case OP_SUB: sp--; st[sp] -= st[sp + 1]; break;
		case OP_MUL: sp--; st[sp] *= st[sp + 1]; break;
		case OP_DIV: sp--; st[sp] = st[sp + 1] != 0.0 ? st[sp] / st[sp + 1] : 0.0; break;
		case OP_NEG: st[sp] = -st[sp]; break;
		case OP_LN: st[sp] = ln(st[sp]); break;
		case OP_MIN: sp--; st[sp] = st[sp + 1] < st[sp] ? st[sp + 1] : st[sp]; break;
		case OP_MAX: sp--; st[sp] = st[sp + 1] > st[sp] ? st[sp + 1] : st[sp]; break;
		}
	}
	return sp >= 0 ? st[sp] : 0.0;
}
