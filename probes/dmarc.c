/*
 * dmarc.c -- DMARC probe: record discovery and report authorization.
 *
 * _dmarc.<domain> must hold exactly one v=DMARC1 TXT record (several:
 * receivers ignore them all). With none, the organizational domain's
 * record applies (its sp=). A DMARC record at the apex or an SPF record
 * at _dmarc is a common mistake and is reported. For every rua/ruf
 * address outside the organizational domain, the destination must
 * publish <domain>._report._dmarc.<dest> (RFC 7489 §7.1) -- done here,
 * because libopendmarc's check queries the wrong name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dmarc.h"
#include "probes/dmarc_record.h"
#include "probes/orgdomain.h"
#include "probes/spf_record.h"
#include "probes/verdict.h"

/* What a TXT RRset at a _dmarc name holds. */
struct dmarc_found {
	enum dns_status	 status;
	char		 reason[160];
	bool		 secure;
	size_t		 ndmarc;
	size_t		 nspf;
	char		*text;		/* the first DMARC record */
};

static int
dmarc_fetch(struct authdns *ad, const char *name, struct dmarc_found *f)
{
	struct dns_answer	*a = authdns_query(ad, name, DNS_T_TXT);

	memset(f, 0, sizeof(*f));
	if (a == NULL)
		return -1;
	f->status = a->status;
	f->secure = a->secure;
	snprintf(f->reason, sizeof(f->reason), "%s", a->reason);
	for (size_t i = 0; a->status == DNS_DATA && i < a->nrr; i++) {
		const char *d = a->rr[i].u.txt.data;
		size_t n = a->rr[i].u.txt.len;

		if (spf_record_is_spf(d, n))
			f->nspf++;
		if (!dmarc_record_is_dmarc(d, n))
			continue;
		if (f->ndmarc++ == 0 && (f->text = strndup(d, n)) == NULL) {
			authdns_release(ad, a);
			return -1;
		}
	}
	authdns_release(ad, a);
	return 0;
}

/* RFC 7489 §7.1: may reports about domain go to an address at dest? */
static void
dmarc_check_destination(struct authdns *ad, const char *domain,
    const char *tag, const struct dmarc_uri *u, struct verdict *v)
{
	char			 name[600];
	struct dmarc_found	 f;

	if (u->domain == NULL || orgdomain_same(u->domain, domain))
		return;
	if ((size_t)snprintf(name, sizeof(name), "%s._report._dmarc.%s",
	    domain, u->domain) >= sizeof(name) ||
	    dmarc_fetch(ad, name, &f) == -1) {
		verdict_add(v, FINDING_UNKNOWN, "cannot check %s destination "
		    "%s\nThe authorization name is too long or memory ran "
		    "out.", tag, u->uri);
		return;
	}
	if (f.status == DNS_FAILURE)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not check that %s accepts reports for %s: %s\n"
		    "Fix: check that %s's name servers answer.", u->domain,
		    domain, f.reason, u->domain);
	else if (f.ndmarc == 0)
		verdict_add(v, FINDING_WARNING,
		    "%s %s is outside %s and does not authorize it\n"
		    "Report senders check %s (RFC 7489 §7.1); without a "
		    "v=DMARC1 record there, reports will not be sent. Fix: "
		    "ask the owner of %s to publish TXT \"v=DMARC1;\" at %s, "
		    "or use an address in your own domain.", tag, u->uri,
		    domain, name, u->domain, name);
	else
		verdict_note(v, "%s %s: external destination authorized by %s",
		    tag, u->uri, name);
	free(f.text);
}

/* Checks the record found at policy_domain; adds inherited notes. */
static void
dmarc_check_found(struct authdns *ad, const char *domain,
    const char *policy_domain, const char *text, struct verdict *v)
{
	struct dmarc_record	 rec;

	verdict_note(v, "record at _dmarc.%s: %s", policy_domain, text);
	if (dmarc_record_check(policy_domain, text, &rec, v) == 0 &&
	    strcmp(domain, policy_domain) != 0)
		verdict_note(v, "%s has no record of its own: the "
		    "organizational domain's policy applies, sp=%s",
		    domain, dmarc_policy_name(rec.sp));
	for (size_t i = 0; i < rec.nrua; i++)
		dmarc_check_destination(ad, policy_domain, "rua", &rec.rua[i],
		    v);
	for (size_t i = 0; i < rec.nruf; i++)
		dmarc_check_destination(ad, policy_domain, "ruf", &rec.ruf[i],
		    v);
	dmarc_record_free(&rec);
}

/* The apex must not carry the DMARC record. */
static void
dmarc_check_apex(struct authdns *ad, const char *domain, struct verdict *v)
{
	struct dmarc_found	 f;

	if (dmarc_fetch(ad, domain, &f) == -1)
		return;
	if (f.ndmarc > 0)
		verdict_add(v, FINDING_CRITICAL,
		    "a DMARC record is published at %s itself\nReceivers only "
		    "look at _dmarc.%s, so this record has no effect. Fix: "
		    "move it to _dmarc.%s.", domain, domain, domain);
	free(f.text);
}

/*
 * Looks at _dmarc.<name>; returns 1 when a usable record set was found
 * and checked (or reported as broken), 0 when there is none, -1 on a
 * lookup failure (reported).
 */
static int
dmarc_at(struct authdns *ad, const char *domain, const char *name,
    struct verdict *v)
{
	char			 qname[300];
	struct dmarc_found	 f;
	int			 rc = 0;

	snprintf(qname, sizeof(qname), "_dmarc.%s", name);
	if (dmarc_fetch(ad, qname, &f) == -1) {
		verdict_add(v, FINDING_UNKNOWN, "out of memory");
		return -1;
	}
	if (f.status == DNS_FAILURE) {
		verdict_add(v, FINDING_UNKNOWN,
		    "lookup of %s failed: %s\nReceivers that see the same "
		    "failure treat DMARC as temporarily unavailable. Fix: "
		    "check that the domain's name servers answer.", qname,
		    f.reason);
		rc = -1;
	} else if (f.nspf > 0) {
		verdict_add(v, FINDING_CRITICAL,
		    "an SPF record is published at %s\nSPF is only read at "
		    "the domain itself; at _dmarc it is wrong and, next to a "
		    "DMARC record, confuses tools. Fix: delete the v=spf1 "
		    "record at %s.", qname, qname);
		rc = 1;
	}
	if (f.ndmarc > 1) {
		verdict_add(v, FINDING_CRITICAL,
		    "%zu DMARC records at %s\nReceivers ignore all of them "
		    "when there is more than one (RFC 7489 §6.6.3), so the "
		    "domain has no policy. Fix: merge them into one record.",
		    f.ndmarc, qname);
		rc = 1;
	} else if (f.ndmarc == 1) {
		dmarc_check_found(ad, domain, name, f.text, v);
		verdict_note(v, "DNSSEC: %s", f.secure ? "validated" :
		    "not validated (unsigned or not checked)");
		rc = 1;
	}
	free(f.text);
	return rc;
}

int
dmarc_probe(struct authdns *ad, const char *domain, struct finding_list *l)
{
	struct verdict	 v;
	char		 key[300], org[256], summary[300];
	int		 rc, found;

	verdict_init(&v);
	found = dmarc_at(ad, domain, domain, &v);
	if (found == 0) {
		dmarc_check_apex(ad, domain, &v);
		if (orgdomain_of(domain, org, sizeof(org)) == 0 &&
		    strcmp(org, domain) != 0)
			found = dmarc_at(ad, domain, org, &v);
		if (found == 0)
			verdict_add(&v, FINDING_CRITICAL,
			    "no DMARC record for %s\nReceivers apply no "
			    "policy, anyone can spoof the domain, and Gmail "
			    "and Yahoo require DMARC from bulk senders. Fix: "
			    "publish TXT at _dmarc.%s: \"v=DMARC1; p=none; "
			    "rua=mailto:dmarc-reports@%s\", then tighten to "
			    "p=reject.", domain, domain, domain);
	}
	snprintf(key, sizeof(key), "dmarc/%s", domain);
	snprintf(summary, sizeof(summary), "DMARC record of %s is in order",
	    domain);
	rc = verdict_emit(&v, l, key, "dmarc", domain, summary);
	verdict_free(&v);
	return rc;
}
