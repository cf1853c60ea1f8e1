/*
 * check_region.c: the context model: hard-wrap detection, paragraph scope,
 * the main region and its growth, and the benchmark metric.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "helpers.h"

static char *run(const char *rules, const char *input)
{
	test_diags d;
	wn_rules *r = wn_test_rules(rules, 0, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	char *out = wn_test_run(r, input, strlen(input), 0, 0, NULL);
	wn_rules_free(r);
	return out;
}

static int wrapped(const char *text)
{
	wn_rules *r = wn_rules_new(NULL, NULL);
	ck_assert_int_eq(wn_rules_compile(r), WN_OK);
	wn_doc d;
	memset(&d, 0, sizeof d);
	d.bytes = text;
	d.len = strlen(text);
	ck_assert_int_eq(wn_doc_segment(&d, r, 1 << 20), 0);
	int w = d.lines.len && ((wn_feats *)d.feats.data)[0].v[WN_F_WRAPPED] != 0;
	wn_doc_free(&d);
	wn_rules_free(r);
	return w;
}

static const char *wrapped_text =
	"Three people have died during protests in Bolivia against the self-declared\n"
	"interim government that ousted Evo Morales, after violent clashes erupted\n"
	"between the socialist leader's supporters and security forces.\n"
	"\n"
	"In addition to the three fatalities at a fuel plant on Tuesday, Bolivia's\n"
	"public defender's office said another 30 people had been injured in the\n"
	"skirmishes, but added the exact circumstances of the deaths and injuries\n"
	"remained unclear.\n";

START_TEST(detects_hard_wrapping)
{
	ck_assert(wrapped(wrapped_text));
	/* menus of short lines, and long unwrapped paragraphs, are not wrapped */
	ck_assert(!wrapped("Home\nNews\nSport\nWeather\nIplayer\nSounds\nBitesize\nCBeebies\n"));
	ck_assert(!wrapped("A long paragraph that goes on and on without any line break at all, as "
	                   "html-text writes paragraphs, well past any sensible wrapping width.\n"
	                   "Another one, just as long, and just as unbroken, because nothing wrapped "
	                   "this text to eighty columns.\nShort line\nAnother short line\n"));
}
END_TEST

START_TEST(paragraph_features_span_wrapped_lines)
{
	wn_rules *r = wn_rules_new(NULL, NULL);
	ck_assert_int_eq(wn_rules_compile(r), WN_OK);
	wn_doc d;
	memset(&d, 0, sizeof d);
	d.bytes = wrapped_text;
	d.len = strlen(wrapped_text);
	ck_assert_int_eq(wn_doc_segment(&d, r, 1 << 20), 0);
	const wn_feats *f = d.feats.data;
	const wn_line *l = d.lines.data;
	ck_assert_uint_eq(l[0].para, l[2].para);
	ck_assert_uint_ne(l[2].para, l[4].para);
	ck_assert_float_eq(f[0].v[WN_F_PARA_LINES], 3);
	ck_assert_float_eq(f[1].v[WN_F_PARA_TERMINAL], 1);
	ck_assert_float_eq(f[0].v[WN_F_PARA_WORDS], f[0].v[WN_F_WORDS] + f[1].v[WN_F_WORDS] + f[2].v[WN_F_WORDS]);
	ck_assert_float_eq(f[0].v[WN_F_PARA_SENTENCES], 1);
	wn_doc_free(&d);
	wn_rules_free(r);
}
END_TEST

START_TEST(paragraph_scope_removes_a_wrapped_paragraph)
{
	const char *rules =
		"rule t.cookie\n  category cookie\n  describe \"cookie banner\"\n  scope paragraph\n"
		"  match /we use cookies.*experience/\n";
	const char *in =
		"We use cookies to give you the best possible experience on our website and to\n"
		"show you relevant ads. By continuing to browse you agree to our use of\n"
		"cookies, as described in our cookie policy.\n"
		"\n"
		"Three people have died during protests in Bolivia against the self-declared\n"
		"interim government that ousted Evo Morales, after violent clashes erupted\n"
		"between the socialist leader's supporters and security forces.\n";
	char *out = run(rules, in);
	ck_assert_str_eq(out, strchr(in, '\n') ? strstr(in, "Three") : "");
	free(out);
	/* in text that is not wrapped, a paragraph is a line */
	out = run(rules, "We use cookies for a better experience.\nOther line.\n");
	ck_assert_str_eq(out, "Other line.\n");
	free(out);
}
END_TEST

/* A paragraph whose conditions need a pattern is asked only when one of
 * its lines holds one of the pattern's literals, or when a literal with a
 * space may cross its line breaks: "cookie policy" here spans two lines. */
/* The output of a one-rule set: scope, then "when CONDITION", on input. */
static void expect_when(const char *scope, const char *when, const char *input, const char *want)
{
	char rules[512];
	snprintf(rules, sizeof rules, "rule t.r\n  category cookie\n  describe \"r\"\n  scope %s\n"
	         "  when %s\n", scope, when);
	char *out = run(rules, input);
	ck_assert_msg(strcmp(out, want) == 0, "when %s: got '%s'", when, out);
	free(out);
}

START_TEST(paragraph_conditions_with_a_pattern_see_the_whole_paragraph)
{
	const char *banner_page =
		"By continuing to browse this site you agree to the terms of our cookie\n"
		"policy and to the use of tracking for advertising purposes by partners.\n"
		"\n"
		"Three people have died during protests in Bolivia against the self-declared\n"
		"interim government that ousted Evo Morales, after violent clashes erupted\n"
		"between the socialist leader's supporters and security forces.\n";
	const char *article = strstr(banner_page, "Three");
	expect_when("paragraph", "words <= 40 and /cookie\\s+policy/", banner_page, article);
	/* a literal on the paragraph's second line only */
	expect_when("paragraph", "words <= 40 and /tracking\\s+for/", banner_page, article);
	/* and none in any line: the paragraph stays */
	expect_when("paragraph", "words <= 40 and /newsletter/", banner_page, banner_page);
	/* the same for a line rule: only lines with the literal are asked */
	expect_when("line", "words <= 3 and /accept\\s+all/",
	            "Accept all\nReject all\nWe accept all the evidence the court heard.\n",
	            "Reject all\nWe accept all the evidence the court heard.\n");
}
END_TEST

START_TEST(arithmetic_in_conditions)
{
	const char *rules =
		"param half 2 1..10 \"x\"\n"
		"rule t.a\n  category t\n  describe \"x\"\n  when words * 2 - 1 == 5 and words / $half == 1.5 and -words < 0\n";
	char *out = run(rules, "one two three\nfour five\n");
	ck_assert_str_eq(out, "four five\n");
	free(out);
}
END_TEST

static const char *region_rules =
	"condition prose words >= 8 and terminal\n"
	"condition furniture not terminal\n"
	"condition main_score prose * words - (not prose) * 5\n"
	"condition main_extend words >= 4 and terminal\n"
	"rule t.before\n  category navigation\n  describe \"before\"\n  when before_main\n"
	"rule t.after\n  category footer\n  describe \"after\"\n  when after_main\n";

START_TEST(main_region_is_the_best_run)
{
	const char *in =
		"Home\nNews\nSport\nWeather\n"
		"The first paragraph of the article has more than eight words in it.\n"
		"A heading\n"
		"The second paragraph of the article also has more than eight words.\n"
		"It ends here, at last.\n"
		"Related\nLinks\nFooter\nCopyright\n"
		"A teaser sentence that looks like prose but sits after the footer.\n";
	char *out = run(region_rules, in);
	ck_assert_str_eq(out,
		"The first paragraph of the article has more than eight words in it.\n"
		"A heading\n"
		"The second paragraph of the article also has more than eight words.\n"
		"It ends here, at last.\n");
	free(out);
	/* without prose there is no region, and nothing goes */
	out = run(region_rules, "Home\nNews\n");
	ck_assert_str_eq(out, "Home\nNews\n");
	free(out);
}
END_TEST

START_TEST(region_features_explained)
{
	wn_rules *r = wn_test_rules(region_rules, 0, NULL);
	char *e = wn_test_explain(r, "Menu\nThe first paragraph of the article has more than eight words.\nEnd\n");
	ck_assert_str_eq(e, "DROP t.before KEEP - DROP t.after");
	free(e);
	wn_rules_free(r);
}
END_TEST

START_TEST(region_conditions_cannot_read_the_region)
{
	test_diags d;
	ck_assert_ptr_null(wn_test_rules("condition main_score in_main\n", 0, &d));
	ck_assert_ptr_nonnull(strstr(d.text, "places the main region"));
}
END_TEST

START_TEST(metric_matches_the_benchmark)
{
	wn_score s;
	/* identical texts */
	ck_assert_int_eq(wn_score_text("a b c d e", 9, "a b c d e", 9, &s), WN_OK);
	ck_assert_double_eq(s.tp, 1);
	ck_assert_double_eq(wn_score_precision(&s), 1);
	/* gold: 2 shingles (a b c d, b c d e); prediction: 1 shared + 1 extra */
	const char *pred = "a b c d x";
	wn_score_text("a b c d e", 9, pred, strlen(pred), &s);
	ck_assert_double_eq_tol(s.tp, 1.0 / 3, 1e-9);
	ck_assert_double_eq_tol(s.fp, 1.0 / 3, 1e-9);
	ck_assert_double_eq_tol(s.fn, 1.0 / 3, 1e-9);
	ck_assert_double_eq_tol(wn_score_recall(&s), 0.5, 1e-9);
	/* short texts are one shingle; punctuation and marks split tokens */
	wn_score_text("hi there", 8, "hi, there!", 10, &s);
	ck_assert_double_eq(s.tp, 1);
	/* empty prediction */
	wn_score_text("a b c d", 7, "", 0, &s);
	ck_assert_double_eq(wn_score_precision(&s), 0);
	ck_assert_double_eq(wn_score_recall(&s), 0);
	/* both empty: a perfect page */
	wn_score_text("", 0, "", 0, &s);
	ck_assert_double_eq(wn_score_precision(&s), 1);
}
END_TEST

START_TEST(gold_lookup)
{
	const char *gold = "The cat sat on the mat. Then it slept.";
	wn_gold *g = wn_gold_new(gold, strlen(gold));
	ck_assert_int_eq(wn_gold_contains(g, "THE CAT SAT ON THE MAT", 22), 0); /* case matters */
	ck_assert_int_eq(wn_gold_contains(g, "The cat sat on the mat", 22), 1);
	ck_assert_int_eq(wn_gold_contains(g, "it slept", 8), 1);
	ck_assert_int_eq(wn_gold_contains(g, "Subscribe now to our newsletter", 31), 0);
	ck_assert_int_eq(wn_gold_contains(g, "***", 3), -1);
	wn_gold_free(g);
}
END_TEST

Suite *suite_region(void)
{
	Suite *s = suite_create("region");
	TCase *tc = tcase_create("context");
	tcase_add_test(tc, detects_hard_wrapping);
	tcase_add_test(tc, paragraph_features_span_wrapped_lines);
	tcase_add_test(tc, paragraph_scope_removes_a_wrapped_paragraph);
	tcase_add_test(tc, paragraph_conditions_with_a_pattern_see_the_whole_paragraph);
	tcase_add_test(tc, arithmetic_in_conditions);
	tcase_add_test(tc, main_region_is_the_best_run);
	tcase_add_test(tc, region_features_explained);
	tcase_add_test(tc, region_conditions_cannot_read_the_region);
	tcase_add_test(tc, metric_matches_the_benchmark);
	tcase_add_test(tc, gold_lookup);
	suite_add_tcase(s, tc);
	return s;
}
