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
#include "probes/auth/spf_eval.h"
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

/* spf-sender/<domain>/<ip> for each sending IP. */
static int
spf_senders(struct authdns *ad, const char *domain, const char *const *ips,
    size_t n, bool permerror, struct finding_list *l)
{
	for (size_t i = 0; i < n; i++) {
		struct spf_eval_result	 r;
		struct verdict		 v;
		char			 key[400], summary[300];
		int			 rc;

		verdict_init(&v);
		if (spf_eval(ad, domain, ips[i], &r) == -1)
			verdict_add(&v, FINDING_UNKNOWN, "SPF for %s from %s "
			    "could not be evaluated: %s", domain, ips[i],
			    r.error);
		else if (permerror)
			verdict_add(&v, FINDING_CRITICAL, "SPF for %s from %s: "
			    "permerror at receivers that enforce RFC 7208's "
			    "limits (libspf2 says %s)\nFix: see the spf/%s "
			    "finding.", domain, ips[i], r.result, domain);
		else if (strncmp(ips[i], "127.", 4) == 0 ||
		    strcmp(ips[i], "::1") == 0)
			verdict_add(&v, FINDING_UNKNOWN, "%s is a loopback "
			    "address: libspf2 passes it without looking at "
			    "the record\nFix: check a public sending address.",
			    ips[i]);
		else if (strcmp(r.result, "pass") != 0)
			verdict_add(&v, strcmp(r.result, "temperror") == 0 ?
			    FINDING_UNKNOWN : FINDING_CRITICAL,
			    "SPF for %s from %s: %s (%s)\nMail from this "
			    "server fails SPF and, without aligned DKIM, "
			    "DMARC. Fix: add ip%c:%s to the SPF record of %s "
			    "(or the include of the service that sends from "
			    "it).", domain, ips[i], r.result, r.comment,
			    strchr(ips[i], ':') ? '6' : '4', ips[i], domain);
		snprintf(key, sizeof(key), "spf-sender/%s/%s", domain, ips[i]);
		snprintf(summary, sizeof(summary), "SPF passes for %s from %s",
		    domain, ips[i]);
		rc = verdict_emit(&v, l, key, "spf-sender", ips[i], summary);
		verdict_free(&v);
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
spf_probe(struct authdns *ad, const char *domain, const char *const *senders,
    size_t nsenders, struct spf_probe_result *out, struct finding_list *l)
{
	struct spf_probe_result	 res = { 0 };
	struct spf_walk		 w = { 0 };
	struct verdict		 v;
	struct dns_answer	*a;
	char			*text = NULL, key[300], summary[300];
	int			 rc, walk_rc = 0;
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
		walk_rc = spf_walk(ad, domain, text, &w, &v);
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
	if (rc == 0 && answered)
		rc = spf_senders(ad, domain, senders, nsenders, walk_rc == -1, l);
	free(text);
	if (out != NULL)
		*out = res;
	return rc;
}
