/*
 * emit.h: writing a decided document.
 *
 * Owns what reaches the output: kept lines as their own bytes (line ends
 * included), partial lines minus their cuts, and blank lines. A run of
 * blank lines that no removal touched is written as it was (so a document
 * nothing matched comes out identical); a run next to a removal collapses
 * to its first blank line, and disappears at the start or end of the
 * output. Also owns the per-document statistics and the --explain stream.
 */
#ifndef WN_EMIT_H
#define WN_EMIT_H

#include "decide.h"
#include "doc.h"

typedef struct wn_emitter {
	const wn_rules *rules;
	const uint8_t *kept_cat;     /* per category: 1 = leave in place */
	wn_write_fn write;
	void *write_ud;
	wn_explain_fn explain;
	void *explain_ud;
	wn_doc_stats *stats;
	size_t *cat_lines, *cat_bytes, *rule_hits;
	size_t *cat_cut_bytes;       /* bytes cut out of lines that stay */
	size_t *cat_tail_lines;      /* lines removed since the last written line */
	int tail_open;               /* cat_tail_lines is not all zero */
	/* state carried across windows of one document */
	int out_started;             /* a non-blank line was written */
	int touched;                 /* a removal since the last written line */
	int carry_blank;             /* a collapsed blank line is owed */
	char blank_bytes[16];
	size_t blank_len;
	size_t line_no;              /* lines explained so far */
	wn_vec spans;                /* wn_span scratch for explain */
	wn_vec model_cols;           /* float scratch: a line's model columns */
	const double *params;        /* for the conditions of --show */
	wn_matcher *matcher;
	int show_conds[16];          /* named conditions to evaluate for explain */
	size_t nshow_conds;
	double show_vals[16];
	wn_model_term model_terms[8];
	int failed;                  /* the write callback asked to stop */
	const char *pending;         /* written bytes not yet handed on: */
	size_t pending_len;          /* a run of the window's kept lines */
} wn_emitter;

/* Write the decided lines of d. final: this is the document's last window.
 * Returns WN_OK, WN_ERR_OUTPUT or WN_ERR_NOMEM. */
int wn_emit(wn_emitter *e, wn_doc *d, int final);

/* Write bytes that bypass the engine (the rest of an oversize line). */
int wn_emit_raw(wn_emitter *e, const char *p, size_t n);

/* Reset the carried state for a new document. */
void wn_emitter_reset(wn_emitter *e);
void wn_emitter_free(wn_emitter *e);

#endif
