/*
 * utf8.h: byte-level UTF-8 decoding and the character classes the rest of
 * winnow needs (word characters, CJK, whitespace, sentence punctuation).
 *
 * Owns the ASCII fast paths: every classifier answers bytes below 0x80 from
 * a table and only asks utf8proc about other code points.
 */
#ifndef WN_UTF8_H
#define WN_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Decode one code point at s (n bytes available, n >= 1). Returns the
 * number of bytes consumed (1..4) and stores the code point in *cp, or
 * stores -1 and returns 1 for an invalid, overlong, surrogate or truncated
 * sequence. */
static inline size_t wn_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	size_t len;
	int32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	if (n < len) {
		*cp = -1;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		unsigned cc = s[i];
		if ((cc & 0xC0) != 0x80) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (int32_t)(cc & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = -1;
		return 1;
	}
	*cp = v;
	return len;
}

/* Encode cp (valid scalar value) into out (4 bytes room). Returns length. */
size_t wn_utf8_encode(int32_t cp, char *out);

/* Character classes of ASCII bytes. */
enum {
	WN_C_SPACE = 1,   /* space, tab, vertical tab, form feed */
	WN_C_ALPHA = 2,
	WN_C_DIGIT = 4,
	WN_C_UPPER = 8,
	WN_C_PUNCT = 16
};
extern const unsigned char wn_ascii_class[128];
/* ASCII as the view has it: lower case, and tab, VT, FF, CR as spaces. */
extern const unsigned char wn_ascii_lower[128];

/* Everything the measuring pass asks about a code point, in one lookup:
 * a table for ASCII, one utf8proc call otherwise. */
enum {
	WN_K_SPACE = 1 << 0,
	WN_K_LETTER = 1 << 1,
	WN_K_DIGIT = 1 << 2,
	WN_K_UPPER = 1 << 3,
	WN_K_LOWER = 1 << 4,
	WN_K_WORD = 1 << 5,      /* letter, mark, number or '_' */
	WN_K_UNSPACED = 1 << 6,  /* script written without spaces */
	WN_K_TERMINAL = 1 << 7,  /* . ! ? and other sentence ends */
	WN_K_CLOSER = 1 << 8,    /* closing quote or bracket */
	WN_K_APOS = 1 << 9       /* ' (may join a word) */
};
extern const uint16_t wn_ascii_kind[128];
unsigned wn_cp_kind_slow(int32_t cp);
/* Build the table of kinds (done on first use; thread-safe). */
void wn_cp_kinds_init(void);
static inline unsigned wn_cp_kind(int32_t cp)
{
	return cp >= 0 && cp < 128 ? wn_ascii_kind[cp] : wn_cp_kind_slow(cp);
}

/*
 * The run of ASCII letters and digits that starts the 8 bytes at p, eight
 * bytes at a time (most of a word is such a run): its length (8: all of
 * them) and, in *letters and *upper, how many of it are letters and
 * capitals. Each byte's class is a sum whose top bit says "at least c"
 * (bytes are below 0x80 once their top bit is masked off, so no sum
 * carries into the next byte).
 */
static inline size_t wn_ascii_alnum_run8(const unsigned char *p, unsigned *letters,
                                         unsigned *upper)
{
	const uint64_t ones = 0x0101010101010101ULL, top = 0x8080808080808080ULL;
	uint64_t x;
	memcpy(&x, p, 8);
	uint64_t ascii = ~x & top, low = x & ~top, folded = low | 0x20 * ones;
#define WN_AT_LEAST(v, c) ((v) + (0x80 - (c)) * ones)
	uint64_t letter = WN_AT_LEAST(folded, 'a') & ~WN_AT_LEAST(folded, 'z' + 1) & ascii;
	uint64_t capital = WN_AT_LEAST(low, 'A') & ~WN_AT_LEAST(low, 'Z' + 1) & ascii;
	uint64_t digit = WN_AT_LEAST(low, '0') & ~WN_AT_LEAST(low, '9' + 1) & ascii;
#undef WN_AT_LEAST
	uint64_t other = ~(letter | digit) & top;
	size_t run = other ? (size_t)__builtin_ctzll(other) / 8 : 8;
	uint64_t in_run = run == 8 ? ~0ULL : ((uint64_t)1 << (run * 8)) - 1;
	/* one bit per byte: a multiply adds them up in the top byte */
	*letters = (unsigned)((((letter & in_run) >> 7) * ones) >> 56);
	*upper = (unsigned)((((capital & in_run) >> 7) * ones) >> 56);
	return run;
}

/* Word characters: letters, marks, numbers (and '_'), as in the metric. */
int wn_cp_is_word(int32_t cp);
int wn_cp_is_letter(int32_t cp);
int wn_cp_is_upper(int32_t cp);
int wn_cp_is_lower(int32_t cp);
int wn_cp_is_digit(int32_t cp);
int wn_cp_is_space(int32_t cp);
/* Scripts written without spaces between words (Han, kana, Thai, ...). */
int wn_cp_is_unspaced(int32_t cp);
/* Sentence-ending punctuation after NFKC: . ! ? and CJK full stop etc.
 * (through the kinds table: the sentence splitter asks for every
 * character). */
static inline int wn_cp_is_terminal(int32_t cp)
{
	return (wn_cp_kind(cp) & WN_K_TERMINAL) != 0;
}
/* Closing quotes and brackets that may follow terminal punctuation. */
static inline int wn_cp_is_closer(int32_t cp)
{
	return (wn_cp_kind(cp) & WN_K_CLOSER) != 0;
}

#endif
