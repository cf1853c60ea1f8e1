/* check_segment.c: lines, line ends and line features. */
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

Suite *suite_segment(void)
{
	Suite *s = suite_create("segment");
	TCase *tc = tcase_create("lines");
	tcase_add_test(tc, splits_on_lf_crlf_and_lone_cr);
	tcase_add_test(tc, blank_lines_include_unicode_spaces);
	tcase_add_test(tc, duplicate_and_neighbour_features);
	tcase_add_test(tc, oversize_lines_are_not_examined);
	tcase_add_test(tc, language_is_the_best_stopword_list);
	suite_add_tcase(s, tc);
	return s;
}
