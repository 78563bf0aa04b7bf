/*
 * test_spf_record.c -- SPF record syntax and policy: terms, glued all,
 * terms after all, CIDR lengths, macros, +all/?all, ptr, length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/auth/spf_record.h"

static int
parse(const char *text, struct spf_record *rec, struct verdict *v)
{
	verdict_init(v);
	return spf_record_parse("example.com", text, rec, v);
}

static void
test_spf_record_good_record_counts_lookups(void **state)
{
	struct spf_record	 rec;
	struct verdict		 v;
	(void)state;

	assert_int_equal(parse("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a "
	    "mx:mail.example.com/24//64 include:_spf.example.net "
	    "exists:%{i}.x.example.com -all", &rec, &v), 0);
	assert_int_equal(v.state, FINDING_OK);
	assert_int_equal(rec.n, 7);
	assert_int_equal(rec.lookups, 4);
	assert_int_equal(rec.all, 6);
	assert_true(rec.v[5].has_macro);
	assert_int_equal(rec.v[6].qualifier, '-');
	assert_string_equal(rec.v[4].domain, "_spf.example.net");
	spf_record_free(&rec);
	verdict_free(&v);
}

static void
test_spf_record_permissive_all_is_critical(void **state)
{
	static const char *const recs[] = {
		"v=spf1 mx +all", "v=spf1 mx all", "v=spf1 mx ?all",
	};
	(void)state;

	for (size_t i = 0; i < 3; i++) {
		struct spf_record	 rec;
		struct verdict		 v;

		parse(recs[i], &rec, &v);
		assert_int_equal(v.state, FINDING_CRITICAL);
		assert_non_null(strstr(v.detail, "Fix: end the record with "
		    "~all or -all"));
		spf_record_free(&rec);
		verdict_free(&v);
	}
}

static void
test_spf_record_syntax_errors_are_permerror(void **state)
{
	static const struct {
		const char *text, *expect;
	} cases[] = {
		{ "v=spf1 ip4:192.0.2.1~all", "glued" },
		{ "v=spf1 ip4:192.0.2.0/33 -all", "not a valid ip4" },
		{ "v=spf1 ip6:2001:db8::/129 -all", "not a valid ip6" },
		{ "v=spf1 ip4:300.1.1.1 -all", "not a valid ip4" },
		{ "v=spf1 a/40 -all", "bad \"/40\"" },
		{ "v=spf1 mx//129 -all", "bad \"//129\"" },
		{ "v=spf1 inlcude:x.example -all", "unknown mechanism" },
		{ "v=spf1 include -all", "needs a domain" },
		{ "v=spf1 exists:%{z}.example.com -all", "not a valid domain or "
		    "macro" },
		{ "v=spf1 include:%{i.example.com -all", "macro" },
		{ "v=spf1 all:x", "unexpected" },
		{ "v=spf1 redirect=a.example redirect=b.example", "more than once" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct spf_record	 rec;
		struct verdict		 v;

		assert_int_equal(parse(cases[i].text, &rec, &v), -1);
		assert_int_equal(v.state, FINDING_CRITICAL);
		if (strstr(v.detail, cases[i].expect) == NULL)
			fail_msg("%s: expected \"%s\" in:\n%s", cases[i].text,
			    cases[i].expect, v.detail);
		assert_non_null(strstr(v.detail, "Fix: "));
		spf_record_free(&rec);
		verdict_free(&v);
	}
}

static void
test_spf_record_warnings(void **state)
{
	static const struct {
		const char *text, *expect;
	} cases[] = {
		{ "v=spf1 ptr -all", "deprecated" },
		{ "v=spf1 -all ip4:192.0.2.1", "never evaluated" },
		{ "v=spf1 ip4:192.0.2.1", "does not end with all" },
		{ "v=spf1 mx -all redirect=x.example", "both all and redirect" },
		{ "v=spf1 mx foo=bar -all", "unknown modifier" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct spf_record	 rec;
		struct verdict		 v;

		assert_int_equal(parse(cases[i].text, &rec, &v), 0);
		assert_int_equal(v.state, FINDING_WARNING);
		if (strstr(v.detail, cases[i].expect) == NULL)
			fail_msg("%s: expected \"%s\" in:\n%s", cases[i].text,
			    cases[i].expect, v.detail);
		spf_record_free(&rec);
		verdict_free(&v);
	}
}

static void
test_spf_record_long_record_warns(void **state)
{
	char			 text[600] = "v=spf1";
	struct spf_record	 rec;
	struct verdict		 v;
	(void)state;

	while (strlen(text) < 460)
		strcat(text, " ip4:192.0.2.1");
	strcat(text, " -all");
	parse(text, &rec, &v);
	assert_int_equal(v.state, FINDING_WARNING);
	assert_non_null(strstr(v.summary, "bytes"));
	spf_record_free(&rec);
	verdict_free(&v);
}

static void
test_spf_record_recognizes_records(void **state)
{
	bool m;
	(void)state;

	assert_true(spf_record_is_spf("v=spf1 -all", 11));
	assert_true(spf_record_is_spf("V=SPF1", 6));
	assert_false(spf_record_is_spf("v=spf10 -all", 12));
	assert_false(spf_record_is_spf(" v=spf1 -all", 12));
	assert_false(spf_record_is_spf("v=spf1-all", 10));
	assert_true(spf_macro_valid("%{ir}.%{v}._spf.%{d2}", false, &m));
	assert_true(m);
	/* The escapes are macros too: the text is not a literal name. */
	assert_true(spf_macro_valid("%%%_%-", false, &m));
	assert_true(m);
	assert_false(spf_macro_valid("%{c}", false, &m));
	assert_true(spf_macro_valid("%{c}", true, &m));
	assert_false(spf_macro_valid("%x", false, &m));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spf_record_good_record_counts_lookups),
		cmocka_unit_test(test_spf_record_permissive_all_is_critical),
		cmocka_unit_test(test_spf_record_syntax_errors_are_permerror),
		cmocka_unit_test(test_spf_record_warnings),
		cmocka_unit_test(test_spf_record_long_record_warns),
		cmocka_unit_test(test_spf_record_recognizes_records),
	};
	return cmocka_run_group_tests_name("spf_record", tests, NULL, NULL);
}
