/*
 * model.h: the fitted line model.
 *
 * Owns the `model` and `fit` statements once parsed: a model names inputs
 * (conditions of the rule language, one number per line) and windows (the
 * mean of an input over neighbouring non-blank lines); a fit gives one
 * weight per input and window, a bias, and the training means used to
 * explain a score. Scoring a document is a logistic regression over those
 * columns: the probability that a line is boilerplate, read by rules as
 * the `boilerplate` feature. `winnow tune --fit` writes the fit.
 *
 * Inputs are evaluated by the decision engine (they may read any line or
 * position feature except `boilerplate` itself); this module turns the
 * per-line inputs into columns, scores and explanations without allocating
 * per line: the windows are running sums over the input array.
 */
#ifndef WN_MODEL_H
#define WN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "winnow.h"

struct wn_expr;

#define WN_MODEL_MAX_WINDOWS 8

/* A window: the mean of an input over the `before` non-blank lines before
 * a line and the `after` lines after it (the line itself excluded). */
typedef struct wn_window {
	int before, after;
} wn_window;

/* The compiled model: what scoring needs. */
typedef struct wn_model {
	int defined;              /* a `model` statement was read */
	int fitted;               /* and a matching `fit` (weights for every input) */
	size_t ninputs;
	size_t nwindows;          /* windows besides the line itself */
	wn_window windows[WN_MODEL_MAX_WINDOWS];
	size_t ncols;             /* ninputs * (1 + nwindows) */
	double bias;
	double *weights;          /* ncols, input-major: input j, window w at j*(1+nwindows)+w */
	double *centers;          /* ncols: training means (for explanations) */
	float *by_window;         /* the weights window-major: window w, input j at
	                           * w*ninputs+j (scoring reads them this way, in
	                           * float: the inputs are floats, and so the loop
	                           * vectorises) */
	const char **input_names; /* ninputs (owned by the rule set) */
	struct wn_expr **inputs;  /* ninputs: the value of each input (owned by the rule set) */
	struct wn_prog *progs;    /* ninputs: the same compiled (n == 0: use the tree) */
	int *columns;             /* ninputs: the feature an input transforms alone,
	                           * so that it runs over a column of lines
	                           * (wn_prog_column_feature), or -1: line by line */
	int *per_line;            /* the inputs evaluated line by line (those
	                           * whose column is -1), nper_line of them */
	size_t nper_line;
} wn_model;

/* The name of column c ("stopwords", "stopwords@-1", "stopwords@3") into
 * buf; returns buf. */
const char *wn_model_column_name(const wn_model *m, size_t c, char *buf, size_t size);

/* Window names as written: "-1" (before), "+1" (after), "3" (both sides). */
int wn_window_parse(const char *s, size_t n, wn_window *w);
void wn_window_name(const wn_window *w, char *buf, size_t size);

/* Fill by_window from weights (after a fit is read). */
int wn_model_prepare(wn_model *m);

/*
 * Score n lines whose input values are in in[k * ninputs + j] (k in
 * document order of the non-blank lines). out[k] receives the probability
 * of boilerplate. scratch holds (2 + nwindows) * n + 1 doubles.
 */
void wn_model_score(const wn_model *m, const float *in, size_t n, double *scratch, float *out);

/* The columns of line k (windows computed from in), into cols[ncols]. */
void wn_model_row(const wn_model *m, const float *in, size_t n, size_t k, float *cols);

/* The max strongest terms of a row of columns, strongest first (by
 * absolute value). Returns how many were written. */
size_t wn_model_explain(const wn_model *m, const float *cols, wn_model_term *out, size_t max);

void wn_model_free(wn_model *m);

#endif
