/*
 * http_findings.c -- GET /api/v1/findings: the last state of every key,
 * in the JSON shape of `audit --json`, as of the last cycle.
 */
#include "monitor/http/http_route.h"

void
http_findings(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	struct http_snapshot *s = env->snap;

	(void)q;
	r->body = http_snapshot_copy(s, &s->findings);
	r->status = r->body != NULL ? 200 : 503;
	r->type = r->body != NULL ? "application/json" :
	    "text/plain; charset=utf-8";
	r->text = "no cycle has finished yet\n";
}
