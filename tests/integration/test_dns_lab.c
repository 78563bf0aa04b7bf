/*
 * test_dns_lab.c -- the resolver layer against the real servers of the
 * loopback lab (tests/lab/README.md): every record type through the
 * lab's resolver, NXDOMAIN vs NODATA, rbldnsd directly, a dead server
 * and a zone delegated to it (failure within the timeout, never
 * NXDOMAIN, without holding up other queries), 1,000 queries in one
 * batch, DNSSEC secure and bogus answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "probes/dns/dns.h"
#include "tests/support/labenv.h"

/* Scheduling slack on a loaded 2-core machine, on top of the timeout. */
#define MARGIN_MS	1000
#define SHORT_TIMEOUT	1500

/* Resolves name/type through LAB_RESOLVER; caller frees. */
static struct dns_answer *
ask(const char *spec, const char *name, uint16_t type)
{
	struct dns_resolver *r = lab_resolver(spec, 0, NULL, NULL);
	struct dns_answer *a = dns_query(r, name, type);

	dns_resolver_free(r);
	assert_non_null(a);
	if (a->status == DNS_FAILURE)
		print_message("%s: %s\n", name, a->reason);
	return a;
}

static char *
ntop(int af, const void *addr, char *buf, size_t len)
{
	assert_non_null(inet_ntop(af, addr, buf, (socklen_t)len));
	return buf;
}

/* Whether the A records of a are exactly want[0..n-1], in any order. */
static bool
has_a_set(const struct dns_answer *a, const char *const *want, size_t n)
{
	char buf[INET_ADDRSTRLEN];

	if (a->status != DNS_DATA || a->nrr != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < a->nrr; j++)
			if (strcmp(ntop(AF_INET, &a->rr[j].u.a, buf,
			    sizeof(buf)), want[i]) == 0)
				found = true;
		if (!found)
			return false;
	}
	return true;
}

static void
test_dns_lab_a_records(void **state)
{
	const char *want[] = { "192.0.2.40", "192.0.2.41" };
	struct dns_answer *a = ask(lab_env("LAB_RESOLVER"), "TWO.lab.test.",
	    DNS_T_A);
	(void)state;

	assert_string_equal(a->qname, "two.lab.test");
	assert_int_equal(a->rcode, 0);
	assert_true(has_a_set(a, want, 2));
	assert_false(a->secure);
	dns_answer_free(a);
}

static void
test_dns_lab_aaaa(void **state)
{
	struct dns_answer *a = ask(lab_env("LAB_RESOLVER"), "two.lab.test",
	    DNS_T_AAAA);
	char buf[INET6_ADDRSTRLEN];
	(void)state;

	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(ntop(AF_INET6, &a->rr[0].u.aaaa, buf, sizeof(buf)),
	    "2001:db8::40");
	dns_answer_free(a);
}

static void
test_dns_lab_mx(void **state)
{
	struct dns_answer *a = ask(lab_env("LAB_RESOLVER"), "lab.test",
	    DNS_T_MX);
	int seen10 = 0, seen20 = 0;
	(void)state;

	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 2);
	for (size_t i = 0; i < a->nrr; i++) {
		if (a->rr[i].u.mx.preference == 10) {
			assert_string_equal(a->rr[i].u.mx.host, "mx1.lab.test");
			seen10++;
		} else if (a->rr[i].u.mx.preference == 20) {
			assert_string_equal(a->rr[i].u.mx.host, "mx2.lab.test");
			seen20++;
		}
	}
	assert_int_equal(seen10, 1);
	assert_int_equal(seen20, 1);
	dns_answer_free(a);
}

static void
test_dns_lab_txt_strings_joined(void **state)
{
	const char *spec = lab_env("LAB_RESOLVER");
	struct dns_answer *a = ask(spec, "multi.lab.test", DNS_T_TXT);
	(void)state;

	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(a->rr[0].u.txt.data,
	    "first stringsecond stringthird string");
	assert_int_equal(a->rr[0].u.txt.nstrings, 3);
	assert_int_equal(a->rr[0].u.txt.longest, strlen("second string"));
	dns_answer_free(a);

	a = ask(spec, "long.lab.test", DNS_T_TXT);
	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_int_equal(a->rr[0].u.txt.nstrings, 2);
	assert_int_equal(a->rr[0].u.txt.longest, 255);
	assert_true(a->rr[0].u.txt.len > 300);
	assert_int_equal(strlen(a->rr[0].u.txt.data), a->rr[0].u.txt.len);
	assert_true(strncmp(a->rr[0].u.txt.data, "v=spf1 ip4:192.0.2.0/24 ",
	    24) == 0);
	/* joined with no separator across the 255-byte boundary */
	assert_non_null(strstr(a->rr[0].u.txt.data, "include:_spf12.lab.test"
	    " ~all"));
	dns_answer_free(a);
}

static void
test_dns_lab_cname(void **state)
{
	const char *want[] = { "192.0.2.40", "192.0.2.41" };
	const char *spec = lab_env("LAB_RESOLVER");
	struct dns_answer *a = ask(spec, "alias.lab.test", DNS_T_A);
	(void)state;

	assert_true(has_a_set(a, want, 2));
	assert_string_equal(a->canonname, "two.lab.test");
	dns_answer_free(a);

	a = ask(spec, "alias.lab.test", DNS_T_CNAME);
	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(a->rr[0].u.name, "two.lab.test");
	dns_answer_free(a);

	a = ask(spec, "two.lab.test", DNS_T_A);
	assert_null(a->canonname);
	dns_answer_free(a);
}

static void
test_dns_lab_ptr(void **state)
{
	const char *spec = lab_env("LAB_RESOLVER");
	struct dns_answer *a = ask(spec, "10.2.0.192.in-addr.arpa", DNS_T_PTR);
	(void)state;

	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(a->rr[0].u.name, "mail.lab.test");
	dns_answer_free(a);

	a = ask(spec, "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "8.b.d.0.1.0.0.2.ip6.arpa", DNS_T_PTR);
	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(a->rr[0].u.name, "mail6.lab.test");
	dns_answer_free(a);

	/* a documentation-prefix address with no PTR: asked, not made up */
	a = ask(spec, "77.2.0.192.in-addr.arpa", DNS_T_PTR);
	assert_int_equal(a->status, DNS_NXDOMAIN);
	dns_answer_free(a);
}

static void
test_dns_lab_soa_ns(void **state)
{
	const char *spec = lab_env("LAB_RESOLVER");
	struct dns_answer *a = ask(spec, "lab.test", DNS_T_SOA);
	(void)state;

	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(a->rr[0].u.soa.mname, "nsd.servers.test");
	assert_string_equal(a->rr[0].u.soa.rname, "hostmaster.lab.test");
	assert_int_equal(a->rr[0].u.soa.serial, 1);
	dns_answer_free(a);

	a = ask(spec, "lab.test", DNS_T_NS);
	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(a->rr[0].u.name, "nsd.servers.test");
	dns_answer_free(a);
}

static void
test_dns_lab_nxdomain_vs_nodata(void **state)
{
	const char *spec = lab_env("LAB_RESOLVER");
	static const struct {
		const char		*name;
		uint16_t		 type;
		enum dns_status		 want;
	} cases[] = {
		{ "no-such-name.lab.test", DNS_T_A, DNS_NXDOMAIN },
		{ "x.nosuch.lab.test", DNS_T_TXT, DNS_NXDOMAIN },
		{ "only-a.lab.test", DNS_T_AAAA, DNS_NODATA },
		{ "only-a.lab.test", DNS_T_TXT, DNS_NODATA },
		{ "only-a.lab.test", DNS_T_MX, DNS_NODATA },
		{ "only-a.lab.test", DNS_T_A, DNS_DATA },
		{ "alias.lab.test", DNS_T_MX, DNS_NODATA },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dns_answer *a = ask(spec, cases[i].name, cases[i].type);

		if (a->status != cases[i].want)
			fail_msg("%s type %u: %s, expected %s", cases[i].name,
			    cases[i].type, dns_status_name(a->status),
			    dns_status_name(cases[i].want));
		assert_string_equal(a->reason, "");
		dns_answer_free(a);
	}
}

static void
test_dns_lab_rbldnsd_direct(void **state)
{
	const char *spec = lab_env("LAB_RBLDNSD");
	struct dns_answer *a = ask(spec, "10.2.0.192.bl.lab.test", DNS_T_A);
	char buf[INET_ADDRSTRLEN];
	(void)state;

	assert_int_equal(a->status, DNS_DATA);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(ntop(AF_INET, &a->rr[0].u.a, buf, sizeof(buf)),
	    "127.0.0.2");
	dns_answer_free(a);

	a = ask(spec, "10.2.0.192.bl.lab.test", DNS_T_TXT);
	assert_int_equal(a->status, DNS_DATA);
	assert_string_equal(a->rr[0].u.txt.data,
	    "Listed for spam, see https://bl.lab.test/lookup?192.0.2.10");
	dns_answer_free(a);

	a = ask(spec, "1.0.0.127.bl.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_NXDOMAIN);
	dns_answer_free(a);

	/*
	 * rbldnsd REFUSEs names outside its zones: a failure, never a
	 * "not listed". Forwarding without a trust anchor goes through
	 * c-ares, which passes the server's REFUSED on (libunbound would
	 * count it as the server failing and say SERVFAIL).
	 */
	a = ask(spec, "two.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_FAILURE);
	assert_string_equal(a->reason, "REFUSED");
	assert_false(a->timed_out);
	dns_answer_free(a);
}

static void
test_dns_lab_dead_server_times_out(void **state)
{
	struct dns_resolver *r = lab_resolver(lab_env("LAB_DEAD"),
	    SHORT_TIMEOUT, NULL, NULL);
	uint64_t t0 = dns_now_ms(), took;
	struct dns_answer *a = dns_query(r, "two.lab.test", DNS_T_A);
	struct dns_stats st;
	(void)state;

	took = dns_now_ms() - t0;
	assert_non_null(a);
	assert_int_equal(a->status, DNS_FAILURE);
	assert_true(a->timed_out);
	assert_string_equal(a->reason, "timeout after 1500ms");
	assert_true(took >= SHORT_TIMEOUT - 10);
	assert_true(took < SHORT_TIMEOUT + MARGIN_MS);
	dns_get_stats(r, &st);
	assert_int_equal(st.timeouts, 1);
	dns_answer_free(a);
	dns_resolver_free(r);
}

struct mixed {
	size_t	 down_failed;	/* failure, not NXDOMAIN */
	size_t	 good;
	size_t	 bad;
};

static void
mixed_done(void *arg, const struct dns_answer *a)
{
	struct mixed *m = arg;
	const char *want[] = { "192.0.2.40", "192.0.2.41" };

	if (strstr(a->qname, "down.lab.test") != NULL) {
		if (a->status == DNS_FAILURE)
			m->down_failed++;
		else
			m->bad++;
	} else if (has_a_set(a, want, 2))
		m->good++;
	else
		m->bad++;
}

static void
test_dns_lab_down_zone_fails_without_blocking_others(void **state)
{
	struct dns_resolver *r = lab_resolver(lab_env("LAB_RESOLVER"),
	    SHORT_TIMEOUT, NULL, NULL);
	struct mixed m = { 0 };
	uint64_t t0, took;
	(void)state;

	/* down.lab.test is delegated to the dead server. */
	assert_int_equal(dns_submit(r, "www.down.lab.test", DNS_T_A,
	    mixed_done, &m), 0);
	assert_int_equal(dns_submit(r, "down.lab.test", DNS_T_MX, mixed_done,
	    &m), 0);
	for (int i = 0; i < 20; i++)
		assert_int_equal(dns_submit(r, i % 2 ? "two.lab.test" :
		    "alias.lab.test", DNS_T_A, mixed_done, &m), 0);
	assert_int_equal(dns_submit(r, "x.down.lab.test", DNS_T_TXT,
	    mixed_done, &m), 0);
	t0 = dns_now_ms();
	assert_int_equal(dns_run(r, 0), 23);
	took = dns_now_ms() - t0;
	assert_int_equal(m.down_failed, 3);
	assert_int_equal(m.good, 20);
	assert_int_equal(m.bad, 0);
	assert_true(took < SHORT_TIMEOUT + MARGIN_MS);
	dns_resolver_free(r);
}

struct bulk {
	size_t	 i;
	bool	 ok;
	char	 why[200];
};

static void
bulk_done(void *arg, const struct dns_answer *a)
{
	struct bulk *b = arg;
	char w0[INET_ADDRSTRLEN], w1[INET_ADDRSTRLEN];
	const char *want[] = { w0, w1 };
	char name[64];

	snprintf(name, sizeof(name), "h%zu.bulk-a.lab.test", b->i);
	snprintf(w0, sizeof(w0), "198.51.100.%u", (unsigned)(b->i % 256));
	snprintf(w1, sizeof(w1), "203.0.113.%u", (unsigned)(b->i / 256) % 256);
	b->ok = strcmp(a->qname, name) == 0 && has_a_set(a, want, 2);
	if (!b->ok)
		snprintf(b->why, sizeof(b->why), "%s: %s %s nrr %zu", a->qname,
		    dns_status_name(a->status), a->reason, a->nrr);
}

static void
test_dns_lab_1000_queries_one_batch(void **state)
{
	static struct bulk b[1000];
	struct dns_resolver *r = lab_resolver(lab_env("LAB_RESOLVER"), 0,
	    NULL, NULL);
	size_t ok = 0;
	uint64_t t0, took;
	(void)state;

	for (size_t i = 0; i < 1000; i++) {
		char name[64];

		b[i] = (struct bulk){ .i = i };
		snprintf(name, sizeof(name), "h%zu.bulk-a.lab.test", i);
		assert_int_equal(dns_submit(r, name, DNS_T_A, bulk_done, &b[i]),
		    0);
	}
	t0 = dns_now_ms();
	assert_int_equal(dns_run(r, 0), 1000);
	took = dns_now_ms() - t0;
	for (size_t i = 0; i < 1000; i++) {
		if (b[i].ok)
			ok++;
		else if (i == 0 || ok + 1 == i)
			print_message("%s\n", b[i].why);
	}
	print_message("1000 queries in one batch: %llu ms\n",
	    (unsigned long long)took);
	assert_int_equal(ok, 1000);
	dns_resolver_free(r);
}

static void
test_dns_lab_dnssec(void **state)
{
	const char *ta = lab_env_or_skip("LAB_TRUST_ANCHOR");
	struct dns_resolver *r;
	struct dns_answer *a;
	(void)state;

	r = lab_resolver(lab_env("LAB_RESOLVER"), 0, ta, NULL);
	a = dns_query(r, "secure.lab.test", DNS_T_A);
	assert_non_null(a);
	assert_int_equal(a->status, DNS_DATA);
	assert_true(a->secure);
	assert_false(a->bogus);
	dns_answer_free(a);

	/* outside the anchors: answered, not secure */
	a = dns_query(r, "two.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_DATA);
	assert_false(a->secure);
	dns_answer_free(a);

	/* signatures expired in 2020: a failure, with the validator's why */
	a = dns_query(r, "bogus.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_FAILURE);
	assert_true(a->bogus);
	assert_false(a->secure);
	assert_int_equal(a->nrr, 0);
	assert_true(strncmp(a->reason, "DNSSEC bogus: ", 14) == 0);
	assert_non_null(strstr(a->reason, "expired"));
	dns_answer_free(a);
	dns_resolver_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dns_lab_a_records),
		cmocka_unit_test(test_dns_lab_aaaa),
		cmocka_unit_test(test_dns_lab_mx),
		cmocka_unit_test(test_dns_lab_txt_strings_joined),
		cmocka_unit_test(test_dns_lab_cname),
		cmocka_unit_test(test_dns_lab_ptr),
		cmocka_unit_test(test_dns_lab_soa_ns),
		cmocka_unit_test(test_dns_lab_nxdomain_vs_nodata),
		cmocka_unit_test(test_dns_lab_rbldnsd_direct),
		cmocka_unit_test(test_dns_lab_dead_server_times_out),
		cmocka_unit_test(
		    test_dns_lab_down_zone_fails_without_blocking_others),
		cmocka_unit_test(test_dns_lab_1000_queries_one_batch),
		cmocka_unit_test(test_dns_lab_dnssec),
	};

	return cmocka_run_group_tests_name("dns_lab", tests, NULL, NULL);
}
