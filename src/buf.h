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

/* Make room for at least `need` elements of `size` bytes. 0 or -1. */
int wn_vec_reserve(wn_vec *v, size_t size, size_t need);
/* Append one element (copied from elem); returns a pointer to it or NULL. */
void *wn_vec_push(wn_vec *v, size_t size, const void *elem);
/* Append n zeroed elements; returns a pointer to the first or NULL. */
void *wn_vec_grow(wn_vec *v, size_t size, size_t n);
void wn_vec_free(wn_vec *v);

#define WN_VEC_AT(v, type, i) (((type *)(v).data)[i])

/* Byte buffer helpers on a wn_vec of char. */
int wn_buf_append(wn_vec *b, const void *p, size_t n);
int wn_buf_putc(wn_vec *b, char c);
/* NUL-terminate without counting the NUL in len. */
int wn_buf_cstr(wn_vec *b);

/* Duplicate n bytes as a NUL-terminated string (malloc). */
char *wn_strndup(const char *s, size_t n);

#endif
