/*
 * dnsbl_findings.c -- one (list, target) pair's answer into its finding:
 * not listed (ok), listed (the code's severity, meaning, the list's TXT
 * reason and its delisting URL), could not tell (unknown), or unknown
 * because the list is broken (dnsbl_health.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dnsbl/dnsbl_run.h"

static char *
dnsbl_lookup_url(const struct dnsbl_list *l, const char *target)
{
	const char *tmpl = l->lookup_url;
	const char *pct;
	char *out;
	size_t n;

	if (tmpl == NULL && l->catalog != NULL)
		tmpl = l->catalog->lookup_url;
	if (tmpl == NULL)
		return NULL;
	if ((pct = strstr(tmpl, "%s")) == NULL)
		return strdup(tmpl);
	n = strlen(tmpl) - 2 + strlen(target) + 1;
	if ((out = malloc(n)) == NULL)
		return NULL;
	snprintf(out, n, "%.*s%s%s", (int)(pct - tmpl), tmpl, target, pct + 2);
	return out;
}

/* Adds a finding, with every string scrubbed of the list's key. */
int
dnsbl_add(struct finding_list *out, const struct dnsbl_list *l,
    const char *probe, const char *target, enum finding_state st,
    const char *summary, const char *detail)
{
	char key[600], s[600], d[2048];

	if (strcmp(probe, "dnsbl-health") == 0)
		snprintf(key, sizeof(key), "dnsbl-health/%s", l->zone);
	else
		snprintf(key, sizeof(key), "dnsbl/%s/%s", l->zone, target);
	dnsbl_scrub(l, summary, s, sizeof(s));
	dnsbl_scrub(l, detail, d, sizeof(d));
	/* no empty detail strings: a sweep has one clean finding per pair */
	return finding_list_add(out, key, probe, target, st, s,
	    d[0] != '\0' ? d : NULL) ? 0 : -1;
}

int
dnsbl_pair_finding(const struct dnsbl_run_state *rs, const struct dnsbl_job *j,
    const struct dnsbl_health *h, struct finding_list *out,
    struct dnsbl_run_stats *st)
{
	const struct dnsbl_list *l = &rs->lists[j->list];
	const struct target *t = &rs->ts->v[j->target];
	struct dnsbl_verdict v;
	char summary[512], detail[2048], who[300];
	enum finding_state state;
	char *url;
	int rv;

	if (t->origin != NULL)
		snprintf(who, sizeof(who), "%s (%s)", t->name, t->origin);
	else
		snprintf(who, sizeof(who), "%s", t->name);
	st->checked++;
	if (h->broken) {
		st->unknown++;
		snprintf(summary, sizeof(summary), "%s: cannot tell, %s is broken",
		    who, l->zone);
		snprintf(detail, sizeof(detail), "The list %s %s. Its answers"
		    " cannot be trusted, so this result is unknown. Disable the"
		    " list or wait until its operator fixes it.", l->zone, h->why);
		return dnsbl_add(out, l, "dnsbl", t->name, FINDING_UNKNOWN,
		    summary, detail);
	}
	if (j->ans.status == 0xff)
		dnsbl_classify(l, DNS_FAILURE, NULL, 0, "no answer within the"
		    " time limit", &v);
	else
		dnsbl_classify(l, (enum dns_status)j->ans.status, j->ans.addrs,
		    j->ans.naddrs, j->ans.failure, &v);

	switch (v.cls) {
	case DNSBL_NOT_LISTED:
		snprintf(summary, sizeof(summary), "%s not %s %s", who,
		    l->allow ? "on allow-list" : "listed on", l->zone);
		return dnsbl_add(out, l, "dnsbl", t->name, FINDING_OK, summary,
		    "");
	case DNSBL_FAILED:
	case DNSBL_ERROR:
		st->unknown++;
		snprintf(summary, sizeof(summary), "%s: cannot tell on %s (%s)",
		    who, l->zone, v.cls == DNSBL_FAILED ? v.meaning : v.codes);
		snprintf(detail, sizeof(detail), "%s%s%s", v.cls == DNSBL_ERROR ?
		    v.codes : "", v.cls == DNSBL_ERROR ? ": " : "", v.meaning);
		return dnsbl_add(out, l, "dnsbl", t->name, FINDING_UNKNOWN,
		    summary, detail);
	case DNSBL_LISTED:
		break;
	}

	state = v.severity;
	if (l->allow || state == FINDING_OK) {
		/* allow-lists, and codes that are good or neutral news */
		snprintf(summary, sizeof(summary), "%s is on %s %s (%s)", who,
		    l->allow ? "allow-list" : "list", l->zone, v.codes);
		snprintf(detail, sizeof(detail), "%s%s%s", v.meaning,
		    j->ans.txt ? (v.meaning[0] ? ". List says: " : "List says: ") :
		    "", j->ans.txt ? j->ans.txt : "");
		return dnsbl_add(out, l, "dnsbl", t->name, FINDING_OK, summary,
		    detail);
	}
	st->listed++;
	snprintf(summary, sizeof(summary), "%s listed on %s (%s)", who, l->zone,
	    v.codes);
	url = dnsbl_lookup_url(l, t->name);
	snprintf(detail, sizeof(detail), "Answer %s%s%s%s%s%s%s%s", v.codes,
	    v.meaning[0] ? " -- " : "", v.meaning,
	    j->ans.txt ? ". List says: " : "", j->ans.txt ? j->ans.txt : "",
	    url ? ". Check and request delisting: " : "", url ? url : "",
	    state == FINDING_WARNING ? ". This is a policy listing, not a"
	    " reputation one: receivers using the list reject direct-to-MX"
	    " mail from it; send through your provider's relay or ask for"
	    " removal if this is a static mail server." : "");
	free(url);
	rv = dnsbl_add(out, l, "dnsbl", t->name, state, summary, detail);
	return rv;
}
