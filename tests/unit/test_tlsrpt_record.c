/*
 * test_tlsrpt_record.c -- the TLS-RPT record (RFC 8460 §3): its grammar
 * (tlsrpt_record_parse) and the tlsrpt probe against a fixture zone:
 * one record, near misses, several records, unusable and unreachable
 * destinations, a failed lookup. (tests/integration/test_tls_lab.c runs
 * the probe against the lab's real servers.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "probes/tls/tlsrpt_record.h"
#include "tests/support/fakezone.h"

static const char *const zone[] = {
	"_smtp._tls.good.example TXT v=TLSRPTv1; "
	    "rua=mailto:tls@good.example,https://reports.good.example/tlsrpt",
	"_smtp._tls.good.example TXT some-other=record",
	"good.example MX 10 mx.good.example",
	"reports.good.example A 192.0.2.80",
	"_smtp._tls.two.example TXT v=TLSRPTv1; rua=mailto:a@good.example",
	"_smtp._tls.two.example TXT v=TLSRPTv1; rua=mailto:b@good.example",
	"_smtp._tls.case.example TXT v=tlsrptv1; rua=mailto:a@good.example",
	"_smtp._tls.space.example TXT  v=TLSRPTv1; rua=mailto:a@good.example",
	"_smtp._tls.norua.example TXT v=TLSRPTv1;",
	"_smtp._tls.http.example TXT v=TLSRPTv1; rua=http://r.good.example/x",
	"_smtp._tls.nomx.example TXT v=TLSRPTv1; rua=mailto:t@nomx.example",
	"nomx.example A 192.0.2.81",
	"_smtp._tls.nullmx.example TXT v=TLSRPTv1; rua=mailto:t@nullmx.example",
	"nullmx.example MX 0 .",
	"_smtp._tls.noaddr.example TXT v=TLSRPTv1; "
	    "rua=https://gone.noaddr.example/r",
	"_smtp._tls.split.example TXT v=TLSRPTv1; |rua=mailto:tls@good.example",
	"_smtp._tls.fail.example FAIL",
	"_smtp._tls.mxfail.example TXT v=TLSRPTv1; rua=mailto:t@mxfail.example",
	"mxfail.example FAIL",
	NULL
};

/* Runs the probe on domain: the finding tlsrpt/<domain>. */
static void
expect_probe(const char *domain, enum finding_state st, const char *phrase)
{
	struct finding_list	 l = { 0 };
	struct authdns		 ad;
	char			 key[128], all[8192];

	fakezone_init(&ad, zone);
	assert_int_equal(tlsrpt_probe(&ad, domain, &l), 0);
	assert_int_equal(l.n, 1);
	snprintf(key, sizeof(key), "tlsrpt/%s", domain);
	assert_string_equal(l.v[0].key, key);
	assert_string_equal(l.v[0].probe, "tlsrpt");
	snprintf(all, sizeof(all), "%s\n%s", l.v[0].summary,
	    l.v[0].detail ? l.v[0].detail : "");
	if (l.v[0].state != st || strstr(all, phrase) == NULL)
		fail_msg("%s: state %s (want %s), want \"%s\" in:\n%s", domain,
		    finding_state_name(l.v[0].state), finding_state_name(st),
		    phrase, all);
	finding_list_free(&l);
}

static void
test_tlsrpt_record_probe_cases(void **state)
{
	(void)state;
	/* one record among other TXT records; both destinations reach */
	expect_probe("good.example", FINDING_OK, "rua https://reports.good."
	    "example/tlsrpt: reports.good.example has 1 address");
	expect_probe("good.example", FINDING_OK, "mail (MX)");
	expect_probe("absent.example", FINDING_OK, "no TLS-RPT record at "
	    "_smtp._tls.absent.example (optional)");
	expect_probe("two.example", FINDING_WARNING, "2 TLS-RPT records");
	expect_probe("case.example", FINDING_WARNING, "case-sensitive");
	expect_probe("space.example", FINDING_WARNING, "whitespace before");
	expect_probe("norua.example", FINDING_WARNING, "no rua= destination");
	expect_probe("http.example", FINDING_WARNING, "only posted over https");
	expect_probe("nomx.example", FINDING_WARNING, "has no MX records");
	expect_probe("nullmx.example", FINDING_WARNING, "null MX");
	expect_probe("noaddr.example", FINDING_WARNING, "has no address");
	/* character-strings are joined with nothing between them */
	expect_probe("split.example", FINDING_OK, "is in order");
	expect_probe("fail.example", FINDING_UNKNOWN, "lookup of "
	    "_smtp._tls.fail.example failed");
	expect_probe("mxfail.example", FINDING_UNKNOWN, "could not look up "
	    "the MX of mxfail.example");
}

/* Parses text; returns the verdict's state and copies its detail. */
static enum finding_state
parse(const char *text, struct tlsrpt_record *r, char *detail, size_t len)
{
	struct verdict		 v;
	enum finding_state	 st;

	verdict_init(&v);
	assert_true(tlsrpt_record_is_tlsrpt(text, strlen(text)));
	assert_int_equal(tlsrpt_record_parse(text, strlen(text), r, &v), 0);
	snprintf(detail, len, "%s", v.detail ? v.detail : "");
	st = v.state;
	verdict_free(&v);
	return st;
}

static void
test_tlsrpt_record_grammar(void **state)
{
	struct tlsrpt_record	 r;
	char			 d[4096];
	(void)state;

	/* several destinations, spaces around the delimiters */
	assert_int_equal(parse("v=TLSRPTv1 ;  rua=mailto:A@Example.ORG?"
	    "subject=tls , https://r.example.net:8443/in;", &r, d, sizeof(d)),
	    FINDING_OK);
	assert_int_equal(r.nrua, 2);
	assert_int_equal(r.nusable, 2);
	assert_int_equal(r.rua[0].scheme, TLSRPT_MAILTO);
	assert_string_equal(r.rua[0].host, "example.org");
	assert_int_equal(r.rua[1].scheme, TLSRPT_HTTPS);
	assert_string_equal(r.rua[1].host, "r.example.net");
	tlsrpt_record_free(&r);

	/* an extension is noted; RUA= is not rua= */
	assert_int_equal(parse("v=TLSRPTv1; ext.v-2=x; RUA=mailto:a@b.example",
	    &r, d, sizeof(d)), FINDING_WARNING);
	assert_non_null(strstr(d, "extension field ext.v-2="));
	assert_non_null(strstr(d, "field \"RUA=\" is not rua="));
	assert_int_equal(r.nrua, 0);
	tlsrpt_record_free(&r);

	/* bad URIs: no @, an IP host, another scheme, an empty one */
	assert_int_equal(parse("v=TLSRPTv1; rua=mailto:nobody,"
	    "https://192.0.2.1/x,ftp://a.example/,,mailto:ok@ok.example",
	    &r, d, sizeof(d)), FINDING_WARNING);
	assert_int_equal(r.nrua, 4);
	assert_int_equal(r.nusable, 1);
	assert_non_null(strstr(d, "expected mailto:local-part@domain"));
	assert_non_null(strstr(d, "is not a host name"));
	assert_non_null(strstr(d, "only mailto: and https:"));
	assert_non_null(strstr(d, "empty destination"));
	tlsrpt_record_free(&r);

	/* not a field at all */
	assert_int_equal(parse("v=TLSRPTv1; rua=mailto:a@b.example; junk",
	    &r, d, sizeof(d)), FINDING_WARNING);
	assert_non_null(strstr(d, "\"junk\" is not a field"));
	tlsrpt_record_free(&r);

	/* what senders skip */
	assert_false(tlsrpt_record_is_tlsrpt("v=TLSRPTv1", 10));
	assert_false(tlsrpt_record_is_tlsrpt("v=TLSRPTv10; rua=x", 18));
	assert_false(tlsrpt_record_is_tlsrpt("v=TLSRPTv1  ", 12));
	assert_null(tlsrpt_record_near_miss("v=spf1 -all", 11));
	assert_non_null(tlsrpt_record_near_miss("v=TLSRPTv1", 10));
	tlsrpt_record_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlsrpt_record_probe_cases),
		cmocka_unit_test(test_tlsrpt_record_grammar),
	};
	return cmocka_run_group_tests_name("tlsrpt_record", tests, NULL, NULL);
}
