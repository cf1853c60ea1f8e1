/*
 * gz.c: gzip members in (inflate) and out (deflate), with zlib.
 */
#include "gz.h"

#include <stdio.h>
#include <string.h>

int wn_gunzip_init(wn_gunzip *g)
{
	memset(&g->z, 0, sizeof g->z);
	g->in_member = 0;
	g->members = 0;
	g->consumed = 0;
	/* 16 + MAX_WBITS: gzip wrapper only, so plain zlib data is an error */
	g->ready = inflateInit2(&g->z, 16 + MAX_WBITS) == Z_OK;
	return g->ready ? WN_OK : WN_ERR_NOMEM;
}

void wn_gunzip_free(wn_gunzip *g)
{
	if (g->ready)
		inflateEnd(&g->z);
	g->ready = 0;
}

int wn_gunzip_feed(wn_gunzip *g, const char *p, size_t n, wn_sink_fn sink, void *ud,
                   char *why, size_t whylen)
{
	const unsigned char *in = (const unsigned char *)p;
	while (n > 0) {
		if (!g->in_member) {
			/* a new member must start with the gzip magic: anything else
			 * after a complete member is not part of a gzip file */
			if (in[0] != 0x1f || (n > 1 && in[1] != 0x8b)) {
				snprintf(why, whylen, "%s at compressed byte %zu",
				         g->members ? "data after the last gzip member" : "not gzip data",
				         g->consumed);
				return WN_ERR_FORMAT;
			}
			if (g->members && inflateReset(&g->z) != Z_OK)
				return WN_ERR_NOMEM;
			g->in_member = 1;
		}
		/* zlib counts in uInt: feed at most 1 GiB at a time */
		uInt take = n > (1u << 30) ? (1u << 30) : (uInt)n;
		g->z.next_in = (unsigned char *)in;
		g->z.avail_in = take;
		int zr;
		do {
			g->z.next_out = g->out;
			g->z.avail_out = sizeof g->out;
			zr = inflate(&g->z, Z_NO_FLUSH);
			if (zr == Z_MEM_ERROR)
				return WN_ERR_NOMEM;
			if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
				snprintf(why, whylen, "corrupt gzip data near compressed byte %zu (%s)",
				         g->consumed + (take - g->z.avail_in),
				         g->z.msg ? g->z.msg : "inflate failed");
				return WN_ERR_FORMAT;
			}
			size_t got = sizeof g->out - g->z.avail_out;
			int src = got ? sink(ud, (const char *)g->out, got) : 0;
			if (src) /* the reader's own error (a WN_ERR_* code) passes through */
				return src < 0 ? src : WN_ERR_OUTPUT;
		} while (zr != Z_STREAM_END && (g->z.avail_out == 0 || g->z.avail_in > 0) &&
		         zr != Z_BUF_ERROR);
		size_t used = take - g->z.avail_in;
		g->consumed += used;
		in += used;
		n -= used;
		if (zr == Z_STREAM_END) {
			g->in_member = 0;
			g->members++;
		} else if (used < take && zr == Z_BUF_ERROR) {
			snprintf(why, whylen, "corrupt gzip data near compressed byte %zu", g->consumed);
			return WN_ERR_FORMAT;
		}
	}
	return WN_OK;
}

int wn_gunzip_finish(const wn_gunzip *g, char *why, size_t whylen)
{
	if (g->in_member || g->members == 0) {
		snprintf(why, whylen, "%s after %zu compressed bytes",
		         g->consumed ? "truncated gzip data" : "empty gzip file", g->consumed);
		return WN_ERR_FORMAT;
	}
	return WN_OK;
}

int wn_gzip_init(wn_gzip *g, int level, wn_write_fn out, void *ud)
{
	memset(&g->z, 0, sizeof g->z);
	g->out = out;
	g->out_ud = ud;
	g->open = 0;
	g->ready = deflateInit2(&g->z, level > 0 && level <= 9 ? level : Z_DEFAULT_COMPRESSION,
	                        Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK;
	return g->ready ? WN_OK : WN_ERR_NOMEM;
}

static int pump(wn_gzip *g, int flush)
{
	int zr;
	do {
		g->z.next_out = g->buf;
		g->z.avail_out = sizeof g->buf;
		zr = deflate(&g->z, flush);
		if (zr == Z_STREAM_ERROR)
			return WN_ERR_NOMEM;
		size_t got = sizeof g->buf - g->z.avail_out;
		if (got && g->out(g->out_ud, (const char *)g->buf, got))
			return WN_ERR_OUTPUT;
	} while (g->z.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
	return WN_OK;
}

int wn_gzip_write(wn_gzip *g, const char *p, size_t n)
{
	while (n > 0) {
		uInt take = n > (1u << 30) ? (1u << 30) : (uInt)n;
		g->z.next_in = (unsigned char *)p;
		g->z.avail_in = take;
		int rc = pump(g, Z_NO_FLUSH);
		if (rc)
			return rc;
		g->open = 1;
		p += take;
		n -= take;
	}
	return WN_OK;
}

int wn_gzip_end_member(wn_gzip *g)
{
	if (!g->open)
		return WN_OK;
	g->z.next_in = NULL;
	g->z.avail_in = 0;
	int rc = pump(g, Z_FINISH);
	if (rc)
		return rc;
	g->open = 0;
	return deflateReset(&g->z) == Z_OK ? WN_OK : WN_ERR_NOMEM;
}

void wn_gzip_free(wn_gzip *g)
{
	if (g->ready)
		deflateEnd(&g->z);
	g->ready = 0;
}
