/*
 * review.h: the HTML review page (winnow review, winnow tune --html).
 *
 * One self-contained file: the template src/cli/review.html (inline CSS and
 * JavaScript, no network) with the documents as JSON in a data block, and
 * the per-category counts table of wn_summary, the numbers of --stats.
 * Documents are written to a temporary file as they come, so that memory
 * stays bounded whatever the number of documents.
 */
#ifndef WN_CLI_REVIEW_H
#define WN_CLI_REVIEW_H

#include <stdio.h>

#include "winnow.h"

typedef struct review review;

/* Marks of the tune page: article text removed, boilerplate kept. */
enum { REVIEW_NO_MARK = 0, REVIEW_LOST = 1, REVIEW_LEAK = 2 };

review *review_new(const wn_rules *rules, const char *title);
void review_free(review *rv);

/* One line of the current document: its text, verdict, deciding rule (-1:
 * none), reason, model score (-1: none), removed spans, and a mark. */
int review_add_line(review *rv, const char *text, size_t len, wn_verdict verdict, int rule,
                    const char *reason, double score, const wn_span *spans, size_t nspans,
                    int mark);
/* A wn_explain_fn that adds each line (user data: the review). */
void review_explain_line(void *ud, const wn_line_verdict *v);
/* The current document is complete: its name (file and record), language
 * and spam score (-1: none). */
int review_end_doc(review *rv, const char *name, const char *lang, double spam);

/* The page, with the counts of sum, to out. Returns 0 or -1 (errno). */
int review_write(review *rv, const wn_summary *sum, FILE *out);

#endif
