/*
 * check_stream.c: the corpus formats: text with separators, JSONL, WARC,
 * gzip in and out, and what each does with broken input.
 */
#define _GNU_SOURCE /* memmem */
#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "helpers.h"

typedef struct run {
	char *out;
	size_t len, cap;
	size_t nrec;
	char ids[64][96];
	size_t lines[64];
	int cleaned[64];
	const char *problems[64];
	int rc;
	char err[320];
	wn_stream_stats stats;
} run;

static int collect(void *ud, const char *p, size_t n)
{
	run *r = ud;
	if (r->len + n + 1 > r->cap) {
		r->cap = (r->len + n + 1) * 2;
		r->out = realloc(r->out, r->cap);
	}
	memcpy(r->out + r->len, p, n);
	r->len += n;
	r->out[r->len] = '\0';
	return 0;
}

static void on_record(void *ud, const wn_record *rec, const wn_filter *f)
{
	(void)f;
	run *r = ud;
	if (r->nrec >= 64)
		return;
	size_t n = rec->id_len < 95 ? rec->id_len : 95;
	if (rec->id)
		memcpy(r->ids[r->nrec], rec->id, n);
	r->ids[r->nrec][rec->id ? n : 0] = '\0';
	r->lines[r->nrec] = rec->line;
	r->cleaned[r->nrec] = rec->cleaned;
	r->problems[r->nrec] = rec->problem;
	r->nrec++;
}

/* Run in through a stream, chunk bytes at a time (0: whole). */
static run *stream(const wn_rules *rules, const wn_stream_options *o, const char *in, size_t len,
                   size_t chunk, double spam)
{
	run *r = calloc(1, sizeof *r);
	r->out = calloc(1, 1);
	r->cap = 1;
	wn_filter *f = wn_filter_new(rules, NULL);
	wn_filter_set_spam_threshold(f, spam);
	wn_stream *s = wn_stream_new(f, o, collect, r, on_record, r);
	ck_assert_ptr_nonnull(s);
	if (chunk == 0)
		chunk = len ? len : 1;
	r->rc = WN_OK;
	for (size_t i = 0; i < len && r->rc == WN_OK; i += chunk)
		r->rc = wn_stream_feed(s, in + i, len - i < chunk ? len - i : chunk);
	if (r->rc == WN_OK)
		r->rc = wn_stream_finish(s);
	snprintf(r->err, sizeof r->err, "%s", wn_stream_error(s));
	r->stats = *wn_stream_get_stats(s);
	wn_stream_free(s);
	wn_filter_free(f);
	return r;
}

static void run_free(run *r)
{
	free(r->out);
	free(r);
}

static wn_stream_options opts(wn_format format)
{
	wn_stream_options o = { 0 };
	o.format = format;
	o.gzip = -1;
	return o;
}

static const char *seed = "seeds/000_c577912463057385";

/* ------------------------------------------------------------------ */
/* text                                                                */

START_TEST(text_separators_split_documents)
{
	wn_rules *rules = wn_test_rules(NULL, 1, NULL);
	size_t n, gn;
	char name[128];
	snprintf(name, sizeof name, "%s.txt", seed);
	char *in = wn_test_read_fixture(name, &n);
	snprintf(name, sizeof name, "%s.gold.txt", seed);
	char *gold = wn_test_read_fixture(name, &gn);
	/* "\n\x1e\n" overlaps itself through its line ends: KMP must back off */
	const char *seps[] = { "\f", "\n\x1e\n", "aab" };
	for (size_t k = 0; k < 3; k++) {
		const char *sep = seps[k];
		size_t sl = strlen(sep);
		size_t total = 2 * n + 3 * sl + 8;
		char *doc = malloc(total), *want = malloc(2 * gn + 3 * sl + 8);
		size_t dl = 0, wl = 0;
		/* doc1 SEP doc1 SEP "aa" (a separator cut short) */
		for (int rep = 0; rep < 2; rep++) {
			memcpy(doc + dl, in, n);
			dl += n;
			memcpy(doc + dl, sep, sl);
			dl += sl;
			memcpy(want + wl, gold, gn);
			wl += gn;
			memcpy(want + wl, sep, sl);
			wl += sl;
		}
		memcpy(doc + dl, sep, sl - 1);
		dl += sl - 1;
		memcpy(want + wl, sep, sl - 1);
		wl += sl - 1;
		for (size_t chunk = 0; chunk < 5; chunk++) {
			wn_stream_options o = opts(WN_FORMAT_TEXT);
			o.separator = sep;
			o.separator_len = sl;
			run *r = stream(rules, &o, doc, dl, chunk, -1);
			ck_assert_int_eq(r->rc, WN_OK);
			ck_assert_msg(r->len == wl && memcmp(r->out, want, wl) == 0,
			              "separator %zu, chunk %zu", k, chunk);
			/* a one-byte separator cut short is nothing: no third document */
			ck_assert_uint_eq(r->nrec, sl > 1 ? 3 : 2);
			ck_assert_uint_eq(r->stats.records, sl > 1 ? 3 : 2);
			run_free(r);
		}
		free(doc);
		free(want);
	}
	/* no separator: the stream is one document, even an empty one */
	wn_stream_options o = opts(WN_FORMAT_TEXT);
	run *r = stream(rules, &o, "", 0, 0, -1);
	ck_assert_int_eq(r->rc, WN_OK);
	ck_assert_uint_eq(r->nrec, 1);
	ck_assert_uint_eq(r->len, 0);
	run_free(r);
	free(in);
	free(gold);
	wn_rules_free(rules);
}
END_TEST

/* ------------------------------------------------------------------ */
/* jsonl                                                               */

/* Records nothing matches come out byte for byte: escapes, surrogates,
 * raw invalid UTF-8, odd spacing, nesting, CRLF, no final newline. */
START_TEST(jsonl_identity_when_nothing_matches)
{
	wn_rules *rules = wn_test_rules(NULL, 1, NULL);
	const char in[] =
		"{\"id\":1,\"text\":\"A plain sentence that stays.\\nAnother one, also staying.\"}\n"
		"  { \"text\" : \"tab\\tquote\\\" slash\\/ \\u00e9 \\ud83d\\ude00 lone \\udc00\" , \"n\": [1,2,{\"a\":null}] }\n"
		"{\"text\":\"raw \xff\xfe bytes and \xc3\xa9\"}\r\n"
		"\n"
		"{\"meta\":{\"text\":\"nested\"},\"text\":\"\"}\n"
		"{\"text\":\"no newline at the end\"}";
	for (size_t chunk = 0; chunk < 4; chunk++) {
		wn_stream_options o = opts(WN_FORMAT_JSONL);
		run *r = stream(rules, &o, in, sizeof in - 1, chunk, -1);
		ck_assert_int_eq(r->rc, WN_OK);
		ck_assert_uint_eq(r->len, sizeof in - 1);
		ck_assert_msg(memcmp(r->out, in, sizeof in - 1) == 0, "chunk %zu:\n%s", chunk, r->out);
		ck_assert_uint_eq(r->stats.records, 5);
		ck_assert_uint_eq(r->stats.cleaned, 5);
		ck_assert_uint_eq(r->stats.changed, 0);
		ck_assert_str_eq(r->ids[0], "1");
		ck_assert_uint_eq(r->lines[4], 6);
		run_free(r);
	}
	wn_rules_free(rules);
}
END_TEST

/* A cleaned field holds exactly what the filter makes of the decoded text;
 * every other member stays as it was; oddities survive re-encoding. */
START_TEST(jsonl_cleans_the_field_and_keeps_the_rest)
{
	wn_rules *rules = wn_test_rules(NULL, 1, NULL);
	const char *in =
		"{\"url\":\"u\\u00e9\",\"doc\":{\"body\":\"An article sentence that stays where it is.\\n\\n"
		"Table of Contents\\n\\nLone \\ud800 and \\u0000 and \\u001f stay too, in a line of prose.\"},"
		"\"text\":\"Table of Contents\"}\n";
	wn_stream_options o = opts(WN_FORMAT_JSONL);
	o.field = "doc.body";
	run *r = stream(rules, &o, in, strlen(in), 0, -1);
	ck_assert_int_eq(r->rc, WN_OK);
	ck_assert_str_eq(r->out,
		"{\"url\":\"u\\u00e9\",\"doc\":{\"body\":\"An article sentence that stays where it is.\\n\\n"
		"Lone \\ud800 and \\u0000 and \\u001f stay too, in a line of prose.\"},"
		"\"text\":\"Table of Contents\"}\n");
	ck_assert_uint_eq(r->stats.changed, 1);
	run_free(r);

	/* --annotate: added before the closing brace, or in place of an old one */
	o = opts(WN_FORMAT_JSONL);
	o.annotate = 1;
	in = "{\"text\":\"Keep this sentence, it is prose.\\nTable of Contents\\n\"}\n"
	     "{\"winnow\":{\"old\":1},\"text\":\"Nothing to remove in this sentence here.\"}\n";
	r = stream(rules, &o, in, strlen(in), 0, -1);
	ck_assert_int_eq(r->rc, WN_OK);
	ck_assert_str_eq(r->out,
		"{\"text\":\"Keep this sentence, it is prose.\\n\",\"winnow\":{\"removed\":{\"toc\":18},\"spam\":0.200}}\n"
		"{\"winnow\":{\"removed\":{},\"spam\":0.000},\"text\":\"Nothing to remove in this sentence here.\"}\n");
	run_free(r);
	wn_rules_free(rules);
}
END_TEST

START_TEST(jsonl_malformed_records)
{
	wn_rules *rules = wn_test_rules(NULL, 1, NULL);
	const char *in = "{\"text\":\"fine.\"}\n"
	                 "{\"text\":\"unterminated}\n"
	                 "[1,2]\n"
	                 "{\"text\":\"x\"} trailing\n"
	                 "{\"text\":\"bad escape \\q\"}\n"
	                 "{\"id\":\"last\",\"text\":\"fine too.\"}\n";
	wn_on_error modes[] = { WN_ON_ERROR_KEEP, WN_ON_ERROR_SKIP, WN_ON_ERROR_FAIL };
	for (int m = 0; m < 3; m++) {
		wn_stream_options o = opts(WN_FORMAT_JSONL);
		o.on_error = modes[m];
		run *r = stream(rules, &o, in, strlen(in), 0, -1);
		if (modes[m] == WN_ON_ERROR_FAIL) {
			ck_assert_int_eq(r->rc, WN_ERR_FORMAT);
			ck_assert_str_eq(r->err, "line 2: truncated JSON");
			ck_assert_str_eq(r->out, "{\"text\":\"fine.\"}\n");
		} else {
			ck_assert_int_eq(r->rc, WN_OK);
			ck_assert_uint_eq(r->stats.malformed, 4);
			ck_assert_uint_eq(r->nrec, 6);
			ck_assert_uint_eq(r->lines[1], 2);
			ck_assert_ptr_nonnull(r->problems[1]);
			ck_assert_ptr_nonnull(r->problems[2]);
			ck_assert_ptr_null(r->problems[5]);
			ck_assert_str_eq(r->ids[5], "last");
			if (modes[m] == WN_ON_ERROR_KEEP)
				ck_assert_str_eq(r->out, in);
			else
				ck_assert_str_eq(r->out, "{\"text\":\"fine.\"}\n{\"id\":\"last\",\"text\":\"fine too.\"}\n");
		}
		run_free(r);
	}
	wn_rules_free(rules);
}
END_TEST

/* ------------------------------------------------------------------ */
/* gzip                                                                */

static char *gzip_members(const char *const *parts, const size_t *lens, size_t n, size_t *outlen)
{
	size_t cap = 1024;
	for (size_t i = 0; i < n; i++)
		cap += lens[i] + lens[i] / 2 + 64;
	unsigned char *out = malloc(cap);
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		z_stream z = { 0 };
		ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
		z.next_in = (unsigned char *)parts[i];
		z.avail_in = (uInt)lens[i];
		z.next_out = out + len;
		z.avail_out = (uInt)(cap - len);
		ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
		len = cap - z.avail_out;
		deflateEnd(&z);
	}
	*outlen = len;
	return (char *)out;
}

/* Inflate all members; returns the count of members. */
static unsigned gunzip_all(const char *in, size_t n, char **out, size_t *outlen)
{
	size_t cap = n * 20 + 1024, len = 0;
	unsigned members = 0;
	*out = malloc(cap);
	while (n > 0) {
		z_stream z = { 0 };
		ck_assert_int_eq(inflateInit2(&z, 31), Z_OK);
		z.next_in = (unsigned char *)in;
		z.avail_in = (uInt)n;
		z.next_out = (unsigned char *)*out + len;
		z.avail_out = (uInt)(cap - len);
		ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
		len = cap - z.avail_out;
		size_t used = n - z.avail_in;
		in += used;
		n -= used;
		inflateEnd(&z);
		members++;
	}
	*outlen = len;
	return members;
}

START_TEST(gzip_round_trip_and_damage)
{
	wn_rules *rules = wn_test_rules(NULL, 1, NULL);
	const char *a = "{\"text\":\"First record, nothing to remove here.\"}\n";
	const char *b = "{\"text\":\"Second record.\\nTable of Contents\"}\n";
	const char *parts[] = { a, b };
	size_t lens[] = { strlen(a), strlen(b) }, zn;
	char *z = gzip_members(parts, lens, 2, &zn);
	for (size_t chunk = 0; chunk < 4; chunk++) {
		wn_stream_options o = opts(WN_FORMAT_JSONL);
		run *r = stream(rules, &o, z, zn, chunk ? chunk * 7 - 6 : 0, -1);
		ck_assert_int_eq(r->rc, WN_OK);
		char *plain;
		size_t pn;
		gunzip_all(r->out, r->len, &plain, &pn);
		const char *want = "{\"text\":\"First record, nothing to remove here.\"}\n"
		                   "{\"text\":\"Second record.\\n\"}\n";
		ck_assert_uint_eq(pn, strlen(want));
		ck_assert(memcmp(plain, want, pn) == 0);
		free(plain);
		run_free(r);
	}
	/* truncated: what was inflated is written, and the stream fails */
	wn_stream_options o = opts(WN_FORMAT_JSONL);
	run *r = stream(rules, &o, z, zn - 5, 0, -1);
	ck_assert_int_eq(r->rc, WN_ERR_FORMAT);
	ck_assert_ptr_nonnull(strstr(r->err, "truncated gzip data"));
	run_free(r);
	/* corrupt: a flipped byte in the middle of the first member */
	char *bad = malloc(zn);
	memcpy(bad, z, zn);
	bad[14] ^= 0x55;
	bad[15] ^= 0x55;
	r = stream(rules, &o, bad, zn, 0, -1);
	ck_assert_int_eq(r->rc, WN_ERR_FORMAT);
	ck_assert_msg(strstr(r->err, "gzip") != NULL, "%s", r->err);
	run_free(r);
	/* garbage after the last member */
	memcpy(bad, z, zn);
	char *tail = malloc(zn + 4);
	memcpy(tail, z, zn);
	memcpy(tail + zn, "junk", 4);
	r = stream(rules, &o, tail, zn + 4, 0, -1);
	ck_assert_int_eq(r->rc, WN_ERR_FORMAT);
	ck_assert_ptr_nonnull(strstr(r->err, "data after the last gzip member"));
	run_free(r);
	/* a .gz name that holds no gzip */
	o.gzip = 1;
	r = stream(rules, &o, a, strlen(a), 0, -1);
	ck_assert_int_eq(r->rc, WN_ERR_FORMAT);
	ck_assert_ptr_nonnull(strstr(r->err, "not gzip data"));
	run_free(r);
	free(tail);
	free(bad);
	free(z);
	wn_rules_free(rules);
}
END_TEST

/* ------------------------------------------------------------------ */
/* warc                                                                */

static void sha1_base32(const char *p, size_t n, char out[33])
{
	struct sha1_ctx c;
	uint8_t d[SHA1_DIGEST_SIZE];
	sha1_init(&c);
	sha1_update(&c, n, (const uint8_t *)p);
	sha1_digest(&c, SHA1_DIGEST_SIZE, d);
	const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	uint32_t acc = 0;
	int bits = 0, k = 0;
	for (int i = 0; i < SHA1_DIGEST_SIZE; i++) {
		acc = (acc << 8) | d[i];
		bits += 8;
		while (bits >= 5) {
			out[k++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[k] = '\0';
}

/* A WARC record with a correct block digest. */
static size_t warc_record(char *out, const char *type, const char *ctype, const char *id,
                          const char *block, size_t n)
{
	char digest[33];
	sha1_base32(block, n, digest);
	int k = sprintf(out, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\n"
	                "Content-Type: %s\r\nWARC-Block-Digest: sha1:%s\r\nContent-Length: %zu\r\n\r\n",
	                type, id, ctype, digest, n);
	memcpy(out + k, block, n);
	memcpy(out + k + n, "\r\n\r\n", 4);
	return (size_t)k + n + 4;
}

/* Check every record of a WARC: the length, the block digest. */
static size_t check_warc(const char *w, size_t n)
{
	size_t pos = 0, records = 0;
	while (pos < n) {
		const char *end = strstr(w + pos, "\r\n\r\n");
		ck_assert_ptr_nonnull(end);
		const char *cl = strstr(w + pos, "Content-Length: ");
		ck_assert(cl && cl < end);
		size_t len = strtoul(cl + 16, NULL, 10);
		const char *block = end + 4;
		ck_assert_uint_le((size_t)(block - w) + len + 4, n);
		const char *bd = strstr(w + pos, "WARC-Block-Digest: sha1:");
		if (bd && bd < end) {
			char digest[33];
			sha1_base32(block, len, digest);
			ck_assert_msg(strncmp(bd + 24, digest, 32) == 0, "digest of record %zu", records);
		}
		ck_assert(memcmp(block + len, "\r\n\r\n", 4) == 0);
		pos = (size_t)(block - w) + len + 4;
		records++;
	}
	return records;
}

START_TEST(warc_records_cleaned_and_passed)
{
	wn_rules *rules = wn_test_rules(NULL, 1, NULL);
	size_t n, gn;
	char name[128];
	snprintf(name, sizeof name, "%s.txt", seed);
	char *text = wn_test_read_fixture(name, &n);
	snprintf(name, sizeof name, "%s.gold.txt", seed);
	char *gold = wn_test_read_fixture(name, &gn);
	char *w = malloc(4 * n + 8192);
	size_t wl = 0;
	const char *info = "software: test\r\n";
	wl += warc_record(w + wl, "warcinfo", "application/warc-fields", "<urn:a>", info, strlen(info));
	wl += warc_record(w + wl, "conversion", "text/plain", "<urn:b>", text, n);
	const char *plain = "Nothing to remove in this sentence, which is prose.\n";
	wl += warc_record(w + wl, "conversion", "text/plain", "<urn:c>", plain, strlen(plain));
	char *http = malloc(n + 256);
	int hk = sprintf(http, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
	                 "Content-Length: %zu\r\n\r\n", n);
	memcpy(http + hk, text, n);
	wl += warc_record(w + wl, "response", "application/http; msgtype=response", "<urn:d>", http,
	                  (size_t)hk + n);
	const char *html = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\nTable of Contents\n";
	wl += warc_record(w + wl, "response", "application/http; msgtype=response", "<urn:e>", html,
	                  strlen(html));
	w[wl] = '\0';
	for (size_t chunk = 0; chunk < 4; chunk++) {
		wn_stream_options o = opts(WN_FORMAT_WARC);
		run *r = stream(rules, &o, w, wl, chunk ? chunk * 13 - 12 : 0, -1);
		ck_assert_int_eq(r->rc, WN_OK);
		ck_assert_uint_eq(check_warc(r->out, r->len), 5);
		ck_assert_uint_eq(r->stats.records, 5);
		ck_assert_uint_eq(r->stats.cleaned, 3);
		ck_assert_uint_eq(r->stats.changed, 2);
		ck_assert_str_eq(r->ids[0], "<urn:b>");
		/* the cleaned text is the gold; the HTML passed as it was */
		ck_assert_ptr_nonnull(memmem(r->out, r->len, gold, gn));
		ck_assert_ptr_nonnull(strstr(r->out, html));
		char cl[64];
		snprintf(cl, sizeof cl, "Content-Length: %zu\r\n\r\n", gn);
		ck_assert_ptr_nonnull(strstr(r->out, cl)); /* the HTTP header's */
		run_free(r);
	}
	/* a dropped record leaves nothing, trailer included */
	wn_stream_options o = opts(WN_FORMAT_WARC);
	run *r = stream(rules, &o, w, wl, 0, 0.7);
	ck_assert_int_eq(r->rc, WN_OK);
	ck_assert_uint_eq(check_warc(r->out, r->len), 3);
	ck_assert_uint_eq(r->stats.dropped, 2);
	run_free(r);
	/* gzip: one member per record on the way out */
	const char *parts[] = { w, NULL };
	size_t lens[] = { wl, 0 }, zn;
	char *z = gzip_members(parts, lens, 1, &zn);
	r = stream(rules, &o, z, zn, 0, -1);
	ck_assert_int_eq(r->rc, WN_OK);
	char *un;
	size_t unl;
	ck_assert_uint_eq(gunzip_all(r->out, r->len, &un, &unl), 5);
	ck_assert_uint_eq(check_warc(un, unl), 5);
	free(un);
	run_free(r);
	free(z);
	free(http);
	free(w);
	free(text);
	free(gold);
	wn_rules_free(rules);
}
END_TEST

START_TEST(warc_identity_and_damage)
{
	wn_rules *rules = wn_test_rules(NULL, 1, NULL);
	char w[4096];
	size_t wl = 0;
	const char *a = "A sentence of prose that nothing removes, twice over.\n";
	wl += warc_record(w + wl, "conversion", "text/plain", "<urn:a>", a, strlen(a));
	wl += warc_record(w + wl, "request", "application/http", "<urn:b>", "GET /\r\n\r\n", 9);
	wn_stream_options o = opts(WN_FORMAT_WARC);
	run *r = stream(rules, &o, w, wl, 0, -1);
	ck_assert_int_eq(r->rc, WN_OK);
	ck_assert_uint_eq(r->len, wl);
	ck_assert(memcmp(r->out, w, wl) == 0);
	run_free(r);
	/* truncated in the block: the bytes come through, the stream fails */
	for (size_t cut = 1; cut < wl; cut += 37) {
		r = stream(rules, &o, w, cut, 0, -1);
		int complete = cut == wl;
		if (!complete && cut > 0) {
			ck_assert_msg(r->rc == WN_ERR_FORMAT || r->rc == WN_OK, "cut %zu", cut);
			if (r->rc == WN_ERR_FORMAT)
				ck_assert_ptr_nonnull(strstr(r->err, "truncated WARC record"));
			ck_assert_uint_eq(r->len, cut);
			ck_assert(memcmp(r->out, w, cut) == 0);
		}
		run_free(r);
	}
	r = stream(rules, &o, w, wl - 6, 0, -1);
	ck_assert_int_eq(r->rc, WN_ERR_FORMAT);
	ck_assert_ptr_nonnull(strstr(r->err, "block bytes"));
	run_free(r);
	/* not a WARC record, or no length */
	const char *bad[] = { "HTTP/1.1 200 OK\r\n\r\n", "WARC/1.0\r\nWARC-Type: x\r\n\r\n",
	                      "WARC/1.0\r\nContent-Length: 12x\r\n\r\n" };
	const char *why[] = { "not a WARC record at byte 0", "has no Content-Length",
	                      "bad Content-Length '12x'" };
	for (int i = 0; i < 3; i++) {
		r = stream(rules, &o, bad[i], strlen(bad[i]), 0, -1);
		ck_assert_int_eq(r->rc, WN_ERR_FORMAT);
		ck_assert_msg(strstr(r->err, why[i]) != NULL, "%s", r->err);
		run_free(r);
	}
	wn_rules_free(rules);
}
END_TEST

START_TEST(formats_from_names)
{
	int gz;
	ck_assert_int_eq(wn_format_from_name("a/b.txt", &gz), WN_FORMAT_TEXT);
	ck_assert_int_eq(gz, 0);
	ck_assert_int_eq(wn_format_from_name("x.jsonl.gz", &gz), WN_FORMAT_JSONL);
	ck_assert_int_eq(gz, 1);
	ck_assert_int_eq(wn_format_from_name("x.ndjson", &gz), WN_FORMAT_JSONL);
	ck_assert_int_eq(wn_format_from_name("CC-MAIN-1.warc.wet.gz", &gz), WN_FORMAT_WARC);
	ck_assert_int_eq(wn_format_from_name("a.warc", &gz), WN_FORMAT_WARC);
	ck_assert_int_eq(wn_format_from_name("a.wet.gz", &gz), WN_FORMAT_WARC);
	ck_assert_int_eq(wn_format_from_name("a.html", &gz), -1);
	ck_assert_int_eq(wn_format_from_name("a.gz", &gz), -1);
	ck_assert_int_eq(wn_format_from_name("txt", &gz), -1);
}
END_TEST

Suite *suite_stream(void)
{
	Suite *s = suite_create("stream");
	TCase *tc = tcase_create("formats");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, text_separators_split_documents);
	tcase_add_test(tc, jsonl_identity_when_nothing_matches);
	tcase_add_test(tc, jsonl_cleans_the_field_and_keeps_the_rest);
	tcase_add_test(tc, jsonl_malformed_records);
	tcase_add_test(tc, gzip_round_trip_and_damage);
	tcase_add_test(tc, warc_records_cleaned_and_passed);
	tcase_add_test(tc, warc_identity_and_damage);
	tcase_add_test(tc, formats_from_names);
	suite_add_tcase(s, tc);
	return s;
}
