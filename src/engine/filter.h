/*
 * filter.h: what library modules may ask a wn_filter beyond winnow.h.
 */
#ifndef WN_FILTER_H
#define WN_FILTER_H

#include "winnow.h"

struct wn_rules;
const struct wn_rules *wn_filter_rules(const wn_filter *f);
/* The largest document the filter buffers whole (max_doc_bytes). */
size_t wn_filter_max_doc(const wn_filter *f);

#endif
