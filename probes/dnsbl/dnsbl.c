/*
 * dnsbl.c -- runs the DNSBL probe (see dnsbl.h).
 *
 * Every query of a run is submitted up front and the resolver layer keeps
 * a bounded window of them in flight. Answers are stored compactly per
 * (list, target) pair (status and up to four A records) and read only once
 * the whole run is in, because a pair's finding depends on its list's
 * health: the RFC 5782 §5 test points answered in the same run and, when
 * a list claims most targets at once, the control addresses (below).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probes/dnsbl/dnsbl.h"

#define DNSBL_MAX_ADDRS		4
/*
 * A list claiming this share of at least DNSBL_SWEEP_MIN targets at once is
 * asked about the control addresses before its answers are believed.
 */
#define DNSBL_SWEEP_MIN		10
#define DNSBL_SWEEP_PERCENT	90

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

struct dnsbl_answer {
	uint8_t		 status;	/* enum dns_status; 0xff: not answered */
	uint8_t		 naddrs;
	uint32_t	 addrs[DNSBL_MAX_ADDRS];
	char		*failure;	/* DNS_FAILURE reason */
	char		*txt;		/* TXT reason, listed pairs only */
};

struct dnsbl_job;

struct dnsbl_run_state {
	struct dns_resolver		*r;
	const struct dnsbl_list		*lists;
	size_t				 nlists;
	const struct target_set		*ts;
	const struct dnsbl_run_opts	*opts;
	struct dnsbl_job		*jobs;
	size_t				 njobs;
	size_t				 done;
	size_t				 total;
	size_t				 queries;
	size_t				 next;		/* next job to submit */
	size_t				 outstanding;	/* submitted, not answered */
	size_t				 cut;		/* pairs left out: stopped */
	int				 oom;
};

/*
 * Jobs are handed to the resolver a window at a time, from the answer
 * callbacks, so that neither side holds a queued copy of every query of
 * a large sweep at once.
 */
#define DNSBL_FEED_WINDOW	4096

/* A pair, a test point (target == NULL) or a zone apex probe. */
enum dnsbl_job_kind {
	DNSBL_JOB_PAIR,
	DNSBL_JOB_TEST_LISTED,		/* 127.0.0.2 / ::ffff:7f00:2 / TEST */
	DNSBL_JOB_TEST_CLEAN,		/* 127.0.0.1 / ::ffff:7f00:1 / INVALID */
	DNSBL_JOB_APEX,			/* SOA of the zone: does it exist? */
	DNSBL_JOB_CONTROL,		/* a control address (target: which) */
};

struct dnsbl_job {
	struct dnsbl_run_state	*rs;
	uint32_t		 list;
	uint32_t		 target;	/* PAIR only */
	uint8_t			 kind;
	uint8_t			 family;	/* test points: which kind */
	uint8_t			 txt_pending;	/* its TXT query not answered */
	uint8_t			 cut;		/* stopped run: left out */
	struct dnsbl_answer	 ans;
};

struct dnsbl_health {
	bool	 used;		/* the run had a target of a kind it takes */
	bool	 broken;
	char	 why[400];
	size_t	 listed;
	size_t	 checked_ips;
	bool	 controls_asked;	/* a sweep made us ask the controls */
	bool	 cut;		/* stopped before its test points answered */
};

static void dnsbl_a_answer(void *, const struct dns_answer *);
static int dnsbl_job_qname(const struct dnsbl_run_state *,
    const struct dnsbl_job *, char *, size_t);

static void
dnsbl_feed(struct dnsbl_run_state *rs)
{
	char qname[512];

	/*
	 * past the run's deadline, what is left stays unanswered (unknown);
	 * once the resolver is stopped, it is left out (see dnsbl_run)
	 */
	if ((rs->opts != NULL && rs->opts->deadline_ms != 0 &&
	    dns_now_ms() >= rs->opts->deadline_ms) || dns_stopped(rs->r))
		return;
	while (rs->next < rs->njobs && rs->outstanding < DNSBL_FEED_WINDOW) {
		struct dnsbl_job *j = &rs->jobs[rs->next++];
		uint16_t type = j->kind == DNSBL_JOB_APEX ? DNS_T_SOA : DNS_T_A;

		if (dnsbl_job_qname(rs, j, qname, sizeof(qname)) == -1 ||
		    dns_submit(rs->r, qname, type, dnsbl_a_answer, j) == -1) {
			j->ans.status = DNS_FAILURE;
			if ((j->ans.failure = strdup("invalid query name")) == NULL)
				rs->oom = 1;
			rs->total--;
			continue;
		}
		rs->queries++;
		if (rs->opts != NULL && rs->opts->list_queries != NULL)
			rs->opts->list_queries[j->list]++;
		rs->outstanding++;
	}
}

static void
dnsbl_progress(struct dnsbl_run_state *rs)
{
	rs->done++;
	rs->outstanding--;
	dnsbl_feed(rs);
	if (rs->opts != NULL && rs->opts->progress != NULL &&
	    (rs->done % 256 == 0 || rs->done == rs->total))
		rs->opts->progress(rs->opts->progress_arg, rs->done, rs->total);
}

static void
dnsbl_txt_answer(void *arg, const struct dns_answer *ans)
{
	struct dnsbl_job *j = arg;
	size_t len = 0;
	char *txt;

	dnsbl_progress(j->rs);
	if (ans->stopped)
		return;
	j->txt_pending = 0;
	if (ans->status != DNS_DATA)
		return;
	for (size_t i = 0; i < ans->nrr; i++)
		if (ans->rr[i].type == DNS_T_TXT)
			len += strlen(ans->rr[i].u.txt.data) + 2;
	if (len == 0 || (txt = calloc(1, len + 1)) == NULL)
		return;
	len = 0;
	for (size_t i = 0; i < ans->nrr; i++) {
		size_t n;
		if (ans->rr[i].type != DNS_T_TXT)
			continue;
		if (len > 0) {
			memcpy(txt + len, "; ", 2);
			len += 2;
		}
		n = strlen(ans->rr[i].u.txt.data);
		memcpy(txt + len, ans->rr[i].u.txt.data, n);
		len += n;
	}
	free(j->ans.txt);
	j->ans.txt = txt;
}

static void
dnsbl_a_answer(void *arg, const struct dns_answer *ans)
{
	struct dnsbl_job *j = arg;
	struct dnsbl_run_state *rs = j->rs;

	dnsbl_progress(rs);
	if (ans->stopped)
		return;		/* not answered: left out of a stopped run */
	j->ans.status = (uint8_t)ans->status;
	if (ans->status == DNS_FAILURE &&
	    (j->ans.failure = strdup(ans->reason[0] ? ans->reason :
	    "lookup failed")) == NULL)
		rs->oom = 1;
	for (size_t i = 0; i < ans->nrr && j->ans.naddrs < DNSBL_MAX_ADDRS; i++)
		if (ans->rr[i].type == DNS_T_A)
			j->ans.addrs[j->ans.naddrs++] = ntohl(ans->rr[i].u.a.s_addr);

	/* The TXT reason is fetched for listed pairs only. */
	if (j->kind == DNSBL_JOB_PAIR && ans->status == DNS_DATA) {
		struct dnsbl_verdict v;
		dnsbl_classify(&rs->lists[j->list], DNS_DATA, j->ans.addrs,
		    j->ans.naddrs, NULL, &v);
		char qname[512];
		if (v.cls == DNSBL_LISTED &&
		    dnsbl_job_qname(rs, j, qname, sizeof(qname)) == 0 &&
		    dns_submit(rs->r, qname, DNS_T_TXT, dnsbl_txt_answer, j) == 0) {
			j->txt_pending = 1;
			rs->total++;
			rs->queries++;
			if (rs->opts != NULL && rs->opts->list_queries != NULL)
				rs->opts->list_queries[j->list]++;
			rs->outstanding++;
		}
	}
}

bool
dnsbl_list_fits(const struct dnsbl_list *l, enum target_kind k)
{
	switch (k) {
	case TARGET_IP4:
		return (l->kinds & DNSBL_IP4) != 0;
	case TARGET_IP6:
		return (l->kinds & DNSBL_IP6) != 0;
	case TARGET_DOMAIN:
		return (l->kinds & DNSBL_DOMAIN) != 0;
	}
	return false;
}

/*
 * A domain list's RFC 5782 test point: TEST (listed) and INVALID (never
 * listed), unless the operator documents its own (SpamEatingMonkey).
 */
static const char *
dnsbl_test_domain(const struct dnsbl_list *l, bool listed)
{
	const struct dnsbl_entry *e = l->catalog;

	if (listed)
		return e != NULL && e->test_listed != NULL ? e->test_listed : "test";
	return e != NULL && e->test_clean != NULL ? e->test_clean : "invalid";
}

/*
 * Writes a job's query name into buf (the names are rebuilt rather than
 * stored: a sweep holds hundreds of thousands of jobs). Returns 0, or -1
 * when the name does not fit.
 */
static int
dnsbl_job_qname(const struct dnsbl_run_state *rs, const struct dnsbl_job *j,
    char *buf, size_t len)
{
	const struct dnsbl_list *l = &rs->lists[j->list];
	enum target_kind family = (enum target_kind)j->family;
	struct target_addr a = { 0 };
	int n;

	switch (j->kind) {
	case DNSBL_JOB_APEX:
		n = snprintf(buf, len, "%s", l->query_zone);
		return n < 0 || (size_t)n >= len ? -1 : 0;
	case DNSBL_JOB_PAIR:
		if (rs->ts->v[j->target].kind == TARGET_DOMAIN) {
			n = snprintf(buf, len, "%s.%s", rs->ts->v[j->target].name,
			    l->query_zone);
			return n < 0 || (size_t)n >= len ? -1 : 0;
		}
		a = rs->ts->v[j->target].addr;
		break;
	default:
		if (family == TARGET_DOMAIN) {
			n = snprintf(buf, len, "%s.%s", dnsbl_test_domain(l,
			    j->kind == DNSBL_JOB_TEST_LISTED), l->query_zone);
			return n < 0 || (size_t)n >= len ? -1 : 0;
		}
		break;
	}
	if (j->kind == DNSBL_JOB_CONTROL) {
		const char *ctl = family == TARGET_IP4 ?
		    dnsbl_controls4[j->target] : dnsbl_controls6[j->target];
		a.family = family == TARGET_IP4 ? AF_INET : AF_INET6;
		inet_pton(a.family, ctl, family == TARGET_IP4 ?
		    (void *)&a.u.v4 : (void *)&a.u.v6);
	} else if (j->kind != DNSBL_JOB_PAIR && family == TARGET_IP4) {
		a.family = AF_INET;
		a.u.v4.s_addr = htonl(j->kind == DNSBL_JOB_TEST_LISTED ?
		    0x7f000002 : 0x7f000001);
	} else if (j->kind != DNSBL_JOB_PAIR) {
		a.family = AF_INET6;
		inet_pton(AF_INET6, j->kind == DNSBL_JOB_TEST_LISTED ?
		    "::ffff:7f00:2" : "::ffff:7f00:1", &a.u.v6);
	}
	return target_reverse_name(&a, l->query_zone, buf, len);
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

static bool
dnsbl_is_sweep(const struct dnsbl_health *h)
{
	return h->checked_ips >= DNSBL_SWEEP_MIN &&
	    h->listed * 100 >= h->checked_ips * DNSBL_SWEEP_PERCENT;
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
		    used > 0 ? ", " : "", j->family == TARGET_IP4 ?
		    dnsbl_controls4[j->target] : dnsbl_controls6[j->target]);
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
static void
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
static int
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

static int
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

size_t
dnsbl_list_planned_queries(const struct dnsbl_list *l,
    const struct target_set *ts)
{
	bool has[3] = { false, false, false };
	size_t n = 0;

	for (size_t i = 0; i < ts->n; i++)
		if (dnsbl_list_fits(l, ts->v[i].kind)) {
			has[ts->v[i].kind] = true;
			n++;
		}
	for (int k = 0; k < 3; k++)
		n += has[k] ? 2 : 0;
	return n > 0 ? n + 1 : 0;
}

static int
dnsbl_push_job(struct dnsbl_run_state *rs, size_t cap, size_t li, size_t ti,
    enum dnsbl_job_kind kind, enum target_kind family)
{
	struct dnsbl_job *j;

	if (rs->njobs >= cap)
		return -1;
	j = &rs->jobs[rs->njobs];
	memset(j, 0, sizeof(*j));
	j->rs = rs;
	j->list = (uint32_t)li;
	j->target = (uint32_t)ti;
	j->kind = (uint8_t)kind;
	j->family = (uint8_t)family;
	j->ans.status = 0xff;
	rs->njobs++;
	return 0;
}

/* Counts, per list, the IP targets checked and those listed (not good news). */
static void
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
 * A second, small round: each list that claimed most targets is asked
 * about the control addresses of the kinds it was used for. Runs only when
 * time is left; a run without a sweep sends no extra query.
 */
static int
dnsbl_ask_controls(struct dnsbl_run_state *rs, struct dnsbl_health *health,
    const bool has[3], size_t cap)
{
	size_t before = rs->njobs;

	if (rs->next < before || (rs->opts != NULL &&
	    rs->opts->deadline_ms != 0 && dns_now_ms() >= rs->opts->deadline_ms))
		return 0;
	for (size_t li = 0; li < rs->nlists; li++) {
		if (!health[li].used || !dnsbl_is_sweep(&health[li]))
			continue;
		for (int k = TARGET_IP4; k <= TARGET_IP6; k++) {
			if (!has[k] || !dnsbl_list_fits(&rs->lists[li],
			    (enum target_kind)k))
				continue;
			for (size_t c = 0; c < DNSBL_NCONTROLS; c++)
				if (dnsbl_push_job(rs, cap, li, c,
				    DNSBL_JOB_CONTROL, (enum target_kind)k) == -1)
					return -1;
			health[li].controls_asked = true;
		}
	}
	if (rs->njobs == before)
		return 0;
	rs->total += rs->njobs - before;
	dnsbl_feed(rs);
	dns_run(rs->r, rs->opts != NULL ? rs->opts->deadline_ms : 0);
	return rs->oom ? -1 : 0;
}

/*
 * After a stopped run: marks the pairs that lack an answer (or their
 * TXT reason) as cut, and the lists whose test points or apex query
 * lack one; counts the pairs left out in rs->cut.
 */
static void
dnsbl_cut_unanswered(struct dnsbl_run_state *rs, struct dnsbl_health *health)
{
	for (size_t i = 0; i < rs->njobs; i++) {
		struct dnsbl_job *j = &rs->jobs[i];

		if (j->ans.status != 0xff && !j->txt_pending)
			continue;
		j->cut = 1;
		if (j->kind != DNSBL_JOB_PAIR)
			health[j->list].cut = true;
	}
	rs->cut = 0;
	for (size_t i = 0; i < rs->njobs; i++)
		if (rs->jobs[i].kind == DNSBL_JOB_PAIR && (rs->jobs[i].cut ||
		    health[rs->jobs[i].list].cut))
			rs->cut++;
}

int
dnsbl_run(struct dns_resolver *r, const struct dnsbl_list *lists, size_t nlists,
    const struct target_set *ts, const struct dnsbl_run_opts *opts,
    struct finding_list *out, struct dnsbl_run_stats *stats)
{
	struct dnsbl_run_state rs = { .r = r, .lists = lists, .nlists = nlists,
	    .ts = ts, .opts = opts };
	struct dnsbl_health *health = NULL;
	struct dnsbl_run_stats st = { 0 };
	size_t cap = 0;
	int rv = -1;
	bool has[3] = { false, false, false };

	for (size_t i = 0; i < ts->n; i++)
		has[ts->v[i].kind] = true;
	for (size_t li = 0; li < nlists; li++) {
		/* apex, two test points and the controls per kind */
		cap += 1 + (2 + DNSBL_NCONTROLS) * 3;
		for (size_t i = 0; i < ts->n; i++)
			if (dnsbl_list_fits(&lists[li], ts->v[i].kind))
				cap++;
	}
	if ((rs.jobs = calloc(cap ? cap : 1, sizeof(*rs.jobs))) == NULL ||
	    (health = calloc(nlists ? nlists : 1, sizeof(*health))) == NULL)
		goto fail;

	for (size_t li = 0; li < nlists; li++) {
		bool used = false;
		for (int k = 0; k < 3; k++) {
			if (!has[k] || !dnsbl_list_fits(&lists[li], (enum target_kind)k))
				continue;
			used = true;
			if (dnsbl_push_job(&rs, cap, li, 0, DNSBL_JOB_TEST_LISTED,
			    (enum target_kind)k) == -1 ||
			    dnsbl_push_job(&rs, cap, li, 0, DNSBL_JOB_TEST_CLEAN,
			    (enum target_kind)k) == -1)
				goto fail;
		}
		health[li].used = used;
		if (used && dnsbl_push_job(&rs, cap, li, 0, DNSBL_JOB_APEX,
		    TARGET_DOMAIN) == -1)
			goto fail;
		for (size_t i = 0; i < ts->n; i++)
			if (dnsbl_list_fits(&lists[li], ts->v[i].kind) &&
			    dnsbl_push_job(&rs, cap, li, i, DNSBL_JOB_PAIR,
			    ts->v[i].kind) == -1)
				goto fail;
	}

	/* one finding per pair and per list */
	if (finding_list_reserve(out, rs.njobs) == -1)
		goto fail;
	rs.total = rs.njobs;
	dnsbl_feed(&rs);
	/* the callbacks feed the rest; dns_run returns when all are done */
	dns_run(r, opts != NULL ? opts->deadline_ms : 0);
	if (rs.oom)
		goto fail;

	/*
	 * A stopped run (SIGTERM) keeps whole results only: a pair without
	 * its answers, and every finding of a list whose test points were
	 * not all answered, are left out rather than reported unknown.
	 */
	if (dns_stopped(r))
		dnsbl_cut_unanswered(&rs, health);

	/* Sweep check: count listings per list before judging health. */
	dnsbl_count_listed(&rs, health);
	if (!dns_stopped(r) && dnsbl_ask_controls(&rs, health, has, cap) == -1)
		goto fail;
	if (dns_stopped(r))
		/* stopped during the controls' round: the same rule */
		dnsbl_cut_unanswered(&rs, health);
	for (size_t li = 0; li < nlists; li++) {
		char summary[512];
		if (!health[li].used || health[li].cut)
			continue;
		dnsbl_judge_health(&rs, li, &health[li]);
		if (health[li].broken) {
			st.broken_lists++;
			snprintf(summary, sizeof(summary), "%s is broken: %s",
			    lists[li].zone, health[li].why);
			if (dnsbl_add(out, &lists[li], "dnsbl-health", lists[li].zone,
			    FINDING_UNKNOWN, summary, "Findings from this list are"
			    " unknown until it answers its RFC 5782 test points"
			    " correctly. Check the zone name and your resolver, or"
			    " disable the list (enabled = no).") == -1)
				goto fail;
		} else {
			if (health[li].controls_asked)
				snprintf(summary, sizeof(summary), "%s answers its"
				    " test points correctly; it lists %zu of %zu"
				    " targets at once but none of the control"
				    " addresses: a whole range is listed",
				    lists[li].zone, health[li].listed,
				    health[li].checked_ips);
			else
				snprintf(summary, sizeof(summary), "%s answers its"
				    " test points correctly", lists[li].zone);
			if (dnsbl_add(out, &lists[li], "dnsbl-health", lists[li].zone,
			    FINDING_OK, summary, "") == -1)
				goto fail;
		}
	}
	for (size_t i = 0; i < rs.njobs; i++)
		if (rs.jobs[i].kind == DNSBL_JOB_PAIR && !rs.jobs[i].cut &&
		    !health[rs.jobs[i].list].cut &&
		    dnsbl_pair_finding(&rs, &rs.jobs[i], &health[rs.jobs[i].list],
		    out, &st) == -1)
			goto fail;
	rv = 0;
fail:
	st.queries = rs.queries;
	st.cut = rs.cut;
	if (stats != NULL)
		*stats = st;
	for (size_t i = 0; i < rs.njobs; i++) {
		free(rs.jobs[i].ans.failure);
		free(rs.jobs[i].ans.txt);
	}
	free(rs.jobs);
	free(health);
	return rv;
}
