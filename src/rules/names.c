/* names.c: the rule set's name indexes (see names.h). */
#include <stdlib.h>
#include <string.h>

#include "rules.h"

static const char *name_at(const wn_rules *r, wn_name_kind kind, size_t pos)
{
	switch (kind) {
	case WN_NAME_RULE: return WN_VEC_AT(r->rules, wn_rule *, pos)->id;
	case WN_NAME_PARAM: return WN_VEC_AT(r->params, wn_param, pos).name;
	case WN_NAME_DEFINE: return WN_VEC_AT(r->defines, wn_define, pos).name;
	case WN_NAME_CONDITION: return WN_VEC_AT(r->conditions, wn_condition, pos).name;
	case WN_NAME_KINDS: break;
	}
	return "";
}

static size_t entries(const wn_rules *r, wn_name_kind kind)
{
	switch (kind) {
	case WN_NAME_RULE: return r->rules.len;
	case WN_NAME_PARAM: return r->params.len;
	case WN_NAME_DEFINE: return r->defines.len;
	case WN_NAME_CONDITION: return r->conditions.len;
	case WN_NAME_KINDS: break;
	}
	return 0;
}

/* The slot that holds name[0..len), or the empty slot where it would go. */
static uint32_t *slot_of(const wn_rules *r, wn_name_kind kind, const char *name, size_t len)
{
	const wn_names *t = &r->names[kind];
	size_t mask = t->cap - 1;
	for (size_t i = wn_hash_fast(name, len) & mask;; i = (i + 1) & mask) {
		uint32_t *s = &t->slots[i];
		if (*s == 0)
			return s;
		const char *other = name_at(r, kind, *s - 1);
		if (strncmp(other, name, len) == 0 && other[len] == '\0')
			return s;
	}
}

int wn_names_find(const wn_rules *r, wn_name_kind kind, const char *name, size_t len)
{
	if (!r->names[kind].cap)
		return -1;
	uint32_t s = *slot_of(r, kind, name, len);
	return s ? (int)s - 1 : -1;
}

/* Position pos into its kind's index, which has room. */
static void insert(wn_rules *r, wn_name_kind kind, size_t pos)
{
	const char *n = name_at(r, kind, pos);
	uint32_t *s = slot_of(r, kind, n, strlen(n));
	if (*s == 0) {
		*s = (uint32_t)pos + 1;
		r->names[kind].used++;
	}
}

int wn_names_add(wn_rules *r, wn_name_kind kind)
{
	wn_names *t = &r->names[kind];
	size_t pos = entries(r, kind) - 1;
	if (pos >= UINT32_MAX - 1)
		return -1;
	if ((t->used + 1) * 2 > t->cap) {
		/* at most half full: probes stay short */
		size_t cap = t->cap ? t->cap * 2 : 64;
		uint32_t *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return -1;
		free(t->slots);
		*t = (wn_names){ slots, cap, 0 };
		for (size_t i = 0; i < pos; i++)
			insert(r, kind, i);
	}
	insert(r, kind, pos);
	return 0;
}

void wn_names_free(wn_rules *r)
{
	for (int k = 0; k < WN_NAME_KINDS; k++) {
		free(r->names[k].slots);
		r->names[k] = (wn_names){ 0 };
	}
}
