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
	int32_t arg;              /* feature, parameter, condition or list index; jump target */
	double num;
	const void *ptr;          /* a pattern, or the expression of a condition atom */
} wn_op;

typedef struct wn_prog {
	wn_op *ops;
	size_t n;
	int fast;                 /* -1, or the feature the whole program reads (a bare feature) */
} wn_prog;

/* Compile e (resolved) into p. 0, or -1 when out of memory or when e is
 * too deep for the evaluation stack (then use wn_expr_eval). */
int wn_prog_compile(wn_prog *p, const wn_expr *e);
double wn_prog_run(const wn_prog *p, const wn_eval *ctx);
void wn_prog_free(wn_prog *p);

#endif
