/*
 * run_bounces.c -- the service's bounce probe. Each cycle reads what the
 * [bounces] logs gained (bounce_follow.c: offsets survive restarts,
 * rotation and truncation; the state comes from and goes back to the
 * state store with the cycle, e->bounces) and reports, over the
 * [bounces] window:
 *
 *   bounces/rate                  ok, or warning/critical above
 *                                 warn_rate/crit_rate
 *   bounces/blocklisted/LIST/IP   a receiver named the list: the list is
 *                                 asked about the IP at once; critical
 *                                 when it confirms, warning when it does
 *                                 not or cannot be asked; ok once the
 *                                 window holds no such reply
 *   bounces/authentication/DOMAIN and bounces/reverse-dns/DOMAIN
 *                                 warning while receivers reject for
 *                                 SPF/DKIM/DMARC or PTR, then ok
 *
 * A finding's detail is the reason for its state and stays the same from
 * cycle to cycle (the counts are in the summary), so findings_diff makes
 * one event per change, not one per cycle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/cfg_value.h"
#include "probes/bounces/bounce_follow.h"
#include "probes/dnsbl/dnsbl_setup.h"
#include "monitor/log.h"
#include "monitor/run_bounces.h"
#include "probes/dnsbl/dnsbl.h"
#include "probes/dns/target.h"

uint64_t
run_bounces_interval(const struct config *c)
{
	return c->schedule.bounces_ms;
}

bool
run_bounces_wanted(const struct config *c)
{
	return c->bounces.nlogs > 0;
}

enum confirm { CONFIRM_LISTED, CONFIRM_NOT_LISTED, CONFIRM_UNKNOWN };

/* Asks zone about ip with the cycle's resolver; what the list said. */
static enum confirm
run_bounces_confirm(struct engine *e, const char *zone, const char *ip,
    char *said, size_t saidlen)
{
	struct dnsbl_lists known = { 0 }, sel = { 0 };
	struct target_set ts;
	struct finding_list fl = { 0 };
	struct dnsbl_run_stats stats;
	struct dnsbl_run_opts opts = { .deadline_ms = e->deadline_ms };
	enum confirm c = CONFIRM_UNKNOWN;
	char err[512];

	memset(&ts, 0, sizeof(ts));
	memset(&stats, 0, sizeof(stats));
	snprintf(said, saidlen, "not asked");
	if (dnsbl_lists_configure(&known, e->cfg, err, sizeof(err)) == -1 ||
	    dnsbl_lists_select(&known, &zone, 1, &sel, err, sizeof(err)) == -1 ||
	    target_set_add(&ts, ip, TARGET_NAME_BOTH, err, sizeof(err)) == -1 ||
	    dnsbl_run(e->resolver, sel.v, sel.n, &ts, &opts, &fl, &stats) == -1) {
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
run_bounces_rate(struct engine *e, const struct bounce_counts *c,
    const char *win)
{
	const struct cfg_bounces *b = &e->cfg->bounces;
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
	return finding_list_add(&e->findings, "bounces/rate", "bounces",
	    "mail logs", st, summary, st == FINDING_OK ? NULL : detail) ==
	    NULL ? -1 : 0;
}

static int
run_bounces_mention(struct engine *e, const struct bounce_mention *mn,
    bool recent, const char *win)
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
		return finding_list_add(&e->findings, key, "bounces", mn->what,
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
		enum confirm c = run_bounces_confirm(e, mn->what, mn->ip, said,
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
	return finding_list_add(&e->findings, key, "bounces", mn->ip[0] ?
	    mn->ip : mn->what, st, summary, detail) == NULL ? -1 : 0;
}

int
run_bounces_probe(struct engine *e)
{
	const struct config *cfg = e->cfg;
	struct bounce_follow *f = e->bounces;
	struct bounce_counts c;
	uint64_t window_s = cfg->bounces.window_ms / 1000;
	int64_t now = (int64_t)time(NULL);
	char err[512], win[32];

	if (f == NULL) {
		log_err("bounces: no follower state to go on from");
		return -1;
	}
	if (bounce_follow_read(f, cfg->bounces.logs, cfg->bounces.nlogs, now,
	    window_s, err, sizeof(err)) == -1)
		log_err("bounces: %s", err);
	cfg_format_duration(cfg->bounces.window_ms, win, sizeof(win));
	bounce_follow_window(f, now, window_s, &c);
	if (run_bounces_rate(e, &c, win) == -1)
		goto oom;
	for (size_t i = 0; i < f->mentions.cap; i++) {
		const struct bounce_mention *mn = f->mentions.slots[i].val;
		if (f->mentions.slots[i].key != NULL &&
		    run_bounces_mention(e, mn, mn->last_seen >= now -
		    (int64_t)window_s, win) == -1)
			goto oom;
	}
	log_debug("bounces: %llu lines read", (unsigned long long)f->lines);
	return 0;
oom:
	log_err("bounces: out of memory");
	return -1;
}
