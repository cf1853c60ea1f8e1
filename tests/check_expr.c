/* check_expr.c: parsing and evaluating conditions. */
#include <string.h>

#include "expr.h"
#include "helpers.h"

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

Suite *suite_expr(void)
{
	Suite *s = suite_create("expr");
	TCase *tc = tcase_create("conditions");
	tcase_add_test(tc, evaluates_logic_and_comparisons);
	tcase_add_test(tc, reports_parse_errors_with_offsets);
	tcase_add_test(tc, unknown_names_become_conditions);
	suite_add_tcase(s, tc);
	return s;
}
