/*
 * run_metrics.c -- the service's metrics file (see run_metrics.h). The
 * findings come from the state store, not from the cycle alone, so a
 * cycle that ran only some probes still shows every key; the bounce
 * figures come from the bounce probe's follower state in the store.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/output/bounce_metrics.h"
#include "monitor/log.h"
#include "monitor/output/json_write.h"
#include "monitor/output/metrics_dmarc.h"
#include "monitor/store/report_summary.h"
#include "monitor/output/metrics_findings.h"
#include "monitor/run_metrics.h"
#include "probes/bounces/bounce_follow.h"
#include "probes/tls/x509_dates.h"

#define RUN_METRICS_DMARC_DAYS	7

/* The latest observation of every stored key, as findings in l. */
static int
run_metrics_state(struct metrics *m, struct state_store *st,
    struct finding_list *out)
{
	struct state_entries ents = { 0 };
	struct finding_list l = { 0 };
	char err[512];
	int rc = -1;

	if (state_store_load(st, &ents, err, sizeof(err)) == -1) {
		log_err("metrics: %s", err);
		goto done;
	}
	for (size_t i = 0; i < ents.n; i++) {
		const struct state_entry *e = &ents.v[i];
		struct finding *f = finding_list_add(&l, e->key, e->probe,
		    e->target, e->last_state, e->summary ? e->summary : "",
		    NULL);
		int64_t not_after;

		if (f == NULL) {
			log_err("metrics: out of memory");
			goto done;
		}
		/* the store keeps a starttls finding's text, not its result */
		if (strcmp(e->probe, "starttls") == 0 && e->detail != NULL &&
		    x509_earliest_until(e->detail, &not_after) == 0) {
			snprintf(f->result, sizeof(f->result), "%" PRId64,
			    not_after);
			f->result_key = "cert_not_after";
		}
	}
	rc = metrics_add_findings(m, &l);
	*out = l;
	l = (struct finding_list){ 0 };
done:
	finding_list_free(&l);
	state_entries_free(&ents);
	return rc;
}

static int
run_metrics_bounces(struct metrics *m, const struct config *cfg,
    struct state_store *st)
{
	struct bounce_follow f;
	struct bounce_counts c;
	char err[512];
	int rc = 0;

	if (cfg->bounces.nlogs == 0)
		return 0;
	bounce_follow_init(&f);
	if (state_store_bounces_load(st, NULL, &f, err, sizeof(err)) == 0) {
		bounce_follow_window(&f, (int64_t)time(NULL),
		    cfg->bounces.window_ms / 1000, &c);
		rc = bounce_metrics_add_counts(m, &c);
	} else
		log_err("metrics: %s", err);
	bounce_follow_free(&f);
	return rc;
}

/* The DMARC pass rate per domain, from the reports of the last 7 days. */
static int
run_metrics_dmarc(struct metrics *m, const struct config *cfg, int64_t now)
{
	char err[512] = "";

	if (summary_pass_rates(cfg->general.state, now -
	    RUN_METRICS_DMARC_DAYS * 86400, metrics_add_dmarc, m, err,
	    sizeof(err)) == -1) {
		if (err[0] != '\0' && m->err[0] == '\0')
			snprintf(m->err, sizeof(m->err), "%s", err);
		return -1;
	}
	return 0;
}

/* Text written by fn into a new string, or NULL. */
static char *
run_metrics_text(void (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return NULL;
	fn(fp, arg);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
print_metrics(FILE *fp, const void *m)
{
	metrics_print(fp, m);
}

static void
print_findings(FILE *fp, const void *l)
{
	json_write_findings(fp, l, NULL);
}

/* The backlog of the sinks configured now: the rows a removed or
 * renamed sink left wait for nothing, and would keep it up for good. */
struct run_backlog {
	const struct config	*cfg;
	int64_t			 n;
};

static void
run_backlog_add(void *arg, const char *sink, int64_t n)
{
	struct run_backlog *b = arg;

	if (cfg_alert_named(b->cfg, sink) != NULL)
		b->n += n;
}

void
run_metrics_write(const struct config *cfg, struct state_store *st,
    const struct engine *e, double duration_s, uint64_t state_errors,
    struct http_snapshot *snap)
{
	struct run_backlog backlog = { cfg, 0 };
	struct finding_list l = { 0 };
	struct metrics m;
	struct metrics_cycle c = {
		.duration_s = duration_s,
		.finished = (int64_t)time(NULL),
		.queries = e->dnsbl_stats.queries,
		.failures = e->dnsbl_stats.unknown,
		.outbox_backlog = state_store_outbox_backlog(st,
		    run_backlog_add, &backlog) == 0 ? backlog.n : -1,
		.state_errors = state_errors,
	};
	char err[512];

	if (cfg->general.metrics_file == NULL && snap == NULL)
		return;
	metrics_init(&m);
	if (run_metrics_state(&m, st, &l) == 0 &&
	    metrics_add_cycle(&m, &c) == 0 &&
	    run_metrics_bounces(&m, cfg, st) == 0 &&
	    run_metrics_dmarc(&m, cfg, c.finished) == 0) {
		if (cfg->general.metrics_file != NULL &&
		    metrics_write_file(&m, cfg->general.metrics_file, err,
		    sizeof(err)) == -1)
			log_err("metrics: %s", err);
		if (snap != NULL)
			http_snapshot_publish(snap, run_metrics_text(print_metrics,
			    &m), run_metrics_text(print_findings, &l),
			    c.finished);
	} else if (m.err[0] != '\0')
		log_err("metrics: %s", m.err);
	finding_list_free(&l);
	metrics_free(&m);
}
