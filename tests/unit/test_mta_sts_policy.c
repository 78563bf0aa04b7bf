/*
 * test_mta_sts_policy.c -- MTA-STS (RFC 8461): the TXT record's id, the
 * policy grammar, MX pattern matching (§4.1), and the mta-sts probe's
 * cases that need no HTTPS (no record, several, a near miss, a failed
 * lookup) against a fixture zone. The fetched-policy cases run against
 * the lab's HTTPS server (tests/integration/tls_policy.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "probes/tls/mta_sts.h"
#include "probes/tls/mta_sts_policy.h"
#include "tests/support/fakezone.h"

/* Parses a policy; returns the verdict's state, the detail in d. */
static enum finding_state
parse(const char *text, struct mta_sts_policy *p, char *d, size_t len)
{
	struct verdict		 v;
	enum finding_state	 st;

	verdict_init(&v);
	assert_int_equal(mta_sts_policy_parse(text, strlen(text), p, &v), 0);
	snprintf(d, len, "%s", v.detail ? v.detail : "");
	st = v.state;
	verdict_free(&v);
	return st;
}

static void
test_mta_sts_policy_grammar(void **state)
{
	struct mta_sts_policy	 p;
	char			 d[4096];
	(void)state;

	/* CRLF or LF, any order, spaces after the colon, an extension */
	assert_int_equal(parse("version: STSv1\r\nmode: enforce\r\n"
	    "mx: mail.example.com\r\nmx:*.example.net\nmax_age:604800\n"
	    "x-note: hello\n", &p, d, sizeof(d)), FINDING_OK);
	assert_true(p.usable);
	assert_int_equal(p.mode, MTA_STS_MODE_ENFORCE);
	assert_int_equal(p.max_age, 604800);
	assert_int_equal(p.nmx, 2);
	assert_string_equal(p.mx[1], "*.example.net");
	assert_non_null(strstr(d, "\"x-note\" is not defined"));
	mta_sts_policy_free(&p);

	/* mode none needs no mx */
	assert_int_equal(parse("version: STSv1\nmode: none\nmax_age: 86400\n",
	    &p, d, sizeof(d)), FINDING_OK);
	assert_true(p.usable);
	mta_sts_policy_free(&p);

	/* every field is required; values are case-sensitive */
	assert_int_equal(parse("version: STSv1\nmode: Enforce\nmx: a.example\n"
	    "max_age: 86400\n", &p, d, sizeof(d)), FINDING_WARNING);
	assert_false(p.usable);
	assert_non_null(strstr(d, "policy mode \"Enforce\" is not"));
	mta_sts_policy_free(&p);
	assert_int_equal(parse("mode: testing\nmx: a.example\n", &p, d,
	    sizeof(d)), FINDING_WARNING);
	assert_false(p.usable);
	assert_non_null(strstr(d, "the policy has no version field"));
	assert_non_null(strstr(d, "the policy has no max_age field"));
	mta_sts_policy_free(&p);

	/* max_age beyond a year, a bad mx, a line that is no field */
	assert_int_equal(parse("version: STSv1\nmode: enforce\nmx: 192.0.2.1\n"
	    "max_age: 99999999\nthis is no field\n", &p, d, sizeof(d)),
	    FINDING_WARNING);
	assert_false(p.usable);
	assert_non_null(strstr(d, "max_age \"99999999\" is not"));
	assert_non_null(strstr(d, "policy mx \"192.0.2.1\" is not"));
	assert_non_null(strstr(d, "no mx pattern of the policy is usable"));
	assert_non_null(strstr(d, "\"this is no field\" is not"));
	mta_sts_policy_free(&p);

	/* a repeated field, a NUL byte */
	assert_int_equal(parse("version: STSv1\nmode: enforce\nmode: testing\n"
	    "mx: a.example\nmax_age: 86400\n", &p, d, sizeof(d)),
	    FINDING_WARNING);
	assert_int_equal(p.mode, MTA_STS_MODE_ENFORCE);	/* the first */
	mta_sts_policy_free(&p);
	{
		static const char nul[] = "version: STSv1\0mode: enforce\n";
		struct verdict v;
		verdict_init(&v);
		assert_int_equal(mta_sts_policy_parse(nul, sizeof(nul) - 1, &p,
		    &v), 0);
		assert_non_null(strstr(v.detail, "NUL byte"));
		assert_false(p.usable);
		verdict_free(&v);
		mta_sts_policy_free(&p);
	}
	mta_sts_policy_free(NULL);
}

static void
test_mta_sts_mx_patterns(void **state)
{
	(void)state;
	assert_true(mta_sts_mx_match("mail.example.com", "MAIL.example.com"));
	assert_true(mta_sts_mx_match("mail.example.com.", "mail.example.com"));
	assert_false(mta_sts_mx_match("mail.example.com", "mail2.example.com"));
	/* a wildcard covers exactly one label (§4.1) */
	assert_true(mta_sts_mx_match("*.example.com", "mx1.example.com"));
	assert_false(mta_sts_mx_match("*.example.com", "example.com"));
	assert_false(mta_sts_mx_match("*.example.com", "a.b.example.com"));
	assert_false(mta_sts_mx_match("*.example.com", "mx1.badexample.com"));
	assert_false(mta_sts_mx_match("*.example.com", ".example.com"));
}

static void
test_mta_sts_record_id(void **state)
{
	static const char *const good = "v=STSv1; id=20261204T120000;";
	static const char *const bad = "v=STSv1; id=2026-12-04;";
	static const char *const none = "v=STSv1; x=1";
	struct verdict	 v;
	char		 id[MTA_STS_ID_MAX + 1];
	(void)state;

	verdict_init(&v);
	assert_int_equal(mta_sts_record_id(good, strlen(good), id, &v), 0);
	assert_string_equal(id, "20261204T120000");
	assert_int_equal(v.state, FINDING_OK);
	assert_int_equal(mta_sts_record_id(bad, strlen(bad), id, &v), -1);
	assert_non_null(strstr(v.detail, "id \"2026-12-04\" is not 1 to 32"));
	assert_int_equal(mta_sts_record_id(none, strlen(none), id, &v), -1);
	assert_non_null(strstr(v.detail, "has no id= field"));
	verdict_free(&v);
}

static const char *const zone[] = {
	"_mta-sts.two.example TXT v=STSv1; id=1",
	"_mta-sts.two.example TXT v=STSv1; id=2",
	"_mta-sts.case.example TXT v=stsv1; id=1",
	"_mta-sts.fail.example FAIL",
	"none.example MX 10 mx.none.example",
	NULL
};

static void
expect_probe(const char *domain, enum finding_state st, const char *phrase)
{
	struct finding_list	 l = { 0 };
	struct authdns		 ad;
	char			 all[8192];

	fakezone_init(&ad, zone);
	assert_int_equal(mta_sts_probe(&ad, NULL, domain, &l), 0);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].track_detail);
	snprintf(all, sizeof(all), "%s\n%s", l.v[0].summary,
	    l.v[0].detail ? l.v[0].detail : "");
	if (l.v[0].state != st || strstr(all, phrase) == NULL)
		fail_msg("%s: state %s (want %s), want \"%s\" in:\n%s", domain,
		    finding_state_name(l.v[0].state), finding_state_name(st),
		    phrase, all);
	finding_list_free(&l);
}

static void
test_mta_sts_probe_without_https(void **state)
{
	(void)state;
	expect_probe("none.example", FINDING_OK, "no MTA-STS policy for "
	    "none.example (optional)");
	expect_probe("two.example", FINDING_WARNING, "2 MTA-STS records");
	expect_probe("case.example", FINDING_WARNING, "is not an MTA-STS "
	    "record");
	expect_probe("fail.example", FINDING_UNKNOWN, "lookup of "
	    "_mta-sts.fail.example failed");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mta_sts_policy_grammar),
		cmocka_unit_test(test_mta_sts_mx_patterns),
		cmocka_unit_test(test_mta_sts_record_id),
		cmocka_unit_test(test_mta_sts_probe_without_https),
	};
	return cmocka_run_group_tests_name("mta_sts_policy", tests, NULL,
	    NULL);
}
