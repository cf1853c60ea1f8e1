/*
 * expr.h: conditions in rule files.
 *
 * Owns the small expression language of `when`, `continue-when`,
 * `extend-when` and `condition` lines:
 *
 *   expr  := or
 *   or    := and ("or" and)*
 *   and   := not ("and" not)*
 *   not   := "not" not | cmp
 *   cmp   := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
 *   sum   := term (("+" | "-") term)*
 *   term  := unary (("*" | "/") unary)*
 *   unary := "-" unary | atom
 *   atom  := NUMBER | "$"PARAM | FEATURE | CONDITION | "/"PATTERN"/"FLAGS
 *          | ("share" | "count") "(" WORDLIST ")" | "(" expr ")"
 *          | "ln" "(" expr ")" | ("min" | "max") "(" expr "," expr ")"
 *
 * A pattern atom is 1 when the pattern matches the subject's text.
 *
 * Conditions of `spam` statements describe a whole document instead:
 * lines(CATEGORY), bytes(CATEGORY), cut_bytes(CATEGORY), tail_lines(CATEGORY),
 * hits(RULE), matches(/re/) and the
 * document features of wn_doc_var_find().
 * Everything is a number; a condition holds when its value is non-zero
 * (x / 0 is 0).
 * Parsing turns names into nodes; resolving (once all files are loaded)
 * binds parameters, word lists and named conditions to indices.
 */
#ifndef WN_EXPR_H
#define WN_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "feats.h"

typedef enum {
	WN_E_NUM, WN_E_PARAM, WN_E_FEAT, WN_E_COND, WN_E_SHARE, WN_E_COUNT, WN_E_MATCH,
	WN_E_NOT, WN_E_AND, WN_E_OR,
	WN_E_LT, WN_E_LE, WN_E_GT, WN_E_GE, WN_E_EQ, WN_E_NE,
	WN_E_ADD, WN_E_SUB, WN_E_MUL, WN_E_DIV, WN_E_NEG,
	WN_E_LN, WN_E_MIN, WN_E_MAX,   /* ln(x) (0 for x <= 0), min(a, b), max(a, b) */
	/* document atoms (spam statements only) */
	WN_E_DOC_LINES,   /* lines(CATEGORY): lines removed in a category */
	WN_E_DOC_BYTES,   /* bytes(CATEGORY) */
	WN_E_DOC_CUT_BYTES,  /* cut_bytes(CATEGORY): bytes cut out of lines that stay */
	WN_E_DOC_TAIL_LINES, /* tail_lines(CATEGORY): removed after the last kept line */
	WN_E_DOC_HITS,    /* hits(RULE): removals made by a rule */
	WN_E_DOC_MATCHES, /* matches(/re/): lines of the document that match */
	WN_E_DOC_VAR      /* a document feature (removed_share, ...) */
} wn_expr_kind;

typedef struct wn_expr {
	wn_expr_kind kind;
	double num;             /* WN_E_NUM */
	int index;              /* feature, param, condition or list index */
	char *name;             /* unresolved name (param, condition, list), or
	                         * the pattern text of WN_E_MATCH */
	size_t name_len;
	int extended;           /* WN_E_MATCH: the x flag */
	const void *pattern;    /* WN_E_MATCH: compiled and owned by the rule set */
	unsigned col, span;     /* where the name was written, for errors */
	unsigned depth;         /* levels of the tree from this node down */
	struct wn_expr *a, *b;
} wn_expr;

/* Conditions nest at most this deep, in brackets, `not`s, signs and
 * operators alike: evaluating, compiling and freeing them recurse, and no
 * rule file may run the stack out. */
#define WN_EXPR_MAX_DEPTH 200

/* A parse error: message and the 0-based byte offset in the text. */
typedef struct wn_expr_error {
	const char *message;
	size_t offset;
	size_t span;
} wn_expr_error;

/* Parse text[0..len). Returns the tree, or NULL with *err filled (or
 * NULL with err->message NULL when out of memory). Names that are not
 * features become WN_E_COND nodes, resolved later. */
wn_expr *wn_expr_parse(const char *text, size_t len, wn_expr_error *err);
void wn_expr_free(wn_expr *e);

/* Document features for spam conditions. */
enum { WN_DOC_REMOVED_SHARE, WN_DOC_LINES_IN, WN_DOC_BYTES_IN, WN_DOC_PROSE_LINES,
       WN_DOC_VAR_COUNT };
int wn_doc_var_find(const char *name, size_t len);
extern const char *const wn_doc_var_names[WN_DOC_VAR_COUNT];

/* Is e (or a condition it uses) a document condition, a line condition? */
int wn_expr_uses_doc(const wn_expr *e);
int wn_expr_uses_line(const wn_expr *e);

/* Evaluation context: subject/line features, parameter values, the named
 * conditions (evaluated recursively on the same features), and how to run
 * a pattern atom on the subject's text. */
typedef struct wn_eval {
	const wn_feats *f;
	const double *params;
	wn_expr *const *conds;
	int (*match)(void *ud, const void *pattern);
	void *match_ud;
	/* Values of named conditions already computed for this subject (NaN:
	 * not yet), for the conditions marked in cacheable; NULL: no cache. */
	double *cache;
	const uint8_t *cacheable;
	/* the named conditions compiled (prog.h), by index; NULL: use conds */
	const struct wn_prog *cond_progs;
	/* document atoms: evaluated by the caller */
	double (*doc)(void *ud, const struct wn_expr *e);
	void *doc_ud;
} wn_eval;

double wn_expr_eval(const wn_expr *e, const wn_eval *ctx);

/* min and max as conditions define them, in the tree and in the programs
 * alike: a NaN operand (only an overflow makes one) gives the other, so
 * min(a, b) is min(b, a) and the program compiler may swap them. */
static inline double wn_min(double a, double b)
{
	return b < a || a != a ? b : a;
}

static inline double wn_max(double a, double b)
{
	return b > a || a != a ? b : a;
}

/* Does e (or a condition it uses) read a position feature? */
int wn_expr_uses_position(const wn_expr *e, wn_expr *const *conds);
/* ... a main-region feature (in_main, before_main, after_main, main_lead)? */
int wn_expr_uses_region(const wn_expr *e, wn_expr *const *conds);
/* ... feature f? */
int wn_expr_uses_feature(const wn_expr *e, wn_expr *const *conds, int f);

#endif
