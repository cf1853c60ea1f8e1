/*
 * snippets.c: snippet labels and the snippet metric.
 *
 * Owns the evaluation format of trafilatura's benchmark (labels.json: a
 * few snippets of article text a cleaned page must keep, `with`, and of
 * boilerplate it must lose, `without`) and its metric: the output and each
 * snippet are whitespace-normalised (every run of white space, as Python's
 * str.isspace() knows it, becomes one space; the ends are trimmed) and a
 * snippet is present when it is a substring of the output. Also owns
 * labelling a page's lines from its snippets, which is what `winnow tune
 * --fit` learns from.
 */
#define _GNU_SOURCE /* memmem */
#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "utf8.h"
#include "winnow.h"

struct wn_snippets {
	char *lang;
	size_t nwith, n;          /* the first nwith are `with` */
	char **text;              /* normalised */
	size_t *len;
};

/* Python's str.isspace() */
static int py_space(int32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 ||
	       cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Whitespace-normalise s into out (cleared first). Invalid UTF-8 becomes
 * U+FFFD, as a decoder with errors='replace' makes it. */
static int normalise(const char *s, size_t n, wn_vec *out)
{
	const unsigned char *u = (const unsigned char *)s;
	int space = 0;
	out->len = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t l = u[i] < 0x80 ? (cp = u[i], 1) : wn_utf8_decode(u + i, n - i, &cp);
		if (py_space(cp)) {
			space = out->len > 0;
			i += l;
			continue;
		}
		if (space && wn_buf_putc(out, ' '))
			return -1;
		space = 0;
		if (cp < 0) {
			if (wn_buf_append(out, "\xEF\xBF\xBD", 3))
				return -1;
		} else if (wn_buf_append(out, s + i, l)) {
			return -1;
		}
		i += l;
	}
	return wn_buf_cstr(out);
}

void wn_snippets_free(wn_snippets *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->text[i]);
	free(s->text);
	free(s->len);
	free(s->lang);
	free(s);
}

static int token_is(const char *json, const jsmntok_t *t, const char *key)
{
	size_t n = strlen(key);
	return t->type == JSMN_STRING && (size_t)(t->end - t->start) == n &&
	       memcmp(json + t->start, key, n) == 0;
}

/* The token after the value at i (its whole subtree skipped: tokens come
 * in order of their start, and a subtree lies inside its root's bytes). No
 * recursion, so deep nesting cannot exhaust the stack. */
static int skip(const jsmntok_t *t, int count, int i)
{
	if (i >= count)
		return count;
	int end = i + 1;
	while (end < count && t[end].start < t[i].end)
		end++;
	return end;
}

static int add_string(wn_snippets *s, const char *json, const jsmntok_t *t, wn_vec *raw,
                      wn_vec *norm)
{
	if (wn_json_decode_string(json + t->start, (size_t)(t->end - t->start), raw) ||
	    normalise(raw->data, raw->len, norm))
		return -1;
	s->text[s->n] = wn_strndup(norm->data ? norm->data : "", norm->len);
	s->len[s->n] = norm->len;
	return s->text[s->n++] ? 0 : -1;
}

wn_snippets *wn_snippets_parse(const char *json, size_t len, char *err, size_t errlen)
{
	jsmn_parser p;
	jsmn_init(&p);
	int count = jsmn_parse(&p, json, len, NULL, 0);
	if (count < 1) {
		snprintf(err, errlen, "not a JSON object");
		return NULL;
	}
	jsmntok_t *t = malloc((size_t)count * sizeof *t);
	wn_snippets *s = calloc(1, sizeof *s);
	wn_vec raw = { 0 }, norm = { 0 };
	if (!t || !s)
		goto nomem;
	jsmn_init(&p);
	if (jsmn_parse(&p, json, len, t, (unsigned)count) != count || t[0].type != JSMN_OBJECT) {
		snprintf(err, errlen, "not a JSON object");
		goto fail;
	}
	s->text = calloc((size_t)count, sizeof *s->text);
	s->len = calloc((size_t)count, sizeof *s->len);
	if (!s->text || !s->len)
		goto nomem;
	/* `with` first, then `without`, then the rest */
	for (int pass = 0; pass < 3; pass++) {
		for (int i = 1; i < count;) {
			const jsmntok_t *key = &t[i], *val = &t[i + 1 < count ? i + 1 : i];
			int next = skip(t, count, i + 1);
			int want = pass == 0 ? token_is(json, key, "with")
			         : pass == 1 ? token_is(json, key, "without") : token_is(json, key, "lang");
			if (want && pass < 2) {
				if (val->type != JSMN_ARRAY) {
					snprintf(err, errlen, "\"%s\" is not an array of strings",
					         pass ? "without" : "with");
					goto fail;
				}
				for (int k = i + 2; k < next; k++) {
					if (t[k].type != JSMN_STRING) {
						snprintf(err, errlen, "\"%s\" holds something other than strings",
						         pass ? "without" : "with");
						goto fail;
					}
					if (add_string(s, json, &t[k], &raw, &norm))
						goto nomem;
				}
			} else if (want && val->type == JSMN_STRING && !s->lang) {
				if (wn_json_decode_string(json + val->start, (size_t)(val->end - val->start), &raw) ||
				    !(s->lang = wn_strndup(raw.data ? raw.data : "", raw.len)))
					goto nomem;
			}
			i = next;
		}
		if (pass == 0)
			s->nwith = s->n;
	}
	if (s->n == 0) {
		snprintf(err, errlen, "no \"with\" or \"without\" snippets");
		goto fail;
	}
	free(t);
	wn_vec_free(&raw);
	wn_vec_free(&norm);
	return s;
nomem:
	snprintf(err, errlen, "out of memory");
fail:
	free(t);
	wn_vec_free(&raw);
	wn_vec_free(&norm);
	wn_snippets_free(s);
	return NULL;
}

const char *wn_snippets_lang(const wn_snippets *s)
{
	return s->lang ? s->lang : "";
}

size_t wn_snippets_count(const wn_snippets *s)
{
	return s->n;
}

const char *wn_snippets_text(const wn_snippets *s, size_t i, int *with)
{
	if (i >= s->n)
		return NULL;
	if (with)
		*with = i < s->nwith;
	return s->text[i];
}

int wn_snippets_score(const wn_snippets *s, const char *text, size_t len, unsigned char *present,
                      wn_snippet_score *out)
{
	wn_vec norm = { 0 };
	if (normalise(text, len, &norm)) {
		wn_vec_free(&norm);
		return WN_ERR_NOMEM;
	}
	memset(out, 0, sizeof *out);
	const char *hay = norm.data ? norm.data : "";
	for (size_t i = 0; i < s->n; i++) {
		int in = s->len[i] == 0 || memmem(hay, norm.len, s->text[i], s->len[i]) != NULL;
		if (present)
			present[i] = (unsigned char)in;
		if (i < s->nwith) {
			out->tp += in;
			out->fn += !in;
		} else {
			out->fp += in;
			out->tn += !in;
		}
	}
	wn_vec_free(&norm);
	return WN_OK;
}

int wn_snippets_label_lines(const wn_snippets *s, const char *text, size_t len, signed char *out,
                            size_t nlines)
{
	/* the normalised page with, per byte of it, the line it came from */
	wn_vec norm = { 0 }, owner = { 0 }, line = { 0 };
	int rc = WN_OK;
	size_t lineno = 0;
	for (size_t i = 0; i < nlines; i++)
		out[i] = -1;
	for (size_t start = 0; start <= len && lineno < nlines; lineno++) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (normalise(text + start, end - start, &line)) {
			rc = WN_ERR_NOMEM;
			break;
		}
		if (line.len) {
			if (norm.len && (wn_buf_putc(&norm, ' ') ||
			                 !wn_vec_push(&owner, sizeof(uint32_t), &(uint32_t){ UINT32_MAX }))) {
				rc = WN_ERR_NOMEM;
				break;
			}
			if (wn_buf_append(&norm, line.data, line.len) ||
			    wn_vec_reserve(&owner, sizeof(uint32_t), owner.len + line.len)) {
				rc = WN_ERR_NOMEM;
				break;
			}
			for (size_t k = 0; k < line.len; k++)
				WN_VEC_AT(owner, uint32_t, owner.len++) = (uint32_t)lineno;
		}
		if (!nl)
			break;
		start = end + 1;
	}
	/* every occurrence of every snippet labels the lines it touches; a line
	 * touched by both kinds stays unlabelled */
	for (size_t i = 0; rc == WN_OK && i < s->n; i++) {
		if (!s->len[i])
			continue;
		const char *hay = norm.data, *at = hay;
		while (at && (size_t)(at - hay) + s->len[i] <= norm.len &&
		       (at = memmem(at, norm.len - (size_t)(at - hay), s->text[i], s->len[i])) != NULL) {
			size_t a = (size_t)(at - hay), b = a + s->len[i];
			signed char label = i < s->nwith ? 1 : 0;
			for (size_t k = a; k < b; k++) {
				uint32_t ln = WN_VEC_AT(owner, uint32_t, k);
				if (ln == UINT32_MAX || (k > a && ln == WN_VEC_AT(owner, uint32_t, k - 1)))
					continue;
				out[ln] = out[ln] == -1 || out[ln] == label ? label : -2;
			}
			at++;
		}
	}
	for (size_t i = 0; i < nlines; i++)
		if (out[i] == -2)
			out[i] = -1;
	wn_vec_free(&norm);
	wn_vec_free(&owner);
	wn_vec_free(&line);
	return rc;
}
