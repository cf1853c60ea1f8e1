/* check_utf8.c: UTF-8 decoding and character classes. */
#include "helpers.h"
#include "utf8.h"

static int32_t decode(const char *s, size_t n, size_t *len)
{
	int32_t cp;
	*len = wn_utf8_decode((const unsigned char *)s, n, &cp);
	return cp;
}

START_TEST(decodes_valid_sequences)
{
	size_t len;
	ck_assert_int_eq(decode("A", 1, &len), 'A');
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(decode("\xC3\xA9", 2, &len), 0xE9);
	ck_assert_uint_eq(len, 2);
	ck_assert_int_eq(decode("\xE2\x80\xA2", 3, &len), 0x2022);
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(decode("\xF0\x9F\x98\x80", 4, &len), 0x1F600);
	ck_assert_uint_eq(len, 4);
}
END_TEST

START_TEST(rejects_invalid_sequences_one_byte_at_a_time)
{
	size_t len;
	/* overlong "/" */
	ck_assert_int_eq(decode("\xC0\xAF", 2, &len), -1);
	ck_assert_uint_eq(len, 1);
	/* overlong 3-byte NUL */
	ck_assert_int_eq(decode("\xE0\x80\x80", 3, &len), -1);
	/* lone surrogate U+D800 */
	ck_assert_int_eq(decode("\xED\xA0\x80", 3, &len), -1);
	/* truncated */
	ck_assert_int_eq(decode("\xE2\x80", 2, &len), -1);
	ck_assert_uint_eq(len, 1);
	/* stray continuation byte */
	ck_assert_int_eq(decode("\x80", 1, &len), -1);
	/* beyond U+10FFFF */
	ck_assert_int_eq(decode("\xF4\x90\x80\x80", 4, &len), -1);
	ck_assert_int_eq(decode("\xFF", 1, &len), -1);
}
END_TEST

START_TEST(classifies_characters)
{
	ck_assert(wn_cp_is_word('a'));
	ck_assert(wn_cp_is_word('7'));
	ck_assert(wn_cp_is_word(0x00E9));     /* é */
	ck_assert(wn_cp_is_word(0x4E2D));     /* 中 */
	ck_assert(!wn_cp_is_word('-'));
	ck_assert(wn_cp_is_upper('Q'));
	ck_assert(wn_cp_is_upper(0x00C9));    /* É */
	ck_assert(wn_cp_is_lower(0x00E9));
	ck_assert(!wn_cp_is_lower(0x05D0));   /* Hebrew alef: no case */
	ck_assert(wn_cp_is_unspaced(0x3042)); /* あ */
	ck_assert(!wn_cp_is_unspaced('a'));
	ck_assert(wn_cp_is_terminal(0x3002)); /* 。 */
	ck_assert(wn_cp_is_space(0x00A0));
	ck_assert(wn_cp_is_closer('"'));
	ck_assert(wn_cp_is_closer(0x201D));
	/* decide.c looks for sentence ends eight bytes at a time, for these
	 * three bytes only: no other byte, read as a code point, is one */
	for (int32_t b = 0; b < 256; b++)
		ck_assert_int_eq(wn_cp_is_terminal(b), b == '.' || b == '!' || b == '?');
}
END_TEST

START_TEST(encodes_round_trip)
{
	int32_t cps[] = { 'x', 0xE9, 0x2022, 0xFFFD, 0x1F600 };
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		char buf[4];
		size_t n = wn_utf8_encode(cps[i], buf);
		size_t len;
		ck_assert_int_eq(decode(buf, n, &len), cps[i]);
		ck_assert_uint_eq(len, n);
	}
}
END_TEST

/* The eight-byte run of letters and digits agrees with the kinds table,
 * byte by byte, on every byte value in every position. */
START_TEST(alnum_runs_eight_bytes_as_byte_by_byte)
{
	static const unsigned char fill[] = { 'a', 'Z', '5', ' ', 0xC3, '@', '[', '`', '{', '/', ':', 0x7F };
	unsigned char b[8];
	for (int c = 0; c < 256; c++)
		for (size_t at = 0; at < 8; at++)
			for (size_t k = 0; k < sizeof fill; k++) {
				for (size_t i = 0; i < 8; i++)
					b[i] = (unsigned char)(i == at ? c : i < at ? "qWeR7tYu"[i] : fill[k]);
				size_t run = 0;
				unsigned letters = 0, upper = 0, lt, up;
				while (run < 8 && b[run] < 0x80 &&
				       (wn_ascii_kind[b[run]] & (WN_K_LETTER | WN_K_DIGIT))) {
					letters += (wn_ascii_kind[b[run]] & WN_K_LETTER) != 0;
					upper += (wn_ascii_kind[b[run]] & WN_K_UPPER) != 0;
					run++;
				}
				ck_assert_uint_eq(wn_ascii_alnum_run8(b, &lt, &up), run);
				ck_assert_uint_eq(lt, letters);
				ck_assert_uint_eq(up, upper);
			}
}
END_TEST

Suite *suite_utf8(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("decode");
	tcase_add_test(tc, decodes_valid_sequences);
	tcase_add_test(tc, rejects_invalid_sequences_one_byte_at_a_time);
	tcase_add_test(tc, classifies_characters);
	tcase_add_test(tc, encodes_round_trip);
	tcase_add_test(tc, alnum_runs_eight_bytes_as_byte_by_byte);
	suite_add_tcase(s, tc);
	return s;
}
