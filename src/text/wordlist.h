/*
 * wordlist.h: named word lists (stopwords per language, lorem ipsum, ...).
 *
 * Owns one hash table from a case-folded word to the set of lists that
 * contain it (a 64-bit mask), so measuring a line costs one lookup per word
 * however many lists exist. Lists whose name starts with "stop." are
 * stopword lists: the document's language is the one that fits best.
 * Lists named "boiler." are the boilerplate vocabulary of a language
 * (menus, legal lines, share and subscribe buttons), read by the
 * `boilerwords` feature for the document's language.
 */
#ifndef WN_WORDLIST_H
#define WN_WORDLIST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "feats.h"

#define WN_WORDLIST_PRESENT_BITS 65536

typedef struct wn_wordlists {
	char *names[WN_MAX_LISTS];
	size_t count;
	uint64_t stop_mask;      /* lists that are stopword lists (stop.LANG) */
	uint64_t boiler_mask;    /* boilerplate vocabularies (boiler.LANG) */
	wn_vec slots;            /* hash slots (struct slot) */
	wn_vec pool;             /* word bytes */
	size_t used;
	size_t max_len;          /* longest word: longer ones need no lookup */
	/* One bit per word's hash: most words of a text are in no list, and
	 * this small table, unlike the slots, stays in the cache */
	uint64_t present[WN_WORDLIST_PRESENT_BITS / 64];
} wn_wordlists;

/* Find or create a list; returns its index or -1 (too many, no memory). */
int wn_wordlists_intern(wn_wordlists *wl, const char *name);
int wn_wordlists_find(const wn_wordlists *wl, const char *name);
/* Add an already case-folded word to list idx. 0 or -1 (no memory). */
int wn_wordlists_add(wn_wordlists *wl, int idx, const char *word, size_t len);
/* The mask of lists containing word (case-folded), 0 if none. */
uint64_t wn_wordlists_lookup(const wn_wordlists *wl, const char *word, size_t len);
void wn_wordlists_free(wn_wordlists *wl);

uint64_t wn_hash_bytes(const void *p, size_t n, uint64_t seed);
/* The same job eight bytes at a time (hashes of whole lines). */
uint64_t wn_hash_fast(const void *p, size_t n);

#endif
