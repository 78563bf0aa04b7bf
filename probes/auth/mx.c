/*
 * mx.c -- MX probe. A sending domain needs working MX records: bounces
 * and replies go there, and receivers check that the envelope sender's
 * domain can receive mail (RFC 7505 §4.2 lets them refuse senders whose
 * domain publishes a null MX).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dns/dnsname.h"
#include "probes/auth/mx.h"
#include "probes/verdict.h"

/* Address lookups of one MX host. */
static void
mx_check_host(struct authdns *ad, const char *domain, const char *host,
    struct verdict *v)
{
	static const uint16_t	 types[] = { DNS_T_A, DNS_T_AAAA };
	size_t			 naddr = 0;
	bool			 failed = false, nx = false;
	const char		*cname = NULL;
	char			 cbuf[256] = "";

	if (dnsname_is_ip_literal(host)) {
		verdict_add(v, FINDING_CRITICAL,
		    "MX of %s is an IP address literal (%s)\nAn MX must name "
		    "a host (RFC 5321 §5.1); senders look \"%s\" up as a name "
		    "and fail, so mail to %s bounces. Fix: create a host name "
		    "with an A record of %s and point the MX at it.", domain,
		    host, host, domain, host);
		return;
	}
	for (size_t i = 0; i < 2; i++) {
		struct dns_answer *a = authdns_query(ad, host, types[i]);
		if (a == NULL)
			return;
		if (a->status == DNS_FAILURE)
			failed = true;
		if (a->status == DNS_NXDOMAIN)
			nx = true;
		if (a->status == DNS_DATA)
			naddr += a->nrr;
		if (a->canonname != NULL && cbuf[0] == '\0') {
			snprintf(cbuf, sizeof(cbuf), "%s", a->canonname);
			cname = cbuf;
		}
		authdns_release(ad, a);
	}
	if (cname != NULL)
		verdict_add(v, FINDING_CRITICAL,
		    "MX host %s of %s is a CNAME (to %s)\nRFC 2181 §10.3 "
		    "forbids it and some senders refuse to deliver. Fix: point "
		    "the MX at %s directly.", host, domain, cname, cname);
	if (naddr > 0)
		verdict_note(v, "MX %s: %zu address%s", host, naddr,
		    naddr == 1 ? "" : "es");
	else if (failed)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not resolve MX host %s of %s\nFix: check that "
		    "its name servers answer.", host, domain);
	else
		verdict_add(v, FINDING_CRITICAL,
		    "MX host %s of %s has no address (%s)\nSenders cannot "
		    "deliver to it; if it is the only MX, mail and bounces to "
		    "%s are lost. Fix: give %s an A/AAAA record or remove "
		    "the MX.", host, domain, nx ? "the name does not exist" :
		    "no A or AAAA records", domain, host);
}

/* Null MX: a single "0 ." record. Returns true when the set is one. */
static bool
mx_null(const struct dns_answer *a, struct verdict *v, const char *domain)
{
	size_t	 nnull = 0;

	for (size_t i = 0; i < a->nrr; i++)
		if (a->rr[i].u.mx.host[0] == '\0' ||
		    strcmp(a->rr[i].u.mx.host, ".") == 0)
			nnull++;
	if (nnull == 0)
		return false;
	if (a->nrr > 1) {
		verdict_add(v, FINDING_CRITICAL,
		    "%s publishes a null MX next to other MX records\nA null "
		    "MX must be the only one (RFC 7505 §3); senders may treat "
		    "the domain as accepting no mail. Fix: remove the \"0 .\" "
		    "MX, or all the others.", domain);
		return true;
	}
	verdict_add(v, FINDING_WARNING,
	    "%s has a null MX (RFC 7505): this domain accepts no mail\n"
	    "Bounces and replies cannot reach it, and receivers may reject "
	    "mail whose envelope sender uses it (RFC 7505 §4.2). Fix: if "
	    "the domain sends mail, publish real MX records or send with a "
	    "return path in a domain that has them.", domain);
	return true;
}

int
mx_probe(struct authdns *ad, const char *domain, struct finding_list *l)
{
	struct verdict		 v;
	struct dns_answer	*a;
	char			 key[300], summary[300];
	int			 rc;

	verdict_init(&v);
	if ((a = authdns_query(ad, domain, DNS_T_MX)) == NULL)
		return -1;
	if (a->status == DNS_FAILURE)
		verdict_add(&v, FINDING_UNKNOWN, "MX lookup for %s failed: %s\n"
		    "Senders seeing this retry later. Fix: check that the "
		    "domain's name servers answer.", domain, a->reason);
	else if (a->status == DNS_NXDOMAIN)
		verdict_add(&v, FINDING_CRITICAL,
		    "%s does not exist (NXDOMAIN)\nReceivers reject mail from "
		    "a sender domain that does not exist. Fix: register the "
		    "domain or fix its delegation.", domain);
	else if (a->status == DNS_NODATA)
		verdict_add(&v, FINDING_WARNING,
		    "%s has no MX records\nSenders fall back to its A record, "
		    "and some receivers distrust sender domains without MX. "
		    "Fix: publish MX records naming your inbound mail "
		    "servers.", domain);
	else if (!mx_null(a, &v, domain)) {
		for (size_t i = 0; i < a->nrr; i++) {
			verdict_note(&v, "MX %u %s", a->rr[i].u.mx.preference,
			    a->rr[i].u.mx.host);
			mx_check_host(ad, domain, a->rr[i].u.mx.host, &v);
		}
		verdict_note(&v, "DNSSEC: %s", a->secure ? "validated" :
		    "not validated (unsigned or not checked)");
	}
	snprintf(key, sizeof(key), "mx/%s", domain);
	snprintf(summary, sizeof(summary), "%s has %zu working MX host%s",
	    domain, a->nrr, a->nrr == 1 ? "" : "s");
	rc = verdict_emit(&v, l, key, "mx", domain, summary);
	verdict_free(&v);
	authdns_release(ad, a);
	return rc;
}
