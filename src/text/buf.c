/* buf.c: growable vectors (see buf.h). */
#include "buf.h"

int wn_vec_reserve_slow(wn_vec *v, size_t size, size_t need)
{
	if (need <= v->cap)
		return 0;
	size_t cap = v->cap ? v->cap : 16;
	while (cap < need) {
		if (cap > SIZE_MAX / 2 / size)
			return -1;
		cap *= 2;
	}
	void *p = realloc(v->data, cap * size);
	if (!p)
		return -1;
	v->data = p;
	v->cap = cap;
	return 0;
}

void *wn_vec_push(wn_vec *v, size_t size, const void *elem)
{
	if (wn_vec_reserve(v, size, v->len + 1))
		return NULL;
	char *slot = (char *)v->data + v->len * size;
	memcpy(slot, elem, size);
	v->len++;
	return slot;
}

/* Growing by nothing still hands back a slot pointer, never NULL (which
 * says out of memory) and never an offset from a NULL array. */
static size_t grown_len(const wn_vec *v, size_t n)
{
	return v->len + n ? v->len + n : 1;
}

void *wn_vec_grow_raw(wn_vec *v, size_t size, size_t n)
{
	if (n > SIZE_MAX - v->len || wn_vec_reserve(v, size, grown_len(v, n)))
		return NULL;
	char *slot = (char *)v->data + v->len * size;
	v->len += n;
	return slot;
}

void *wn_vec_grow(wn_vec *v, size_t size, size_t n)
{
	char *slot = wn_vec_grow_raw(v, size, n);
	if (slot)
		memset(slot, 0, n * size);
	return slot;
}

void wn_vec_free(wn_vec *v)
{
	free(v->data);
	v->data = NULL;
	v->len = v->cap = 0;
}

int wn_buf_append_slow(wn_vec *b, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (n > SIZE_MAX - b->len - 1 || wn_vec_reserve(b, 1, b->len + n + 1))
		return -1;
	memcpy((char *)b->data + b->len, p, n);
	b->len += n;
	return 0;
}

int wn_buf_cstr(wn_vec *b)
{
	if (wn_vec_reserve(b, 1, b->len + 1))
		return -1;
	((char *)b->data)[b->len] = '\0';
	return 0;
}

char *wn_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
