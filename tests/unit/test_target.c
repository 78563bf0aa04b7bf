/*
 * test_target.c -- target parsing and expansion: addresses, networks
 * (size limit, host bits), names, de-duplication, reverse query names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/dns/target.h"

static void
test_target_ipv4_ipv6_and_duplicates(void **state)
{
	struct target_set ts = { 0 };
	char err[256];
	(void)state;

	assert_int_equal(target_set_add(&ts, "192.0.2.10", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(target_set_add(&ts, "2001:DB8::10", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(target_set_add(&ts, "192.0.2.10", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(target_set_add(&ts, "2001:db8:0::10", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(ts.n, 2);
	assert_int_equal(ts.v[0].kind, TARGET_IP4);
	assert_string_equal(ts.v[0].name, "192.0.2.10");
	assert_int_equal(ts.v[1].kind, TARGET_IP6);
	assert_string_equal(ts.v[1].name, "2001:db8::10");
	target_set_free(&ts);
}

static void
test_target_network_expands_and_dedups(void **state)
{
	struct target_set ts = { 0 };
	char err[256];
	(void)state;

	assert_int_equal(target_set_add(&ts, "198.51.100.0/30", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(ts.n, 4);
	assert_string_equal(ts.v[0].name, "198.51.100.0");
	assert_string_equal(ts.v[3].name, "198.51.100.3");
	assert_string_equal(ts.v[3].origin, "198.51.100.0/30");
	/* overlapping network and a literal address inside it */
	assert_int_equal(target_set_add(&ts, "198.51.100.0/29", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(target_set_add(&ts, "198.51.100.5", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(ts.n, 8);
	/* carry across an octet */
	assert_int_equal(target_set_add(&ts, "203.0.113.254/31", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_string_equal(ts.v[9].name, "203.0.113.255");
	assert_int_equal(target_set_add(&ts, "2001:db8::/126", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(ts.n, 14);
	assert_string_equal(ts.v[13].name, "2001:db8::3");
	target_set_free(&ts);
}

static void
test_target_network_limits(void **state)
{
	struct target_set ts = { 0 };
	char err[256];
	(void)state;

	/* exactly 65,536 addresses is allowed; more is refused by name */
	assert_int_equal(target_set_add(&ts, "198.18.0.0/16", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(ts.n, 65536);
	assert_string_equal(ts.v[65535].name, "198.18.255.255");
	target_set_free(&ts);
	assert_int_equal(target_set_add(&ts, "198.18.0.0/15", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "198.18.0.0/15"));
	assert_non_null(strstr(err, "65536"));
	assert_int_equal(target_set_add(&ts, "2001:db8::/64", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	assert_int_equal(target_set_add(&ts, "192.0.2.1/24", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "host bits"));
	assert_int_equal(target_set_add(&ts, "192.0.2.0/33", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	assert_int_equal(target_set_add(&ts, "192.0.2.0/x", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	assert_int_equal(target_set_add(&ts, "300.0.2.0/24", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "300.0.2.0"));
	assert_int_equal(ts.n, 0);
	target_set_free(&ts);
}

static void
test_target_names(void **state)
{
	struct target_set ts = { 0 };
	char err[256];
	(void)state;

	assert_int_equal(target_set_add(&ts, "Mail.Example.TEST.", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(ts.n, 1);
	assert_int_equal(ts.v[0].kind, TARGET_DOMAIN);
	assert_string_equal(ts.v[0].name, "mail.example.test");
	assert_int_equal(ts.nhosts, 1);
	assert_string_equal(ts.hosts[0].name, "mail.example.test");
	assert_false(ts.hosts[0].explicit);
	assert_int_equal(target_set_add(&ts, "host:mx.example.test",
	    TARGET_NAME_BOTH, err, sizeof(err)), 0);
	assert_int_equal(ts.n, 1);
	assert_int_equal(ts.nhosts, 2);
	assert_true(ts.hosts[1].explicit);
	assert_int_equal(target_set_add(&ts, "domain:other.test",
	    TARGET_NAME_BOTH, err, sizeof(err)), 0);
	assert_int_equal(ts.n, 2);
	assert_int_equal(ts.nhosts, 2);
	assert_int_equal(target_set_add(&ts, "bad..name", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad..name"));
	assert_int_equal(target_set_add(&ts, "nodot", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	assert_int_equal(target_set_add(&ts, "", TARGET_NAME_BOTH,
	    err, sizeof(err)), -1);
	target_set_free(&ts);
}

/* A mistyped address is said to be one, never taken as a domain name. */
static void
test_target_bad_addresses_are_not_names(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
	} cases[] = {
		{ "999.1.1.1", "\"999.1.1.1\": not an IP address (an IPv4 address"
		    " is four numbers from 0 to 255, such as 192.0.2.10)" },
		{ "192.0.2.256", "\"192.0.2.256\": not an IP address (an IPv4"
		    " address is four numbers from 0 to 255, such as 192.0.2.10)" },
		{ "1.2.3", "\"1.2.3\": not an IP address (an IPv4 address is four"
		    " numbers from 0 to 255, such as 192.0.2.10)" },
		{ "host:999.1.1.1", "\"999.1.1.1\": not an IP address (an IPv4"
		    " address is four numbers from 0 to 255, such as 192.0.2.10)" },
		{ "2001:db8::zz", "\"2001:db8::zz\": not an IP address (an IPv6"
		    " address is groups of hex digits separated by colons, such as"
		    " 2001:db8::25)" },
		{ "mail.123", "\"mail.123\": expected an IP address, a network"
		    " such as 192.0.2.0/24, or a domain name" },
	};
	struct target_set ts = { 0 };
	char err[256];
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(target_set_add(&ts, cases[i].text,
		    TARGET_NAME_BOTH, err, sizeof(err)), -1);
		assert_string_equal(err, cases[i].err);
	}
	assert_int_equal(ts.n, 0);
	assert_int_equal(ts.nhosts, 0);
	/* names with digits stay names; reverse-zone style names too */
	assert_int_equal(target_set_add(&ts, "123.example.test",
	    TARGET_NAME_BOTH, err, sizeof(err)), 0);
	assert_int_equal(target_set_add(&ts, "4.3.2.1.in-addr.arpa",
	    TARGET_NAME_DOMAIN, err, sizeof(err)), 0);
	assert_int_equal(ts.n, 2);
	target_set_free(&ts);
}

static void
test_target_reverse_names(void **state)
{
	struct target_set ts = { 0 };
	char err[256], buf[256];
	(void)state;

	assert_int_equal(target_set_add(&ts, "192.0.2.10", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(target_set_add(&ts, "2001:db8::10", TARGET_NAME_BOTH,
	    err, sizeof(err)), 0);
	assert_int_equal(target_reverse_name(&ts.v[0].addr, "bl.example",
	    buf, sizeof(buf)), 0);
	assert_string_equal(buf, "10.2.0.192.bl.example");
	assert_int_equal(target_reverse_name(&ts.v[1].addr, "bl.example",
	    buf, sizeof(buf)), 0);
	/* RFC 5782 §2.4: 32 nibbles, least significant first */
	assert_string_equal(buf, "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.example");
	assert_int_equal(target_reverse_name(&ts.v[1].addr, "bl.example",
	    buf, 40), -1);
	target_set_free(&ts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_ipv4_ipv6_and_duplicates),
		cmocka_unit_test(test_target_network_expands_and_dedups),
		cmocka_unit_test(test_target_network_limits),
		cmocka_unit_test(test_target_names),
		cmocka_unit_test(test_target_bad_addresses_are_not_names),
		cmocka_unit_test(test_target_reverse_names),
	};
	return cmocka_run_group_tests_name("target", tests, NULL, NULL);
}
