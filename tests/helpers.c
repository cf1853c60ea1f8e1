/* helpers.c: see helpers.h. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wn_test_collect_diag(void *ud, const wn_diag *d)
{
	test_diags *t = ud;
	if (d->level == WN_DIAG_ERROR)
		t->errors++;
	size_t used = strlen(t->text);
	wn_diag_format(d, t->text + used, sizeof t->text - used);
}

wn_rules *wn_test_rules(const char *text, int builtin, test_diags *d)
{
	test_diags local;
	if (!d)
		d = &local;
	memset(d, 0, sizeof *d);
	wn_rules *r = wn_rules_new(wn_test_collect_diag, d);
	ck_assert_ptr_nonnull(r);
	if (builtin)
		wn_rules_add_builtin(r);
	if (text)
		wn_rules_add_buffer(r, "test.rules", text, strlen(text));
	wn_rules_compile(r); /* even after errors: it reports the rest */
	if (d->errors) {
		wn_rules_free(r);
		return NULL;
	}
	return r;
}

typedef struct out {
	char *buf;
	size_t len, cap;
} out;

static int append(void *ud, const char *p, size_t n)
{
	out *o = ud;
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->buf = realloc(o->buf, o->cap);
		ck_assert_ptr_nonnull(o->buf);
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	o->buf[o->len] = '\0';
	return 0;
}

static char *feed_in_chunks(wn_filter *f, const char *input, size_t len, size_t chunk)
{
	out o = { calloc(1, 1), 0, 1 };
	wn_filter_set_output(f, append, &o);
	if (chunk == 0)
		chunk = len ? len : 1;
	for (size_t i = 0; i < len; i += chunk) {
		size_t n = len - i < chunk ? len - i : chunk;
		ck_assert_int_eq(wn_filter_feed(f, input + i, n), WN_OK);
	}
	ck_assert_int_eq(wn_filter_finish(f), WN_OK);
	wn_filter_set_output(f, NULL, NULL);
	return o.buf;
}

char *wn_test_run(const wn_rules *r, const char *input, size_t len, size_t chunk,
                  size_t max_doc, wn_doc_stats *stats)
{
	wn_filter_options opts = { max_doc, 0 };
	wn_filter *f = wn_filter_new(r, &opts);
	ck_assert_ptr_nonnull(f);
	char *buf = feed_in_chunks(f, input, len, chunk);
	if (stats)
		*stats = *wn_filter_stats(f);
	wn_filter_free(f);
	return buf;
}

char *wn_test_run_filter(wn_filter *f, const char *input, size_t len)
{
	return feed_in_chunks(f, input, len, 0);
}

typedef struct explain_ctx {
	out o;
	const wn_rules *rules;
} explain_ctx;

static void explain(void *ud, const wn_line_verdict *v)
{
	explain_ctx *x = ud;
	static const char *names[] = { "KEEP", "DROP", "PART" };
	char word[128];
	const char *id = "-";
	int rule = v->rule >= 0 ? v->rule : v->nspans ? v->spans[0].rule : -1;
	wn_rule_info info;
	if (rule >= 0 && wn_rules_get(x->rules, (size_t)rule, &info) == WN_OK)
		id = info.id;
	snprintf(word, sizeof word, "%s%s %s", x->o.len ? " " : "", names[v->verdict], id);
	append(&x->o, word, strlen(word));
}

char *wn_test_explain(const wn_rules *r, const char *input)
{
	explain_ctx x = { { calloc(1, 1), 0, 1 }, r };
	wn_filter *f = wn_filter_new(r, NULL);
	ck_assert_ptr_nonnull(f);
	wn_filter_set_explain(f, explain, &x);
	ck_assert_int_eq(wn_filter_feed(f, input, strlen(input)), WN_OK);
	ck_assert_int_eq(wn_filter_finish(f), WN_OK);
	wn_filter_free(f);
	return x.o.buf;
}

char *wn_test_read_fixture(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", FIXTURES_DIR, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}
