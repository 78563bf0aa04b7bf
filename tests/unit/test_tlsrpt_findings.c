/*
 * test_tlsrpt_findings.c -- the TLS-RPT rules of the reports probe
 * (tlsrpt_findings.h) on windows built here: the failure share must be
 * above the threshold and the failures at least the minimum; failure
 * types are summed over policy types; a type or domain seen only before
 * the window is ok (its recovery); the detail does not carry counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "probes/reports/tlsrpt_findings.h"

static const struct tlsrpt_rules rules = {
	.max_failure_rate = 1.0, .min_failed = 10, .window = "7d",
};

static const struct finding *
find(const struct finding_list *fl, const char *key)
{
	for (size_t i = 0; i < fl->n; i++)
		if (strcmp(fl->v[i].key, key) == 0)
			return &fl->v[i];
	fail_msg("no finding %s", key);
	return NULL;
}

static enum finding_state
state_of(uint64_t ok, uint64_t failed)
{
	struct tlsrpt_window w = { .domain = "example.com", .type = "sts",
	    .reports = 1, .successful = ok, .failed = failed };
	struct finding_list fl = { .n = 0 };
	enum finding_state st;

	assert_int_equal(tlsrpt_findings(&rules, &w, 1, &fl), 0);
	st = find(&fl, "reports/example.com/tls-failures")->state;
	finding_list_free(&fl);
	return st;
}

static void
test_tlsrpt_threshold(void **state)
{
	(void)state;
	assert_int_equal(state_of(1000, 0), FINDING_OK);
	assert_int_equal(state_of(990, 10), FINDING_OK);	/* exactly 1% */
	assert_int_equal(state_of(989, 11), FINDING_WARNING);	/* 1.1% */
	assert_int_equal(state_of(5, 9), FINDING_OK);	/* 64%, but only 9 */
	assert_int_equal(state_of(0, 10), FINDING_WARNING);
}

static void
test_tlsrpt_types_summed_and_listed(void **state)
{
	struct tlsrpt_count sts_types[] = {
		{ .name = "certificate-expired", .sessions = 7 },
		{ .name = "sts-policy-fetch-error", .sessions = 0 },
	};
	struct tlsrpt_count tlsa_types[] = {
		{ .name = "certificate-expired", .sessions = 5 },
	};
	struct tlsrpt_window w[] = {
		{ .domain = "example.com", .type = "sts", .reports = 2,
		  .successful = 500, .failed = 7, .types = sts_types,
		  .ntypes = 2 },
		{ .domain = "example.com", .type = "tlsa", .reports = 1,
		  .successful = 100, .failed = 5, .types = tlsa_types,
		  .ntypes = 1 },
		{ .domain = "example.org", .type = "sts", .reports = 0 },
	};
	struct finding_list fl = { .n = 0 };
	const struct finding *f;

	(void)state;
	assert_int_equal(tlsrpt_findings(&rules, w, 3, &fl), 0);
	assert_int_equal(fl.n, 4);
	f = find(&fl, "reports/example.com/tls-failures");
	assert_int_equal(f->state, FINDING_WARNING);	/* 12 of 612 */
	assert_non_null(strstr(f->summary, "12 of 612 TLS sessions failed "
	    "(2.0%) in the last 7d"));
	assert_null(strstr(f->detail, "12"));
	f = find(&fl, "reports/example.com/tls-failure/certificate-expired");
	assert_int_equal(f->state, FINDING_WARNING);
	assert_non_null(strstr(f->summary, "12 TLS sessions failed with "
	    "certificate-expired"));
	assert_non_null(strstr(f->detail, "renew"));
	f = find(&fl, "reports/example.com/tls-failure/sts-policy-fetch-error");
	assert_int_equal(f->state, FINDING_OK);
	f = find(&fl, "reports/example.org/tls-failures");
	assert_int_equal(f->state, FINDING_OK);
	assert_non_null(strstr(f->summary, "no TLS-RPT reports"));
	finding_list_free(&fl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlsrpt_threshold),
		cmocka_unit_test(test_tlsrpt_types_summed_and_listed),
	};

	return cmocka_run_group_tests_name("tlsrpt_findings", tests, NULL,
	    NULL);
}
