/*
 * test_auth_lab.c -- the authentication probes against the lab's real
 * servers (tests/lab/zones/auth.test.zone, authorg.test.zone,
 * 113.0.203.in-addr.arpa.zone) through the resolver layer forwarding to
 * LAB_RESOLVER. Each case asserts the finding's state, a phrase of what
 * was found, and that the detail names the fix. The SPF lookup count is
 * checked against the tree counted by hand in auth.test.zone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "probes/auth/auth.h"
#include "tests/support/labenv.h"

static struct dns_resolver *lab;

static int
setup(void **state)
{
	(void)state;
	lab = lab_resolver(lab_env("LAB_RESOLVER"), 3000, NULL, NULL);
	return lab == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	dns_resolver_free(lab);
	return 0;
}

struct lab_case {
	enum auth_probe		 probe;
	const char		*target;
	const char		*key;
	enum finding_state	 state;
	const char		*phrase;	/* in the summary or detail */
};

/* Runs the case's probe; checks state, phrase and the fix. */
static void
run_case(const struct lab_case *c, const struct auth_opts *o)
{
	struct finding_list	 l = { 0 };
	struct authdns		 ad;
	const struct finding	*f = NULL;
	char			 all[16384];

	authdns_from_resolver(&ad, lab);
	assert_int_equal(auth_probe_one(&ad, c->probe, o, c->target, &l,
	    NULL), 0);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].key, c->key) == 0)
			f = &l.v[i];
	if (f == NULL)
		fail_msg("%s: no finding %s", c->target, c->key);
	snprintf(all, sizeof(all), "%s\n%s", f->summary, f->detail ?
	    f->detail : "");
	if (f->state != c->state || strstr(all, c->phrase) == NULL)
		fail_msg("%s: %s (want %s) and \"%s\" in:\n%s", c->key,
		    finding_state_name(f->state), finding_state_name(c->state),
		    c->phrase, all);
	if (c->state == FINDING_WARNING || c->state == FINDING_CRITICAL)
		if (strstr(all, "Fix: ") == NULL)
			fail_msg("%s: the detail names no fix:\n%s", c->key, all);
	finding_list_free(&l);
}

static void
run_cases(const struct lab_case *c, size_t n, const struct auth_opts *o)
{
	for (size_t i = 0; i < n; i++)
		run_case(&c[i], o);
}

static void
test_auth_lab_spf(void **state)
{
	static const struct lab_case cases[] = {
		{ AUTH_SPF, "good.auth.test", "spf/good.auth.test", FINDING_OK,
		    "2 of 10 DNS lookups" },
		/* spf-none */
		{ AUTH_SPF, "nospf.auth.test", "spf/nospf.auth.test",
		    FINDING_WARNING, "has no SPF record" },
		/* spf-one-record */
		{ AUTH_SPF, "twospf.auth.test", "spf/twospf.auth.test",
		    FINDING_CRITICAL, "2 SPF records" },
		/* spf-all-permissive */
		{ AUTH_SPF, "plusall.auth.test", "spf/plusall.auth.test",
		    FINDING_CRITICAL, "allows every host" },
		{ AUTH_SPF, "qall.auth.test", "spf/qall.auth.test",
		    FINDING_CRITICAL, "says nothing about other hosts" },
		/* spf-syntax */
		{ AUTH_SPF, "glued.auth.test", "spf/glued.auth.test",
		    FINDING_CRITICAL, "~all is glued" },
		/* spf-ptr */
		{ AUTH_SPF, "ptrmech.auth.test", "spf/ptrmech.auth.test",
		    FINDING_WARNING, "deprecated" },
		/* spf-not-a-record */
		{ AUTH_SPF, "spf10.auth.test", "spf/spf10.auth.test",
		    FINDING_WARNING, "is not an SPF record" },
		/* spf-length */
		{ AUTH_SPF, "longspf.auth.test", "spf/longspf.auth.test",
		    FINDING_WARNING, "Records over 450 bytes" },
		/* spf-type99 */
		{ AUTH_SPF, "type99.auth.test", "spf/type99.auth.test",
		    FINDING_WARNING, "type-99" },
		/* spf-void-limit */
		{ AUTH_SPF, "voids.auth.test", "spf/voids.auth.test",
		    FINDING_CRITICAL, "3 void lookups (limit 2)" },
		/* spf-term-void */
		{ AUTH_SPF, "deadterms.auth.test", "spf/deadterms.auth.test",
		    FINDING_WARNING, "SPF \"a:old.deadterms.auth.test\" (in "
		    "deadterms.auth.test) matches nothing: "
		    "old.deadterms.auth.test has no A or AAAA records" },
		{ AUTH_SPF, "deadterms.auth.test", "spf/deadterms.auth.test",
		    FINDING_WARNING, "SPF \"mx:deadterms.auth.test\" (in "
		    "deadterms.auth.test) matches nothing: deadterms.auth.test "
		    "has no MX records" },
		/* spf-loop */
		{ AUTH_SPF, "loop.auth.test", "spf/loop.auth.test",
		    FINDING_CRITICAL, "loops back to loop.auth.test" },
	};
	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);
}

static void
test_auth_lab_spf_counts_hand_counted_tree(void **state)
{
	/* spf-lookup-limit */
	static const struct lab_case c = { AUTH_SPF, "lookups11.auth.test",
	    "spf/lookups11.auth.test", FINDING_CRITICAL,
	    "needs 11 DNS lookups (limit 10)" };
	struct finding_list	 l = { 0 };
	struct authdns		 ad;
	struct spf_probe_result	 r;
	(void)state;

	run_case(&c, NULL);
	authdns_from_resolver(&ad, lab);
	assert_int_equal(auth_probe_one(&ad, AUTH_SPF, NULL,
	    "lookups11.auth.test", &l, &r), 0);
	assert_int_equal(r.lookups, 11);
	assert_int_equal(r.voids, 0);
	/* Per-branch counts, as counted in the zone file's comment. */
	assert_non_null(strstr(l.v[0].detail,
	    "  include:i1.lookups11.auth.test: 6 lookups\n"
	    "    include:i3.lookups11.auth.test: 4 lookups\n"
	    "  include:i2.lookups11.auth.test: 3 lookups\n"));
	finding_list_free(&l);
}

static void
test_auth_lab_spf_senders(void **state)
{
	static const char *const ips[] = { "198.51.100.5", "203.0.113.9",
	    "192.0.2.200" };
	static const struct auth_opts o = { .senders = ips, .nsenders = 3 };
	static const struct lab_case cases[] = {
		{ AUTH_SPF, "good.auth.test",
		    "spf-sender/good.auth.test/198.51.100.5", FINDING_OK,
		    "passes" },
		/* through include:_spf.good.auth.test */
		{ AUTH_SPF, "good.auth.test",
		    "spf-sender/good.auth.test/203.0.113.9", FINDING_OK,
		    "passes" },
		/* spf-sender */
		{ AUTH_SPF, "good.auth.test",
		    "spf-sender/good.auth.test/192.0.2.200", FINDING_CRITICAL,
		    "fail" },
		/*
		 * RFC 7208 counts lookups as evaluation reaches the terms:
		 * the tree has 11, but exists:h in i3 matches every client
		 * at the 5th, so senders pass (spf/ still warns of the 11).
		 */
		{ AUTH_SPF, "lookups11.auth.test",
		    "spf-sender/lookups11.auth.test/198.51.100.5",
		    FINDING_OK, "passes" },
		/* include loop: evaluation meets the 11th lookup. */
		{ AUTH_SPF, "loop.auth.test",
		    "spf-sender/loop.auth.test/198.51.100.5",
		    FINDING_CRITICAL, "permerror (more than 10 DNS-querying" },
	};
	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), &o);
}

static void
test_auth_lab_dkim(void **state)
{
	static const char *const sels[] = { "k512", "k1024", "k2048", "ked",
	    "revoked", "testing", "badb64", "cname", "absent" };
	static const struct auth_opts o = { .dkim_selectors = sels,
	    .ndkim_selectors = 9 };
	static const struct lab_case cases[] = {
		/* dkim-rsa-size */
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/k512",
		    FINDING_CRITICAL, "only 512 bits" },
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/k1024",
		    FINDING_WARNING, "RSA key is 1024 bits" },
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/k2048",
		    FINDING_OK, "RSA key, 2048 bits" },
		/* dkim-ed25519 */
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/ked",
		    FINDING_OK, "Ed25519 key" },
		/* dkim-revoked */
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/revoked",
		    FINDING_WARNING, "key revoked (empty p=)" },
		/* dkim-testing */
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/testing",
		    FINDING_WARNING, "t=y" },
		/* dkim-base64 */
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/badb64",
		    FINDING_CRITICAL, "not valid base64" },
		/* dkim-cname */
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/cname",
		    FINDING_WARNING, "CNAME to key1.keys.authorg.test" },
		/* dkim-missing */
		{ AUTH_DKIM, "dkim.auth.test", "dkim/dkim.auth.test/absent",
		    FINDING_CRITICAL, "no DKIM key at "
		    "absent._domainkey.dkim.auth.test" },
	};
	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), &o);
}

static void
test_auth_lab_dkim_retired_and_discovery(void **state)
{
	static const char *const sels[] = { "revoked" };
	static const struct auth_opts o = { .dkim_selectors = sels,
	    .ndkim_selectors = 1, .dkim_retired = sels, .ndkim_retired = 1 };
	/* dkim-revoked */
	static const struct lab_case retired = { AUTH_DKIM, "dkim.auth.test",
	    "dkim/dkim.auth.test/revoked", FINDING_OK, "retired selector" };
	static const struct lab_case found = { AUTH_DKIM, "dkim.auth.test",
	    "dkim/dkim.auth.test", FINDING_OK, "dkim.auth.test: google" };
	static const struct lab_case none = { AUTH_DKIM, "nospf.auth.test",
	    "dkim/nospf.auth.test", FINDING_WARNING, "does not exist" };
	(void)state;

	run_case(&retired, &o);
	run_case(&found, NULL);
	run_case(&none, NULL);
}

static void
test_auth_lab_dmarc(void **state)
{
	static const struct lab_case cases[] = {
		{ AUTH_DMARC, "good.auth.test", "dmarc/good.auth.test",
		    FINDING_OK, "p=reject" },
		{ AUTH_DMARC, "dnone.auth.test", "dmarc/dnone.auth.test",
		    FINDING_WARNING, "p=none: monitoring only" },
		/* dmarc-several */
		{ AUTH_DMARC, "dtwo.auth.test", "dmarc/dtwo.auth.test",
		    FINDING_CRITICAL, "2 DMARC records" },
		/* dmarc-spf-at-dmarc */
		{ AUTH_DMARC, "dspf.auth.test", "dmarc/dspf.auth.test",
		    FINDING_CRITICAL, "an SPF record is published at "
		    "_dmarc.dspf.auth.test" },
		/* dmarc-apex */
		{ AUTH_DMARC, "dapex.auth.test", "dmarc/dapex.auth.test",
		    FINDING_CRITICAL, "move it to _dmarc.dapex.auth.test" },
		{ AUTH_DMARC, "ddup.auth.test", "dmarc/ddup.auth.test",
		    FINDING_CRITICAL, "repeated tags in the DMARC record: p" },
		{ AUTH_DMARC, "ruaok.auth.test", "dmarc/ruaok.auth.test",
		    FINDING_OK, "external destination authorized by "
		    "ruaok.auth.test._report._dmarc.authorg.test" },
		/* dmarc-rua-external */
		{ AUTH_DMARC, "ruano.auth.test", "dmarc/ruano.auth.test",
		    FINDING_WARNING, "reports will not be sent" },
		/* dmarc-aspf-include */
		{ AUTH_DMARC, "strict.auth.test", "dmarc/strict.auth.test",
		    FINDING_WARNING, "aspf=s, but the SPF record includes "
		    "_spf.authorg.test" },
		/* dmarc-org-fallback */
		{ AUTH_DMARC, "sub.authorg.test", "dmarc/sub.authorg.test",
		    FINDING_OK, "organizational domain's policy applies, "
		    "sp=quarantine" },
		/* dmarc-missing */
		{ AUTH_DMARC, "nospf.auth.test", "dmarc/nospf.auth.test",
		    FINDING_CRITICAL, "no DMARC record for nospf.auth.test" },
	};
	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);
}

/*
 * The DNS-dependent DMARC checks of issue 20; the comment before each
 * case is its id in README's authentication table.
 */
static void
test_auth_lab_dmarc_placement_and_destinations(void **state)
{
	static const struct lab_case cases[] = {
		/* dmarc-near-miss */
		{ AUTH_DMARC, "dspace.auth.test", "dmarc/dspace.auth.test",
		    FINDING_CRITICAL, "the TXT record at _dmarc.dspace.auth.test "
		    "is not a DMARC record: it starts with a space before "
		    "v=DMARC1" },
		/* dmarc-apex */
		{ AUTH_DMARC, "dapex2.auth.test", "dmarc/dapex2.auth.test",
		    FINDING_WARNING, "a second DMARC record is published at "
		    "dapex2.auth.test itself" },
		/* dmarc-p-missing */
		{ AUTH_DMARC, "dnop.auth.test", "dmarc/dnop.auth.test",
		    FINDING_WARNING, "no p= tag: the record is read as p=none" },
		/* dmarc-sp-invalid */
		{ AUTH_DMARC, "dsp.auth.test", "dmarc/dsp.auth.test",
		    FINDING_CRITICAL, "sp=\"invalid\" is not valid" },
		/* dmarc-rua-mx */
		{ AUTH_DMARC, "ruanomx.auth.test", "dmarc/ruanomx.auth.test",
		    FINDING_WARNING, "rua destination nomx.auth.test has no MX "
		    "records" },
		/* dmarc-rua-auth-other-txt */
		{ AUTH_DMARC, "ruamixed.auth.test", "dmarc/ruamixed.auth.test",
		    FINDING_WARNING, "has 1 other TXT record beside v=DMARC1" },
	};
	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);
}

static void
test_auth_lab_mx(void **state)
{
	static const struct lab_case cases[] = {
		{ AUTH_MX, "good.auth.test", "mx/good.auth.test", FINDING_OK,
		    "MX 10 mx.good.auth.test" },
		/* mx-null */
		{ AUTH_MX, "nullmx.auth.test", "mx/nullmx.auth.test",
		    FINDING_WARNING, "this domain accepts no mail" },
		/* mx-cname */
		{ AUTH_MX, "mxcname.auth.test", "mx/mxcname.auth.test",
		    FINDING_CRITICAL, "is a CNAME (to mx.good.auth.test)" },
		/* mx-ip-literal */
		{ AUTH_MX, "mxip.auth.test", "mx/mxip.auth.test",
		    FINDING_CRITICAL, "IP address literal" },
		/* mx-no-address */
		{ AUTH_MX, "mxnoaddr.auth.test", "mx/mxnoaddr.auth.test",
		    FINDING_CRITICAL, "has no address" },
		/* mx-none */
		{ AUTH_MX, "nospf.auth.test", "mx/nospf.auth.test",
		    FINDING_WARNING, "has no MX records" },
		/* mx-exchange-syntax */
		{ AUTH_MX, "mxbadname.auth.test", "mx/mxbadname.auth.test",
		    FINDING_CRITICAL, "MX exchange \"mx_1.mxbadname.auth.test\" "
		    "of mxbadname.auth.test is not a host name" },
		/* mx-null-preference */
		{ AUTH_MX, "mxtenroot.auth.test", "mx/mxtenroot.auth.test",
		    FINDING_WARNING, "MX 10 . of mxtenroot.auth.test is not a "
		    "null MX: RFC 7505 §3 requires preference 0" },
		/* mx-null-mixed */
		{ AUTH_MX, "nullmixed.auth.test", "mx/nullmixed.auth.test",
		    FINDING_CRITICAL, "publishes a null MX next to other MX "
		    "records" },
		/* mx-one-dead */
		{ AUTH_MX, "mxonedead.auth.test", "mx/mxonedead.auth.test",
		    FINDING_WARNING, "MX host gone.mxonedead.auth.test of "
		    "mxonedead.auth.test has no address" },
	};
	(void)state;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);
}

static void
test_auth_lab_ptr(void **state)
{
	static const struct auth_opts helo = { .helo = "mail.good.auth.test" };
	static const struct auth_opts badhelo = { .helo = "smtp.auth.test" };
	static const struct lab_case good = { AUTH_PTR, "203.0.113.10",
	    "ptr/203.0.113.10", FINDING_OK, "forward-confirmed" };
	/* ptr-helo */
	static const struct lab_case mismatch = { AUTH_PTR, "203.0.113.10",
	    "ptr/203.0.113.10", FINDING_WARNING, "HELO name smtp.auth.test" };
	static const struct lab_case cases[] = {
		/* ptr-missing */
		{ AUTH_PTR, "203.0.113.11", "ptr/203.0.113.11",
		    FINDING_CRITICAL, "550-5.7.25" },
		/* ptr-forward */
		{ AUTH_PTR, "203.0.113.12", "ptr/203.0.113.12",
		    FINDING_CRITICAL, "does not resolve back" },
		/* ptr-generic */
		{ AUTH_PTR, "203.0.113.13", "ptr/203.0.113.13",
		    FINDING_WARNING, "looks generic" },
		/* ptr-several */
		{ AUTH_PTR, "203.0.113.14", "ptr/203.0.113.14",
		    FINDING_WARNING, "2 PTR records" },
		/* IPv6: nibble reverse name, AAAA back (lab.test zones) */
		{ AUTH_PTR, "2001:db8::10", "ptr/2001:db8::10", FINDING_OK,
		    "2001:db8::10 -> mail6.lab.test (forward-confirmed)" },
	};
	(void)state;

	run_case(&good, &helo);
	run_case(&mismatch, &badhelo);
	run_cases(cases, sizeof(cases) / sizeof(cases[0]), NULL);
}

static void
test_auth_lab_dnssec_status(void **state)
{
	static const struct lab_case secure = { AUTH_SPF, "secure.lab.test",
	    "spf/secure.lab.test", FINDING_OK, "DNSSEC: validated" };
	static const struct lab_case bogus = { AUTH_SPF, "bogus.lab.test",
	    "spf/bogus.lab.test", FINDING_UNKNOWN, "TXT lookup for "
	    "bogus.lab.test failed" };
	struct dns_resolver *plain = lab;
	(void)state;

	/* With the lab's trust anchors, answers carry their DNSSEC state. */
	lab = lab_resolver(lab_env("LAB_RESOLVER"), 3000,
	    lab_env_or_skip("LAB_TRUST_ANCHOR"), NULL);
	run_case(&secure, NULL);
	run_case(&bogus, NULL);
	dns_resolver_free(lab);
	lab = plain;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_lab_spf),
		cmocka_unit_test(test_auth_lab_spf_counts_hand_counted_tree),
		cmocka_unit_test(test_auth_lab_spf_senders),
		cmocka_unit_test(test_auth_lab_dkim),
		cmocka_unit_test(test_auth_lab_dkim_retired_and_discovery),
		cmocka_unit_test(test_auth_lab_dmarc),
		cmocka_unit_test(test_auth_lab_dmarc_placement_and_destinations),
		cmocka_unit_test(test_auth_lab_mx),
		cmocka_unit_test(test_auth_lab_ptr),
		cmocka_unit_test(test_auth_lab_dnssec_status),
	};
	return cmocka_run_group_tests_name("auth_lab", tests, setup, teardown);
}
