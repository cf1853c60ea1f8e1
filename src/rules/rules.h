/*
 * rules.h: the rule set inside the library.
 *
 * Owns what a rule file becomes: rules (id, category, scope, patterns,
 * conditions), named parameters with ranges, pattern macros (`define`),
 * named conditions and word lists, plus the source text of every file so
 * that any later error can still point at file:line:col. parse.c fills
 * (and frees) these structures; rules.c compiles and checks them (PCRE2 +
 * JIT, name resolution) and serves the public wn_rules_* calls; diag.c
 * reports problems at their place. Dependencies point one way: rules.c ->
 * parse.c -> diag.c.
 */
#ifndef WN_RULES_H
#define WN_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "winnow.h"
#include "buf.h"
#include "expr.h"
#include "model.h"
#include "names.h"
#include "prefilter.h"
#include "prefix.h"
#include "prog.h"
#include "wordlist.h"

typedef struct wn_src {
	char *name;
	char *text;
	size_t len;
	int builtin;
} wn_src;

/* A place in a rule file: line (1-based) and byte offset within it. */
typedef struct wn_loc {
	const wn_src *src;
	unsigned line;
	size_t line_off;   /* offset of the line in src->text */
	size_t byte_col;   /* 0-based byte offset within the line */
} wn_loc;

typedef struct wn_regex {
	char *text;        /* as written between the slashes */
	size_t len;
	int extended;      /* /x flag */
	wn_loc loc;        /* of the first character after the opening slash */
} wn_regex;

/* One or more alternatives (one per `match` line), compiled as one. */
typedef struct wn_pattern {
	wn_vec alts;              /* wn_regex */
	pcre2_code *code;
	int jitted;               /* JIT-compiled: run by pcre2_jit_match() */
	int cut_groups[8];        /* group numbers named "cut" */
	int ncut;
	int unanchored;           /* no ^ $ \A \z \G or lookbehind: a match in
	                           * a sentence is a match in its line */
	wn_prefix prefix;         /* anchored: the bytes a match starts with */
	int pf;                   /* its bit in the literal prefilter, -1: none */
	int id;                   /* 0.. among the compiled patterns, -1: none */
	int pf_spaced;            /* a literal holds a space (a run of them, or a
	                           * line break in a paragraph's text) */
	const char *owner;        /* what the pattern belongs to, for messages: */
	char owner_kind;          /* 'r' rule id, 'c' condition name, 's' spam reason */
} wn_pattern;

/* A number written in a rule, or a $parameter. */
typedef struct wn_num {
	double value;
	char *param_name;
	int param;                /* resolved index, -1 for a literal */
	wn_loc loc;
	int set;
} wn_num;

/* A condition as written, with its location for resolution errors. */
typedef struct wn_cond_src {
	wn_expr *expr;
	wn_loc loc;
	wn_prog prog;             /* the same compiled (prog.h; empty: use expr) */
} wn_cond_src;

/* What a glued suffix must repeat (suffix scope, `glue`). */
enum { WN_GLUE_NONE, WN_GLUE_NEXT_LINE, WN_GLUE_LATER_LINE };

typedef struct wn_rule {
	char *id;
	char *category;
	char *description;
	int cat;
	wn_scope scope;
	wn_pattern match, unless, cont, extend;
	wn_vec when, cont_when, extend_when;   /* wn_cond_src, ANDed */
	wn_vec line_when;          /* suffix/sentence: the whole line must pass first */
	wn_num gap, blank, min_lines;
	int glue;                  /* WN_GLUE_* for suffix rules */
	int stage;                 /* 1: features only; 2: needs prose anchors */
	int uses_model;            /* `when` reads the line model (boilerplate) */
	const struct wn_pattern *when_needs; /* a pattern atom `when` cannot hold
	                           * without (words <= 120 and /cookie/), only pure
	                           * conjuncts before it; NULL: none */
	int disabled;
	wn_loc loc;
	wn_loc scope_loc, glue_loc;
	int has_scope, has_category, has_describe;
	unsigned errors_before;    /* rule-set errors when the rule was opened */
} wn_rule;

typedef struct wn_param {
	char *name;
	char *description;
	double value, min, max;
	int is_int;
	wn_loc loc;
} wn_param;

typedef struct wn_define {
	char *name;
	wn_regex re;
	int broken;      /* does not compile on its own (reported once) */
} wn_define;

typedef struct wn_condition {
	char *name;
	wn_cond_src cond;
	/* what recursion over it costs, the conditions it uses included */
	unsigned depth;  /* levels */
	size_t reach;    /* operations */
	int too_large;   /* over either bound, or uses one that is (reported) */
} wn_condition;

typedef struct wn_setting {
	char *name;
	double value;
	wn_loc loc;
	char *where;               /* "--set" for the command line, else NULL */
} wn_setting;

/* A `spam` statement: a reason, its weight, and when it holds. */
typedef struct wn_spam {
	char *reason;
	double weight;
	wn_cond_src cond;
} wn_spam;

/* `model NAME`: the inputs and windows of the line model, as written. */
typedef struct wn_model_input {
	char *name;
	wn_cond_src cond;
} wn_model_input;

typedef struct wn_model_src {
	char *name;
	char *description;
	wn_loc loc;
	wn_vec inputs;             /* wn_model_input */
	wn_window windows[WN_MODEL_MAX_WINDOWS];
	size_t nwindows;
	int has_windows;
} wn_model_src;

/* `fit NAME`: what `winnow tune --fit` wrote for the model. */
typedef struct wn_fit_row {
	char *name;
	int center;                /* a `center` row (else `weight`) */
	double values[1 + WN_MODEL_MAX_WINDOWS];
	size_t nvalues;
	wn_loc loc;
} wn_fit_row;

typedef struct wn_fit_src {
	char *name;
	wn_loc loc;
	double bias;
	int has_bias;
	wn_vec rows;               /* wn_fit_row */
} wn_fit_src;

void wn_model_src_free(wn_model_src *m);
void wn_fit_src_free(wn_fit_src *f);

typedef struct wn_disable {
	char *id;
	wn_loc loc;
} wn_disable;

struct wn_rules {
	wn_diag_fn diag;
	void *diag_ud;
	wn_vec srcs;         /* wn_src* */
	wn_vec rules;        /* wn_rule* in evaluation order */
	wn_vec params;       /* wn_param */
	wn_vec defines;      /* wn_define */
	wn_vec conditions;   /* wn_condition */
	wn_vec settings;     /* wn_setting */
	wn_vec disables;     /* wn_disable */
	wn_vec spams;        /* wn_spam */
	wn_vec doc_patterns; /* wn_expr* of matches() atoms; e->index is the slot */
	wn_vec categories;   /* char* */
	wn_vec cond_exprs;   /* wn_expr* by condition index (for evaluation) */
	wn_vec cond_progs;   /* wn_prog by condition index, compiled */
	wn_vec cond_cacheable; /* uint8_t by condition index: reads no position */
	wn_vec cond_always;  /* uint8_t by condition index: all 1 (the second stage) */
	wn_vec active;       /* wn_rule* enabled rules, by public index */
	wn_vec schedule[2];  /* uint32_t active indices of stage 1 and 2, in the
	                      * order they run: blocks first (they know the
	                      * structure), then line and paragraph rules, suffix
	                      * rules and sentence rules, each in rule order */
	wn_vec expr_patterns;/* wn_pattern* of pattern atoms in conditions */
	wn_wordlists lists;
	wn_model_src *model_src; /* the last `model` statement read, or NULL */
	wn_fit_src *fit_src;     /* the last `fit` statement read, or NULL */
	wn_model model;          /* compiled from both */
	int ignore_fit;          /* wn_rules_ignore_fit() */
	double *param_values;
	int prose_cond;      /* index of the `prose` condition, -1 if none */
	int main_cond;       /* index of the `main_score` condition, -1 if none */
	int extend_cond;     /* index of the `main_extend` condition, -1 if none */
	int bridge_cond;     /* index of the `main_bridge` condition, -1 if none */
	int removed_cost;    /* index of the `main_removed_cost` parameter, -1 if none */
	int model_threshold; /* index of the `model_threshold` parameter, -1 if none */
	int extend_gap;      /* index of the `main_extend_gap` parameter, -1 if none */
	int compiled;
	int no_jit;          /* WINNOW_NO_JIT set: interpret patterns */
	wn_prefilter prefilter; /* literals of the patterns (see prefilter.h) */
	uint32_t npf;        /* patterns with a bit in it */
	uint32_t npatterns;  /* compiled patterns (wn_pattern.id) */
	int prefilter_ready; /* built: filters may use it */
	int no_prefilter;    /* WINNOW_NO_PREFILTER set: every pattern runs */
	int check_prefilter; /* WINNOW_CHECK_PREFILTER set: run the patterns the
	                      * prefilter skips too, and abort if one matches */
	const char *dump_patterns; /* WINNOW_DUMP_PATTERNS: where to append the
	                            * compiled patterns, NULL: nowhere */
	const char *dump_literals; /* WINNOW_DUMP_LITERALS: the same for the
	                            * prefilter's literals */
	unsigned errors;
	const char *owner;   /* while compiling: whose patterns these are */
	char owner_kind;
	uint64_t hash;
	pcre2_compile_context *cctx;
	wn_names names[WN_NAME_KINDS]; /* names.c */
};

/* The position of the entry of that kind named name[0..len) (names.c), or
 * -1. */
int wn_names_find(const wn_rules *r, wn_name_kind kind, const char *name, size_t len);
/* Index the entry just appended to the vector of that kind: 0, or -1 when
 * out of memory (the entry is then found by no look-up). */
int wn_names_add(wn_rules *r, wn_name_kind kind);
void wn_names_free(wn_rules *r);

/* The length of the line loc is on, without its line end (diag.c). */
size_t wn_loc_line_len(const wn_loc *loc);

/* Report a diagnostic at loc; span is in bytes from loc (diag.c). */
void wn_rules_report(wn_rules *r, wn_diag_level level, const wn_loc *loc, size_t span,
                     const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Parse one rule file's text (kept in src) into r (parse.c). */
int wn_rules_parse(wn_rules *r, wn_src *src);

void wn_rule_free(wn_rule *rule);
void wn_pattern_free(wn_pattern *p);

/* Rule files compiled into the library (builtin_rules.c, generated). */
typedef struct wn_builtin_file {
	const char *name;
	const char *text;
	size_t len;
} wn_builtin_file;
extern const wn_builtin_file wn_builtin_files[];
extern const size_t wn_builtin_file_count;

#endif
