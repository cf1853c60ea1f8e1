/* check_normalize.c: the matching view and its offset map. */
#include <string.h>

#include "helpers.h"
#include "normalize.h"
#include "utf8.h"

typedef struct view {
	wn_vec out, map;
	int aligned;
	wn_norm_counts counts;
} view;

static void norm(view *v, const char *s)
{
	wn_normalizer nz = { 0 };
	memset(v, 0, sizeof *v);
	ck_assert_int_eq(wn_normalize(&nz, s, strlen(s), &v->out, &v->map, &v->aligned, &v->counts), 0);
	ck_assert_int_eq(wn_buf_cstr(&v->out), 0);
	wn_normalizer_free(&nz);
}

static void done(view *v)
{
	wn_vec_free(&v->out);
	wn_vec_free(&v->map);
}

START_TEST(vectors_grow_by_nothing)
{
	/* an empty array grown by zero elements is a slot, not a failure */
	wn_vec v = { 0 };
	ck_assert_ptr_nonnull(wn_vec_grow_raw(&v, sizeof(float), 0));
	ck_assert_uint_eq(v.len, 0);
	ck_assert_ptr_nonnull(wn_vec_grow(&v, sizeof(float), 0));
	float *f = wn_vec_grow_raw(&v, sizeof(float), 3);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(v.len, 3);
	ck_assert_ptr_null(wn_vec_grow_raw(&v, sizeof(float), SIZE_MAX));
	ck_assert_uint_eq(v.len, 3);
	wn_vec_free(&v);
}
END_TEST

START_TEST(ascii_is_lowercased_in_place)
{
	view v;
	norm(&v, "Share Your THOUGHTS");
	ck_assert_str_eq(v.out.data, "share your thoughts");
	ck_assert(v.aligned);
	ck_assert_uint_eq(v.map.len, 0);
	done(&v);
}
END_TEST

/* Every ASCII byte at every place of an 8-byte block, among printable
 * text and among control bytes, and a non-ASCII byte anywhere: the view is
 * the table's, byte for byte, and NULs are counted. */
START_TEST(ascii_blocks_fold_byte_by_byte)
{
	for (int b = 0; b < 0x100; b++)
		for (size_t at = 0; at < 19; at++)
			for (int filler = 0; filler < 2; filler++) {
				unsigned char in[19];
				memset(in, filler ? '\t' : 'Q', sizeof in);
				in[at] = (unsigned char)b;
				wn_normalizer nz = { 0 };
				view v;
				memset(&v, 0, sizeof v);
				ck_assert_int_eq(wn_normalize(&nz, (const char *)in, sizeof in, &v.out, &v.map,
				                              &v.aligned, &v.counts), 0);
				if (b < 0x80) {
					ck_assert_uint_eq(v.out.len, sizeof in);
					for (size_t k = 0; k < sizeof in; k++)
						ck_assert_int_eq(((unsigned char *)v.out.data)[k], wn_ascii_lower[in[k]]);
					ck_assert_uint_eq(v.counts.nul, b == 0);
				} else {
					ck_assert_uint_eq(v.counts.invalid, 1); /* a lone byte >= 0x80 */
				}
				done(&v);
				wn_normalizer_free(&nz);
			}
}
END_TEST

/* In a line that is not all ASCII, its ASCII runs (of every length, around
 * every byte below 0x80) fold as an ASCII line does, each view byte mapped
 * back to its own input byte; the run stops short of a character that a
 * mark could combine with. */
START_TEST(ascii_runs_in_other_lines_fold_byte_by_byte)
{
	static const char quote[] = "\xE2\x80\x99"; /* ’, folds to ' */
	for (int b = 0; b < 0x80; b++)
		for (size_t len = 1; len < 20; len++)
			for (size_t at = 0; at < len; at += 3) {
				char in[64];
				size_t n = 0;
				memcpy(in + n, quote, 3), n += 3;
				for (size_t k = 0; k < len; k++)
					in[n++] = k == at ? (char)b : (char)('A' + k);
				memcpy(in + n, quote, 3), n += 3;
				in[n++] = 'Z';
				wn_normalizer nz = { 0 };
				view v;
				memset(&v, 0, sizeof v);
				ck_assert_int_eq(wn_normalize(&nz, in, n, &v.out, &v.map, &v.aligned,
				                              &v.counts), 0);
				ck_assert_uint_eq(v.out.len, len + 3);
				const unsigned char *o = v.out.data;
				const uint32_t *m = v.map.data;
				ck_assert_int_eq(o[0], '\'');
				for (size_t k = 0; k < len; k++) {
					ck_assert_int_eq(o[1 + k], wn_ascii_lower[(unsigned char)in[3 + k]]);
					ck_assert_uint_eq(m[1 + k], 3 + k);
				}
				ck_assert_int_eq(o[len + 1], '\'');
				ck_assert_int_eq(o[len + 2], 'z');
				ck_assert_uint_eq(m[len + 2], n - 1);
				ck_assert_uint_eq(v.counts.nul, b == 0);
				done(&v);
				wn_normalizer_free(&nz);
			}
}
END_TEST

START_TEST(nfkc_and_case_folding)
{
	view v;
	norm(&v, "\xEF\xAC\x81nal \xEF\xBC\xA1\xEF\xBC\xA2 STRASSE \xC3\x89T\xC3\x89");
	/* ﬁ -> fi, fullwidth ＡＢ -> ab, É -> é */
	ck_assert_str_eq(v.out.data, "final ab strasse \xC3\xA9t\xC3\xA9");
	ck_assert(!v.aligned);
	done(&v);
}
END_TEST

START_TEST(combining_marks_compose)
{
	view v;
	norm(&v, "Cafe\xCC\x81!");  /* e + COMBINING ACUTE */
	ck_assert_str_eq(v.out.data, "caf\xC3\xA9!");
	/* the composed é maps back to the 'e', '!' to its own byte */
	const uint32_t *m = v.map.data;
	ck_assert_uint_eq(m[3], 3);
	ck_assert_uint_eq(m[5], 6);
	ck_assert_uint_eq(m[v.out.len], 7); /* end maps to the input length */
	done(&v);
}
END_TEST

START_TEST(curly_quotes_fold_to_ascii)
{
	view v;
	norm(&v, "Don\xE2\x80\x99t say \xE2\x80\x9Chi\xE2\x80\x9D");
	ck_assert_str_eq(v.out.data, "don't say \"hi\"");
	const uint32_t *m = v.map.data;
	ck_assert_uint_eq(m[3], 3);   /* ' comes from the 3-byte ’ at 3..5 */
	ck_assert_uint_eq(m[4], 6);   /* t */
	done(&v);
}
END_TEST

START_TEST(invalid_bytes_become_replacement_characters)
{
	view v;
	norm(&v, "ok \xFF\xC3 end");
	ck_assert_str_eq(v.out.data, "ok \xEF\xBF\xBD\xEF\xBF\xBD end");
	ck_assert_uint_eq(v.counts.invalid, 2);
	const uint32_t *m = v.map.data;
	ck_assert_uint_eq(m[3], 3);
	ck_assert_uint_eq(m[6], 4);
	done(&v);
}
END_TEST

START_TEST(nul_bytes_are_counted)
{
	wn_normalizer nz = { 0 };
	view v;
	memset(&v, 0, sizeof v);
	ck_assert_int_eq(wn_normalize(&nz, "a\0b", 3, &v.out, &v.map, &v.aligned, &v.counts), 0);
	ck_assert_uint_eq(v.out.len, 3);
	ck_assert_uint_eq(v.counts.nul, 1);
	wn_normalizer_free(&nz);
	done(&v);
}
END_TEST

START_TEST(unchanged_non_ascii_keeps_offsets_aligned)
{
	view v;
	norm(&v, "caf\xC3\xA9 \xE2\x80\xA2 \xE4\xB8\xAD\xE6\x96\x87");
	ck_assert(v.aligned);
	done(&v);
}
END_TEST

/* A normaliser that keeps what code points became (wn_normalizer_keep)
 * views every line as one that starts afresh: the same bytes, offsets and
 * alignment, whichever line came first, for code points that change (É,
 * quotes, ligatures), vanish (a zero-width space), expand past what a slot
 * holds (U+FDFA), stay as they are (ä), combine with a mark, or share a
 * slot (U+00C9, U+02C9 and U+04C9 lie WN_NORM_CACHE apart). */
START_TEST(kept_code_points_view_as_new)
{
	static const char *lines[] = {
		"\xC3\x89t\xC3\xA9 \xE2\x80\x99", "\xCB\x89 x \xC3\x89", "\xD3\x89\xC3\x89\xCB\x89",
		"\xEF\xAC\x81 a\xE2\x80\x8B\x62", "\xEF\xB7\xBA!", "\xC3\xA4\xC3\xA4 \xC3\x84",
		"\xC3\x84\xCC\x81 e\xCC\x81 \xC3\x89", "plain \xE2\x80\x9Cquoted\xE2\x80\x9D",
	};
	size_t n = sizeof lines / sizeof *lines;
	wn_normalizer kept = { 0 };
	ck_assert_int_eq(wn_normalizer_keep(&kept), 0);
	for (size_t round = 0; round < 3; round++)
		for (size_t k = 0; k < n; k++) {
			const char *line = lines[round == 1 ? n - 1 - k : k];
			view a, b;
			memset(&a, 0, sizeof a);
			norm(&b, line);
			ck_assert_int_eq(wn_normalize(&kept, line, strlen(line), &a.out, &a.map, &a.aligned,
			                              &a.counts), 0);
			ck_assert_uint_eq(a.out.len, b.out.len);
			ck_assert(memcmp(a.out.data, b.out.data, a.out.len) == 0);
			ck_assert_int_eq(a.aligned, b.aligned);
			ck_assert_uint_eq(a.map.len, b.map.len);
			ck_assert(a.map.len == 0 || memcmp(a.map.data, b.map.data, a.map.len * 4) == 0);
			done(&a);
			done(&b);
		}
	wn_normalizer_free(&kept);
}
END_TEST

Suite *suite_normalize(void)
{
	Suite *s = suite_create("normalize");
	TCase *tc = tcase_create("view");
	tcase_add_test(tc, vectors_grow_by_nothing);
	tcase_add_test(tc, ascii_is_lowercased_in_place);
	tcase_add_test(tc, ascii_blocks_fold_byte_by_byte);
	tcase_add_test(tc, ascii_runs_in_other_lines_fold_byte_by_byte);
	tcase_add_test(tc, nfkc_and_case_folding);
	tcase_add_test(tc, combining_marks_compose);
	tcase_add_test(tc, curly_quotes_fold_to_ascii);
	tcase_add_test(tc, invalid_bytes_become_replacement_characters);
	tcase_add_test(tc, nul_bytes_are_counted);
	tcase_add_test(tc, unchanged_non_ascii_keeps_offsets_aligned);
	tcase_add_test(tc, kept_code_points_view_as_new);
	suite_add_tcase(s, tc);
	return s;
}
