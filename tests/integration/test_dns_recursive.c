/*
 * test_dns_recursive.c -- the resolver layer in recursive mode, from the
 * lab's own root (LAB_ROOT_HINTS) inside the lab's network namespace
 * (LAB_NETNS): delegations to nsd and rbldnsd, NXDOMAIN, a zone
 * delegated to a dead server, DNSSEC. Run outside the namespace, the
 * program re-executes itself through `ip netns exec`. When the lab
 * could not create a namespace (LAB_NETNS empty) it says so and runs
 * the same cases forwarding to LAB_RESOLVER instead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "probes/dns/dns.h"
#include "tests/support/labenv.h"

#define MARGIN_MS	1000
#define SHORT_TIMEOUT	1500

/* Set by main: recursing inside the namespace, or forwarding. */
static bool recursive_mode;

static struct dns_resolver *
make_resolver(unsigned timeout_ms, const char *ta)
{
	if (recursive_mode)
		return lab_resolver("recursive", timeout_ms, ta,
		    lab_env("LAB_ROOT_HINTS"));
	return lab_resolver(lab_env("LAB_RESOLVER"), timeout_ms, ta, NULL);
}

static struct dns_answer *
ask(const char *name, uint16_t type)
{
	struct dns_resolver *r = make_resolver(0, NULL);
	struct dns_answer *a = dns_query(r, name, type);

	dns_resolver_free(r);
	assert_non_null(a);
	if (a->status == DNS_FAILURE)
		print_message("%s: %s\n", name, a->reason);
	return a;
}

static void
test_dns_recursive_follows_delegations(void **state)
{
	char buf[INET_ADDRSTRLEN];
	struct dns_answer *a;
	(void)state;

	/*
	 * Data, not bogus: with custom root hints and no trust anchor the
	 * real root key (dns-root-data) must not be loaded, or every lab
	 * answer would fail validation.
	 */
	a = ask("mail.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_DATA);
	assert_false(a->bogus);
	assert_int_equal(a->nrr, 1);
	assert_string_equal(inet_ntop(AF_INET, &a->rr[0].u.a, buf,
	    sizeof(buf)), "192.0.2.10");
	dns_answer_free(a);

	/* bl.lab.test is delegated to rbldnsd */
	a = ask("10.2.0.192.bl.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_DATA);
	assert_string_equal(inet_ntop(AF_INET, &a->rr[0].u.a, buf,
	    sizeof(buf)), "127.0.0.2");
	dns_answer_free(a);

	/* the reverse zone is delegated from the root */
	a = ask("10.2.0.192.in-addr.arpa", DNS_T_PTR);
	assert_int_equal(a->status, DNS_DATA);
	assert_string_equal(a->rr[0].u.name, "mail.lab.test");
	dns_answer_free(a);

	a = ask("alias.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_DATA);
	assert_string_equal(a->canonname, "two.lab.test");
	dns_answer_free(a);
}

static void
test_dns_recursive_nxdomain_and_nodata(void **state)
{
	struct dns_answer *a;
	(void)state;

	a = ask("no-such-name.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_NXDOMAIN);
	dns_answer_free(a);
	a = ask("1.0.0.127.bl.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_NXDOMAIN);
	dns_answer_free(a);
	a = ask("only-a.lab.test", DNS_T_AAAA);
	assert_int_equal(a->status, DNS_NODATA);
	dns_answer_free(a);
}

static void
test_dns_recursive_dead_delegation_fails_in_time(void **state)
{
	struct dns_resolver *r = make_resolver(SHORT_TIMEOUT, NULL);
	uint64_t t0 = dns_now_ms(), took;
	struct dns_answer *a = dns_query(r, "www.down.lab.test", DNS_T_A);
	(void)state;

	took = dns_now_ms() - t0;
	assert_non_null(a);
	print_message("www.down.lab.test: %s after %llu ms\n", a->reason,
	    (unsigned long long)took);
	assert_int_equal(a->status, DNS_FAILURE);
	assert_true(took < SHORT_TIMEOUT + MARGIN_MS);
	dns_answer_free(a);
	dns_resolver_free(r);
}

static void
test_dns_recursive_dnssec_secure(void **state)
{
	const char *ta = lab_env_or_skip("LAB_TRUST_ANCHOR");
	struct dns_resolver *r;
	struct dns_answer *a;
	(void)state;

	r = make_resolver(0, ta);
	a = dns_query(r, "secure.lab.test", DNS_T_A);
	assert_non_null(a);
	assert_int_equal(a->status, DNS_DATA);
	assert_true(a->secure);
	dns_answer_free(a);
	a = dns_query(r, "bogus.lab.test", DNS_T_A);
	assert_int_equal(a->status, DNS_FAILURE);
	assert_true(a->bogus);
	dns_answer_free(a);
	dns_resolver_free(r);
}

int
main(void)
{
	const char *ns = getenv("LAB_NETNS");
	const char *inside = getenv("SENDWATCH_IN_NETNS");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dns_recursive_follows_delegations),
		cmocka_unit_test(test_dns_recursive_nxdomain_and_nodata),
		cmocka_unit_test(test_dns_recursive_dead_delegation_fails_in_time),
		cmocka_unit_test(test_dns_recursive_dnssec_secure),
	};

	if (ns != NULL && *ns != '\0' &&
	    (inside == NULL || strcmp(inside, ns) != 0)) {
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		if (n <= 0) {
			fprintf(stderr, "test_dns_recursive: /proc/self/exe: "
			    "%s\n", strerror(errno));
			return 1;
		}
		self[n] = '\0';
		setenv("SENDWATCH_IN_NETNS", ns, 1);
		execlp("ip", "ip", "netns", "exec", ns, self, (char *)NULL);
		fprintf(stderr, "test_dns_recursive: ip netns exec %s: %s\n",
		    ns, strerror(errno));
		return 1;
	}
	recursive_mode = ns != NULL && *ns != '\0';
	if (recursive_mode)
		printf("recursive mode from %s inside network namespace %s\n",
		    getenv("LAB_ROOT_HINTS"), ns);
	else
		printf("%s\n", getenv("LAB_RECURSIVE_NOTE") != NULL &&
		    *getenv("LAB_RECURSIVE_NOTE") != '\0' ?
		    getenv("LAB_RECURSIVE_NOTE") : "LAB_NETNS is empty: "
		    "recursive-mode tests fall back to forwarding (LAB_RESOLVER)");
	return cmocka_run_group_tests_name(recursive_mode ? "dns_recursive" :
	    "dns_recursive (forwarding fallback)", tests, NULL, NULL);
}
