/*
 * spf.c -- SPF probe: record discovery at the domain (RFC 7208 §4.5),
 * TXT string sizes, the obsolete type-99 SPF RR, the tree walk, and the
 * sending IPs' results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/spf.h"
#include "probes/auth/spf_check.h"
#include "probes/auth/spf_memo.h"
#include "probes/auth/spf_record.h"
#include "probes/auth/spf_walk.h"
#include "probes/verdict.h"

/* TXT records that look meant as SPF but are not (RFC 7208 §4.5). */
static bool
spf_near_miss(const char *d, size_t n)
{
	size_t i = 0;

	while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '"'))
		i++;
	return !spf_record_is_spf(d, n) && n - i >= 6 &&
	    (strncasecmp(d + i, "v=spf", 5) == 0 ||
	    strncasecmp(d + i, "spf2.0", 6) == 0);
}

/* The type-99 SPF RR is obsolete; note it when published. */
static void
spf_check_type99(struct authdns *ad, const char *domain, struct verdict *v)
{
	struct dns_answer *a = authdns_query(ad, domain, DNS_T_SPF);

	if (a == NULL)
		return;
	if (a->status == DNS_DATA)
		verdict_add(v, FINDING_WARNING,
		    "%s publishes a type-99 SPF record\nRFC 7208 §3.1 "
		    "removed that type: receivers only read TXT, and two "
		    "copies drift apart. Fix: delete the SPF-type record, "
		    "keep the TXT one.", domain);
	authdns_release(ad, a);
}

/*
 * Picks the record from the TXT answer. Returns a copy of its text
 * (caller frees) or NULL when there is not exactly one (reported).
 */
static char *
spf_select(const struct dns_answer *a, const char *domain, struct verdict *v)
{
	char	*text = NULL;
	size_t	 n = 0;

	for (size_t i = 0; i < a->nrr; i++) {
		const char *d = a->rr[i].u.txt.data;
		size_t len = a->rr[i].u.txt.len;

		if (spf_near_miss(d, len))
			verdict_add(v, FINDING_WARNING,
			    "TXT \"%.40s\" at %s is not an SPF record\n"
			    "Only records starting exactly with \"v=spf1 \" "
			    "count (no leading space, not v=spf10, not "
			    "spf2.0). Fix: correct or delete it.", d, domain);
		if (!spf_record_is_spf(d, len))
			continue;
		if (n++ == 0 && (text = strndup(d, len)) == NULL)
			return NULL;
		if (a->rr[i].u.txt.longest > 255)
			verdict_add(v, FINDING_CRITICAL,
			    "a TXT string of the SPF record is %zu bytes\n"
			    "DNS strings hold at most 255 bytes. Fix: split "
			    "the record into several quoted strings.",
			    a->rr[i].u.txt.longest);
		if (a->rr[i].u.txt.nstrings > 1)
			verdict_note(v, "the record is split into %zu strings, "
			    "joined without spaces", a->rr[i].u.txt.nstrings);
	}
	if (n > 1) {
		verdict_add(v, FINDING_CRITICAL,
		    "%zu SPF records at %s\nReceivers return permerror when a "
		    "domain has more than one, so SPF fails for all mail. "
		    "Fix: merge them into a single v=spf1 record.", n, domain);
		free(text);
		return NULL;
	}
	if (n == 0)
		verdict_add(v, FINDING_WARNING,
		    "%s has no SPF record\nReceivers get SPF \"none\": nothing "
		    "tells them which servers may send for %s, and Gmail and "
		    "Yahoo require SPF or DKIM. Fix: publish TXT \"v=spf1 "
		    "mx -all\" (adjusted to your senders).", domain, domain);
	return text;
}

/* How bad each RFC result is for a server that must be allowed to send. */
static const enum finding_state spf_result_state[] = {
	[SPF_PASS] = FINDING_OK, [SPF_FAIL] = FINDING_CRITICAL,
	[SPF_SOFTFAIL] = FINDING_CRITICAL, [SPF_NEUTRAL] = FINDING_CRITICAL,
	[SPF_NONE] = FINDING_CRITICAL, [SPF_PERMERROR] = FINDING_CRITICAL,
	[SPF_TEMPERROR] = FINDING_UNKNOWN,
};

/* The verdict on one sender from its check_host() outcome. */
static void
spf_sender_verdict(struct verdict *v, const struct spf_sender_id *id,
    const char *domain, const char *ip, const struct spf_outcome *o)
{
	const char *res = spf_result_name(o->result);

	if (o->result == SPF_PASS)
		verdict_note(v, "pass: %s", o->reason);
	else if (o->result == SPF_TEMPERROR)
		verdict_add(v, FINDING_UNKNOWN, "SPF for %s from %s: temperror "
		    "(%s)\nReceivers defer or accept without SPF. Fix: check "
		    "that the name servers answer.", domain, ip, o->reason);
	else if (o->result == SPF_PERMERROR)
		verdict_add(v, FINDING_CRITICAL, "SPF for %s from %s: "
		    "permerror (%s)\nReceivers treat it as a failure, and so "
		    "does DMARC. Fix: see the spf/%s finding.", domain, ip,
		    o->reason, domain);
	else
		verdict_add(v, spf_result_state[o->result],
		    "SPF for %s from %s: %s (%s)%s%s%s\nMail from this server "
		    "fails SPF and, without aligned DKIM, DMARC. Fix: add "
		    "ip%c:%s to the SPF record of %s (or the include of the "
		    "service that sends from it).", domain, ip, res, o->reason,
		    o->explanation[0] ? ", explained: \"" : "",
		    o->explanation, o->explanation[0] ? "\"" : "",
		    strchr(ip, ':') ? '6' : '4', ip, domain);
	if (o->result == SPF_FAIL)
		verdict_note(v, "explanation (exp=): %s", o->explanation[0] ?
		    o->explanation : "none usable (receivers use their "
		    "default)");
	verdict_note(v, "evaluated as MAIL FROM %s%s (%u DNS-querying "
	    "terms, %u void lookups)", id->mail_from && id->mail_from[0] ?
	    id->mail_from : "postmaster@", id->mail_from &&
	    id->mail_from[0] ? "" : domain, o->lookups, o->voids);
	if (id->helo != NULL)
		verdict_note(v, "HELO name: %s", id->helo);
}

/* spf-sender/<domain>/<ip> for each sending IP: RFC 7208 check_host(). */
static int
spf_senders(struct authdns *ad, const char *domain,
    const struct spf_sender_id *id, const char *const *ips, size_t n,
    struct finding_list *l)
{
	for (size_t i = 0; i < n; i++) {
		struct spf_request	 req = { .ip = ips[i], .domain = domain,
					    .sender = id->mail_from,
					    .helo = id->helo };
		struct spf_outcome	 o;
		struct verdict		 v;
		struct finding		*f;
		char			 key[400], summary[300];
		int			 rc;

		verdict_init(&v);
		if (spf_check_host(ad, &req, &o) == -1)
			verdict_add(&v, FINDING_UNKNOWN, "SPF for %s from %s "
			    "could not be evaluated: %s", domain, ips[i],
			    o.reason);
		else
			spf_sender_verdict(&v, id, domain, ips[i], &o);
		snprintf(key, sizeof(key), "spf-sender/%s/%s", domain, ips[i]);
		snprintf(summary, sizeof(summary), "SPF passes for %s from %s",
		    domain, ips[i]);
		rc = verdict_emit(&v, l, key, "spf-sender", ips[i], summary);
		verdict_free(&v);
		if (rc == -1)
			return -1;
		f = &l->v[l->n - 1];
		snprintf(f->result, sizeof(f->result), "%s",
		    spf_result_name(o.result));
		f->result_key = "spf_result";
	}
	return 0;
}

static int
spf_probe_run(struct authdns *ad, const char *domain,
    const char *const *senders, size_t nsenders,
    const struct spf_sender_id *id, struct spf_probe_result *out,
    struct finding_list *l)
{
	struct spf_probe_result	 res = { 0 };
	struct spf_walk		 w = { 0 };
	struct verdict		 v;
	struct dns_answer	*a;
	char			*text = NULL, key[300], summary[300];
	int			 rc;
	bool			 answered;

	verdict_init(&v);
	if ((a = authdns_query(ad, domain, DNS_T_TXT)) == NULL)
		return -1;
	if (a->status == DNS_FAILURE)
		verdict_add(&v, FINDING_UNKNOWN, "TXT lookup for %s failed: %s\n"
		    "Receivers seeing this return temperror and may defer "
		    "mail. Fix: check that the domain's name servers answer.",
		    domain, a->reason);
	else if (a->status == DNS_NXDOMAIN)
		verdict_add(&v, FINDING_CRITICAL, "%s does not exist "
		    "(NXDOMAIN)\nThere is no SPF record, and receivers reject "
		    "senders from non-existent domains. Fix: check the domain "
		    "name and its delegation.", domain);
	else
		text = spf_select(a, domain, &v);
	if (text != NULL) {
		res.found = true;
		verdict_note(&v, "record: %s", text);
		verdict_note(&v, "DNSSEC: %s", a->secure ? "validated" :
		    "not validated (unsigned or not checked)");
		(void)spf_walk(ad, domain, text, &w, &v);
		res.lookups = w.lookups;
		res.voids = w.voids;
	}
	answered = a->status != DNS_FAILURE;
	if (answered)
		spf_check_type99(ad, domain, &v);
	authdns_release(ad, a);
	snprintf(key, sizeof(key), "spf/%s", domain);
	snprintf(summary, sizeof(summary), "SPF record of %s is in order "
	    "(%zu of %d DNS lookups)", domain, res.lookups, SPF_MAX_LOOKUPS);
	rc = verdict_emit(&v, l, key, "spf", domain, summary);
	verdict_free(&v);
	if (rc == 0)
		rc = spf_senders(ad, domain, id, senders, nsenders, l);
	free(text);
	if (out != NULL)
		*out = res;
	return rc;
}

int
spf_probe(struct authdns *ad, const char *domain, const char *const *senders,
    size_t nsenders, const struct spf_sender_id *id,
    struct spf_probe_result *out, struct finding_list *l)
{
	struct spf_memo	 m;
	int		 rc;

	/* The walk and every sender read the same answers: ask once. */
	spf_memo_init(&m, ad);
	rc = spf_probe_run(&m.ad, domain, senders, nsenders, id, out, l);
	spf_memo_free(&m);
	return rc;
}
