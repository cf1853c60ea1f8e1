/*
 * gz.h: gzip in and out, as corpus files use it.
 *
 * Owns compression at the edges of a stream. The reader inflates any
 * number of concatenated gzip members (Common Crawl's WARC and WET files
 * are one member per record) and tells a truncated or corrupt stream from a
 * complete one. The writer deflates into gzip members and can close a
 * member at any point, so a WARC record can be its own member again.
 */
#ifndef WN_GZ_H
#define WN_GZ_H

#include <stddef.h>
#include <zlib.h>

#include "winnow.h"

typedef struct wn_gunzip {
	z_stream z;
	int ready;          /* inflateInit2 done */
	int in_member;      /* inside a member: its end has not been seen */
	unsigned members;   /* members completed */
	size_t consumed;    /* compressed bytes taken so far */
	unsigned char out[1 << 16];
} wn_gunzip;

/* Where the decompressed bytes go; a WN_ERR_* code (negative) stops the
 * inflating with that code, any other nonzero value with WN_ERR_OUTPUT. */
typedef int (*wn_sink_fn)(void *ud, const char *p, size_t n);

int wn_gunzip_init(wn_gunzip *g);
/* Inflate p[0..n) into sink. Returns WN_OK, WN_ERR_FORMAT (corrupt data:
 * *why says what, at which compressed offset), WN_ERR_NOMEM or the sink's
 * failure. */
int wn_gunzip_feed(wn_gunzip *g, const char *p, size_t n, wn_sink_fn sink, void *ud,
                   char *why, size_t whylen);
/* The input ended: WN_ERR_FORMAT if it ended inside a member. */
int wn_gunzip_finish(const wn_gunzip *g, char *why, size_t whylen);
void wn_gunzip_free(wn_gunzip *g);

typedef struct wn_gzip {
	z_stream z;
	int ready;
	int open;           /* bytes were written since the member began */
	wn_write_fn out;
	void *out_ud;
	unsigned char buf[1 << 16];
} wn_gzip;

/* level: 1..9, or 0 for zlib's default (6). */
int wn_gzip_init(wn_gzip *g, int level, wn_write_fn out, void *ud);
int wn_gzip_write(wn_gzip *g, const char *p, size_t n);
/* Close the current member (nothing happens if it is empty). */
int wn_gzip_end_member(wn_gzip *g);
void wn_gzip_free(wn_gzip *g);

#endif
