/*
 * test_dnsbl_catalog.c -- the built-in DNSBL catalog: every entry is
 * well-formed (zone names, answer ranges, no overlaps, URL formats), the
 * default set is safe (nothing dead, nothing that needs a key), and
 * documented answers decode to the operator's meaning. README.md's table
 * is checked against `sendwatch dnsbl list --markdown` by
 * tests/integration/dnsbl_list.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probes/dnsbl/dnsbl_catalog.h"

/* RFC 1035 host name rules: letters, digits, hyphens; labels 1..63. */
static int
valid_domain(const char *s)
{
	size_t total = strlen(s), label = 0, labels = 0;

	if (total == 0 || total > 253 || s[total - 1] == '.')
		return 0;
	for (size_t i = 0; i <= total; i++) {
		char c = s[i];

		if (c == '.' || c == '\0') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return 0;
			labels++;
			label = 0;
			continue;
		}
		if (label == 0 && c == '-')
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
		label++;
	}
	return labels >= 2;
}

static uint32_t
addr(const char *quad)
{
	uint32_t a = 0;

	if (!dnsbl_catalog_addr(quad, &a))
		fail_msg("not a dotted quad: %s", quad ? quad : "(null)");
	return a;
}

struct range { uint32_t lo, hi; const char *what; };

/* Checks one range and appends it to v; fails on any overlap with v. */
static void
check_range(const struct dnsbl_entry *e, const char *first, const char *last,
    const char *what, struct range *v, size_t *n)
{
	uint32_t lo = addr(first), hi = addr(last);

	if (lo > hi)
		fail_msg("%s: %s %s-%s: first > last", e->name, what, first, last);
	if ((lo >> 24) != 127 || (hi >> 24) != 127)
		fail_msg("%s: %s %s-%s: outside 127.0.0.0/8", e->name, what, first, last);
	for (size_t i = 0; i < *n; i++)
		if (lo <= v[i].hi && v[i].lo <= hi)
			fail_msg("%s: %s %s-%s overlaps a %s range", e->name, what,
			    first, last, v[i].what);
	v[(*n)++] = (struct range){ lo, hi, what };
}

static void
test_dnsbl_catalog_entries_are_well_formed(void **state)
{
	(void)state;
	assert_true(dnsbl_catalog_size() > 0);
	for (size_t i = 0; i < dnsbl_catalog_size(); i++) {
		const struct dnsbl_entry *e = dnsbl_catalog_entry(i);
		struct range v[64];
		size_t n = 0, listings = 0;

		assert_non_null(e->name);
		if (e->zone == NULL || !valid_domain(e->zone))
			fail_msg("%s: zone is not a valid domain name", e->name);
		if (e->key_zone != NULL && !valid_domain(e->key_zone))
			fail_msg("%s: key_zone is not a valid domain name", e->name);
		if (e->kinds == 0 || (e->kinds & ~(unsigned)(DNSBL_IP4 | DNSBL_IP6 | DNSBL_DOMAIN)))
			fail_msg("%s: kinds %#x", e->name, e->kinds);
		if (e->ncodes == 0 || e->codes == NULL)
			fail_msg("%s: no listing codes", e->name);
		assert_true(e->ncodes + e->nerrors <= 64);
		if (e->note == NULL || e->source == NULL ||
		    strncmp(e->source, "http", 4) != 0)
			fail_msg("%s: needs a note and the operator's source page", e->name);
		if (e->checked == NULL || strlen(e->checked) != 10 ||
		    strncmp(e->checked, "20", 2) != 0 || e->checked[4] != '-')
			fail_msg("%s: needs the date its source was read (YYYY-MM-DD)", e->name);
		if (e->terms == NULL || !e->terms[0] || e->summary == NULL || !e->summary[0])
			fail_msg("%s: needs its usage terms and a summary", e->name);
		if (strchr(e->summary, '|') != NULL || strchr(e->terms, '|') != NULL)
			fail_msg("%s: '|' would break README's table", e->name);
		if (e->defunct != NULL && e->defunct[0] == '\0')
			fail_msg("%s: defunct must say when and why", e->name);
		for (size_t c = 0; c < e->ncodes; c++) {
			const struct dnsbl_code *k = &e->codes[c];

			check_range(e, k->first, k->last, "code", v, &n);
			if (k->name == NULL || k->meaning == NULL || !k->name[0] || !k->meaning[0])
				fail_msg("%s: code %s without name or meaning", e->name, k->first);
			/*
			 * RFC 5782 section 5: 127.0.0.1 is never a listing.
			 * Good news may use it (Hostkarma's white, dnswl's
			 * trust level with the category cleared).
			 */
			if (addr(k->first) <= 0x7f000001u && 0x7f000001u <= addr(k->last) &&
			    k->severity != FINDING_OK)
				fail_msg("%s: code %s-%s covers 127.0.0.1", e->name, k->first, k->last);
			/* a bitmask list's code is one bit of the last octet */
			if (e->bitmask && (addr(k->first) != addr(k->last) ||
			    __builtin_popcount(addr(k->first) & 0xff) != 1))
				fail_msg("%s: bitmask code %s is not one bit", e->name, k->first);
			if (k->severity == FINDING_WARNING || k->severity == FINDING_CRITICAL)
				listings++;
			else if (k->severity != FINDING_OK)
				fail_msg("%s: code %s has severity %d", e->name, k->first, k->severity);
		}
		/* An allow-list never lists; a block list has at least one listing code. */
		if (e->allow ? listings != 0 : listings == 0)
			fail_msg("%s: %zu listing codes on a%s list", e->name, listings,
			    e->allow ? "n allow" : " block");
		for (size_t c = 0; c < e->nerrors; c++) {
			const struct dnsbl_error_code *k = &e->errors[c];

			check_range(e, k->first, k->last, "error", v, &n);
			if (k->meaning == NULL || !k->meaning[0])
				fail_msg("%s: error %s without meaning", e->name, k->first);
		}
	}
}

static void
test_dnsbl_catalog_names_and_zones_are_unique(void **state)
{
	(void)state;
	for (size_t i = 0; i < dnsbl_catalog_size(); i++)
		for (size_t j = i + 1; j < dnsbl_catalog_size(); j++) {
			const struct dnsbl_entry *a = dnsbl_catalog_entry(i), *b = dnsbl_catalog_entry(j);

			if (strcmp(a->name, b->name) == 0 || strcmp(a->zone, b->zone) == 0 ||
			    strcmp(a->name, b->zone) == 0 || strcmp(a->zone, b->name) == 0)
				fail_msg("%s and %s share a name or zone", a->name, b->name);
		}
}

/* The URL is used as a printf format with one string: "%s" at most once, no other %. */
static void
test_dnsbl_catalog_lookup_urls_are_safe_formats(void **state)
{
	(void)state;
	for (size_t i = 0; i < dnsbl_catalog_size(); i++) {
		const struct dnsbl_entry *e = dnsbl_catalog_entry(i);
		int conv = 0;

		if (e->lookup_url == NULL)
			continue;
		if (strncmp(e->lookup_url, "https://", 8) != 0 &&
		    strncmp(e->lookup_url, "http://", 7) != 0)
			fail_msg("%s: lookup_url is not a web address", e->name);
		for (const char *p = e->lookup_url; (p = strchr(p, '%')) != NULL; p += 2) {
			if (p[1] != 's')
				fail_msg("%s: lookup_url has %%%c", e->name, p[1]);
			conv++;
		}
		if (conv > 1)
			fail_msg("%s: lookup_url has %d conversions", e->name, conv);
	}
}

static void
test_dnsbl_catalog_defaults_are_safe(void **state)
{
	size_t on = 0;

	(void)state;
	for (size_t i = 0; i < dnsbl_catalog_size(); i++) {
		const struct dnsbl_entry *e = dnsbl_catalog_entry(i);

		if (e->enabled_by_default)
			on++;
		if (e->defunct != NULL && e->enabled_by_default)
			fail_msg("%s is defunct but enabled by default", e->name);
		if (e->policy == DNSBL_POLICY_KEY &&
		    (e->enabled_by_default || e->key_zone == NULL))
			fail_msg("%s needs a key: off by default, with a key_zone", e->name);
		if (e->policy == DNSBL_POLICY_REGISTERED && e->enabled_by_default)
			fail_msg("%s needs a registered resolver: off by default", e->name);
	}
	assert_true(on >= 3);
}

static void
test_dnsbl_catalog_find_by_name_or_zone(void **state)
{
	const struct dnsbl_entry *e;

	(void)state;
	e = dnsbl_catalog_find("spamhaus-zen");
	assert_non_null(e);
	assert_string_equal(e->zone, "zen.spamhaus.org");
	assert_ptr_equal(dnsbl_catalog_find("ZEN.Spamhaus.org."), e);
	assert_ptr_equal(dnsbl_catalog_find("zen.spamhaus.org"), e);
	assert_string_equal(e->key_zone, "zen.dq.spamhaus.net");
	assert_int_equal(e->policy, DNSBL_POLICY_NO_PUBLIC_RESOLVER);
	assert_null(dnsbl_catalog_find("zen.spamhaus.org.."));
	assert_null(dnsbl_catalog_find("spamhaus.org"));
	assert_null(dnsbl_catalog_find(""));
	assert_null(dnsbl_catalog_find(NULL));
	e = dnsbl_catalog_find("b.barracudacentral.org");
	assert_non_null(e);
	assert_int_equal(e->policy, DNSBL_POLICY_REGISTERED);
}

static void
test_dnsbl_catalog_decodes_spamhaus_zen(void **state)
{
	const struct dnsbl_entry *e = dnsbl_catalog_find("zen.spamhaus.org");
	const struct dnsbl_code *c;
	const struct dnsbl_error_code *err;

	(void)state;
	assert_non_null(e);
	c = dnsbl_catalog_code(e, addr("127.0.0.4"));
	assert_non_null(c);
	assert_string_equal(c->name, "XBL");
	assert_int_equal(c->severity, FINDING_CRITICAL);
	c = dnsbl_catalog_code(e, addr("127.0.0.2"));
	assert_non_null(c);
	assert_string_equal(c->name, "SBL");
	c = dnsbl_catalog_code(e, addr("127.0.0.11"));
	assert_non_null(c);
	assert_string_equal(c->name, "PBL");
	assert_int_equal(c->severity, FINDING_WARNING);
	assert_null(dnsbl_catalog_error(e, addr("127.0.0.11")));
	/* Not a documented listing: 127.0.0.1 and the unused 127.0.0.8. */
	assert_null(dnsbl_catalog_code(e, addr("127.0.0.1")));
	assert_null(dnsbl_catalog_code(e, addr("127.0.0.8")));

	err = dnsbl_catalog_error(e, addr("127.255.255.254"));
	assert_non_null(err);
	/* not only public resolvers: generic rDNS and cloud networks too */
	assert_non_null(strstr(err->meaning, "public or shared resolver"));
	assert_non_null(strstr(err->meaning, "generic or no reverse DNS"));
	assert_non_null(strstr(err->meaning, "AWS"));
	assert_null(dnsbl_catalog_code(e, addr("127.255.255.254")));
	err = dnsbl_catalog_error(e, addr("127.255.255.255"));
	assert_non_null(err);
	assert_non_null(strstr(err->meaning, "excessive"));
	assert_non_null(dnsbl_catalog_error(e, addr("127.255.255.252")));
	assert_non_null(dnsbl_catalog_error(e, addr("127.255.255.1")));
	assert_null(dnsbl_catalog_error(e, addr("127.0.1.255")));
	assert_null(dnsbl_catalog_code(NULL, addr("127.0.0.2")));
	assert_null(dnsbl_catalog_error(NULL, addr("127.255.255.254")));
}

static void
test_dnsbl_catalog_decodes_spamhaus_dbl(void **state)
{
	const struct dnsbl_entry *e = dnsbl_catalog_find("dbl.spamhaus.org");
	const struct dnsbl_code *c;
	const struct dnsbl_error_code *err;

	(void)state;
	assert_non_null(e);
	assert_int_equal(e->kinds, DNSBL_DOMAIN);
	err = dnsbl_catalog_error(e, addr("127.0.1.255"));
	assert_non_null(err);
	assert_null(dnsbl_catalog_code(e, addr("127.0.1.255")));
	assert_non_null(dnsbl_catalog_error(e, addr("127.255.255.254")));
	c = dnsbl_catalog_code(e, addr("127.0.1.4"));
	assert_non_null(c);
	assert_non_null(strstr(c->meaning, "phishing"));
	assert_non_null(dnsbl_catalog_code(e, addr("127.0.1.2")));
	/* not documented by Spamhaus today: unknown, never a listing */
	assert_null(dnsbl_catalog_code(e, addr("127.0.1.3")));
	assert_null(dnsbl_catalog_code(e, addr("127.0.1.7")));
	assert_null(dnsbl_catalog_code(e, addr("127.0.1.99")));
	assert_non_null(dnsbl_catalog_code(e, addr("127.0.1.106")));
	assert_null(dnsbl_catalog_code(e, addr("127.0.1.100")));
	assert_null(dnsbl_catalog_code(e, addr("127.0.1.107")));
	assert_null(dnsbl_catalog_code(e, addr("127.0.0.2")));
}

static void
test_dnsbl_catalog_decodes_uribl_surbl_and_dnswl(void **state)
{
	const struct dnsbl_entry *uribl = dnsbl_catalog_find("multi.uribl.com");
	const struct dnsbl_entry *surbl = dnsbl_catalog_find("surbl");
	const struct dnsbl_entry *dnswl = dnsbl_catalog_find("list.dnswl.org");
	const struct dnsbl_code *c;
	const struct dnsbl_error_code *err;

	(void)state;
	assert_non_null(uribl);
	assert_non_null(surbl);
	assert_non_null(dnswl);

	/* URIBL answers 127.0.0.1 to queries it refuses: an error, not a listing. */
	err = dnsbl_catalog_error(uribl, addr("127.0.0.1"));
	assert_non_null(err);
	assert_non_null(strstr(err->meaning, "refused"));
	c = dnsbl_catalog_code(uribl, addr("127.0.0.4"));
	assert_non_null(c);
	assert_int_equal(c->severity, FINDING_WARNING);
	assert_int_equal(dnsbl_catalog_code(uribl, addr("127.0.0.2"))->severity, FINDING_CRITICAL);

	/* SURBL bitmask: 8 is phishing alone; 80 = 16 malware + 64 abuse. */
	c = dnsbl_catalog_code(surbl, addr("127.0.0.8"));
	assert_non_null(c);
	assert_string_equal(c->name, "SURBL-PH");
	{
		struct dnsbl_decoded d;

		dnsbl_catalog_decode(surbl, addr("127.0.0.80"), &d);
		assert_int_equal(d.ncodes, 2);
		assert_string_equal(d.codes[0]->name, "SURBL-MW");
		assert_string_equal(d.codes[1]->name, "SURBL-ABUSE");
		assert_int_equal(d.unknown_bits, 0);
		/* all four lists at once */
		dnsbl_catalog_decode(surbl, addr("127.0.0.216"), &d);
		assert_int_equal(d.ncodes, 4);
		/* the middle octets are reserved: ignored */
		dnsbl_catalog_decode(surbl, addr("127.1.2.16"), &d);
		assert_int_equal(d.ncodes, 1);
		assert_string_equal(d.codes[0]->name, "SURBL-MW");
		dnsbl_catalog_decode(surbl, addr("127.255.0.1"), &d);
		assert_non_null(d.error);
		/* 32 belonged to a retired list: no code, not "several lists" */
		dnsbl_catalog_decode(surbl, addr("127.0.0.32"), &d);
		assert_int_equal(d.ncodes, 0);
		assert_int_equal(d.unknown_bits, 32);
		assert_null(d.error);
		dnsbl_catalog_decode(surbl, addr("127.0.0.40"), &d);
		assert_int_equal(d.ncodes, 1);
		assert_int_equal(d.unknown_bits, 32);
		/* URIBL is a bitmask too: 6 = black + grey */
		dnsbl_catalog_decode(uribl, addr("127.0.0.6"), &d);
		assert_int_equal(d.ncodes, 2);
		assert_string_equal(d.codes[0]->name, "URIBL-BLACK");
	}
	/* 127.0.0.1: SURBL's blocked query, an error and never a listing */
	err = dnsbl_catalog_error(surbl, addr("127.0.0.1"));
	assert_non_null(err);
	assert_non_null(strstr(err->meaning, "blocked"));
	assert_int_not_equal(surbl->policy, DNSBL_POLICY_OPEN);

	/* dnswl: 127.0.<category>.<trust> is good news; 127.0.0.255 is "blocked". */
	assert_true(dnswl->allow);
	c = dnsbl_catalog_code(dnswl, addr("127.0.10.0"));
	assert_non_null(c);
	assert_int_equal(c->severity, FINDING_OK);
	assert_string_equal(c->name, "DNSWL-NONE");
	{
		static const char *const trust[] = {
			"DNSWL-NONE", "DNSWL-LOW", "DNSWL-MED", "DNSWL-HI",
		};
		struct dnsbl_decoded d;

		for (unsigned t = 0; t < 4; t++) {
			dnsbl_catalog_decode(dnswl, 0x7f000300u | t, &d);
			assert_int_equal(d.ncodes, 1);
			assert_string_equal(d.codes[0]->name, trust[t]);
			assert_string_equal(d.category, "email service providers");
		}
		dnsbl_catalog_decode(dnswl, addr("127.0.15.2"), &d);
		assert_string_equal(d.category, "email marketing providers");
		/* an unknown category or trust level is undocumented */
		dnsbl_catalog_decode(dnswl, addr("127.0.99.2"), &d);
		assert_int_equal(d.ncodes, 0);
		dnsbl_catalog_decode(dnswl, addr("127.0.3.4"), &d);
		assert_int_equal(d.ncodes, 0);
		dnsbl_catalog_decode(dnswl, addr("127.0.0.1"), &d);
		assert_int_equal(d.ncodes, 0);
	}
	assert_null(dnsbl_catalog_code(dnswl, addr("127.0.0.255")));
	err = dnsbl_catalog_error(dnswl, addr("127.0.0.255"));
	assert_non_null(err);
	assert_non_null(strstr(err->meaning, "blocked"));
}

/* The lists the issue names as dead stay marked dead and off. */
static void
test_dnsbl_catalog_knows_the_dead_lists(void **state)
{
	static const char *const dead[] = {
		"dnsbl.sorbs.net", "ix.dnsbl.manitu.net", "dnsbl.ahbl.org",
		"bl.spamcannibal.org", "list.dsbl.org", "dnsbl.njabl.org",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(dead) / sizeof(dead[0]); i++) {
		const struct dnsbl_entry *e = dnsbl_catalog_find(dead[i]);

		if (e == NULL || e->defunct == NULL || e->enabled_by_default)
			fail_msg("%s must be in the catalog, defunct and off", dead[i]);
	}
	/* UCEPROTECT levels 2 and 3 list whole networks and ASNs. */
	assert_false(dnsbl_catalog_find("dnsbl-2.uceprotect.net")->enabled_by_default);
	assert_false(dnsbl_catalog_find("dnsbl-3.uceprotect.net")->enabled_by_default);
}

static void
test_dnsbl_catalog_decodes_spamhaus_zrd_and_terms(void **state)
{
	const struct dnsbl_entry *zrd = dnsbl_catalog_find("spamhaus-zrd");
	const struct dnsbl_entry *zen = dnsbl_catalog_find("spamhaus-zen");
	const struct dnsbl_entry *dbl = dnsbl_catalog_find("spamhaus-dbl");
	const struct dnsbl_error_code *err;

	(void)state;
	assert_non_null(zrd);
	/* ZRD's own error: an IP query against a domain list */
	err = dnsbl_catalog_error(zrd, addr("127.0.2.255"));
	assert_non_null(err);
	assert_non_null(strstr(err->meaning, "IP queries"));
	assert_null(dnsbl_catalog_code(zrd, addr("127.0.2.255")));
	assert_non_null(dnsbl_catalog_code(zrd, addr("127.0.2.2")));
	assert_non_null(dnsbl_catalog_code(zrd, addr("127.0.2.24")));
	assert_null(dnsbl_catalog_code(zrd, addr("127.0.2.25")));
	assert_non_null(dnsbl_catalog_error(zrd, addr("127.255.255.254")));
	/* ZEN and DBL are free for non-commercial use only: the terms say so */
	assert_non_null(strstr(zen->terms, "non-commercial"));
	assert_non_null(strstr(dbl->terms, "non-commercial"));
	assert_non_null(strstr(zen->summary, "non-commercial"));
}

static void
test_dnsbl_catalog_decodes_hostkarma(void **state)
{
	const struct dnsbl_entry *e = dnsbl_catalog_find("hostkarma");
	const struct dnsbl_code *c;

	(void)state;
	assert_non_null(e);
	/* 127.0.0.1 is white for Hostkarma: good news, not an error */
	c = dnsbl_catalog_code(e, addr("127.0.0.1"));
	assert_non_null(c);
	assert_int_equal(c->severity, FINDING_OK);
	assert_null(dnsbl_catalog_error(e, addr("127.0.0.1")));
	assert_int_equal(dnsbl_catalog_code(e, addr("127.0.0.2"))->severity, FINDING_CRITICAL);
	assert_int_equal(dnsbl_catalog_code(e, addr("127.0.0.3"))->severity, FINDING_OK);
	assert_int_equal(dnsbl_catalog_code(e, addr("127.0.0.4"))->severity, FINDING_WARNING);
	assert_int_equal(dnsbl_catalog_code(e, addr("127.0.0.5"))->severity, FINDING_OK);
	/* the age records 127.0.2.1-.3 are information, never a listing */
	for (unsigned age = 1; age <= 3; age++) {
		c = dnsbl_catalog_code(e, 0x7f000200u | age);
		assert_non_null(c);
		assert_string_equal(c->name, "HOSTKARMA-AGE");
		assert_int_equal(c->severity, FINDING_OK);
	}
	assert_null(dnsbl_catalog_code(e, addr("127.0.2.4")));
	assert_false(e->enabled_by_default);
}

static void
test_dnsbl_catalog_cbl_follows_spamhaus_rules(void **state)
{
	const struct dnsbl_entry *e = dnsbl_catalog_find("cbl.abuseat.org");

	(void)state;
	assert_non_null(e);
	assert_int_equal(e->policy, DNSBL_POLICY_NO_PUBLIC_RESOLVER);
	assert_non_null(strstr(e->source, "cutover"));
	assert_null(strstr(e->lookup_url, "lookup.cgi"));
	assert_false(e->enabled_by_default);
	assert_int_equal(dnsbl_catalog_code(e, addr("127.0.0.2"))->severity, FINDING_CRITICAL);
}

/* The lists the issue asked for, researched from their operators' pages. */
static void
test_dnsbl_catalog_has_the_lists_admins_expect(void **state)
{
	static const struct {
		const char *zone, *code, *name;
		unsigned kinds;
		enum finding_state severity;
	} want[] = {
		{ "bl.spameatingmonkey.net", "127.0.0.2", "SEM-BLACK", DNSBL_IP4, FINDING_CRITICAL },
		{ "bl.ipv6.spameatingmonkey.net", "127.0.0.2", "SEM-IPV6BL", DNSBL_IP6, FINDING_CRITICAL },
		{ "uribl.spameatingmonkey.net", "127.0.0.2", "SEM-URI", DNSBL_DOMAIN, FINDING_CRITICAL },
		{ "dyna.spamrats.com", "127.0.0.36", "RATS-DYNA", DNSBL_IP4, FINDING_CRITICAL },
		{ "noptr.spamrats.com", "127.0.0.37", "RATS-NOPTR", DNSBL_IP4, FINDING_CRITICAL },
		{ "spam.spamrats.com", "127.0.0.38", "RATS-SPAM", DNSBL_IP4, FINDING_CRITICAL },
		{ "auth.spamrats.com", "127.0.0.43", "RATS-AUTH", DNSBL_IP4, FINDING_CRITICAL },
		{ "all.spamrats.com", "127.0.0.36", "RATS-DYNA", DNSBL_IP4, FINDING_CRITICAL },
		{ "all.spamrats.com", "127.0.0.43", "RATS-AUTH", DNSBL_IP4, FINDING_CRITICAL },
		{ "bl.nordspam.com", "127.0.0.2", "NORDSPAM", DNSBL_IP4 | DNSBL_IP6, FINDING_CRITICAL },
		{ "dbl.nordspam.com", "127.0.0.2", "NORDSPAM-DBL", DNSBL_DOMAIN, FINDING_CRITICAL },
		{ "ips.backscatterer.org", "127.0.0.2", "BACKSCATTERER", DNSBL_IP4, FINDING_WARNING },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct dnsbl_entry *e = dnsbl_catalog_find(want[i].zone);
		const struct dnsbl_code *c;

		if (e == NULL)
			fail_msg("%s is not in the catalog", want[i].zone);
		assert_int_equal(e->kinds, want[i].kinds);
		/* small or with terms that limit free use: off by default */
		assert_false(e->enabled_by_default);
		c = dnsbl_catalog_code(e, addr(want[i].code));
		if (c == NULL)
			fail_msg("%s: %s is not a code", want[i].zone, want[i].code);
		assert_string_equal(c->name, want[i].name);
		assert_int_equal(c->severity, want[i].severity);
		/* anything else the operator does not document stays unknown */
		assert_null(dnsbl_catalog_code(e, addr("127.0.0.99")));
		assert_null(dnsbl_catalog_code(e, addr("127.0.0.1")));
	}
	/* Spamhaus's allow-list: good news only */
	{
		const struct dnsbl_entry *swl = dnsbl_catalog_find("swl.spamhaus.org");

		assert_non_null(swl);
		assert_true(swl->allow);
		assert_false(swl->enabled_by_default);
		for (size_t i = 0; i < 4; i++) {
			static const char *const code[] = {
				"127.0.2.2", "127.0.2.3", "127.0.2.102", "127.0.2.103",
			};
			assert_int_equal(dnsbl_catalog_code(swl, addr(code[i]))->severity, FINDING_OK);
		}
		assert_null(dnsbl_catalog_code(swl, addr("127.0.2.4")));
	}
	/* a single SpamRATS list answers only its own code */
	assert_null(dnsbl_catalog_code(dnsbl_catalog_find("dyna.spamrats.com"), addr("127.0.0.38")));
	/* SpamRATS takes an optional key in the zone, like Spamhaus DQS */
	assert_string_equal(dnsbl_catalog_find("spamrats-spam")->key_zone, "spam.spamrats.com");
	/* SpamEatingMonkey's URI list documents its own test names */
	assert_string_equal(dnsbl_catalog_find("sem-uri")->test_listed, "_DNSBL_.test");
	assert_string_equal(dnsbl_catalog_find("sem-uri")->test_clean, "_DNSBLNEG_.test");
	assert_null(dnsbl_catalog_find("spamhaus-dbl")->test_listed);
}

static void
test_dnsbl_catalog_addr_parses_only_quads(void **state)
{
	uint32_t a = 0;

	(void)state;
	assert_true(dnsbl_catalog_addr("127.0.1.255", &a));
	assert_int_equal(a, 0x7f0001ffu);
	assert_false(dnsbl_catalog_addr("127.0.1", &a));
	assert_false(dnsbl_catalog_addr("127.0.0.256", &a));
	assert_false(dnsbl_catalog_addr("::1", &a));
	assert_false(dnsbl_catalog_addr(NULL, &a));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dnsbl_catalog_entries_are_well_formed),
		cmocka_unit_test(test_dnsbl_catalog_names_and_zones_are_unique),
		cmocka_unit_test(test_dnsbl_catalog_lookup_urls_are_safe_formats),
		cmocka_unit_test(test_dnsbl_catalog_defaults_are_safe),
		cmocka_unit_test(test_dnsbl_catalog_find_by_name_or_zone),
		cmocka_unit_test(test_dnsbl_catalog_decodes_spamhaus_zen),
		cmocka_unit_test(test_dnsbl_catalog_decodes_spamhaus_dbl),
		cmocka_unit_test(test_dnsbl_catalog_decodes_uribl_surbl_and_dnswl),
		cmocka_unit_test(test_dnsbl_catalog_knows_the_dead_lists),
		cmocka_unit_test(test_dnsbl_catalog_decodes_spamhaus_zrd_and_terms),
		cmocka_unit_test(test_dnsbl_catalog_decodes_hostkarma),
		cmocka_unit_test(test_dnsbl_catalog_cbl_follows_spamhaus_rules),
		cmocka_unit_test(test_dnsbl_catalog_has_the_lists_admins_expect),
		cmocka_unit_test(test_dnsbl_catalog_addr_parses_only_quads),
	};
	return cmocka_run_group_tests_name("dnsbl_catalog", tests, NULL, NULL);
}
