/*
 * test_dns_parse.c -- the resolver layer's answer parsing and
 * classification (packets built with ldns, turned into wire format and
 * read back), plus resolver spec parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <ldns/ldns.h>

#include "probes/dns/dns_parse.h"

/*
 * Builds an answer packet for qname/qtype with the given rcode, answer
 * records (presentation format, NULL-terminated) and an optional RFC 8914
 * extended error, then parses and classifies it into a.
 */
static void
parse_with(struct dns_answer *a, const char *qname, uint16_t qtype,
    ldns_pkt_rcode rcode, const char *const *rrs, int ede, const char *ede_txt)
{
	ldns_pkt *pkt = ldns_pkt_new();
	ldns_rr *q = ldns_rr_new();
	uint8_t *wire = NULL;
	size_t len = 0;
	char err[200] = "";

	assert_non_null(pkt);
	ldns_rr_set_owner(q, ldns_dname_new_frm_str(qname));
	ldns_rr_set_type(q, qtype);
	ldns_rr_set_class(q, LDNS_RR_CLASS_IN);
	ldns_rr_set_question(q, true);
	assert_true(ldns_pkt_push_rr(pkt, LDNS_SECTION_QUESTION, q));
	ldns_pkt_set_qr(pkt, true);
	ldns_pkt_set_rcode(pkt, rcode);
	for (size_t i = 0; rrs != NULL && rrs[i] != NULL; i++) {
		ldns_rr *rr = NULL;

		assert_int_equal(ldns_rr_new_frm_str(&rr, rrs[i], 300, NULL,
		    NULL), LDNS_STATUS_OK);
		assert_true(ldns_pkt_push_rr(pkt, LDNS_SECTION_ANSWER, rr));
	}
	if (ede >= 0) {
		ldns_edns_option_list *l = ldns_edns_option_list_new();
		size_t tl = ede_txt != NULL ? strlen(ede_txt) : 0;
		uint8_t *d = malloc(2 + tl);

		d[0] = (uint8_t)(ede >> 8);
		d[1] = (uint8_t)ede;
		if (tl > 0)
			memcpy(d + 2, ede_txt, tl);
		assert_true(ldns_edns_option_list_push(l,
		    ldns_edns_new(LDNS_EDNS_EDE, 2 + tl, d)));
		ldns_pkt_set_edns_udp_size(pkt, 1232);
		ldns_pkt_set_edns_option_list(pkt, l);
	}
	assert_int_equal(ldns_pkt2wire(&wire, pkt, &len), LDNS_STATUS_OK);
	assert_int_equal(dns_answer_init(a, qname, qtype), 0);
	if (dns_parse_packet(a, wire, len, err, sizeof(err)) != 0)
		fail_msg("parse failed: %s", err);
	dns_classify(a, false, false, NULL);
	free(wire);
	ldns_pkt_free(pkt);
}

static void
parse(struct dns_answer *a, const char *qname, uint16_t qtype,
    ldns_pkt_rcode rcode, const char *const *rrs)
{
	parse_with(a, qname, qtype, rcode, rrs, -1, NULL);
}

static void
test_dns_parse_a_two_records(void **state)
{
	const char *rrs[] = {
		"two.lab.test. 60 IN A 192.0.2.1",
		"two.lab.test. 60 IN A 192.0.2.2",
		"other.lab.test. 60 IN A 192.0.2.99",	/* not our name */
		NULL,
	};
	struct dns_answer a;
	char buf[INET_ADDRSTRLEN];
	(void)state;

	parse(&a, "Two.Lab.Test.", DNS_T_A, LDNS_RCODE_NOERROR, rrs);
	assert_string_equal(a.qname, "two.lab.test");
	assert_int_equal(a.status, DNS_DATA);
	assert_int_equal(a.rcode, 0);
	assert_int_equal(a.nrr, 2);
	assert_null(a.canonname);
	assert_int_equal(a.rr[0].ttl, 60);
	assert_string_equal(inet_ntop(AF_INET, &a.rr[0].u.a, buf, sizeof(buf)),
	    "192.0.2.1");
	assert_string_equal(inet_ntop(AF_INET, &a.rr[1].u.a, buf, sizeof(buf)),
	    "192.0.2.2");
	dns_answer_clear(&a);
}

static void
test_dns_parse_aaaa(void **state)
{
	const char *rrs[] = { "v6.lab.test. IN AAAA 2001:db8::10", NULL };
	struct dns_answer a;
	char buf[INET6_ADDRSTRLEN];
	(void)state;

	parse(&a, "v6.lab.test", DNS_T_AAAA, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.status, DNS_DATA);
	assert_int_equal(a.nrr, 1);
	assert_string_equal(inet_ntop(AF_INET6, &a.rr[0].u.aaaa, buf,
	    sizeof(buf)), "2001:db8::10");
	dns_answer_clear(&a);
}

static void
test_dns_parse_txt_joins_strings_across_255_split(void **state)
{
	char big[256], rec[400], want[300];
	const char *rrs[] = { rec, "x.lab.test. IN TXT \"second\"", NULL };
	struct dns_answer a;
	(void)state;

	memset(big, 'a', 255);
	big[255] = '\0';
	snprintf(rec, sizeof(rec), "x.lab.test. IN TXT \"v=spf1 \" \"%s\" \"b\"",
	    big);
	parse(&a, "x.lab.test", DNS_T_TXT, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.status, DNS_DATA);
	assert_int_equal(a.nrr, 2);
	snprintf(want, sizeof(want), "v=spf1 %sb", big);
	assert_int_equal(a.rr[0].u.txt.len, strlen(want));
	assert_string_equal(a.rr[0].u.txt.data, want);
	assert_int_equal(a.rr[0].u.txt.nstrings, 3);
	assert_int_equal(a.rr[0].u.txt.longest, 255);
	assert_string_equal(a.rr[1].u.txt.data, "second");
	assert_int_equal(a.rr[1].u.txt.nstrings, 1);
	assert_int_equal(a.rr[1].u.txt.longest, 6);
	dns_answer_clear(&a);
}

static void
test_dns_parse_txt_keeps_embedded_nul(void **state)
{
	const char *rrs[] = { "n.lab.test. IN TXT \"a\\000b\"", NULL };
	struct dns_answer a;
	(void)state;

	parse(&a, "n.lab.test", DNS_T_TXT, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.nrr, 1);
	assert_int_equal(a.rr[0].u.txt.len, 3);
	assert_memory_equal(a.rr[0].u.txt.data, "a\0b", 4);
	dns_answer_clear(&a);
}

static void
test_dns_parse_mx(void **state)
{
	const char *rrs[] = {
		"lab.test. IN MX 10 mx1.lab.test.",
		"lab.test. IN MX 20 MX2.Lab.Test.",
		NULL,
	};
	struct dns_answer a;
	(void)state;

	parse(&a, "lab.test", DNS_T_MX, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.status, DNS_DATA);
	assert_int_equal(a.nrr, 2);
	assert_int_equal(a.rr[0].u.mx.preference, 10);
	assert_string_equal(a.rr[0].u.mx.host, "mx1.lab.test");
	assert_int_equal(a.rr[1].u.mx.preference, 20);
	assert_string_equal(a.rr[1].u.mx.host, "mx2.lab.test");
	dns_answer_clear(&a);
}

static void
test_dns_parse_tlsa(void **state)
{
	const char *rrs[] = {
		"_25._tcp.mx.lab.test. IN TLSA 3 1 1 "
		    "A8654B3E49AED50823311660661C59A3159BE10453AA6E1740DF0ADD0EFCF022",
		"_25._tcp.mx.lab.test. IN TLSA 2 0 2 00FF",
		NULL,
	};
	struct dns_answer a, *copy;
	(void)state;

	parse(&a, "_25._tcp.mx.lab.test", DNS_T_TLSA, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.status, DNS_DATA);
	assert_int_equal(a.nrr, 2);
	assert_int_equal(a.rr[0].u.tlsa.usage, 3);
	assert_int_equal(a.rr[0].u.tlsa.selector, 1);
	assert_int_equal(a.rr[0].u.tlsa.mtype, 1);
	assert_int_equal(a.rr[0].u.tlsa.len, 32);
	assert_int_equal(a.rr[0].u.tlsa.data[0], 0xa8);
	assert_int_equal(a.rr[0].u.tlsa.data[31], 0x22);
	assert_int_equal(a.rr[1].u.tlsa.usage, 2);
	assert_int_equal(a.rr[1].u.tlsa.mtype, 2);
	assert_int_equal(a.rr[1].u.tlsa.len, 2);
	assert_int_equal(a.rr[1].u.tlsa.data[1], 0xff);
	/* a copy owns its own data */
	copy = dns_answer_copy(&a);
	assert_non_null(copy);
	assert_ptr_not_equal(copy->rr[0].u.tlsa.data, a.rr[0].u.tlsa.data);
	assert_memory_equal(copy->rr[0].u.tlsa.data, a.rr[0].u.tlsa.data, 32);
	dns_answer_free(copy);
	dns_answer_clear(&a);
}

static void
test_dns_parse_null_mx_is_root(void **state)
{
	const char *rrs[] = { "nomail.lab.test. IN MX 0 .", NULL };
	struct dns_answer a;
	(void)state;

	parse(&a, "nomail.lab.test", DNS_T_MX, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.nrr, 1);
	assert_int_equal(a.rr[0].u.mx.preference, 0);
	assert_string_equal(a.rr[0].u.mx.host, ".");
	dns_answer_clear(&a);
}

static void
test_dns_parse_soa_and_ns(void **state)
{
	const char *soa[] = { "lab.test. IN SOA ns1.lab.test. "
	    "hostmaster.lab.test. 2024010101 3600 900 604800 300", NULL };
	const char *ns[] = { "lab.test. IN NS ns1.lab.test.",
	    "lab.test. IN NS ns2.lab.test.", NULL };
	struct dns_answer a;
	(void)state;

	parse(&a, "lab.test", DNS_T_SOA, LDNS_RCODE_NOERROR, soa);
	assert_int_equal(a.nrr, 1);
	assert_string_equal(a.rr[0].u.soa.mname, "ns1.lab.test");
	assert_string_equal(a.rr[0].u.soa.rname, "hostmaster.lab.test");
	assert_int_equal(a.rr[0].u.soa.serial, 2024010101u);
	dns_answer_clear(&a);

	parse(&a, "lab.test", DNS_T_NS, LDNS_RCODE_NOERROR, ns);
	assert_int_equal(a.nrr, 2);
	assert_string_equal(a.rr[0].u.name, "ns1.lab.test");
	assert_string_equal(a.rr[1].u.name, "ns2.lab.test");
	dns_answer_clear(&a);
}

static void
test_dns_parse_ptr_ipv4_and_ipv6(void **state)
{
	const char *v4[] = { "10.2.0.192.in-addr.arpa. IN PTR mail.lab.test.",
	    NULL };
	char v6name[200], v6rr[260];
	const char *v6[] = { v6rr, NULL };
	struct dns_answer a;
	ldns_rdf *addr, *rev;
	char *s;
	(void)state;

	parse(&a, "10.2.0.192.in-addr.arpa", DNS_T_PTR, LDNS_RCODE_NOERROR, v4);
	assert_int_equal(a.status, DNS_DATA);
	assert_string_equal(a.rr[0].u.name, "mail.lab.test");
	dns_answer_clear(&a);

	addr = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_AAAA, "2001:db8::25");
	rev = ldns_rdf_address_reverse(addr);
	s = ldns_rdf2str(rev);
	snprintf(v6name, sizeof(v6name), "%s", s);
	snprintf(v6rr, sizeof(v6rr), "%s IN PTR mx6.lab.test.", s);
	parse(&a, v6name, DNS_T_PTR, LDNS_RCODE_NOERROR, v6);
	assert_int_equal(a.status, DNS_DATA);
	assert_int_equal(a.nrr, 1);
	assert_string_equal(a.rr[0].u.name, "mx6.lab.test");
	assert_int_equal(strlen(a.qname), 63 + 9);	/* 32 nibbles + ip6.arpa */
	dns_answer_clear(&a);
	free(s);
	ldns_rdf_deep_free(rev);
	ldns_rdf_deep_free(addr);
}

static void
test_dns_parse_cname_chain(void **state)
{
	const char *rrs[] = {
		"alias.lab.test. IN CNAME mid.lab.test.",
		"mid.lab.test. IN CNAME www.lab.test.",
		"www.lab.test. IN A 192.0.2.80",
		NULL,
	};
	struct dns_answer a;
	(void)state;

	parse(&a, "alias.lab.test", DNS_T_A, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.status, DNS_DATA);
	assert_string_equal(a.canonname, "www.lab.test");
	assert_int_equal(a.nrr, 1);
	dns_answer_clear(&a);

	/* Asking for the CNAME itself: the record, not the chain. */
	parse(&a, "alias.lab.test", DNS_T_CNAME, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.status, DNS_DATA);
	assert_null(a.canonname);
	assert_int_equal(a.nrr, 1);
	assert_string_equal(a.rr[0].u.name, "mid.lab.test");
	dns_answer_clear(&a);
}

static void
test_dns_parse_cname_to_nothing_is_nodata(void **state)
{
	const char *rrs[] = { "alias.lab.test. IN CNAME www.lab.test.", NULL };
	struct dns_answer a;
	(void)state;

	parse(&a, "alias.lab.test", DNS_T_MX, LDNS_RCODE_NOERROR, rrs);
	assert_int_equal(a.status, DNS_NODATA);
	assert_string_equal(a.canonname, "www.lab.test");
	assert_int_equal(a.nrr, 0);
	dns_answer_clear(&a);
}

static void
test_dns_classify_nodata_vs_nxdomain(void **state)
{
	const char *other[] = { "x.lab.test. IN A 192.0.2.1", NULL };
	struct dns_answer a;
	(void)state;

	/* NOERROR with only a record of another type: NODATA. */
	parse(&a, "x.lab.test", DNS_T_AAAA, LDNS_RCODE_NOERROR, other);
	assert_int_equal(a.status, DNS_NODATA);
	assert_string_equal(dns_status_name(a.status), "NODATA");
	assert_string_equal(a.reason, "");
	dns_answer_clear(&a);

	parse(&a, "nope.lab.test", DNS_T_A, LDNS_RCODE_NXDOMAIN, NULL);
	assert_int_equal(a.status, DNS_NXDOMAIN);
	assert_int_equal(a.rcode, 3);
	assert_string_equal(dns_status_name(a.status), "NXDOMAIN");
	dns_answer_clear(&a);
}

static void
test_dns_classify_failures_name_the_rcode(void **state)
{
	struct dns_answer a;
	(void)state;

	parse(&a, "x.lab.test", DNS_T_A, LDNS_RCODE_SERVFAIL, NULL);
	assert_int_equal(a.status, DNS_FAILURE);
	assert_string_equal(a.reason, "SERVFAIL");
	assert_false(a.timed_out);
	dns_answer_clear(&a);

	parse(&a, "x.lab.test", DNS_T_A, LDNS_RCODE_REFUSED, NULL);
	assert_int_equal(a.status, DNS_FAILURE);
	assert_string_equal(a.reason, "REFUSED");
	dns_answer_clear(&a);

	parse(&a, "x.lab.test", DNS_T_A, LDNS_RCODE_NOTAUTH, NULL);
	assert_int_equal(a.status, DNS_FAILURE);
	assert_string_equal(a.reason, "NOTAUTH");
	dns_answer_clear(&a);

	parse_with(&a, "x.lab.test", DNS_T_A, LDNS_RCODE_SERVFAIL, NULL, 22,
	    NULL);
	assert_int_equal(a.ede_code, 22);
	assert_string_equal(a.reason,
	    "SERVFAIL (extended error 22: No Reachable Authority)");
	dns_answer_clear(&a);

	parse_with(&a, "x.lab.test", DNS_T_A, LDNS_RCODE_REFUSED, NULL, 18,
	    "not for you");
	assert_string_equal(a.reason,
	    "REFUSED (extended error 18: not for you)");
	dns_answer_clear(&a);
}

static void
test_dns_classify_bogus_and_secure(void **state)
{
	const char *rrs[] = { "s.lab.test. IN A 192.0.2.5", NULL };
	struct dns_answer a;
	(void)state;

	parse(&a, "s.lab.test", DNS_T_A, LDNS_RCODE_NOERROR, rrs);
	dns_classify(&a, true, false, NULL);
	assert_int_equal(a.status, DNS_DATA);
	assert_true(a.secure);
	dns_classify(&a, false, true, "signature expired");
	assert_int_equal(a.status, DNS_FAILURE);
	assert_false(a.secure);
	assert_true(a.bogus);
	assert_string_equal(a.reason, "DNSSEC bogus: signature expired");
	assert_int_equal(a.nrr, 0);	/* forged data is not handed out */
	assert_null(a.rr);
	dns_answer_clear(&a);
}

static void
test_dns_answer_timeout_is_never_nxdomain(void **state)
{
	struct dns_answer a;
	(void)state;

	assert_int_equal(dns_answer_init(&a, "x.lab.test.", DNS_T_A), 0);
	dns_answer_set_timeout(&a, 5000);
	assert_int_equal(a.status, DNS_FAILURE);
	assert_true(a.timed_out);
	assert_string_equal(a.reason, "timeout after 5s");
	dns_answer_set_timeout(&a, 250);
	assert_string_equal(a.reason, "timeout after 250ms");
	dns_answer_clear(&a);
}

static void
test_dns_answer_copy_is_deep(void **state)
{
	const char *rrs[] = { "alias.lab.test. IN CNAME t.lab.test.",
	    "t.lab.test. IN TXT \"v=DMARC1; p=reject\"", NULL };
	struct dns_answer a, *c;
	(void)state;

	parse(&a, "alias.lab.test", DNS_T_TXT, LDNS_RCODE_NOERROR, rrs);
	c = dns_answer_copy(&a);
	dns_answer_clear(&a);
	assert_non_null(c);
	assert_string_equal(c->qname, "alias.lab.test");
	assert_string_equal(c->canonname, "t.lab.test");
	assert_int_equal(c->nrr, 1);
	assert_string_equal(c->rr[0].u.txt.data, "v=DMARC1; p=reject");
	dns_answer_free(c);
	dns_answer_free(NULL);
}

static void
test_dns_parse_rejects_garbage(void **state)
{
	const uint8_t junk[] = { 0x12, 0x34, 0x81 };
	struct dns_answer a;
	char err[200] = "";
	(void)state;

	assert_int_equal(dns_answer_init(&a, "x.lab.test", DNS_T_A), 0);
	assert_int_equal(dns_parse_packet(&a, junk, sizeof(junk), err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "malformed answer"));
	dns_answer_clear(&a);
}

static void
test_dns_spec_good(void **state)
{
	struct dns_options o = { 0 };
	char err[200];
	(void)state;

	assert_int_equal(dns_options_add_spec(&o, "127.0.0.1@5353", err,
	    sizeof(err)), 0);
	assert_int_equal(dns_options_add_spec(&o, "::1", err, sizeof(err)), 0);
	assert_int_equal(dns_options_add_spec(&o, "2001:db8::53@53", err,
	    sizeof(err)), 0);
	assert_int_equal(o.mode, DNS_MODE_FORWARD);
	assert_int_equal(o.nforwarders, 3);
	assert_string_equal(o.forwarders[0], "127.0.0.1@5353");
	assert_string_equal(o.forwarders[2], "2001:db8::53@53");
	assert_int_equal(dns_options_add_spec(&o, "system", err, sizeof(err)),
	    0);
	assert_int_equal(o.mode, DNS_MODE_SYSTEM);
	assert_int_equal(o.nforwarders, 0);
	assert_int_equal(dns_options_add_spec(&o, "recursive", err,
	    sizeof(err)), 0);
	assert_int_equal(o.mode, DNS_MODE_RECURSIVE);
	assert_int_equal(dns_options_add_spec(&o, "192.0.2.53", err,
	    sizeof(err)), 0);
	assert_int_equal(o.mode, DNS_MODE_FORWARD);
	assert_int_equal(o.nforwarders, 1);
	dns_options_free(&o);
	assert_null(o.forwarders);
	dns_options_free(NULL);
}

static void
test_dns_spec_bad(void **state)
{
	static const struct {
		const char *spec, *err;
	} cases[] = {
		{ "300.1.1.1", "300.1.1.1: expected recursive, system or "
		    "ADDR[@PORT]" },
		{ "", ": expected recursive, system or ADDR[@PORT]" },
		{ "Recursive", "Recursive: expected recursive, system or "
		    "ADDR[@PORT]" },
		{ "ns.example.com", "ns.example.com: expected recursive, "
		    "system or ADDR[@PORT]" },
		{ "127.0.0.1@", "127.0.0.1@: expected a port 1-65535 after @, "
		    "got \"\"" },
		{ "127.0.0.1@0", "127.0.0.1@0: expected a port 1-65535 after @,"
		    " got \"0\"" },
		{ "127.0.0.1@65536", "127.0.0.1@65536: expected a port 1-65535 "
		    "after @, got \"65536\"" },
		{ "127.0.0.1@53x", "127.0.0.1@53x: expected a port 1-65535 "
		    "after @, got \"53x\"" },
		{ "@53", "@53: expected recursive, system or ADDR[@PORT]" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dns_options o = { 0 };
		char err[200] = "";

		assert_int_equal(dns_options_add_spec(&o, cases[i].spec, err,
		    sizeof(err)), -1);
		assert_string_equal(err, cases[i].err);
		assert_int_equal(o.mode, DNS_MODE_RECURSIVE);
		assert_int_equal(o.nforwarders, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dns_parse_a_two_records),
		cmocka_unit_test(test_dns_parse_aaaa),
		cmocka_unit_test(test_dns_parse_txt_joins_strings_across_255_split),
		cmocka_unit_test(test_dns_parse_txt_keeps_embedded_nul),
		cmocka_unit_test(test_dns_parse_mx),
		cmocka_unit_test(test_dns_parse_tlsa),
		cmocka_unit_test(test_dns_parse_null_mx_is_root),
		cmocka_unit_test(test_dns_parse_soa_and_ns),
		cmocka_unit_test(test_dns_parse_ptr_ipv4_and_ipv6),
		cmocka_unit_test(test_dns_parse_cname_chain),
		cmocka_unit_test(test_dns_parse_cname_to_nothing_is_nodata),
		cmocka_unit_test(test_dns_classify_nodata_vs_nxdomain),
		cmocka_unit_test(test_dns_classify_failures_name_the_rcode),
		cmocka_unit_test(test_dns_classify_bogus_and_secure),
		cmocka_unit_test(test_dns_answer_timeout_is_never_nxdomain),
		cmocka_unit_test(test_dns_answer_copy_is_deep),
		cmocka_unit_test(test_dns_parse_rejects_garbage),
		cmocka_unit_test(test_dns_spec_good),
		cmocka_unit_test(test_dns_spec_bad),
	};

	return cmocka_run_group_tests_name("dns_parse", tests, NULL, NULL);
}
