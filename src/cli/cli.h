/*
 * cli.h: pieces of the winnow command line shared between its commands.
 *
 * The CLI is a thin client of libwinnow: it parses options, reads files,
 * and prints what the library reports (diagnostics, explain lines,
 * summaries).
 */
#ifndef WN_CLI_H
#define WN_CLI_H

#include <stdio.h>

#include "winnow.h"

/* Exit statuses (documented in --help and the README). */
enum { EXIT_DONE = 0, EXIT_IO = 1, EXIT_USAGE = 2 };

/* Options of every command (one table; each command rejects the others). */
typedef struct options {
	const char **rule_paths;
	size_t nrule_paths;
	const char **sets;
	size_t nsets;
	const char **keeps;
	size_t nkeeps;
	int no_default;
	int stats, explain;
	int profile;             /* --profile */
	long profile_rules;      /* --profile=N: the rules it lists (0: all) */
	const char *report;
	size_t max_doc, max_line;
	/* tune */
	const char *input;
	double min_f1, min_recall;
	int search;
	const char *write;
	int fit;                 /* --fit */
	long folds;              /* --folds (cross-validation) */
	double fit_cost;         /* --fit-cost: liblinear's C */
	long snippet_weight;     /* --snippet-weight: a snippet-labelled line counts this many times */
	long errors, pages;
	const char *html;        /* tune --html: the review page of the pages */
	const char *tune_only;   /* a tune option given (for error messages) */
	const char *show;        /* --show: features for --explain */
	/* formats (filter and batch) */
	int format;              /* -1: by file name */
	const char *field;
	int annotate;
	wn_on_error on_error;
	char *separator;         /* --doc-separator, escapes decoded */
	size_t separator_len;
	double drop_spam;        /* < 0: off */
	int gzip_level;
	/* batch */
	long jobs;               /* 0: the number of cores */
	int resume, fail_fast;
	int progress;            /* -1: when stderr is a terminal; 0 quiet; 1 on */
	const char *batch_only;  /* a batch option given (for error messages) */
} options;

/* Parse options from argv (getopt_long, stops at the first non-option).
 * Returns -1 to go on, or an exit status. */
int parse_options(int argc, char **argv, options *o);
void free_options(options *o);
/* The rule set from built-ins, --rules, extra paths and --set; NULL after
 * printing the errors. */
wn_rules *load_rules(const options *o, const char **extra, size_t nextra);
/* The same from the options, plus rule text from memory (NULL: none);
 * without_fit leaves out the model's fit (tune --fit). */
wn_rules *load_rules_with(const options *o, const char *text, size_t len, int without_fit);
int usage_error(const char *fmt, const char *arg);

int cmd_tune(int argc, char **argv);
int cmd_batch(int argc, char **argv);
/* the filter; review: write the HTML review page instead of the text */
int cmd_filter(int argc, char **argv, int review);

/* A filter for the options: parameters, --keep, the spam threshold.
 * NULL after printing why (*status says how to exit). */
wn_filter *cli_make_filter(const wn_rules *r, const options *o, int *status);

/* A wn_write_fn onto a FILE * (the user data). */
int cli_write_file(void *ud, const char *p, size_t n);

/* Output collected in memory: a wn_write_fn whose user data is a
 * cli_buffer (free data when done). */
typedef struct cli_buffer {
	char *data;
	size_t len, cap;
} cli_buffer;
int cli_buffer_add(void *ud, const char *p, size_t n);

/* What one input file or stream is read as. */
void cli_stream_options(const options *o, const char *name, wn_stream_options *so);

/* Per-record bookkeeping of one input: statistics, report lines, and the
 * malformed records. */
typedef struct cli_records {
	const char *file;         /* name in reports and messages */
	wn_summary *sum;
	wn_write_fn report;       /* report lines go here (NULL: none) */
	void *report_ud;
	int report_failed;
	int numbered_docs;        /* name text documents "doc N" */
	int print_problems;       /* print malformed records to stderr */
	wn_on_error on_error;
	size_t malformed;
	size_t first_line;        /* of the first malformed record */
	const char *first_problem;
	size_t oversize;          /* WARC records too large to clean (passed) */
	size_t limits;            /* patterns that gave up (PCRE2 limits) */
	char first_limit[200];    /* the first of them, described */
	/* called after each document the filter decided, with its name */
	void (*on_doc)(void *ud, const char *name, const wn_filter *f);
	void *on_doc_ud;
} cli_records;

/* Read fd to its end through a stream over f. Returns 0; -1 when the input
 * failed (err says why); -2 when the output failed (errno is set). */
int cli_run_stream(int fd, wn_filter *f, const wn_stream_options *so, wn_write_fn out,
                   void *out_ud, cli_records *rec, size_t *bytes_read, char *err, size_t errlen);

/* Diagnostics to stderr, counted. */
typedef struct cli_diag {
	unsigned errors;
} cli_diag;
void cli_print_diag(void *ud, const wn_diag *d);

/* --explain: one line per input line on out. */
typedef struct explain_printer {
	FILE *out;
	const wn_rules *rules;
	/* --show: what to print after each verdict, in order: a feature index
	 * (>= 0), or a named condition (-2 - k: the k-th of conds); -1 ends */
	int show[64];
	const char *conds[16];
	size_t nconds;
} explain_printer;
void cli_explain_line(void *ud, const wn_line_verdict *v);

/* Parse "64M", "1G", "4096" into bytes. -1 on error. */
int cli_parse_size(const char *s, size_t *out);

#endif
