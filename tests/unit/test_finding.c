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
test_finding_list_reserve_keeps_contents(void **state)
{
	struct finding_list l = { 0 };
	struct finding *first;
	(void)state;

	assert_non_null(finding_list_add(&l, "a", "p", "t", FINDING_WARNING,
	    "s", NULL));
	assert_int_equal(finding_list_reserve(&l, 1000), 0);
	assert_true(l.cap >= 1001);
	first = l.v;
	for (int i = 0; i < 1000; i++)
		assert_non_null(finding_list_add(&l, "k", "p", "t", FINDING_OK,
		    "s", NULL));
	/* no reallocation happened: the room was there */
	assert_ptr_equal(first, l.v);
	assert_string_equal(l.v[0].key, "a");
	assert_int_equal(l.v[0].state, FINDING_WARNING);
	assert_int_equal(finding_list_reserve(&l, 0), 0);
	finding_list_free(&l);
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
	/* the Nagios words, and their exit status is the state's value */
	assert_string_equal(finding_state_tag(FINDING_OK), "OK");
	assert_string_equal(finding_state_tag(FINDING_WARNING), "WARNING");
	assert_string_equal(finding_state_tag(FINDING_CRITICAL), "CRITICAL");
	assert_string_equal(finding_state_tag(FINDING_UNKNOWN), "UNKNOWN");
	assert_string_equal(finding_state_tag((enum finding_state)42), "UNKNOWN");
	assert_int_equal(FINDING_OK, 0);
	assert_int_equal(FINDING_WARNING, 1);
	assert_int_equal(FINDING_CRITICAL, 2);
	assert_int_equal(FINDING_UNKNOWN, 3);
}

/* One order for every fold and sort: ok < unknown < warning < critical. */
static void
test_finding_state_rank_puts_seen_problems_above_unknown(void **state)
{
	static const enum finding_state order[] = { FINDING_OK,
	    FINDING_UNKNOWN, FINDING_WARNING, FINDING_CRITICAL };
	(void)state;

	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(finding_state_rank(order[i]), (int)i);
		assert_false(finding_state_worse(order[i], order[i]));
		for (size_t j = i + 1; j < 4; j++) {
			assert_true(finding_state_worse(order[j], order[i]));
			assert_false(finding_state_worse(order[i], order[j]));
		}
	}
	/* a value outside the enum weighs as unknown, never as ok */
	assert_int_equal(finding_state_rank((enum finding_state)42),
	    finding_state_rank(FINDING_UNKNOWN));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finding_list_copies_strings),
		cmocka_unit_test(test_finding_state_names),
		cmocka_unit_test(
		    test_finding_state_rank_puts_seen_problems_above_unknown),
		cmocka_unit_test(test_finding_list_reserve_keeps_contents),
	};
	return cmocka_run_group_tests_name("finding", tests, NULL, NULL);
}
