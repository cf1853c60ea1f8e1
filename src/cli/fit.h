/*
 * fit.h: `winnow tune --fit`, fitting the line model.
 *
 * Owns turning labelled examples into a fit of the rules' line model
 * (model.rules): every labelled line that no first-stage rule removed
 * becomes a row of the model's columns, liblinear fits an L2-regularised
 * logistic regression, k-fold cross-validation (pages kept whole, each
 * fold scored by the real filter with the weights fitted without it)
 * chooses the threshold, and the fit on all rows is written as a rule
 * file. Built only with liblinear (meson feature `fit`); without it --fit
 * says so and the filter is unchanged.
 */
#ifndef WN_CLI_FIT_H
#define WN_CLI_FIT_H

#include "examples.h"

/* Fit, print the cross-validated figures, and with --write save the fit.
 * Returns an exit status. */
int cli_fit(examples *ex, const wn_rules *rules, const options *o);

/* Print the totals lines of a run (tune.c). */
void tune_print_totals(const totals *t);

#endif
