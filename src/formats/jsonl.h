/*
 * jsonl.h: the JSON-lines record format.
 *
 * Owns one record at a time: tokenising it, finding the text field by its
 * dotted path, decoding the field into the bytes the filter sees, and
 * splicing the cleaned text (and an optional "winnow" annotation) back into
 * the record with every other byte left as it was.
 */
#ifndef WN_JSONL_H
#define WN_JSONL_H

#include "buf.h"
#include "winnow.h"

typedef struct wn_jsonl wn_jsonl;

/* field: dotted path of the text field ("text", "meta.body"); NULL: "text". */
wn_jsonl *wn_jsonl_new(const char *field);
void wn_jsonl_free(wn_jsonl *j);

/* Tokenise the record line[0..len) (no line end). Returns 1 and the
 * decoded field in text, 0 when the record has no string at the field's
 * path, -1 for a malformed record (*why says how), -2 out of memory. */
int wn_jsonl_parse(wn_jsonl *j, const char *line, size_t len, wn_vec *text, const char **why);

/* The raw JSON of the record's top-level "id" member (without quotes for a
 * string); 0 and *id NULL when there is none. After a successful parse. */
size_t wn_jsonl_id(const wn_jsonl *j, const char *line, const char **id);

/* Write the record into out with the field replaced by clean (NULL: left
 * as it was) and, when annotate is set, a "winnow" member describing st
 * (replacing an existing one). After a successful parse. -1 out of memory. */
int wn_jsonl_rebuild(const wn_jsonl *j, const char *line, size_t len, const char *clean,
                     size_t clean_len, const wn_doc_stats *st, const wn_rules *annotate,
                     wn_vec *out);

/* Decode the body of a JSON string (between the quotes) into out (cleared
 * first): escapes decoded, a lone surrogate as its WTF-8 bytes. -1 on a
 * bad escape or out of memory. */
int wn_json_decode_string(const char *s, size_t n, wn_vec *out);

#endif
