/* check_expr.c: parsing and evaluating conditions. */
#include <math.h>
#include <string.h>

#include "expr.h"
#include "helpers.h"
#include "prog.h"

static double eval(const char *text, const wn_feats *f, const double *params)
{
	wn_expr_error err;
	wn_expr *e = wn_expr_parse(text, strlen(text), &err);
	ck_assert_msg(e != NULL, "parse failed: %s", err.message);
	/* parameters are bound by the rule set; here $p0, $p1 map to 0, 1 */
	wn_eval ev = { f, params, NULL, NULL, NULL };
	struct { wn_expr *e; } stack[32];
	size_t n = 0;
	stack[n++].e = e;
	while (n) {
		wn_expr *x = stack[--n].e;
		if (x->kind == WN_E_PARAM)
			x->index = x->name[1] - '0';
		if (x->a)
			stack[n++].e = x->a;
		if (x->b)
			stack[n++].e = x->b;
	}
	double v = wn_expr_eval(e, &ev);
	wn_expr_free(e);
	return v;
}

static const char *parse_error(const char *text, size_t *offset)
{
	wn_expr_error err;
	wn_expr *e = wn_expr_parse(text, strlen(text), &err);
	ck_assert_ptr_null(e);
	*offset = err.offset;
	return err.message;
}

START_TEST(evaluates_logic_and_comparisons)
{
	wn_feats f;
	memset(&f, 0, sizeof f);
	f.v[WN_F_WORDS] = 8;
	f.v[WN_F_TERMINAL] = 0;
	double params[] = { 10, 0.5 };
	ck_assert(eval("words <= 8", &f, params) == 1);
	ck_assert(eval("words < 8", &f, params) == 0);
	ck_assert(eval("words <= $p0 and not terminal", &f, params) == 1);
	ck_assert(eval("terminal or words == 8", &f, params) == 1);
	ck_assert(eval("not (terminal or words != 8)", &f, params) == 1);
	ck_assert(eval("terminal and words > 1 or words >= 8", &f, params) == 1);
	ck_assert(eval("0.25 < $p1", &f, params) == 1);
}
END_TEST

START_TEST(reports_parse_errors_with_offsets)
{
	size_t off;
	const char *msg = parse_error("words <= ", &off);
	ck_assert_ptr_nonnull(strstr(msg, "expected"));
	ck_assert_uint_eq(off, 9);
	parse_error("words = 3", &off);
	ck_assert_uint_eq(off, 6);
	parse_error("(words > 3", &off);
	ck_assert_uint_eq(off, 10);
	parse_error("words > 3 banana", &off);
	ck_assert_uint_eq(off, 10);
	parse_error("$ > 3", &off);
	ck_assert_uint_eq(off, 0);
	parse_error("/abc", &off);
	ck_assert_uint_eq(off, 0);
	parse_error("1.2.3 > 0", &off);
	ck_assert_uint_eq(off, 0);
}
END_TEST

START_TEST(unknown_names_become_conditions)
{
	wn_expr_error err;
	wn_expr *e = wn_expr_parse("headingish and words < 3", 24, &err);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->a->kind, WN_E_COND);
	ck_assert_str_eq(e->a->name, "headingish");
	wn_expr_free(e);
}
END_TEST

/* A program's gate (prog.h) is the tests its value needs: on every line
 * the gate stops, the program is false; only the conjuncts of an `and` at
 * the top, or a lone test, give tests, wherever they stand in it. */
START_TEST(a_failing_gate_means_a_false_condition)
{
	static const struct { const char *text; int gated; } cases[] = {
		{ "words <= 8", 1 },
		{ "words <= 8 and not terminal", 1 },
		{ "not terminal and words > 2 and caps < 0.5", 1 },
		{ "terminal", 1 },
		{ "words >= $p0 and chars < 100", 1 },
		{ "words <= 8 or period", 0 },
		{ "(words > 3 and period) or caps > 0.5", 0 },
		{ "not (words > 3 and period)", 0 },
		{ "min(words, 5) >= 3", 0 },
		/* tests after a conjunct that is not one */
		{ "(period or caps > 0.5) and words >= 3", 1 },
		{ "(words > 3 or period) and not terminal and chars < 100", 1 },
		{ "min(words, 5) >= 3 and (terminal or period) and caps", 1 },
		/* each comparison at its bounds (-0, infinities and NaN among the values) */
		{ "words == 0 and not terminal", 1 },
		{ "words != 3 and words < 9 and words > 2", 1 },
		/* more tests than a gate holds */
		{ "words > 0 and words > 1 and words > 2 and words > 3 and words < 20 and words < 9", 1 },
	};
	static const float words[] = { 0, 2, 3, 8, 9, 20, -0.0f, INFINITY, -INFINITY, NAN };
	double params[2] = { 3, 0 };
	for (size_t t = 0; t < sizeof cases / sizeof *cases; t++) {
		wn_expr_error err;
		wn_expr *e = wn_expr_parse(cases[t].text, strlen(cases[t].text), &err);
		ck_assert_msg(e != NULL, "parse failed: %s", err.message);
		if (e->kind == WN_E_AND && e->a->b && e->a->b->kind == WN_E_PARAM)
			e->a->b->index = 0;
		wn_prog p;
		ck_assert_int_eq(wn_prog_compile(&p, e), 0);
		ck_assert_msg((p.gate.ntests > 0 || p.gate.cond > 0) == cases[t].gated, "%s", cases[t].text);
		ck_assert(p.gate.ntests <= WN_GATE_TESTS);
		size_t stopped = 0;
		for (size_t w = 0; w < sizeof words / sizeof *words; w++)
			for (int bits = 0; bits < 16; bits++) {
				wn_feats f;
				memset(&f, 0, sizeof f);
				f.v[WN_F_WORDS] = words[w];
				f.v[WN_F_TERMINAL] = (float)(bits & 1);
				f.v[WN_F_PERIOD] = (float)((bits >> 1) & 1);
				f.v[WN_F_CAPS] = (bits >> 2) & 1 ? 0.6f : 0.0f;
				f.v[WN_F_CHARS] = (bits >> 3) & 1 ? 150.0f : 50.0f;
				wn_eval ev = { &f, params, NULL, NULL, NULL };
				double v = wn_prog_eval(&p, e, &ev);
				double tree = wn_expr_eval(e, &ev);
				ck_assert(v == tree || (isnan(v) && isnan(tree)));
				if (!wn_gate_holds(&p.gate, f.v, params)) {
					ck_assert_msg(v == 0.0, "%s: the gate stopped a true line", cases[t].text);
					stopped++;
				}
			}
		/* the gate is not always open */
		ck_assert_msg(!cases[t].gated || stopped > 0, "%s", cases[t].text);
		wn_prog_free(&p);
		wn_expr_free(e);
	}
}
END_TEST

Suite *suite_expr(void)
{
	Suite *s = suite_create("expr");
	TCase *tc = tcase_create("conditions");
	tcase_add_test(tc, evaluates_logic_and_comparisons);
	tcase_add_test(tc, reports_parse_errors_with_offsets);
	tcase_add_test(tc, unknown_names_become_conditions);
	tcase_add_test(tc, a_failing_gate_means_a_false_condition);
	suite_add_tcase(s, tc);
	return s;
}
