/*
 * helpers.h: shared helpers for the Check unit tests.
 *
 * wn_test_rules() builds a rule set from text (no built-in rules unless
 * asked) and collects its diagnostics; wn_test_run() filters a string,
 * optionally in pieces of a given size, and returns the output.
 */
#ifndef WN_TEST_HELPERS_H
#define WN_TEST_HELPERS_H

#include <check.h>
#include <stddef.h>

#include "winnow.h"

typedef struct test_diags {
	char text[8192];   /* every diagnostic, formatted, concatenated */
	unsigned errors;
} test_diags;

/* A wn_diag_fn that collects into a test_diags (the userdata). */
void wn_test_collect_diag(void *ud, const wn_diag *d);

/* Rules from text (plus the built-in set when builtin is set). Returns NULL
 * when the rules do not compile; diagnostics are in *d (may be NULL). */
wn_rules *wn_test_rules(const char *text, int builtin, test_diags *d);

/* Filter input through rules, feeding chunk bytes at a time (0: all at
 * once). Returns a malloc'ed NUL-terminated output; *stats is filled from
 * the filter when not NULL. max_doc limits the document buffer (0: default). */
char *wn_test_run(const wn_rules *r, const char *input, size_t len, size_t chunk,
                  size_t max_doc, wn_doc_stats *stats);

/* A file of fixtures/ (NUL-terminated, malloc'ed; *len without the NUL). */
char *wn_test_read_fixture(const char *name, size_t *len);

/* The same through a filter the caller set up (one document, fed whole). */
char *wn_test_run_filter(wn_filter *f, const char *input, size_t len);

/* Explain: one "VERDICT rule-id" word per input line, space-separated,
 * like "KEEP - DROP cap.x PART cta.y". */
char *wn_test_explain(const wn_rules *r, const char *input);

Suite *suite_utf8(void);
Suite *suite_normalize(void);
Suite *suite_features(void);
Suite *suite_expr(void);
Suite *suite_rules(void);
Suite *suite_segment(void);
Suite *suite_filter(void);
Suite *suite_stream(void);
Suite *suite_prefilter(void);
Suite *suite_prefix(void);
Suite *suite_scopes(void);
Suite *suite_region(void);
Suite *suite_model(void);

#endif
