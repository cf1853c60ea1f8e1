/* check_features.c: measuring a line. */
#include <stdio.h>
#include <string.h>

#include "feats.h"
#include "helpers.h"
#include "normalize.h"
#include "wordlist.h"

static wn_feats measure(const char *s)
{
	wn_normalizer nz = { 0 };
	wn_vec out = { 0 }, map = { 0 };
	wn_norm_counts counts = { 0 };
	int aligned;
	ck_assert_int_eq(wn_normalize(&nz, s, strlen(s), &out, &map, &aligned, &counts), 0);
	wn_wordlists wl = { 0 };
	int stop = wn_wordlists_intern(&wl, "stop.en");
	const char *words[] = { "the", "a", "of", "and", "is", "in", "to", "it", "don't" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		wn_wordlists_add(&wl, stop, words[i], strlen(words[i]));
	wn_feats f;
	memset(&f, 0, sizeof f);
	wn_measure(&wl, stop, out.data, out.len, s, strlen(s), &f);
	wn_wordlists_free(&wl);
	wn_vec_free(&out);
	wn_vec_free(&map);
	wn_normalizer_free(&nz);
	return f;
}

#define F(s, feat) (measure(s).v[feat])

START_TEST(counts_words_and_characters)
{
	ck_assert_float_eq(F("The cat sat on the mat.", WN_F_WORDS), 6);
	ck_assert_float_eq(F("  don't stop  ", WN_F_WORDS), 2);
	ck_assert_float_eq(F("  don't stop  ", WN_F_CHARS), 10);
	ck_assert_float_eq(F("Russia-Iran ties", WN_F_WORDS), 3);
	/* scripts without spaces: one word per two characters */
	ck_assert_float_eq(F("\xE4\xB8\xAD\xE6\x96\x87\xE6\x96\x87\xE7\xAB\xA0", WN_F_WORDS), 2);
	ck_assert_float_eq(F("", WN_F_WORDS), 0);
}
END_TEST

START_TEST(terminal_punctuation)
{
	ck_assert_float_eq(F("It ended.", WN_F_TERMINAL), 1);
	ck_assert_float_eq(F("It ended.\"", WN_F_TERMINAL), 1);
	ck_assert_float_eq(F("**It ended.**", WN_F_TERMINAL), 1);
	ck_assert_float_eq(F("Did it end?", WN_F_QUESTION), 1);
	ck_assert_float_eq(F("Did it end?", WN_F_PERIOD), 0);
	ck_assert_float_eq(F("Ingredients:", WN_F_TERMINAL), 0);
	ck_assert_float_eq(F("Ingredients:", WN_F_COLON_END), 1);
	ck_assert_float_eq(F("No full stop here", WN_F_TERMINAL), 0);
	ck_assert_float_eq(F("\xE5\xA5\xBD\xE3\x80\x82", WN_F_TERMINAL), 1); /* 好。 */
}
END_TEST

START_TEST(sentences)
{
	ck_assert_float_eq(F("One. Two! Three?", WN_F_SENTENCES), 3);
	ck_assert_float_eq(F("One. Two and a tail", WN_F_SENTENCES), 2);
	ck_assert_float_eq(F("v1.2 is out", WN_F_SENTENCES), 1);
}
END_TEST

START_TEST(case_shape)
{
	ck_assert_float_eq(F("Map of Russia - Guide of the World", WN_F_TITLECASE), 1);
	ck_assert_float_eq(F("why you should start with why", WN_F_TITLECASE), 0);
	ck_assert_float_eq(F("UTILITY COMPANIES MAKE MISTAKES", WN_F_CAPS), 1);
	ck_assert_float_eq(F("\xC3\x89tudes et Recherches", WN_F_TITLECASE), 1);
}
END_TEST

START_TEST(key_value_and_bullets)
{
	ck_assert_float_eq(F("  \xE2\x80\xA2 Name : Dr. Zack Littel IV", WN_F_KV), 1);
	ck_assert_float_eq(F("Prep time: 20 minutes", WN_F_KV), 1);
	ck_assert_float_eq(F("See https://example.com for more", WN_F_KV), 0);
	ck_assert_float_eq(F("Kick-off at 10:30 sharp", WN_F_KV), 0);
	ck_assert_float_eq(F("This sentence has a colon much later on: here", WN_F_KV), 0);
	ck_assert_float_eq(F("\xE2\x80\xA2 item", WN_F_BULLET), 1);
	ck_assert_float_eq(F("- item", WN_F_BULLET), 1);
	ck_assert_float_eq(F("12) item", WN_F_BULLET), 1);
	ck_assert_float_eq(F("-5 degrees", WN_F_BULLET), 0);
}
END_TEST

START_TEST(links_and_addresses)
{
	ck_assert_float_eq(F("see https://a.com and www.b.org", WN_F_URLS), 2);
	ck_assert_float_eq(F("[Home](/) [News](/news)", WN_F_URLS), 2);
	ck_assert_float_eq(F("mail barrett37@yahoo.com now", WN_F_EMAILS), 1);
	ck_assert_float_eq(F("meet @ noon", WN_F_EMAILS), 0);
	ck_assert_float_eq(F("Home | News | Sport", WN_F_SEPARATORS), 2);
	ck_assert_float_eq(F("Home \xC2\xBB News", WN_F_SEPARATORS), 1);
}
END_TEST

START_TEST(word_lists)
{
	wn_feats f = measure("The end of it is in the air");
	ck_assert_float_eq(f.v[WN_F_WORDS], 8);
	ck_assert_uint_eq(f.list[0], 6); /* the of it is in the; end and air are not */
	ck_assert_float_eq(f.v[WN_F_STOPWORDS], 6.0f / 8.0f);
	/* folded before lookup: DON’T matches "don't" */
	ck_assert_uint_eq(measure("DON\xE2\x80\x99T").list[0], 1);
}
END_TEST

START_TEST(ratios)
{
	wn_feats f = measure("abc 123 !!");
	ck_assert_float_eq_tol(f.v[WN_F_ALPHA], 3.0f / 8, 1e-6);
	ck_assert_float_eq_tol(f.v[WN_F_DIGITS], 3.0f / 8, 1e-6);
	ck_assert_float_eq_tol(f.v[WN_F_PUNCT], 2.0f / 8, 1e-6);
}
END_TEST

/* xorshift: the same texts on every run */
static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/* A random line of ASCII punctuation, letters of both cases, digits and
 * spaces, now and then a control byte or a character outside ASCII: what
 * the two measuring paths could read differently. */
static size_t random_line(uint64_t *state, char *out, size_t cap)
{
	static const char *const pieces[] = {
		"a", "b", "e", "t", "w", "x", "z", "A", "B", "T", "W", "Z", "0", "1", "7", "_", "'",
		" ", " ", " ", " ", "  ", ".", "!", "?", "\"", ")", "]", "*", "}", "(", "[", "|", "/",
		":", "@", ",", "-", "www.", "://", "](", "the", "The", "THE", "don't", "l'", "of",
		"\t", "\x01", "\x7f", "\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x94", "\xc3\xa9",
		"\xc3\x89", "\xc2\xbb", "\xc2\xb7", "\xc2\xa0", "\xe4\xb8\xad", "\xe3\x80\x82",
		"\xc2\xb2", "\xcc\x81", "\xff",
	};
	size_t n = 0, want = next_random(state) % 5 == 0 ? next_random(state) % 600
	                                                    : next_random(state) % 90;
	/* plain ASCII most of the time: the fast path's cases */
	size_t kinds = next_random(state) % 3 ? 49 : sizeof pieces / sizeof *pieces;
	while (n < want) {
		const char *p = pieces[next_random(state) % kinds];
		size_t l = strlen(p);
		if (n + l >= cap)
			break;
		memcpy(out + n, p, l);
		n += l;
	}
	return n;
}

/* Both paths of measuring give the same features, bit for bit: the line
 * as a whole (the text before folding beside its view) and spans of it
 * whose text before folding is another length (a suffix subject). */
START_TEST(ascii_masks_measure_as_code_points)
{
	wn_wordlists wl = { 0 };
	int stop = wn_wordlists_intern(&wl, "stop.en");
	int boiler = wn_wordlists_intern(&wl, "boiler.en");
	const char *words[] = { "the", "a", "of", "don't", "l'", "w", "ab", "b_1" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		wn_wordlists_add(&wl, i % 2 ? boiler : stop, words[i], strlen(words[i]));
	uint64_t state = 0x9E3779B97F4A7C15ULL;
	char line[5000];
	for (int round = 0; round < 20000; round++) {
		size_t n = random_line(&state, line, round % 500 == 0 ? sizeof line : 700);
		if (round % 500 == 0) /* past the masks' length: the code point path */
			for (; n + 3 < sizeof line - 1; n++)
				line[n] = n % 7 ? 'a' : ' ';
		if (round % 500 == 1 || round % 500 == 2) /* the most words the masks hold: 4 KB of "a a" */
			for (n = 0; n < 4095 + (size_t)(round % 500 == 2); n++)
				line[n] = n % 2 ? ' ' : 'a';
		wn_normalizer nz = { 0 };
		wn_vec out = { 0 }, map = { 0 };
		wn_norm_counts counts = { 0 };
		int aligned;
		ck_assert_int_eq(wn_normalize(&nz, line, n, &out, &map, &aligned, &counts), 0);
		const char *orig[] = { line, "An Other Text" };
		size_t olen[] = { n, 13 };
		for (int k = 0; k < 2; k++) {
			wn_feats fast, slow;
			memset(&fast, 0x55, sizeof fast);
			memset(&slow, 0x55, sizeof slow);
			wn_measure(&wl, stop, out.data, out.len, orig[k], olen[k], &fast);
			wn_measure_by_code_point(&wl, stop, out.data, out.len, orig[k], olen[k], &slow);
			if (memcmp(fast.v, slow.v, sizeof(float) * WN_F_FIRST_LINE) ||
			    memcmp(fast.list, slow.list, sizeof fast.list)) {
				for (int i = 0; i < WN_F_FIRST_LINE; i++)
					if (memcmp(&fast.v[i], &slow.v[i], sizeof(float)))
						fprintf(stderr, "%s: %g by masks, %g by code points\n",
						        wn_feature_name((size_t)i), fast.v[i], slow.v[i]);
				ck_abort_msg("round %d: features differ on \"%.*s\"", round, (int)n, line);
			}
		}
		wn_vec_free(&out);
		wn_vec_free(&map);
		wn_normalizer_free(&nz);
	}
	wn_wordlists_free(&wl);
}
END_TEST

START_TEST(feature_table_is_complete)
{
	for (size_t i = 0; i < wn_feature_count(); i++) {
		ck_assert_ptr_nonnull(wn_feature_name(i));
		ck_assert_ptr_nonnull(wn_feature_help(i));
		ck_assert_int_eq(wn_feature_find(wn_feature_name(i), strlen(wn_feature_name(i))), (int)i);
	}
	ck_assert_int_eq(wn_feature_find("nope", 4), -1);
}
END_TEST

/* A word is found by all its bytes: words that share their first and
 * last bytes, or their length and all but one byte, are told apart at
 * every length from 1 to 40, in a table that grows while they go in. */
START_TEST(word_lists_tell_words_apart)
{
	wn_wordlists wl = { 0 };
	int odd = wn_wordlists_intern(&wl, "odd"), even = wn_wordlists_intern(&wl, "even");
	char w[41];
	for (size_t n = 1; n <= 40; n++)
		for (size_t at = 0; at < n; at++) {
			memset(w, 'a', n);
			w[at] = 'b';
			ck_assert_int_eq(wn_wordlists_add(&wl, at % 2 ? odd : even, w, n), 0);
		}
	for (size_t n = 1; n <= 40; n++) {
		memset(w, 'a', n);
		ck_assert_uint_eq(wn_wordlists_lookup(&wl, w, n), 0); /* never added */
		for (size_t at = 0; at < n; at++) {
			memset(w, 'a', n);
			w[at] = 'b';
			ck_assert_uint_eq(wn_wordlists_lookup(&wl, w, n), 1ull << (at % 2 ? odd : even));
			w[at] = 'c';
			ck_assert_uint_eq(wn_wordlists_lookup(&wl, w, n), 0);
		}
	}
	wn_wordlists_free(&wl);
}
END_TEST

Suite *suite_features(void)
{
	Suite *s = suite_create("features");
	TCase *tc = tcase_create("measure");
	tcase_add_test(tc, counts_words_and_characters);
	tcase_add_test(tc, terminal_punctuation);
	tcase_add_test(tc, sentences);
	tcase_add_test(tc, case_shape);
	tcase_add_test(tc, key_value_and_bullets);
	tcase_add_test(tc, links_and_addresses);
	tcase_add_test(tc, word_lists);
	tcase_add_test(tc, word_lists_tell_words_apart);
	tcase_add_test(tc, ratios);
	tcase_add_test(tc, ascii_masks_measure_as_code_points);
	tcase_add_test(tc, feature_table_is_complete);
	suite_add_tcase(s, tc);
	return s;
}
