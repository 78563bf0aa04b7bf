/*
 * test_auth_probes.c -- the DMARC, DKIM, PTR, MX and SPF probes against a
 * fixture zone: each case's finding state and that the detail names the
 * fix. SPF sender results come from our RFC 7208 check_host(), fed by
 * the same zone. (tests/integration/test_auth_lab.c runs the same kinds
 * of cases against the lab's real servers.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "probes/auth/auth.h"
#include "probes/auth/ptr.h"
#include "probes/auth/spf_check.h"
#include "tests/support/fakezone.h"

static char *key2048_line;	/* "sel._domainkey... TXT v=DKIM1; p=..." */

static const char *zone[] = {
	/* DMARC */
	/* two rua URIs: a third would be warned about (RFC 7489 §6.2) */
	"_dmarc.good.example TXT v=DMARC1; p=reject; "
	    "rua=mailto:x@reports.example.net,mailto:y@other.example.org",
	"good.example._report._dmarc.reports.example.net TXT v=DMARC1",
	"_dmarc.none.example TXT v=DMARC1; p=none; rua=mailto:d@none.example",
	"_dmarc.two.example TXT v=DMARC1; p=reject",
	"_dmarc.two.example TXT v=DMARC1; p=none",
	"_dmarc.spfat.example TXT v=spf1 -all",
	"_dmarc.spfat.example TXT v=DMARC1; p=reject; "
	    "rua=mailto:d@spfat.example",
	"apex.example TXT v=DMARC1; p=reject",
	"_dmarc.org.example TXT v=DMARC1; p=reject; sp=quarantine; "
	    "rua=mailto:d@org.example",
	"sub.org.example A 192.0.2.7",
	/* report destinations receive mail (a rua domain without MX is
	 * warned about, see dmarc_uri.c) */
	"org.example MX 10 mx.good.example",
	"reports.example.net MX 10 mx.good.example",
	"other.example.org MX 10 mx.good.example",
	"none.example MX 10 mx.good.example",
	"spfat.example MX 10 mx.good.example",
	"strict.example MX 10 mx.good.example",
	"relaxed.example MX 10 mx.good.example",
	"_dmarc.fail.example FAIL",
	"strict.example TXT v=spf1 include:spf.esp.example -all",
	"_dmarc.strict.example TXT v=DMARC1; p=reject; aspf=s; "
	    "rua=mailto:d@strict.example",
	"relaxed.example TXT v=spf1 include:spf.esp.example -all",
	"_dmarc.relaxed.example TXT v=DMARC1; p=reject; "
	    "rua=mailto:d@relaxed.example",
	/* PTR */
	"10.2.0.192.in-addr.arpa PTR mail.good.example",
	"mail.good.example A 192.0.2.10",
	"11.2.0.192.in-addr.arpa PTR nowhere.good.example",
	"12.2.0.192.in-addr.arpa PTR a.good.example",
	"12.2.0.192.in-addr.arpa PTR b.good.example",
	"a.good.example A 192.0.2.12",
	"13.2.0.192.in-addr.arpa PTR 13-2-0-192.dsl.isp.example",
	"13-2-0-192.dsl.isp.example A 192.0.2.13",
	/* MX */
	"good.example MX 10 mx.good.example",
	"mx.good.example A 192.0.2.25",
	"null.example MX 0 .",
	"cname.example MX 10 alias.cname.example",
	"alias.cname.example CNAME mx.good.example",
	"literal.example MX 10 192.0.2.25",
	"noaddr.example MX 10 gone.noaddr.example",
	/* SPF */
	"good.example TXT v=spf1 ip4:192.0.2.0/28 mx -all",
	"good.example TXT some-verification=1",
	"twospf.example TXT v=spf1 -all",
	"twospf.example TXT v=spf1 mx -all",
	"near.example TXT  v=spf1 -all",
	"near.example TXT v=spf10 -all",
	"t99.example TXT v=spf1 -all",
	"t99.example SPF v=spf1 -all",
	"split.example TXT v=spf1 ip4:192.0.2.1|  -all",
	/* one character-string over 255 bytes (a zone-file mistake) */
	"bigstr.example TXT v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 "
	    "ip4:192.0.2.3 ip4:192.0.2.4 ip4:192.0.2.5 ip4:192.0.2.6 "
	    "ip4:192.0.2.7 ip4:192.0.2.8 ip4:192.0.2.9 ip4:192.0.2.10 "
	    "ip4:192.0.2.11 ip4:192.0.2.12 ip4:192.0.2.13 ip4:192.0.2.14 "
	    "ip4:192.0.2.15 ip4:192.0.2.16 ip4:192.0.2.17 ip4:192.0.2.18 "
	    "ip4:192.0.2.19 ip4:192.0.2.20 ip4:192.0.2.21 ip4:192.0.2.22 "
	    "ip4:192.0.2.23 ip4:192.0.2.24 -all",
	NULL, /* DKIM key line goes here */
	"s2._domainkey.good.example TXT v=DKIM1; k=rsa; p=",
	"dk._domainkey.good.example CNAME s3._domainkey.provider.example",
	"s3._domainkey.provider.example TXT v=DKIM1; k=rsa; p=!!!!",
	"google._domainkey.found.example TXT v=DKIM1; p=",
	"found.example A 192.0.2.1",
	NULL
};

static int
setup(void **state)
{
	EVP_PKEY	*pk = EVP_RSA_gen(2048);
	unsigned char	*der = NULL;
	int		 len = i2d_PUBKEY(pk, &der);
	char		*b64 = malloc((size_t)len * 2);
	size_t		 i;
	(void)state;

	EVP_EncodeBlock((unsigned char *)b64, der, len);
	if (asprintf(&key2048_line, "s1._domainkey.good.example TXT "
	    "v=DKIM1; k=rsa; p=%s", b64) < 0)
		return -1;
	for (i = 0; zone[i] != NULL; i++)
		;
	zone[i] = key2048_line;
	OPENSSL_free(der);
	EVP_PKEY_free(pk);
	free(b64);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(key2048_line);
	return 0;
}

/* Runs one probe; returns the finding with key (asserting it exists). */
static const struct finding *
run(struct finding_list *l, enum auth_probe p, const struct auth_opts *o,
    const char *target, const char *key)
{
	struct authdns	 ad;

	fakezone_init(&ad, (const char *const *)zone);
	assert_int_equal(auth_probe_one(&ad, p, o, target, l, NULL), 0);
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	fail_msg("no finding %s", key);
	return NULL;
}

/* The finding's state and a phrase its summary or detail must hold. */
static void
expect(const struct finding *f, enum finding_state st, const char *phrase)
{
	char all[8192];

	snprintf(all, sizeof(all), "%s\n%s", f->summary, f->detail ?
	    f->detail : "");
	if (f->state != st || strstr(all, phrase) == NULL)
		fail_msg("%s: state %s (want %s), want \"%s\" in:\n%s", f->key,
		    finding_state_name(f->state), finding_state_name(st),
		    phrase, all);
	if (st != FINDING_OK && st != FINDING_UNKNOWN &&
	    strstr(all, "Fix: ") == NULL)
		fail_msg("%s: no fix in:\n%s", f->key, all);
}

/* A domain probe's case: its state and a phrase of the finding. */
struct domain_case {
	const char		*domain;
	enum finding_state	 st;
	const char		*phrase;
};

/* Runs probe for each case and checks the finding "<prefix>/<domain>". */
static void
run_domain_cases(enum auth_probe probe, const char *prefix,
    const struct domain_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct finding_list l = { 0 };
		char key[200];

		snprintf(key, sizeof(key), "%s/%s", prefix, cases[i].domain);
		expect(run(&l, probe, NULL, cases[i].domain, key),
		    cases[i].st, cases[i].phrase);
		finding_list_free(&l);
	}
}

static void
test_auth_dmarc_cases(void **state)
{
	static const struct domain_case cases[] = {
		{ "none.example", FINDING_WARNING, "p=none" },
		{ "two.example", FINDING_CRITICAL, "2 DMARC records" },
		{ "spfat.example", FINDING_CRITICAL, "SPF record is published "
		    "at _dmarc.spfat.example" },
		{ "apex.example", FINDING_CRITICAL, "move it to "
		    "_dmarc.apex.example" },
		{ "sub.org.example", FINDING_OK, "organizational domain's "
		    "policy applies, sp=quarantine" },
		{ "nothing.example", FINDING_CRITICAL, "no DMARC record" },
		{ "strict.example", FINDING_WARNING, "aspf=s, but the SPF "
		    "record includes spf.esp.example" },
		{ "relaxed.example", FINDING_OK, "strict alignment, aspf=s, "
		    "would need exactly relaxed.example" },
		{ "fail.example", FINDING_UNKNOWN, "failed" },
	};
	(void)state;

	run_domain_cases(AUTH_DMARC, "dmarc", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

static void
test_auth_dmarc_external_report_authorization(void **state)
{
	struct finding_list	 l = { 0 };
	const struct finding	*f;
	(void)state;

	f = run(&l, AUTH_DMARC, NULL, "good.example", "dmarc/good.example");
	/* reports.example.net authorizes; other.example.org does not. */
	expect(f, FINDING_WARNING, "reports will not be sent");
	assert_non_null(strstr(f->detail, "mailto:x@reports.example.net: "
	    "external destination authorized by good.example._report."
	    "_dmarc.reports.example.net"));
	assert_non_null(strstr(f->summary, "mailto:y@other.example.org"));
	finding_list_free(&l);
}

static void
test_auth_dkim_cases(void **state)
{
	static const char *const sels[] = { "s1", "s2", "dk", "missing" };
	static const char *const retired[] = { "s2" };
	struct auth_opts	 o = { .dkim_selectors = sels,
	    .ndkim_selectors = 4 };
	struct finding_list	 l = { 0 };
	(void)state;

	expect(run(&l, AUTH_DKIM, &o, "good.example", "dkim/good.example/s1"),
	    FINDING_OK, "RSA key, 2048 bits");
	expect(run(&l, AUTH_DKIM, &o, "good.example", "dkim/good.example/s2"),
	    FINDING_WARNING, "revoked");
	expect(run(&l, AUTH_DKIM, &o, "good.example", "dkim/good.example/dk"),
	    FINDING_CRITICAL, "CNAME to s3._domainkey.provider.example");
	expect(run(&l, AUTH_DKIM, &o, "good.example",
	    "dkim/good.example/missing"), FINDING_CRITICAL, "no DKIM key");
	finding_list_free(&l);
	o.dkim_retired = retired;
	o.ndkim_retired = 1;
	expect(run(&l, AUTH_DKIM, &o, "good.example", "dkim/good.example/s2"),
	    FINDING_OK, "retired selector");
	finding_list_free(&l);
}

static void
test_auth_dkim_discovery(void **state)
{
	struct finding_list	 l = { 0 };
	(void)state;

	expect(run(&l, AUTH_DKIM, NULL, "found.example", "dkim/found.example"),
	    FINDING_OK, "found.example: google");
	expect(run(&l, AUTH_DKIM, NULL, "found.example",
	    "dkim/found.example/google"), FINDING_WARNING, "revoked");
	finding_list_free(&l);
	expect(run(&l, AUTH_DKIM, NULL, "none.example", "dkim/none.example"),
	    FINDING_WARNING, "does not exist (NXDOMAIN)");
	finding_list_free(&l);
}

static void
test_auth_ptr_cases(void **state)
{
	static const struct {
		const char *ip, *helo;
		enum finding_state st;
		const char *phrase;
	} cases[] = {
		{ "192.0.2.10", "mail.good.example", FINDING_OK,
		    "forward-confirmed" },
		{ "192.0.2.10", "smtp.good.example", FINDING_WARNING,
		    "HELO name smtp.good.example" },
		{ "192.0.2.99", NULL, FINDING_CRITICAL, "550-5.7.25" },
		{ "192.0.2.11", NULL, FINDING_CRITICAL, "does not resolve back" },
		{ "192.0.2.12", NULL, FINDING_WARNING, "2 PTR records" },
		{ "192.0.2.13", NULL, FINDING_WARNING, "looks generic" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct finding_list l = { 0 };
		struct auth_opts o = { .helo = cases[i].helo };
		char key[200];

		snprintf(key, sizeof(key), "ptr/%s", cases[i].ip);
		expect(run(&l, AUTH_PTR, &o, cases[i].ip, key), cases[i].st,
		    cases[i].phrase);
		finding_list_free(&l);
	}
}

static void
test_auth_ptr_generic_names(void **state)
{
	char why[100];
	(void)state;

	assert_true(ptr_name_is_generic("192.0.2.13",
	    "192-0-2-13.static.example.net", why, sizeof(why)));
	assert_true(ptr_name_is_generic("192.0.2.13",
	    "host13.2.0.192.in-addr.isp.example", why, sizeof(why)));
	assert_true(ptr_name_is_generic("192.0.2.13", "c00002d.isp.example",
	    why, sizeof(why)) == false);
	assert_true(ptr_name_is_generic("192.0.2.13", "c000020d.isp.example",
	    why, sizeof(why)));
	assert_true(ptr_name_is_generic("192.0.2.13",
	    "pool-7.dynamic.isp.example", why, sizeof(why)));
	assert_false(ptr_name_is_generic("192.0.2.13", "mail.example.com",
	    why, sizeof(why)));
	assert_false(ptr_name_is_generic("192.0.2.13", "mx2.poolside.example",
	    why, sizeof(why)));
}

static void
test_auth_mx_cases(void **state)
{
	static const struct domain_case cases[] = {
		{ "good.example", FINDING_OK, "MX 10 mx.good.example" },
		{ "null.example", FINDING_WARNING, "accepts no mail" },
		{ "cname.example", FINDING_CRITICAL, "is a CNAME" },
		{ "literal.example", FINDING_CRITICAL, "IP address literal" },
		{ "noaddr.example", FINDING_CRITICAL, "has no address" },
		{ "found.example", FINDING_WARNING, "has no MX records" },
		{ "nothing.example", FINDING_CRITICAL, "NXDOMAIN" },
	};
	(void)state;

	run_domain_cases(AUTH_MX, "mx", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

static void
test_auth_spf_cases(void **state)
{
	static const struct domain_case cases[] = {
		{ "good.example", FINDING_OK, "1 of 10 DNS lookups" },
		{ "twospf.example", FINDING_CRITICAL, "2 SPF records" },
		{ "none.example", FINDING_WARNING, "has no SPF record" },
		{ "near.example", FINDING_WARNING, "is not an SPF record" },
		{ "t99.example", FINDING_WARNING, "type-99" },
		{ "split.example", FINDING_OK, "split into 2 strings" },
		{ "bigstr.example", FINDING_CRITICAL, "DNS strings hold at most "
		    "255 bytes" },
	};
	(void)state;

	run_domain_cases(AUTH_SPF, "spf", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

static void
test_auth_spf_senders_through_check_host(void **state)
{
	static const char *const ips[] = { "192.0.2.5", "198.51.100.7",
	    "192.0.2.25" };
	struct auth_opts	 o = { .senders = ips, .nsenders = 3 };
	struct finding_list	 l = { 0 };
	struct authdns		 ad;
	struct spf_probe_result	 r;
	(void)state;

	fakezone_init(&ad, (const char *const *)zone);
	assert_int_equal(auth_probe_one(&ad, AUTH_SPF, &o, "good.example", &l,
	    &r), 0);
	assert_true(r.found);
	assert_int_equal(r.lookups, 1);
	expect(run(&l, AUTH_SPF, &o, "good.example",
	    "spf-sender/good.example/192.0.2.5"), FINDING_OK, "passes");
	expect(run(&l, AUTH_SPF, &o, "good.example",
	    "spf-sender/good.example/198.51.100.7"), FINDING_CRITICAL,
	    "fail");
	/* 192.0.2.25 is the MX host: passes through the mx term. */
	expect(run(&l, AUTH_SPF, &o, "good.example",
	    "spf-sender/good.example/192.0.2.25"), FINDING_OK, "passes");
	finding_list_free(&l);
}

static void
test_auth_spf_check_rejects_bad_address(void **state)
{
	struct authdns		 ad;
	struct spf_request	 req = { .ip = "192.0.2.300",
				    .domain = "good.example" };
	struct spf_outcome	 o;
	(void)state;

	fakezone_init(&ad, (const char *const *)zone);
	assert_int_equal(spf_check_host(&ad, &req, &o), -1);
	assert_non_null(strstr(o.reason, "\"192.0.2.300\" is not an IPv4"));
	assert_int_equal(ad.queries, 0);
	req.ip = "2001:db8::1";
	assert_int_equal(spf_check_host(&ad, &req, &o), 0);
	assert_string_equal(spf_result_name(o.result), "fail");
	assert_true(ad.queries >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_dmarc_cases),
		cmocka_unit_test(test_auth_dmarc_external_report_authorization),
		cmocka_unit_test(test_auth_dkim_cases),
		cmocka_unit_test(test_auth_dkim_discovery),
		cmocka_unit_test(test_auth_ptr_cases),
		cmocka_unit_test(test_auth_ptr_generic_names),
		cmocka_unit_test(test_auth_mx_cases),
		cmocka_unit_test(test_auth_spf_cases),
		cmocka_unit_test(test_auth_spf_senders_through_check_host),
		cmocka_unit_test(test_auth_spf_check_rejects_bad_address),
	};
	return cmocka_run_group_tests_name("auth_probes", tests, setup,
	    teardown);
}
