/*
 * test_tlsrpt_parse.c -- the TLS-RPT parser (RFC 8460 §4) on RFC 8460's
 * example (tests/data/reports/tlsrpt/) field by field, and on reports
 * broken one way each: every error names the field by its JSON path.
 * Also RFC 3339 date-times, and the failure-report field reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probes/reports/ruf_parse.h"
#include "probes/reports/tlsrpt_parse.h"

#define HEAD "{\"organization-name\":\"Org\",\"date-range\":{" \
	"\"start-datetime\":\"2026-11-30T00:00:00Z\",\"end-datetime\":" \
	"\"2026-11-30T23:59:59Z\"},\"contact-info\":\"tls@org.example\"," \
	"\"report-id\":\"r-1\","
#define POLICY(type, sum) "{\"policy\":{\"policy-type\":\"" type "\"," \
	"\"policy-domain\":\"Example.COM.\"},\"summary\":" sum
#define SUM(ok, bad) "{\"total-successful-session-count\":" ok "," \
	"\"total-failure-session-count\":" bad "}"

static char *
slurp(const char *name, size_t *len)
{
	const char *top = getenv("SENDWATCH_TOP");
	char path[1024], *buf;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/reports/tlsrpt/%s",
	    top != NULL ? top : ".", name);
	assert_non_null(f = fopen(path, "rb"));
	assert_non_null(buf = malloc(1 << 16));
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

/* Parses s, expecting failure with an error containing want. */
static void
expect_error(const char *s, const char *want)
{
	struct tlsrpt_report r = { .npol = 0 };
	char err[512];

	assert_int_equal(tlsrpt_parse(s, strlen(s), &r, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
	assert_null(r.pol);
	assert_null(r.org_name);
}

static void
test_tlsrpt_rfc8460_example(void **state)
{
	struct tlsrpt_report r = { .npol = 0 };
	struct tlsrpt_policy *p;
	char err[512], *json;
	size_t len;

	(void)state;
	json = slurp("rfc8460-example.json", &len);
	assert_int_equal(tlsrpt_parse(json, len, &r, err, sizeof(err)), 0);
	assert_string_equal(r.org_name, "Company-X");
	assert_string_equal(r.report_id, "5065427c-23d3-47ca-b6e0-946ea0e8c4be");
	assert_string_equal(r.contact_info, "sts-reporting@company-x.example");
	assert_int_equal(r.begin, 1459468800);	/* 2016-04-01T00:00:00Z */
	assert_int_equal(r.end, 1459468800 + 86399);
	assert_int_equal(r.npol, 1);
	p = &r.pol[0];
	assert_string_equal(p->type, "sts");
	assert_string_equal(p->domain, "company-y.example");
	assert_string_equal(p->mx_host, "*.mail.company-y.example");
	assert_string_equal(p->policy_string, "version: STSv1\nmode: testing\n"
	    "mx: *.mail.company-y.example\nmax_age: 86400");
	assert_int_equal(p->successful, 5326);
	assert_int_equal(p->failed, 303);
	assert_int_equal(p->nfail, 3);
	assert_string_equal(p->fail[0].result_type, "certificate-expired");
	assert_string_equal(p->fail[0].sending_mta_ip, "2001:db8:abcd:0012::1");
	assert_string_equal(p->fail[0].receiving_mx_hostname,
	    "mx1.mail.company-y.example");
	assert_null(p->fail[0].receiving_ip);
	assert_int_equal(p->fail[0].failed_sessions, 100);
	assert_string_equal(p->fail[1].receiving_ip, "203.0.113.56");
	assert_int_equal(p->fail[1].failed_sessions, 200);
	assert_non_null(p->fail[1].additional_information);
	assert_string_equal(p->fail[2].failure_reason_code,
	    "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED");
	assert_int_equal(p->fail[2].failed_sessions, 3);
	tlsrpt_report_clear(&r);
	free(json);
}

static void
test_tlsrpt_minimal_and_normalised(void **state)
{
	const char *s = HEAD "\"policies\":[" POLICY("NO-POLICY-FOUND",
	    SUM("7", "0.0")) "}]}";
	struct tlsrpt_report r = { .npol = 0 };
	char err[512];

	(void)state;
	assert_int_equal(tlsrpt_parse(s, strlen(s), &r, err, sizeof(err)), 0);
	assert_string_equal(r.pol[0].type, "no-policy-found");
	assert_string_equal(r.pol[0].domain, "example.com");
	assert_null(r.pol[0].mx_host);
	assert_null(r.pol[0].policy_string);
	assert_int_equal(r.pol[0].successful, 7);
	assert_int_equal(r.pol[0].failed, 0);
	assert_int_equal(r.pol[0].nfail, 0);
	tlsrpt_report_clear(&r);
}

static void
test_tlsrpt_errors_name_the_field(void **state)
{
	(void)state;
	expect_error("{\"organization-name\":", "malformed JSON at line 1");
	expect_error("[1, 2]", "the JSON is a list, not an object");
	expect_error(HEAD "\"policies\":[" POLICY("sts", SUM("1", "0"))
	    "}]} trailing", "malformed JSON at line 1 (byte 329)");
	expect_error("{\"date-range\":{}}", "organization-name: missing");
	expect_error("{\"organization-name\":5}",
	    "organization-name: expected a string, got a number");
	expect_error(HEAD "\"policies\":[]}", "policies: empty");
	expect_error(HEAD "\"policies\":{}}",
	    "policies: expected a list, got an object");
	expect_error(HEAD "\"policies\":[" POLICY("dane", SUM("1", "0"))
	    "}]}", "policies[1].policy.policy-type: \"dane\" is none of");
	expect_error(HEAD "\"policies\":[" POLICY("sts", SUM("1", "-2"))
	    "}]}", "policies[1].summary.total-failure-session-count: "
	    "expected a count");
	expect_error(HEAD "\"policies\":[" POLICY("sts", SUM("1", "\"2\""))
	    "}]}", "policies[1].summary.total-failure-session-count: "
	    "expected a number, got a string");
	expect_error(HEAD "\"policies\":[" POLICY("sts", SUM("1", "1"))
	    ",\"failure-details\":[{\"failed-session-count\":1}]}]}",
	    "policies[1].failure-details[1].result-type: missing");
	expect_error(HEAD "\"policies\":[" POLICY("sts", SUM("1", "1"))
	    "}, " POLICY("sts", "{\"total-successful-session-count\":1}")
	    "}]}", "policies[2].summary.total-failure-session-count: missing");
	expect_error("{\"organization-name\":\"O\",\"report-id\":\"r\","
	    "\"date-range\":{\"start-datetime\":\"yesterday\","
	    "\"end-datetime\":\"2026-11-30T23:59:59Z\"}}",
	    "date-range.start-datetime: \"yesterday\" is not an RFC 3339");
}

static void
test_tlsrpt_deep_nesting_refused(void **state)
{
	char s[256];
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 100 && n < sizeof(s) - 1; i++)
		s[n++] = '[';
	s[n] = '\0';
	expect_error(s, "malformed JSON");
}

static void
test_tlsrpt_times(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(tlsrpt_parse_time("2016-04-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 1459468800);
	assert_int_equal(tlsrpt_parse_time("2016-04-01T02:00:00.123+02:00",
	    &t), 0);
	assert_int_equal(t, 1459468800);
	assert_int_equal(tlsrpt_parse_time("2016-03-31T19:00:00-05:00", &t), 0);
	assert_int_equal(t, 1459468800);
	assert_int_equal(tlsrpt_parse_time("2016-04-01", &t), -1);
	assert_int_equal(tlsrpt_parse_time("2016-04-01T00:00:00", &t), -1);
	assert_int_equal(tlsrpt_parse_time("2016-13-01T00:00:00Z", &t), -1);
	assert_int_equal(tlsrpt_parse_time("2016-04-01T00:00:00Zjunk", &t), -1);
}

static void
test_ruf_fields(void **state)
{
	const char *text = "Feedback-Type: auth-failure\r\n"
	    "Source-IP: 192.0.2.1\r\n"
	    "Authentication-Results: mx.example;\r\n"
	    "  dkim=fail header.d=example.net\r\n"
	    "Auth-Failure: dkim\r\nAuth-Failure: SPF\r\n"
	    "Reported Domain: Example.NET.\r\n"
	    "Not-A-Field: x\r\nno colon here\r\n";
	struct ruf_report r = { .arrival = 0 };

	(void)state;
	assert_int_equal(ruf_parse_fields(text, strlen(text), &r), 6);
	assert_string_equal(r.feedback_type, "auth-failure");
	assert_string_equal(r.source_ip, "192.0.2.1");
	assert_string_equal(r.auth_results,
	    "mx.example;  dkim=fail header.d=example.net");
	assert_string_equal(r.auth_failure, "dkim,spf");
	assert_string_equal(r.reported_domain, "example.net");
	ruf_report_clear(&r);
	text = "Sender IP Address: 203.0.113.9\nSender Domain: example.com\n";
	assert_int_equal(ruf_parse_fields(text, strlen(text), &r), 2);
	assert_string_equal(r.source_ip, "203.0.113.9");
	assert_string_equal(r.reported_domain, "example.com");
	ruf_report_clear(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlsrpt_rfc8460_example),
		cmocka_unit_test(test_tlsrpt_minimal_and_normalised),
		cmocka_unit_test(test_tlsrpt_errors_name_the_field),
		cmocka_unit_test(test_tlsrpt_deep_nesting_refused),
		cmocka_unit_test(test_tlsrpt_times),
		cmocka_unit_test(test_ruf_fields),
	};

	return cmocka_run_group_tests_name("tlsrpt_parse", tests, NULL, NULL);
}
