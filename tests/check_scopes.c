/*
 * check_scopes.c: what each rule scope removes, positions, --keep, and the
 * blank-line rules of the output. Small rule sets written inline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

typedef struct wn_vec_like {
	char buf[256];
	size_t len;
} wn_vec_like;

static char *filter(const char *rules, const char *input)
{
	test_diags d;
	wn_rules *r = wn_test_rules(rules, 0, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	char *out = wn_test_run(r, input, strlen(input), 0, 0, NULL);
	wn_rules_free(r);
	return out;
}

#define CHECK_FILTER(rules, input, expected) do { \
	char *out_ = filter(rules, input); \
	ck_assert_str_eq(out_, expected); \
	free(out_); \
} while (0)

static const char *line_rule =
	"rule t.menu\n  category navigation\n  describe \"menu words\"\n"
	"  match /^(?:home|news|sport)$/\n";

static const char *paragraph_rule =
	"rule t.box\n  category cta\n  describe \"a subscription box\"\n  scope paragraph\n"
	"  match /^subscribe\\b[^.]*\\.?$/\n  when para_words <= 12\n";

START_TEST(paragraph_scope_judges_each_paragraph)
{
	/* not hard-wrapped: a paragraph per line, among lines the pattern
	 * cannot match and one it does not */
	CHECK_FILTER(paragraph_rule,
	             "The council met on Monday to discuss the budget for next year.\n"
	             "Subscribe to our newsletter.\n"
	             "Residents asked why the library would close, and nobody could say.\n"
	             "Subscribers were told the paper would cost more from March, which many say is unfair to readers.\n"
	             "Subscribe now\n"
	             "The vote is next week.\n",
	             "The council met on Monday to discuss the budget for next year.\n"
	             "Residents asked why the library would close, and nobody could say.\n"
	             "Subscribers were told the paper would cost more from March, which many say is unfair to readers.\n"
	             "The vote is next week.\n");
	/* hard-wrapped: a paragraph is its run of lines, judged as one text
	 * and removed whole */
	const char *wrapped =
	    "The council met on Monday to discuss the budget for next year, and\n"
	    "the mayor said the library would stay open until the end of June.\n"
	    "\n"
	    "Subscribe to our\n"
	    "newsletter.\n"
	    "\n"
	    "Residents asked why the library would close after so many years of\n"
	    "service, and nobody at the meeting could give them an answer today.\n"
	    "\n"
	    "Councillors said the money had gone to roads, and that the library\n"
	    "could reopen next year if the budget allowed it, which few believed.\n";
	char *out = filter(paragraph_rule, wrapped);
	ck_assert_ptr_null(strstr(out, "Subscribe"));
	ck_assert_ptr_null(strstr(out, "newsletter"));
	ck_assert_ptr_nonnull(strstr(out, "nobody at the meeting"));
	free(out);
}
END_TEST

START_TEST(line_scope_removes_whole_lines)
{
	CHECK_FILTER(line_rule, "Home\nThe story.\nSport\n", "The story.\n");
	/* spaces around the line do not hide it from ^ and $ */
	CHECK_FILTER(line_rule, "  News  \nThe story.\n", "The story.\n");
	CHECK_FILTER(line_rule, "Homes are cheap.\n", "Homes are cheap.\n");
}
END_TEST

/* Views are case-folded, so lower-case patterns run without CASELESS;
 * a pattern that names an upper-case letter, directly, in a class or by
 * number, must still match the folded text. */
START_TEST(patterns_match_whatever_case_they_are_written_in)
{
	static const char *const patterns[] = {
		"/^Grüne Woche$/", "/^GRÜNE WOCHE$/", "/^gr\\x{FC}ne woche$/",
		"/^[G]r\\N{U+00FC}ne\\s+[A-Z]oche$/", "/^grüne\\p{Zs}woche$/",
	};
	for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
		char rules[512];
		snprintf(rules, sizeof rules, "rule t.case\n  category navigation\n"
		         "  describe \"case\"\n  match %s\n", patterns[i]);
		CHECK_FILTER(rules, "GRÜNE Woche\nThe story.\ngrüne woche\n", "The story.\n");
	}
}
END_TEST

START_TEST(when_and_unless_narrow_a_rule)
{
	const char *rules =
		"rule t.short\n  category x\n  describe \"short lines without a stop\"\n"
		"  when words <= 2 and not terminal\n  unless /^keep/\n";
	CHECK_FILTER(rules, "Menu item\nKeep me\nA real sentence here.\nOk.\n",
	             "Keep me\nA real sentence here.\nOk.\n");
}
END_TEST

static const char *block_rule =
	"rule t.box\n  category author_bio\n  describe \"box\"\n  scope block\n"
	"  match /^about the author$/\n  continue /^\\w+ : /\n  gap 1\n";

START_TEST(block_scope_follows_continuation_lines)
{
	CHECK_FILTER(block_rule,
		"Story.\n\nAbout the Author\n\nName : X\nEmail : y@z.com\n\nNext story.\n",
		"Story.\n\nNext story.\n");
	/* a gap of one non-matching line is bridged when a field follows */
	CHECK_FILTER(block_rule,
		"Story.\nAbout the Author\nName : X\nnoise\nEmail : y\nEnd.\n",
		"Story.\nEnd.\n");
	/* but not two */
	CHECK_FILTER(block_rule,
		"About the Author\nName : X\nnoise\nmore noise\nEmail : y\n",
		"noise\nmore noise\nEmail : y\n");
}
END_TEST

START_TEST(block_scope_stops_after_too_many_blank_lines)
{
	const char *rules =
		"rule t.box\n  category x\n  describe \"box\"\n  scope block\n"
		"  match /^socials$/\n  continue /^\\w+:$/\n  blank 1\n";
	CHECK_FILTER(rules, "Socials\n\ntwitter:\n\n\nfacebook:\n", "facebook:\n");
}
END_TEST

START_TEST(block_scope_min_lines)
{
	const char *rules =
		"rule t.platforms\n  category x\n  describe \"platforms\"\n  scope block\n"
		"  match /^twitter:$/\n  continue /^(?:url|followers) : /\n  min-lines 2\n";
	CHECK_FILTER(rules, "Twitter:\nThe platform lost users.\n", "Twitter:\nThe platform lost users.\n");
	CHECK_FILTER(rules, "Text.\ntwitter:\nurl : https://x\n", "Text.\n");
}
END_TEST

START_TEST(suffix_scope_cuts_the_cut_group)
{
	const char *rules =
		"rule t.credit\n  category caption\n  describe \"glued credit\"\n  scope suffix\n"
		"  match /\\s(?<cut>\\(photo: [^()]+\\))$/\n";
	CHECK_FILTER(rules, "The minister spoke. (Photo: PTI)\n", "The minister spoke.\n");
	CHECK_FILTER(rules, "The minister spoke. (Photo: PTI) later\n",
	             "The minister spoke. (Photo: PTI) later\n");
	/* a suffix that is the whole line removes the line */
	const char *whole =
		"rule t.all\n  category caption\n  describe \"all\"\n  scope suffix\n  match /^photo: .*$/\n";
	CHECK_FILTER(whole, "A.\n\nPhoto: X\n\nB.\n", "A.\n\nB.\n");
}
END_TEST

/* Alternatives that all start with \b run as \b(?:A|B|C) (one start for
 * PCRE2 to look for): the same lines and the same cut groups as each
 * alone, in the order the alternatives are written. */
START_TEST(word_start_alternatives_match_as_written)
{
	const char *rules =
		"rule t.cta\n  category cta\n  describe \"calls\"\n  scope suffix\n"
		"  match /\\b(?<cut>share\\s+your\\s+thoughts\\b.*)$/\n"
		"  match /\\b(?<cut>leave\\s+a\\s+comment)\\s*$/\n"
		"  match /\\bcomment\\s+(?<cut>below\\b.*)$/\n";
	CHECK_FILTER(rules, "Good story. Share your thoughts below!\n", "Good story.\n");
	CHECK_FILTER(rules, "Good story, leave a comment\n", "Good story,\n");
	/* the first alternative that matches at the leftmost start wins */
	CHECK_FILTER(rules, "Tell us: comment below please\n", "Tell us: comment\n");
	/* a word boundary is still one: no match inside a word */
	CHECK_FILTER(rules, "Reshare your thoughts now\nbelowground comment belowground\n",
	             "Reshare your thoughts now\nbelowground comment belowground\n");
	/* one alternative without \b: nothing is hoisted, and all still match */
	const char *mixed =
		"rule t.mixed\n  category cta\n  describe \"mixed\"\n"
		"  match /\\bsubscribe$/\n  match /^share$/\n  match /\\\\bold$/\n";
	CHECK_FILTER(mixed, "Share\nThe story.\nPlease subscribe\na \\bold\nbold\n",
	             "The story.\nbold\n");
}
END_TEST

static const char *glue_rules =
	"rule t.glued\n  category caption\n  describe \"glued copy\"\n  scope suffix\n"
	"  glue next-line\n  when words >= 2\n";

START_TEST(glue_next_line_removes_both_copies)
{
	CHECK_FILTER(glue_rules,
		"The end of the article. Why start with why\n\nWhy start with why\n\nOther.\n",
		"The end of the article.\n\nOther.\n");
	/* the copy must follow a sentence end */
	CHECK_FILTER(glue_rules, "We asked why start with why\nwhy start with why\n",
	             "We asked why start with why\nwhy start with why\n");
	/* a one-word copy is not enough for this rule */
	CHECK_FILTER(glue_rules, "It ended. Why\nWhy\n", "It ended. Why\nWhy\n");
}
END_TEST

START_TEST(glue_later_line_finds_copies_further_down)
{
	const char *rules =
		"rule t.glued\n  category caption\n  describe \"glued copy\"\n  scope suffix\n"
		"  glue later-line\n";
	CHECK_FILTER(rules, "Body text. Map Of Russia\nOther line\nMap of Russia\n", "Body text.\nOther line\n");
	CHECK_FILTER(rules, "Body text. Map Of Russia\nOther line\n", "Body text. Map Of Russia\nOther line\n");
}
END_TEST

static const char *cta_rules =
	"rule t.cta\n  category cta\n  describe \"calls to action\"\n  scope sentence\n"
	"  match /\\bin the comments\\b/\n  match /\\bsubscribe\\b/\n"
	"  unless /\"/\n  extend /\\byou\\b[^?]*\\?$/\n";

START_TEST(sentence_scope_removes_runs_with_a_strong_sentence)
{
	/* a run at the end, with the reader question before it */
	CHECK_FILTER(cta_rules,
		"Prices rose. Do you agree? Tell us in the comments below.\n",
		"Prices rose.\n");
	/* a run in the middle: the following space goes with it */
	CHECK_FILTER(cta_rules,
		"Prices rose. Please subscribe today! Wages did not.\n",
		"Prices rose. Wages did not.\n");
	/* a question alone is never removed */
	CHECK_FILTER(cta_rules, "Prices rose. Do you agree?\n", "Prices rose. Do you agree?\n");
	/* a line made only of calls to action goes entirely */
	CHECK_FILTER(cta_rules, "A.\n\nSubscribe now. Do you agree?\n\nB.\n", "A.\n\nB.\n");
	/* quoted speech is reported, not a call */
	CHECK_FILTER(cta_rules, "He said \"subscribe\" twice. Fine.\n", "He said \"subscribe\" twice. Fine.\n");
}
END_TEST

START_TEST(sentence_splitting_respects_abbreviations_and_case)
{
	CHECK_FILTER(cta_rules, "Dr. Smith will subscribe. Mr. Jones will not.\n", "Mr. Jones will not.\n");
	CHECK_FILTER(cta_rules, "The U.S. economy grew. You can subscribe here.\n", "The U.S. economy grew.\n");
	CHECK_FILTER(cta_rules, "It was 3.5 percent. Go subscribe.\n", "It was 3.5 percent.\n");
}
END_TEST

START_TEST(position_rules_run_after_the_prose_is_known)
{
	const char *rules =
		"condition prose words >= 5 and terminal\n"
		"rule t.tail\n  category footer\n  describe \"short lines after the prose\"\n"
		"  when after_prose and words <= 3\n"
		"rule t.head\n  category navigation\n  describe \"short lines before the prose\"\n"
		"  when before_prose and words <= 3\n";
	CHECK_FILTER(rules,
		"Menu\nTitle line\nThis is the first real sentence.\nShort heading\nAnd this is the last real one.\nFooter link\nCopyright\n",
		"This is the first real sentence.\nShort heading\nAnd this is the last real one.\n");
	/* without prose lines, position rules hold nowhere */
	CHECK_FILTER(rules, "Menu\nFooter\n", "Menu\nFooter\n");
}
END_TEST

START_TEST(first_rule_owns_a_line)
{
	wn_rules *r = wn_test_rules(
		"rule t.one\n  category a\n  describe \"x\"\n  match /^x/\n"
		"rule t.two\n  category b\n  describe \"x\"\n  match /^xy/\n", 0, NULL);
	char *e = wn_test_explain(r, "xyz\nabc\n");
	ck_assert_str_eq(e, "DROP t.one KEEP -");
	free(e);
	wn_rules_free(r);
}
END_TEST

static int append_buf(void *ud, const char *p, size_t n)
{
	wn_vec_like *v = ud;
	memcpy(v->buf + v->len, p, n);
	v->len += n;
	return 0;
}

START_TEST(keep_categories_leave_lines_in_place)
{
	wn_rules *r = wn_test_rules(line_rule, 0, NULL);
	wn_filter *f = wn_filter_new(r, NULL);
	ck_assert_int_eq(wn_filter_keep_category(f, "navigation"), WN_OK);
	ck_assert_int_eq(wn_filter_keep_category(f, "nonexistent"), WN_ERR_USAGE);
	wn_vec_like out = { { 0 }, 0 };
	wn_filter_set_output(f, append_buf, &out);
	const char *in = "Home\nStory.\n";
	ck_assert_int_eq(wn_filter_feed(f, in, strlen(in)), WN_OK);
	ck_assert_int_eq(wn_filter_finish(f), WN_OK);
	out.buf[out.len] = '\0';
	ck_assert_str_eq(out.buf, in);
	ck_assert_uint_eq(wn_filter_stats(f)->lines_dropped, 0);
	wn_filter_free(f);
	wn_rules_free(r);
}
END_TEST

START_TEST(blank_runs_collapse_only_next_to_removals)
{
	/* untouched: as it was, leading and trailing blank lines included */
	CHECK_FILTER(line_rule, "\n\nA.\n\n\nB.\n\n", "\n\nA.\n\n\nB.\n\n");
	/* removal between blank runs: one blank line */
	CHECK_FILTER(line_rule, "A.\n\n\nHome\n\n\nB.\n", "A.\n\nB.\n");
	/* removal at the start and end: no blank lines there */
	CHECK_FILTER(line_rule, "Home\n\nA.\n\nNews\n\n", "A.\n");
	/* removal without blank lines: nothing added */
	CHECK_FILTER(line_rule, "A.\nHome\nB.\n", "A.\nB.\n");
	/* blank lines inside a removed block go with it */
	CHECK_FILTER(line_rule, "A.\nHome\n\nNews\nB.\n", "A.\nB.\n");
	/* CRLF stays CRLF */
	CHECK_FILTER(line_rule, "A.\r\n\r\nHome\r\n\r\nB.\r\n", "A.\r\n\r\nB.\r\n");
	/* a last line without a line end keeps having none */
	CHECK_FILTER(line_rule, "Home\nA.", "A.");
}
END_TEST

Suite *suite_scopes(void)
{
	Suite *s = suite_create("scopes");
	TCase *tc = tcase_create("scopes");
	tcase_add_test(tc, line_scope_removes_whole_lines);
	tcase_add_test(tc, paragraph_scope_judges_each_paragraph);
	tcase_add_test(tc, patterns_match_whatever_case_they_are_written_in);
	tcase_add_test(tc, when_and_unless_narrow_a_rule);
	tcase_add_test(tc, block_scope_follows_continuation_lines);
	tcase_add_test(tc, block_scope_stops_after_too_many_blank_lines);
	tcase_add_test(tc, block_scope_min_lines);
	tcase_add_test(tc, suffix_scope_cuts_the_cut_group);
	tcase_add_test(tc, word_start_alternatives_match_as_written);
	tcase_add_test(tc, glue_next_line_removes_both_copies);
	tcase_add_test(tc, glue_later_line_finds_copies_further_down);
	tcase_add_test(tc, sentence_scope_removes_runs_with_a_strong_sentence);
	tcase_add_test(tc, sentence_splitting_respects_abbreviations_and_case);
	tcase_add_test(tc, position_rules_run_after_the_prose_is_known);
	tcase_add_test(tc, first_rule_owns_a_line);
	tcase_add_test(tc, keep_categories_leave_lines_in_place);
	tcase_add_test(tc, blank_runs_collapse_only_next_to_removals);
	suite_add_tcase(s, tc);
	return s;
}
