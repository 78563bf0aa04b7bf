/*
 * bounce_findings.c -- what the bounces probe says about the mail logs
 * over the [bounces] window (see bounce_findings.h).
 *
 * A finding's detail is the reason for its state and stays the same from
 * cycle to cycle (the counts are in the summary), so findings_diff makes
 * one event per change, not one per cycle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfg_value.h"
#include "probes/bounces/bounce_findings.h"
#include "probes/dns/target.h"
#include "probes/dnsbl/dnsbl.h"
#include "probes/dnsbl/dnsbl_setup.h"

enum confirm { CONFIRM_LISTED, CONFIRM_NOT_LISTED, CONFIRM_UNKNOWN };

/* Asks zone about ip with the cycle's resolver; what the list said. */
static enum confirm
bounce_confirm(const struct bounce_judge *j, const char *zone, const char *ip,
    char *said, size_t saidlen)
{
	struct dnsbl_lists known = { 0 }, sel = { 0 };
	struct target_set ts;
	struct finding_list fl = { 0 };
	struct dnsbl_run_stats stats;
	struct dnsbl_run_opts opts = { .deadline_ms = j->deadline_ms };
	enum confirm c = CONFIRM_UNKNOWN;
	char err[512];

	memset(&ts, 0, sizeof(ts));
	memset(&stats, 0, sizeof(stats));
	snprintf(said, saidlen, "not asked");
	if (dnsbl_lists_configure(&known, j->cfg, err, sizeof(err)) == -1 ||
	    dnsbl_lists_select(&known, &zone, 1, &sel, err, sizeof(err)) == -1 ||
	    target_set_add(&ts, ip, TARGET_NAME_BOTH, err, sizeof(err)) == -1 ||
	    dnsbl_run(j->res, sel.v, sel.n, &ts, &opts, &fl, &stats) == -1) {
		snprintf(said, saidlen, "%s", err);
		goto done;
	}
	for (size_t i = 0; i < fl.n; i++) {
		const struct finding *f = &fl.v[i];
		if (strcmp(f->probe, "dnsbl") != 0)
			continue;
		snprintf(said, saidlen, "%s", f->summary);
		c = f->state == FINDING_OK ? CONFIRM_NOT_LISTED :
		    f->state == FINDING_UNKNOWN ? CONFIRM_UNKNOWN : CONFIRM_LISTED;
		break;
	}
done:
	finding_list_free(&fl);
	target_set_free(&ts);
	dnsbl_lists_free(&sel);
	dnsbl_lists_free(&known);
	return c;
}

static int
bounce_rate_finding(const struct bounce_judge *j, const struct bounce_counts *c,
    const char *win, struct finding_list *out)
{
	const struct cfg_bounces *b = &j->cfg->bounces;
	double rate = bounce_rate(c);
	enum finding_state st = rate > b->crit_rate ? FINDING_CRITICAL :
	    rate > b->warn_rate ? FINDING_WARNING : FINDING_OK;
	char summary[256], detail[128];

	snprintf(summary, sizeof(summary), "bounce rate %.2f%% over the last"
	    " %s: %llu bounced, %llu delivered, %llu deferred", rate, win,
	    (unsigned long long)c->bounced, (unsigned long long)c->delivered,
	    (unsigned long long)c->deferred);
	snprintf(detail, sizeof(detail), "above the %s bounce rate %.2g%%",
	    st == FINDING_CRITICAL ? "critical" : "warning",
	    st == FINDING_CRITICAL ? b->crit_rate : b->warn_rate);
	return finding_list_add(out, "bounces/rate", "bounces",
	    "mail logs", st, summary, st == FINDING_OK ? NULL : detail) ==
	    NULL ? -1 : 0;
}

static int
bounce_mention_finding(const struct bounce_judge *j,
    const struct bounce_mention *mn, bool recent, const char *win,
    struct finding_list *out)
{
	const char *cat = smtp_category_name(mn->cat);
	char key[400], summary[768], detail[256], said[300];
	enum finding_state st = FINDING_WARNING;

	snprintf(key, sizeof(key), "bounces/%s/%s%s%s", cat, mn->what,
	    mn->ip[0] ? "/" : "", mn->ip);
	if (!recent) {
		snprintf(summary, sizeof(summary), "no %s rejection naming %s%s%s"
		    " in the last %s", cat, mn->what, mn->ip[0] ? " and " : "",
		    mn->ip, win);
		return finding_list_add(out, key, "bounces", mn->what,
		    FINDING_OK, summary, NULL) == NULL ? -1 : 0;
	}
	if (mn->cat != SMTP_CAT_BLOCKLISTED) {
		snprintf(summary, sizeof(summary), "%llu %s rejection%s from %s"
		    " in the last %s", (unsigned long long)mn->count, cat,
		    mn->count == 1 ? "" : "s", mn->what, win);
		snprintf(detail, sizeof(detail), "receivers reject mail for %s",
		    mn->cat == SMTP_CAT_AUTHENTICATION ? "failed SPF, DKIM or"
		    " DMARC checks" : "a missing or mismatched PTR/HELO name");
	} else if (mn->ip[0] && strchr(mn->what, '.') != NULL) {
		enum confirm c = bounce_confirm(j, mn->what, mn->ip, said,
		    sizeof(said));
		st = c == CONFIRM_LISTED ? FINDING_CRITICAL : FINDING_WARNING;
		snprintf(summary, sizeof(summary), "receivers say %s is on %s"
		    " (%llu replies in the last %s); asked at once, the list"
		    " says: %s", mn->ip, mn->what, (unsigned long long)mn->count,
		    win, said);
		snprintf(detail, sizeof(detail), "%s", c == CONFIRM_LISTED ?
		    "named by receivers and confirmed by the list" :
		    c == CONFIRM_NOT_LISTED ? "named by receivers; the list does"
		    " not list it now" : "named by receivers; the list could not"
		    " be asked");
	} else {
		snprintf(summary, sizeof(summary), "receivers say %s%s is on"
		    " %s (%llu replies in the last %s)", mn->ip[0] ? mn->ip :
		    "the sending IP", "", mn->what,
		    (unsigned long long)mn->count, win);
		snprintf(detail, sizeof(detail), "named by receivers");
	}
	return finding_list_add(out, key, "bounces", mn->ip[0] ?
	    mn->ip : mn->what, st, summary, detail) == NULL ? -1 : 0;
}

int
bounce_findings(const struct bounce_judge *j, const struct bounce_follow *f,
    int64_t now, struct finding_list *out)
{
	uint64_t window_s = j->cfg->bounces.window_ms / 1000;
	struct bounce_counts c;
	char win[32];

	cfg_format_duration(j->cfg->bounces.window_ms, win, sizeof(win));
	bounce_follow_window(f, now, window_s, &c);
	if (bounce_rate_finding(j, &c, win, out) == -1)
		return -1;
	for (size_t i = 0; i < f->mentions.cap; i++) {
		const struct bounce_mention *mn = f->mentions.slots[i].val;
		if (f->mentions.slots[i].key != NULL &&
		    bounce_mention_finding(j, mn, mn->last_seen >= now -
		    (int64_t)window_s, win, out) == -1)
			return -1;
	}
	return 0;
}
