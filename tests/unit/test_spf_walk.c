/*
 * test_spf_walk.c -- the include/redirect walk against a fixture zone:
 * a hand-counted tree (12 lookups, 2 void), too many void lookups, a
 * loop, an include without SPF, an mx with 11 hosts, a failing lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/auth/spf_walk.h"
#include "tests/support/fakezone.h"

static const char *const zone[] = {
	/*
	 * walk.example, counted by hand:
	 *   own terms: include:a, include:b, a, mx           4
	 *   a.walk.example: include:c                        1
	 *   c.walk.example: a:host, mx:walk.example, exists  3
	 *   b.walk.example: a:gone (void), ptr, include:d    3
	 *   d.walk.example: a:gone2 (void)                   1
	 *   total 12, void 2
	 */
	"walk.example TXT v=spf1 include:a.walk.example include:b.walk.example"
	    " a mx ip4:192.0.2.1 -all",
	"walk.example TXT google-site-verification=xyz",
	"walk.example A 192.0.2.1",
	"walk.example MX 10 mx.walk.example",
	"a.walk.example TXT v=spf1 include:c.walk.example ip4:192.0.2.2 ~all",
	"c.walk.example TXT v=spf1 a:host.walk.example mx:walk.example "
	    "exists:e.walk.example -all",
	"b.walk.example TXT v=spf1 a:gone.walk.example ptr "
	    "include:d.walk.example -all",
	"d.walk.example TXT v=spf1 a:gone2.walk.example -all",
	"host.walk.example A 192.0.2.3",
	"e.walk.example A 127.0.0.2",
	"void.example TXT v=spf1 a:n1.void.example a:n2.void.example "
	    "mx:n3.void.example -all",
	"loop.example TXT v=spf1 include:l2.loop.example -all",
	"l2.loop.example TXT v=spf1 include:loop.example -all",
	"noinc.example TXT v=spf1 include:nothing.example -all",
	"manymx.example TXT v=spf1 mx -all",
	"manymx.example MX 1 m1.manymx.example",
	"manymx.example MX 2 m2.manymx.example",
	"manymx.example MX 3 m3.manymx.example",
	"manymx.example MX 4 m4.manymx.example",
	"manymx.example MX 5 m5.manymx.example",
	"manymx.example MX 6 m6.manymx.example",
	"manymx.example MX 7 m7.manymx.example",
	"manymx.example MX 8 m8.manymx.example",
	"manymx.example MX 9 m9.manymx.example",
	"manymx.example MX 10 m10.manymx.example",
	"manymx.example MX 11 m11.manymx.example",
	"broken.example TXT v=spf1 include:fail.example -all",
	"fail.example FAIL",
	NULL
};

/* Walks the record published at domain in the fixture zone. */
static int
walk(const char *domain, const char *text, struct spf_walk *w,
    struct verdict *v)
{
	struct authdns	 ad;

	fakezone_init(&ad, zone);
	verdict_init(v);
	return spf_walk(&ad, domain, text, w, v);
}

static void
test_spf_walk_counts_hand_counted_tree(void **state)
{
	struct spf_walk	 w;
	struct verdict	 v;
	(void)state;

	assert_int_equal(walk("walk.example", zone[0] + 17, &w, &v), -1);
	assert_int_equal(w.lookups, 12);
	assert_int_equal(w.voids, 2);
	assert_int_equal(w.records, 5);
	assert_false(w.loop);
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_non_null(strstr(v.summary, "12 DNS lookups (limit 10)"));
	assert_non_null(strstr(v.detail, "starting with "
	    "include:a.walk.example"));
	/* The tree shows each branch's lookups, nested. */
	assert_non_null(strstr(v.detail, "\n  include:a.walk.example: 5 "
	    "lookups\n    include:c.walk.example: 4 lookups\n"
	    "  include:b.walk.example: 5 lookups\n"
	    "    include:d.walk.example: 2 lookups\n"));
	/* ptr inside an include is reported as deprecated. */
	assert_non_null(strstr(v.detail, "deprecated"));
	verdict_free(&v);
}

static void
test_spf_walk_void_lookups(void **state)
{
	struct spf_walk	 w;
	struct verdict	 v;
	(void)state;

	assert_int_equal(walk("void.example", "v=spf1 a:n1.void.example "
	    "a:n2.void.example mx:n3.void.example -all", &w, &v), -1);
	assert_int_equal(w.voids, 3);
	assert_int_equal(w.lookups, 3);
	assert_non_null(strstr(v.summary, "3 void lookups (limit 2)"));
	assert_non_null(strstr(v.detail, "Fix: remove the terms"));
	verdict_free(&v);
}

static void
test_spf_walk_loop_is_reported_not_followed(void **state)
{
	struct spf_walk	 w;
	struct verdict	 v;
	(void)state;

	assert_int_equal(walk("loop.example", "v=spf1 include:l2.loop.example "
	    "-all", &w, &v), -1);
	assert_true(w.loop);
	assert_int_equal(w.records, 2);
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_non_null(strstr(v.summary, "loops back to loop.example"));
	verdict_free(&v);
}

static void
test_spf_walk_include_without_spf(void **state)
{
	struct spf_walk	 w;
	struct verdict	 v;
	(void)state;

	walk("noinc.example", "v=spf1 include:nothing.example -all", &w, &v);
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_non_null(strstr(v.summary, "no SPF record"));
	assert_int_equal(w.voids, 1);
	verdict_free(&v);
}

static void
test_spf_walk_mx_with_eleven_hosts(void **state)
{
	struct spf_walk	 w;
	struct verdict	 v;
	(void)state;

	walk("manymx.example", "v=spf1 mx -all", &w, &v);
	assert_int_equal(v.state, FINDING_CRITICAL);
	assert_non_null(strstr(v.summary, "11 MX hosts"));
	verdict_free(&v);
}

static void
test_spf_walk_failure_is_unknown(void **state)
{
	struct spf_walk	 w;
	struct verdict	 v;
	(void)state;

	walk("broken.example", "v=spf1 include:fail.example -all", &w, &v);
	assert_int_equal(v.state, FINDING_UNKNOWN);
	assert_true(w.unknown);
	assert_non_null(strstr(v.summary, "lookup failed"));
	verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spf_walk_counts_hand_counted_tree),
		cmocka_unit_test(test_spf_walk_void_lookups),
		cmocka_unit_test(test_spf_walk_loop_is_reported_not_followed),
		cmocka_unit_test(test_spf_walk_include_without_spf),
		cmocka_unit_test(test_spf_walk_mx_with_eleven_hosts),
		cmocka_unit_test(test_spf_walk_failure_is_unknown),
	};
	return cmocka_run_group_tests_name("spf_walk", tests, NULL, NULL);
}
