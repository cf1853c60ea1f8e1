/* prefix.c: learning the first bytes of an anchored pattern's matches
 * from PCRE2 (see prefix.h). */
#include "prefix.h"

#include <stdlib.h>
#include <string.h>

/* The first bytes asked about: those a view can hold (folded to lower
 * case, spaces folded to one), printable ASCII but capitals. The others
 * pass without being asked: asking costs a match each (a few microseconds
 * for the large alternations) and would reject nothing in a view. */
static int asked_first(unsigned b)
{
	return b >= 0x20 && b < 0x7f && !(b >= 'A' && b <= 'Z');
}

/* The second bytes asked about: letters, digits and the space, which
 * follow the first byte of almost every line; punctuation there is rare
 * enough to pass unasked, at half the probes. */
static int asked_second(unsigned b)
{
	return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == ' ';
}

/* A pattern that may start with more bytes than this (.*, \S) gets no
 * second-byte sets: they would cost a probe per pair and reject little. */
#define SECOND_MAX_FIRSTS 40

/* Can a match start with the bytes s[0..n)? PCRE2_PARTIAL_HARD returns
 * PCRE2_ERROR_NOMATCH only when matching failed before the end of s on
 * every path, so that no longer subject starting with s can match either;
 * PCRE2_ANCHORED keeps it to matches at s[0], the only ones an anchored
 * pattern has. Anything but that answer (a match, a partial match, a
 * limit) counts as "can". */
static int can_start(const pcre2_code *code, pcre2_match_data *md, const unsigned char *s, size_t n)
{
	int rc = pcre2_match(code, s, n, 0, PCRE2_PARTIAL_HARD | PCRE2_ANCHORED, md, NULL);
	return rc != PCRE2_ERROR_NOMATCH;
}

static void set_bit(uint64_t *set, unsigned b)
{
	set[b >> 6] |= (uint64_t)1 << (b & 63);
}

int wn_prefix_learn(wn_prefix *x, const pcre2_code *code, int second)
{
	memset(x, 0, sizeof *x);
	uint32_t options = 0, minlen = 0;
	if (pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &options) != 0 ||
	    !(options & PCRE2_ANCHORED) || pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen) != 0)
		return 0;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	if (!md)
		return -1;
	int firsts = 0;
	for (unsigned b = 0; b < 0x100; b++) {
		unsigned char s = (unsigned char)b;
		if (!asked_first(b) || can_start(code, md, &s, 1)) {
			set_bit(x->first, b);
			firsts += asked_first(b);
		}
	}
	if (second && firsts <= SECOND_MAX_FIRSTS) {
		x->second = calloc(0x80, sizeof *x->second);
		if (!x->second) {
			pcre2_match_data_free(md);
			memset(x, 0, sizeof *x);
			return -1;
		}
		for (unsigned b = 0; b < 0x80; b++) {
			if (!wn_byte_set_has(x->first, (unsigned char)b))
				continue;
			for (unsigned b2 = 0; b2 < 0x80; b2++) {
				unsigned char s[2] = { (unsigned char)b, (unsigned char)b2 };
				if (!asked_first(b) || !asked_second(b2) || can_start(code, md, s, 2))
					set_bit(x->second[b], b2);
			}
		}
	}
	pcre2_match_data_free(md);
	x->minlen = minlen;
	x->known = 1;
	return 0;
}

void wn_prefix_free(wn_prefix *x)
{
	free(x->second);
	memset(x, 0, sizeof *x);
}
