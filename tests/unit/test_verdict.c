/*
 * test_verdict.c -- folding problems into one finding (warning and
 * critical outrank unknown, the worst problem's first line is the
 * summary) and the host name helpers the probes share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/dns/dnsname.h"
#include "probes/verdict.h"

static void
test_verdict_worst_problem_is_the_summary(void **state)
{
	struct verdict		 v;
	struct finding_list	 l = { 0 };
	(void)state;

	verdict_init(&v);
	verdict_note(&v, "record: %s", "v=spf1 -all");
	verdict_add(&v, FINDING_WARNING, "first warning\nwhy. Fix: a");
	verdict_add(&v, FINDING_UNKNOWN, "lookup failed\nFix: b");
	assert_int_equal(v.state, FINDING_WARNING);
	assert_string_equal(v.summary, "first warning");
	verdict_add(&v, FINDING_CRITICAL, "the real problem\nFix: c");
	verdict_add(&v, FINDING_UNKNOWN, "another unknown\nFix: d");
	verdict_add(&v, FINDING_CRITICAL, "second critical\nFix: e");
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_string_equal(v.summary, "the real problem");
	assert_int_equal(v.nproblems, 5);
	assert_int_equal(verdict_emit(&v, &l, "spf/x.example", "spf",
	    "x.example", "fine"), 0);
	assert_string_equal(l.v[0].summary, "the real problem");
	assert_non_null(strstr(l.v[0].detail, "record: v=spf1 -all\n"
	    "warning: first warning\n  why. Fix: a\n"));
	finding_list_free(&l);
	verdict_free(&v);
	verdict_free(NULL);
}

static void
test_verdict_ok_uses_the_ok_summary(void **state)
{
	struct verdict		 v;
	struct finding_list	 l = { 0 };
	(void)state;

	verdict_init(&v);
	verdict_note(&v, "p=reject");
	assert_int_equal(verdict_emit(&v, &l, "dmarc/x", "dmarc", "x",
	    "in order"), 0);
	assert_int_equal(l.v[0].state, FINDING_OK);
	assert_string_equal(l.v[0].summary, "in order");
	assert_string_equal(l.v[0].detail, "p=reject\n");
	finding_list_free(&l);
	verdict_free(&v);
}

static void
test_dnsname_helpers(void **state)
{
	char b[16];
	(void)state;

	assert_true(dnsname_valid("mail.example.com.", 17));
	assert_true(dnsname_valid("_spf.example.com", 16));
	assert_false(dnsname_valid("example", 7));
	assert_false(dnsname_valid("-a.example", 10));
	assert_false(dnsname_valid("a..example", 10));
	assert_false(dnsname_valid("192.0.2.1", 9));
	assert_false(dnsname_valid("a b.example", 11));
	assert_true(dnsname_is_ip_literal("192.0.2.25"));
	assert_true(dnsname_is_ip_literal("192.0.2.25."));
	assert_true(dnsname_is_ip_literal("[2001:db8::1]"));
	assert_true(dnsname_is_ip_literal("[IPv6:2001:db8::1]"));
	assert_false(dnsname_is_ip_literal("mx.example.com"));
	assert_int_equal(dnsname_normalize("MX.Example.COM.", b, sizeof(b)), 0);
	assert_string_equal(b, "mx.example.com");
	assert_int_equal(dnsname_normalize("a-very-long-name.example", b,
	    sizeof(b)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdict_worst_problem_is_the_summary),
		cmocka_unit_test(test_verdict_ok_uses_the_ok_summary),
		cmocka_unit_test(test_dnsname_helpers),
	};
	return cmocka_run_group_tests_name("verdict", tests, NULL, NULL);
}
