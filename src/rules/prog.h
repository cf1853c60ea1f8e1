/*
 * prog.h: conditions compiled to flat programs.
 *
 * Owns a faster way to evaluate a condition tree (expr.h) that runs on
 * every line: the tree becomes a short list of stack operations, run in a
 * loop without recursion. `and` and `or` still short-circuit, so a
 * pattern atom behind a false `and` never runs. The value is exactly what
 * wn_expr_eval() gives; named conditions are evaluated through it (and
 * its per-line cache).
 */
#ifndef WN_PROG_H
#define WN_PROG_H

#include "expr.h"

typedef struct wn_op {
	uint8_t op;
	uint8_t cmp;              /* a fused comparison: which one */
	int32_t arg;              /* feature, parameter, condition or list index; jump target */
	int32_t arg2;             /* a fused comparison with a parameter: its index */
	int32_t feat;             /* a fused test and jump: the feature it reads */
	double num;
	const void *ptr;          /* a pattern, or the expression of a condition atom */
} wn_op;

/* The tests a program's value needs: when one fails, the program is 0.
 * They are the comparisons of a feature with a number or a parameter
 * among the conjuncts of the `and` at its top (up to WN_GATE_TESTS of
 * them; a lone comparison or bare feature is one); and when a conjunct is
 * a named condition (`cond`), that condition's own gate applies too. A caller
 * that visits every line asks the tests first, without running the
 * program. No test and no condition: no gate. */
#define WN_GATE_TESTS 4

typedef struct wn_gate_test {
	uint8_t cmp;              /* the comparison, as the program makes it */
	int32_t feat;             /* the feature compared */
	int32_t param;            /* with this parameter, or -1: with num */
	double num;
} wn_gate_test;

typedef struct wn_gate {
	uint8_t ntests;
	int32_t cond;             /* 1 + the named condition among the conjuncts, or
	                           * 0 (so a program never compiled has no gate) */
	wn_gate_test test[WN_GATE_TESTS];
} wn_gate;

typedef struct wn_prog {
	wn_op *ops;
	size_t n;
	int fast;                 /* 1 + the feature the whole program is (a bare
	                           * feature), or 0; all zero: not compiled */
	int chain;                /* a feature, then operations on it alone */
	wn_gate gate;
} wn_prog;

/* Compile e (resolved) into p. 0, or -1 when out of memory or when e is
 * too deep for the evaluation stack (then use wn_expr_eval). */
int wn_prog_compile(wn_prog *p, const wn_expr *e);
double wn_prog_run(const wn_prog *p, const wn_eval *ctx);
/* Do the tests of gate g (none: everything passes) let a line with
 * features v through? The comparisons are the program's own; the
 * named condition's gate is the caller's to ask. */
int wn_gate_holds(const wn_gate *g, const float *v, const double *params);

/* A gate's tests with their numbers known (its parameters read), for a
 * caller that asks them of many lines: each test a range the feature must
 * lie in, or a value it must not have, which gives what the comparison
 * gives (NaN in no range, -0 equal to 0). */
typedef struct wn_gate_range {
	int32_t feat;
	int not_equal;            /* 1: feat != lo; 0: lo <= feat <= hi */
	double lo, hi;
} wn_gate_range;

typedef struct wn_gate_ranges {
	size_t n;
	wn_gate_range r[2 * WN_GATE_TESTS];
} wn_gate_ranges;

/* Add g's tests to *out, with params. */
void wn_gate_ranges_add(wn_gate_ranges *out, const wn_gate *g, const double *params);

static inline int wn_gate_ranges_hold(const wn_gate_ranges *g, const float *v)
{
	for (size_t k = 0; k < g->n; k++) {
		const wn_gate_range *r = &g->r[k];
		double x = v[r->feat];
		if (r->not_equal ? !(x != r->lo) : !(x >= r->lo && x <= r->hi))
			return 0;
	}
	return 1;
}

/* Run p when it compiled, else evaluate e (the tree it came from). A bare
 * feature is read here, without a call: conditions run on every line. */
static inline double wn_prog_eval(const wn_prog *p, const wn_expr *e, const wn_eval *ctx)
{
	if (p->fast)
		return ctx->f->v[p->fast - 1];
	return p->n ? wn_prog_run(p, ctx) : wn_expr_eval(e, ctx);
}
void wn_prog_free(wn_prog *p);

/* Column evaluation, for a program run on many lines at once (the model's
 * inputs): a program that reads one feature and only transforms it has
 * the same value per line when run over a column of that feature. The
 * feature p reads so (-1: p needs a line of its own); then x[0..n) holds
 * that feature of n lines and becomes p's values, equal to wn_prog_eval's. */
int wn_prog_column_feature(const wn_prog *p);
void wn_prog_run_column(const wn_prog *p, double *x, size_t n);

#endif
