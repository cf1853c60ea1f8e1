/*
 * examples.h: labelled examples for `winnow tune`.
 *
 * Owns finding examples and scoring what a filter makes of them. An
 * example is one rendering of a page with its labels, of one of two kinds:
 *   gold      NAME.txt + NAME.gold.txt fixtures, and page folders holding
 *             gold.txt beside their renderings: the benchmark's shingle
 *             metric (means over pages), every line labelled;
 *   snippets  page folders holding labels.json beside their renderings:
 *             the snippet metric (counts summed over pages), the lines the
 *             snippets touch labelled.
 */
#ifndef WN_CLI_EXAMPLES_H
#define WN_CLI_EXAMPLES_H

#include "cli.h"

enum { EX_GOLD, EX_SNIPPETS };

typedef struct example {
	char *name;          /* as shown */
	char *page;          /* the page it renders (folds keep a page together) */
	char *rendering;     /* "html-text", "w3m", ... ("fixture" for fixture pairs) */
	int kind;            /* EX_GOLD or EX_SNIPPETS */
	char *input;         /* bytes */
	size_t input_len;
	char *gold;          /* EX_GOLD */
	size_t gold_len;
	wn_snippets *snip;   /* EX_SNIPPETS */
	/* results of the last run */
	wn_score score;      /* EX_GOLD */
	wn_snippet_score counts; /* EX_SNIPPETS */
	unsigned char *present;  /* EX_SNIPPETS: per snippet */
	double p, r, f1;
	size_t lost, kept;   /* article lines removed, boilerplate lines kept */
	size_t *cat_lines;   /* removals per category */
	char lang[16];       /* the page's language (labels), else winnow's guess */
} example;

typedef struct examples {
	example *v;
	size_t n, cap;
	const char *input;   /* --input: renderings to read (comma-separated), or NULL */
} examples;

/* Add the examples under path (a fixture .txt or a folder). 0 or -1
 * (after printing why). */
int examples_collect(examples *ex, const char *path);
void examples_free(examples *ex);

/* The figures of a run: per kind, and what tune optimises. */
typedef struct totals {
	size_t gold_pages, snip_pages;
	double p, r, f1;          /* gold: means over pages, F1 of the means */
	wn_snippet_score counts;  /* snippets: summed over pages */
	double sp, sr, sf;        /* snippets: from the sums */
	double objective;         /* the mean of the F's of the kinds present */
	size_t lost, kept;
} totals;

/* Score example e from the filter's output. */
void example_score(example *e, const char *out, size_t len);
/* Totals of the examples' last scores (those with in[i] set, or all when
 * in is NULL). */
void examples_totals(const examples *ex, const unsigned char *in, totals *t);

/* The verdict of one line of a run, kept for listing errors and fitting. */
typedef struct line_record {
	const char *text;
	size_t len, line_no;
	wn_verdict verdict;
	int rule;
	const char *reason;
	size_t span_start, span_end;   /* first removed span of a PART line */
	int dropped_first;             /* removed by a rule of the first stage */
	size_t cols;                   /* offset of its model columns in the
	                                * recorder's pool, or SIZE_MAX */
	size_t span0, nspans;          /* its removed spans, in the recorder's spans */
	double score;                  /* the model's score, -1 without one */
} line_record;

typedef struct recorder {
	line_record *v;
	size_t n, cap;
	size_t ncols;                  /* > 0: keep each line's model columns */
	float *pool;                   /* the columns */
	size_t pool_len, pool_cap;
	wn_span *spans;                /* removed spans of PART lines */
	size_t spans_len, spans_cap;
} recorder;
void recorder_line(void *ud, const wn_line_verdict *lv);
void recorder_free(recorder *rec);

/* Labels of the recorded lines of e (1 article, 0 boilerplate, -1 not
 * known) into out[rec->n]. */
int example_label_lines(const example *e, const recorder *rec, signed char *out);

/* What a recorded line got wrong, given its label and the example's gold
 * (NULL for snippet pages): article text removed (a dropped article line,
 * or a cut of article text), boilerplate kept, or nothing (0). */
enum { MISTAKE_LOST = 1, MISTAKE_KEPT = 2 };
int example_line_mistake(const line_record *lr, signed char label, wn_gold *g);

/* Run examples through f (those with in[i] set, or all), score them and
 * count the lines each gets wrong (lost, kept, removals per category).
 * each (may be NULL) is called after every example with its recorded
 * lines; rec->ncols > 0 records the model's columns too. */
typedef int (*example_fn)(void *ud, size_t i, const example *e, const recorder *rec);
int examples_run(examples *ex, wn_filter *f, const wn_rules *rules, const unsigned char *in,
                 recorder *rec, example_fn each, void *each_ud, totals *t);

/* Run examples on several filters over one rule set, one per core. */
typedef struct pool {
	wn_filter **f;
	size_t n;
} pool;
int pool_init(pool *pl, const wn_rules *rules, const options *o, wn_filter *first);
void pool_free(pool *pl, const wn_filter *first);
int pool_run(pool *pl, examples *ex, const unsigned char *in, totals *t);
void pool_set_param(pool *pl, const char *name, double value);

/* One row per language of the examples with in[i] set (one kind), most
 * pages first: the labels' "lang" for snippet pages, winnow's guess for
 * gold pages; P, R and F as the kind's metric computes them. */
void examples_print_languages(const examples *ex, const unsigned char *in, const char *indent);

char *cli_slurp(const char *path, size_t *len);

#endif
