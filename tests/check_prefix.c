/*
 * check_prefix.c: the first bytes of an anchored pattern's matches, which
 * rule subjects out before PCRE2 runs. The test never rejects a subject
 * that PCRE2 matches, and it rejects some.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "prefix.h"

static pcre2_code *compile(const char *re)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
	                              PCRE2_UTF | PCRE2_UCP | PCRE2_DOTALL | PCRE2_DUPNAMES, &err,
	                              &off, NULL);
	ck_assert_msg(c != NULL, "does not compile: %s", re);
	return c;
}

static int matches(const pcre2_code *c, pcre2_match_data *md, const char *s, size_t n)
{
	return pcre2_match(c, (PCRE2_SPTR)s, n, 0, 0, md, NULL) >= 0;
}

/* Is the prefix of re known (the pattern anchored)? */
static int known(const char *re)
{
	pcre2_code *c = compile(re);
	wn_prefix x;
	ck_assert_int_eq(wn_prefix_learn(&x, c, 1), 0);
	int k = x.known;
	wn_prefix_free(&x);
	pcre2_code_free(c);
	return k;
}

START_TEST(only_anchored_patterns)
{
	ck_assert(known("^abc"));
	ck_assert(known("\\Aabc"));
	ck_assert(known("(?:^a)|(?:^b)"));
	ck_assert(known(".*x")); /* DOTALL: a match anywhere is one at the start */
	/* a branch without the anchor matches anywhere: footer.legal-intl's
	 * shape, which the test of the first bytes before this one took for
	 * anchored, skipping paragraphs that held its unanchored branch */
	ck_assert(!known("^(?:disclaimer)\\s*:?$|\\baffiliate\\s+links\\b"));
	ck_assert(!known("(?m)^x"));
	ck_assert(!known("(?:^|b)c"));
	ck_assert(!known("x"));
}
END_TEST

/* The subjects of up to three characters over a small alphabet, and each
 * one followed by more text: no subject the test rejects matches. Returns
 * how many it rejected. */
static size_t check_never_wrong(const char *re)
{
	static const char *const alphabet[] = { "a", "b", "s", "h", "k", "1", " ", "-", "\xc3\xa9",
	                                        "\n", ".", "_", "(", "e", "t" };
	const size_t na = sizeof alphabet / sizeof *alphabet;
	pcre2_code *c = compile(re);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
	wn_prefix x;
	ck_assert_int_eq(wn_prefix_learn(&x, c, 1), 0);
	size_t rejected = 0;
	static const char *const tails[] = { "", "are this", "hare", " 12 min read", "ome" };
	for (size_t len = 0; len <= 3; len++) {
		size_t combos = 1;
		for (size_t k = 0; k < len; k++)
			combos *= na;
		for (size_t v = 0; v < combos; v++) {
			char s[64];
			size_t n = 0;
			for (size_t k = 0, w = v; k < len; k++, w /= na) {
				size_t l = strlen(alphabet[w % na]);
				memcpy(s + n, alphabet[w % na], l);
				n += l;
			}
			for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
				size_t tl = strlen(tails[t]);
				memcpy(s + n, tails[t], tl);
				if (!wn_prefix_may_start(&x, s, n + tl)) {
					rejected++;
					ck_assert_msg(!matches(c, md, s, n + tl), "/%s/ matches \"%.*s\", rejected",
					              re, (int)(n + tl), s);
				}
			}
		}
	}
	wn_prefix_free(&x);
	pcre2_match_data_free(md);
	pcre2_code_free(c);
	return rejected;
}

START_TEST(never_rejects_a_match)
{
	static const char *const anchored[] = {
		"^(?:share|tweet)\\b", "^\\d+\\s*min(?:ute)?s?\\s+read$", "^[-_*(]*\\s*(?:ads?|sponsored)$",
		"^\\s*(?:home|news)", "^(?:a|b)?\\d", "^(?=s)\\w+", "^(?!s)\\w", "^(a)\\1", "^$", "^\\b",
		"^(?:se|sh)(?:are)?$", "^(?<=x)a", "^\\S{2}", "^.{3,}x", "^\\p{L}h", "^(?i)SH",
		"^é", "^[^a]", "^(?:)", "^a*", "^(?:\\s|-)+k",
	};
	size_t total = 0;
	for (size_t i = 0; i < sizeof anchored / sizeof *anchored; i++)
		total += check_never_wrong(anchored[i]);
	ck_assert_uint_gt(total, 0);
}
END_TEST

START_TEST(first_and_second_bytes)
{
	pcre2_code *c = compile("^(?:share|tweet)\\b");
	wn_prefix x;
	ck_assert_int_eq(wn_prefix_learn(&x, c, 1), 0);
	ck_assert(x.known);
	ck_assert_uint_eq(x.minlen, 5);
	ck_assert(wn_prefix_may_start(&x, "share this", 10));
	ck_assert(wn_prefix_may_start(&x, "tweet", 5));
	ck_assert(wn_prefix_may_start(&x, "shout it", 8)); /* three bytes are not asked */
	ck_assert(!wn_prefix_may_start(&x, "the story", 9)); /* 't', then 'h' */
	ck_assert(!wn_prefix_may_start(&x, "so we went", 10));
	ck_assert(!wn_prefix_may_start(&x, "a share", 7));
	ck_assert(!wn_prefix_may_start(&x, "shar", 4)); /* shorter than any match */
	ck_assert(wn_prefix_may_start(&x, "\xc3\xa9t\xc3\xa9 ok", 8)); /* not asked */
	ck_assert(wn_prefix_may_start(&x, "SHARE", 5)); /* capitals are not asked */
	wn_prefix_free(&x);
	wn_prefix_free(&x);
	pcre2_code_free(c);
	/* a subject of one byte has no second byte, whatever lies after it */
	c = compile("^s$");
	ck_assert_int_eq(wn_prefix_learn(&x, c, 1), 0);
	ck_assert(!wn_prefix_may_start(&x, "sx", 2));
	ck_assert(wn_prefix_may_start(&x, "sx", 1));
	wn_prefix_free(&x);
	pcre2_code_free(c);
	c = compile("^(?:share|tweet)\\b");
	/* without second bytes, the first decide */
	ck_assert_int_eq(wn_prefix_learn(&x, c, 0), 0);
	ck_assert(wn_prefix_may_start(&x, "the story", 9));
	ck_assert(!wn_prefix_may_start(&x, "a share", 7));
	wn_prefix_free(&x);
	pcre2_code_free(c);
}
END_TEST

/* Through a rule: a paragraph that starts with a byte the anchored branch
 * cannot start with still meets the unanchored branch. */
START_TEST(unanchored_branch_in_a_rule)
{
	test_diags d;
	wn_rules *r = wn_test_rules("rule t.legal\n  category footer\n  describe \"legal\"\n"
	                            "  scope paragraph\n"
	                            "  match /^(?:disclaimer)\\s*:?$|\\baffiliate\\s+links\\b/\n",
	                            0, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	char *e = wn_test_explain(r, "_This site earns money through affiliate links._\n\n"
	                             "Disclaimer:\n\nThe story goes on.\n");
	ck_assert_str_eq(e, "DROP t.legal DROP - DROP t.legal DROP - KEEP -");
	free(e);
	wn_rules_free(r);
}
END_TEST

Suite *suite_prefix(void)
{
	Suite *s = suite_create("prefix");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, only_anchored_patterns);
	tcase_add_test(tc, never_rejects_a_match);
	tcase_add_test(tc, first_and_second_bytes);
	tcase_add_test(tc, unanchored_branch_in_a_rule);
	suite_add_tcase(s, tc);
	return s;
}
