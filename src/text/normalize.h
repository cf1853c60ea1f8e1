/*
 * normalize.h: the matching view of a line.
 *
 * Owns the mapping from input bytes to the text rules see: NFKC, case-folded
 * (utf8proc), default-ignorable characters dropped, curly quotes folded to
 * ASCII quotes, invalid byte sequences replaced by U+FFFD. The view is always
 * valid UTF-8, so PCRE2 can skip its UTF check. Runs of characters that do
 * not change are copied byte for byte (ASCII and most other scripts); only
 * clusters that change go through utf8proc.
 *
 * Because the view can differ in length from the input, a view that is not
 * byte-for-byte aligned comes with an offset map: map[i] is the input offset
 * of view byte i (and map[view_len] the input length), so spans found in the
 * view can be cut from the input bytes.
 */
#ifndef WN_NORMALIZE_H
#define WN_NORMALIZE_H

#include "buf.h"

typedef struct wn_norm_counts {
	size_t invalid;   /* invalid UTF-8 sequences */
	size_t nul;       /* NUL bytes */
} wn_norm_counts;

/* What one code point from 0x80 up, with nothing combining with it,
 * becomes in the view: the same per code point wherever it stands, so it
 * is worked out once (utf8proc's tables are the slow part) and kept. */
#define WN_NORM_CACHE 512
typedef struct wn_norm_cached {
	int32_t cp;       /* 0: nothing kept here */
	uint8_t len;      /* bytes of the view */
	uint8_t stable;   /* left as it is (its bytes map to its first) */
	char bytes[18];
} wn_norm_cached;

typedef struct wn_normalizer {
	wn_vec cps;       /* int32 scratch for utf8proc */
	wn_norm_cached *cache; /* WN_NORM_CACHE slots, or NULL: none kept */
} wn_normalizer;

/* Keep what code points become from now on (for a normalizer that views
 * many lines; one that views a word or two is better off without): 0, or
 * -1 when out of memory. */
int wn_normalizer_keep(wn_normalizer *nz);

/*
 * Append the view of in[0..n) to out. If the view's offsets equal the input
 * offsets (every character kept its byte length) nothing is appended to map
 * and *aligned is set to 1; otherwise n_out+1 uint32 offsets are appended to
 * map and *aligned is 0. Returns 0, or -1 when out of memory.
 */
int wn_normalize(wn_normalizer *nz, const char *in, size_t n, wn_vec *out,
                 wn_vec *map, int *aligned, wn_norm_counts *counts);

void wn_normalizer_free(wn_normalizer *nz);

#endif
