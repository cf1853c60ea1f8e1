/*
 * warc.c: the WARC record parser and rewriter.
 *
 * Digests are recomputed with nettle in the algorithm and the encoding
 * (base32 as Common Crawl writes them, or hex) of the value they replace:
 * a reader that verifies digests must not reject a record winnow cleaned.
 * A digest in an algorithm nettle does not know is removed rather than
 * left wrong.
 */
#include "warc.h"

#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { S_GAP, S_HEADER, S_BLOCK_PASS, S_BLOCK_KEEP };

#define MAX_HEADER ((size_t)1 << 20)

typedef struct record_info {
	const char *type, *id, *ctype;
	size_t type_len, id_len, ctype_len;
	size_t length;
} record_info;

struct wn_warc {
	wn_warc_io io;
	size_t max_block;
	int state;
	int swallow_trailer;  /* the record was dropped: so is its trailer */
	size_t offset;        /* bytes of input consumed */
	size_t record_start;  /* offset of the current record */
	wn_vec header;        /* the current record's header, as read */
	record_info current;  /* its fields (pointing into header) */
	wn_vec block;         /* its block, for records being cleaned */
	size_t remaining;     /* block bytes still to come */
	size_t block_len;
	wn_vec out;           /* the rewritten record */
	wn_warc_stats stats;
};

wn_warc *wn_warc_new(const wn_warc_io *io, size_t max_block)
{
	wn_warc *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->io = *io;
	w->max_block = max_block;
	return w;
}

void wn_warc_free(wn_warc *w)
{
	if (!w)
		return;
	wn_vec_free(&w->header);
	wn_vec_free(&w->block);
	wn_vec_free(&w->out);
	free(w);
}

const wn_warc_stats *wn_warc_get_stats(const wn_warc *w)
{
	return &w->stats;
}

/* ------------------------------------------------------------------ */
/* header fields                                                       */

typedef struct field {
	const char *name, *value; /* value without surrounding blanks */
	size_t name_len, value_len;
	size_t line_start, line_end; /* the whole line, its line end included */
} field;

/* The next header line of h[0..n) at *pos (lines end in LF or CRLF). */
static int next_field(const char *h, size_t n, size_t *pos, field *f)
{
	if (*pos >= n)
		return 0;
	size_t s = *pos, e = s;
	while (e < n && h[e] != '\n')
		e++;
	size_t next = e < n ? e + 1 : e;
	size_t end = e > s && h[e - 1] == '\r' ? e - 1 : e;
	*pos = next;
	f->line_start = s;
	f->line_end = next;
	f->name = h + s;
	f->name_len = 0;
	f->value = h + end;
	f->value_len = 0;
	const char *colon = memchr(h + s, ':', end - s);
	if (!colon)
		return 1;
	f->name_len = (size_t)(colon - (h + s));
	size_t vs = (size_t)(colon - h) + 1, ve = end;
	while (vs < ve && (h[vs] == ' ' || h[vs] == '\t'))
		vs++;
	while (ve > vs && (h[ve - 1] == ' ' || h[ve - 1] == '\t'))
		ve--;
	f->value = h + vs;
	f->value_len = ve - vs;
	return 1;
}

static int is_field(const field *f, const char *name)
{
	return f->name_len == strlen(name) && strncasecmp(f->name, name, f->name_len) == 0;
}

/* Case-insensitive: does v start with prefix? */
static int value_starts(const char *v, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && strncasecmp(v, prefix, k) == 0;
}

static int parse_length(const char *v, size_t n, size_t *out)
{
	if (n == 0 || n > 18)
		return -1;
	size_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (size_t)(v[i] - '0');
	}
	*out = x;
	return 0;
}

/* Is a Content-Type plain text? (text/plain, with or without parameters) */
static int is_plain_text(const char *v, size_t n)
{
	if (!value_starts(v, n, "text/plain"))
		return 0;
	return n == 10 || v[10] == ';' || v[10] == ' ' || v[10] == '\t';
}

/* ------------------------------------------------------------------ */
/* digests                                                             */

typedef struct digest {
	size_t size;
	unsigned char bytes[SHA256_DIGEST_SIZE];
} digest;

/* Compute algo (sha1, sha256, md5) of p[0..n); -1 for another algorithm. */
static int compute(const char *algo, size_t alen, const char *p, size_t n, digest *d)
{
	if (alen == 4 && strncasecmp(algo, "sha1", 4) == 0) {
		struct sha1_ctx c;
		sha1_init(&c);
		sha1_update(&c, n, (const uint8_t *)p);
		sha1_digest(&c, SHA1_DIGEST_SIZE, d->bytes);
		d->size = SHA1_DIGEST_SIZE;
	} else if ((alen == 6 && strncasecmp(algo, "sha256", 6) == 0) ||
	           (alen == 7 && strncasecmp(algo, "sha-256", 7) == 0)) {
		struct sha256_ctx c;
		sha256_init(&c);
		sha256_update(&c, n, (const uint8_t *)p);
		sha256_digest(&c, SHA256_DIGEST_SIZE, d->bytes);
		d->size = SHA256_DIGEST_SIZE;
	} else if (alen == 3 && strncasecmp(algo, "md5", 3) == 0) {
		struct md5_ctx c;
		md5_init(&c);
		md5_update(&c, n, (const uint8_t *)p);
		md5_digest(&c, MD5_DIGEST_SIZE, d->bytes);
		d->size = MD5_DIGEST_SIZE;
	} else {
		return -1;
	}
	return 0;
}

/* Encode d like old (hex when old is hex of the digest's length, else
 * RFC 4648 base32, padded when old was, in old's letter case). */
static int encode_digest(const digest *d, const char *old, size_t old_len, wn_vec *out)
{
	int hex = old_len == 2 * d->size, upper = 0, padded = 0;
	for (size_t i = 0; i < old_len; i++) {
		char c = old[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			hex = 0;
		if (c >= 'A' && c <= 'Z')
			upper = 1;
		if (c == '=')
			padded = 1;
	}
	char buf[128];
	size_t n = 0;
	if (hex) {
		const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
		for (size_t i = 0; i < d->size; i++) {
			buf[n++] = digits[d->bytes[i] >> 4];
			buf[n++] = digits[d->bytes[i] & 15];
		}
	} else {
		const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		uint32_t acc = 0;
		int bits = 0;
		for (size_t i = 0; i < d->size; i++) {
			acc = (acc << 8) | d->bytes[i];
			bits += 8;
			while (bits >= 5) {
				buf[n++] = alphabet[(acc >> (bits - 5)) & 31];
				bits -= 5;
			}
		}
		if (bits > 0)
			buf[n++] = alphabet[(acc << (5 - bits)) & 31];
		while (padded && n % 8)
			buf[n++] = '=';
		if (!upper && old_len)
			for (size_t i = 0; i < n; i++)
				if (buf[i] >= 'A' && buf[i] <= 'Z')
					buf[i] = (char)(buf[i] - 'A' + 'a');
	}
	return wn_buf_append(out, buf, n);
}

/* Write "Name: algo:NEWVALUE" for a digest field over p[0..n), or nothing
 * when the algorithm is unknown. */
static int rewrite_digest(const field *f, const char *h, const char *p, size_t n, wn_vec *out)
{
	const char *colon = memchr(f->value, ':', f->value_len);
	digest d;
	if (!colon || compute(f->value, (size_t)(colon - f->value), p, n, &d))
		return 0;
	size_t keep = (size_t)(colon + 1 - (h + f->line_start));
	const char *old = colon + 1;
	size_t old_len = f->value_len - (size_t)(old - f->value);
	int err = wn_buf_append(out, h + f->line_start, keep);
	err |= encode_digest(&d, old, old_len, out);
	const char *value_end = f->value + f->value_len;
	err |= wn_buf_append(out, value_end, (size_t)(h + f->line_end - value_end));
	return err;
}

/* Write a header line with its value replaced by a number. */
static int rewrite_number(const field *f, const char *h, size_t v, wn_vec *out)
{
	char num[32];
	int k = snprintf(num, sizeof num, "%zu", v);
	int err = wn_buf_append(out, h + f->line_start, (size_t)(f->value - (h + f->line_start)));
	err |= wn_buf_append(out, num, (size_t)k);
	const char *value_end = f->value + f->value_len;
	err |= wn_buf_append(out, value_end, (size_t)(h + f->line_end - value_end));
	return err;
}

/* ------------------------------------------------------------------ */
/* records                                                             */


static int parse_header(wn_warc *w, record_info *ri, char *why, size_t whylen)
{
	const char *h = w->header.data;
	size_t n = w->header.len, pos = 0;
	memset(ri, 0, sizeof *ri);
	if (n < 5 || memcmp(h, "WARC/", 5) != 0) {
		snprintf(why, whylen, "not a WARC record at byte %zu (expected 'WARC/1.x', found '%.*s')",
		         w->record_start, (int)(n < 12 ? n : 12), h);
		for (char *c = why; *c; c++)
			if (*c == '\r' || *c == '\n' || (unsigned char)*c < 0x20)
				*c = ' ';
		return -1;
	}
	field f;
	int have_length = 0;
	next_field(h, n, &pos, &f); /* the version line */
	while (next_field(h, n, &pos, &f)) {
		if (is_field(&f, "WARC-Type")) {
			ri->type = f.value;
			ri->type_len = f.value_len;
		} else if (is_field(&f, "WARC-Record-ID")) {
			ri->id = f.value;
			ri->id_len = f.value_len;
		} else if (is_field(&f, "Content-Type")) {
			ri->ctype = f.value;
			ri->ctype_len = f.value_len;
		} else if (is_field(&f, "Content-Length")) {
			if (parse_length(f.value, f.value_len, &ri->length)) {
				snprintf(why, whylen, "record at byte %zu: bad Content-Length '%.*s'",
				         w->record_start, (int)(f.value_len < 24 ? f.value_len : 24), f.value);
				return -1;
			}
			have_length = 1;
		}
	}
	if (!have_length) {
		snprintf(why, whylen, "record at byte %zu has no Content-Length", w->record_start);
		return -1;
	}
	return 0;
}

static int type_is(const record_info *ri, const char *t)
{
	return ri->type_len == strlen(t) && strncasecmp(ri->type, t, ri->type_len) == 0;
}

/* Should this record's block be buffered for cleaning? */
static int wants_cleaning(const wn_warc *w, const record_info *ri)
{
	if (ri->length > w->max_block)
		return 0;
	if (type_is(ri, "conversion") || type_is(ri, "resource"))
		return !ri->ctype || is_plain_text(ri->ctype, ri->ctype_len);
	if (type_is(ri, "response"))
		return ri->ctype && value_starts(ri->ctype, ri->ctype_len, "application/http");
	return 0;
}

/* The HTTP message of a response block: where its body starts, and
 * whether the body is plain text we may rewrite (no content or transfer
 * coding). */
static int http_text_body(const char *b, size_t n, size_t *body)
{
	size_t end = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (b[i] == '\n' && b[i + 1] == '\n') {
			end = i + 2;
			break;
		}
		if (b[i] == '\n' && b[i + 1] == '\r' && i + 2 < n && b[i + 2] == '\n') {
			end = i + 3;
			break;
		}
	}
	if (!end || n < 5 || memcmp(b, "HTTP/", 5) != 0)
		return 0;
	int text = 0;
	size_t pos = 0;
	field f;
	next_field(b, end, &pos, &f); /* the status line */
	while (next_field(b, end, &pos, &f)) {
		if (is_field(&f, "Content-Type"))
			text = is_plain_text(f.value, f.value_len);
		else if ((is_field(&f, "Content-Encoding") || is_field(&f, "Transfer-Encoding")) &&
		         !(f.value_len == 8 && strncasecmp(f.value, "identity", 8) == 0))
			return 0;
	}
	*body = end;
	return text;
}

/* Write the record with its text replaced by clean[0..clean_len). */
static int rewrite(wn_warc *w, size_t body, const char *clean, size_t clean_len)
{
	const char *h = w->header.data, *b = w->block.data;
	size_t hn = w->header.len;
	wn_vec *out = &w->out;
	out->len = 0;
	int err = 0;
	/* the new block first (the header's fields depend on it): after the
	 * WARC header, reserved below */
	wn_vec block = { 0 };
	if (body) {
		/* HTTP header with its Content-Length updated */
		size_t pos = 0;
		field f;
		while (!err && next_field(b, body, &pos, &f)) {
			if (is_field(&f, "Content-Length"))
				err |= rewrite_number(&f, b, clean_len, &block);
			else
				err |= wn_buf_append(&block, b + f.line_start, f.line_end - f.line_start);
		}
	}
	err |= wn_buf_append(&block, clean, clean_len);
	const char *nb = block.data ? block.data : "";
	size_t pos = 0;
	field f;
	while (!err && next_field(h, hn, &pos, &f)) {
		if (f.line_start > 0 && is_field(&f, "Content-Length"))
			err |= rewrite_number(&f, h, block.len, out);
		else if (f.line_start > 0 && is_field(&f, "WARC-Block-Digest"))
			err |= rewrite_digest(&f, h, nb, block.len, out);
		else if (f.line_start > 0 && is_field(&f, "WARC-Payload-Digest"))
			err |= rewrite_digest(&f, h, nb + (block.len - clean_len), clean_len, out);
		else
			err |= wn_buf_append(out, h + f.line_start, f.line_end - f.line_start);
	}
	err |= wn_buf_append(out, nb, block.len);
	wn_vec_free(&block);
	if (err)
		return WN_ERR_NOMEM;
	return w->io.emit(w->io.ud, out->data, out->len) ? WN_ERR_OUTPUT : WN_OK;
}

/* The block of a buffered record is complete: clean it and write it. */
static int finish_record(wn_warc *w, const record_info *ri)
{
	const char *b = w->block.data ? w->block.data : "";
	size_t n = w->block.len, body = 0;
	int text = type_is(ri, "response") ? http_text_body(b, n, &body) : 1;
	const wn_vec *clean = NULL;
	int dropped = 0;
	if (text) {
		w->stats.cleaned++;
		int rc = w->io.clean(w->io.ud, ri->id, ri->id_len, w->record_start, b + body, n - body,
		                     &clean, &dropped);
		if (rc)
			return rc;
	}
	if (dropped) {
		w->stats.dropped++;
		w->swallow_trailer = 1;
		return WN_OK;
	}
	if (clean) {
		w->stats.changed++;
		return rewrite(w, body, clean->data ? clean->data : "", clean->len);
	}
	if (w->io.emit(w->io.ud, w->header.data, w->header.len) || w->io.emit(w->io.ud, b, n))
		return WN_ERR_OUTPUT;
	return WN_OK;
}

/* Where does the header end in h[0..n)? Search from `from`; 0: not yet. */
static size_t header_end(const char *h, size_t n, size_t from)
{
	for (size_t i = from; i < n; i++) {
		const char *nl = memchr(h + i, '\n', n - i);
		if (!nl)
			return 0;
		i = (size_t)(nl - h);
		if (i + 1 < n && h[i + 1] == '\n')
			return i + 2;
		if (i + 2 < n && h[i + 1] == '\r' && h[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

int wn_warc_feed(wn_warc *w, const char *p, size_t n, char *why, size_t whylen)
{
	while (n > 0) {
		switch (w->state) {
		case S_GAP: {
			/* the blank lines that end a record belong to it */
			size_t k = 0;
			while (k < n && (p[k] == '\r' || p[k] == '\n'))
				k++;
			if (k && !w->swallow_trailer && w->io.emit(w->io.ud, p, k))
				return WN_ERR_OUTPUT;
			w->offset += k;
			p += k;
			n -= k;
			if (n == 0)
				break;
			int rc = w->io.end_record(w->io.ud);
			if (rc)
				return rc;
			w->swallow_trailer = 0;
			w->state = S_HEADER;
			w->header.len = 0;
			w->record_start = w->offset;
			break;
		}
		case S_HEADER: {
			size_t had = w->header.len;
			size_t take = n;
			if (had + take > MAX_HEADER + 4)
				take = MAX_HEADER + 4 - had;
			if (wn_buf_append(&w->header, p, take))
				return WN_ERR_NOMEM;
			size_t end = header_end(w->header.data, w->header.len, had > 3 ? had - 3 : 0);
			if (!end) {
				if (w->header.len > MAX_HEADER) {
					snprintf(why, whylen, "record at byte %zu: header longer than 1 MiB",
					         w->record_start);
					return WN_ERR_FORMAT;
				}
				w->offset += take;
				p += take;
				n -= take;
				break;
			}
			size_t used = end - had;
			w->header.len = end;
			w->offset += used;
			p += used;
			n -= used;
			record_info *ri = &w->current;
			if (parse_header(w, ri, why, whylen))
				return WN_ERR_FORMAT;
			w->stats.records++;
			w->remaining = ri->length;
			w->block_len = ri->length;
			if (wants_cleaning(w, ri)) {
				w->block.len = 0;
				if (wn_vec_reserve(&w->block, 1, ri->length + 1))
					return WN_ERR_NOMEM;
				w->state = S_BLOCK_KEEP;
			} else {
				if (ri->length > w->max_block)
					w->stats.oversize++;
				if (w->io.emit(w->io.ud, w->header.data, w->header.len))
					return WN_ERR_OUTPUT;
				w->state = S_BLOCK_PASS;
			}
			if (w->remaining == 0 && w->state == S_BLOCK_KEEP) {
				int rc = finish_record(w, ri);
				if (rc)
					return rc;
				w->state = S_GAP;
			} else if (w->remaining == 0) {
				w->state = S_GAP;
			}
			break;
		}
		case S_BLOCK_PASS:
		case S_BLOCK_KEEP: {
			size_t take = n < w->remaining ? n : w->remaining;
			int rc = w->state == S_BLOCK_PASS
			         ? (w->io.emit(w->io.ud, p, take) ? WN_ERR_OUTPUT : WN_OK)
			         : (wn_buf_append(&w->block, p, take) ? WN_ERR_NOMEM : WN_OK);
			if (rc)
				return rc;
			w->remaining -= take;
			w->offset += take;
			p += take;
			n -= take;
			if (w->remaining == 0) {
				if (w->state == S_BLOCK_KEEP && (rc = finish_record(w, &w->current)))
					return rc;
				w->state = S_GAP;
			}
			break;
		}
		}
	}
	return WN_OK;
}

int wn_warc_finish(wn_warc *w, char *why, size_t whylen)
{
	int rc = WN_OK;
	if (w->state == S_HEADER) {
		/* a header that never ended: write it back as it came */
		if (w->io.emit(w->io.ud, w->header.data, w->header.len))
			return WN_ERR_OUTPUT;
		snprintf(why, whylen, "truncated WARC record at byte %zu: the header does not end",
		         w->record_start);
		rc = WN_ERR_FORMAT;
	} else if (w->state == S_BLOCK_PASS || w->state == S_BLOCK_KEEP) {
		if (w->state == S_BLOCK_KEEP &&
		    (w->io.emit(w->io.ud, w->header.data, w->header.len) ||
		     w->io.emit(w->io.ud, w->block.data ? w->block.data : "", w->block.len)))
			return WN_ERR_OUTPUT;
		snprintf(why, whylen, "truncated WARC record at byte %zu: %zu of %zu block bytes",
		         w->record_start, w->block_len - w->remaining, w->block_len);
		rc = WN_ERR_FORMAT;
	}
	w->state = S_GAP;
	int end = w->io.end_record(w->io.ud);
	return rc ? rc : end;
}
