/*
 * dnsbl_health.c -- whether a DNSBL can be believed (RFC 5782 §5): its
 * test points answered in the same run (127.0.0.2 listed, 127.0.0.1
 * not; TEST/INVALID for domain lists), its zone's apex, and, when it
 * claims most targets at once, the control addresses. A broken list's
 * findings become unknown (dnsbl_findings.c); its health is a finding of
 * its own.
 */
#include <stdio.h>
#include <string.h>

#include "probes/dnsbl/dnsbl_run.h"

/*
 * Control addresses: the anycast addresses of three large public
 * resolvers (Google, Cloudflare, Quad9), in three networks, that send no
 * mail and that no blocklist operator lists. A list that lists every one
 * of them as well as most of the user's targets lists the world; one that
 * lists the user's range but not them is reporting a real listing, as
 * UCEPROTECT level 2 or an operator after a compromise does (issue 17).
 */
static const char *const dnsbl_controls4[] = {
	"8.8.8.8", "1.1.1.1", "9.9.9.9",
};
static const char *const dnsbl_controls6[] = {
	"2001:4860:4860::8888", "2606:4700:4700::1111", "2620:fe::fe",
};
#define DNSBL_NCONTROLS	3

const char *
dnsbl_control_addr(enum target_kind family, size_t i)
{
	return family == TARGET_IP4 ? dnsbl_controls4[i] : dnsbl_controls6[i];
}

static const char *
dnsbl_test_point_text(const struct dnsbl_list *l, enum target_kind family,
    bool listed)
{
	if (family == TARGET_IP4)
		return listed ? "127.0.0.2" : "127.0.0.1";
	if (family == TARGET_IP6)
		return listed ? "::ffff:7f00:2" : "::ffff:7f00:1";
	return dnsbl_test_domain(l, listed);
}

bool
dnsbl_is_sweep(const struct dnsbl_health *h)
{
	return h->checked_ips >= DNSBL_SWEEP_MIN &&
	    h->listed * 100 >= h->checked_ips * DNSBL_SWEEP_PERCENT;
}

/* Counts, per list, the IP targets checked and those listed (not good news). */
void
dnsbl_count_listed(const struct dnsbl_run_state *rs, struct dnsbl_health *health)
{
	for (size_t i = 0; i < rs->njobs; i++) {
		const struct dnsbl_job *j = &rs->jobs[i];
		struct dnsbl_verdict v;

		if (j->kind != DNSBL_JOB_PAIR || j->cut ||
		    rs->ts->v[j->target].kind == TARGET_DOMAIN)
			continue;
		health[j->list].checked_ips++;
		if (j->ans.status == DNS_DATA) {
			dnsbl_classify(&rs->lists[j->list], DNS_DATA, j->ans.addrs,
			    j->ans.naddrs, NULL, &v);
			if (v.cls == DNSBL_LISTED && v.severity != FINDING_OK)
				health[j->list].listed++;
		}
	}
}

/*
 * A list that claimed most targets at once: broken only when it lists
 * every control address it was asked about too. Controls that went
 * unanswered prove nothing, so the listings stand.
 */
static void
dnsbl_judge_controls(const struct dnsbl_run_state *rs, size_t li,
    struct dnsbl_health *h)
{
	const struct dnsbl_list *l = &rs->lists[li];
	size_t asked = 0, listed = 0;
	char names[200] = "";

	for (size_t i = 0; i < rs->njobs; i++) {
		const struct dnsbl_job *j = &rs->jobs[i];
		struct dnsbl_verdict v;
		size_t used = strlen(names);

		if (j->list != li || j->kind != DNSBL_JOB_CONTROL)
			continue;
		asked++;
		snprintf(names + used, sizeof(names) - used, "%s%s",
		    used > 0 ? ", " : "", dnsbl_control_addr(
		    (enum target_kind)j->family, j->target));
		if (j->ans.status != DNS_DATA)
			continue;
		dnsbl_classify(l, DNS_DATA, j->ans.addrs, j->ans.naddrs, NULL, &v);
		if (v.cls == DNSBL_LISTED && (l->allow || v.severity != FINDING_OK))
			listed++;
	}
	if (asked > 0 && listed == asked) {
		h->broken = true;
		snprintf(h->why, sizeof(h->why), "lists the world: it lists %zu"
		    " of %zu targets at once and every control address (%s),"
		    " which no operator lists", h->listed, h->checked_ips, names);
	}
}

/* Reads one list's test points and apex into h. */
void
dnsbl_judge_health(const struct dnsbl_run_state *rs, size_t li,
    struct dnsbl_health *h)
{
	const struct dnsbl_list *l = &rs->lists[li];
	const struct dnsbl_job *apex = NULL;

	for (size_t i = 0; i < rs->njobs; i++)
		if (rs->jobs[i].list == li && rs->jobs[i].kind == DNSBL_JOB_APEX)
			apex = &rs->jobs[i];

	for (size_t i = 0; i < rs->njobs && !h->broken; i++) {
		const struct dnsbl_job *j = &rs->jobs[i];
		struct dnsbl_verdict v;
		bool want_listed;
		const char *point;

		if (j->list != li || (j->kind != DNSBL_JOB_TEST_LISTED &&
		    j->kind != DNSBL_JOB_TEST_CLEAN))
			continue;
		want_listed = j->kind == DNSBL_JOB_TEST_LISTED;
		point = dnsbl_test_point_text(l, (enum target_kind)j->family,
		    want_listed);
		if (j->ans.status == 0xff) {
			h->broken = true;
			snprintf(h->why, sizeof(h->why), "times out: no answer for"
			    " test point %s within the time limit", point);
			break;
		}
		dnsbl_classify(l, (enum dns_status)j->ans.status, j->ans.addrs,
		    j->ans.naddrs, j->ans.failure, &v);
		switch (v.cls) {
		case DNSBL_FAILED:
			h->broken = true;
			snprintf(h->why, sizeof(h->why), "%s: the query for test"
			    " point %s failed (%s)", strstr(v.meaning, "timeout") ?
			    "times out" : "refuses us or is unreachable", point,
			    v.meaning);
			break;
		case DNSBL_ERROR:
			h->broken = true;
			snprintf(h->why, sizeof(h->why), "refuses us: test point %s"
			    " answered %s: %s", point, v.codes, v.meaning);
			break;
		case DNSBL_LISTED:
			/*
			 * Good news about a test point (Hostkarma's white
			 * code) lists nothing; an allow-list that vouches
			 * for 127.0.0.1 vouches for the world.
			 */
			if (!want_listed && (l->allow ||
			    v.severity != FINDING_OK)) {
				h->broken = true;
				snprintf(h->why, sizeof(h->why), "lists the world:"
				    " test point %s, which must never be listed"
				    " (RFC 5782 §5), is listed (%s)", point, v.codes);
			}
			break;
		case DNSBL_NOT_LISTED:
			if (!want_listed)
				break;
			h->broken = true;
			if (apex != NULL && apex->ans.status == DNS_NXDOMAIN)
				snprintf(h->why, sizeof(h->why), "does not exist:"
				    " the zone %s answers NXDOMAIN (the list was"
				    " shut down or the name is mistyped)", l->zone);
			else
				snprintf(h->why, sizeof(h->why), "does not list its"
				    " test point %s (RFC 5782 §5): it no longer"
				    " lists anything, or it filters our queries",
				    point);
			break;
		}
	}
	if (!h->broken && h->controls_asked)
		dnsbl_judge_controls(rs, li, h);
	/* whatever a dead list does now, say that it is dead */
	if (h->broken && l->catalog != NULL && l->catalog->defunct != NULL) {
		size_t used = strlen(h->why);
		snprintf(h->why + used, sizeof(h->why) - used, " (the catalog"
		    " knows it as defunct: %s)", l->catalog->defunct);
	}
}

/* Judges every list used and appends its dnsbl-health finding. */
int
dnsbl_health_findings(const struct dnsbl_run_state *rs,
    struct dnsbl_health *health, struct finding_list *out,
    struct dnsbl_run_stats *st)
{
	for (size_t li = 0; li < rs->nlists; li++) {
		const struct dnsbl_list *l = &rs->lists[li];
		char summary[512];

		if (!health[li].used || health[li].cut)
			continue;
		dnsbl_judge_health(rs, li, &health[li]);
		if (health[li].broken) {
			st->broken_lists++;
			snprintf(summary, sizeof(summary), "%s is broken: %s",
			    l->zone, health[li].why);
			if (dnsbl_add(out, l, "dnsbl-health", l->zone,
			    FINDING_UNKNOWN, summary, "Findings from this list are"
			    " unknown until it answers its RFC 5782 test points"
			    " correctly. Check the zone name and your resolver, or"
			    " disable the list (enabled = no).") == -1)
				return -1;
		} else {
			if (health[li].controls_asked)
				snprintf(summary, sizeof(summary), "%s answers its"
				    " test points correctly; it lists %zu of %zu"
				    " targets at once but none of the control"
				    " addresses: a whole range is listed",
				    l->zone, health[li].listed,
				    health[li].checked_ips);
			else
				snprintf(summary, sizeof(summary), "%s answers its"
				    " test points correctly", l->zone);
			if (dnsbl_add(out, l, "dnsbl-health", l->zone,
			    FINDING_OK, summary, "") == -1)
				return -1;
		}
	}
	return 0;
}
