/*
 * ptr.c -- PTR / rDNS probe. Gmail rejects mail from an IP without a
 * PTR (550-5.7.25) and many receivers require the PTR name to resolve
 * back to the IP (forward-confirmed rDNS, FCrDNS) and distrust generic
 * names that ISPs assign to dial-up and broadband customers.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "probes/auth/ptr.h"
#include "probes/verdict.h"

/* Words ISPs put in names of customer (often dynamic) addresses. */
static const char *const ptr_generic_words[] = {
	"dsl", "adsl", "vdsl", "xdsl", "dynamic", "dyn", "dhcp", "pool",
	"ppp", "pppoe", "dialup", "dial", "cable", "broadband", "client",
	"customer", "cust", "residential", "cpe", "ftth", "fttx",
	"unassigned",
};

int
ptr_reverse_name(const char *ip, char *buf, size_t buflen)
{
	ldns_rdf	*a, *rev;
	char		*s;
	int		 rc = -1;
	size_t		 n;

	a = ldns_rdf_new_frm_str(strchr(ip, ':') ? LDNS_RDF_TYPE_AAAA :
	    LDNS_RDF_TYPE_A, ip);
	if (a == NULL)
		return -1;
	if ((rev = ldns_rdf_address_reverse(a)) != NULL &&
	    (s = ldns_rdf2str(rev)) != NULL) {
		n = strlen(s);
		if (n > 0 && s[n - 1] == '.')
			s[--n] = '\0';
		if (n < buflen) {
			memcpy(buf, s, n + 1);
			rc = 0;
		}
		free(s);
	}
	ldns_rdf_deep_free(rev);
	ldns_rdf_deep_free(a);
	return rc;
}

/* Does name contain the four octets in a row, in either order? */
static bool
ptr_has_octets(const unsigned char o[4], const char *name)
{
	long	 nums[64];
	size_t	 n = 0;
	char	 packed[16], hex[16];

	for (const char *p = name; *p != '\0' && n < 64; ) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		char *end;
		nums[n++] = strtol(p, &end, 10);
		p = end;
	}
	for (size_t i = 0; i + 4 <= n; i++) {
		bool fwd = true, back = true;
		for (size_t j = 0; j < 4; j++) {
			fwd = fwd && nums[i + j] == o[j];
			back = back && nums[i + j] == o[3 - j];
		}
		if (fwd || back)
			return true;
	}
	snprintf(packed, sizeof(packed), "%03u%03u%03u%03u", o[0], o[1], o[2],
	    o[3]);
	snprintf(hex, sizeof(hex), "%02x%02x%02x%02x", o[0], o[1], o[2], o[3]);
	return strstr(name, packed) != NULL || strcasestr(name, hex) != NULL;
}

/* Is one of the generic words a whole alphabetic token of name? */
static const char *
ptr_has_word(const char *name)
{
	const char *p = name;

	while (*p != '\0') {
		size_t n = 0;
		while (p[n] != '\0' && isalpha((unsigned char)p[n]))
			n++;
		for (size_t i = 0; n > 0 && i < sizeof(ptr_generic_words) /
		    sizeof(ptr_generic_words[0]); i++)
			if (strlen(ptr_generic_words[i]) == n &&
			    strncasecmp(p, ptr_generic_words[i], n) == 0)
				return ptr_generic_words[i];
		p += n ? n : 1;
	}
	return NULL;
}

bool
ptr_name_is_generic(const char *ip, const char *name, char *why,
    size_t whylen)
{
	unsigned char	 o[4];
	const char	*w;

	if (inet_pton(AF_INET, ip, o) == 1 && ptr_has_octets(o, name)) {
		snprintf(why, whylen, "it embeds the address %s", ip);
		return true;
	}
	if ((w = ptr_has_word(name)) != NULL) {
		snprintf(why, whylen, "it contains \"%s\"", w);
		return true;
	}
	return false;
}

/* Does name resolve (A or AAAA, as ip's family) to ip? -1: lookup failed. */
static int
ptr_forward_confirms(struct authdns *ad, const char *name, const char *ip)
{
	bool			 v6 = strchr(ip, ':') != NULL;
	unsigned char		 want[16];
	struct dns_answer	*a;
	int			 rc = 0;

	if (inet_pton(v6 ? AF_INET6 : AF_INET, ip, want) != 1)
		return 0;
	if ((a = authdns_query(ad, name, v6 ? DNS_T_AAAA : DNS_T_A)) == NULL)
		return -1;
	if (a->status == DNS_FAILURE)
		rc = -1;
	for (size_t i = 0; a->status == DNS_DATA && i < a->nrr; i++)
		if (a->rr[i].type == (v6 ? DNS_T_AAAA : DNS_T_A) &&
		    memcmp(v6 ? (void *)&a->rr[i].u.aaaa : (void *)&a->rr[i].u.a,
		    want, v6 ? 16 : 4) == 0)
			rc = 1;
	authdns_release(ad, a);
	return rc;
}

/* Checks each PTR name: forward-confirmed, generic, HELO. */
static void
ptr_check_names(struct authdns *ad, const char *ip, const char *helo,
    const struct dns_answer *a, struct verdict *v)
{
	size_t	 nconfirmed = 0, nfailed = 0;
	bool	 helo_match = false;
	char	 why[120];

	for (size_t i = 0; i < a->nrr; i++) {
		const char *name = a->rr[i].u.name;
		int fc = ptr_forward_confirms(ad, name, ip);

		verdict_note(v, "PTR %s -> %s (%s)", ip, name, fc == 1 ?
		    "forward-confirmed" : fc == 0 ? "does not resolve back" :
		    "forward lookup failed");
		nconfirmed += fc == 1;
		nfailed += fc == -1;
		if (ptr_name_is_generic(ip, name, why, sizeof(why)))
			verdict_add(v, FINDING_WARNING,
			    "PTR name %s looks generic: %s\nReceivers score "
			    "or reject mail from names that look like ISP "
			    "customer lines. Fix: ask your provider to set "
			    "the PTR of %s to your mail server's name (e.g. "
			    "mail.your-domain.example).", name, why, ip);
		if (helo != NULL && strcasecmp(helo, name) == 0)
			helo_match = true;
	}
	if (nconfirmed == 0 && nfailed > 0)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not resolve the PTR name of %s back\nFix: check "
		    "that its domain's name servers answer.", ip);
	else if (nconfirmed == 0)
		verdict_add(v, FINDING_CRITICAL,
		    "the PTR name of %s does not resolve back to it\nReceivers "
		    "require forward-confirmed rDNS and reject or junk the "
		    "mail. Fix: add an A/AAAA record for %s pointing to %s, "
		    "or change the PTR to a name that does.", ip,
		    a->rr[0].u.name, ip);
	if (helo != NULL && !helo_match)
		verdict_add(v, FINDING_WARNING,
		    "the HELO name %s is not the PTR name of %s (%s)\n"
		    "Receivers compare them and score mismatches. Fix: set "
		    "the MTA's HELO/EHLO name to %s, or the PTR to %s (with "
		    "a matching A record).", helo, ip, a->rr[0].u.name,
		    a->rr[0].u.name, helo);
}

int
ptr_probe(struct authdns *ad, const char *ip, const char *helo,
    struct finding_list *l)
{
	struct verdict		 v;
	struct dns_answer	*a = NULL;
	char			 rev[128], key[200], summary[300];
	int			 rc;

	verdict_init(&v);
	if (ptr_reverse_name(ip, rev, sizeof(rev)) == -1)
		verdict_add(&v, FINDING_UNKNOWN, "%s is not an IP address\n"
		    "Fix: give an IPv4 or IPv6 address.", ip);
	else if ((a = authdns_query(ad, rev, DNS_T_PTR)) == NULL)
		verdict_add(&v, FINDING_UNKNOWN, "out of memory");
	else if (a->status == DNS_FAILURE)
		verdict_add(&v, FINDING_UNKNOWN, "PTR lookup for %s failed: %s\n"
		    "Receivers seeing this defer or reject. Fix: check the "
		    "reverse zone's name servers (your IP provider's).", ip,
		    a->reason);
	else if (a->status != DNS_DATA)
		verdict_add(&v, FINDING_CRITICAL,
		    "%s has no PTR record (%s)\nGmail rejects such mail with "
		    "\"550-5.7.25 The IP address sending this message does "
		    "not have a PTR record setup\", and most receivers junk "
		    "it. Fix: ask whoever owns the address (hosting or IP "
		    "provider) to set its PTR to your mail server's name, "
		    "and give that name an A record of %s.", ip,
		    a->status == DNS_NXDOMAIN ? "NXDOMAIN" : "no data", ip);
	else {
		if (a->nrr > 1)
			verdict_add(&v, FINDING_WARNING,
			    "%s has %zu PTR records\nReceivers check one of "
			    "them, picked at random, so checks fail "
			    "intermittently. Fix: keep a single PTR.", ip,
			    a->nrr);
		ptr_check_names(ad, ip, helo, a, &v);
		verdict_note(&v, "DNSSEC: %s", a->secure ? "validated" :
		    "not validated (unsigned or not checked)");
	}
	snprintf(key, sizeof(key), "ptr/%s", ip);
	snprintf(summary, sizeof(summary), "%s has forward-confirmed rDNS: %s",
	    ip, a && a->status == DNS_DATA && a->nrr ? a->rr[0].u.name : "");
	rc = verdict_emit(&v, l, key, "ptr", ip, summary);
	verdict_free(&v);
	if (a != NULL)
		authdns_release(ad, a);
	return rc;
}
