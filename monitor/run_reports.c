/*
 * run_reports.c -- the service's DMARC reports probe. Each cycle imports
 * the reports that arrived in [reports] maildir and directory into the
 * state file (a report already stored is skipped), then computes the
 * summary of every domain over the last [reports] window (the same
 * queries as "sendwatch reports summary", report_summary.c) with PTR
 * names and authorization (spf_senders, SPF) and turns it into findings
 * (report_findings.c); the TLS-RPT reports of the window become the
 * findings of tlsrpt_findings.c. Sources and selectors seen in the window before
 * are listed too, with no messages, so that their findings become ok
 * when what they did stopped. A failed import of one file is logged and the
 * rest goes on. With [reports] imap_url, new mail in that mailbox is
 * fetched the same way each cycle (imap_intake.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config/cfg_value.h"
#include "monitor/imap_intake.h"
#include "monitor/log.h"
#include "probes/reports/report_auth.h"
#include "probes/reports/report_findings.h"
#include "probes/reports/tlsrpt_findings.h"
#include "monitor/store/tlsrpt_summary.h"
#include "monitor/store/report_import.h"
#include "monitor/store/report_summary.h"
#include "probes/reports/report_ptr.h"
#include "monitor/run_reports.h"

#define RUN_REPORTS_DNS_S	30	/* PTR lookups and SPF, per cycle */

struct judge_ctx {
	struct engine		*e;
	struct report_rules	 rules;
};

uint64_t
run_reports_interval(const struct config *c)
{
	return c->schedule.reports_ms;
}

static void
run_reports_line(void *arg, const char *text)
{
	(void)arg;
	log_warnx("reports: %s", text);
}

static const struct cfg_domain *
config_domain(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->ndomains; i++)
		if (strcmp(c->domains[i].name, name) == 0)
			return &c->domains[i];
	return NULL;
}

static int
judge_domain(void *arg, const struct summary_domain *v)
{
	struct judge_ctx *j = arg;

	return report_findings_domain(&j->rules, v, config_domain(j->e->cfg,
	    v->domain), &j->e->findings);
}

static void
run_reports_import(struct engine *e, struct report_store *st)
{
	const struct cfg_reports *rc = &e->cfg->reports;
	const char *const paths[] = { rc->maildir, rc->directory };
	struct report_import imp = {
		.st = st,
		.lim = { .max_bytes = rc->max_decompressed,
		    .max_records = rc->max_records },
		.line = run_reports_line,
	};
	char counts[256];

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (paths[i] != NULL)
			report_import_path(&imp, paths[i]);
	report_import_counts(&imp, false, counts, sizeof(counts));
	log_info("reports: %s", counts);
}

/* The TLS-RPT reports of the window (tlsrpt_findings.h). 0 or -1. */
static int
judge_tlsrpt(struct engine *e, struct report_store *st, int64_t since,
    int64_t listed_since, const char *win)
{
	const struct cfg_reports *rc = &e->cfg->reports;
	struct tlsrpt_rules rules = {
		.max_failure_rate = rc->tlsrpt_failure_threshold,
		.min_failed = rc->tlsrpt_min_failed_sessions,
		.window = win,
	};
	struct tlsrpt_window *v;
	size_t n;
	char err[512];
	int ret;

	if (tlsrpt_summary_load(report_store_db(st), NULL, since, listed_since,
	    &v, &n, err, sizeof(err)) < 0) {
		log_err("reports: %s", err);
		return -1;
	}
	if ((ret = tlsrpt_findings(&rules, v, n, &e->findings)) < 0)
		log_err("reports: TLS-RPT findings: out of memory");
	tlsrpt_windows_free(v, n);
	return ret;
}

/* [reports] imap_url: a failed run is logged; the next cycle tries again. */
static void
run_reports_imap(struct engine *e, struct report_store *st)
{
	const struct cfg_reports *rc = &e->cfg->reports;
	struct imap_intake in = {
		.imp = { .lim = { .max_bytes = rc->max_decompressed,
		    .max_records = rc->max_records } },
		.line = run_reports_line,
	};
	char err[1024], counts[256];

	if (rc->imap_url == NULL)
		return;
	if (imap_intake_run(e->cfg, st, &in, err, sizeof(err)) < 0)
		log_err("reports: %s", err);
	report_import_counts(&in.imp, false, counts, sizeof(counts));
	log_info("reports: IMAP: %zu messages, %zu moved to %s, %zu to %s, "
	    "%zu left; %s", in.fetch.listed, in.fetch.done + in.fetch.recovered,
	    rc->imap_done_folder, in.fetch.failed, rc->imap_failed_folder,
	    in.fetch.left, counts);
}

int
run_reports_probe(struct engine *e)
{
	const struct config *cfg = e->cfg;
	uint64_t deadline = dns_now_ms() + RUN_REPORTS_DNS_S * 1000;
	struct judge_ctx j = { .e = e, .rules = {
		.min_failing = cfg->reports.new_source_min_messages,
		.min_pass_rate = cfg->reports.min_pass_rate,
	} };
	struct report_auth auth;
	struct report_ptr ptr = { .res = e->resolver,
	    .max_age = REPORT_PTR_MAX_AGE };
	struct summary_opts so = {
		.since = (int64_t)time(NULL) -
		    (int64_t)(cfg->reports.window_ms / 1000),
		.authorized = report_auth_authorized, .auth_arg = &auth,
		.ptr_names = report_ptr_names, .ptr_arg = &ptr,
	};
	struct report_store *st;
	char err[512], win[32];
	int rc;

	if (e->deadline_ms != 0 && e->deadline_ms < deadline)
		deadline = e->deadline_ms;
	ptr.deadline_ms = deadline;
	report_auth_init(&auth, cfg, e->resolver, deadline);
	cfg_format_duration(cfg->reports.window_ms, win, sizeof(win));
	j.rules.window = win;
	if ((st = report_store_open(cfg->general.state, err,
	    sizeof(err))) == NULL) {
		log_err("reports: %s", err);
		return -1;
	}
	run_reports_import(e, st);
	run_reports_imap(e, st);
	ptr.cache = &report_store_ptr_cache;
	ptr.cache_arg = st;
	if (so.since < 0)
		so.since = 0;
	/* what ended in the last window is listed, to be ok again */
	so.listed_since = so.since - (int64_t)(cfg->reports.window_ms / 1000);
	if (so.listed_since <= 0)
		so.listed_since = 1;
	if ((rc = summary_each(st, &so, judge_domain, &j, err,
	    sizeof(err))) < 0)
		log_err("reports: %s", err);
	if (judge_tlsrpt(e, st, so.since, so.listed_since, win) < 0)
		rc = -1;
	report_store_close(st);
	return rc < 0 ? -1 : 0;
}
