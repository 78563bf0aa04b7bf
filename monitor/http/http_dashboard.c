/*
 * http_dashboard.c -- GET /[?days=N]: the dashboard, one self-contained
 * HTML page (inline style and SVG, no script, no other resource) under
 * a Content-Security-Policy that forbids everything else: current
 * problems, the blocklist matrix, each domain's authentication state,
 * each domain's DMARC over the last N days (default 30, at most 366),
 * the bounce rate and the events of the last 48 hours. Read from the
 * state database on the request's own connections (WAL), never from the
 * run loop's; DMARC sources are named from the PTR cache only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/http/http_route.h"
#include "monitor/output/dashboard_html.h"
#include "monitor/output/dmarc_html.h"
#include "monitor/output/html_write.h"
#include "monitor/store/db.h"
#include "monitor/store/report_store.h"
#include "monitor/store/report_summary.h"
#include "monitor/store/state_store.h"
#include "probes/reports/report_ptr.h"

#define DASHBOARD_CSP	"default-src 'none'; style-src 'unsafe-inline'; " \
			"img-src data:; base-uri 'none'; form-action 'none'; " \
			"frame-ancestors 'none'"
#define EVENTS_WINDOW_S	(48 * 3600)

/* Writes the DMARC section of the page (the part --html writes too). */
static void
dmarc_section(FILE *out, const char *path, sqlite3 *db, int64_t since,
    long days)
{
	struct report_ptr ptr = { .res = NULL, .max_age = REPORT_PTR_MAX_AGE };
	struct summary_opts so = { .since = since };
	struct dmarc_html p = { .out = out, .db = db, .since = since,
	    .now = (int64_t)time(NULL) };
	struct report_store *st;
	char err[512];

	fprintf(out, "<section id=\"dmarc\"><h2>DMARC aggregate reports, last "
	    "%ld days</h2>\n", days);
	if ((st = report_store_open(path, err, sizeof(err))) == NULL) {
		fputs("<p class=\"unknown\">", out);
		html_text(out, err);
		fputs("</p></section>\n", out);
		return;
	}
	ptr.cache = &report_store_ptr_cache;
	ptr.cache_arg = st;
	so.ptr_names = report_ptr_names;
	so.ptr_arg = &ptr;
	if (summary_each(st, &so, dmarc_html_each, &p, err, sizeof(err)) == -1) {
		fputs("<p class=\"unknown\">", out);
		html_text(out, err);
		fputs("</p>\n", out);
	} else if (p.n == 0)
		fputs("<p class=\"none\">no reports in the window</p>\n", out);
	fputs("</section>\n", out);
	report_store_close(st);
}

static void
page(FILE *out, struct http_env *env, long days)
{
	struct state_entries entries = { 0 };
	struct dash_series bounces = { 0 };
	struct dashboard_events ev;
	struct state_store *st;
	int64_t now = (int64_t)time(NULL), last;
	sqlite3 *db;
	char err[512], when[32];

	html_page_begin(out, "sendwatch");
	pthread_mutex_lock(&env->snap->mu);
	last = env->snap->last_cycle;
	pthread_mutex_unlock(&env->snap->mu);
	html_time(now, when, sizeof(when));
	fprintf(out, "<p class=\"muted\">at %s UTC; ", when);
	if (last != 0) {
		html_time(last, when, sizeof(when));
		fprintf(out, "last cycle %s UTC</p>\n", when);
	} else
		fputs("no cycle finished yet</p>\n", out);
	if ((st = state_store_open(env->state_path, err, sizeof(err))) == NULL ||
	    state_store_load(st, &entries, err, sizeof(err)) == -1) {
		fputs("<p class=\"unknown\">cannot read the state: ", out);
		html_text(out, err);
		fputs("</p>\n", out);
	}
	dashboard_problems(out, &entries);
	dashboard_matrix(out, &entries);
	dashboard_auth(out, &entries);
	if ((db = db_open_readonly(env->state_path, err, sizeof(err))) != NULL) {
		dmarc_section(out, env->state_path, db, now - days * 86400, days);
		if (dash_bounces_hourly(db, &bounces, err, sizeof(err)) == -1 ||
		    (bounces.n > 0 && dash_series_fill(&bounces, bounces.v[0].t,
		    now, 3600) == -1))
			dash_series_free(&bounces);
		dashboard_bounces(out, &bounces);
		sqlite3_close(db);
	} else {
		fputs("<p class=\"unknown\">", out);
		html_text(out, err);
		fputs("</p>\n", out);
	}
	dashboard_events_begin(&ev, out, "48 hours");
	if (st != NULL && state_store_events(st, now - EVENTS_WINDOW_S,
	    dashboard_events_row, &ev, err, sizeof(err)) == -1)
		ev.n = 0;
	dashboard_events_end(&ev);
	html_page_end(out);
	dash_series_free(&bounces);
	state_entries_free(&entries);
	state_store_close(st);
}

void
http_dashboard(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	const char *days_s = http_param(q, "days");
	struct http_stream hs;
	long days = 30;
	char *end;
	FILE *fp;

	if (days_s != NULL) {
		errno = 0;
		days = strtol(days_s, &end, 10);
		if (errno != 0 || end == days_s || *end != '\0' || days < 1 ||
		    days > 366) {
			http_reply_printf(r, 400, "bad request: days: expected a"
			    " number of days from 1 to 366\n");
			return;
		}
	}
	if (env->state_path == NULL) {
		http_reply_printf(r, 503, "no state database\n");
		return;
	}
	if ((fp = http_stream_open(&hs, r)) == NULL)
		return;
	page(fp, env, days);
	http_stream_reply(&hs, r, "text/html; charset=utf-8");
	r->csp = DASHBOARD_CSP;
}
