/* wordlist.c: word-list hash table (see wordlist.h). */
#include "wordlist.h"

#include <string.h>

struct slot {
	uint64_t hash;
	uint32_t off, len;
	uint64_t mask;
	uint32_t used;
};

uint64_t wn_hash_bytes(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h;
}

uint64_t wn_hash_fast(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
	}
	uint64_t w = 0;
	for (size_t k = 0; i + k < n; k++)
		w |= (uint64_t)s[i + k] << (8 * k);
	h = (h ^ w) * 0x94d049bb133111ebULL;
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return h;
}

int wn_wordlists_find(const wn_wordlists *wl, const char *name)
{
	for (size_t i = 0; i < wl->count; i++)
		if (strcmp(wl->names[i], name) == 0)
			return (int)i;
	return -1;
}

int wn_wordlists_intern(wn_wordlists *wl, const char *name)
{
	int i = wn_wordlists_find(wl, name);
	if (i >= 0)
		return i;
	if (wl->count >= WN_MAX_LISTS)
		return -1;
	char *copy = wn_strndup(name, strlen(name));
	if (!copy)
		return -1;
	wl->names[wl->count] = copy;
	if (strncmp(name, "stop.", 5) == 0)
		wl->stop_mask |= 1ull << wl->count;
	if (strncmp(name, "boiler.", 7) == 0)
		wl->boiler_mask |= 1ull << wl->count;
	return (int)wl->count++;
}

/* The hash of a word: a few loads and multiplies instead of a loop; the
 * table compares the bytes anyway, so the middle of long words may go
 * unhashed. */
static uint64_t word_hash(const char *w, size_t n)
{
	uint64_t a = 0, b = 0;
	if (n >= 8) {
		memcpy(&a, w, 8);
		memcpy(&b, w + n - 8, 8);
	} else if (n >= 4) {
		uint32_t x, y;
		memcpy(&x, w, 4);
		memcpy(&y, w + n - 4, 4);
		a = x;
		b = y;
	} else if (n > 0) {
		a = (uint64_t)(unsigned char)w[0] | (uint64_t)(unsigned char)w[n / 2] << 8 |
		    (uint64_t)(unsigned char)w[n - 1] << 16;
	}
	uint64_t h = (a ^ 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
	h ^= (b + n) * 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

/* a == b for n bytes; words are short, and a call to memcmp costs more
 * than comparing them here */
static int same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The word's bit in the present table: high bits of the hash (the slots
 * use the low ones). */
static size_t present_bit(uint64_t h)
{
	return (size_t)(h >> 48) & (WN_WORDLIST_PRESENT_BITS - 1);
}

static struct slot *probe(const wn_wordlists *wl, const char *w, size_t n, uint64_t h)
{
	size_t cap = wl->slots.len;
	struct slot *slots = wl->slots.data;
	const char *pool = wl->pool.data;
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		struct slot *s = &slots[i];
		if (!s->used)
			return s;
		if (s->hash == h && s->len == n && same_bytes(pool + s->off, w, n))
			return s;
	}
}

static int rehash(wn_wordlists *wl, size_t cap)
{
	wn_vec old = wl->slots;
	wl->slots = (wn_vec){0};
	if (!wn_vec_grow(&wl->slots, sizeof(struct slot), cap)) {
		wl->slots = old;
		return -1;
	}
	for (size_t i = 0; i < old.len; i++) {
		struct slot *s = &WN_VEC_AT(old, struct slot, i);
		if (s->used)
			*probe(wl, (char *)wl->pool.data + s->off, s->len, s->hash) = *s;
	}
	wn_vec_free(&old);
	return 0;
}

int wn_wordlists_add(wn_wordlists *wl, int idx, const char *word, size_t len)
{
	if (len == 0 || len > 0xFFFF)
		return 0;
	if ((wl->used + 1) * 2 > wl->slots.len && rehash(wl, wl->slots.len ? wl->slots.len * 2 : 256))
		return -1;
	uint64_t h = word_hash(word, len);
	struct slot *s = probe(wl, word, len, h);
	wl->present[present_bit(h) / 64] |= (uint64_t)1 << (present_bit(h) % 64);
	if (len > wl->max_len)
		wl->max_len = len;
	if (!s->used) {
		size_t off = wl->pool.len;
		if (wn_buf_append(&wl->pool, word, len))
			return -1;
		s = probe(wl, word, len, h); /* pool may have moved; slot did not */
		s->hash = h;
		s->off = (uint32_t)off;
		s->len = (uint32_t)len;
		s->used = 1;
		wl->used++;
	}
	s->mask |= 1ull << idx;
	return 0;
}

uint64_t wn_wordlists_lookup(const wn_wordlists *wl, const char *word, size_t len)
{
	if (!wl->used || len > wl->max_len)
		return 0;
	uint64_t h = word_hash(word, len);
	if (!((wl->present[present_bit(h) / 64] >> (present_bit(h) % 64)) & 1))
		return 0;
	struct slot *s = probe(wl, word, len, h);
	return s->used ? s->mask : 0;
}

void wn_wordlists_free(wn_wordlists *wl)
{
	for (size_t i = 0; i < wl->count; i++)
		free(wl->names[i]);
	wn_vec_free(&wl->slots);
	wn_vec_free(&wl->pool);
	memset(wl, 0, sizeof *wl);
}
