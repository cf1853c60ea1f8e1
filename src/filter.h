/*
 * filter.h: what library modules may ask a wn_filter beyond winnow.h.
 */
#ifndef WN_FILTER_H
#define WN_FILTER_H

#include "winnow.h"

struct wn_rules;
const struct wn_rules *wn_filter_rules(const wn_filter *f);

#endif
