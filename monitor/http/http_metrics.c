/*
 * http_metrics.c -- GET /metrics: the families of the metrics file, as
 * the run loop published them after the last cycle, and the server's own
 * count of requests its rate bound refused
 * (sendwatch_http_requests_limited_total{limit}), which only the server
 * knows and the metrics file therefore lacks.
 */
#include <stdio.h>
#include <stdlib.h>

#include "monitor/http/http_route.h"
#include "monitor/output/metrics.h"

/* The server's own families, in the text format, or NULL. */
static char *
server_metrics(struct http_env *env)
{
	static const char *const limits[HTTP_RATE_NBUCKETS] = {
		[HTTP_RATE_REQUESTS] = "requests",
		[HTTP_RATE_PROBES] = "probes",
	};
	struct metrics m;
	char *text = NULL;
	size_t len;
	FILE *fp;

	metrics_init(&m);
	for (int b = 0; b < HTTP_RATE_NBUCKETS; b++) {
		const struct metrics_label lab[] = { { "limit", limits[b] } };
		metrics_add(&m, "sendwatch_http_requests_limited_total",
		    METRICS_COUNTER, "HTTP requests answered 429 since the "
		    "start: their address went over [http] requests_per_minute"
		    " (limit=requests) or probes_per_minute (limit=probes).",
		    lab, 1, (double)http_rate_refused(env->rate, b));
	}
	if (m.err[0] == '\0' && (fp = open_memstream(&text, &len)) != NULL) {
		metrics_print(fp, &m);
		if (fclose(fp) != 0) {
			free(text);
			text = NULL;
		}
	}
	metrics_free(&m);
	return text;
}

void
http_metrics(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	struct http_snapshot *s = env->snap;
	char *own, *both;

	(void)q;
	r->body = http_snapshot_copy(s, &s->metrics);
	r->status = r->body != NULL ? 200 : 503;
	r->type = r->body != NULL ? "text/plain; version=0.0.4; charset=utf-8" :
	    "text/plain; charset=utf-8";
	r->text = "no cycle has finished yet\n";
	if (r->body == NULL || env->rate == NULL)
		return;
	if ((own = server_metrics(env)) == NULL ||
	    asprintf(&both, "%s%s", r->body, own) < 0) {
		free(own);
		free(r->body);
		r->body = NULL;
		r->status = 503;
		r->type = "text/plain; charset=utf-8";
		r->text = "out of memory\n";
		return;
	}
	free(own);
	free(r->body);
	r->body = both;
}
