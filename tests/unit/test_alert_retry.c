/*
 * test_alert_retry.c -- the sinks' retry policy: 2 s after the first
 * failure, doubling to 5 min; a receiver's longer Retry-After wins, up
 * to a day; a shorter one does not shorten the backoff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "alerts/alert_retry.h"

static void
test_alert_retry_backoff_doubles_to_five_minutes(void **state)
{
	static const int64_t want[] = { 2, 4, 8, 16, 32, 64, 128, 256, 300,
	    300 };
	(void)state;

	for (int i = 0; i < (int)(sizeof(want) / sizeof(want[0])); i++)
		assert_int_equal(alert_retry_delay(i + 1, 0), want[i]);
	assert_int_equal(alert_retry_delay(1000, 0), 300);
}

static void
test_alert_retry_honours_longer_retry_after(void **state)
{
	(void)state;
	assert_int_equal(alert_retry_delay(1, 120), 120);
	assert_int_equal(alert_retry_delay(5, 10), 32);
	assert_int_equal(alert_retry_delay(1, 7 * 86400), 86400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alert_retry_backoff_doubles_to_five_minutes),
		cmocka_unit_test(test_alert_retry_honours_longer_retry_after),
	};

	return cmocka_run_group_tests_name("alert_retry", tests, NULL, NULL);
}
