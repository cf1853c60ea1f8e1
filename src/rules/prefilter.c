/*
 * prefilter.c: required literals of patterns, and one automaton for all.
 *
 * The analysis is a small recursive-descent reading of PCRE2 syntax that
 * computes, for every part of a pattern, either the exact strings it
 * matches (when there are few) or a set of strings one of which every
 * match contains (the same algebra as RE2's and codesearch's prefilters).
 * Anything it does not understand makes the pattern "always run": the
 * prefilter may only ever let through more lines than the pattern
 * matches, never fewer.
 *
 * Spaces: every space of a view is a plain space (normalize.c folds the
 * others), so \s is " "; and the scan reads a run of spaces as one, so
 * \s+ is " " too and "share\s+this" has the literal "share this". Runs of
 * spaces in literals are collapsed to match.
 *
 * Letters: views are case-folded (NFKC_Casefold), so a letter of a
 * caseless pattern is written as the view writes every letter PCRE2 takes
 * for it: "ź" and "Ź" are "ź" in a view, the Kelvin sign and "K" are
 * "k". A letter the view never holds (it folds to something else, such as
 * "ß" to "ss") then stands for a literal no view contains, which is right:
 * the pattern cannot match a view there either.
 */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <utf8proc.h>

#include "normalize.h"

#define MAX_SET 256     /* strings in a required set */
#define MAX_EXACT 32    /* strings in an exact set */
#define MAX_LEN 32      /* bytes of one string (longer ones are cut: a
                         * piece of a required string is required too) */

typedef struct sset {
	int n;
	uint8_t len[MAX_SET];
	char s[MAX_SET][MAX_LEN];
} sset;

typedef struct info {
	int exact;   /* the part matches exactly one of ex */
	sset ex;
	int req;     /* every match of the part contains one of rq (0: no
	              * such set is known) */
	sset rq;
} info;

typedef struct parser {
	const char *p;
	size_t i, n;
	int extended;
	int fail;
	int depth;
	wn_literal_pool *pool; /* where temporaries come from and go back to */
} parser;

/* ------------------------------------------------------------------ */
/* temporaries                                                         */

/* The sets are large (8 KB), so temporaries live on the heap, not on the
 * stack, and one size of block holds an info or two sets. Blocks go back
 * to the pool, not to malloc: freed and taken again, pattern after
 * pattern, they made glibc give the top of its heap back to the kernel
 * and take it again, 2,000 brk calls when the default rules compile. */
_Static_assert(sizeof(info) >= 2 * sizeof(sset), "a block holds two sets");

static void *take_block(parser *ps)
{
	wn_vec *free_blocks = &ps->pool->blocks;
	if (!free_blocks->len)
		return malloc(sizeof(info));
	return WN_VEC_AT(*free_blocks, void *, --free_blocks->len);
}

static void give_block(parser *ps, void *block)
{
	if (block && !wn_vec_push(&ps->pool->blocks, sizeof block, &block))
		free(block);
}

void wn_literal_pool_free(wn_literal_pool *pool)
{
	for (size_t k = 0; k < pool->blocks.len; k++)
		free(WN_VEC_AT(pool->blocks, void *, k));
	wn_vec_free(&pool->blocks);
}

/* ------------------------------------------------------------------ */
/* string sets                                                         */

static int set_has(const sset *s, const char *t, size_t n)
{
	for (int k = 0; k < s->n; k++)
		if (s->len[k] == n && memcmp(s->s[k], t, n) == 0)
			return 1;
	return 0;
}

/* Add t (runs of spaces collapsed, cut to MAX_LEN) unless present; -1
 * when cap is reached. Large required sets skip the duplicate check (it
 * would cost n^2; duplicates only take room, and the final set is
 * minimised anyway). */
static int set_add(sset *s, const char *t, size_t n, int cap)
{
	char buf[2 * MAX_LEN];
	size_t k = 0;
	for (size_t i = 0; i < n && k < MAX_LEN; i++)
		if (!(t[i] == ' ' && k > 0 && buf[k - 1] == ' '))
			buf[k++] = t[i];
	t = buf;
	n = k;
	if (cap <= MAX_EXACT && set_has(s, t, n))
		return 0;
	if (s->n >= cap)
		return -1;
	memcpy(s->s[s->n], t, n);
	s->len[s->n++] = (uint8_t)n;
	return 0;
}

/* (the string arrays are left as they are: n says what is valid) */
/* dst = src, copying only what is in use */
static void set_copy(sset *dst, const sset *src)
{
	if (dst == src)
		return;
	dst->n = src->n;
	for (int k = 0; k < src->n; k++) {
		dst->len[k] = src->len[k];
		memcpy(dst->s[k], src->s[k], src->len[k]);
	}
}

static void set_empty_string(info *x)
{
	x->exact = 1;
	x->ex.n = 1;
	x->ex.len[0] = 0;
	x->req = 0;
	x->rq.n = 0;
}

static void set_any_char(info *x)
{
	x->exact = 0;
	x->ex.n = 0;
	x->req = 0;
	x->rq.n = 0;
}

/* What every match must contain, from x: its exact strings (unless one is
 * empty) or its required set. Returns 0 for "nothing known". */
static int to_req(const info *x, sset *out)
{
	if (x->exact) {
		for (int k = 0; k < x->ex.n; k++)
			if (x->ex.len[k] == 0)
				return 0;
		set_copy(out, &x->ex);
		return 1;
	}
	if (x->req) {
		set_copy(out, &x->rq);
		return 1;
	}
	return 0;
}

/* How selective a set is: its weakest string's weight (letters and digits
 * count 1, other bytes 2: "|" is rarer than "a"). */
static int score(const sset *s)
{
	int best = 1 << 30;
	for (int k = 0; k < s->n; k++) {
		int w = 0;
		for (int j = 0; j < s->len[k]; j++) {
			unsigned char c = (unsigned char)s->s[k][j];
			w += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ? 1 : 2;
		}
		if (w < best)
			best = w;
	}
	return s->n ? best : 0;
}

/* a then b: a becomes the concatenation. -1: out of memory. */
static int concat(parser *ps, info *a, const info *b)
{
	sset *t = take_block(ps);
	if (!t)
		return -1;
	if (a->exact && b->exact && a->ex.n * b->ex.n <= MAX_EXACT) {
		sset *out = t;
		out->n = 0;
		int ok = 1;
		for (int i = 0; ok && i < a->ex.n; i++)
			for (int j = 0; ok && j < b->ex.n; j++) {
				size_t n = (size_t)a->ex.len[i] + b->ex.len[j];
				char buf[2 * MAX_LEN];
				if (n > MAX_LEN) {
					ok = 0;
					break;
				}
				memcpy(buf, a->ex.s[i], a->ex.len[i]);
				memcpy(buf + a->ex.len[i], b->ex.s[j], b->ex.len[j]);
				ok = set_add(out, buf, n, MAX_EXACT) == 0;
			}
		if (ok) {
			set_copy(&a->ex, out);
			give_block(ps, t);
			return 0;
		}
	}
	sset *ra = &t[0], *rb = &t[1];
	int ha = to_req(a, ra), hb = to_req(b, rb);
	a->exact = 0;
	a->ex.n = 0;
	if (ha && hb) {
		int sa = score(ra), sb = score(rb);
		set_copy(&a->rq, sa > sb || (sa == sb && ra->n <= rb->n) ? ra : rb);
	} else if (ha || hb) {
		set_copy(&a->rq, ha ? ra : rb);
	}
	a->req = ha || hb;
	give_block(ps, t);
	return 0;
}

/* The strings of x and y, each cut to its first `cut` bytes (a piece of a
 * required string is required too), without duplicates, into out: 1, or
 * 0 when they do not fit a set. */
static int union_cut(const sset *x, const sset *y, size_t cut, sset *out)
{
	enum { SLOTS = 4 * MAX_SET };
	int16_t slot[SLOTS];
	memset(slot, -1, sizeof slot);
	out->n = 0;
	for (int side = 0; side < 2; side++) {
		const sset *s = side ? y : x;
		for (int k = 0; k < s->n; k++) {
			size_t n = s->len[k] < cut ? s->len[k] : cut;
			uint32_t h = 2166136261u ^ (uint32_t)n;
			for (size_t j = 0; j < n; j++)
				h = (h ^ (unsigned char)s->s[k][j]) * 16777619u;
			size_t i = h % SLOTS;
			while (slot[i] >= 0 && !(out->len[slot[i]] == n &&
			                         memcmp(out->s[slot[i]], s->s[k], n) == 0))
				i = (i + 1) % SLOTS;
			if (slot[i] >= 0)
				continue;
			if (out->n >= MAX_SET)
				return 0;
			slot[i] = (int16_t)out->n;
			memcpy(out->s[out->n], s->s[k], n);
			out->len[out->n++] = (uint8_t)n;
		}
	}
	return 1;
}

/* a or b: a becomes the alternation. -1: out of memory. */
static int alternate(parser *ps, info *a, const info *b)
{
	sset *t = take_block(ps);
	if (!t)
		return -1;
	sset *ra = &t[0], *rb = &t[1];
	int ha = to_req(a, ra), hb = to_req(b, rb);
	int exact = a->exact && b->exact;
	if (exact)
		for (int k = 0; exact && k < b->ex.n; k++)
			exact = set_add(&a->ex, b->ex.s[k], b->ex.len[k], MAX_EXACT) == 0;
	a->exact = exact;
	if (!exact)
		a->ex.n = 0;
	a->req = 0;
	if (ha && hb) {
		set_copy(&a->rq, ra);
		int ok = 1;
		for (int k = 0; ok && k < rb->n; k++)
			ok = set_add(&a->rq, rb->s[k], rb->len[k], MAX_SET) == 0;
		/* too many strings (a long list of words, say): their first bytes,
		 * as many as still fit, before giving up */
		static const size_t cuts[] = { 12, 8, 6, 5, 4, 3 };
		for (size_t c = 0; !ok && c < sizeof cuts / sizeof *cuts; c++)
			ok = union_cut(ra, rb, cuts[c], &a->rq);
		a->req = ok;
	}
	give_block(ps, t);
	return 0;
}

/* ------------------------------------------------------------------ */
/* parsing                                                             */

static int at_end(const parser *ps)
{
	return ps->i >= ps->n;
}

static char peek(const parser *ps)
{
	return ps->i < ps->n ? ps->p[ps->i] : '\0';
}

/* Comments, a stray \E, an empty \Q\E and, under (?x), white space and
 * #-comments are not items: in /xy(?#c)?/ the ? makes y optional. */
static void skip_ignored(parser *ps)
{
	while (ps->i < ps->n) {
		char c = ps->p[ps->i];
		if (c == '(' && ps->i + 2 < ps->n && ps->p[ps->i + 1] == '?' && ps->p[ps->i + 2] == '#') {
			const char *close = memchr(ps->p + ps->i, ')', ps->n - ps->i);
			if (!close) {
				ps->fail = 1;
				return;
			}
			ps->i = (size_t)(close - ps->p) + 1;
		} else if (c == '\\' && ps->i + 1 < ps->n && ps->p[ps->i + 1] == 'E') {
			ps->i += 2;
		} else if (c == '\\' && ps->i + 3 < ps->n && ps->p[ps->i + 1] == 'Q' &&
		           ps->p[ps->i + 2] == '\\' && ps->p[ps->i + 3] == 'E') {
			ps->i += 4;
		} else if (!ps->extended) {
			break;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			ps->i++;
		} else if (c == '#') {
			while (ps->i < ps->n && ps->p[ps->i] != '\n')
				ps->i++;
		} else {
			break;
		}
	}
}

/* Bytes of a literal code point, at most: a letter outside ASCII may fold
 * to a few ("ǰ" is "ǰ", three). */
#define CP_BYTES 16

/* A letter with case outside ASCII as a view holds it (see the top): the
 * view of the letter alone. 0 when that is empty or long, or memory ran
 * out: then it is "any character", which is always safe. */
static size_t folded_letter(int32_t cp, char *buf)
{
	char utf8[4];
	size_t n = (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)utf8);
	wn_normalizer nz = { 0 };
	wn_vec view = { 0 }, map = { 0 };
	int aligned;
	wn_norm_counts counts = { 0 };
	size_t len = 0;
	if (n && wn_normalize(&nz, utf8, n, &view, &map, &aligned, &counts) == 0 &&
	    view.len <= CP_BYTES) {
		memcpy(buf, view.data, view.len);
		len = view.len;
	}
	wn_vec_free(&view);
	wn_vec_free(&map);
	wn_normalizer_free(&nz);
	return len;
}

/* The bytes a code point is as a literal: lower case, spaces as a space;
 * 0 when it can only be "any character" (a line end). */
static size_t literal_bytes(int32_t cp, char *buf)
{
	if (cp == '\n' || cp == '\r' || cp < 0)
		return 0;
	if (cp == '\t' || cp == '\v' || cp == '\f')
		cp = ' ';
	if (cp < 0x80) {
		buf[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
		return 1;
	}
	if (utf8proc_tolower(cp) != cp || utf8proc_toupper(cp) != cp)
		return folded_letter(cp, buf);
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf);
}

static void literal_cp(int32_t cp, info *x)
{
	char buf[CP_BYTES];
	size_t n = literal_bytes(cp, buf);
	set_any_char(x);
	if (n) {
		x->exact = 1;
		set_add(&x->ex, buf, n, MAX_EXACT);
	}
}

/* The code point at the parser (UTF-8), advancing. */
static int32_t next_cp(parser *ps)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)ps->p + ps->i,
	                                      (utf8proc_ssize_t)(ps->n - ps->i), &cp);
	if (k <= 0) {
		ps->fail = 1;
		ps->i++;
		return -1;
	}
	ps->i += (size_t)k;
	return cp;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* \x.. after the x: a code point, or -1 (and fail). */
static int32_t hex_escape(parser *ps)
{
	int32_t v = 0;
	if (peek(ps) == '{') {
		ps->i++;
		int digits = 0;
		while (!at_end(ps) && peek(ps) != '}') {
			int h = hexval(peek(ps));
			if (h < 0 || ++digits > 6) {
				ps->fail = 1;
				return -1;
			}
			v = v * 16 + h;
			ps->i++;
		}
		if (at_end(ps)) {
			ps->fail = 1;
			return -1;
		}
		ps->i++;
		return v;
	}
	for (int d = 0; d < 2 && hexval(peek(ps)) >= 0; d++)
		v = v * 16 + hexval(ps->p[ps->i++]);
	return v;
}

enum { ESC_CHAR, ESC_CLASS, ESC_EMPTY, ESC_ANY, ESC_QUOTE };

/* The escape after a backslash (the parser is past the backslash), inside
 * a character class or not. */
static int escape(parser *ps, int32_t *cp, int in_class)
{
	if (at_end(ps)) {
		ps->fail = 1;
		return ESC_ANY;
	}
	char c = ps->p[ps->i];
	if ((unsigned char)c >= 0x80) {
		*cp = next_cp(ps);
		return ESC_CHAR;
	}
	ps->i++;
	switch (c) {
	case 's': case 'h':
		*cp = ' '; /* the only space a view has */
		return ESC_CHAR;
	case 'd': case 'D': case 'w': case 'W': case 'S': case 'H':
	case 'v': case 'V': case 'R': case 'X': case 'C':
		return ESC_CLASS;
	case 'N':
		/* \N{U+FC} is a code point; \N alone (even \N{2}) any character */
		if (ps->i + 2 < ps->n && ps->p[ps->i] == '{' && ps->p[ps->i + 1] == 'U' &&
		    ps->p[ps->i + 2] == '+') {
			ps->i += 3;
			int32_t v = 0;
			while (!at_end(ps) && hexval(peek(ps)) >= 0 && v < 0x110000)
				v = v * 16 + hexval(ps->p[ps->i++]);
			if (at_end(ps) || peek(ps) != '}') {
				ps->fail = 1;
				return ESC_ANY;
			}
			ps->i++;
			*cp = v;
			return ESC_CHAR;
		}
		return ESC_CLASS;
	case 'p': case 'P':
		if (peek(ps) == '{') {
			while (!at_end(ps) && peek(ps) != '}')
				ps->i++;
			if (at_end(ps))
				ps->fail = 1;
			else
				ps->i++;
		} else if (!at_end(ps)) {
			ps->i++;
		}
		return ESC_CLASS;
	case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
		return ESC_EMPTY;
	case 'Q':
		return ESC_QUOTE;
	case 'E':
		return ESC_EMPTY;
	case 'x':
		*cp = hex_escape(ps);
		return ESC_CHAR;
	case 'n': *cp = '\n'; return ESC_CHAR;
	case 't': *cp = '\t'; return ESC_CHAR;
	case 'r': *cp = '\r'; return ESC_CHAR;
	case 'f': *cp = '\f'; return ESC_CHAR;
	case 'e': *cp = 27; return ESC_CHAR;
	case 'a': *cp = 7; return ESC_CHAR;
	case 'g': case 'k':
		/* in a class, PCRE2 reads \g as the letter g, and \k is an error
		 * (so "[\g{]" is a class of two characters, which a reading of a
		 * reference would have run on past its "]") */
		if (in_class) {
			*cp = c;
			ps->fail = c == 'k';
			return ESC_CHAR;
		}
		/* a back reference: its text is unknown */
		if (peek(ps) == '{' || peek(ps) == '<' || peek(ps) == '\'') {
			char close = peek(ps) == '{' ? '}' : peek(ps) == '<' ? '>' : '\'';
			while (!at_end(ps) && peek(ps) != close)
				ps->i++;
			if (!at_end(ps))
				ps->i++;
		} else {
			while (!at_end(ps) && (peek(ps) == '-' || (peek(ps) >= '0' && peek(ps) <= '9')))
				ps->i++;
		}
		return ESC_ANY;
	default:
		if (c >= '0' && c <= '9') {
			while (!at_end(ps) && peek(ps) >= '0' && peek(ps) <= '9')
				ps->i++;
			return ESC_ANY; /* back reference or octal: unknown */
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			ps->fail = 1; /* an escape this reading does not know */
			return ESC_ANY;
		}
		*cp = (unsigned char)c;
		return ESC_CHAR;
	}
}

/* Inside a class, where "[:" starts a POSIX class, the offset just past its
 * ":]"; else 0, and the '[' is an ordinary character. PCRE2's own test
 * (check_posix_syntax): a ":]" before any ']' or "[:", where "\\]" and
 * "\\\\" are skipped. "[][:^b]" is one class of five characters, not a
 * POSIX class. */
static size_t posix_class_end(const parser *ps)
{
	if (peek(ps) != '[' || ps->i + 1 >= ps->n || ps->p[ps->i + 1] != ':')
		return 0;
	for (size_t j = ps->i + 2; j < ps->n; j++) {
		char c = ps->p[j], next = j + 1 < ps->n ? ps->p[j + 1] : 0;
		if (c == '\\' && (next == ']' || next == '\\'))
			j++;
		else if ((c == '[' && next == ':') || c == ']')
			return 0;
		else if (c == ':' && next == ']')
			return j + 2;
	}
	return 0;
}

/* Does the pattern continue with the text t (of n bytes)? */
static int ahead(const parser *ps, const char *t, size_t n)
{
	return ps->n - ps->i >= n && memcmp(ps->p + ps->i, t, n) == 0;
}

/* Inside a class, after \Q: the quoted characters (']' and '\' among
 * them) up to and past \E, or to the end. */
static void skip_quoted(parser *ps)
{
	while (!at_end(ps) && !ahead(ps, "\\E", 2))
		ps->i++;
	if (!at_end(ps))
		ps->i += 2;
}

/* [...] after the '[': a few characters, or any. As PCRE2 reads a class:
 * before its first character, \E and \Q\E are nothing (and a ']' after
 * them is still a character); inside, \Q...\E quotes ']' too. */
static void char_class(parser *ps, info *x)
{
	int negated = 0, many = 0, first = 1;
	sset *chars = take_block(ps);
	if (!chars) {
		ps->fail = 1;
		return;
	}
	chars->n = 0;
	for (;;) {
		if (ahead(ps, "\\E", 2))
			ps->i += 2;
		else if (ahead(ps, "\\Q\\E", 4))
			ps->i += 4;
		else if (!negated && peek(ps) == '^')
			negated = 1, ps->i++;
		else
			break;
	}
	while (!ps->fail && !at_end(ps) && (peek(ps) != ']' || first)) {
		first = 0;
		int32_t lo;
		size_t posix_end = posix_class_end(ps);
		if (posix_end) { /* [:alpha:], [:^digit:] */
			ps->i = posix_end;
			many = 1;
			continue;
		}
		if (peek(ps) == '\\') {
			ps->i++;
			int kind = escape(ps, &lo, 1);
			if (kind == ESC_QUOTE)
				skip_quoted(ps);
			if (kind != ESC_CHAR) {
				many = 1;
				continue;
			}
		} else {
			lo = next_cp(ps);
		}
		int32_t hi = lo;
		if (peek(ps) == '-' && ps->i + 1 < ps->n && ps->p[ps->i + 1] != ']') {
			ps->i++;
			if (peek(ps) == '\\') {
				ps->i++;
				int kind = escape(ps, &hi, 1);
				if (kind == ESC_QUOTE)
					skip_quoted(ps);
				if (kind != ESC_CHAR) {
					many = 1;
					continue;
				}
			} else {
				hi = next_cp(ps);
			}
		}
		if (hi < lo || hi - lo > 8) {
			many = 1;
			continue;
		}
		for (int32_t cp = lo; cp <= hi && !many; cp++) {
			char buf[CP_BYTES];
			size_t k = literal_bytes(cp, buf);
			if (!k || set_add(chars, buf, k, 8))
				many = 1;
		}
	}
	set_any_char(x);
	if (ps->fail || at_end(ps)) {
		ps->fail = 1;
	} else {
		ps->i++; /* ] */
		if (!negated && !many && chars->n) {
			x->exact = 1;
			set_copy(&x->ex, chars);
		}
	}
	give_block(ps, chars);
}

static void parse_alt(parser *ps, info *out);

/* (...) after the '('. */
static void group(parser *ps, info *x)
{
	if (++ps->depth > 64) {
		ps->fail = 1;
		return;
	}
	int saved_x = ps->extended, empty = 0;
	if (peek(ps) == '*') {
		ps->fail = 1; /* (*VERB) */
		return;
	}
	if (peek(ps) == '?') {
		ps->i++;
		char c = peek(ps);
		if (c == ':' || c == '>' || c == '|') {
			ps->i++;
		} else if (c == '=' || c == '!') {
			ps->i++;
			empty = 1;
		} else if (c == '<' && ps->i + 1 < ps->n && (ps->p[ps->i + 1] == '=' || ps->p[ps->i + 1] == '!')) {
			ps->i += 2;
			empty = 1;
		} else if (c == '<' || c == '\'' || (c == 'P' && ps->i + 1 < ps->n && ps->p[ps->i + 1] == '<')) {
			char close = c == '\'' ? '\'' : '>';
			while (!at_end(ps) && peek(ps) != close)
				ps->i++;
			if (at_end(ps)) {
				ps->fail = 1;
				return;
			}
			ps->i++;
		} else {
			/* flags: (?x) (?-i) (?s:...) */
			int on = 1, x_flag = ps->extended;
			while (!at_end(ps) && peek(ps) != ')' && peek(ps) != ':') {
				char f = ps->p[ps->i++];
				if (f == '-')
					on = 0;
				else if (f == 'x')
					x_flag = on;
				else if (!strchr("imnsJUx^", f)) {
					ps->fail = 1; /* (?R), (?1), (?&name), (?(cond)...) */
					return;
				}
			}
			if (at_end(ps)) {
				ps->fail = 1;
				return;
			}
			if (ps->p[ps->i++] == ')') {
				/* applies to the rest of the enclosing group */
				ps->extended = x_flag;
				set_empty_string(x);
				ps->depth--;
				return;
			}
			ps->extended = x_flag;
		}
	}
	parse_alt(ps, x);
	ps->extended = saved_x;
	if (peek(ps) != ')') {
		ps->fail = 1;
		return;
	}
	ps->i++;
	ps->depth--;
	if (empty)
		set_empty_string(x);
}

static void atom(parser *ps, info *x)
{
	char c = ps->p[ps->i];
	if (c == '(') {
		ps->i++;
		group(ps, x);
	} else if (c == '[') {
		ps->i++;
		char_class(ps, x);
	} else if (c == '.') {
		ps->i++;
		set_any_char(x);
	} else if (c == '^' || c == '$') {
		ps->i++;
		set_empty_string(x);
	} else if (c == '\\') {
		ps->i++;
		int32_t cp = 0;
		int kind = escape(ps, &cp, 0);
		if (kind == ESC_CHAR) {
			literal_cp(cp, x);
		} else if (kind == ESC_EMPTY) {
			set_empty_string(x);
		} else if (kind == ESC_QUOTE) {
			set_empty_string(x);
			info *one = take_block(ps);
			while (one && !at_end(ps) &&
			       !(peek(ps) == '\\' && ps->i + 1 < ps->n && ps->p[ps->i + 1] == 'E')) {
				literal_cp(next_cp(ps), one);
				if (concat(ps, x, one))
					ps->fail = 1;
			}
			if (!one)
				ps->fail = 1;
			give_block(ps, one);
			if (!at_end(ps))
				ps->i += 2;
		} else {
			set_any_char(x);
			x->exact = 0;
		}
	} else {
		literal_cp(next_cp(ps), x);
	}
}

/* {n}, {n,}, {n,m}: *lo, and 1 when it is a quantifier. */
static int brace_quantifier(parser *ps, long *lo)
{
	size_t i = ps->i + 1;
	long a = -1;
	/* PCRE2 refuses counts above 65535; saturating keeps the arithmetic
	 * defined for the long digit runs it would reject anyway. */
	while (i < ps->n && ps->p[i] >= '0' && ps->p[i] <= '9') {
		a = (a < 0 ? 0 : a * 10) + (ps->p[i++] - '0');
		if (a > 100000)
			a = 100000;
	}
	if (i < ps->n && ps->p[i] == ',') {
		i++;
		while (i < ps->n && ps->p[i] >= '0' && ps->p[i] <= '9')
			i++;
	}
	if (i >= ps->n || ps->p[i] != '}' || (a < 0 && ps->p[i - 1] != ','))
		return 0;
	*lo = a < 0 ? 0 : a;
	ps->i = i + 1;
	return 1;
}

static void repeat(parser *ps, info *x)
{
	set_any_char(x);
	atom(ps, x);
	while (!ps->fail) {
		skip_ignored(ps);
		char c = peek(ps);
		long lo;
		if (c == '?') {
			ps->i++;
			lo = 0;
			if (x->exact && set_add(&x->ex, "", 0, MAX_EXACT) == 0) {
				x->req = 0;
				goto lazy;
			}
		} else if (c == '*') {
			ps->i++;
			lo = 0;
		} else if (c == '+') {
			ps->i++;
			lo = 1;
		} else if (c == '{' && brace_quantifier(ps, &lo)) {
			/* lo as parsed */
		} else {
			return;
		}
		if (x->exact && x->ex.n == 1 && x->ex.len[0] == 1 && x->ex.s[0][0] == ' ') {
			/* \s+ reads as one space in the scan; \s* as none or one */
			if (lo == 0)
				set_add(&x->ex, "", 0, MAX_EXACT);
		} else if (lo == 0) {
			set_any_char(x);
		} else {
			/* at least once: what it requires stays required */
			if (to_req(x, &x->rq)) {
				x->exact = 0;
				x->ex.n = 0;
				x->req = 1;
			} else {
				set_any_char(x);
			}
		}
lazy:
		if (peek(ps) == '?' || peek(ps) == '+')
			ps->i++;
	}
}

/* A sequence. Exact pieces are joined into runs before they meet the
 * rest, so that in /x{2}yz/ the literal "yz" survives the inexact x{2}. */
static void parse_concat(parser *ps, info *out)
{
	info *a = take_block(ps), *run = take_block(ps);
	if (!a || !run) {
		ps->fail = 1;
		give_block(ps, a);
		give_block(ps, run);
		return;
	}
	set_empty_string(out);
	set_empty_string(run);
	for (;;) {
		skip_ignored(ps);
		if (at_end(ps) || ps->fail || peek(ps) == '|' || peek(ps) == ')')
			break;
		repeat(ps, a);
		if (ps->fail)
			break;
		if (a->exact && run->ex.n * a->ex.n <= MAX_EXACT) {
			if (concat(ps, run, a))
				ps->fail = 1;
			if (run->exact)
				continue;
			/* the run outgrew its strings: it is a requirement now */
			if (concat(ps, out, run))
				ps->fail = 1;
			set_empty_string(run);
			continue;
		}
		if (concat(ps, out, run) || concat(ps, out, a))
			ps->fail = 1;
		set_empty_string(run);
	}
	if (!ps->fail && concat(ps, out, run))
		ps->fail = 1;
	give_block(ps, a);
	give_block(ps, run);
}

static void parse_alt(parser *ps, info *out)
{
	parse_concat(ps, out);
	while (!ps->fail && peek(ps) == '|') {
		ps->i++;
		info *b = take_block(ps);
		if (!b) {
			ps->fail = 1;
			return;
		}
		parse_concat(ps, b);
		if (!ps->fail && alternate(ps, out, b))
			ps->fail = 1;
		give_block(ps, b);
	}
}

static int contains(const char *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0)
		return 1;
	for (size_t i = 0; i + m <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
			return 1;
	return 0;
}

/* The literals of the pattern ps reads, analysed into top. */
static int learn(parser *ps, info *top, wn_literals *out)
{
	parse_alt(ps, top);
	sset *rp = &top->rq; /* to_req may copy onto itself: it copies n entries */
	if (ps->fail || !at_end(ps) || !to_req(top, rp) || score(rp) < 2)
		return -1;
	/* a string that contains another of the set adds nothing */
	uint8_t redundant[MAX_SET] = { 0 };
	for (int k = 0; k < rp->n; k++)
		for (int j = 0; j < rp->n && !redundant[k]; j++)
			redundant[k] = j != k &&
			               ((rp->len[j] < rp->len[k] &&
			                 contains(rp->s[k], rp->len[k], rp->s[j], rp->len[j])) ||
			                (j < k && rp->len[j] == rp->len[k] &&
			                 memcmp(rp->s[j], rp->s[k], rp->len[k]) == 0));
	int kept = 0;
	for (int k = 0; k < rp->n; k++)
		if (!redundant[k]) {
			memmove(rp->s[kept], rp->s[k], rp->len[k]);
			rp->len[kept++] = rp->len[k];
		}
	rp->n = kept;
	int rc = 0;
	out->s = calloc((size_t)rp->n, sizeof *out->s);
	out->len = calloc((size_t)rp->n, sizeof *out->len);
	for (int k = 0; out->s && out->len && k < rp->n; k++) {
		out->s[k] = malloc(rp->len[k] + 1u);
		if (!out->s[k])
			break;
		memcpy(out->s[k], rp->s[k], rp->len[k]);
		out->s[k][rp->len[k]] = '\0';
		out->len[k] = rp->len[k];
		out->n = (size_t)k + 1;
	}
	if (out->n != (size_t)rp->n) {
		wn_literals_free(out);
		rc = -1;
	}
	return rc;
}

int wn_required_literals(const char *re, size_t len, wn_literals *out, wn_literal_pool *pool)
{
	memset(out, 0, sizeof *out);
	wn_literal_pool own = { 0 };
	parser ps = { .p = re, .n = len, .pool = pool ? pool : &own };
	info *top = take_block(&ps);
	int rc = top ? learn(&ps, top, out) : -1;
	give_block(&ps, top);
	wn_literal_pool_free(&own);
	return rc;
}

void wn_literals_free(wn_literals *l)
{
	for (size_t k = 0; l->s && k < l->n; k++)
		free(l->s[k]);
	free(l->s);
	free(l->len);
	memset(l, 0, sizeof *l);
}

/* ------------------------------------------------------------------ */
/* the automaton                                                       */

typedef struct lit {
	char *s;
	size_t len;
	uint32_t id;
} lit;

#define NONE UINT32_MAX
#define HAS_OUT 0x80000000u
/* up to this many states, a transition is 16 bits: the table of the
 * default rules (14,000 states) then fits a core's L2 cache */
#define NARROW_STATES 0x8000u
#define HAS_OUT16 0x8000u

int wn_prefilter_add(wn_prefilter *pf, uint32_t id, const wn_literals *l)
{
	for (size_t k = 0; k < l->n; k++) {
		lit one = { malloc(l->len[k] + 1), l->len[k], id };
		if (!one.s)
			return -1;
		memcpy(one.s, l->s[k], l->len[k]);
		if (!wn_vec_push(&pf->lits, sizeof one, &one)) {
			free(one.s);
			return -1;
		}
	}
	if (id + 1 > pf->npatterns)
		pf->npatterns = id + 1;
	return 0;
}

/* What only the build needs: the literals, and the analysis' blocks. */
static void free_lits(wn_prefilter *pf)
{
	for (size_t k = 0; k < pf->lits.len; k++)
		free(WN_VEC_AT(pf->lits, lit, k).s);
	wn_vec_free(&pf->lits);
	wn_literal_pool_free(&pf->pool);
}

/*
 * The build's working tables (megabytes: a full row per trie node) are
 * mapped and unmapped directly, not taken from malloc: glibc raises its
 * mmap threshold to the size of a large block freed, after which every
 * buffer up to that size (a document's lines, features and views) comes
 * from the heap and stays resident; 1.5 MB more for the life of the
 * process, measured. Zero-filled, as calloc would give them.
 */
static void *map_temporary(size_t bytes)
{
	void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	               -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void unmap_temporary(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes ? bytes : 1);
}

int wn_prefilter_build(wn_prefilter *pf)
{
	size_t nlits = pf->lits.len;
	const lit *lits = pf->lits.data;
	memset(pf->cls, 0, sizeof pf->cls);
	pf->nclass = 1;
	/* A byte is a class of its own, but for UTF-8 continuation bytes,
	 * which share a class with the seven nearest: each letter outside
	 * ASCII would otherwise widen the table by a column (the scan may
	 * then report "über" in "äber", never miss it). */
	uint8_t class_of[256] = { 0 };
	for (size_t k = 0; k < nlits; k++)
		for (size_t j = 0; j < lits[k].len; j++) {
			unsigned char c = (unsigned char)lits[k].s[j];
			unsigned key = c >= 0x80 && c < 0xC0 ? 0x80 | ((c - 0x80) >> 3) : c;
			if (!class_of[key])
				class_of[key] = (uint8_t)pf->nclass++; /* past 255: refused below */
			pf->cls[c] = class_of[key];
		}
	if (pf->nclass > 255) {
		free_lits(pf);
		return -1;
	}
	for (int c = 'A'; c <= 'Z'; c++)
		pf->cls[c] = pf->cls[c - 'A' + 'a'];
	size_t total = 1;
	for (size_t k = 0; k < nlits; k++)
		total += lits[k].len;
	uint32_t nc = pf->nclass;
	pf->words = (pf->npatterns + 63) / 64;
	if (pf->words == 0)
		pf->words = 1;
	size_t delta_bytes = total * nc * sizeof(uint32_t), sets_bytes = total * pf->words * sizeof(uint64_t);
	uint32_t *delta = map_temporary(delta_bytes);
	uint64_t *sets = map_temporary(sets_bytes);
	uint32_t *fail = calloc(total, sizeof *fail);
	uint32_t *queue = malloc(total * sizeof *queue);
	uint8_t *after_space = calloc(total, 1);
	if (!delta || !sets || !fail || !queue || !after_space) {
		unmap_temporary(delta, delta_bytes);
		unmap_temporary(sets, sets_bytes);
		free(fail);
		free(queue);
		free(after_space);
		free_lits(pf);
		return -1;
	}
	uint32_t space = pf->cls[' ']; /* 0: no literal holds a space */
	/* a row is filled when its state is made: the rows of states that
	 * shared prefixes save are never touched (pages the kernel need not
	 * hand out: each costs at start-up) */
	for (size_t c = 0; c < nc; c++)
		delta[c] = NONE;
	uint32_t nstates = 1;
	for (size_t k = 0; k < nlits; k++) {
		uint32_t s = 0;
		for (size_t j = 0; j < lits[k].len; j++) {
			uint32_t c = pf->cls[(unsigned char)lits[k].s[j]];
			if (delta[s * nc + c] == NONE) {
				after_space[nstates] = space && c == space;
				for (size_t d = 0; d < nc; d++)
					delta[(size_t)nstates * nc + d] = NONE;
				delta[s * nc + c] = nstates++;
			}
			s = delta[s * nc + c];
		}
		sets[(size_t)s * pf->words + lits[k].id / 64] |= (uint64_t)1 << (lits[k].id % 64);
	}
	/* breadth first: failure links, outputs merged along them, and the
	 * missing transitions filled in (a full automaton) */
	size_t head = 0, tail = 0;
	for (uint32_t c = 0; c < nc; c++) {
		uint32_t t = delta[c];
		if (t == NONE) {
			delta[c] = 0;
		} else {
			fail[t] = 0;
			queue[tail++] = t;
		}
	}
	while (head < tail) {
		uint32_t s = queue[head++];
		for (uint32_t c = 0; c < nc; c++) {
			uint32_t t = delta[s * nc + c];
			uint32_t via = delta[fail[s] * nc + c];
			if (t == NONE) {
				delta[s * nc + c] = via;
				continue;
			}
			fail[t] = via;
			for (uint32_t w = 0; w < pf->words; w++)
				sets[(size_t)t * pf->words + w] |= sets[(size_t)via * pf->words + w];
			queue[tail++] = t;
		}
	}
	/* A run of spaces reads as one: a state entered by a space stays
	 * where it is on the next one. (Any state the scan is in after a
	 * space is such a state, or the start when no literal begins with a
	 * space, where a space leads back to the start anyway.) */
	for (uint32_t s = 1; space && s < nstates; s++)
		if (after_space[s])
			delta[s * nc + space] = s;
	free(after_space);
	/* the rows past the last state were never needed: give them back
	 * before the final table is made */
	size_t page = (size_t)sysconf(_SC_PAGESIZE), used = (size_t)nstates * nc * sizeof *delta;
	used = (used + page - 1) / page * page;
	if (used < delta_bytes) {
		munmap((char *)delta + used, delta_bytes - used);
		delta_bytes = used;
	}
	/* renumber the states breadth first: the shallow states, where a scan
	 * spends most of its steps, share the first rows of the table */
	uint32_t *order = fail; /* the failure links are no longer needed */
	order[0] = 0;
	for (size_t k = 0; k < tail; k++)
		order[queue[k]] = (uint32_t)k + 1;
	/* outputs: each state with patterns keeps its set */
	pf->out = malloc(nstates * sizeof *pf->out);
	uint64_t *packed = calloc((size_t)nstates * pf->words + 1, sizeof *packed);
	size_t cells = (size_t)nstates * nc;
	int narrow = nstates <= NARROW_STATES;
	void *table = malloc(cells * (narrow ? sizeof(uint16_t) : sizeof(uint32_t)));
	if (!pf->out || !packed || !table) {
		free(table);
		free(packed);
		unmap_temporary(delta, delta_bytes);
		unmap_temporary(sets, sets_bytes);
		free(fail);
		free(queue);
		free_lits(pf);
		return -1;
	}
	uint32_t nsets = 0;
	for (uint32_t k = 0; k < nstates; k++) {
		uint32_t s = k == 0 ? 0 : queue[k - 1]; /* the old number of new state k */
		int any = 0;
		for (uint32_t w = 0; w < pf->words; w++)
			any |= sets[(size_t)s * pf->words + w] != 0;
		if (any) {
			memcpy(&packed[(size_t)nsets * pf->words], &sets[(size_t)s * pf->words],
			       pf->words * sizeof *sets);
			pf->out[k] = (int32_t)(nsets++ * pf->words);
		} else {
			pf->out[k] = -1;
		}
	}
	/* transitions into a state with patterns carry HAS_OUT, but not one
	 * back into the same state (its patterns are in that row already:
	 * only a newline, to the start, ends a row); a narrow table holds
	 * state numbers, a wide one row offsets */
	for (uint32_t k = 0; k < nstates; k++) {
		uint32_t s = k == 0 ? 0 : queue[k - 1];
		for (uint32_t c = 0; c < nc; c++) {
			uint32_t t = order[delta[(size_t)s * nc + c]];
			int has_out = pf->out[t] >= 0 && t != k;
			if (narrow)
				((uint16_t *)table)[(size_t)c * nstates + k] =
					(uint16_t)(t | (has_out ? HAS_OUT16 : 0));
			else
				((uint32_t *)table)[(size_t)k * nc + c] = t * nc | (has_out ? HAS_OUT : 0);
		}
	}
	if (narrow) {
		pf->delta16 = table;
		for (int b = 0; b < 256; b++)
			pf->column[b] = pf->cls[b] * nstates;
	} else {
		pf->delta = table;
	}
	pf->sets = packed;
	pf->nstates = nstates;
	unmap_temporary(delta, delta_bytes);
	unmap_temporary(sets, sets_bytes);
	free(fail);
	free(queue);
	free_lits(pf);
	return 0;
}

void wn_prefilter_free(wn_prefilter *pf)
{
	free(pf->delta);
	free(pf->delta16);
	free(pf->out);
	free(pf->sets);
	free_lits(pf);
	memset(pf, 0, sizeof *pf);
}

static void add_set(uint64_t *bits, const uint64_t *set, uint32_t words)
{
	for (uint32_t w = 0; w < words; w++)
		bits[w] |= set[w];
}

void wn_prefilter_scan(const wn_prefilter *pf, const char *s, size_t n, uint64_t *bits)
{
	const uint8_t *cls = pf->cls;
	const unsigned char *u = (const unsigned char *)s;
	uint32_t state = 0, nc = pf->nclass, words = pf->words;
	if (pf->delta16) {
		const uint16_t *delta = pf->delta16;
		const uint32_t *column = pf->column;
		for (size_t i = 0; i < n; i++) {
			uint32_t e = delta[column[u[i]] + state];
			state = e & ~HAS_OUT16;
			if (e & HAS_OUT16)
				add_set(bits, pf->sets + pf->out[state], words);
		}
	} else {
		const uint32_t *delta = pf->delta;
		for (size_t i = 0; i < n; i++) {
			uint32_t e = delta[state + cls[u[i]]];
			state = e & ~HAS_OUT;
			if (e & HAS_OUT)
				add_set(bits, pf->sets + pf->out[state / nc], words);
		}
	}
}

/* The views of rows [first, last), scanned as one text by one lane of
 * wn_prefilter_scan_rows(): a newline between two rows takes the
 * automaton back to its start, so no literal spans two rows. */
typedef struct lane {
	const unsigned char *p, *end;
	size_t row;
} lane;

/* A literal found: where it ended, the state it left the lane in. The
 * scan only notes hits (a call in the loop would push the lanes' states
 * out of the registers); they are turned into rows after each stretch. */
typedef struct hit {
	uint32_t at;
	uint16_t state;
	uint16_t lane;
} hit;

#define LANES 4
#define STRETCH 512 /* bytes per lane between two flushes of the hits */

/*
 * Between two documents the rest of the engine (word lists, patterns,
 * features) pushes the automaton out of the caches, and a scan then waits
 * on one miss after another, each lane on its own: cold, the scan took
 * twice the time of the same scan repeated. The first states of every
 * class's column (numbered breadth first: the shallow states, where nine
 * steps in ten are) are fetched ahead, all at once, up to 32 bytes of
 * table per byte of text, so that a short text does not pay for more than
 * it reads.
 */
#define PREFETCH_MAX (320 * 1024)
#define PREFETCH_PER_BYTE 32

static void prefetch_shallow_states(const wn_prefilter *pf, size_t text_bytes)
{
	size_t bytes = (size_t)pf->nstates * pf->nclass * sizeof *pf->delta16;
	if (bytes > PREFETCH_MAX)
		bytes = PREFETCH_MAX;
	if (text_bytes < bytes / PREFETCH_PER_BYTE)
		bytes = text_bytes * PREFETCH_PER_BYTE;
	size_t per_column = bytes / pf->nclass;
	for (size_t c = 0; c < pf->nclass; c++) {
		const char *col = (const char *)(pf->delta16 + c * pf->nstates);
		for (size_t off = 0; off < per_column; off += 64)
			__builtin_prefetch(col + off);
	}
}

/* OR each hit's patterns into the bits of the row holding it (a lane's
 * rows only move forwards). */
static void flush_hits(const wn_prefilter *pf, lane *ln, const uint32_t *end, const hit *hits,
                       size_t n, uint64_t *bits)
{
	for (size_t k = 0; k < n; k++) {
		lane *l = &ln[hits[k].lane];
		while (hits[k].at >= end[l->row])
			l->row++;
		add_set(bits + l->row * pf->words, pf->sets + pf->out[hits[k].state], pf->words);
	}
}

/* One byte of a lane, at b[i]. */
#define LANE_STEP(b, i, state, lane_no)                                          \
	do {                                                                     \
		uint32_t e = delta[column[b[i]] + state];                        \
		state = e & ~HAS_OUT16;                                          \
		if (e & HAS_OUT16)                                               \
			hits[nhits++] = (hit){ (uint32_t)(b + i - u), (uint16_t)state, \
			                       lane_no };                        \
	} while (0)

void wn_prefilter_scan_rows(const wn_prefilter *pf, const char *base, const uint32_t *start,
                            const uint32_t *end, size_t nrows, uint64_t *bits)
{
	const unsigned char *u = (const unsigned char *)base;
	/* one text: rows back to back, a newline (in no literal) between two */
	int joined = pf->delta16 && pf->cls['\n'] == 0 && pf->out[0] < 0;
	for (size_t k = 0; joined && k + 1 < nrows; k++)
		joined = start[k + 1] == end[k] + 1 && u[end[k]] == '\n';
	if (!joined || nrows < LANES) {
		for (size_t k = 0; k < nrows; k++)
			wn_prefilter_scan(pf, base + start[k], end[k] - start[k], bits + k * pf->words);
		return;
	}
	/* LANES lanes of about equal bytes, scanned in step: each byte waits
	 * for the table look-up of the byte before it, and the lanes fill
	 * those waits */
	lane ln[LANES];
	size_t total = end[nrows - 1] - start[0], row = 0;
	for (int k = 0; k < LANES; k++) {
		size_t goal = start[0] + total * (size_t)(k + 1) / LANES, first = row;
		while (row < nrows && (k == LANES - 1 || end[row] < goal))
			row++;
		if (row > first)
			ln[k] = (lane){ u + start[first], u + end[row - 1], first };
		else
			ln[k] = (lane){ u, u, first }; /* nothing left for it */
	}
	const uint16_t *delta = pf->delta16;
	const uint32_t *column = pf->column;
	prefetch_shallow_states(pf, total);
	hit hits[LANES * STRETCH];
	uint32_t st[LANES] = { 0 };
	/* the lanes in step, a stretch at a time, while all have bytes */
	for (;;) {
		size_t step = STRETCH;
		for (int k = 0; k < LANES; k++)
			if ((size_t)(ln[k].end - ln[k].p) < step)
				step = (size_t)(ln[k].end - ln[k].p);
		if (step == 0)
			break;
		const unsigned char *b0 = ln[0].p, *b1 = ln[1].p, *b2 = ln[2].p, *b3 = ln[3].p;
		uint32_t s0 = st[0], s1 = st[1], s2 = st[2], s3 = st[3];
		size_t nhits = 0;
		for (size_t i = 0; i < step; i++) {
			LANE_STEP(b0, i, s0, 0);
			LANE_STEP(b1, i, s1, 1);
			LANE_STEP(b2, i, s2, 2);
			LANE_STEP(b3, i, s3, 3);
		}
		st[0] = s0, st[1] = s1, st[2] = s2, st[3] = s3;
		for (int k = 0; k < LANES; k++)
			ln[k].p += step;
		flush_hits(pf, ln, end, hits, nhits, bits);
	}
	/* what is left of the longer lanes, one after the other */
	for (uint16_t k = 0; k < LANES; k++)
		while (ln[k].p < ln[k].end) {
			size_t step = (size_t)(ln[k].end - ln[k].p), nhits = 0;
			if (step > STRETCH)
				step = STRETCH;
			const unsigned char *b = ln[k].p;
			uint32_t sk = st[k];
			for (size_t i = 0; i < step; i++)
				LANE_STEP(b, i, sk, k);
			st[k] = sk;
			ln[k].p += step;
			flush_hits(pf, ln, end, hits, nhits, bits);
		}
}
