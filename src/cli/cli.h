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
	const char *report;
	size_t max_doc, max_line;
	/* tune */
	const char *input;
	double min_f1, min_recall;
	int search;
	const char *write;
	long errors, pages;
	const char *tune_only;   /* a tune option given (for error messages) */
	const char *show;        /* --show: features for --explain */
} options;

/* Parse options from argv (getopt_long, stops at the first non-option).
 * Returns -1 to go on, or an exit status. */
int parse_options(int argc, char **argv, options *o);
void free_options(options *o);
/* The rule set from built-ins, --rules, extra paths and --set; NULL after
 * printing the errors. */
wn_rules *load_rules(const options *o, const char **extra, size_t nextra);
int usage_error(const char *fmt, const char *arg);

int cmd_tune(int argc, char **argv);

/* Diagnostics to stderr, counted. */
typedef struct cli_diag {
	unsigned errors;
} cli_diag;
void cli_print_diag(void *ud, const wn_diag *d);

/* --explain: one line per input line on out. */
typedef struct explain_printer {
	FILE *out;
	const wn_rules *rules;
	int show[64];       /* features to print (--show), -1 terminated */
} explain_printer;
void cli_explain_line(void *ud, const wn_line_verdict *v);

/* --stats: totals over all documents. */
typedef struct summary {
	size_t docs, docs_touched, bytes_in, bytes_out, lines_in, lines_out;
	size_t ncat;
	size_t *cat_lines, *cat_bytes, *cat_docs;
	size_t invalid_utf8, nul_bytes, oversize_lines;
} summary;
int summary_init(summary *s, const wn_rules *r);
void summary_add(summary *s, const wn_doc_stats *st);
void summary_print(const summary *s, const wn_rules *r, FILE *out, double seconds);
void summary_free(summary *s);

/* Parse "64M", "1G", "4096" into bytes. -1 on error. */
int cli_parse_size(const char *s, size_t *out);

#endif
