/*
 * test_spf_check.c -- RFC 7208 check_host() (spf_check.c) and macro
 * expansion (spf_macro.c) against a fixture zone: results, the lookup
 * and void limits as evaluation meets them, explanations, and macros.
 * (tests/integration/spf_suite.sh runs the whole RFC 7208 suite through
 * the command line against a real DNS server.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/auth/spf_check.h"
#include "probes/auth/spf_macro.h"
#include "tests/support/fakezone.h"

static const char *const zone[] = {
	"plain.example TXT v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all",
	"inc.example TXT v=spf1 include:plain.example ~all",
	/* ten lookups before the matching ip4: evaluation stops there */
	"ten.example TXT v=spf1 a a a a a a a a a a ip4:192.0.2.1 mx -all",
	"ten.example A 198.51.100.1",
	"eleven.example TXT v=spf1 a a a a a a a a a a a ip4:192.0.2.1 -all",
	"eleven.example A 198.51.100.1",
	"voids.example TXT v=spf1 a:n1.voids.example a:n2.voids.example "
	    "a:n3.voids.example ip4:192.0.2.1 -all",
	"exp.example TXT v=spf1 -all exp=why.exp.example",
	"why.exp.example TXT %{i} is not one of %{d}'s senders (%{l})",
	"macro.example TXT v=spf1 exists:%{ir}.%{l1r-}.q.macro.example -all",
	"1.2.0.192.bob.q.macro.example A 127.0.0.2",
	"down.example FAIL",
	"tmp.example TXT v=spf1 include:down.example -all",
	"syntax.example TXT v=spf1 ip4:192.0.2.1 -all foo=%x",
	NULL,
};

static struct spf_outcome
check(const char *ip, const char *domain, const char *sender)
{
	struct authdns		 ad;
	struct spf_request	 req = { .ip = ip, .domain = domain,
				    .sender = sender };
	struct spf_outcome	 o;

	fakezone_init(&ad, zone);
	assert_int_equal(spf_check_host(&ad, &req, &o), 0);
	return o;
}

static void
expect(const char *ip, const char *domain, const char *sender,
    enum spf_result want, const char *reason)
{
	struct spf_outcome o = check(ip, domain, sender);

	if (o.result != want || (reason && !strstr(o.reason, reason)))
		fail_msg("%s from %s: %s (%s), want %s%s%s", domain, ip,
		    spf_result_name(o.result), o.reason, spf_result_name(want),
		    reason ? " with " : "", reason ? reason : "");
}

static void
test_spf_check_results(void **state)
{
	(void)state;
	expect("192.0.2.9", "plain.example", NULL, SPF_PASS, "ip4:");
	expect("::ffff:192.0.2.9", "plain.example", NULL, SPF_PASS, NULL);
	expect("2001:db8::5", "plain.example", NULL, SPF_PASS, "ip6:");
	expect("198.51.100.9", "plain.example", NULL, SPF_FAIL, "-all");
	expect("198.51.100.9", "inc.example", NULL, SPF_SOFTFAIL, NULL);
	expect("192.0.2.9", "inc.example", NULL, SPF_PASS, NULL);
	expect("192.0.2.9", "nothing.example", NULL, SPF_NONE, NULL);
	expect("192.0.2.9", "tmp.example", NULL, SPF_TEMPERROR, NULL);
	/* a syntax error anywhere is permerror, even after a match */
	expect("192.0.2.1", "syntax.example", NULL, SPF_PERMERROR, "foo=%x");
	expect("192.0.2.1", "bad..example", NULL, SPF_NONE, NULL);
}

static void
test_spf_check_counts_lookups_as_evaluation_reaches_them(void **state)
{
	struct spf_outcome o;
	(void)state;

	o = check("192.0.2.1", "ten.example", NULL);
	assert_int_equal(o.result, SPF_PASS);
	assert_int_equal(o.lookups, 10);
	expect("192.0.2.1", "eleven.example", NULL, SPF_PERMERROR,
	    "more than 10 DNS-querying terms");
	expect("192.0.2.1", "voids.example", NULL, SPF_PERMERROR,
	    "more than 2 void lookups");
}

static void
test_spf_check_explains_a_fail(void **state)
{
	struct spf_outcome o;
	(void)state;

	o = check("192.0.2.7", "exp.example", "bob@exp.example");
	assert_int_equal(o.result, SPF_FAIL);
	assert_string_equal(o.explanation,
	    "192.0.2.7 is not one of exp.example's senders (bob)");
	o = check("192.0.2.7", "plain.example", NULL);
	assert_string_equal(o.explanation, "");
}

static void
test_spf_check_macros(void **state)
{
	struct spf_macro_env env = {
		.sender = "strong-bad@email.example.com", .local = "strong-bad",
		.sender_domain = "email.example.com",
		.domain = "email.example.com", .ip_dotted = "192.0.2.3",
		.ip_text = "192.0.2.3", .helo = "mx.example.org",
	};
	static const struct {
		const char *in, *out;
	} cases[] = {
		/* RFC 7208 §7.4's examples */
		{ "%{s}", "strong-bad@email.example.com" },
		{ "%{o}", "email.example.com" },
		{ "%{d2}", "example.com" },
		{ "%{d1}", "com" },
		{ "%{dr}", "com.example.email" },
		{ "%{d2r}", "example.email" },
		{ "%{l}", "strong-bad" },
		{ "%{l-}", "strong.bad" },
		{ "%{lr}", "strong-bad" },
		{ "%{lr-}", "bad.strong" },
		{ "%{l1r-}", "strong" },
		{ "%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com" },
		{ "%{S}", "strong-bad%40email.example.com" },
		{ "%%%_%-", "% %20" },
	};
	char out[300];
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(spf_macro_expand(cases[i].in, &env, false, out,
		    sizeof(out)), 0);
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].in,
			    out, cases[i].out);
	}
	assert_int_equal(spf_macro_expand("%{c}", &env, false, out,
	    sizeof(out)), -1);
	assert_int_equal(spf_macro_expand("%{c}", &env, true, out,
	    sizeof(out)), 0);
	assert_int_equal(spf_macro_expand("%{d0}", &env, false, out,
	    sizeof(out)), -1);
	/* %{l1r-}: the parts reversed, the rightmost kept: bob-x -> bob */
	expect("192.0.2.1", "macro.example", "bob-x@macro.example", SPF_PASS,
	    "exists:");
	expect("192.0.2.1", "macro.example", "x-bob@macro.example", SPF_FAIL,
	    NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spf_check_results),
		cmocka_unit_test(
		    test_spf_check_counts_lookups_as_evaluation_reaches_them),
		cmocka_unit_test(test_spf_check_explains_a_fail),
		cmocka_unit_test(test_spf_check_macros),
	};

	return cmocka_run_group_tests_name("spf_check", tests, NULL, NULL);
}
