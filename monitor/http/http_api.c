/*
 * http_api.c -- GET /api/v1/events?since= and
 * /api/v1/reports/summary?domain=&since=: the documents of `events
 * --json` and `reports summary --json`, written by the same writers
 * (events_json.c, report_summary_print.c) into memory. Each request
 * opens the state database on its own connection in the HTTP thread
 * (WAL: it never waits for the run loop, nor the loop for it). The
 * summary names sources from the PTR cache only and sends no DNS query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/cfg_value.h"
#include "monitor/http/http_route.h"
#include "monitor/output/events_json.h"
#include "monitor/output/report_summary_print.h"
#include "monitor/store/report_store.h"
#include "monitor/store/report_summary.h"
#include "monitor/store/state_store.h"
#include "probes/reports/report_ptr.h"

#define JSON	"application/json"

/* The stream's JSON as the reply, or a 503 saying why not. */
static void
reply_stream(struct http_reply *r, struct http_stream *js, bool ok,
    const char *err)
{
	if (ok) {
		http_stream_reply(js, r, JSON);
		return;
	}
	http_stream_drop(js);
	http_reply_printf(r, 503, "cannot read the state database: %s\n", err);
}

/* Whether the state database can be read; a 503 in r when not. */
static bool
have_state(const struct http_env *env, struct http_reply *r)
{
	if (env->state_path != NULL)
		return true;
	http_reply_printf(r, 503, "no state database\n");
	return false;
}

void
http_events(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	const char *since = http_param(q, "since");
	uint64_t since_ms = 86400000;
	struct events_json ej;
	struct state_store *st;
	struct http_stream js;
	char err[512] = "";
	FILE *fp;
	bool ok;

	if (since != NULL && !cfg_parse_duration(since, &since_ms, err,
	    sizeof(err))) {
		http_reply_printf(r, 400, "bad request: since: %s\n", err);
		return;
	}
	if (!have_state(env, r))
		return;
	if ((st = state_store_open(env->state_path, err, sizeof(err))) ==
	    NULL) {
		http_reply_printf(r, 503, "cannot open the state database: "
		    "%s\n", err);
		return;
	}
	if ((fp = http_stream_open(&js, r)) == NULL) {
		state_store_close(st);
		return;
	}
	events_json_begin(&ej, fp);
	ok = state_store_events(st, (int64_t)time(NULL) - (int64_t)(since_ms /
	    1000), events_json_row, &ej, err, sizeof(err)) == 0;
	if (ok)
		events_json_end(&ej);
	state_store_close(st);
	reply_stream(r, &js, ok, err);
}

/* A domain name: what a DNS name may hold, nothing a query could abuse. */
static bool
domain_ok(const char *d)
{
	size_t n = strlen(d);

	return n > 0 && n <= 253 && strspn(d, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") == n;
}

void
http_reports_summary(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	struct summary_opts so = { .domain = http_param(q, "domain") };
	struct report_ptr ptr = { .res = NULL, .max_age = REPORT_PTR_MAX_AGE };
	struct summary_printer pr = { .format = SUMMARY_JSON };
	struct report_store *st;
	struct http_stream js;
	char err[512] = "";
	FILE *fp;
	bool ok;

	if (so.domain != NULL && !domain_ok(so.domain)) {
		http_reply_printf(r, 400, "bad request: domain: expected a "
		    "domain name (letters, digits, '-', '.', '_'; at most 253)"
		    "\n");
		return;
	}
	if (summary_parse_since(http_param(q, "since"), &so.since, err,
	    sizeof(err)) < 0) {
		http_reply_printf(r, 400, "bad request: since: %s\n", err);
		return;
	}
	if (!have_state(env, r))
		return;
	if ((st = report_store_open(env->state_path, err, sizeof(err))) ==
	    NULL) {
		http_reply_printf(r, 503, "cannot open the state database: "
		    "%s\n", err);
		return;
	}
	if ((fp = http_stream_open(&js, r)) == NULL) {
		report_store_close(st);
		return;
	}
	ptr.cache = &report_store_ptr_cache;
	ptr.cache_arg = st;
	so.ptr_names = report_ptr_names;
	so.ptr_arg = &ptr;
	pr.out = fp;
	pr.domain = so.domain;
	pr.since = so.since;
	/* TLS-RPT and failure reports too; addresses' local parts redacted */
	ok = summary_print_all(&pr, st, &so, err, sizeof(err)) == 0;
	report_store_close(st);
	reply_stream(r, &js, ok, err);
}
