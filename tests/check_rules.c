/* check_rules.c: reading rule files, and their error messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "helpers.h"

#define RULE_HEAD "rule t.a\n  category test\n  describe \"a test rule\"\n"

/* The rules must fail, with this text in the first diagnostic line. */
static void fails_with(const char *text, const char *where_and_what)
{
	test_diags d;
	wn_rules *r = wn_test_rules(text, 0, &d);
	ck_assert_msg(r == NULL, "rules compiled, expected: %s", where_and_what);
	ck_assert_msg(strstr(d.text, where_and_what) != NULL,
	              "expected \"%s\" in:\n%s", where_and_what, d.text);
}

START_TEST(valid_rules_load)
{
	test_diags d;
	wn_rules *r = wn_test_rules(
		"# a comment\n"
		"param max_words 8 1..40 \"longest line\"\n"
		"define greet /hello|hi/\n"
		"wordlist fruit\n"
		"  words apple pear  # trailing comment\n"
		"condition short words <= $max_words\n"
		"\n"
		"rule t.a\n"
		"  category test\n"
		"  describe \"a \\\"quoted\\\" test\"\n"
		"  match /^{{greet}}\\b/x   # flags and a comment\n"
		"  when short and share(fruit) < 0.5\n", 0, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	ck_assert_uint_eq(wn_rules_count(r), 1);
	wn_rule_info info;
	ck_assert_int_eq(wn_rules_get(r, 0, &info), WN_OK);
	ck_assert_str_eq(info.id, "t.a");
	ck_assert_str_eq(info.category, "test");
	ck_assert_str_eq(info.description, "a \"quoted\" test");
	ck_assert_str_eq(info.file, "test.rules");
	ck_assert_uint_eq(info.line, 8);
	ck_assert_int_eq(wn_rules_category_find(r, "test"), 0);
	wn_param_info p;
	ck_assert_int_eq(wn_rules_param_get(r, 0, &p), WN_OK);
	ck_assert_str_eq(p.name, "max_words");
	ck_assert(p.is_integer);
	wn_rules_free(r);
}
END_TEST

START_TEST(error_messages_point_at_the_mistake)
{
	fails_with("rule t.a\n  category test\n  match /x/\n",
	           "test.rules:1:1: error: rule 't.a' has no description");
	fails_with("rule t.a\n  describe \"x\"\n  match /x/\n", "test.rules:1:1: error: rule 't.a' has no category");
	fails_with(RULE_HEAD "  match /unterminated\n", "test.rules:4:9: error: unterminated pattern");
	fails_with(RULE_HEAD "  match /a(b/\n", "test.rules:4:13: error: bad pattern: missing closing parenthesis");
	fails_with(RULE_HEAD "  match /x/q\n", "test.rules:4:12: error: unknown pattern flag 'q'");
	fails_with(RULE_HEAD "  when words <= \n", "test.rules:4:16: error: expected a number");
	fails_with(RULE_HEAD "  when wrods <= 3\n", "test.rules:4:8: error: unknown feature or condition 'wrods'");
	fails_with(RULE_HEAD "  when words <= $nope\n", "test.rules:4:17: error: unknown parameter '$nope'");
	fails_with(RULE_HEAD "  when share(nolist) > 0\n", "test.rules:4:14: error: unknown word list 'nolist'");
	fails_with(RULE_HEAD "  scope chapter\n  match /x/\n", "test.rules:4:9: error: unknown scope 'chapter'");
	fails_with(RULE_HEAD "  colour red\n", "test.rules:4:3: error: unknown property 'colour'");
	fails_with(RULE_HEAD "  match /x/\n  gap 2\n", "'gap' does not apply to scope line");
	fails_with(RULE_HEAD "  scope block\n  match /x/\n", "block rule 't.a' needs 'continue' or 'continue-when'");
	fails_with(RULE_HEAD "  describe \"again\"\n  match /x/\n", "test.rules:4:3: error: describe is already set");
	fails_with("rule t.a\n  category test\n  describe \"oops\n", "test.rules:3:12: error: unterminated string");
	fails_with(RULE_HEAD, "rule 't.a' matches everything");
	fails_with(RULE_HEAD "  match /x/\n" RULE_HEAD "  match /y/\n",
	           "test.rules:5:1: error: duplicate rule id 't.a' (first defined on line 1)");
	fails_with("param p 5 1..3 \"d\"\n", "test.rules:1:9: error: value 5 is outside the range 1..3");
	fails_with("param p 2 3..1 \"d\"\n", "test.rules:1:11: error: empty range");
	fails_with("param p two 1..3 \"d\"\n", "test.rules:1:9: error: expected the parameter's value: 'two' is not a number");
	fails_with("param p 2 1..3\n", "test.rules:1:15: error: expected a description of the parameter");
	fails_with("param p 2 1..3 \"d\"\nparam p 2 1..3 \"d\"\n", "test.rules:2:7: error: duplicate parameter 'p'");
	fails_with("set nope 3\n", "test.rules:1:5: error: unknown parameter 'nope'");
	fails_with("param p 2 1..3 \"d\"\nset p 9\n", "test.rules:2:5: error: p=9 is outside its range 1..3");
	fails_with("disable t.zzz\n", "test.rules:1:9: error: cannot disable 't.zzz'");
	fails_with("category test\n", "test.rules:1:1: error: 'category' outside a rule");
	fails_with("words a b\n", "test.rules:1:1: error: 'words' belongs to a word list");
	fails_with(RULE_HEAD "  match /{{nomacro}}/\n", "test.rules:4:10: error: unknown macro {{nomacro}}");
	fails_with("define m /a(/\n" RULE_HEAD "  match /x{{m}}y/\n",
	           "test.rules:1:13: error: bad pattern: missing closing parenthesis");
	fails_with("define m /(?<n>a)/\n" RULE_HEAD "  match /{{m}}(?<n>b)\\k<n>x(/\n",
	           "test.rules:5:");
	fails_with("condition later other\ncondition other words > 1\n",
	           "test.rules:1:17: error: condition 'other' is defined later");
	fails_with("condition prose after_prose\n", "the 'prose' condition places the article");
	fails_with("condition words 1\n", "'words' is a built-in feature");
	fails_with(RULE_HEAD "  when /a(/ or words > 1\n", "test.rules:4:11: error: bad pattern");
	fails_with("spam \"x\" 1.5 when doc_lines > 1\n", "test.rules:1:10: error: the weight must be from 0 to 1");
	fails_with("spam \"x\" 0.5 doc_lines > 1\n", "test.rules:1:14: error: expected 'when'");
	fails_with("spam \"x\" 0.5 when words > 3\n", "a spam condition describes the whole document");
	fails_with(RULE_HEAD "  match /x/\n  when lines(test) > 1\n", "describe the whole document");
	fails_with("spam \"x\" 0.5 when lines(nocat) > 1\n", "test.rules:1:25: error: no rule has category 'nocat'");
	fails_with("spam \"x\" 0.5 when hits(no.rule) > 1\n", "test.rules:1:24: error: no rule has id 'no.rule'");
	fails_with("spam \"x\" 0.5 when matches(abc) > 1\n", "test.rules:1:27: error: expected a pattern in slashes");
	fails_with("spam \"x\" 0.5 when cut_bytes(test > 1\n", "error: expected ')'");
}
END_TEST

/* text: head, then `times` copies of piece, then tail (a rule file built
 * for the bounds on conditions); a piece with a '%' is a format of the
 * copy's number, from 1, and the one before it */
static char *repeated(const char *head, const char *piece, int times, const char *tail)
{
	size_t n = strlen(head) + (size_t)times * (strlen(piece) + 8) + strlen(tail) + 1;
	char *text = malloc(n), *at = text;
	ck_assert_ptr_nonnull(text);
	at += sprintf(at, "%s", head);
	for (int i = 0; i < times; i++)
		at += strchr(piece, '%') ? sprintf(at, piece, i + 1, i) : sprintf(at, "%s", piece);
	sprintf(at, "%s", tail);
	return text;
}

/* Evaluating, compiling and freeing conditions recurse: a rule file may
 * not nest them past the stack, in brackets, `not`s, signs, chains of
 * operators or conditions that use conditions, nor make them exponential
 * (each condition using the one before twice). The default rules nest 18
 * levels and reach 151 operations at most. */
START_TEST(conditions_too_deep_or_too_large_are_errors)
{
	static const char *const pieces[] = { "(", "not ", "- ", "1 + " };
	for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++) {
		char *text = repeated(RULE_HEAD "  match /x/\n  when ", pieces[k], 100000, "1\n");
		fails_with(text, "the condition nests too deeply (at most 200 levels)");
		free(text);
		text = repeated(RULE_HEAD "  match /x/\n  when ", pieces[k], 150, "1");
		for (int i = 0; k == 0 && i < 150; i++)
			strcat(text, ")");
		strcat(text, " > 0\n");
		test_diags d;
		wn_rules *r = wn_test_rules(text, 0, &d);
		ck_assert_msg(r != NULL, "150 levels: %s", d.text);
		wn_rules_free(r);
		free(text);
	}
	char *chain = repeated("condition c0 words\n", "condition c%1$d c%2$d + 1\n", 300, "");
	fails_with(chain, "test.rules:101:16: error: the condition nests too deeply with the conditions "
	                  "it uses (201 levels; at most 200)");
	free(chain);
	char *doubling = repeated("condition c0 words\n", "condition c%1$d c%2$d + c%2$d\n", 60, "");
	fails_with(doubling, "test.rules:16:15: error: the condition is too large with the conditions "
	                     "it uses (131069 operations; at most 100000)");
	free(doubling);
}
END_TEST

START_TEST(every_error_of_a_file_is_reported)
{
	test_diags d;
	wn_rules *r = wn_test_rules(RULE_HEAD "  colour red\n  match /(/\nbogus line\n", 0, &d);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(d.errors, 3);
}
END_TEST

START_TEST(diagnostics_show_the_line_and_a_caret)
{
	test_diags d;
	wn_test_rules(RULE_HEAD "  when wrods <= 3\n", 0, &d);
	ck_assert_ptr_nonnull(strstr(d.text, "\n      when wrods <= 3\n           ^~~~~\n"));
}
END_TEST

/* The caret of formatted text stands under needle in the source line above
 * it (columns in code points). */
static void caret_under(const char *text, const char *needle)
{
	const char *src = strchr(text, '\n') + 1;
	const char *caret_line = strchr(src, '\n') + 1;
	const char *at = strstr(src, needle);
	ck_assert_ptr_nonnull(at);
	ck_assert(at < caret_line);
	int col = 0;
	for (const char *p = src; p < at; p++)
		col += ((unsigned char)*p & 0xC0) != 0x80;
	ck_assert_int_eq((int)(strchr(caret_line, '^') - caret_line), col);
}

/* A line of a generated rule file may be megabytes long: the message shows
 * the part around the error, marked with "...", the caret under it. */
START_TEST(long_source_lines_are_shown_around_the_error)
{
	enum { PAD = 5000 };
	char *line = malloc(2 * PAD + 64);
	ck_assert_ptr_nonnull(line);
	/* "é" is two bytes: columns count code points */
	for (size_t i = 0; i < PAD; i += 2)
		memcpy(line + i, "\xc3\xa9", 2);
	strcpy(line + PAD, "{{nosuch}}");
	memset(line + PAD + 10, 'b', PAD);
	line[2 * PAD + 10] = '\0';
	wn_diag d = { WN_DIAG_ERROR, "x.rules", 4, PAD / 2 + 1, 10, "unknown macro", line };
	char buf[1024];
	size_t n = wn_diag_format(&d, buf, sizeof buf);
	ck_assert_uint_lt(n, 400);
	ck_assert_uint_eq(n, strlen(buf));
	ck_assert_uint_eq(wn_diag_format(&d, NULL, 0), n);
	ck_assert_ptr_nonnull(strstr(buf, "x.rules:4:2501: error: unknown macro\n    ...\xc3\xa9"));
	ck_assert_ptr_nonnull(strstr(buf, "bbb...\n"));
	caret_under(buf, "{{nosuch}}");
	ck_assert_ptr_nonnull(strstr(buf, "^" "~~~~~~~~~" "\n")); /* the span: 10 */

	/* at the start: nothing cut before; a long span is cut short */
	d.col = 1;
	d.span = 3000;
	n = wn_diag_format(&d, buf, sizeof buf);
	ck_assert_uint_lt(n, 400);
	ck_assert_ptr_nonnull(strstr(buf, "\n    \xc3\xa9"));
	caret_under(buf, "\xc3\xa9");
	ck_assert_ptr_nonnull(strstr(buf, "...\n    ^~~~"));
	ck_assert_ptr_nonnull(strstr(buf, "^" "~~~~~~~~~~" "~~~~~~~~~~" "~~~~~~~~~~" "~~~~~~~~~" "\n")); /* 40 */

	/* near the end: nothing cut after */
	d.col = PAD / 2 + 10 + PAD - 1; /* the last but one */
	d.span = 1;
	n = wn_diag_format(&d, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "    ...b"));
	ck_assert_ptr_nonnull(strstr(buf, "bb\n    "));
	caret_under(buf, "bb\n");
	free(line);

	/* a short line is shown whole, as before */
	wn_diag shortd = { WN_DIAG_ERROR, "x.rules", 2, 8, 3, "m", "  when wrods" };
	wn_diag_format(&shortd, buf, sizeof buf);
	ck_assert_str_eq(buf, "x.rules:2:8: error: m\n      when wrods\n           ^~~\n");
}
END_TEST

START_TEST(later_files_replace_rules_and_params)
{
	test_diags d;
	memset(&d, 0, sizeof d);
	wn_rules *r = wn_rules_new(NULL, NULL);
	const char *a = "param p 3 1..9 \"d\"\nrule t.a\n  category one\n  describe \"x\"\n  match /a/\n"
	                "rule t.b\n  category one\n  describe \"x\"\n  match /b/\n";
	const char *b = "param p 4 1..9 \"d\"\nrule t.a\n  category two\n  describe \"y\"\n  match /c/\n"
	                "disable t.b\n";
	ck_assert_int_eq(wn_rules_add_buffer(r, "a.rules", a, strlen(a)), WN_OK);
	ck_assert_int_eq(wn_rules_add_buffer(r, "b.rules", b, strlen(b)), WN_OK);
	ck_assert_int_eq(wn_rules_set(r, "p=7"), WN_OK);
	ck_assert_int_eq(wn_rules_compile(r), WN_OK);
	ck_assert_uint_eq(wn_rules_count(r), 1);
	wn_rule_info info;
	wn_rules_get(r, 0, &info);
	ck_assert_str_eq(info.category, "two");
	ck_assert_str_eq(info.file, "b.rules");
	wn_param_info p;
	wn_rules_param_get(r, 0, &p);
	ck_assert_double_eq(p.value, 7);
	wn_rules_free(r);
}
END_TEST

START_TEST(set_from_the_command_line_is_checked)
{
	test_diags d;
	memset(&d, 0, sizeof d);
	wn_rules *r = wn_test_rules(NULL, 1, &d);
	ck_assert_ptr_nonnull(r);
	wn_rules_free(r);
	const char *bad[] = { "nope=1", "caption_max_words=1000", "caption_max_words=2.5",
	                      "caption_max_words", "caption_max_words=x" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = wn_rules_new(NULL, NULL);
		wn_rules_add_builtin(r);
		int rc = wn_rules_set(r, bad[i]);
		if (rc == WN_OK)
			rc = wn_rules_compile(r);
		ck_assert_msg(rc != WN_OK, "%s accepted", bad[i]);
		wn_rules_free(r);
	}
}
END_TEST

START_TEST(builtin_rules_compile_and_hash_is_stable)
{
	wn_rules *a = wn_test_rules(NULL, 1, NULL), *b = wn_test_rules(NULL, 1, NULL);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_gt(wn_rules_count(a), 10);
	ck_assert(wn_rules_hash(a) == wn_rules_hash(b));
	ck_assert_int_ge(wn_rules_category_find(a, "author_bio"), 0);
	ck_assert_int_ge(wn_rules_category_find(a, "social_profile"), 0);
	ck_assert_int_ge(wn_rules_category_find(a, "caption"), 0);
	ck_assert_int_ge(wn_rules_category_find(a, "toc"), 0);
	ck_assert_int_ge(wn_rules_category_find(a, "cta"), 0);
	wn_rules_free(a);
	wn_rules_free(b);
	wn_rules *c = wn_test_rules("set caption_max_words 20\n", 1, NULL);
	ck_assert_ptr_nonnull(c);
	wn_rules *d = wn_test_rules(NULL, 1, NULL);
	ck_assert(wn_rules_hash(c) != wn_rules_hash(d));
	wn_rules_free(c);
	wn_rules_free(d);
}
END_TEST

START_TEST(rule_files_tolerate_crlf_and_bom)
{
	test_diags d;
	wn_rules *r = wn_test_rules("\xEF\xBB\xBFrule t.a\r\n  category test\r\n  describe \"x\"\r\n  match /a$/\r\n", 0, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	wn_rules_free(r);
}
END_TEST

START_TEST(missing_rule_file_is_an_error)
{
	test_diags d;
	memset(&d, 0, sizeof d);
	wn_rules *r = wn_rules_new(NULL, NULL);
	ck_assert_int_eq(wn_rules_add_path(r, "/nonexistent/x.rules"), WN_ERR_IO);
	wn_rules_free(r);
}
END_TEST

static void write_rule(const char *dir, const char *name, const char *id, const char *what)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "rule %s\n  category test\n  describe \"%s\"\n  match /^%s$/\n", id, what, what);
	fclose(f);
}

/* A directory loads as the default rules are laid out (rules/, then
 * rules/lang/): its *.rules files in name order, then its subdirectories,
 * so a rule defined again in a subdirectory wins over the directory's
 * own; other files and hidden entries are left alone. */
START_TEST(rule_directories_load_files_then_subdirectories)
{
	char top[] = "/tmp/winnow-rules-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(top));
	char sub[64], hidden[64], deep[64];
	snprintf(sub, sizeof sub, "%s/lang", top);
	snprintf(hidden, sizeof hidden, "%s/.old", top);
	snprintf(deep, sizeof deep, "%s/lang/more", top);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(mkdir(hidden, 0700), 0);
	ck_assert_int_eq(mkdir(deep, 0700), 0);
	write_rule(top, "a.rules", "t.x", "top");
	write_rule(top, "zz.rules", "t.y", "top");
	write_rule(top, "notes.txt", "t.z", "not a rule file");
	write_rule(sub, "b.rules", "t.x", "lang");
	write_rule(deep, "c.rules", "t.y", "deeper");
	write_rule(hidden, "d.rules", "t.y", "hidden");
	wn_rules *r = wn_rules_new(NULL, NULL);
	ck_assert_int_eq(wn_rules_add_path(r, top), WN_OK);
	ck_assert_int_eq(wn_rules_compile(r), WN_OK);
	ck_assert_uint_eq(wn_rules_count(r), 2);
	for (size_t i = 0; i < 2; i++) {
		wn_rule_info info;
		ck_assert_int_eq(wn_rules_get(r, i, &info), WN_OK);
		ck_assert_str_eq(info.description,
		                 strcmp(info.id, "t.x") == 0 ? "lang" : "deeper");
	}
	wn_rules_free(r);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* A symbolic link back to a directory being loaded is an error, before
 * any file is loaded a second time. */
START_TEST(rule_directory_loops_are_errors)
{
	char top[] = "/tmp/winnow-rules-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(top));
	char sub[64], loop[64];
	snprintf(sub, sizeof sub, "%s/sub", top);
	snprintf(loop, sizeof loop, "%s/sub/back", top);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(symlink("..", loop), 0);
	write_rule(top, "a.rules", "t.x", "top");
	test_diags d;
	memset(&d, 0, sizeof d);
	wn_rules *r = wn_rules_new(wn_test_collect_diag, &d);
	ck_assert_int_eq(wn_rules_add_path(r, top), WN_ERR_RULES);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_ptr_nonnull(strstr(d.text, "/sub/back: error: rule directory loops back"));
	wn_rules_free(r);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* A generated rule set: thousands of parameters, macros and conditions,
 * hundreds of rules, so that every name index grows many times while the
 * file loads; a later file replaces some of each in place and disables a
 * rule; a name defined twice in one file is still an error. */
START_TEST(thousands_of_names_resolve_and_replace)
{
	enum { NAMES = 3000, RULES = 600 };
	wn_vec text = { 0 };
	char line[256];
	/* longest names first: a short name then often probes past a longer
	 * one it is a prefix of */
	for (int i = NAMES - 1; i >= 0; i--) {
		int n = snprintf(line, sizeof line,
		                 "param p%d %d 0..100000 \"limit %d\"\ndefine m%d /w%dx/\n"
		                 "condition c%d words <= $p%d and chars == %d\n",
		                 i, i + 1, i, i, i, i, i, snprintf(NULL, 0, "w%dx", i));
		ck_assert_int_eq(wn_buf_append(&text, line, (size_t)n), 0);
	}
	for (int i = RULES - 1; i >= 0; i--) {
		int n = snprintf(line, sizeof line,
		                 "rule t.r%d\n  category test\n  describe \"first %d\"\n"
		                 "  match /^{{m%d}}$/\n  when c%d\n",
		                 i, i, i, i);
		ck_assert_int_eq(wn_buf_append(&text, line, (size_t)n), 0);
	}
	static const char later[] = "define m7 /sev/\n"
	                            "param p8 0 0..10 \"none\"\n"
	                            "condition c12 words > 5\n"
	                            "rule t.r9\n  category test\n  describe \"second 9\"\n"
	                            "  match /^nine$/\n"
	                            "disable t.r10\n";
	test_diags d;
	memset(&d, 0, sizeof d);
	wn_rules *r = wn_rules_new(wn_test_collect_diag, &d);
	ck_assert_int_eq(wn_rules_add_buffer(r, "many.rules", text.data, text.len), WN_OK);
	ck_assert_int_eq(wn_rules_add_buffer(r, "later.rules", later, sizeof later - 1), WN_OK);
	ck_assert_msg(wn_rules_compile(r) == WN_OK, "%.300s", d.text);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_uint_eq(wn_rules_count(r), RULES - 1);
	ck_assert_uint_eq(wn_rules_param_count(r), NAMES);
	wn_rule_info info;
	/* t.r10, disabled, is not listed */
	ck_assert_int_eq(wn_rules_get(r, RULES - 2 - 9, &info), WN_OK);
	ck_assert_str_eq(info.id, "t.r9");
	ck_assert_str_eq(info.description, "second 9");
	/* every rule's own line (a name that resolved to another, "c1" to
	 * "c12" say, would not fire there), and the replaced ones' new lines */
	wn_vec input = { 0 }, want = { 0 };
	for (int i = 0; i <= RULES; i++) {
		int n = snprintf(line, sizeof line, "w%dx\n", i);
		ck_assert_int_eq(wn_buf_append(&input, line, (size_t)n), 0);
		int fires = i < RULES && i != 7 && i != 8 && i != 9 && i != 10 && i != 12;
		n = fires ? snprintf(line, sizeof line, "%sDROP t.r%d", i ? " " : "", i)
		          : snprintf(line, sizeof line, "%sKEEP -", i ? " " : "");
		ck_assert_int_eq(wn_buf_append(&want, line, (size_t)n), 0);
	}
	ck_assert_int_eq(wn_buf_append(&input, "sev\nnine\n", 9), 0);
	ck_assert_int_eq(wn_buf_append(&want, " DROP t.r7 DROP t.r9", 20), 0);
	ck_assert_int_eq(wn_buf_cstr(&input), 0);
	ck_assert_int_eq(wn_buf_cstr(&want), 0);
	char *got = wn_test_explain(r, input.data);
	size_t at = 0;
	while (got[at] && got[at] == ((char *)want.data)[at])
		at++;
	ck_assert_msg(got[at] == ((char *)want.data)[at], "at %zu: got \"%.60s\", want \"%.60s\"",
	              at, got + at, (char *)want.data + at);
	free(got);
	wn_vec_free(&input);
	wn_vec_free(&want);
	wn_rules_free(r);

	static const char twice[] = "condition c1 words > 1\nparam q 1 0..2 \"q\"\n"
	                            "condition c1 words > 2\nparam q 1 0..2 \"q\"\n";
	memset(&d, 0, sizeof d);
	r = wn_rules_new(wn_test_collect_diag, &d);
	ck_assert_int_eq(wn_rules_add_buffer(r, "many.rules", text.data, text.len), WN_OK);
	ck_assert_int_eq(wn_rules_add_buffer(r, "twice.rules", twice, sizeof twice - 1),
	                 WN_ERR_RULES);
	ck_assert_uint_eq(d.errors, 2);
	ck_assert_ptr_nonnull(strstr(d.text, "twice.rules:3:11: error: duplicate condition 'c1' "
	                                     "(first defined on line 1)"));
	ck_assert_ptr_nonnull(strstr(d.text, "twice.rules:4:7: error: duplicate parameter 'q' "
	                                     "(first defined on line 2)"));
	wn_rules_free(r);
	wn_vec_free(&text);
}
END_TEST

Suite *suite_rules(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, valid_rules_load);
	tcase_add_test(tc, error_messages_point_at_the_mistake);
	tcase_add_test(tc, conditions_too_deep_or_too_large_are_errors);
	tcase_add_test(tc, every_error_of_a_file_is_reported);
	tcase_add_test(tc, diagnostics_show_the_line_and_a_caret);
	tcase_add_test(tc, long_source_lines_are_shown_around_the_error);
	tcase_add_test(tc, later_files_replace_rules_and_params);
	tcase_add_test(tc, set_from_the_command_line_is_checked);
	tcase_add_test(tc, builtin_rules_compile_and_hash_is_stable);
	tcase_add_test(tc, rule_files_tolerate_crlf_and_bom);
	tcase_add_test(tc, missing_rule_file_is_an_error);
	tcase_add_test(tc, rule_directories_load_files_then_subdirectories);
	tcase_add_test(tc, rule_directory_loops_are_errors);
	tcase_add_test(tc, thousands_of_names_resolve_and_replace);
	suite_add_tcase(s, tc);
	return s;
}
