/* normalize.c: NFKC + case folding with offset maps (see normalize.h). */
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "utf8.h"

#define NORM_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | \
                      UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/* Folds applied after NFKC so that rules can write ' and " for the
 * typographic quotes scraped text is full of, and so that every space of
 * the view is a plain space (NFKC already makes most of them one; these
 * are the rest of what \s matches), which the literal prefilter relies on. */
static int32_t fold_punct(int32_t cp)
{
	switch (cp) {
	case 0x85: case 0x1680: case 0x180E: case 0x2028: case 0x2029:
		return ' ';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		return '"';
	case 0x2010: case 0x2011:
		return '-';
	default:
		return cp;
	}
}

/* A code point that NFKC_Casefold leaves alone when nothing combines with it. */
static int stable_cp(int32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	return p->decomp_seqindex == UINT16_MAX && p->casefold_seqindex == UINT16_MAX &&
	       !p->ignorable && p->combining_class == 0 &&
	       !(cp >= 0xAC00 && cp <= 0xD7A3) && fold_punct(cp) == cp;
}

/* Does cp attach to the preceding character (so must be normalised with it)? */
static int combining_cp(int32_t cp)
{
	if (cp < 0x300)
		return 0;
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	return p->combining_class != 0 || p->category == UTF8PROC_CATEGORY_MN ||
	       p->category == UTF8PROC_CATEGORY_MC || p->category == UTF8PROC_CATEGORY_ME ||
	       (cp >= 0x1160 && cp <= 0x11FF); /* Hangul medial/final jamo */
}

/* Append b[0..n) to the view, each byte mapped to input offset src. */
static inline int emit(wn_vec *out, wn_vec *map, const char *b, size_t n, uint32_t src)
{
	if (wn_vec_reserve(out, 1, out->len + n + 1) ||
	    wn_vec_reserve(map, sizeof(uint32_t), map->len + n))
		return -1;
	char *o = (char *)out->data + out->len;
	uint32_t *m = (uint32_t *)map->data + map->len;
	for (size_t i = 0; i < n; i++) {
		o[i] = b[i];
		m[i] = src;
	}
	out->len += n;
	map->len += n;
	return 0;
}

static int emit_cp(wn_vec *out, wn_vec *map, int32_t cp, uint32_t src)
{
	char b[4];
	return emit(out, map, b, wn_utf8_encode(cp, b), src);
}

/* Normalise one cluster in[0..n) (a starter and the marks after it). */
static int slow_cluster(wn_normalizer *nz, const char *in, size_t n, uint32_t src,
                        wn_vec *out, wn_vec *map)
{
	utf8proc_ssize_t need = (utf8proc_ssize_t)(n * 18 + 4);
	for (;;) {
		if (wn_vec_reserve(&nz->cps, sizeof(int32_t), (size_t)need))
			return -1;
		utf8proc_ssize_t got = utf8proc_decompose((const utf8proc_uint8_t *)in,
		                                          (utf8proc_ssize_t)n, nz->cps.data,
		                                          (utf8proc_ssize_t)nz->cps.cap,
		                                          NORM_OPTIONS);
		if (got < 0) /* cannot happen on validated input; keep the bytes */
			return emit(out, map, in, n, src);
		if ((size_t)got > nz->cps.cap) {
			need = got;
			continue;
		}
		got = utf8proc_normalize_utf32(nz->cps.data, got, NORM_OPTIONS);
		if (got < 0)
			return emit(out, map, in, n, src);
		const int32_t *cps = nz->cps.data;
		for (utf8proc_ssize_t i = 0; i < got; i++)
			if (emit_cp(out, map, fold_punct(cps[i]), src))
				return -1;
		return 0;
	}
}

#define ONES 0x0101010101010101ull
#define HIGH (0x80 * ONES)

#if defined(__SSE2__) && !defined(WN_NO_SIMD)
#include <emmintrin.h>
#define SIMD_NORMALIZE 1
#endif

/* Where s[i..n) first holds a byte from 0x80 up (n: nowhere). */
static size_t next_high(const unsigned char *s, size_t i, size_t n)
{
#ifdef SIMD_NORMALIZE
	for (; i + 16 <= n; i += 16)
		if (_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(s + i))))
			break;
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & HIGH)
			break;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* ASCII s[0..n) into o[0..n) as the view has it: lower case, control
 * spaces as spaces (wn_ascii_lower). Eight bytes at a time where they are
 * all printable. Returns how many NULs it saw. */
static size_t lower_ascii(const unsigned char *s, size_t n, char *o)
{
	size_t k = 0, nul = 0;
#ifdef SIMD_NORMALIZE
	/* the same, sixteen bytes at a time (signed compares: all are ASCII) */
	const __m128i below_a = _mm_set1_epi8('A' - 1), past_z = _mm_set1_epi8('Z' + 1);
	const __m128i space = _mm_set1_epi8(0x20), control = _mm_set1_epi8(0x1f);
	for (; k + 16 <= n; k += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + k));
		if (_mm_movemask_epi8(_mm_cmpgt_epi8(x, control)) != 0xFFFF)
			break; /* a control byte: the eight-byte steps and the table */
		__m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, below_a), _mm_cmplt_epi8(x, past_z));
		_mm_storeu_si128((__m128i *)(o + k), _mm_or_si128(x, _mm_and_si128(upper, space)));
	}
#endif
	for (; k + 8 <= n; k += 8) {
		uint64_t w;
		memcpy(&w, s + k, 8);
		if (((w + 0x60 * ONES) & HIGH) == HIGH) { /* every byte >= 0x20 */
			/* bytes from 'A' (0x41) up, less those past 'Z' (0x5a) */
			uint64_t upper = (w + 0x3f * ONES) & ~(w + 0x25 * ONES) & HIGH;
			w |= upper >> 2;
			memcpy(o + k, &w, 8);
			continue;
		}
		for (size_t j = k; j < k + 8; j++) {
			o[j] = (char)wn_ascii_lower[s[j]];
			nul += s[j] == 0;
		}
	}
	for (; k < n; k++) {
		o[k] = (char)wn_ascii_lower[s[k]];
		nul += s[k] == 0;
	}
	return nul;
}

/* Keep what cp became (its view v[0..n)) in slot k (if any), when it fits. */
static void remember(wn_norm_cached *k, int32_t cp, const char *v, size_t n, int stable)
{
	if (!k)
		return;
	if (n > sizeof k->bytes) {
		k->cp = 0;
		return;
	}
	k->cp = cp;
	k->len = (uint8_t)n;
	k->stable = (uint8_t)stable;
	memcpy(k->bytes, v, n);
}

int wn_normalizer_keep(wn_normalizer *nz)
{
	if (!nz->cache)
		nz->cache = calloc(WN_NORM_CACHE, sizeof *nz->cache);
	return nz->cache ? 0 : -1;
}

int wn_normalize(wn_normalizer *nz, const char *in, size_t n, wn_vec *out,
                 wn_vec *map, int *aligned, wn_norm_counts *counts)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;

	/* ASCII fast path: most lines of most pages. */
	if (wn_vec_reserve(out, 1, out->len + n + 1))
		return -1;
	if (next_high(s, 0, n) == n) {
		counts->nul += lower_ascii(s, n, (char *)out->data + out->len);
		out->len += n;
		*aligned = 1;
		return 0;
	}

	size_t out0 = out->len, map0 = map->len;
	int same = 1;   /* every character so far kept its byte length */
	i = 0;
	while (i < n) {
		if (s[i] < 0x80 && (i + 1 == n || s[i + 1] < 0x80)) {
			/* a run of ASCII characters that nothing combines with:
			 * up to the one before the next byte from 0x80 up */
			size_t high = next_high(s, i + 1, n);
			size_t e = high < n ? high - 1 : n;
			size_t k = e - i;
			if (wn_vec_reserve(out, 1, out->len + k + 1) ||
			    wn_vec_reserve(map, sizeof(uint32_t), map->len + k))
				return -1;
			char *o = (char *)out->data + out->len;
			uint32_t *m = (uint32_t *)map->data + map->len;
			counts->nul += lower_ascii(s + i, k, o);
			for (size_t j = 0; j < k; j++)
				m[j] = (uint32_t)(i + j);
			out->len += k;
			map->len += k;
			i = e;
			continue;
		}
		int32_t cp;
		size_t len = wn_utf8_decode(s + i, n - i, &cp);
		if (cp < 0) {
			counts->invalid++;
			if (emit_cp(out, map, 0xFFFD, (uint32_t)i))
				return -1;
			same = 0;
			i += len;
			continue;
		}
		/* Find the end of the cluster: following combining marks. */
		size_t end = i + len;
		int combined = 0;
		while (end < n && s[end] >= 0x80) {
			int32_t next;
			size_t nl = wn_utf8_decode(s + end, n - end, &next);
			if (next < 0 || !combining_cp(next))
				break;
			end += nl;
			combined = 1;
		}
		if (!combined && cp < 0x80) {
			/* the last ASCII byte before one from 0x80 up */
			char c = (char)wn_ascii_lower[cp];
			counts->nul += cp == 0;
			if (emit(out, map, &c, 1, (uint32_t)i))
				return -1;
			i = end;
			continue;
		}
		wn_norm_cached *known = combined || !nz->cache ? NULL : &nz->cache[cp % WN_NORM_CACHE];
		size_t before = out->len;
		if (known && known->cp == cp) {
			if (emit(out, map, known->bytes, known->len, (uint32_t)i))
				return -1;
			if (known->stable) {
				i = end;
				continue;
			}
		} else if (!combined && stable_cp(cp)) {
			if (emit(out, map, (const char *)s + i, len, (uint32_t)i))
				return -1;
			remember(known, cp, (const char *)s + i, len, 1);
			i = end;
			continue;
		} else {
			if (slow_cluster(nz, (const char *)s + i, end - i, (uint32_t)i, out, map))
				return -1;
			remember(known, cp, (const char *)out->data + before, out->len - before, 0);
		}
		if (out->len - before != end - i)
			same = 0;
		else
			for (size_t k = 0; k < end - i; k++) /* spread offsets byte by byte */
				WN_VEC_AT(*map, uint32_t, map0 + (before - out0) + k) = (uint32_t)(i + k);
		i = end;
	}
	if (same) {
		map->len = map0;
		*aligned = 1;
	} else {
		uint32_t end = (uint32_t)n;
		if (!wn_vec_push(map, sizeof(uint32_t), &end))
			return -1;
		*aligned = 0;
	}
	return 0;
}

void wn_normalizer_free(wn_normalizer *nz)
{
	wn_vec_free(&nz->cps);
	free(nz->cache);
	nz->cache = NULL;
}
