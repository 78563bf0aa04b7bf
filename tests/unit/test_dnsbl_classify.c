/*
 * test_dnsbl_classify.c -- how one DNSBL answer reads: listing codes and
 * their meanings, error codes, answers that must never count as listings,
 * user ranges, allow-lists, and that a DQS key is scrubbed from text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/dnsbl/dnsbl.h"

#define A(a, b, c, d) (((uint32_t)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))

static struct dnsbl_list
list_for(const char *catalog_name)
{
	struct dnsbl_list l = { 0 };

	l.name = l.zone = l.query_zone = (char *)"x.example";
	l.kinds = DNSBL_IP4;
	if (catalog_name != NULL) {
		l.catalog = dnsbl_catalog_find(catalog_name);
		assert_non_null(l.catalog);
		l.kinds = l.catalog->kinds;
	}
	return l;
}

static void
classify1(const struct dnsbl_list *l, uint32_t a, struct dnsbl_verdict *v)
{
	dnsbl_classify(l, DNS_DATA, &a, 1, NULL, v);
}

static void
test_dnsbl_classify_not_listed_and_failures(void **state)
{
	struct dnsbl_list l = list_for(NULL);
	struct dnsbl_verdict v;
	(void)state;

	dnsbl_classify(&l, DNS_NXDOMAIN, NULL, 0, NULL, &v);
	assert_int_equal(v.cls, DNSBL_NOT_LISTED);
	dnsbl_classify(&l, DNS_NODATA, NULL, 0, NULL, &v);
	assert_int_equal(v.cls, DNSBL_NOT_LISTED);
	dnsbl_classify(&l, DNS_FAILURE, NULL, 0, "timeout after 5s", &v);
	assert_int_equal(v.cls, DNSBL_FAILED);
	assert_non_null(strstr(v.meaning, "timeout"));
}

static void
test_dnsbl_classify_spamhaus_codes(void **state)
{
	struct dnsbl_list l = list_for("spamhaus-zen");
	struct dnsbl_verdict v;
	uint32_t two[2] = { A(127, 0, 0, 2), A(127, 0, 0, 10) };
	(void)state;

	classify1(&l, A(127, 0, 0, 2), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_CRITICAL);
	assert_non_null(strstr(v.codes, "SBL"));
	classify1(&l, A(127, 0, 0, 4), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_non_null(strstr(v.codes, "XBL"));
	/* PBL is policy, not reputation */
	classify1(&l, A(127, 0, 0, 11), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_WARNING);
	assert_non_null(strstr(v.codes, "PBL"));
	/* several codes: the worst severity wins, all are named */
	dnsbl_classify(&l, DNS_DATA, two, 2, NULL, &v);
	assert_int_equal(v.severity, FINDING_CRITICAL);
	assert_non_null(strstr(v.codes, "SBL"));
	assert_non_null(strstr(v.codes, "PBL"));
}

static void
test_dnsbl_classify_errors_are_never_listings(void **state)
{
	struct dnsbl_list zen = list_for("spamhaus-zen");
	struct dnsbl_list dbl = list_for("spamhaus-dbl");
	struct dnsbl_list user = list_for(NULL);
	struct dnsbl_verdict v;
	uint32_t mixed[2] = { A(127, 0, 0, 2), A(127, 255, 255, 254) };
	(void)state;

	classify1(&zen, A(127, 255, 255, 254), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	assert_non_null(strstr(v.meaning, "resolver"));
	classify1(&zen, A(127, 255, 255, 252), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	classify1(&zen, A(127, 255, 255, 255), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	classify1(&dbl, A(127, 0, 1, 255), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	/* user lists get the well-known error codes too */
	classify1(&user, A(127, 255, 255, 254), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	classify1(&user, A(127, 0, 0, 1), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	/* NXDOMAIN rewritten into an ad server's address */
	classify1(&user, A(198, 51, 100, 7), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	assert_non_null(strstr(v.meaning, "127.0.0.0/8"));
	dnsbl_classify(&user, DNS_DATA, mixed, 2, NULL, &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	/* an undocumented code of a catalog list is not guessed at */
	classify1(&zen, A(127, 0, 0, 77), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	assert_non_null(strstr(v.meaning, "127.0.0.77"));
}

static void
test_dnsbl_classify_user_ranges_and_severity(void **state)
{
	struct dnsbl_list l = list_for(NULL);
	struct dnsbl_range r[1] = { { A(127, 0, 0, 2), A(127, 0, 0, 3) } };
	struct dnsbl_verdict v;
	(void)state;

	classify1(&l, A(127, 0, 0, 9), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_CRITICAL);
	l.listed = r;
	l.nlisted = 1;
	classify1(&l, A(127, 0, 0, 9), &v);
	assert_int_equal(v.cls, DNSBL_NOT_LISTED);
	classify1(&l, A(127, 0, 0, 3), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	l.severity = FINDING_WARNING;
	l.severity_set = true;
	classify1(&l, A(127, 0, 0, 3), &v);
	assert_int_equal(v.severity, FINDING_WARNING);
}

static void
test_dnsbl_classify_allow_list_hit_is_ok(void **state)
{
	struct dnsbl_list l = list_for(NULL);
	struct dnsbl_verdict v;
	(void)state;

	l.allow = true;
	classify1(&l, A(127, 0, 10, 2), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_OK);
}

static void
test_dnsbl_scrub_hides_key(void **state)
{
	struct dnsbl_list l = list_for(NULL);
	char buf[128];
	(void)state;

	l.secret = (char *)"s3cr3tkey";
	dnsbl_scrub(&l, "2.0.0.127.s3cr3tkey.zen.dq.example: s3cr3tkey",
	    buf, sizeof(buf));
	assert_null(strstr(buf, "s3cr3tkey"));
	assert_string_equal(buf, "2.0.0.127.<key>.zen.dq.example: <key>");
	/* truncation never leaves part of the key behind */
	dnsbl_scrub(&l, "ab s3cr3tkey", buf, 6);
	assert_null(strstr(buf, "s3cr"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dnsbl_classify_not_listed_and_failures),
		cmocka_unit_test(test_dnsbl_classify_spamhaus_codes),
		cmocka_unit_test(test_dnsbl_classify_errors_are_never_listings),
		cmocka_unit_test(test_dnsbl_classify_user_ranges_and_severity),
		cmocka_unit_test(test_dnsbl_classify_allow_list_hit_is_ok),
		cmocka_unit_test(test_dnsbl_scrub_hides_key),
	};
	return cmocka_run_group_tests_name("dnsbl_classify", tests, NULL, NULL);
}
