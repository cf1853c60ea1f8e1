/*
 * names.h: finding rules, parameters, macros and named conditions by name.
 *
 * Owns the rule set's index from each kind of name to its entry's position
 * in the rule set's vector of that kind. Positions never move (a later
 * file replaces an entry in place), so the index holds positions only and
 * reads the names from the vector. Loading looks up every name a file
 * defines or uses; without the index each look-up read every name before
 * it, and a generated file of 40,000 conditions took 2.9 s to load.
 */
#ifndef WN_NAMES_H
#define WN_NAMES_H

#include <stddef.h>
#include <stdint.h>

typedef enum wn_name_kind {
	WN_NAME_RULE,      /* rules: wn_rule*, by id */
	WN_NAME_PARAM,     /* params: wn_param */
	WN_NAME_DEFINE,    /* defines: wn_define (pattern macros) */
	WN_NAME_CONDITION, /* conditions: wn_condition */
	WN_NAME_KINDS
} wn_name_kind;

/* One kind's index: open addressing, a slot holds a position + 1. */
typedef struct wn_names {
	uint32_t *slots;
	size_t cap;  /* slots, a power of two, or 0 */
	size_t used;
} wn_names;

#endif
