/*
 * dmarc.c -- DMARC probe: record discovery and report authorization.
 *
 * _dmarc.<domain> must hold exactly one v=DMARC1 TXT record (several:
 * receivers ignore them all). With none, the organizational domain's
 * record applies (its sp=). A DMARC record at the apex, an SPF record
 * at _dmarc, and a record receivers skip because of its first bytes (a
 * leading space) are common mistakes and are reported. For every
 * rua/ruf address outside the organizational domain, the destination
 * must publish <domain>._report._dmarc.<dest> (RFC 7489 §7.1) -- done
 * here, because libopendmarc's check queries the wrong name -- and
 * every destination domain must be able to receive mail (MX).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/auth/dmarc.h"
#include "probes/auth/dmarc_record.h"
#include "probes/dns/orgdomain.h"
#include "probes/auth/spf_record.h"
#include "probes/verdict.h"

/* What a TXT RRset at a _dmarc name holds. */
struct dmarc_found {
	enum dns_status	 status;
	char		 reason[160];
	bool		 secure;
	size_t		 ndmarc;
	size_t		 nspf;
	size_t		 nother;	/* TXT records that are not DMARC */
	char		*text;		/* the first DMARC record */
	const char	*near_miss;	/* why a would-be record is skipped */
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
		if (!dmarc_record_is_dmarc(d, n)) {
			const char *why = dmarc_record_near_miss(d, n);
			if (why != NULL && f->near_miss == NULL)
				f->near_miss = why;
			f->nother++;
			continue;
		}
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
	else if (f.nother > 0)
		verdict_add(v, FINDING_WARNING,
		    "%s %s: the authorization at %s has %zu other TXT "
		    "record%s beside v=DMARC1\nRFC 7489 §7.1 asks for a "
		    "v=DMARC1 record there; report senders that expect exactly "
		    "one record may not send. Fix: ask the owner of %s to "
		    "remove the other TXT records at %s.", tag, u->uri, name,
		    f.nother, f.nother == 1 ? "" : "s", u->domain, name);
	else
		verdict_note(v, "%s %s: external destination authorized by %s",
		    tag, u->uri, name);
	free(f.text);
}

/*
 * Reports go by mail: a destination domain without MX records (or with
 * a null MX) may never receive them. Each domain is checked once.
 */
static void
dmarc_check_destination_mx(struct authdns *ad, const char *tag,
    const struct dmarc_uri *u, const struct dmarc_uri *earlier,
    size_t nearlier, struct verdict *v)
{
	struct dns_answer	*a;

	if (u->domain == NULL)
		return;
	for (size_t i = 0; i < nearlier; i++)
		if (earlier[i].domain != NULL &&
		    strcmp(earlier[i].domain, u->domain) == 0)
			return;
	if ((a = authdns_query(ad, u->domain, DNS_T_MX)) == NULL)
		return;
	if (a->status == DNS_FAILURE)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not look up the MX of %s (%s destination): %s\n"
		    "Fix: check that %s's name servers answer.", u->domain,
		    tag, a->reason, u->domain);
	else if (a->status != DNS_DATA)
		verdict_add(v, FINDING_WARNING,
		    "%s destination %s has no MX records\nReport senders "
		    "deliver by mail; without an MX most will not send to "
		    "%s (at best they try its address record, RFC 5321 §5.1). "
		    "Fix: publish MX records for %s or use an address in a "
		    "domain that receives mail.", tag, u->domain, u->uri,
		    u->domain);
	else if (a->nrr == 1 && (a->rr[0].u.mx.host[0] == '\0' ||
	    strcmp(a->rr[0].u.mx.host, ".") == 0))
		verdict_add(v, FINDING_WARNING,
		    "%s destination %s publishes a null MX\nIt accepts no "
		    "mail (RFC 7505), so reports to %s are lost. Fix: use an "
		    "address in a domain that receives mail.", tag, u->domain,
		    u->uri);
	authdns_release(ad, a);
}

/*
 * Alignment (RFC 7489 §3.1): includes in the domain's SPF record that
 * belong to another organizational domain are services that send with
 * their own return-path unless told otherwise. Relaxed SPF alignment
 * then needs a custom return-path under the organizational domain;
 * strict alignment needs exactly the domain.
 */
static void
dmarc_check_alignment(struct authdns *ad, const char *domain,
    const struct dmarc_record *rec, struct verdict *v)
{
	struct dns_answer	*a = authdns_query(ad, domain, DNS_T_TXT);
	struct spf_record	 spf;
	struct verdict		 ignored;

	if (a == NULL)
		return;
	for (size_t i = 0; a->status == DNS_DATA && i < a->nrr; i++) {
		char *text;

		if (!spf_record_is_spf(a->rr[i].u.txt.data,
		    a->rr[i].u.txt.len) || (text = strndup(a->rr[i].u.txt.data,
		    a->rr[i].u.txt.len)) == NULL)
			continue;
		verdict_init(&ignored);	/* the SPF probe reports syntax */
		(void)spf_record_parse(domain, text, &spf, &ignored);
		verdict_free(&ignored);
		for (size_t j = 0; j < spf.n; j++) {
			const struct spf_term *t = &spf.v[j];
			if (t->mech != SPF_M_INCLUDE || t->has_macro ||
			    orgdomain_same(t->domain, domain))
				continue;
			if (rec->aspf == 's')
				verdict_add(v, FINDING_WARNING,
				    "aspf=s, but the SPF record includes %s "
				    "(another organization)\nMail sent through "
				    "that service passes SPF for its own "
				    "return-path, which strict alignment "
				    "rejects. Fix: set the service's "
				    "return-path (bounce domain) to exactly "
				    "%s, or use aspf=r with a return-path under "
				    "%s, and sign with DKIM d=%s.", t->domain,
				    domain, domain, domain);
			else
				verdict_note(v, "include:%s is another "
				    "organization's: its mail aligns for SPF "
				    "only with a return-path under this domain "
				    "(strict alignment, aspf=s, would need "
				    "exactly %s)", t->domain, domain);
		}
		if (rec->adkim == 's')
			verdict_note(v, "adkim=s: only signatures with d=%s "
			    "exactly align (a provider's d= or a subdomain "
			    "fails)", domain);
		spf_record_free(&spf);
		free(text);
	}
	authdns_release(ad, a);
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
	dmarc_check_alignment(ad, domain, &rec, v);
	for (size_t i = 0; i < rec.nrua; i++) {
		dmarc_check_destination(ad, policy_domain, "rua", &rec.rua[i],
		    v);
		dmarc_check_destination_mx(ad, "rua", &rec.rua[i], rec.rua, i,
		    v);
	}
	for (size_t i = 0; i < rec.nruf; i++) {
		dmarc_check_destination(ad, policy_domain, "ruf", &rec.ruf[i],
		    v);
		dmarc_check_destination_mx(ad, "ruf", &rec.ruf[i], rec.ruf, i,
		    v);
	}
	dmarc_record_free(&rec);
}

/*
 * The apex must not carry the DMARC record: critical when it is the
 * only one (the domain has no policy), a warning beside _dmarc's.
 */
static void
dmarc_check_apex(struct authdns *ad, const char *domain, bool has_record,
    struct verdict *v)
{
	struct dmarc_found	 f;

	if (dmarc_fetch(ad, domain, &f) == -1)
		return;
	if (f.ndmarc > 0 && !has_record)
		verdict_add(v, FINDING_CRITICAL,
		    "a DMARC record is published at %s itself\nReceivers only "
		    "look at _dmarc.%s (RFC 7489 §6.1), so this record has no "
		    "effect. Fix: move it to _dmarc.%s.", domain, domain,
		    domain);
	else if (f.ndmarc > 0)
		verdict_add(v, FINDING_WARNING,
		    "a second DMARC record is published at %s itself\n"
		    "Receivers only look at _dmarc.%s (RFC 7489 §6.1), so "
		    "the one at %s has no effect and only misleads whoever "
		    "reads it. Fix: delete the v=DMARC1 TXT record at %s.",
		    domain, domain, domain, domain);
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
	if (f.ndmarc == 0 && f.near_miss != NULL) {
		verdict_add(v, FINDING_CRITICAL,
		    "the TXT record at %s is not a DMARC record: %s\n"
		    "Receivers only use a TXT record that starts exactly with "
		    "\"v=DMARC1\" (RFC 7489 §6.6.3), so %s has no DMARC policy. "
		    "Fix: publish it with nothing before v=DMARC1, as "
		    "\"v=DMARC1; p=...\".", qname, f.near_miss, name);
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
	if (found >= 0)
		dmarc_check_apex(ad, domain, found == 1, &v);
	if (found == 0) {
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
