/*
 * check_filter.c: the streaming filter as a whole: seeds at every chunk
 * size, windows, oversize lines, bad bytes, statistics and reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char *seeds[] = {
	"seeds/000_c577912463057385", "seeds/001_06576de944422444", "seeds/002_2b893ba0fa31ab74",
	"seeds/003_8bace14ff467b8ae", "seeds/004_c242f564f4966d71",
};

/* Every seed, fed 1..5 bytes at a time and whole (_i == 0), gives its gold. */
START_TEST(seeds_at_every_chunk_size)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
		char name[256];
		size_t in_len, gold_len;
		snprintf(name, sizeof name, "%s.txt", seeds[s]);
		char *in = wn_test_read_fixture(name, &in_len);
		snprintf(name, sizeof name, "%s.gold.txt", seeds[s]);
		char *gold = wn_test_read_fixture(name, &gold_len);
		char *out = wn_test_run(r, in, in_len, (size_t)_i, 0, NULL);
		ck_assert_msg(strcmp(out, gold) == 0, "%s differs at chunk size %d", seeds[s], _i);
		free(in);
		free(gold);
		free(out);
	}
	wn_rules_free(r);
}
END_TEST

START_TEST(one_filter_many_documents)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_filter *f = wn_filter_new(r, NULL);
	for (int round = 0; round < 3; round++)
		for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
			char name[256];
			size_t in_len;
			snprintf(name, sizeof name, "%s.txt", seeds[s]);
			char *in = wn_test_read_fixture(name, &in_len);
			ck_assert_int_eq(wn_filter_feed(f, in, in_len), WN_OK);
			ck_assert_int_eq(wn_filter_finish(f), WN_OK);
			const wn_doc_stats *st = wn_filter_stats(f);
			ck_assert_uint_eq(st->bytes_in, in_len);
			ck_assert_uint_gt(st->lines_dropped, 0);
			ck_assert_uint_eq(st->windows, 1);
			free(in);
		}
	wn_filter_free(f);
	wn_rules_free(r);
}
END_TEST

/* Lines seen before keep what is known of the patterns on them (the memo
 * of short lines): with far more distinct lines than it holds, so that
 * lines take each other's places within the document and across the
 * documents of one filter, every line is still judged on its own text. */
START_TEST(remembered_lines_are_judged_on_their_own_text)
{
	wn_rules *r = wn_test_rules("rule t.drop\n  category navigation\n  describe \"a test\"\n"
	                            "  match /^drop \\d+$/\n", 0,
	                            NULL);
	ck_assert_ptr_nonnull(r);
	size_t cap = 200000, n = 0;
	char *in = malloc(cap), *want = malloc(cap);
	size_t wn = 0;
	for (int i = 0; i < 6000; i++) {
		n += (size_t)snprintf(in + n, cap - n, "drop %d\ndrop %d more\n", i, i);
		wn += (size_t)snprintf(want + wn, cap - wn, "drop %d more\n", i);
	}
	wn_filter *f = wn_filter_new(r, NULL);
	for (int round = 0; round < 2; round++) {
		char *out = wn_test_run_filter(f, in, n);
		ck_assert_uint_eq(strlen(out), wn);
		ck_assert(memcmp(out, want, wn) == 0);
		free(out);
	}
	wn_filter_free(f);
	free(in);
	free(want);
	wn_rules_free(r);
}
END_TEST

/* With rules that match nothing, any input comes out unchanged, at any
 * window size: the filter never loses or adds a byte. */
static void assert_identity(const char *in, size_t len, size_t max_doc, size_t chunk)
{
	wn_rules *r = wn_test_rules(NULL, 0, NULL);
	char *out = wn_test_run(r, in, len, chunk, max_doc, NULL);
	ck_assert_msg(memcmp(out, in, len) == 0, "identity broken (window %zu, chunk %zu)", max_doc, chunk);
	free(out);
	wn_rules_free(r);
}

START_TEST(windows_and_chunks_keep_every_byte)
{
	const char *t = "line one\r\n\r\nline two is a bit longer\rthree\n\n\nfour\nfive";
	size_t sizes[] = { 16, 17, 20, 33, 1000 };
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		for (size_t chunk = 1; chunk <= 7; chunk++)
			assert_identity(t, strlen(t), sizes[i], chunk);
}
END_TEST

START_TEST(oversize_line_passes_through)
{
	size_t n = 200000;
	char *big = malloc(n + 16);
	memset(big, 'x', n);
	memcpy(big + n, "\nend\n", 6);
	assert_identity(big, n + 5, 4096, 0);
	assert_identity(big, n + 5, 4096, 333);
	/* with the default rules and the default window: kept, flagged */
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_doc_stats st;
	char *out = wn_test_run(r, big, n + 5, 0, 4096, &st);
	ck_assert_uint_eq(strlen(out), n + 5);
	ck_assert_uint_ge(st.oversize_lines, 1);
	ck_assert_uint_ge(st.windows, 1);
	free(out);
	wn_rules_free(r);
	free(big);
}
END_TEST

START_TEST(ten_megabyte_line_with_default_rules)
{
	size_t n = 10u << 20;
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		big[i] = "Share your thoughts in the comments below. "[i % 43];
	big[n] = '\0';
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_doc_stats st;
	char *out = wn_test_run(r, big, n, 65536, 0, &st);
	ck_assert_uint_eq(strlen(out), n);  /* not examined, not dropped */
	ck_assert_uint_eq(st.oversize_lines, 1);
	free(out);
	wn_rules_free(r);
	free(big);
}
END_TEST

START_TEST(garbage_bytes_never_crash)
{
	wn_rules *rules = wn_test_rules(NULL, 1, NULL);
	unsigned seed = 12345;
	for (int round = 0; round < 40; round++) {
		size_t n = 1 + (size_t)(round * 997) % 20000;
		char *in = malloc(n);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned b = (seed >> 16) & 0xFF;
			/* mostly text, some newlines, NULs, high bytes */
			in[i] = (char)(b < 40 ? '\n' : b < 50 ? 0 : b < 200 ? 'a' + b % 26 : b);
		}
		wn_doc_stats st;
		char *out = wn_test_run(rules, in, n, 1 + (size_t)round % 5, round % 2 ? 512 : 0, &st);
		ck_assert_uint_le(st.bytes_out, n);
		ck_assert_uint_eq(st.bytes_in, n);
		free(out);
		assert_identity(in, n, round % 2 ? 512 : 0, 64);
		free(in);
	}
	wn_rules_free(rules);
}
END_TEST

START_TEST(bom_and_nul_pass_through)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	const char in[] = "\xEF\xBB\xBFTitle\n\nText with a \0 NUL and \xFF bad byte.\n";
	wn_doc_stats st;
	char *out = wn_test_run(r, in, sizeof in - 1, 0, 0, &st);
	ck_assert(memcmp(out, in, sizeof in - 1) == 0);
	ck_assert(st.has_bom);
	ck_assert_uint_eq(st.nul_bytes, 1);
	ck_assert_uint_eq(st.invalid_utf8, 1);
	free(out);
	/* a BOM stays even when the first line goes */
	const char *in2 = "\xEF\xBB\xBFTable of Contents\n\nThe article starts here, as articles do.\n";
	out = wn_test_run(r, in2, strlen(in2), 0, 0, NULL);
	ck_assert_str_eq(out, "\xEF\xBB\xBFThe article starts here, as articles do.\n");
	free(out);
	wn_rules_free(r);
}
END_TEST

START_TEST(empty_document)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_doc_stats st;
	char *out = wn_test_run(r, "", 0, 0, 0, &st);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(st.bytes_in, 0);
	ck_assert_uint_eq(st.lines_in, 0);
	free(out);
	wn_rules_free(r);
}
END_TEST

static int to_buffer(void *ud, const char *p, size_t n)
{
	char *buf = ud;
	size_t used = strlen(buf);
	memcpy(buf + used, p, n);
	buf[used + n] = '\0';
	return 0;
}

START_TEST(statistics_and_report)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	size_t len;
	char *in = wn_test_read_fixture("seeds/000_c577912463057385.txt", &len);
	wn_filter *f = wn_filter_new(r, NULL);
	ck_assert_int_eq(wn_filter_feed(f, in, len), WN_OK);
	ck_assert_int_eq(wn_filter_finish(f), WN_OK);
	const wn_doc_stats *st = wn_filter_stats(f);
	int bio = wn_rules_category_find(r, "author_bio");
	int social = wn_rules_category_find(r, "social_profile");
	int cta = wn_rules_category_find(r, "cta");
	ck_assert_uint_eq(st->cat_lines[bio], 10);
	ck_assert_uint_gt(st->cat_lines[social], 10);
	ck_assert_uint_gt(st->cat_bytes[cta], 100);
	ck_assert_uint_eq(st->lines_partial, 1);
	ck_assert_uint_eq(st->lines_in, st->lines_out + st->lines_dropped);
	static char report[8192];
	report[0] = '\0';
	ck_assert_int_eq(wn_report_json(f, "doc \"1\".txt", "<urn:x>", to_buffer, report), WN_OK);
	ck_assert_ptr_nonnull(strstr(report, "{\"file\":\"doc \\\"1\\\".txt\",\"record\":\"<urn:x>\",\"bytes_in\":"));
	ck_assert_ptr_nonnull(strstr(report, "\"author_bio\":{\"lines\":10,"));
	ck_assert_ptr_nonnull(strstr(report, "\"author_bio.box\":10"));
	ck_assert_ptr_nonnull(strstr(report, "\"rules_hash\":\""));
	ck_assert(report[strlen(report) - 1] == '\n');
	wn_filter_free(f);
	free(in);
	wn_rules_free(r);
}
END_TEST

START_TEST(json_strings_escape_everything)
{
	char buf[64];
	wn_json_string("a\"b\\c\n\x01\xFF", 8, buf, sizeof buf);
	ck_assert_str_eq(buf, "\"a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD\"");
	ck_assert_uint_eq(wn_json_string("abc", 3, NULL, 0), 5);
}
END_TEST

START_TEST(one_shot_clean)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	char *out;
	size_t n;
	const char *in = "An article sentence that stays where it is.\n\nTable of Contents\n";
	ck_assert_int_eq(wn_clean(r, in, strlen(in), &out, &n), WN_OK);
	ck_assert_str_eq(out, "An article sentence that stays where it is.\n");
	ck_assert_uint_eq(n, strlen(out));
	free(out);
	wn_rules_free(r);
}
END_TEST

START_TEST(filter_parameters)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_filter *f = wn_filter_new(r, NULL);
	ck_assert_int_eq(wn_filter_set_param(f, "caption_max_words", 5), WN_OK);
	ck_assert_int_eq(wn_filter_set_param(f, "caption_max_words", 1000), WN_ERR_USAGE);
	ck_assert_int_eq(wn_filter_set_param(f, "caption_max_words", 5.5), WN_ERR_USAGE);
	ck_assert_int_eq(wn_filter_set_param(f, "no_such_param", 1), WN_ERR_USAGE);
	wn_filter_free(f);
	wn_rules_free(r);
}
END_TEST

/* Every seed is spam from top to bottom; an article about Twitter
 * followers is not. At the threshold, a seed leaves nothing behind and the
 * next document through the same filter is untouched. */
START_TEST(spam_scores_and_whole_document_drops)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_filter *f = wn_filter_new(r, NULL);
	for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
		char name[256];
		size_t len;
		snprintf(name, sizeof name, "%s.txt", seeds[s]);
		char *in = wn_test_read_fixture(name, &len);
		ck_assert_int_eq(wn_filter_feed(f, in, len), WN_OK);
		ck_assert_int_eq(wn_filter_finish(f), WN_OK);
		const wn_doc_stats *st = wn_filter_stats(f);
		ck_assert_msg(st->spam_score >= 0.7, "%s scores %.3f", seeds[s], st->spam_score);
		ck_assert_uint_gt(st->nspam_reasons, 1);
		ck_assert(!st->dropped);
		free(in);
	}
	size_t len;
	char *negative = wn_test_read_fixture("negatives/twitter_followers.txt", &len);
	ck_assert_int_eq(wn_filter_feed(f, negative, len), WN_OK);
	ck_assert_int_eq(wn_filter_finish(f), WN_OK);
	ck_assert(wn_filter_stats(f)->spam_score < 0.3);
	wn_filter_free(f);

	f = wn_filter_new(r, NULL);
	wn_filter_set_spam_threshold(f, 0.7);
	char *seed = wn_test_read_fixture("seeds/002_2b893ba0fa31ab74.txt", &len);
	char *out = wn_test_run_filter(f, seed, len);
	ck_assert_str_eq(out, "");
	ck_assert(wn_filter_stats(f)->dropped);
	ck_assert_uint_eq(wn_filter_stats(f)->bytes_out, 0);
	static char report[8192];
	report[0] = '\0';
	ck_assert_int_eq(wn_report_json(f, "s", NULL, to_buffer, report), WN_OK);
	ck_assert_ptr_nonnull(strstr(report, "\"engagement pitch inside the prose\""));
	ck_assert_ptr_nonnull(strstr(report, "\"dropped\":true"));
	free(out);
	size_t neg_len = strlen(negative);
	out = wn_test_run_filter(f, negative, neg_len);
	ck_assert_str_eq(out, negative);
	ck_assert(!wn_filter_stats(f)->dropped);
	free(out);
	free(seed);
	free(negative);
	wn_filter_free(f);
	wn_rules_free(r);
}
END_TEST

typedef struct limits_seen {
	size_t n;
	char owner[64], kind[32];
	size_t line_no;
} limits_seen;

static void note_limit(void *ud, const wn_limit_hit *hit)
{
	limits_seen *l = ud;
	if (l->n++ == 0) {
		snprintf(l->owner, sizeof l->owner, "%s", hit->owner);
		snprintf(l->kind, sizeof l->kind, "%s", hit->kind);
		l->line_no = hit->line_no;
	}
}

/* Catastrophic backtracking gives up at PCRE2's limit: the line counts as
 * not matched, the rule and the line are reported, the rest is cleaned. */
START_TEST(pathological_patterns_give_up)
{
	wn_rules *r = wn_test_rules("rule bad.backtrack\n  category test\n"
	                            "  describe \"catastrophic backtracking\"\n"
	                            "  match /^(\\w+\\s?)+$/\n"
	                            "rule t.toc\n  category toc\n  describe \"x\"\n"
	                            "  match /^table of contents$/\n", 0, NULL);
	ck_assert_ptr_nonnull(r);
	size_t n = 3 * 5000 + 64;
	char *in = malloc(n + 64);
	strcpy(in, "Table of Contents\n\n");
	for (int i = 0; i < 5000; i++)
		strcat(in, "ab ");
	strcat(in, "!\n");
	wn_filter *f = wn_filter_new(r, NULL);
	limits_seen seen = { 0 };
	wn_filter_set_limit_handler(f, note_limit, &seen);
	char *out = wn_test_run_filter(f, in, strlen(in));
	ck_assert_uint_ge(wn_filter_stats(f)->limit_hits, 1);
	ck_assert_uint_eq(seen.n, wn_filter_stats(f)->limit_hits);
	ck_assert_str_eq(seen.owner, "bad.backtrack");
	ck_assert_str_eq(seen.kind, "rule");
	ck_assert_uint_eq(seen.line_no, 3);
	ck_assert_str_eq(out, in + strlen("Table of Contents\n\n"));
	free(out);
	free(in);
	wn_filter_free(f);
	wn_rules_free(r);
}
END_TEST

static int stop_writing(void *ud, const char *p, size_t n)
{
	(void)ud;
	(void)p;
	(void)n;
	return 1;
}

START_TEST(output_errors_stop_the_filter)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_filter *f = wn_filter_new(r, NULL);
	wn_filter_set_output(f, stop_writing, NULL);
	ck_assert_int_eq(wn_filter_feed(f, "Some text.\n", 11), WN_OK);
	ck_assert_int_eq(wn_filter_finish(f), WN_ERR_OUTPUT);
	wn_filter_free(f);
	wn_rules_free(r);
}
END_TEST

/* What the writer has been given, and how often it was called. */
typedef struct written {
	char buf[512];
	size_t len, calls;
	int ordered;    /* every kept line's bytes came before its verdict */
} written;

static int record_output(void *ud, const char *p, size_t n)
{
	written *w = ud;
	ck_assert_uint_le(w->len + n, sizeof w->buf);
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	w->calls++;
	return 0;
}

static void check_written_first(void *ud, const wn_line_verdict *v)
{
	written *w = ud;
	if (v->verdict == WN_KEEP && v->len &&
	    (w->len < v->len + 1 || memcmp(w->buf + w->len - v->len - 1, v->text, v->len) != 0))
		w->ordered = 0;
}

/* Kept lines reach the writer as runs (one call for lines that follow each
 * other), and a caller that reads the explanations as well still gets each
 * line's bytes before its verdict. */
START_TEST(kept_runs_are_written_whole_and_in_order)
{
	const char *in = "The first paragraph says something.\nIt goes on here.\n\n"
	                 "Share this article\n\nThe second paragraph says more.\n";
	const char *want = "The first paragraph says something.\nIt goes on here.\n\n"
	                   "The second paragraph says more.\n";
	wn_rules *r = wn_test_rules("rule t.share\n  category share\n  describe \"x\"\n"
	                            "  match /^share this/\n", 0, NULL);
	ck_assert_ptr_nonnull(r);
	for (int explain = 0; explain < 2; explain++) {
		written w = { .ordered = 1 };
		wn_filter *f = wn_filter_new(r, NULL);
		wn_filter_set_output(f, record_output, &w);
		if (explain)
			wn_filter_set_explain(f, check_written_first, &w);
		ck_assert_int_eq(wn_filter_feed(f, in, strlen(in)), WN_OK);
		ck_assert_int_eq(wn_filter_finish(f), WN_OK);
		ck_assert_uint_eq(w.len, strlen(want));
		ck_assert(memcmp(w.buf, want, w.len) == 0);
		ck_assert(w.ordered);
		if (!explain)
			ck_assert_uint_eq(w.calls, 2); /* the lines before the removal, and after */
		wn_filter_free(f);
	}
	wn_rules_free(r);
}
END_TEST

/* Profiling times what the filter does and changes nothing it decides:
 * every document counted once (a windowed one too), every byte, each
 * phase and each rule that removed something timed, the rules inside
 * their phases; profiles merge and print; one made for other rules is
 * refused. */
START_TEST(profile_times_phases_and_rules)
{
	wn_rules *r = wn_test_rules(NULL, 1, NULL);
	wn_rules *small = wn_test_rules("rule only.one\n  category x\n  describe \"one rule\"\n"
	                                "  match /^never$/\n", 0, NULL);
	ck_assert_ptr_nonnull(small);
	wn_profile p, other;
	ck_assert_int_eq(wn_profile_init(&p, r), WN_OK);
	ck_assert_int_eq(wn_profile_init(&other, small), WN_OK);
	ck_assert_uint_eq(p.nrules, wn_rules_count(r));
	wn_filter_options opts = { 4096, 0 };
	wn_filter *f = wn_filter_new(r, &opts);
	ck_assert_int_eq(wn_filter_set_profile(f, &other), WN_ERR_USAGE);
	ck_assert_int_eq(wn_filter_set_profile(f, &p), WN_OK);
	size_t bytes = 0;
	int box = -1;
	for (size_t i = 0; i < wn_rules_count(r); i++) {
		wn_rule_info info;
		wn_rules_get(r, i, &info);
		if (strcmp(info.id, "author_bio.box") == 0)
			box = (int)i;
	}
	ck_assert_int_ge(box, 0);
	size_t box_hits = 0;
	for (size_t k = 0; k < 2; k++) {
		char name[64];
		snprintf(name, sizeof name, "%s.txt", seeds[k]);
		size_t len;
		char *in = wn_test_read_fixture(name, &len);
		char *plain = wn_test_run(r, in, len, 0, 4096, NULL);
		char *timed = wn_test_run_filter(f, in, len);
		ck_assert_str_eq(timed, plain);
		box_hits += wn_filter_stats(f)->rule_hits[box];
		bytes += len;
		free(plain);
		free(timed);
		free(in);
	}
	ck_assert_uint_gt(box_hits, 0);
	ck_assert_uint_eq(p.docs, 2);
	ck_assert_uint_eq(p.bytes, bytes);
	double rules = 0, phases = 0;
	for (size_t i = 0; i < p.nrules; i++) {
		ck_assert(p.rule_seconds[i] >= 0);
		ck_assert_uint_le(p.rule_matches[i], p.rule_runs[i]);
		rules += p.rule_seconds[i];
	}
	ck_assert(p.rule_seconds[box] > 0);
	/* the box's pattern matched each box it removed, and ran at least there */
	ck_assert_uint_ge(p.rule_matches[box], box_hits);
	ck_assert_uint_gt(p.rule_runs[box], 0);
	for (int k = 0; k < WN_PHASE_COUNT; k++) {
		ck_assert(p.phase_seconds[k] >= 0);
		phases += p.phase_seconds[k];
	}
	ck_assert(p.phase_seconds[WN_PHASE_MEASURE] > 0 && p.phase_seconds[WN_PHASE_RULES1] > 0);
	ck_assert(rules <= p.phase_seconds[WN_PHASE_RULES1] + p.phase_seconds[WN_PHASE_RULES2]);
	ck_assert(phases > rules);
	/* no profile: nothing more is added */
	ck_assert_int_eq(wn_filter_set_profile(f, NULL), WN_OK);
	char *again = wn_test_run_filter(f, "A line of text.\n", 16);
	free(again);
	ck_assert_uint_eq(p.docs, 2);
	/* merged into an empty profile: the same sums */
	wn_profile sum;
	ck_assert_int_eq(wn_profile_init(&sum, r), WN_OK);
	wn_profile_merge(&sum, &p);
	wn_profile_merge(&sum, &p);
	ck_assert_uint_eq(sum.docs, 4);
	ck_assert_uint_eq(sum.bytes, 2 * bytes);
	ck_assert(sum.rule_seconds[box] == 2 * p.rule_seconds[box]);
	ck_assert_uint_eq(sum.rule_runs[box], 2 * p.rule_runs[box]);
	ck_assert_uint_eq(sum.rule_matches[box], 2 * p.rule_matches[box]);
	static char table[65536];
	table[0] = '\0';
	ck_assert_int_eq(wn_profile_print(&p, r, 3, to_buffer, table), WN_OK);
	ck_assert_ptr_nonnull(strstr(table, "rules, stage 1"));
	ck_assert_ptr_nonnull(strstr(table, "(2 documents, "));
	ck_assert_ptr_nonnull(strstr(table, "rule (most expensive)"));
	ck_assert_ptr_nonnull(strstr(table, "pattern runs    matches\n"));
	ck_assert_ptr_nonnull(strstr(table, "(the other rules)"));
	size_t lines = 0;
	for (const char *c = table; *c; c++)
		lines += *c == '\n';
	ck_assert_uint_eq(lines, 1 + WN_PHASE_COUNT + 1 + 1 + 3 + 1);
	table[0] = '\0';
	ck_assert_int_eq(wn_profile_print(&p, r, 0, to_buffer, table), WN_OK);
	ck_assert_ptr_nonnull(strstr(table, "author_bio.box"));
	ck_assert_ptr_null(strstr(table, "(the other rules)"));
	ck_assert_int_eq(wn_profile_print(&p, r, 0, stop_writing, NULL), WN_ERR_OUTPUT);
	ck_assert_str_eq(wn_phase_name(WN_PHASE_EMIT), "emit");
	ck_assert_ptr_null(wn_phase_name(WN_PHASE_COUNT));
	wn_filter_free(f);
	wn_profile_free(&sum);
	wn_profile_free(&p);
	wn_profile_free(&other);
	wn_rules_free(small);
	wn_rules_free(r);
}
END_TEST

Suite *suite_filter(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("stream");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, seeds_at_every_chunk_size, 0, 6);
	tcase_add_test(tc, remembered_lines_are_judged_on_their_own_text);
	tcase_add_test(tc, one_filter_many_documents);
	tcase_add_test(tc, windows_and_chunks_keep_every_byte);
	tcase_add_test(tc, oversize_line_passes_through);
	tcase_add_test(tc, ten_megabyte_line_with_default_rules);
	tcase_add_test(tc, garbage_bytes_never_crash);
	tcase_add_test(tc, bom_and_nul_pass_through);
	tcase_add_test(tc, empty_document);
	tcase_add_test(tc, statistics_and_report);
	tcase_add_test(tc, json_strings_escape_everything);
	tcase_add_test(tc, one_shot_clean);
	tcase_add_test(tc, filter_parameters);
	tcase_add_test(tc, output_errors_stop_the_filter);
	tcase_add_test(tc, kept_runs_are_written_whole_and_in_order);
	tcase_add_test(tc, spam_scores_and_whole_document_drops);
	tcase_add_test(tc, pathological_patterns_give_up);
	tcase_add_test(tc, profile_times_phases_and_rules);
	suite_add_tcase(s, tc);
	return s;
}
