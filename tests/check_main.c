/* check_main.c: runs every unit-test suite (Check). */
#include <stdlib.h>

#include "helpers.h"

int main(void)
{
	SRunner *sr = srunner_create(suite_utf8());
	srunner_add_suite(sr, suite_normalize());
	srunner_add_suite(sr, suite_features());
	srunner_add_suite(sr, suite_expr());
	srunner_add_suite(sr, suite_rules());
	srunner_add_suite(sr, suite_segment());
	srunner_add_suite(sr, suite_scopes());
	srunner_add_suite(sr, suite_region());
	srunner_add_suite(sr, suite_filter());
	srunner_add_suite(sr, suite_stream());
	srunner_add_suite(sr, suite_prefilter());
	srunner_add_suite(sr, suite_prefix());
	srunner_add_suite(sr, suite_model());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
