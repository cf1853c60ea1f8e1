/*
 * doc.h: one document (or window of one) as the engine sees it.
 *
 * Owns the per-document arrays: lines (byte spans of the input, with their
 * matching view and features), removed spans and the scratch the engine
 * needs. Every array is a wn_vec cleared between documents, so the hot path
 * stops allocating once the filter is warm.
 *
 * segment.c fills lines and the views; decide.c decides; emit.c writes.
 */
#ifndef WN_DOC_H
#define WN_DOC_H

#include "buf.h"
#include "feats.h"
#include "match.h"
#include "normalize.h"
#include "rules.h"

typedef struct wn_line {
	uint32_t start, len;      /* content bytes in the document (no line end) */
	uint32_t norm_off, norm_len;
	uint32_t map_off;         /* first offset-map entry (when !aligned) */
	uint32_t keep_end;        /* view offset where kept text ends (suffix cuts) */
	uint32_t trim_start;      /* view offsets of the text without surrounding */
	uint32_t trim_end;        /* spaces, up to keep_end */
	uint64_t hash;            /* of the trimmed view, 0 for blank lines */
	int32_t rule;             /* rule that dropped the line (active index), -1 */
	int32_t last_cut;         /* newest cut of this line in doc.cuts, -1 */
	uint32_t para;            /* paragraph number (wrapped text), else own */
	uint32_t pf_row;          /* its row in the prefilter's bits (doc.pf_bits) */
	uint32_t nb;              /* its index among the non-blank lines */
	uint32_t memo;            /* 1 + its entry in doc.memo while the line is
	                           * whole (no suffix cut), else 0 */
	uint8_t term;             /* bytes of the line end: 0, 1 or 2 */
	uint8_t blank;
	uint8_t aligned;          /* view offsets equal input offsets */
	uint8_t oversize;
	uint8_t verdict;          /* wn_verdict */
	uint8_t prose;            /* satisfies the prose condition */
	uint8_t anchor;           /* prose and still kept after stage 1 */
} wn_line;

typedef struct wn_cut {
	uint32_t line;
	uint32_t start, end;      /* input offsets within the line */
	int32_t rule;
	int32_t prev;             /* the line's previous cut, -1 (until emit sorts) */
} wn_cut;

typedef struct wn_sentence {
	uint32_t start, end;      /* view offsets, trimmed */
	uint8_t strong, weak, removed;
} wn_sentence;

typedef struct wn_doc {
	const char *bytes;        /* the document buffer */
	size_t len;
	size_t body;              /* offset after a BOM (0 or 3) */
	wn_vec lines;             /* wn_line */
	wn_vec feats;             /* wn_feats, parallel to lines */
	wn_vec norm;              /* char: views of all lines */
	wn_vec maps;              /* uint32_t: offset maps */
	wn_vec cuts;              /* wn_cut */
	wn_vec sentences;         /* wn_sentence scratch */
	wn_vec nonblank;          /* uint32_t: indices of non-blank lines */
	wn_vec table;             /* hash-count table for repeats */
	wn_vec cond_cache;        /* double: named conditions per line (NaN: unknown) */
	wn_vec pf_offs;           /* uint32_t: view offset of each line (prefilter) */
	wn_vec pf_ends;           /* uint32_t: where each line's view ends */
	wn_vec pf_bits;           /* uint64_t: per line, patterns worth running */
	wn_vec pf_start;          /* uint32_t: per pattern, its first entry in pf_lines */
	wn_vec pf_lines;          /* uint32_t: per pattern, the lines worth running it on */
	wn_vec model_in;          /* float: model inputs per non-blank line (see model.h) */
	wn_vec model_sum;         /* double: scratch of the model's scoring */
	wn_vec model_out;         /* float: the model's score per non-blank line */
	wn_vec memo;              /* wn_line_memo: short lines measured before,
	                           * across documents (segment.c) */
	wn_vec memo_matches;      /* uint64_t: per entry, the patterns run on its
	                           * line and those that matched (2 x memo_words) */
	size_t memo_words;
	const wn_rules *memo_rules; /* the rules they were measured and run with */
	wn_normalizer nz;
	wn_norm_counts counts;
	int stop_list;            /* document language (stop.* list), -1 */
	const char *lang;         /* its name ("de"), or the script's ("und-Cyrl", "zh", "und") */
	size_t oversize;
	uint32_t repeats_max;     /* most copies of one line (1: no repeats) */
} wn_doc;

/* How many non-blank lines of the document have this view hash. */
uint32_t wn_doc_hash_count(const wn_doc *d, uint64_t hash);

/* The hash of a trimmed view, as stored in wn_line.hash. */
uint64_t wn_view_hash(const char *view, size_t len);

/* What the memo knows of the patterns on line l, whole: memo_words words
 * of the patterns run on it, then as many of those that matched, each
 * pattern at bit wn_pattern.id; NULL when the memo no longer holds the
 * line (a later line of the document took its place) or never did. */
uint64_t *wn_doc_memo_matches(const wn_doc *d, const wn_line *l);

/* Split doc->bytes into lines and build views and features. */
int wn_doc_segment(wn_doc *d, const wn_rules *r, size_t max_line_bytes);
void wn_doc_free(wn_doc *d);

static inline const char *wn_line_view(const wn_doc *d, const wn_line *l)
{
	return (const char *)d->norm.data + l->norm_off;
}

/* Input offset (within the line) of view offset v. */
static inline uint32_t wn_line_orig(const wn_doc *d, const wn_line *l, uint32_t v)
{
	if (l->aligned)
		return v;
	return ((const uint32_t *)d->maps.data)[l->map_off + v];
}

#endif
