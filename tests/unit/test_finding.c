/*
 * test_finding.c -- the finding list: copies, state names, freeing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/finding.h"

static void
test_finding_list_copies_strings(void **state)
{
	struct finding_list l = { 0 };
	char key[] = "dnsbl/zen.example/192.0.2.1";
	(void)state;

	assert_non_null(finding_list_add(&l, key, "dnsbl", "192.0.2.1",
	    FINDING_CRITICAL, "listed", NULL));
	key[0] = 'X';
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].key, "dnsbl/zen.example/192.0.2.1");
	assert_null(l.v[0].detail);
	for (int i = 0; i < 100; i++)
		assert_non_null(finding_list_add(&l, "k", "p", "t", FINDING_OK,
		    "s", "d"));
	assert_int_equal(l.n, 101);
	assert_string_equal(l.v[100].detail, "d");
	finding_list_free(&l);
	assert_int_equal(l.n, 0);
	finding_list_free(NULL);
}

static void
test_finding_state_names(void **state)
{
	(void)state;
	assert_string_equal(finding_state_name(FINDING_OK), "ok");
	assert_string_equal(finding_state_name(FINDING_WARNING), "warning");
	assert_string_equal(finding_state_name(FINDING_CRITICAL), "critical");
	assert_string_equal(finding_state_name(FINDING_UNKNOWN), "unknown");
	assert_string_equal(finding_state_name((enum finding_state)42), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finding_list_copies_strings),
		cmocka_unit_test(test_finding_state_names),
	};
	return cmocka_run_group_tests_name("finding", tests, NULL, NULL);
}
