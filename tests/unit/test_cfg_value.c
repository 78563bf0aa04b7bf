/*
 * test_cfg_value.c -- the typed config value parsers: durations, sizes,
 * booleans, bounded integers, addresses, CIDRs (host bits, IPv6, prefix
 * bounds), names, DNSBL answer ranges, severities and resolver specs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "config/cfg_value.h"

static char why[512];

static uint64_t
dur(const char *s)
{
	uint64_t ms = 0;

	why[0] = '\0';
	assert_true(cfg_parse_duration(s, &ms, why, sizeof(why)));
	return ms;
}

static void
test_cfg_value_durations(void **state)
{
	char buf[64];
	uint64_t ms;

	(void)state;
	assert_int_equal(dur("30s"), 30000);
	assert_int_equal(dur("15m"), 900000);
	assert_int_equal(dur("6h"), 6 * 3600000ULL);
	assert_int_equal(dur("1d"), 86400000ULL);
	assert_int_equal(dur("1h30m"), 5400000ULL);
	assert_int_equal(dur("250ms"), 250);
	assert_int_equal(dur("2w"), 14 * 86400000ULL);
	assert_int_equal(dur("0s"), 0);

	assert_false(cfg_parse_duration("5 minutes", &ms, why, sizeof(why)));
	assert_string_equal(why,
	    "expected a duration such as 15m, got \"5 minutes\"");
	assert_false(cfg_parse_duration("300", &ms, why, sizeof(why)));
	assert_string_equal(why, "expected a duration such as 15m, got \"300\"");
	assert_false(cfg_parse_duration("", &ms, why, sizeof(why)));
	assert_false(cfg_parse_duration("15x", &ms, why, sizeof(why)));
	assert_false(cfg_parse_duration("m", &ms, why, sizeof(why)));
	assert_false(cfg_parse_duration("-5s", &ms, why, sizeof(why)));
	assert_false(cfg_parse_duration("1mins", &ms, why, sizeof(why)));

	/* overflow: digits, multiplication, and the sum */
	assert_false(cfg_parse_duration("99999999999999999999999s", &ms, why,
	    sizeof(why)));
	assert_non_null(strstr(why, "too large"));
	assert_false(cfg_parse_duration("30000000000000w", &ms, why, sizeof(why)));
	assert_non_null(strstr(why, "too large"));
	assert_false(cfg_parse_duration("18446744073709551615ms1s", &ms, why,
	    sizeof(why)));
	assert_non_null(strstr(why, "too large"));

	cfg_format_duration(5400000, buf, sizeof(buf));
	assert_string_equal(buf, "1h30m");
	cfg_format_duration(5000, buf, sizeof(buf));
	assert_string_equal(buf, "5s");
	cfg_format_duration(1500, buf, sizeof(buf));
	assert_string_equal(buf, "1s500ms");
	cfg_format_duration(0, buf, sizeof(buf));
	assert_string_equal(buf, "0s");
}

static void
test_cfg_value_bools_and_bounds(void **state)
{
	static const char *const yes[] = { "yes", "true", "on", "1", "YES", "On" };
	static const char *const no[] = { "no", "false", "off", "0", "No" };
	uint64_t n;
	bool b;

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		b = false;
		assert_true(cfg_parse_bool(yes[i], &b, why, sizeof(why)));
		assert_true(b);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		b = true;
		assert_true(cfg_parse_bool(no[i], &b, why, sizeof(why)));
		assert_false(b);
	}
	assert_false(cfg_parse_bool("maybe", &b, why, sizeof(why)));
	assert_string_equal(why, "expected yes or no, got \"maybe\"");

	assert_true(cfg_parse_uint("1000", 1, 10000, &n, why, sizeof(why)));
	assert_int_equal(n, 1000);
	assert_true(cfg_parse_uint("1", 1, 10000, &n, why, sizeof(why)));
	assert_true(cfg_parse_uint("10000", 1, 10000, &n, why, sizeof(why)));
	assert_false(cfg_parse_uint("0", 1, 10000, &n, why, sizeof(why)));
	assert_string_equal(why,
	    "expected a whole number from 1 to 10000, got \"0\"");
	assert_false(cfg_parse_uint("10001", 1, 10000, &n, why, sizeof(why)));
	assert_false(cfg_parse_uint("-1", 0, 10, &n, why, sizeof(why)));
	assert_false(cfg_parse_uint("12abc", 0, 100, &n, why, sizeof(why)));
	assert_false(cfg_parse_uint("99999999999999999999999", 0, UINT64_MAX,
	    &n, why, sizeof(why)));
}

static void
test_cfg_value_sizes_and_percent(void **state)
{
	uint64_t n;
	double d;
	char buf[32];

	(void)state;
	assert_true(cfg_parse_size("100M", &n, why, sizeof(why)));
	assert_int_equal(n, 100ULL << 20);
	assert_true(cfg_parse_size("1G", &n, why, sizeof(why)));
	assert_int_equal(n, 1ULL << 30);
	assert_true(cfg_parse_size("64k", &n, why, sizeof(why)));
	assert_int_equal(n, 64 * 1024);
	assert_true(cfg_parse_size("4096", &n, why, sizeof(why)));
	assert_int_equal(n, 4096);
	assert_true(cfg_parse_size("2MB", &n, why, sizeof(why)));
	assert_int_equal(n, 2ULL << 20);
	assert_false(cfg_parse_size("100 M", &n, why, sizeof(why)));
	assert_false(cfg_parse_size("1X", &n, why, sizeof(why)));
	assert_false(cfg_parse_size("99999999999T", &n, why, sizeof(why)));
	assert_non_null(strstr(why, "too large"));
	cfg_format_size(100ULL << 20, buf, sizeof(buf));
	assert_string_equal(buf, "100M");
	cfg_format_size(1000, buf, sizeof(buf));
	assert_string_equal(buf, "1000");

	assert_true(cfg_parse_percent("2%", &d, why, sizeof(why)));
	assert_true(d == 2.0);
	assert_true(cfg_parse_percent("0.5%", &d, why, sizeof(why)));
	assert_true(d == 0.5);
	assert_false(cfg_parse_percent("2", &d, why, sizeof(why)));
	assert_false(cfg_parse_percent("101%", &d, why, sizeof(why)));
	assert_false(cfg_parse_percent("-1%", &d, why, sizeof(why)));
	assert_false(cfg_parse_percent("nan%", &d, why, sizeof(why)));
}

static void
test_cfg_value_addresses(void **state)
{
	struct cfg_addr a;
	char buf[64];

	(void)state;
	assert_true(cfg_parse_addr("192.0.2.10", &a, why, sizeof(why)));
	assert_int_equal(a.af, AF_INET);
	assert_int_equal(ntohl(a.u.v4.s_addr), 0xC000020A);
	assert_true(cfg_parse_addr("2001:db8::1", &a, why, sizeof(why)));
	assert_int_equal(a.af, AF_INET6);
	cfg_format_addr(&a, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::1");
	assert_false(cfg_parse_addr("192.0.2", &a, why, sizeof(why)));
	assert_false(cfg_parse_addr("192.0.2.256", &a, why, sizeof(why)));
	assert_false(cfg_parse_addr("fe80::1%eth0", &a, why, sizeof(why)));
	assert_false(cfg_parse_addr("mail.example.com", &a, why, sizeof(why)));
	assert_string_equal(why, "expected an IPv4 or IPv6 address, got "
	    "\"mail.example.com\"");
}

static void
test_cfg_value_cidrs(void **state)
{
	struct cfg_cidr c;
	char buf[64];

	(void)state;
	assert_true(cfg_parse_cidr("192.0.2.0/24", false, &c, why, sizeof(why)));
	assert_int_equal(c.prefix, 24);
	assert_int_equal(ntohl(c.addr.u.v4.s_addr), 0xC0000200);

	assert_false(cfg_parse_cidr("192.0.2.1/24", false, &c, why, sizeof(why)));
	assert_string_equal(why,
	    "192.0.2.1/24: host bits set, did you mean 192.0.2.0/24?");
	assert_false(cfg_parse_cidr("10.1.2.3/12", false, &c, why, sizeof(why)));
	assert_string_equal(why,
	    "10.1.2.3/12: host bits set, did you mean 10.0.0.0/12?");

	assert_true(cfg_parse_cidr("2001:db8::/32", false, &c, why, sizeof(why)));
	assert_int_equal(c.addr.af, AF_INET6);
	assert_int_equal(c.prefix, 32);
	assert_false(cfg_parse_cidr("2001:db8::1/64", false, &c, why, sizeof(why)));
	assert_string_equal(why,
	    "2001:db8::1/64: host bits set, did you mean 2001:db8::/64?");
	assert_true(cfg_parse_cidr("2001:db8:0:1::/63", false, &c, why,
	    sizeof(why)) == false);
	assert_string_equal(why,
	    "2001:db8:0:1::/63: host bits set, did you mean 2001:db8::/63?");

	/* prefix bounds */
	assert_true(cfg_parse_cidr("0.0.0.0/0", false, &c, why, sizeof(why)));
	assert_true(cfg_parse_cidr("192.0.2.1/32", false, &c, why, sizeof(why)));
	assert_false(cfg_parse_cidr("192.0.2.0/33", false, &c, why, sizeof(why)));
	assert_string_equal(why,
	    "expected a prefix length from 0 to 32, got \"192.0.2.0/33\"");
	assert_true(cfg_parse_cidr("2001:db8::1/128", false, &c, why, sizeof(why)));
	assert_false(cfg_parse_cidr("2001:db8::/129", false, &c, why, sizeof(why)));
	assert_false(cfg_parse_cidr("192.0.2.0/", false, &c, why, sizeof(why)));
	assert_false(cfg_parse_cidr("192.0.2.0/-1", false, &c, why, sizeof(why)));
	assert_false(cfg_parse_cidr("192.0.2.0/24x", false, &c, why, sizeof(why)));

	/* bare addresses only where allowed */
	assert_false(cfg_parse_cidr("192.0.2.7", false, &c, why, sizeof(why)));
	assert_string_equal(why, "expected a network such as 192.0.2.0/24, "
	    "got \"192.0.2.7\"");
	assert_true(cfg_parse_cidr("192.0.2.7", true, &c, why, sizeof(why)));
	assert_int_equal(c.prefix, 32);
	assert_true(cfg_parse_cidr("2001:db8::7", true, &c, why, sizeof(why)));
	assert_int_equal(c.prefix, 128);
	cfg_format_addr(&c.addr, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::7");
}

static void
test_cfg_value_names(void **state)
{
	char *s = NULL;
	char long_label[80], long_name[300];

	(void)state;
	assert_true(cfg_parse_hostname("Mail.Example.COM.", &s, why, sizeof(why)));
	assert_string_equal(s, "mail.example.com");
	free(s);
	assert_true(cfg_parse_hostname("localhost", &s, why, sizeof(why)));
	free(s);
	assert_false(cfg_parse_hostname("-bad.example.com", &s, why, sizeof(why)));
	assert_false(cfg_parse_hostname("bad-.example.com", &s, why, sizeof(why)));
	assert_false(cfg_parse_hostname("a..b", &s, why, sizeof(why)));
	assert_false(cfg_parse_hostname("under_score.example", &s, why,
	    sizeof(why)));
	assert_false(cfg_parse_hostname("bücher.example", &s, why, sizeof(why)));
	assert_non_null(strstr(why, "xn--"));
	memset(long_label, 'a', 64);
	long_label[64] = '\0';
	assert_false(cfg_parse_hostname(long_label, &s, why, sizeof(why)));
	long_label[63] = '\0';
	assert_true(cfg_parse_hostname(long_label, &s, why, sizeof(why)));
	free(s);
	for (size_t i = 0; i < 255; i++)
		long_name[i] = i % 2 ? '.' : 'a';
	long_name[255] = '\0';	/* 128 labels, 255 chars */
	assert_false(cfg_parse_hostname(long_name, &s, why, sizeof(why)));
	long_name[254] = '\0';	/* a trailing dot does not count */
	assert_true(cfg_parse_hostname(long_name, &s, why, sizeof(why)));
	free(s);
	long_name[253] = '\0';
	assert_true(cfg_parse_hostname(long_name, &s, why, sizeof(why)));
	free(s);

	assert_true(cfg_parse_domain("Example.COM", &s, why, sizeof(why)));
	assert_string_equal(s, "example.com");
	free(s);
	assert_false(cfg_parse_domain("localhost", &s, why, sizeof(why)));
	assert_false(cfg_parse_domain("192.0.2.1", &s, why, sizeof(why)));
	assert_string_equal(why, "expected a domain name such as example.com, "
	    "got \"192.0.2.1\"");
	/* a dotted quad that is no address is said to be one */
	assert_false(cfg_parse_domain("999.1.1.1", &s, why, sizeof(why)));
	assert_string_equal(why, "\"999.1.1.1\": not an IP address (an IPv4 "
	    "address is four numbers from 0 to 255, such as 192.0.2.10)");
	assert_false(cfg_parse_hostname("1.2.3", &s, why, sizeof(why)));
	assert_string_equal(why, "\"1.2.3\": not an IP address (an IPv4 "
	    "address is four numbers from 0 to 255, such as 192.0.2.10)");

	assert_true(cfg_parse_selector("s2024_a.mail", &s, why, sizeof(why)));
	assert_string_equal(s, "s2024_a.mail");
	free(s);
	assert_false(cfg_parse_selector("sel ector", &s, why, sizeof(why)));

	assert_true(cfg_parse_mailaddr("alerts@example.com", &s, why, sizeof(why)));
	assert_string_equal(s, "alerts@example.com");
	free(s);
	assert_false(cfg_parse_mailaddr("alerts", &s, why, sizeof(why)));
	assert_false(cfg_parse_mailaddr("@example.com", &s, why, sizeof(why)));
	assert_false(cfg_parse_mailaddr("Al <a@example.com>", &s, why, sizeof(why)));
}

static void
test_cfg_value_ranges(void **state)
{
	struct cfg_range *v = NULL;
	size_t n = 0;

	(void)state;
	assert_true(cfg_parse_ranges("127.0.0.2-127.0.0.11", &v, &n, why,
	    sizeof(why)));
	assert_int_equal(n, 1);
	assert_int_equal(v[0].lo, 0x7F000002);
	assert_int_equal(v[0].hi, 0x7F00000B);
	assert_true(cfg_parse_ranges("127.0.0.2", &v, &n, why, sizeof(why)));
	assert_int_equal(n, 2);
	assert_int_equal(v[1].lo, v[1].hi);
	assert_true(cfg_parse_ranges("127.0.0.4, 127.0.1.0/24 127.0.2.2-127.0.2.3",
	    &v, &n, why, sizeof(why)));
	assert_int_equal(n, 5);
	assert_int_equal(v[3].lo, 0x7F000100);
	assert_int_equal(v[3].hi, 0x7F0001FF);
	assert_int_equal(v[4].hi, 0x7F000203);

	/* failures leave the list as it was */
	assert_false(cfg_parse_ranges("127.0.0.2, nope", &v, &n, why, sizeof(why)));
	assert_int_equal(n, 5);
	assert_string_equal(why, "expected answer addresses such as "
	    "127.0.0.2-127.0.0.11, 127.0.0.2 or 127.0.0.0/24, got \"nope\"");
	assert_false(cfg_parse_ranges("127.0.0.11-127.0.0.2", &v, &n, why,
	    sizeof(why)));
	assert_non_null(strstr(why, "backwards"));
	assert_false(cfg_parse_ranges("192.0.2.1", &v, &n, why, sizeof(why)));
	assert_non_null(strstr(why, "127.0.0.0/8"));
	assert_false(cfg_parse_ranges("127.0.0.1/24", &v, &n, why, sizeof(why)));
	assert_non_null(strstr(why, "host bits set"));
	assert_false(cfg_parse_ranges("::1", &v, &n, why, sizeof(why)));
	assert_false(cfg_parse_ranges(" , ", &v, &n, why, sizeof(why)));
	assert_int_equal(n, 5);
	free(v);
}

static void
test_cfg_value_severity(void **state)
{
	enum finding_state s = FINDING_UNKNOWN;

	(void)state;
	assert_true(cfg_parse_severity("warning", &s, why, sizeof(why)));
	assert_int_equal(s, FINDING_WARNING);
	assert_true(cfg_parse_severity("CRITICAL", &s, why, sizeof(why)));
	assert_int_equal(s, FINDING_CRITICAL);
	assert_true(cfg_parse_severity("ok", &s, why, sizeof(why)));
	assert_int_equal(s, FINDING_OK);
	assert_false(cfg_parse_severity("unknown", &s, why, sizeof(why)));
	assert_string_equal(why,
	    "expected ok, warning or critical, got \"unknown\"");
}

static void
test_cfg_value_resolver_specs(void **state)
{
	struct cfg_resolver r;

	(void)state;
	assert_true(cfg_parse_resolver("recursive", &r, why, sizeof(why)));
	assert_int_equal(r.kind, CFG_RESOLVER_RECURSIVE);
	cfg_resolver_free(&r);
	assert_true(cfg_parse_resolver("system", &r, why, sizeof(why)));
	assert_int_equal(r.kind, CFG_RESOLVER_SYSTEM);
	cfg_resolver_free(&r);
	assert_true(cfg_parse_resolver("127.0.0.1@5353", &r, why, sizeof(why)));
	assert_int_equal(r.kind, CFG_RESOLVER_FORWARD);
	assert_int_equal(r.port, 5353);
	assert_int_equal(r.addr.af, AF_INET);
	assert_string_equal(r.spec, "127.0.0.1@5353");
	cfg_resolver_free(&r);
	assert_true(cfg_parse_resolver("192.0.2.53", &r, why, sizeof(why)));
	assert_int_equal(r.port, 53);
	cfg_resolver_free(&r);
	assert_true(cfg_parse_resolver("::1@5353", &r, why, sizeof(why)));
	assert_int_equal(r.addr.af, AF_INET6);
	assert_int_equal(r.port, 5353);
	cfg_resolver_free(&r);
	assert_true(cfg_parse_resolver("2001:db8::53", &r, why, sizeof(why)));
	assert_int_equal(r.port, 53);
	cfg_resolver_free(&r);

	assert_false(cfg_parse_resolver("127.0.0.1@0", &r, why, sizeof(why)));
	assert_string_equal(why, "expected a port from 1 to 65535 after '@', "
	    "got \"127.0.0.1@0\"");
	assert_false(cfg_parse_resolver("127.0.0.1@65536", &r, why, sizeof(why)));
	assert_false(cfg_parse_resolver("127.0.0.1@", &r, why, sizeof(why)));
	assert_false(cfg_parse_resolver("dns.example.com", &r, why, sizeof(why)));
	assert_non_null(strstr(why, "recursive, system, or ADDR[@PORT]"));
	assert_false(cfg_parse_resolver("@53", &r, why, sizeof(why)));
	cfg_resolver_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfg_value_durations),
		cmocka_unit_test(test_cfg_value_bools_and_bounds),
		cmocka_unit_test(test_cfg_value_sizes_and_percent),
		cmocka_unit_test(test_cfg_value_addresses),
		cmocka_unit_test(test_cfg_value_cidrs),
		cmocka_unit_test(test_cfg_value_names),
		cmocka_unit_test(test_cfg_value_ranges),
		cmocka_unit_test(test_cfg_value_severity),
		cmocka_unit_test(test_cfg_value_resolver_specs),
	};

	return cmocka_run_group_tests_name("cfg_value", tests, NULL, NULL);
}
