/*
 * test_dmarc_record.c -- DMARC record text to problems, one case per
 * check of RFC 9989 §4.7 (each names the tag and value), the values a
 * checked record carries, near misses that are no record; and the
 * organizational-domain fallback for suffixes the list lacks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/auth/dmarc_record.h"
#include "probes/dns/orgdomain.h"

/* Checks text; returns the verdict's state, leaves detail in *v. */
static int
check(const char *text, struct dmarc_record *rec, struct verdict *v)
{
	verdict_init(v);
	return dmarc_record_check("example.com", text, rec, v);
}

/*
 * One record per check: the verdict's state and a phrase that names the
 * tag and value (or the reason). The id is the check's row in README's
 * authentication table; tests/integration/readme_checks.sh requires
 * each README id to appear in a test.
 */
struct record_case {
	const char		*id;
	const char		*text;
	enum finding_state	 state;
	const char		*phrase;
};

#define RUA "; rua=mailto:d@example.com"

static const struct record_case record_cases[] = {
	{ "dmarc-ok", "v=DMARC1; p=reject" RUA, FINDING_OK, "p=reject" },
	{ "dmarc-ok", "v=DMARC1; P=Reject; ADKIM=S; fo=d:s; psd=n; t=n" RUA,
	    FINDING_OK, "adkim=s aspf=r" },
	{ "dmarc-v-first", "p=reject; v=DMARC1" RUA, FINDING_CRITICAL,
	    "does not start with v=DMARC1" },
	{ "dmarc-v-first", "v=DMARC2; p=reject" RUA, FINDING_CRITICAL,
	    "does not start with v=DMARC1" },
	{ "dmarc-p-invalid", "v=DMARC1; p=foo" RUA, FINDING_CRITICAL,
	    "p=\"foo\" is not valid: p= takes none, quarantine or reject" },
	{ "dmarc-p-invalid", "v=DMARC1; p=" RUA, FINDING_CRITICAL,
	    "p=\"\" is not valid: p= takes none, quarantine or reject" },
	{ "dmarc-p-missing", "v=DMARC1" RUA, FINDING_WARNING,
	    "no p= tag: the record is read as p=none" },
	{ "dmarc-p-order", "v=DMARC1; rua=mailto:d@example.com; p=reject",
	    FINDING_WARNING, "p= is not right after v=DMARC1 (\"rua=\" is)" },
	{ "dmarc-sp-invalid", "v=DMARC1; p=reject; sp=invalid" RUA,
	    FINDING_CRITICAL, "sp=\"invalid\" is not valid: sp= takes none, "
	    "quarantine or reject" },
	{ "dmarc-sp-invalid", "v=DMARC1; p=reject; sp=" RUA, FINDING_CRITICAL,
	    "sp=\"\" is not valid" },
	{ "dmarc-sp-weak", "v=DMARC1; p=reject; sp=none" RUA, FINDING_WARNING,
	    "sp=none while p=reject" },
	{ "dmarc-np-invalid", "v=DMARC1; p=reject; np=x" RUA, FINDING_WARNING,
	    "np=\"x\" is not valid: np= takes none, quarantine or reject" },
	{ "dmarc-adkim-invalid", "v=DMARC1; p=reject; adkim=x" RUA,
	    FINDING_CRITICAL, "adkim=\"x\" is not valid: adkim= takes r "
	    "(relaxed) or s (strict)" },
	{ "dmarc-adkim-invalid", "v=DMARC1; p=reject; adkim=" RUA,
	    FINDING_CRITICAL, "adkim=\"\" is not valid" },
	{ "dmarc-aspf-invalid", "v=DMARC1; p=reject; aspf=strict" RUA,
	    FINDING_CRITICAL, "aspf=\"strict\" is not valid: aspf= takes r" },
	{ "dmarc-fo-invalid", "v=DMARC1; p=reject; fo=x" RUA,
	    FINDING_CRITICAL, "fo=\"x\" is not valid: fo= takes 0, 1, d or s" },
	{ "dmarc-fo-invalid", "v=DMARC1; p=reject; fo=1:" RUA,
	    FINDING_CRITICAL, "fo=\"1:\" is not valid" },
	{ "dmarc-fo-redundant", "v=DMARC1; p=reject; fo=0:1" RUA,
	    FINDING_WARNING, "fo=\"0:1\": 0 is redundant next to 1" },
	{ "dmarc-psd-invalid", "v=DMARC1; p=reject; psd=x" RUA,
	    FINDING_WARNING, "psd=\"x\" is not valid: psd= takes y, n or u" },
	{ "dmarc-t-invalid", "v=DMARC1; p=reject; t=x" RUA, FINDING_WARNING,
	    "t=\"x\" is not valid: t= takes y or n" },
	{ "dmarc-t-testing", "v=DMARC1; p=reject; t=y" RUA, FINDING_WARNING,
	    "t=y: the policy is in testing mode" },
	{ "dmarc-p-none", "v=DMARC1; p=none" RUA, FINDING_WARNING,
	    "p=none: monitoring only" },
	{ "dmarc-removed-pct", "v=DMARC1; p=reject; pct=150" RUA,
	    FINDING_WARNING, "pct=\"150\": pct= was removed by RFC 9989 and is "
	    "ignored\n  \"150\" is not an integer from 0 to 100" },
	{ "dmarc-removed-pct", "v=DMARC1; p=reject; pct=abc" RUA,
	    FINDING_WARNING, "\"abc\" is not an integer from 0 to 100" },
	{ "dmarc-removed-pct", "v=DMARC1; p=reject; pct=100" RUA,
	    FINDING_WARNING, "pct=\"100\": pct= was removed by RFC 9989 and is "
	    "ignored\n  It asks for what receivers do anyway" },
	{ "dmarc-removed-pct", "v=DMARC1; p=reject; pct=20" RUA,
	    FINDING_WARNING, "RFC 7489 receivers still apply the policy to "
	    "only that share" },
	{ "dmarc-removed-ri", "v=DMARC1; p=reject; ri=abc" RUA,
	    FINDING_WARNING, "ri=\"abc\": ri= was removed by RFC 9989 and is "
	    "ignored\n  \"abc\" is not a number of seconds" },
	{ "dmarc-removed-ri", "v=DMARC1; p=reject; ri=3600" RUA,
	    FINDING_WARNING, "ri=\"3600\": ri= was removed by RFC 9989" },
	{ "dmarc-removed-rf", "v=DMARC1; p=reject; rf=invalid" RUA,
	    FINDING_WARNING, "rf=\"invalid\": rf= was removed by RFC 9989" },
	{ "dmarc-removed-rf", "v=DMARC1; p=reject; rf=afrf" RUA,
	    FINDING_WARNING, "rf=\"afrf\": rf= was removed by RFC 9989" },
	{ "dmarc-unknown-tag", "v=DMARC1; p=reject; polcy=reject" RUA,
	    FINDING_WARNING, "unknown tag \"polcy=reject\"" },
	{ "dmarc-repeated-tag", "v=DMARC1; p=reject; p=none" RUA,
	    FINDING_CRITICAL, "repeated tags in the DMARC record: p" },
	{ "dmarc-syntax", "v=DMARC1; p=reject; rua" , FINDING_CRITICAL,
	    "DMARC record does not parse" },
	{ "dmarc-rua-missing", "v=DMARC1; p=reject", FINDING_WARNING,
	    "no rua= aggregate report address" },
	{ "dmarc-uri-invalid", "v=DMARC1; p=reject; rua=https://r.example/x,"
	    "mailto:d@example.com", FINDING_WARNING,
	    "rua URI \"https://r.example/x\" is not "
	    "usable: only mailto:" },
	{ "dmarc-uri-invalid", "v=DMARC1; p=reject; ruf=mailto:nobody" RUA,
	    FINDING_WARNING, "ruf URI \"mailto:nobody\" is not usable" },
	{ "dmarc-uri-size", "v=DMARC1; p=reject; "
	    "rua=mailto:d@example.com!10m", FINDING_WARNING,
	    "rua URI \"mailto:d@example.com!10m\" carries the obsolete size "
	    "limit \"!10m\"" },
	{ "dmarc-uri-count", "v=DMARC1; p=reject; rua=mailto:a@example.com,"
	    "mailto:b@example.com, mailto:c@example.com", FINDING_WARNING,
	    "rua= lists 3 URIs" },
	{ "dmarc-uri-count", "v=DMARC1; p=reject; ruf=mailto:a@example.com,"
	    "mailto:b@example.com,mailto:c@example.com" RUA, FINDING_WARNING,
	    "\"mailto:c@example.com\" and later ones may get nothing" },
};

static void
test_dmarc_record_each_check_names_its_tag(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(record_cases) /
	    sizeof(record_cases[0]); i++) {
		const struct record_case *c = &record_cases[i];
		struct dmarc_record	 rec;
		struct verdict		 v;

		check(c->text, &rec, &v);
		if (v.state != c->state || v.detail == NULL ||
		    strstr(v.detail, c->phrase) == NULL ||
		    (c->state != FINDING_OK && strstr(v.detail, "Fix: ") ==
		    NULL))
			fail_msg("%s: \"%s\": %s (want %s) and \"%s\" with a "
			    "fix in:\n%s", c->id, c->text,
			    finding_state_name(v.state),
			    finding_state_name(c->state), c->phrase,
			    v.detail ? v.detail : "(nothing)");
		dmarc_record_free(&rec);
		verdict_free(&v);
	}
}

/* What the record means once checked: defaults, removed tags ignored. */
static void
test_dmarc_record_values_read(void **state)
{
	struct dmarc_record	 rec;
	struct verdict		 v;
	(void)state;

	assert_int_equal(check("v=DMARC1; p=reject; "
	    "rua=mailto:dmarc@example.com,mailto:x@reports.example.net",
	    &rec, &v), 0);
	assert_int_equal(v.state, FINDING_OK);
	assert_int_equal(rec.p, DMARC_P_REJECT);
	assert_int_equal(rec.sp, DMARC_P_REJECT);
	assert_int_equal(rec.np, DMARC_P_REJECT);
	assert_int_equal(rec.nrua, 2);
	assert_string_equal(rec.rua[1].domain, "reports.example.net");
	assert_int_equal(rec.adkim, 'r');
	assert_int_equal(rec.psd, 'u');
	dmarc_record_free(&rec);
	verdict_free(&v);

	/* no p=: p=none, and the record is usable (RFC 9989) */
	assert_int_equal(check("v=DMARC1; rua=mailto:d@example.com", &rec,
	    &v), 0);
	assert_int_equal(rec.p, DMARC_P_NONE);
	assert_true(rec.p_missing);
	dmarc_record_free(&rec);
	verdict_free(&v);

	/* pct=abc is not read as 0; a bad p= makes the record unusable */
	check("v=DMARC1; p=quarantine; pct=abc; np=reject; sp=none; adkim=S; "
	    "t=y; rua=mailto:d@example.com", &rec, &v);
	assert_int_equal(rec.pct, 100);
	assert_int_equal(rec.np, DMARC_P_REJECT);
	assert_int_equal(rec.sp, DMARC_P_NONE);
	assert_int_equal(rec.adkim, 's');
	assert_true(rec.testing);
	dmarc_record_free(&rec);
	verdict_free(&v);
	assert_int_equal(check("v=DMARC1; p=block; rua=mailto:d@example.com",
	    &rec, &v), -1);
	dmarc_record_free(&rec);
	verdict_free(&v);
}

/* Bad URIs are kept (with no domain) so their count is right. */
static void
test_dmarc_record_bad_report_uris(void **state)
{
	struct dmarc_record	 rec;
	struct verdict		 v;
	(void)state;

	check("v=DMARC1; p=reject; rua=https://r.example/x, mailto:nobody; "
	    "ruf=mailto:a@b.example!10q,mailto:f@example.org", &rec, &v);
	assert_int_equal(v.state, FINDING_WARNING);
	assert_int_equal(rec.nrua, 2);
	assert_null(rec.rua[0].domain);
	assert_null(rec.rua[1].domain);
	assert_int_equal(rec.nruf, 2);
	assert_null(rec.ruf[0].domain);
	assert_string_equal(rec.ruf[1].domain, "example.org");
	assert_non_null(strstr(v.detail, "local-part@domain"));
	assert_non_null(strstr(v.detail, "size limit after '!'"));
	dmarc_record_free(&rec);
	verdict_free(&v);
}

static void
test_dmarc_record_recognizes_records(void **state)
{
	(void)state;
	assert_true(dmarc_record_is_dmarc("v=DMARC1; p=none", 16));
	assert_true(dmarc_record_is_dmarc("v = DMARC1", 10));
	assert_false(dmarc_record_is_dmarc("v=DMARC10; p=none", 17));
	assert_false(dmarc_record_is_dmarc("v=spf1 -all", 11));
	assert_false(dmarc_record_is_dmarc(" v=DMARC1", 9));
}

/* dmarc-near-miss: records receivers skip, and why. */
static void
test_dmarc_record_near_misses(void **state)
{
	static const struct {
		const char	*text;
		const char	*why;	/* NULL: not a near miss */
	} cases[] = {
		{ " v=DMARC1; p=reject", "starts with a space" },
		{ "\"v=DMARC1; p=reject\"", "quote character" },
		{ "v=dmarc1; p=reject", "not written DMARC1 in capitals" },
		{ "v=DMARC1;p=reject", NULL },
		{ "v=spf1 -all", NULL },
		{ " v=DMARC10", NULL },
		{ "", NULL },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = dmarc_record_near_miss(cases[i].text,
		    strlen(cases[i].text));
		if (cases[i].why == NULL)
			assert_null(why);
		else if (why == NULL || strstr(why, cases[i].why) == NULL)
			fail_msg("\"%s\": got %s", cases[i].text,
			    why ? why : "(none)");
	}
}

static void
test_orgdomain_uses_list_then_two_labels(void **state)
{
	char	 b[256];
	(void)state;

	assert_int_equal(orgdomain_of("a.b.Example.CO.UK.", b, sizeof(b)), 0);
	assert_string_equal(b, "example.co.uk");
	assert_int_equal(orgdomain_of("mail.shop.auth.test", b, sizeof(b)), 0);
	assert_string_equal(b, "auth.test");
	assert_true(orgdomain_same("x.example.com", "example.com"));
	assert_false(orgdomain_same("example.com", "example.net"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dmarc_record_each_check_names_its_tag),
		cmocka_unit_test(test_dmarc_record_values_read),
		cmocka_unit_test(test_dmarc_record_bad_report_uris),
		cmocka_unit_test(test_dmarc_record_near_misses),
		cmocka_unit_test(test_dmarc_record_recognizes_records),
		cmocka_unit_test(test_orgdomain_uses_list_then_two_labels),
	};
	return cmocka_run_group_tests_name("dmarc_record", tests, NULL, NULL);
}
