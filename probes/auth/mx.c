/*
 * mx.c -- MX probe. A sending domain needs working MX records: bounces
 * and replies go there, and receivers check that the envelope sender's
 * domain can receive mail (RFC 7505 §4.2 lets them refuse senders whose
 * domain publishes a null MX). Each exchange must be a host name
 * (RFC 5321 §2.3.5, §5.1) with an address; a broken exchange is
 * critical when no other one works and a warning when another does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dns/dnsname.h"
#include "probes/auth/mx.h"
#include "probes/verdict.h"

/* What the address lookups of one exchange found. */
struct mx_host {
	const char	*name;		/* borrowed from the answer */
	unsigned	 preference;
	const char	*bad_name;	/* why it is no host name, or NULL */
	size_t		 naddr;
	bool		 failed;	/* a lookup failed: we cannot tell */
	bool		 nx;		/* the name does not exist */
	char		 cname[256];	/* CNAME target, or "" */
};

/* RFC 5321 §2.3.5: letters, digits and hyphens; no IP literal. */
static const char *
mx_name_problem(const char *host)
{
	if (dnsname_is_ip_literal(host))
		return "is an IP address literal (an MX must name a host, "
		    "RFC 5321 §5.1)";
	if (!dnsname_valid(host, strlen(host)) || strchr(host, '_') != NULL)
		return "is not a host name (RFC 5321 §2.3.5 allows only "
		    "letters, digits and hyphens in labels)";
	return NULL;
}

static void
mx_resolve(struct authdns *ad, struct mx_host *h)
{
	static const uint16_t	 types[] = { DNS_T_A, DNS_T_AAAA };

	if ((h->bad_name = mx_name_problem(h->name)) != NULL)
		return;
	for (size_t i = 0; i < 2; i++) {
		struct dns_answer *a = authdns_query(ad, h->name, types[i]);
		if (a == NULL) {
			h->failed = true;
			return;
		}
		if (a->status == DNS_FAILURE)
			h->failed = true;
		if (a->status == DNS_NXDOMAIN)
			h->nx = true;
		if (a->status == DNS_DATA)
			h->naddr += a->nrr;
		if (a->canonname != NULL && h->cname[0] == '\0')
			snprintf(h->cname, sizeof(h->cname), "%s",
			    a->canonname);
		authdns_release(ad, a);
	}
}

/* Reports one exchange; nworking says how many others deliver. */
static void
mx_report_host(const char *domain, const struct mx_host *h,
    size_t nworking, struct verdict *v)
{
	enum finding_state dead = nworking > 0 ? FINDING_WARNING :
	    FINDING_CRITICAL;

	if (h->bad_name != NULL) {
		verdict_add(v, dead,
		    "MX exchange \"%s\" of %s %s\nSenders cannot deliver to "
		    "it%s. Fix: point the MX at a host name with an A/AAAA "
		    "record (create one if needed).", h->name, domain,
		    h->bad_name, nworking > 0 ? "; they use the other MX "
		    "hosts" : ", so mail and bounces to the domain are lost");
		return;
	}
	if (h->cname[0] != '\0')
		verdict_add(v, FINDING_CRITICAL,
		    "MX host %s of %s is a CNAME (to %s)\nRFC 2181 §10.3 "
		    "forbids it and some senders refuse to deliver. Fix: point "
		    "the MX at %s directly.", h->name, domain, h->cname,
		    h->cname);
	if (h->naddr > 0)
		verdict_note(v, "MX %s: %zu address%s", h->name, h->naddr,
		    h->naddr == 1 ? "" : "es");
	else if (h->failed)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not resolve MX host %s of %s\nFix: check that "
		    "its name servers answer.", h->name, domain);
	else
		verdict_add(v, dead,
		    "MX host %s of %s has no address (%s)\nSenders cannot "
		    "deliver to it%s. Fix: give %s an A/AAAA record or remove "
		    "the MX.", h->name, domain, h->nx ? "the name does not "
		    "exist" : "no A or AAAA records", nworking > 0 ? "; they "
		    "fall back to the other MX hosts, which lose their backup" :
		    ", so mail and bounces to the domain are lost", h->name);
}

static bool
mx_is_root(const char *host)
{
	return host[0] == '\0' || strcmp(host, ".") == 0;
}

/*
 * Null MX (RFC 7505 §3): a single record "0 .". Returns true when the
 * set is one, or tries to be one (reported), so no host is resolved.
 */
static bool
mx_null(const struct dns_answer *a, struct verdict *v, const char *domain)
{
	size_t		 nnull = 0;
	unsigned	 pref = 0;

	for (size_t i = 0; i < a->nrr; i++)
		if (mx_is_root(a->rr[i].u.mx.host)) {
			nnull++;
			pref = a->rr[i].u.mx.preference;
		}
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
	if (pref != 0) {
		verdict_add(v, FINDING_WARNING,
		    "MX %u . of %s is not a null MX: RFC 7505 §3 requires "
		    "preference 0\nSenders may try to deliver to the root "
		    "name or treat the domain as broken rather than as one that "
		    "accepts no mail. Fix: publish \"MX 0 .\" if the domain "
		    "receives no mail, otherwise real MX records.", pref,
		    domain);
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

/* Resolves every exchange, then reports each knowing how many work. */
static int
mx_check_hosts(struct authdns *ad, const char *domain,
    const struct dns_answer *a, struct verdict *v)
{
	struct mx_host	*h = calloc(a->nrr, sizeof(*h));
	size_t		 nworking = 0;

	if (h == NULL)
		return -1;
	for (size_t i = 0; i < a->nrr; i++) {
		h[i].name = a->rr[i].u.mx.host;
		h[i].preference = a->rr[i].u.mx.preference;
		mx_resolve(ad, &h[i]);
		if (h[i].bad_name == NULL && h[i].naddr > 0)
			nworking++;
	}
	for (size_t i = 0; i < a->nrr; i++) {
		bool works = h[i].bad_name == NULL && h[i].naddr > 0;
		verdict_note(v, "MX %u %s", h[i].preference, h[i].name);
		mx_report_host(domain, &h[i], nworking - (works ? 1 : 0), v);
	}
	free(h);
	return 0;
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
		if (mx_check_hosts(ad, domain, a, &v) == -1)
			v.oom = true;
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
