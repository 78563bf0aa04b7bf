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

/* Hostkarma: white 127.0.0.1 is good news, extra age records are not errors. */
static void
test_dnsbl_classify_hostkarma_white_and_age(void **state)
{
	struct dnsbl_list l = list_for("hostkarma");
	struct dnsbl_verdict v;
	uint32_t black_age[2] = { A(127, 0, 0, 2), A(127, 0, 2, 1) };
	uint32_t white_age[2] = { A(127, 0, 0, 1), A(127, 0, 2, 3) };
	uint32_t brown_age[2] = { A(127, 0, 2, 2), A(127, 0, 0, 4) };
	(void)state;

	classify1(&l, A(127, 0, 0, 1), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_OK);
	assert_non_null(strstr(v.codes, "HOSTKARMA-WHITE"));
	dnsbl_classify(&l, DNS_DATA, black_age, 2, NULL, &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_CRITICAL);
	assert_non_null(strstr(v.codes, "HOSTKARMA-BLACK"));
	assert_non_null(strstr(v.codes, "HOSTKARMA-AGE"));
	dnsbl_classify(&l, DNS_DATA, white_age, 2, NULL, &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_OK);
	dnsbl_classify(&l, DNS_DATA, brown_age, 2, NULL, &v);
	assert_int_equal(v.severity, FINDING_WARNING);
	classify1(&l, A(127, 0, 0, 3), &v);
	assert_int_equal(v.severity, FINDING_OK);
	classify1(&l, A(127, 0, 0, 5), &v);
	assert_int_equal(v.severity, FINDING_OK);
	/* an undocumented code is still unknown, not a guess */
	classify1(&l, A(127, 0, 0, 6), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	/* on any other list 127.0.0.1 stays an error */
	l = list_for("spamcop");
	classify1(&l, A(127, 0, 0, 1), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
}

/* SURBL: bits decoded per list, middle octets ignored, 127.0.0.1 blocked. */
static void
test_dnsbl_classify_surbl_bitmask(void **state)
{
	struct dnsbl_list l = list_for("surbl");
	struct dnsbl_verdict v;
	(void)state;

	classify1(&l, A(127, 0, 0, 80), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_CRITICAL);
	assert_non_null(strstr(v.codes, "SURBL-MW+SURBL-ABUSE"));
	assert_non_null(strstr(v.meaning, "malware"));
	assert_non_null(strstr(v.meaning, "abuse"));
	assert_null(strstr(v.meaning, "several"));
	classify1(&l, A(127, 0, 0, 136), &v);
	assert_non_null(strstr(v.codes, "SURBL-PH+SURBL-CR"));
	/* reserved middle octets: ignored, not "undocumented" */
	classify1(&l, A(127, 0, 1, 8), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_non_null(strstr(v.codes, "SURBL-PH"));
	classify1(&l, A(127, 3, 4, 64), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	/* blocked query, with or without middle octets: unknown, never listed */
	classify1(&l, A(127, 0, 0, 1), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	assert_non_null(strstr(v.meaning, "blocked"));
	classify1(&l, A(127, 0, 2, 1), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	/* a retired bit alone names no list: unknown with the reason */
	classify1(&l, A(127, 0, 0, 32), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	assert_non_null(strstr(v.meaning, "127.0.0.32"));
	assert_null(strstr(v.meaning, "several"));
	/* next to a current list's bit it is noted and ignored */
	classify1(&l, A(127, 0, 0, 40), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_non_null(strstr(v.meaning, "bits 32"));
}

/* dnswl: the trust level and the category reach the finding's text. */
static void
test_dnsbl_classify_dnswl_trust_levels(void **state)
{
	struct dnsbl_list l = list_for("dnswl");
	struct dnsbl_verdict v;
	static const struct { uint8_t trust; const char *code, *word; } want[] = {
		{ 0, "DNSWL-NONE", "only avoid blocking" },
		{ 1, "DNSWL-LOW", "trust low" },
		{ 2, "DNSWL-MED", "trust medium" },
		{ 3, "DNSWL-HI", "trust high" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		classify1(&l, A(127, 0, 3, want[i].trust), &v);
		assert_int_equal(v.cls, DNSBL_LISTED);
		assert_int_equal(v.severity, FINDING_OK);
		assert_non_null(strstr(v.codes, want[i].code));
		assert_non_null(strstr(v.meaning, want[i].word));
		assert_non_null(strstr(v.meaning, "email service providers"));
	}
	classify1(&l, A(127, 0, 0, 255), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	classify1(&l, A(127, 0, 3, 9), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
}

/* Spamhaus ZRD's own error and the DBL codes it no longer documents. */
static void
test_dnsbl_classify_spamhaus_domain_codes(void **state)
{
	struct dnsbl_list zrd = list_for("spamhaus-zrd");
	struct dnsbl_list dbl = list_for("spamhaus-dbl");
	struct dnsbl_verdict v;
	(void)state;

	classify1(&zrd, A(127, 0, 2, 255), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	assert_non_null(strstr(v.meaning, "ZRD lists domain names only"));
	classify1(&zrd, A(127, 0, 2, 5), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	assert_int_equal(v.severity, FINDING_WARNING);
	classify1(&dbl, A(127, 0, 1, 50), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	classify1(&dbl, A(127, 0, 1, 3), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	classify1(&dbl, A(127, 0, 1, 106), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
}

/* A dead list that now lists everyone reads "listed" only for its code. */
static void
test_dnsbl_classify_dead_list_answers(void **state)
{
	struct dnsbl_list l = list_for("dsbl");
	struct dnsbl_verdict v;
	(void)state;

	classify1(&l, A(127, 0, 0, 2), &v);
	assert_int_equal(v.cls, DNSBL_LISTED);
	classify1(&l, A(127, 0, 0, 1), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	classify1(&l, A(127, 0, 0, 9), &v);
	assert_int_equal(v.cls, DNSBL_ERROR);
	dnsbl_classify(&l, DNS_FAILURE, NULL, 0, "timeout", &v);
	assert_int_equal(v.cls, DNSBL_FAILED);
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
		cmocka_unit_test(test_dnsbl_classify_hostkarma_white_and_age),
		cmocka_unit_test(test_dnsbl_classify_surbl_bitmask),
		cmocka_unit_test(test_dnsbl_classify_dnswl_trust_levels),
		cmocka_unit_test(test_dnsbl_classify_spamhaus_domain_codes),
		cmocka_unit_test(test_dnsbl_classify_dead_list_answers),
		cmocka_unit_test(test_dnsbl_scrub_hides_key),
	};
	return cmocka_run_group_tests_name("dnsbl_classify", tests, NULL, NULL);
}
