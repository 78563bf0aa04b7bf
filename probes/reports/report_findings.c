/*
 * report_findings.c -- DMARC report summary of one domain -> findings
 * (rules in report_findings.h). A message passes DMARC when aligned SPF
 * or aligned DKIM passed (RFC 7489 section 4.2). Findings are appended
 * to the caller's list, which owns them.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "probes/reports/report_findings.h"

#define PROBE	"reports"

static double
pct(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

/* "192.0.2.1 (mail.example.net)", or the IP alone when no name is known. */
static void
source_name(const struct summary_source *s, char *buf, size_t len)
{
	if (s->ptr != NULL && s->ptr[0] != '\0')
		snprintf(buf, len, "%s (%s)", s->ip, s->ptr);
	else
		snprintf(buf, len, "%s (%s)", s->ip, s->ptr == NULL ?
		    "PTR unknown" : "no PTR");
}

static int
add(struct finding_list *fl, const char *domain, const char *kind,
    const char *what, enum finding_state st, const char *summary,
    const char *detail)
{
	char key[600];

	snprintf(key, sizeof(key), "%s/%s/%s/%s", PROBE, domain, kind, what);
	return finding_list_add(fl, key, PROBE, what, st, summary,
	    st == FINDING_OK ? NULL : detail) == NULL ? -1 : 0;
}

static int
source_finding(const struct report_rules *r, const struct summary_domain *v,
    const struct summary_source *s, struct finding_list *fl)
{
	uint64_t failing = s->messages - s->dmarc;
	enum finding_state st = FINDING_OK;
	char name[400], summary[768], detail[512];

	source_name(s, name, sizeof(name));
	if (failing > r->min_failing && s->authorized == 0)
		st = FINDING_WARNING;
	else if (failing > r->min_failing && s->authorized < 0)
		st = FINDING_UNKNOWN;
	if (st == FINDING_WARNING) {
		snprintf(summary, sizeof(summary), "%s source %s sent %llu "
		    "messages as %s, failing DMARC (%llu of %llu in the last "
		    "%s)", s->is_new ? "new" : "unauthorized", name,
		    (unsigned long long)failing, v->domain,
		    (unsigned long long)failing,
		    (unsigned long long)s->messages, r->window);
		snprintf(detail, sizeof(detail), "%s is not an authorized "
		    "sender for %s. If it sends for you, add it to the SPF "
		    "record (and spf_senders) or sign its mail with DKIM for "
		    "%s; if not, it is spoofing: move the DMARC policy to "
		    "p=reject", s->ip, v->domain, v->domain);
	} else if (st == FINDING_UNKNOWN) {
		snprintf(summary, sizeof(summary), "source %s sent %llu messages"
		    " as %s failing DMARC in the last %s; cannot tell whether "
		    "it is authorized", name, (unsigned long long)failing,
		    v->domain, r->window);
		snprintf(detail, sizeof(detail), "no spf_senders for %s and "
		    "SPF could not be evaluated", v->domain);
	} else if (s->messages == 0) {
		snprintf(summary, sizeof(summary), "source %s sent no messages "
		    "as %s in the last %s", name, v->domain, r->window);
	} else {
		snprintf(summary, sizeof(summary), "source %s: %llu of %llu "
		    "messages as %s failing DMARC in the last %s (%s)", name,
		    (unsigned long long)failing,
		    (unsigned long long)s->messages, v->domain, r->window,
		    s->authorized > 0 ? "authorized" : failing > 0 ?
		    "at most new_source_min_messages" : "all pass");
	}
	return add(fl, v->domain, "source", s->ip, st, summary, detail);
}

static int
pass_rate_finding(const struct report_rules *r,
    const struct summary_domain *v, const struct summary_source *s,
    struct finding_list *fl)
{
	double rate = pct(s->dmarc, s->messages);
	double spf = pct(s->spf, s->messages), dkim = pct(s->dkim, s->messages);
	enum finding_state st = rate < r->min_pass_rate ? FINDING_WARNING :
	    FINDING_OK;
	const char *cause = spf < r->min_pass_rate && dkim < r->min_pass_rate ?
	    "both aligned SPF and aligned DKIM are failing" :
	    spf < r->min_pass_rate ? "aligned SPF is failing" :
	    "aligned DKIM is failing";
	char name[400], summary[768], detail[512];

	source_name(s, name, sizeof(name));
	if (s->messages == 0) {
		st = FINDING_OK;
		snprintf(summary, sizeof(summary), "source %s sent no messages "
		    "as %s in the last %s", name, v->domain, r->window);
	} else if (st == FINDING_OK)
		snprintf(summary, sizeof(summary), "authorized source %s passes "
		    "DMARC for %.1f%% of %llu messages as %s in the last %s",
		    name, rate, (unsigned long long)s->messages, v->domain,
		    r->window);
	else
		snprintf(summary, sizeof(summary), "authorized source %s passes "
		    "DMARC for only %.1f%% of %llu messages as %s in the last "
		    "%s (aligned SPF %.1f%%, aligned DKIM %.1f%%): likely %s",
		    name, rate, (unsigned long long)s->messages, v->domain,
		    r->window, spf, dkim, cause);
	snprintf(detail, sizeof(detail), "an authorized sender of %s below "
	    "the minimum DMARC pass rate %g%%: check that %s signs with DKIM "
	    "for %s (d= aligned, selector published) and that its envelope "
	    "sender (Return-Path) is in %s so SPF aligns", v->domain,
	    r->min_pass_rate, s->ip, v->domain, v->domain);
	return add(fl, v->domain, "pass-rate", s->ip, st, summary, detail);
}

static bool
in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v[i], s) == 0)
			return true;
	return false;
}

static int
selector_finding(const struct summary_domain *v,
    const struct summary_selector *k, const struct cfg_domain *dom,
    const char *window, struct finding_list *fl)
{
	bool known = in_list(dom->dkim_selectors, dom->ndkim_selectors,
	    k->selector) || in_list(dom->dkim_retired, dom->ndkim_retired,
	    k->selector);
	char summary[768], detail[512];

	if (k->messages == 0)
		snprintf(summary, sizeof(summary), "DKIM selector %s of %s: not "
		    "seen in the last %s", k->selector, v->domain, window);
	else if (known)
		snprintf(summary, sizeof(summary), "DKIM selector %s of %s: "
		    "%llu messages in the last %s, %.1f%% pass", k->selector,
		    v->domain, (unsigned long long)k->messages, window,
		    pct(k->pass, k->messages));
	else
		snprintf(summary, sizeof(summary), "new DKIM selector %s seen "
		    "for %s: add it to dkim_selectors so the DKIM probe checks "
		    "it (%llu messages in the last %s, %.1f%% pass)",
		    k->selector, v->domain, (unsigned long long)k->messages,
		    window, pct(k->pass, k->messages));
	snprintf(detail, sizeof(detail), "receivers saw mail signed "
	    "d=%s s=%s, a selector not in [domain %s] dkim_selectors: add it "
	    "so the DKIM probe checks its key, or find who signs with it",
	    v->domain, k->selector, v->domain);
	return add(fl, v->domain, "dkim-selector", k->selector, known ||
	    k->messages == 0 ? FINDING_OK : FINDING_WARNING, summary, detail);
}

int
report_findings_domain(const struct report_rules *r,
    const struct summary_domain *v, const struct cfg_domain *dom,
    struct finding_list *fl)
{
	for (size_t i = 0; i < v->nsrc; i++) {
		const struct summary_source *s = &v->src[i];
		if (source_finding(r, v, s, fl) == -1 ||
		    ((s->authorized > 0 || s->messages == 0) &&
		    pass_rate_finding(r, v, s, fl) == -1))
			return -1;
	}
	for (size_t i = 0; dom != NULL && i < v->nsel; i++)
		if (strcasecmp(v->sel[i].domain, v->domain) == 0 &&
		    selector_finding(v, &v->sel[i], dom, r->window, fl) == -1)
			return -1;
	return 0;
}
