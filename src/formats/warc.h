/*
 * warc.h: WARC and WET files, record by record.
 *
 * Owns the WARC format: a streaming parser of records (a version line,
 * header fields, a block of Content-Length bytes, a blank-line trailer).
 * Text records (conversion and resource records of text/plain, and
 * response records whose HTTP payload is text/plain) are handed to a
 * cleaning callback; when the text changes, the record is written back with
 * its Content-Length (and the HTTP Content-Length) updated and its
 * digests recomputed; every other record, and every record the cleaning left
 * unchanged, passes through byte for byte. Blocks of records that are not
 * cleaned stream through without being buffered.
 */
#ifndef WN_WARC_H
#define WN_WARC_H

#include "buf.h"
#include "winnow.h"

typedef struct wn_warc wn_warc;

typedef struct wn_warc_io {
	/* the output, and "a record ends here" (one gzip member per record) */
	int (*emit)(void *ud, const char *p, size_t n);
	int (*end_record)(void *ud);
	/* Clean text[0..n) of the record id[0..idlen) that starts at byte
	 * offset of the (decompressed) input. Sets *out to the cleaned text, or
	 * NULL when nothing changed, and *dropped for a whole-record drop. */
	int (*clean)(void *ud, const char *id, size_t idlen, size_t offset, const char *text,
	             size_t n, const wn_vec **out, int *dropped);
	void *ud;
} wn_warc_io;

typedef struct wn_warc_stats {
	size_t records, cleaned, changed, dropped, oversize;
} wn_warc_stats;

/* Records whose block exceeds max_block pass through uncleaned. */
wn_warc *wn_warc_new(const wn_warc_io *io, size_t max_block);
void wn_warc_free(wn_warc *w);
/* Returns WN_OK, WN_ERR_FORMAT (why: what and at which byte), WN_ERR_NOMEM
 * or WN_ERR_OUTPUT. */
int wn_warc_feed(wn_warc *w, const char *p, size_t n, char *why, size_t whylen);
/* The input ended: WN_ERR_FORMAT for a truncated record (whose bytes are
 * written through as they were). */
int wn_warc_finish(wn_warc *w, char *why, size_t whylen);
const wn_warc_stats *wn_warc_get_stats(const wn_warc *w);

#endif
