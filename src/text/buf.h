/*
 * buf.h: growable byte buffers and typed vectors.
 *
 * Owns the memory discipline of the hot path: every per-document array is a
 * wn_vec that is cleared (not freed) between documents, so a warm filter
 * stops allocating. Growth is geometric; an allocation failure is reported
 * to the caller, never hidden.
 */
#ifndef WN_BUF_H
#define WN_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct wn_vec {
	void *data;
	size_t len;   /* elements in use */
	size_t cap;   /* elements allocated */
} wn_vec;

/* Make room for at least `need` elements of `size` bytes. 0 or -1.
 * (The check is inline: it runs per character on the hot path.) */
int wn_vec_reserve_slow(wn_vec *v, size_t size, size_t need);
static inline int wn_vec_reserve(wn_vec *v, size_t size, size_t need)
{
	return need <= v->cap ? 0 : wn_vec_reserve_slow(v, size, need);
}
/* Append one element (copied from elem); returns a pointer to it or NULL. */
void *wn_vec_push(wn_vec *v, size_t size, const void *elem);
/* Append n zeroed elements; returns a pointer to the first or NULL. */
void *wn_vec_grow(wn_vec *v, size_t size, size_t n);
/* The same without zeroing: for scratch the caller fills. */
void *wn_vec_grow_raw(wn_vec *v, size_t size, size_t n);
void wn_vec_free(wn_vec *v);

#define WN_VEC_AT(v, type, i) (((type *)(v).data)[i])

/* Byte buffer helpers on a wn_vec of char (room is kept for a NUL). */
int wn_buf_append_slow(wn_vec *b, const void *p, size_t n);
static inline int wn_buf_append(wn_vec *b, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (b->cap - b->len <= n || b->cap < b->len)
		return wn_buf_append_slow(b, p, n);
	memcpy((char *)b->data + b->len, p, n);
	b->len += n;
	return 0;
}
static inline int wn_buf_putc(wn_vec *b, char c)
{
	if (b->cap - b->len <= 1 || b->cap < b->len)
		return wn_buf_append_slow(b, &c, 1);
	((char *)b->data)[b->len++] = c;
	return 0;
}
/* NUL-terminate without counting the NUL in len. */
int wn_buf_cstr(wn_vec *b);

/* Duplicate n bytes as a NUL-terminated string (malloc). */
char *wn_strndup(const char *s, size_t n);

#endif
