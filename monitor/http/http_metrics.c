/*
 * http_metrics.c -- GET /metrics: the families of the metrics file, as
 * the run loop published them after the last cycle.
 */
#include "monitor/http/http_route.h"

void
http_metrics(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	struct http_snapshot *s = env->snap;

	(void)q;
	r->body = http_snapshot_copy(s, &s->metrics);
	r->status = r->body != NULL ? 200 : 503;
	r->type = r->body != NULL ? "text/plain; version=0.0.4; charset=utf-8" :
	    "text/plain; charset=utf-8";
	r->text = "no cycle has finished yet\n";
}
