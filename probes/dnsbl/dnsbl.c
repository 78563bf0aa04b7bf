/*
 * dnsbl.c -- runs the DNSBL probe (see dnsbl.h): builds and sends the
 * queries of a run and stores their answers; dnsbl_health.c judges the
 * lists, dnsbl_findings.c turns the answers into findings.
 *
 * Every query of a run is submitted up front and the resolver layer keeps
 * a bounded window of them in flight. Answers are stored compactly per
 * (list, target) pair (status and up to four A records) and read only once
 * the whole run is in, because a pair's finding depends on its list's
 * health: the RFC 5782 §5 test points answered in the same run and, when
 * a list claims most targets at once, the control addresses
 * (dnsbl_health.c).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probes/dnsbl/dnsbl_run.h"

/*
 * Jobs are handed to the resolver a window at a time, from the answer
 * callbacks, so that neither side holds a queued copy of every query of
 * a large sweep at once.
 */
#define DNSBL_FEED_WINDOW	4096

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
const char *
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
		const char *ctl = dnsbl_control_addr(family, j->target);
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
	if (dnsbl_health_findings(&rs, health, out, &st) == -1)
		goto fail;
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

