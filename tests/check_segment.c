/* check_segment.c: lines, line ends and line features. */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "helpers.h"

static wn_rules *empty_rules(void)
{
	wn_rules *r = wn_rules_new(NULL, NULL);
	ck_assert_int_eq(wn_rules_compile(r), WN_OK);
	return r;
}

static wn_doc *segment(wn_doc *d, const wn_rules *r, const char *text, size_t len)
{
	memset(d, 0, sizeof *d);
	d->bytes = text;
	d->len = len;
	ck_assert_int_eq(wn_doc_segment(d, r, 1 << 20), 0);
	return d;
}

static const wn_line *line(const wn_doc *d, size_t i)
{
	ck_assert_uint_lt(i, d->lines.len);
	return &((const wn_line *)d->lines.data)[i];
}

START_TEST(splits_on_lf_crlf_and_lone_cr)
{
	wn_rules *r = empty_rules();
	wn_doc d;
	const char *t = "one\ntwo\r\nthree\rfour";
	segment(&d, r, t, strlen(t));
	ck_assert_uint_eq(d.lines.len, 4);
	ck_assert_uint_eq(line(&d, 0)->len, 3);
	ck_assert_uint_eq(line(&d, 0)->term, 1);
	ck_assert_uint_eq(line(&d, 1)->start, 4);
	ck_assert_uint_eq(line(&d, 1)->term, 2);
	ck_assert_uint_eq(line(&d, 2)->term, 1);
	ck_assert_uint_eq(line(&d, 3)->len, 4);
	ck_assert_uint_eq(line(&d, 3)->term, 0);
	wn_doc_free(&d);
	wn_rules_free(r);
}
END_TEST

START_TEST(blank_lines_include_unicode_spaces)
{
	wn_rules *r = empty_rules();
	wn_doc d;
	const char *t = "a\n \t\n\xC2\xA0\xE2\x80\x83\n\xEF\xBB\xBF\nb\n";
	segment(&d, r, t, strlen(t));
	ck_assert_uint_eq(d.lines.len, 5);
	ck_assert(!line(&d, 0)->blank);
	ck_assert(line(&d, 1)->blank);
	ck_assert(line(&d, 2)->blank);
	ck_assert(line(&d, 3)->blank);
	ck_assert(!line(&d, 4)->blank);
	ck_assert_uint_eq(d.nonblank.len, 2);
	wn_doc_free(&d);
	wn_rules_free(r);
}
END_TEST

START_TEST(duplicate_and_neighbour_features)
{
	wn_rules *r = empty_rules();
	wn_doc d;
	const char *t = "Caption A\n\n  caption a  \nprose\nCaption A\n";
	segment(&d, r, t, strlen(t));
	const wn_feats *f = d.feats.data;
	ck_assert_float_eq(f[0].v[WN_F_DUP_NEXT], 1);   /* case and spaces do not count */
	ck_assert_float_eq(f[2].v[WN_F_DUP_PREV], 1);
	ck_assert_float_eq(f[0].v[WN_F_REPEATS], 2);
	ck_assert_float_eq(f[3].v[WN_F_REPEATS], 0);
	ck_assert_float_eq(f[4].v[WN_F_DUP_NEAR], 1);
	ck_assert_float_eq(f[0].v[WN_F_BLANK_AFTER], 1);
	ck_assert_float_eq(f[3].v[WN_F_BLANK_BEFORE], 0);
	ck_assert_float_eq(f[2].v[WN_F_INDENT], 2);
	ck_assert_float_eq(f[3].v[WN_F_LINE_NO], 3);
	ck_assert_float_eq(f[3].v[WN_F_LINES_LEFT], 1);
	wn_doc_free(&d);
	wn_rules_free(r);
}
END_TEST

START_TEST(oversize_lines_are_not_examined)
{
	wn_rules *r = empty_rules();
	wn_doc d;
	memset(&d, 0, sizeof d);
	const char *t = "short\nthis line is long\n";
	d.bytes = t;
	d.len = strlen(t);
	ck_assert_int_eq(wn_doc_segment(&d, r, 8), 0);
	ck_assert(!line(&d, 0)->oversize);
	ck_assert(line(&d, 1)->oversize);
	ck_assert_uint_eq(d.oversize, 1);
	wn_doc_free(&d);
	wn_rules_free(r);
}
END_TEST

START_TEST(language_is_the_best_stopword_list)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_doc d;
	const char *de = "Die Akte ist für alle da, und sie kommt nicht von allein zu den Ärzten.\n";
	segment(&d, r, de, strlen(de));
	ck_assert_int_eq(d.stop_list, wn_wordlists_find(&r->lists, "stop.de"));
	wn_doc_free(&d);
	const char *xx = "Zxq vbn mlk.\n";
	segment(&d, r, xx, strlen(xx));
	ck_assert_int_eq(d.stop_list, -1);
	ck_assert_float_eq(((wn_feats *)d.feats.data)[0].v[WN_F_LANG_KNOWN], 0);
	wn_doc_free(&d);
	wn_rules_free(r);
}
END_TEST

/* Segment text again in d, which has seen other documents (its memo of
 * short lines is warm), and check every line against a fresh doc. */
static void same_as_cold(wn_doc *warm, const wn_rules *r, const char *text)
{
	warm->bytes = text;
	warm->len = strlen(text);
	ck_assert_int_eq(wn_doc_segment(warm, r, 1 << 20), 0);
	wn_doc cold;
	segment(&cold, r, text, strlen(text));
	ck_assert_uint_eq(warm->lines.len, cold.lines.len);
	for (size_t i = 0; i < cold.lines.len; i++) {
		const wn_feats *w = &((const wn_feats *)warm->feats.data)[i];
		const wn_feats *c = &((const wn_feats *)cold.feats.data)[i];
		for (int k = 0; k < WN_F_COUNT; k++)
			ck_assert_msg(w->v[k] == c->v[k], "line %zu, %s: %g from the memo, %g measured", i,
			              wn_feature_table[k].name, (double)w->v[k], (double)c->v[k]);
		ck_assert(memcmp(w->list, c->list, sizeof w->list) == 0);
		ck_assert_uint_eq(line(warm, i)->hash, line(&cold, i)->hash);
	}
	wn_doc_free(&cold);
}

START_TEST(lines_seen_before_measure_as_new)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_doc d;
	/* 63, 64 and 65 bytes: either side of the longest line remembered */
	const char *first = "Home\nShare this article\nHOME\nMenü öffnen\nNach oben\n"
	                    "Lorem ipsum dolor sit amet\n\tIndented menu\nPhoto: Reuters\n"
	                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";
	segment(&d, r, first, strlen(first));
	/* the same lines and others whose view is the same but whose bytes are
	 * not (case, spaces, an NBSP, a line end), in another order */
	same_as_cold(&d, r, "home\nHome\nHome \n  Home\nHome\r\nHOME\nHo\xC2\xA0me\n"
	                    "Nach oben\nnach oben\nLorem ipsum dolor sit amet\n"
	                    "Share this article\nShare This Article\nMENÜ ÖFFNEN\nMenü öffnen\n"
	                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaA\n");
	/* enough lines to evict: every set turns over */
	char many[80000];
	size_t n = 0;
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "Item %d of the menu\n", i % 1500);
	same_as_cold(&d, r, many);
	same_as_cold(&d, r, first);
	/* other rules, other word lists: nothing is taken from the old memo */
	wn_rules *other = wn_test_rules("wordlist stop.xx\n  words home share article nach oben\n", 0, NULL);
	ck_assert_ptr_nonnull(other);
	same_as_cold(&d, other, first);
	wn_rules_free(other);
	wn_doc_free(&d);
	wn_rules_free(r);
}
END_TEST

Suite *suite_segment(void)
{
	Suite *s = suite_create("segment");
	TCase *tc = tcase_create("lines");
	tcase_add_test(tc, splits_on_lf_crlf_and_lone_cr);
	tcase_add_test(tc, blank_lines_include_unicode_spaces);
	tcase_add_test(tc, duplicate_and_neighbour_features);
	tcase_add_test(tc, oversize_lines_are_not_examined);
	tcase_add_test(tc, language_is_the_best_stopword_list);
	tcase_add_test(tc, lines_seen_before_measure_as_new);
	suite_add_tcase(s, tc);
	return s;
}
