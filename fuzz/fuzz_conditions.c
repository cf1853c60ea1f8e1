/*
 * fuzz_conditions.c: the condition compiler against the expression trees.
 *
 * Input: a condition, a NUL, then bytes that pick the values it is
 * evaluated on. Rules run conditions as flat programs (prog.h) that fuse
 * tests with the jumps of `and` and `or`, drop booleans that are already 0
 * or 1 and thread jumps through jumps; every program must give the value
 * its tree gives (wn_expr_eval), on every feature vector, parameter,
 * named condition, word-list count, pattern and document atom. A program
 * that differs would make a rule fire where its condition says it must
 * not, or not fire where it must. And a program's gate (the tests asked
 * before it runs, with its named condition's) must stop only vectors on
 * which its value is 0: a gate that stops more would hide a line from a
 * rule that removes it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "prog.h"

#define NPARAMS 4
#define NVECTORS 4

/* The named conditions an input's other names are bound to. */
static const char *const named[] = {
	"words > 3 and terminal", "not urls or words < 2", "ln(1 + min(words, 80)) * 2 - stopwords",
};
#define NNAMED (sizeof named / sizeof *named)

static wn_expr *named_trees[NNAMED];
static wn_prog named_progs[NNAMED];

/* Values where comparisons and arithmetic turn: signed zeros, 0 and 1
 * exactly, halves, the numbers rules write, large and non-finite ones. */
static const float values[16] = {
	0.0f, -0.0f, 1.0f, 2.0f, 0.5f, 3.0f, 8.0f, 80.0f,
	-1.0f, 0.15f, 0.6f, 1e30f, -2.5f, 4.0f, INFINITY, NAN,
};

typedef struct picks {
	const uint8_t *b;
	size_t n;
} picks;

static float pick(const picks *p, size_t i)
{
	return p->n ? values[p->b[i % p->n] & 15] : 0.0f;
}

/* A pattern atom matches when its text has an odd length; the document
 * atoms read a value by their kind and name. */
static int match_by_length(void *ud, const void *pattern)
{
	(void)ud;
	return (int)(((const wn_expr *)pattern)->name_len & 1);
}

static double doc_value(void *ud, const wn_expr *e)
{
	return pick(ud, (size_t)e->kind + e->name_len);
}

/* Bind what resolving binds: parameters, named conditions and word lists
 * to indices, patterns to themselves (their node stands for the code). */
static void bind(wn_expr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case WN_E_PARAM:
		e->index = (int)(e->name_len % NPARAMS);
		break;
	case WN_E_COND:
		e->index = (int)(e->name_len % NNAMED);
		break;
	case WN_E_SHARE: case WN_E_COUNT:
		e->index = (int)(e->name_len % WN_MAX_LISTS);
		break;
	case WN_E_MATCH:
		e->pattern = e;
		break;
	default:
		break;
	}
	bind(e->a);
	bind(e->b);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t k = 0; k < NNAMED; k++) {
		wn_expr_error err;
		named_trees[k] = wn_expr_parse(named[k], strlen(named[k]), &err);
		if (!named_trees[k] || wn_prog_compile(&named_progs[k], named_trees[k]))
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	picks p = { nul ? nul + 1 : data + size, nul ? size - tlen - 1 : 0 };
	wn_expr_error err;
	wn_expr *e = wn_expr_parse((const char *)data, tlen, &err);
	if (!e)
		return 0;
	bind(e);
	wn_prog prog;
	if (wn_prog_compile(&prog, e)) { /* too deep for the program's stack */
		wn_expr_free(e);
		return 0;
	}
	for (size_t v = 0; v < NVECTORS; v++) {
		wn_feats f;
		memset(&f, 0, sizeof f);
		for (size_t i = 0; i < WN_F_COUNT; i++)
			f.v[i] = pick(&p, v * 7 + i);
		for (size_t i = 0; i < WN_MAX_LISTS; i++)
			f.list[i] = (uint16_t)(p.n ? p.b[(v * 5 + i) % p.n] % 5 : 0);
		double params[NPARAMS];
		for (size_t i = 0; i < NPARAMS; i++)
			params[i] = pick(&p, v * 3 + i + 1);
		wn_eval trees = { &f, params, named_trees, match_by_length, NULL, NULL, NULL, NULL,
		                  doc_value, &p };
		wn_eval progs = trees;
		progs.cond_progs = named_progs;
		double want = wn_expr_eval(e, &trees), got = wn_prog_run(&prog, &progs);
		if (!(want == got || (isnan(want) && isnan(got)))) {
			fprintf(stderr, "\"%.*s\" on vector %zu: the tree gives %g, the program %g\n",
			        (int)tlen, (const char *)data, v, want, got);
			abort();
		}
		int open = wn_gate_holds(&prog.gate, f.v, params) &&
		           (!prog.gate.cond ||
		            wn_gate_holds(&named_progs[prog.gate.cond - 1].gate, f.v, params));
		if (!open && want != 0.0) {
			fprintf(stderr, "\"%.*s\" on vector %zu: the gate stops a value of %g\n",
			        (int)tlen, (const char *)data, v, want);
			abort();
		}
	}
	wn_prog_free(&prog);
	wn_expr_free(e);
	return 0;
}
