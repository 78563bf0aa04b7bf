/*
 * test_dmarc_record.c -- DMARC record text to problems: policy strength,
 * repeated/unknown/obsolete tags, rua/ruf syntax, invalid records; and
 * the organizational-domain fallback for suffixes the list lacks.
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

static void
test_dmarc_record_reject_is_ok(void **state)
{
	struct dmarc_record	 rec;
	struct verdict		 v;
	(void)state;

	assert_int_equal(check("v=DMARC1; p=reject; "
	    "rua=mailto:dmarc@example.com,mailto:x@reports.example.net!10m",
	    &rec, &v), 0);
	assert_int_equal(v.state, FINDING_OK);
	assert_int_equal(rec.p, DMARC_P_REJECT);
	assert_int_equal(rec.sp, DMARC_P_REJECT);
	assert_int_equal(rec.np, DMARC_P_REJECT);
	assert_int_equal(rec.nrua, 2);
	assert_string_equal(rec.rua[1].domain, "reports.example.net");
	assert_int_equal(rec.adkim, 'r');
	dmarc_record_free(&rec);
	verdict_free(&v);
}

static void
test_dmarc_record_none_warns_with_fix(void **state)
{
	struct dmarc_record	 rec;
	struct verdict		 v;
	(void)state;

	assert_int_equal(check("v=DMARC1; p=none; rua=mailto:d@example.com",
	    &rec, &v), 0);
	assert_int_equal(v.state, FINDING_WARNING);
	assert_non_null(strstr(v.summary, "p=none"));
	assert_non_null(strstr(v.detail, "Fix: "));
	assert_non_null(strstr(v.detail, "p=quarantine"));
	dmarc_record_free(&rec);
	verdict_free(&v);
}

static void
test_dmarc_record_duplicate_tag_is_critical(void **state)
{
	struct dmarc_record	 rec;
	struct verdict		 v;
	(void)state;

	check("v=DMARC1; p=reject; p=none; rua=mailto:d@example.com", &rec, &v);
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_non_null(strstr(v.summary, "repeated tags"));
	assert_non_null(strstr(v.detail, "keep each tag once"));
	dmarc_record_free(&rec);
	verdict_free(&v);
}

static void
test_dmarc_record_bad_policy_is_critical(void **state)
{
	struct dmarc_record	 rec;
	struct verdict		 v;
	(void)state;

	assert_int_equal(check("v=DMARC1; p=block; rua=mailto:d@example.com",
	    &rec, &v), -1);
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_non_null(strstr(v.detail, "p=none, p=quarantine or p=reject") ?
	    v.detail : strstr(v.detail, "p/sp=none|quarantine|reject"));
	dmarc_record_free(&rec);
	verdict_free(&v);
	assert_int_equal(check("v=DMARC1; rua=mailto:d@example.com", &rec, &v),
	    -1);
	assert_int_equal(v.state, FINDING_CRITICAL);
	dmarc_record_free(&rec);
	verdict_free(&v);
	assert_int_equal(check("p=reject; v=DMARC1", &rec, &v), -1);
	assert_non_null(strstr(v.summary, "v=DMARC1"));
	dmarc_record_free(&rec);
	verdict_free(&v);
}

static void
test_dmarc_record_obsolete_and_unknown_tags(void **state)
{
	struct dmarc_record	 rec;
	struct verdict		 v;
	(void)state;

	check("v=DMARC1; p=quarantine; pct=20; ri=3600; rf=afrf; fo=1; "
	    "np=reject; sp=none; adkim=s; polcy=reject; "
	    "rua=mailto:d@example.com", &rec, &v);
	assert_int_equal(v.state, FINDING_WARNING);
	assert_int_equal(rec.pct, 20);
	assert_int_equal(rec.np, DMARC_P_REJECT);
	assert_int_equal(rec.sp, DMARC_P_NONE);
	assert_int_equal(rec.adkim, 's');
	assert_non_null(strstr(v.detail, "pct=20"));
	assert_non_null(strstr(v.detail, "RFC 9989"));
	assert_non_null(strstr(v.detail, "ri=3600"));
	assert_non_null(strstr(v.detail, "rf=afrf is the default"));
	assert_non_null(strstr(v.detail, "unknown tag \"polcy=reject\""));
	assert_non_null(strstr(v.detail, "sp=none while p=quarantine"));
	assert_non_null(strstr(v.detail, "fo=1"));
	dmarc_record_free(&rec);
	verdict_free(&v);
}

static void
test_dmarc_record_bad_report_uris(void **state)
{
	struct dmarc_record	 rec;
	struct verdict		 v;
	(void)state;

	check("v=DMARC1; p=reject; rua=https://r.example/x, mailto:nobody,"
	    "mailto:a@b.example!10q; ruf=mailto:f@example.org", &rec, &v);
	assert_int_equal(v.state, FINDING_WARNING);
	assert_int_equal(rec.nrua, 3);
	assert_null(rec.rua[0].domain);
	assert_null(rec.rua[1].domain);
	assert_null(rec.rua[2].domain);
	assert_int_equal(rec.nruf, 1);
	assert_string_equal(rec.ruf[0].domain, "example.org");
	assert_non_null(strstr(v.detail, "only mailto:"));
	assert_non_null(strstr(v.detail, "local-part@domain"));
	assert_non_null(strstr(v.detail, "size limit"));
	dmarc_record_free(&rec);
	verdict_free(&v);
	check("v=DMARC1; p=reject", &rec, &v);
	assert_non_null(strstr(v.summary, "no rua="));
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
		cmocka_unit_test(test_dmarc_record_reject_is_ok),
		cmocka_unit_test(test_dmarc_record_none_warns_with_fix),
		cmocka_unit_test(test_dmarc_record_duplicate_tag_is_critical),
		cmocka_unit_test(test_dmarc_record_bad_policy_is_critical),
		cmocka_unit_test(test_dmarc_record_obsolete_and_unknown_tags),
		cmocka_unit_test(test_dmarc_record_bad_report_uris),
		cmocka_unit_test(test_dmarc_record_recognizes_records),
		cmocka_unit_test(test_orgdomain_uses_list_then_two_labels),
	};
	return cmocka_run_group_tests_name("dmarc_record", tests, NULL, NULL);
}
