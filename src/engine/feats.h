/*
 * feats.h: what a rule condition can ask about a line.
 *
 * Owns the feature table (names, meaning, whether a feature describes the
 * subject text or the line's place in the document) and measuring a span
 * of text: by bit masks, 16 bytes at a time, where the text is printable
 * ASCII (most of it), else a code point at a time, with equal results.
 * Subject features describe the text a rule judges (the line, a glued
 * suffix or a sentence); line features describe the line in its document
 * (duplicates, blank neighbours, position relative to the prose) and are
 * filled in by the decision engine.
 */
#ifndef WN_FEATURES_H
#define WN_FEATURES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WN_MAX_LISTS 64

typedef enum {
	/* subject features */
	WN_F_WORDS,        /* word count (unspaced scripts: 1 per 2 chars) */
	WN_F_CHARS,        /* code points, surrounding space excluded */
	WN_F_TERMINAL,     /* ends with . ! ? (closing quotes allowed) */
	WN_F_QUESTION,     /* ends with ? */
	WN_F_PERIOD,       /* ends with a full stop */
	WN_F_COLON_END,    /* ends with : */
	WN_F_STOPWORDS,    /* share of words in the document's stopword list */
	WN_F_BOILERWORDS,  /* share of words in a boiler.* list */
	WN_F_TITLECASE,    /* share of capitalised words (small stopwords aside) */
	WN_F_CAPS,         /* share of words in capitals (2+ letters) */
	WN_F_DIGITS,       /* share of digits among non-space characters */
	WN_F_ALPHA,        /* share of letters among non-space characters */
	WN_F_PUNCT,        /* share of punctuation among non-space characters */
	WN_F_URLS,         /* URLs, www. names and Markdown links */
	WN_F_EMAILS,       /* e-mail addresses */
	WN_F_KV,           /* "Key: value" shape (1-4 word key) */
	WN_F_BULLET,       /* starts with a bullet or list number */
	WN_F_SENTENCES,    /* sentences */
	WN_F_SEPARATORS,   /* | » › separators between items */
	WN_F_REST_WORDS,   /* words of the line outside the subject */
	WN_F_REST_TERMINAL,/* the line outside the subject ends a sentence */
	/* line features */
	WN_F_LINE_WORDS,   /* words of the whole line */
	WN_F_DUP_NEXT,     /* same text as the next non-blank line */
	WN_F_DUP_PREV,     /* same text as the previous non-blank line */
	WN_F_DUP_NEAR,     /* same text within 2 non-blank lines either way */
	WN_F_REPEATS,      /* other lines of the document with the same text */
	WN_F_BLANK_BEFORE, /* a blank line (or the start) precedes */
	WN_F_BLANK_AFTER,  /* a blank line (or the end) follows */
	WN_F_LINE_NO,      /* 1-based index among non-blank lines */
	WN_F_LINES_LEFT,   /* non-blank lines after this one */
	WN_F_INDENT,       /* leading spaces (tab = 4) */
	WN_F_PARA_WORDS,   /* words of the paragraph (wrapped text: the lines up
	                    * to a blank line; otherwise the line) */
	WN_F_PARA_LINES,   /* lines of the paragraph */
	WN_F_PARA_TERMINAL,/* the paragraph ends a sentence */
	WN_F_PARA_SENTENCES,
	WN_F_PARA_STOPWORDS,
	/* position features: need the prose anchors (second stage) */
	WN_F_AFTER_PROSE,  /* after the last prose line */
	WN_F_BEFORE_PROSE, /* before the first prose line */
	WN_F_NEXT_PROSE,   /* the next non-blank kept line is prose */
	WN_F_PREV_PROSE,   /* the previous non-blank kept line is prose */
	WN_F_PROSE_DIST,   /* non-blank lines to the nearest prose line */
	WN_F_PROSE_BEFORE, /* words of prose lines before this line */
	WN_F_PROSE_AFTER,  /* words of prose lines after this line */
	WN_F_IN_MAIN,      /* inside the main region (see main_score) */
	WN_F_BEFORE_MAIN,  /* before the main region */
	WN_F_AFTER_MAIN,   /* after the main region */
	WN_F_MAIN_LEAD,    /* kept non-blank lines before the main region */
	WN_F_TO_MAIN,      /* kept non-blank lines between this line and the main region */
	WN_F_DROPPED,      /* removed by a rule of the first stage */
	WN_F_BOILERPLATE,  /* the line model's probability of boilerplate */
	/* document features (after the position features) */
	WN_F_LANG_KNOWN,   /* a stopword list fits the document */
	WN_F_WRAPPED,      /* the document is hard-wrapped (paragraphs span lines) */
	WN_F_COUNT
} wn_feature;

#define WN_F_FIRST_LINE WN_F_LINE_WORDS
#define WN_F_FIRST_POSITION WN_F_AFTER_PROSE
#define WN_F_LAST_POSITION WN_F_BOILERPLATE
#define WN_F_LAST_REGION WN_F_TO_MAIN

typedef struct wn_feats {
	float v[WN_F_COUNT];
	uint16_t list[WN_MAX_LISTS];   /* words found in each word list */
} wn_feats;

typedef struct wn_feature_info {
	const char *name;
	const char *help;
} wn_feature_info;

extern const wn_feature_info wn_feature_table[WN_F_COUNT];

/* Zero what wn_measure fills: the subject features and the list counts. */
static inline void wn_feats_clear_subject(wn_feats *f)
{
	memset(f->v, 0, sizeof(float) * WN_F_FIRST_LINE);
	memset(f->list, 0, sizeof f->list);
}

/* Look a feature up by name; -1 if unknown. */
int wn_feature_find(const char *name, size_t len);

struct wn_wordlists;

/*
 * Measure the subject features of a span. norm/nlen is the matching view
 * (NFKC, case-folded), orig/olen the same text as input bytes (for case).
 * stop_list is the document's stopword list (-1: none). Fills f->v for the
 * subject features and f->list; leaves line features alone.
 */
void wn_measure(const struct wn_wordlists *wl, int stop_list,
                const char *norm, size_t nlen, const char *orig, size_t olen,
                wn_feats *f);

/* The same, a code point at a time on any text: what wn_measure's path
 * for printable ASCII must equal (the tests compare them). */
void wn_measure_by_code_point(const struct wn_wordlists *wl, int stop_list,
                              const char *norm, size_t nlen, const char *orig, size_t olen,
                              wn_feats *f);

#endif
