/*
 * jsonl.c: cleaning one field of JSON-lines records.
 *
 * Owns the JSONL format: each record is one JSON object on one line; the
 * field named by a dotted path (default "text") is decoded, cleaned by the
 * filter and encoded back in place, and every other byte of the record is
 * left exactly as it was. jsmn (libjsmn) tokenises the record: it is the
 * JSON library that reports where each value sits in the input, which is
 * what lets the rest of the record stay byte-identical.
 *
 * Decoding keeps what JSON text can carry but UTF-8 cannot: a lone
 * surrogate escape (\ud800) becomes its WTF-8 bytes, invalid UTF-8 stays as
 * raw bytes, and encoding turns both back into what they were, so a record
 * nothing matched comes out unchanged and a cleaned one keeps its oddities.
 */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

struct wn_jsonl {
	char **path;          /* the field's dotted path, split */
	size_t depth;
	wn_vec tokens;        /* jsmntok_t of the current record */
	int ntokens;
	int field;            /* token of the text field, -1: none */
};

static void free_path(char **path, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(path[i]);
	free(path);
}

wn_jsonl *wn_jsonl_new(const char *field)
{
	wn_jsonl *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	if (!field || !*field)
		field = "text";
	size_t n = 1;
	for (const char *p = field; *p; p++)
		n += *p == '.';
	j->path = calloc(n, sizeof *j->path);
	if (!j->path) {
		free(j);
		return NULL;
	}
	const char *s = field;
	for (size_t i = 0; i < n; i++) {
		const char *dot = strchr(s, '.');
		size_t len = dot ? (size_t)(dot - s) : strlen(s);
		j->path[i] = wn_strndup(s, len);
		if (!j->path[i]) {
			free_path(j->path, i);
			free(j);
			return NULL;
		}
		j->depth++;
		s = dot ? dot + 1 : s + len;
	}
	return j;
}

void wn_jsonl_free(wn_jsonl *j)
{
	if (!j)
		return;
	free_path(j->path, j->depth);
	wn_vec_free(&j->tokens);
	free(j);
}

/* ------------------------------------------------------------------ */
/* JSON strings                                                        */

static int hex4(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
		else return -1;
	}
	*out = v;
	return 0;
}

/* Code points up to U+10FFFF as UTF-8, surrogates included (WTF-8). */
static size_t encode_wtf8(uint32_t cp, char *o)
{
	unsigned char *u = (unsigned char *)o;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (unsigned char)(0xF0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int wn_json_decode_string(const char *s, size_t n, wn_vec *out)
{
	out->len = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] != '\\') {
			size_t k = i;
			while (k < n && s[k] != '\\')
				k++;
			if (wn_buf_append(out, s + i, k - i))
				return -1;
			i = k;
			continue;
		}
		if (i + 1 >= n)
			return -1;
		char c = s[i + 1], b;
		switch (c) {
		case '"': b = '"'; break;
		case '\\': b = '\\'; break;
		case '/': b = '/'; break;
		case 'b': b = '\b'; break;
		case 'f': b = '\f'; break;
		case 'n': b = '\n'; break;
		case 'r': b = '\r'; break;
		case 't': b = '\t'; break;
		case 'u': {
			uint32_t cp, lo;
			if (i + 6 > n || hex4(s + i + 2, &cp))
				return -1;
			i += 6;
			if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' &&
			    hex4(s + i + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
			char buf[4];
			if (wn_buf_append(out, buf, encode_wtf8(cp, buf)))
				return -1;
			continue;
		}
		default:
			return -1;
		}
		if (wn_buf_putc(out, b))
			return -1;
		i += 2;
	}
	return 0;
}

/* Encode bytes as a JSON string (quotes included): the inverse of
 * decode_string for what it produces. */
static int encode_string(const char *s, size_t n, wn_vec *out)
{
	const unsigned char *u = (const unsigned char *)s;
	if (wn_buf_putc(out, '"'))
		return -1;
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		char esc[8];
		const char *rep = NULL;
		size_t take = 1;
		if (c == '"') rep = "\\\"";
		else if (c == '\\') rep = "\\\\";
		else if (c == '\n') rep = "\\n";
		else if (c == '\r') rep = "\\r";
		else if (c == '\t') rep = "\\t";
		else if (c == '\b') rep = "\\b";
		else if (c == '\f') rep = "\\f";
		else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			rep = esc;
		} else if (c == 0xED && i + 2 < n && (u[i + 1] & 0xE0) == 0xA0 &&
		           (u[i + 2] & 0xC0) == 0x80) {
			/* a surrogate in WTF-8: it came from an escape, it goes back to one */
			unsigned cp = ((unsigned)(c & 0x0F) << 12) | ((unsigned)(u[i + 1] & 0x3F) << 6) |
			              (u[i + 2] & 0x3F);
			snprintf(esc, sizeof esc, "\\u%04x", cp);
			rep = esc;
			take = 3;
		}
		if (rep) {
			if (wn_buf_append(out, rep, strlen(rep)))
				return -1;
			i += take;
			continue;
		}
		size_t k = i;
		while (k < n && u[k] >= 0x20 && u[k] != '"' && u[k] != '\\' && u[k] != 0xED)
			k++;
		if (k == i)
			k = i + 1;
		if (wn_buf_append(out, s + i, k - i))
			return -1;
		i = k;
	}
	return wn_buf_putc(out, '"');
}

/* ------------------------------------------------------------------ */
/* records                                                             */

/* The value token of key in object obj, or -1. */
static int member(const jsmntok_t *t, int n, int obj, const char *line, const char *key)
{
	size_t klen = strlen(key);
	for (int k = obj + 1; k < n && t[k].start < t[obj].end; k++)
		if (t[k].parent == obj && t[k].type == JSMN_STRING && t[k].size == 1 &&
		    (size_t)(t[k].end - t[k].start) == klen &&
		    memcmp(line + t[k].start, key, klen) == 0)
			return k + 1;
	return -1;
}

int wn_jsonl_parse(wn_jsonl *j, const char *line, size_t len, wn_vec *text, const char **why)
{
	*why = NULL;
	j->ntokens = 0;
	j->field = -1;
	if (len > (size_t)INT32_MAX) {
		*why = "record longer than 2 GiB";
		return -1;
	}
	jsmn_parser p;
	jsmn_init(&p);
	int n = jsmn_parse(&p, line, len, NULL, 0);
	if (n < 0) {
		*why = n == JSMN_ERROR_PART ? "truncated JSON" : "not valid JSON";
		return -1;
	}
	if (n == 0) {
		*why = "not a JSON object";
		return -1;
	}
	j->tokens.len = 0;
	if (!wn_vec_grow(&j->tokens, sizeof(jsmntok_t), (size_t)n))
		return -2;
	jsmn_init(&p);
	jsmntok_t *t = j->tokens.data;
	n = jsmn_parse(&p, line, len, t, (unsigned)n);
	if (n < 1 || t[0].type != JSMN_OBJECT) {
		*why = "not a JSON object";
		return -1;
	}
	/* nothing but white space around the object */
	for (size_t k = 0; k < len; k++) {
		if (k == (size_t)t[0].start)
			k = (size_t)t[0].end;
		if (k < len && line[k] != ' ' && line[k] != '\t' && line[k] != '\r') {
			*why = "text outside the JSON object";
			return -1;
		}
	}
	j->ntokens = n;
	int obj = 0, val = -1;
	for (size_t d = 0; d < j->depth; d++) {
		val = member(t, n, obj, line, j->path[d]);
		if (val < 0 || (d + 1 < j->depth && t[val].type != JSMN_OBJECT))
			return 0;
		obj = val;
	}
	if (t[val].type != JSMN_STRING)
		return 0;
	if (wn_json_decode_string(line + t[val].start, (size_t)(t[val].end - t[val].start), text)) {
		*why = "bad escape in the text field";
		return -1;
	}
	j->field = val;
	return 1;
}

size_t wn_jsonl_id(const wn_jsonl *j, const char *line, const char **id)
{
	const jsmntok_t *t = j->tokens.data;
	int k = j->ntokens ? member(t, j->ntokens, 0, line, "id") : -1;
	if (k < 0 || (t[k].type != JSMN_STRING && t[k].type != JSMN_PRIMITIVE)) {
		*id = NULL;
		return 0;
	}
	*id = line + t[k].start;
	return (size_t)(t[k].end - t[k].start);
}

/* ,"winnow":{"removed":{"cat":bytes,...},"spam":0.9} */
static int annotation(const wn_doc_stats *st, const wn_rules *r, wn_vec *out)
{
	char num[64];
	int err = wn_buf_append(out, "{\"removed\":{", 12);
	int first = 1;
	for (size_t c = 0; c < wn_rules_category_count(r); c++) {
		if (!st->cat_bytes[c])
			continue;
		/* category names are [a-z0-9_]: no escaping needed */
		const char *name = wn_rules_category_name(r, c);
		err |= wn_buf_append(out, first ? "\"" : ",\"", first ? 1 : 2);
		err |= wn_buf_append(out, name, strlen(name));
		snprintf(num, sizeof num, "\":%zu", st->cat_bytes[c]);
		err |= wn_buf_append(out, num, strlen(num));
		first = 0;
	}
	snprintf(num, sizeof num, "},\"spam\":%.3f}", st->spam_score);
	err |= wn_buf_append(out, num, strlen(num));
	return err ? -1 : 0;
}

typedef struct edit {
	size_t start, end;   /* bytes of the record replaced */
	int annotate;        /* 0: the cleaned field; 1: the annotation */
	int insert_comma;
} edit;

int wn_jsonl_rebuild(const wn_jsonl *j, const char *line, size_t len, const char *clean,
                     size_t clean_len, const wn_doc_stats *st, const wn_rules *annotate,
                     wn_vec *out)
{
	const jsmntok_t *t = j->tokens.data;
	edit edits[2];
	size_t nedits = 0;
	if (clean && j->field >= 0) /* the string with its quotes */
		edits[nedits++] = (edit){ (size_t)t[j->field].start - 1, (size_t)t[j->field].end + 1, 0, 0 };
	if (annotate && j->ntokens) {
		int old = member(t, j->ntokens, 0, line, "winnow");
		if (old >= 0) {
			size_t s = (size_t)t[old].start, e = (size_t)t[old].end;
			if (t[old].type == JSMN_STRING) /* the quotes */
				s--, e++;
			edits[nedits++] = (edit){ s, e, 1, 0 };
		} else {
			/* before the closing brace; an empty object takes no comma */
			size_t close = (size_t)t[0].end - 1;
			edits[nedits++] = (edit){ close, close, 1, t[0].size > 0 };
		}
	}
	if (nedits == 2 && edits[1].start < edits[0].start) {
		edit tmp = edits[0];
		edits[0] = edits[1];
		edits[1] = tmp;
	}
	out->len = 0;
	int err = 0;
	size_t pos = 0;
	for (size_t i = 0; i < nedits; i++) {
		err |= wn_buf_append(out, line + pos, edits[i].start - pos);
		if (!edits[i].annotate) {
			err |= encode_string(clean, clean_len, out);
		} else {
			if (edits[i].insert_comma)
				err |= wn_buf_append(out, ",\"winnow\":", 10);
			else if (edits[i].start == edits[i].end)
				err |= wn_buf_append(out, "\"winnow\":", 9);
			err |= annotation(st, annotate, out);
		}
		pos = edits[i].end;
	}
	err |= wn_buf_append(out, line + pos, len - pos);
	return err ? -1 : 0;
}
