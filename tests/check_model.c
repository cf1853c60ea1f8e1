/* check_model.c: the line model, condition programs, snippet labels and
 * the language guess. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "feats.h"
#include "helpers.h"
#include "model.h"
#include "prog.h"

/* ------------------------------------------------------------------ */
/* programs give what the tree gives                                   */

static wn_expr *parse_bound(const char *text)
{
	wn_expr_error err;
	wn_expr *e = wn_expr_parse(text, strlen(text), &err);
	ck_assert_msg(e != NULL, "parse failed: %s", err.message);
	wn_expr *stack[64];
	size_t n = 0;
	stack[n++] = e;
	while (n) { /* $p0, $p1 are parameters 0 and 1 */
		wn_expr *x = stack[--n];
		if (x->kind == WN_E_PARAM)
			x->index = x->name[1] - '0';
		if (x->a)
			stack[n++] = x->a;
		if (x->b)
			stack[n++] = x->b;
	}
	return e;
}

START_TEST(programs_equal_trees)
{
	static const char *const texts[] = {
		"words <= 8", "words <= $p0 and not terminal", "terminal or words == 8",
		"not (terminal or words != 8)", "terminal and words > 1 or words >= 8",
		"ln(1 + min(words, 80))", "min(urls, 3) / 3", "max(words, chars) - 2 * words",
		"words / 0", "ln(0) + ln(-3)", "-words + $p1 * 4", "words >= 4 and (stopwords >= 0.15 or not lang_known)",
		"(words < 3) + (words > 2) * 2", "ln(words) > 1 and (digits == 0 or urls != 0)",
	};
	double params[] = { 10, 0.5 };
	for (int round = 0; round < 40; round++) {
		wn_feats f;
		memset(&f, 0, sizeof f);
		/* a spread of values, zeros and edge cases included */
		f.v[WN_F_WORDS] = (float)((round * 7) % 23);
		f.v[WN_F_CHARS] = (float)((round * 13) % 90);
		f.v[WN_F_TERMINAL] = (float)(round % 2);
		f.v[WN_F_URLS] = (float)(round % 5);
		f.v[WN_F_DIGITS] = round % 3 ? 0.0f : 0.25f;
		f.v[WN_F_STOPWORDS] = (float)(round % 10) / 10.0f;
		f.v[WN_F_LANG_KNOWN] = (float)(round % 4 != 0);
		wn_eval ev = { .f = &f, .params = params };
		for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
			wn_expr *e = parse_bound(texts[k]);
			wn_prog p;
			ck_assert_int_eq(wn_prog_compile(&p, e), 0);
			double want = wn_expr_eval(e, &ev), got = wn_prog_run(&p, &ev);
			ck_assert_msg(want == got || (isnan(want) && isnan(got)), "%s: tree %g, program %g",
			              texts[k], want, got);
			wn_prog_free(&p);
			wn_expr_free(e);
		}
	}
}
END_TEST

/* A random condition of up to depth levels, written into out: the
 * shapes the program compiler fuses (comparisons and `not` before the
 * jumps of `and` and `or`, nested in both orders, booleans used as
 * numbers) and the ones it must leave alone. */
static unsigned long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng_state >> 33) % n;
}

static void random_condition(char *out, size_t cap, int depth)
{
	static const char *const atoms[] = {
		"words", "terminal", "urls", "digits", "stopwords", "lang_known", "chars",
		"0", "1", "0.5", "3", "$p0", "$p1",
	};
	static const char *const binary[] = {
		"and", "or", "and", "or", "<", "<=", ">", ">=", "==", "!=", "+", "-", "*", "/",
	};
	char a[1024], b[1024];
	unsigned pick = depth > 0 ? rnd(10) : 0;
	int n;
	if (pick < 3) {
		n = snprintf(out, cap, "%s", atoms[rnd(sizeof atoms / sizeof *atoms)]);
	} else if (pick < 5) {
		random_condition(a, sizeof a, depth - 1);
		n = snprintf(out, cap, pick == 3 ? "not (%s)" : "ln(%s)", a);
	} else if (pick < 6) {
		random_condition(a, sizeof a, depth - 1);
		random_condition(b, sizeof b, depth - 1);
		n = snprintf(out, cap, rnd(2) ? "min(%s, %s)" : "max(%s, %s)", a, b);
	} else {
		random_condition(a, sizeof a, depth - 1);
		random_condition(b, sizeof b, depth - 1);
		n = snprintf(out, cap, "(%s) %s (%s)", a, binary[rnd(sizeof binary / sizeof *binary)], b);
	}
	/* a cut condition would not parse: the sizes must hold depth 5 */
	ck_assert_int_lt(n, (int)cap);
}

START_TEST(random_programs_equal_trees)
{
	double params[] = { 2, 0.5 };
	rng_state = 12345;
	for (int round = 0; round < 3000; round++) {
		char text[2048];
		random_condition(text, sizeof text, 1 + round % 5);
		wn_expr *e = parse_bound(text);
		wn_prog p;
		ck_assert_int_eq(wn_prog_compile(&p, e), 0);
		for (int v = 0; v < 8; v++) {
			wn_feats f;
			memset(&f, 0, sizeof f);
			f.v[WN_F_WORDS] = (float)(v * 3 % 7);
			f.v[WN_F_TERMINAL] = (float)(v % 2);
			f.v[WN_F_URLS] = (float)(v / 4);
			f.v[WN_F_DIGITS] = v % 3 ? 0.0f : 0.5f;
			f.v[WN_F_STOPWORDS] = (float)v / 8.0f;
			f.v[WN_F_LANG_KNOWN] = (float)(v % 3 == 1);
			f.v[WN_F_CHARS] = v == 5 ? -0.0f : (float)(v * 11);
			wn_eval ev = { .f = &f, .params = params };
			double want = wn_expr_eval(e, &ev), got = wn_prog_run(&p, &ev);
			ck_assert_msg(want == got || (isnan(want) && isnan(got)), "%s (values %d): tree %g, program %g",
			              text, v, want, got);
		}
		wn_prog_free(&p);
		wn_expr_free(e);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* model and fit statements                                            */

static const char model_text[] =
	"model m\n"
	"  describe \"a test model\"\n"
	"  windows -1 +1 2\n"
	"  input w      ln(1 + words)\n"
	"  input t      terminal\n";

START_TEST(model_with_fit_scores_lines)
{
	char text[1024];
	snprintf(text, sizeof text, "%s"
	         "fit m\n  bias -1\n  weight w 1 0 0 0\n  weight t -2 0 0 0\n"
	         "param thr 0.5 0..1 \"threshold\"\n"
	         "rule x.model\n  category x\n  describe \"model\"\n  when boilerplate >= $thr\n",
	         model_text);
	test_diags d;
	wn_rules *r = wn_test_rules(text, 0, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	wn_model_info mi;
	wn_rules_model(r, &mi);
	ck_assert_str_eq(mi.name, "m");
	ck_assert_int_eq(mi.ninputs, 2);
	ck_assert_int_eq(mi.nwindows, 3);
	ck_assert_int_eq(mi.ncolumns, 8);
	ck_assert(mi.fitted);
	char name[64];
	ck_assert_int_eq(wn_rules_model_column(r, 1, name, sizeof name), WN_OK);
	ck_assert_str_eq(name, "w@-1");
	ck_assert_int_eq(wn_rules_model_column(r, 3, name, sizeof name), WN_OK);
	ck_assert_str_eq(name, "w@2");
	ck_assert_int_eq(wn_rules_model_column(r, 4, name, sizeof name), WN_OK);
	ck_assert_str_eq(name, "t");
	/* score = sigmoid(-1 + ln(1+words) - 2*terminal): long unterminated
	 * lines go, a terminated sentence stays */
	const char *in = "one two three four five six seven eight nine ten eleven twelve\n"
	                 "A short sentence.\n";
	char *out = wn_test_run(r, in, strlen(in), 0, 0, NULL);
	ck_assert_str_eq(out, "A short sentence.\n");
	free(out);
	wn_rules_free(r);
}
END_TEST

START_TEST(fit_errors_name_the_input)
{
	char text[1024];
	test_diags d;
	/* a weight row for an input the model does not have */
	snprintf(text, sizeof text, "%sfit m\n  bias 0\n  weight w 1 0 0 0\n  weight t 1 0 0 0\n"
	         "  weight gone 1 0 0 0\n", model_text);
	ck_assert_ptr_null(wn_test_rules(text, 0, &d));
	ck_assert_msg(strstr(d.text, ":10:10: error: model 'm' has no input 'gone'"), "%s", d.text);
	/* an input without weights */
	snprintf(text, sizeof text, "%sfit m\n  bias 0\n  weight w 1 0 0 0\n", model_text);
	ck_assert_ptr_null(wn_test_rules(text, 0, &d));
	ck_assert_msg(strstr(d.text, "the fit has no weights for input 't'"), "%s", d.text);
	/* the wrong number of weights */
	snprintf(text, sizeof text, "%sfit m\n  bias 0\n  weight w 1 0\n  weight t 1 0 0 0\n", model_text);
	ck_assert_ptr_null(wn_test_rules(text, 0, &d));
	ck_assert_msg(strstr(d.text, "'w' has 2 numbers; the model takes 4"), "%s", d.text);
	/* a fit of another model, a fit without a model, a bad window */
	snprintf(text, sizeof text, "%sfit other\n  bias 0\n", model_text);
	ck_assert_ptr_null(wn_test_rules(text, 0, &d));
	ck_assert_msg(strstr(d.text, "fit for 'other', but the model is 'm'"), "%s", d.text);
	ck_assert_ptr_null(wn_test_rules("fit m\n  bias 1\n", 0, &d));
	ck_assert_msg(strstr(d.text, "but no model is defined"), "%s", d.text);
	ck_assert_ptr_null(wn_test_rules("model m\n  windows 0\n  input w words\n", 0, &d));
	ck_assert_msg(strstr(d.text, "2:11: error: expected a window"), "%s", d.text);
	/* a model with nothing to weigh (it once failed as 'out of memory') */
	ck_assert_ptr_null(wn_test_rules("model m\n  describe \"no inputs\"\n", 0, &d));
	ck_assert_msg(strstr(d.text, "1:7: error: model 'm' has no inputs"), "%s", d.text);
	/* an input may not read the model's own output */
	ck_assert_ptr_null(wn_test_rules("model m\n  input b boilerplate\n", 0, &d));
	ck_assert_msg(strstr(d.text, "cannot read 'boilerplate'"), "%s", d.text);
}
END_TEST

START_TEST(an_unfitted_model_removes_nothing)
{
	char text[1024];
	snprintf(text, sizeof text, "%srule x.model\n  category x\n  describe \"model\"\n"
	         "  when boilerplate >= 0\n", model_text);
	test_diags d;
	wn_rules *r = wn_test_rules(text, 0, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	wn_model_info mi;
	wn_rules_model(r, &mi);
	ck_assert(!mi.fitted);
	/* boilerplate is 0 without a fit, and a page without prose keeps all */
	const char *in = "Menu\nA line.\n";
	char *out = wn_test_run(r, in, strlen(in), 0, 0, NULL);
	ck_assert(strlen(out) <= strlen(in));
	free(out);
	wn_rules_free(r);
}
END_TEST

START_TEST(window_means_leave_the_line_out)
{
	wn_model m = { 0 };
	m.ninputs = 1;
	m.nwindows = 2;
	m.windows[0] = (wn_window){ 1, 0 }; /* the line before */
	m.windows[1] = (wn_window){ 1, 1 }; /* one either side */
	m.ncols = 3;
	float in[4] = { 1, 2, 3, 4 }, cols[3];
	wn_model_row(&m, in, 4, 0, cols);
	ck_assert(cols[0] == 1 && cols[1] == 0 && cols[2] == 2); /* no line before */
	wn_model_row(&m, in, 4, 2, cols);
	ck_assert(cols[0] == 3 && cols[1] == 2 && cols[2] == 3);
	/* scores through the summed windows equal the column weights */
	double w[3] = { 0.5, -1, 2 }, bias = 0.25;
	m.weights = w;
	m.bias = bias;
	ck_assert_int_eq(wn_model_prepare(&m), 0);
	double scratch[(2 + 2) * 4 + 1];
	float out[4];
	wn_model_score(&m, in, 4, scratch, out);
	for (size_t k = 0; k < 4; k++) {
		wn_model_row(&m, in, 4, k, cols);
		double z = bias + w[0] * cols[0] + w[1] * cols[1] + w[2] * cols[2];
		ck_assert(fabs(out[k] - 1.0 / (1.0 + exp(-z))) < 1e-6);
	}
	free(m.by_window);
}
END_TEST

/* ------------------------------------------------------------------ */
/* snippet labels                                                      */

START_TEST(snippets_score_like_the_metric)
{
	const char *json = "{\"lang\": \"de\", \"url\": \"u\", "
	                   "\"with\": [\"kept   text\", \"two\\nlines\", \"lost\"],"
	                   " \"without\": [\"menu\", \"gone\"]}";
	char err[100];
	wn_snippets *s = wn_snippets_parse(json, strlen(json), err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_str_eq(wn_snippets_lang(s), "de");
	ck_assert_int_eq(wn_snippets_count(s), 5);
	int with;
	ck_assert_str_eq(wn_snippets_text(s, 0, &with), "kept text");
	ck_assert(with);
	ck_assert_str_eq(wn_snippets_text(s, 3, &with), "menu");
	ck_assert(!with);
	/* white space of any kind and amount is one space; snippets span lines */
	const char *out = "menu\n  kept\u00a0 text\ntwo\nlines\n";
	wn_snippet_score sc;
	unsigned char present[5];
	ck_assert_int_eq(wn_snippets_score(s, out, strlen(out), present, &sc), WN_OK);
	ck_assert_int_eq(sc.tp, 2);
	ck_assert_int_eq(sc.fn, 1);
	ck_assert_int_eq(sc.fp, 1);
	ck_assert_int_eq(sc.tn, 1);
	ck_assert(present[0] && present[1] && !present[2] && present[3] && !present[4]);
	/* lines: with-snippets label 1, without 0, both or none -1 */
	const char *page = "menu\nkept text\ntwo\nlines\nother\nmenu gone\n";
	signed char lab[6];
	ck_assert_int_eq(wn_snippets_label_lines(s, page, strlen(page), lab, 6), WN_OK);
	ck_assert_int_eq(lab[0], 0);
	ck_assert_int_eq(lab[1], 1);
	ck_assert_int_eq(lab[2], 1);
	ck_assert_int_eq(lab[3], 1);
	ck_assert_int_eq(lab[4], -1);
	ck_assert_int_eq(lab[5], 0);
	wn_snippets_free(s);
	ck_assert_ptr_null(wn_snippets_parse("{\"with\": 3}", 11, err, sizeof err));
	ck_assert_str_eq(err, "\"with\" is not an array of strings");
	ck_assert_ptr_null(wn_snippets_parse("[]", 2, err, sizeof err));
	ck_assert_ptr_null(wn_snippets_parse("{\"url\": \"x\"}", 12, err, sizeof err));
}
END_TEST

/* ------------------------------------------------------------------ */
/* languages                                                           */

static const char *lang_of(const wn_rules *r, const char *text)
{
	static char lang[32];
	wn_doc_stats st;
	char *out = wn_test_run(r, text, strlen(text), 0, 0, &st);
	free(out);
	snprintf(lang, sizeof lang, "%s", st.lang ? st.lang : "(null)");
	return lang;
}

START_TEST(languages_are_guessed)
{
	test_diags d;
	wn_rules *r = wn_test_rules("", 1, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	ck_assert_str_eq(lang_of(r, "The council said that the roofs of the city would be planted with trees.\n"), "en");
	ck_assert_str_eq(lang_of(r, "Der Rat sagte, dass die Dächer der Stadt mit Bäumen bepflanzt werden.\n"), "de");
	ck_assert_str_eq(lang_of(r, "Le conseil a dit que les toits de la ville seraient plantés d'arbres.\n"), "fr");
	ck_assert_str_eq(lang_of(r, "Rada powiedziała, że dachy miasta zostaną obsadzone drzewami i że to jest dobre.\n"), "pl");
	ck_assert_str_eq(lang_of(r, "中国的经济在发展，我们的生活也在变化。这是一个很好的例子。\n"), "zh");
	ck_assert_str_eq(lang_of(r, "日本の経済は成長しています。私たちの生活も変わっています。\n"), "ja");
	/* no list fits: the script names it */
	ck_assert_str_eq(lang_of(r, "Ελλάδα Αθήνα Θεσσαλονίκη Πάτρα Ηράκλειο\n"), "und-Grek");
	ck_assert_str_eq(lang_of(r, "12345 67890\n"), "und");
	wn_rules_free(r);
}
END_TEST

typedef struct max_feature {
	int feature;
	float max;
} max_feature;

static void note_feature(void *ud, const wn_line_verdict *v)
{
	max_feature *m = ud;
	if (v->features && v->features[m->feature] > m->max)
		m->max = v->features[m->feature];
}

START_TEST(share_features_stay_within_one)
{
	test_diags d;
	wn_rules *r = wn_test_rules("", 1, &d);
	ck_assert_msg(r != NULL, "%s", d.text);
	/* every character a stopword: more lookups than (two-character) words */
	const char *in = "的了是在和有我他这不人们\n";
	int features[] = { WN_F_STOPWORDS, WN_F_BOILERWORDS, WN_F_PARA_STOPWORDS };
	for (size_t k = 0; k < 3; k++) {
		wn_filter *f = wn_filter_new(r, NULL);
		max_feature m = { features[k], 0 };
		wn_filter_set_explain(f, note_feature, &m);
		char *out = wn_test_run_filter(f, in, strlen(in));
		free(out);
		ck_assert_msg(m.max <= 1.0f, "feature %d is %g", features[k], m.max);
		if (features[k] == WN_F_STOPWORDS)
			ck_assert(m.max == 1.0f);
		wn_filter_free(f);
	}
	wn_rules_free(r);
}
END_TEST

Suite *suite_model(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");
	tcase_add_test(tc, programs_equal_trees);
	tcase_add_test(tc, random_programs_equal_trees);
	tcase_add_test(tc, model_with_fit_scores_lines);
	tcase_add_test(tc, fit_errors_name_the_input);
	tcase_add_test(tc, an_unfitted_model_removes_nothing);
	tcase_add_test(tc, window_means_leave_the_line_out);
	tcase_add_test(tc, snippets_score_like_the_metric);
	tcase_add_test(tc, languages_are_guessed);
	tcase_add_test(tc, share_features_stay_within_one);
	suite_add_tcase(s, tc);
	return s;
}
