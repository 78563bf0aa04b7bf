/*
 * http_healthz.c -- GET /healthz: 200 while cycles complete on schedule,
 * 503 with the reason when the last cycle failed or the next one is
 * overdue. Never needs the token: it says nothing about the findings.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "probes/dns/dns.h"
#include "monitor/http/http_route.h"

void
http_healthz(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	struct http_snapshot *s = env->snap;
	uint64_t now = dns_now_ms(), overdue;
	char *body = NULL;
	int n;

	(void)q;
	pthread_mutex_lock(&s->mu);
	overdue = s->overdue_at;
	if (s->problem[0] != '\0')
		n = asprintf(&body, "unhealthy: %s\n", s->problem);
	else if (overdue != 0 && now > overdue)
		n = asprintf(&body, "unhealthy: a cycle is %" PRIu64 "s late\n",
		    (now - overdue) / 1000);
	else if (s->idle)
		n = asprintf(&body, "ok: idle, nothing to watch in the "
		    "configuration\n");
	else if (s->last_cycle == 0)
		n = asprintf(&body, "ok: starting, no cycle finished yet\n");
	else
		n = asprintf(&body, "ok: last cycle stored at %" PRId64 "\n",
		    s->last_cycle);
	r->status = s->problem[0] != '\0' || (overdue != 0 && now > overdue) ?
	    503 : 200;
	pthread_mutex_unlock(&s->mu);
	r->type = "text/plain; charset=utf-8";
	r->body = n < 0 ? NULL : body;
	r->text = "unhealthy: out of memory\n";
	if (n < 0)
		r->status = 503;
}
