/*
 * decide.h: the decision engine (see decide.c for the order of stages).
 */
#ifndef WN_DECIDE_H
#define WN_DECIDE_H

#include "doc.h"

/* Decide every line of a segmented document: verdicts, deciding rules and
 * cuts (removed spans) end up in d. With prof, the time of each phase and
 * rule is added to it. Returns 0, or -1 when out of memory. */
int wn_decide(wn_doc *d, const wn_rules *r, const double *params, wn_matcher *m,
              wn_profile *prof);

/* The value of named condition cond on line i of a decided document (for
 * --explain --show). */
double wn_decide_condition(wn_doc *d, const wn_rules *r, const double *params, wn_matcher *m,
                           int cond, size_t i);

/* The lines of a decided document where pattern p may match, in order (*n
 * of them), as the literal prefilter found them; NULL when every line may
 * (the prefilter does not know p, or is off or checked). */
const uint32_t *wn_decide_candidates(const wn_doc *d, const wn_matcher *m, const wn_pattern *p,
                                     size_t *n);

#endif
