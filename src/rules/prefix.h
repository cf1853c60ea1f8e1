/*
 * prefix.h: what the subject of a pattern anchored at its start must
 * begin with.
 *
 * Owns the prefix test. When PCRE2 says a compiled pattern is anchored
 * (every match starts at the subject's start: ^ outside multi-line mode,
 * \A, a leading .* in DOTALL mode), its first two bytes decide most
 * subjects before PCRE2 runs: a line "she said" cannot match
 * /^(?:share|tweet)\b/. The sets are learnt from PCRE2 itself, not from a
 * reading of the pattern: a subject of one byte, then of two, is matched
 * with PCRE2_PARTIAL_HARD, which answers "no match" only when no subject
 * that starts with those bytes can match. So the test holds for any
 * pattern PCRE2 compiles (classes, \d and \s under UCP, lookarounds,
 * backreferences), which the literal analysis of prefilter.c does not
 * read. Only bytes a view can hold are asked about (printable ASCII but
 * capitals); the others always pass.
 */
#ifndef WN_PREFIX_H
#define WN_PREFIX_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

typedef struct wn_prefix {
	int known;                /* the pattern is anchored: the sets below hold */
	uint32_t minlen;          /* every match is at least this long */
	uint64_t first[4];        /* the bytes a match can start with */
	uint64_t (*second)[2];    /* NULL, or per ASCII first byte the ASCII
	                           * bytes that can follow it */
} wn_prefix;

/* Is byte b in the set of 256 bits? */
static inline int wn_byte_set_has(const uint64_t *set, unsigned char b)
{
	return (set[b >> 6] >> (b & 63)) & 1;
}

/* Learn the prefix of the compiled pattern code, the second bytes too if
 * second (they cost up to 37 matches per first byte, so they are for the
 * patterns that nothing cheaper rules out). 0; -1: out of memory, and the
 * prefix is left unknown, which is always safe. */
int wn_prefix_learn(wn_prefix *x, const pcre2_code *code, int second);
void wn_prefix_free(wn_prefix *x);

/* Can a match of the pattern start at s[0] of s[0..n)? 0 only when
 * PCRE2 would find no match in s. */
static inline int wn_prefix_may_start(const wn_prefix *x, const char *s, size_t n)
{
	if (!x->known)
		return 1;
	if (n < x->minlen)
		return 0;
	if (n == 0)
		return 1;
	unsigned char b = (unsigned char)s[0];
	if (!wn_byte_set_has(x->first, b))
		return 0;
	if (n < 2 || !x->second || b >= 0x80)
		return 1;
	unsigned char b2 = (unsigned char)s[1];
	return b2 >= 0x80 || wn_byte_set_has(x->second[b], b2);
}

#endif
