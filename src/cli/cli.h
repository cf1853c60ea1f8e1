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

/* Diagnostics to stderr, counted. */
typedef struct cli_diag {
	unsigned errors;
} cli_diag;
void cli_print_diag(void *ud, const wn_diag *d);

/* --explain: one line per input line on out. */
typedef struct explain_printer {
	FILE *out;
	const wn_rules *rules;
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
