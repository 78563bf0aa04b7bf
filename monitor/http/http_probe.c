/*
 * http_probe.c -- GET /probe?probe=NAME&target=T[&list=ZONE]: runs one
 * probe of the probe table now and answers in the Prometheus text
 * format, as blackbox_exporter does, so Prometheus can drive sendwatch:
 * probe_success (1 when every finding could be told: none unknown),
 * probe_duration_seconds, sendwatch_findings{state}, for dnsbl
 * sendwatch_dnsbl_listed{list,target}, and one
 * sendwatch_probe_finding_state{key,probe,target} per finding (0 ok,
 * 1 warning, 2 critical, 3 unknown).
 *
 * Each request has its own engine, so its own libunbound context (a
 * context is not shared between threads), on the server's own copy of
 * the config; HTTP_PROBES_IN_FLIGHT run at once, more get 503, and each
 * is bounded by HTTP_PROBE_TIMEOUT_S. The run loop never waits for one.
 * Each valid request also takes a token of its address's /probe bucket
 * ([http] probes_per_minute, http_rate.h): more get 429.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/engine.h"
#include "monitor/http/http_route.h"
#include "monitor/output/metrics.h"
#include "monitor/output/metrics_findings.h"
#include "probes/auth/auth_setup.h"
#include "probes/dnsbl/dnsbl_setup.h"
#include "probes/dns/target.h"

#define HTTP_PROBE_TIMEOUT_S	10
#define RUNNABLE	(PROBE_ON_SET | PROBE_ON_DOMAIN | PROBE_ON_SENDER)

static bool
is_address(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

/*
 * Whether the parameters name a probe and a target it takes; a 400 in r
 * when not. Only one address or name: no network (a /16 would be 65,536
 * queries from one request).
 */
static const struct probe *
probe_params(const struct http_request *q, struct http_reply *r)
{
	const char *name = http_param(q, "probe"), *target = http_param(q,
	    "target"), *list = http_param(q, "list");
	const struct probe *p = name != NULL ? probe_find(name) : NULL;
	char names[160];

	probe_list_names(RUNNABLE, false, ", ", " or ", names, sizeof(names));
	if (p == NULL || (p->targets & RUNNABLE) == 0) {
		http_reply_printf(r, 400, "bad request: probe: %s; expected %s"
		    "\n", name == NULL ? "missing" : "not a probe /probe runs",
		    names);
		return NULL;
	}
	if (target == NULL || target[0] == '\0') {
		http_reply_printf(r, 400, "bad request: target: missing; "
		    "expected %s\n", (p->targets & PROBE_ON_SENDER) ? "an IP "
		    "address" : (p->targets & PROBE_ON_DOMAIN) ? "a domain" :
		    "an IP address or a name");
		return NULL;
	}
	if ((p->targets & PROBE_ON_SENDER) && !is_address(target)) {
		http_reply_printf(r, 400, "bad request: target: probe=%s takes "
		    "an IP address\n", p->name);
		return NULL;
	}
	if (!is_address(target) && !target_valid_name(target)) {
		http_reply_printf(r, 400, "bad request: target: expected an IP "
		    "address or a host or domain name\n");
		return NULL;
	}
	if ((p->targets & PROBE_ON_DOMAIN) && !(p->targets & PROBE_ON_MTA) &&
	    is_address(target)) {
		http_reply_printf(r, 400, "bad request: target: probe=%s takes "
		    "a domain, not an address\n", p->name);
		return NULL;
	}
	if (list != NULL && (p->targets & PROBE_ON_SET) == 0) {
		http_reply_printf(r, 400, "bad request: list: only for "
		    "probe=dnsbl\n");
		return NULL;
	}
	if (list != NULL && !target_valid_name(list)) {
		http_reply_printf(r, 400, "bad request: list: expected a DNS "
		    "zone or a list's name\n");
		return NULL;
	}
	return p;
}

/* The blocklist probe on e's findings; 0, or -1 with a reply in r. */
static int
run_dnsbl(struct engine *e, const char *target, const char *list,
    struct http_reply *r)
{
	struct dnsbl_lists known = { 0 };
	const char *specs[1] = { list };
	char err[512];
	int rv = -1;

	if (dnsbl_lists_configure(&known, e->cfg, err, sizeof(err)) == -1 ||
	    dnsbl_lists_select(&known, specs, list != NULL ? 1 : 0, &e->lists,
	    err, sizeof(err)) == -1) {
		http_reply_printf(r, 400, "bad request: list: %s\n", err);
		goto done;
	}
	if (e->lists.n == 0) {
		http_reply_printf(r, 400, "bad request: list: none is enabled "
		    "in the configuration; name one with list=ZONE\n");
		goto done;
	}
	if (engine_add_targets(e, &target, 1) == -1 ||
	    engine_run_dnsbl(e) == -1) {
		http_reply_printf(r, 503, "the probe could not run (see the "
		    "log)\n");
		goto done;
	}
	rv = 0;
done:
	dnsbl_lists_free(&known);
	return rv;
}

/* An authentication probe on e's findings; 0, or -1 with a reply in r. */
static int
run_auth(struct engine *e, const struct probe *p, const char *target,
    struct http_reply *r)
{
	struct probe_ctx ctx = { 0 };
	struct auth_setup s;
	int rv;

	if (auth_setup_for(&s, e->cfg, target, NULL, 0, NULL, 0, NULL) == -1) {
		http_reply_printf(r, 503, "out of memory\n");
		return -1;
	}
	ctx.resolver = e->resolver;
	ctx.cfg = e->cfg;
	ctx.findings = &e->findings;
	ctx.deadline_ms = e->deadline_ms;
	ctx.target = target;
	ctx.auth = &s.opts;
	if ((rv = p->run(&ctx)) == -1)
		http_reply_printf(r, 503, "out of memory\n");
	auth_setup_free(&s);
	return rv;
}

/* The Prometheus text of e's findings into r. */
static void
reply_metrics(struct engine *e, struct http_reply *r)
{
	const struct finding_list *l = &e->findings;
	struct metrics m;
	bool told = l->n > 0;
	struct http_stream ms;
	FILE *fp;

	metrics_init(&m);
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		const struct metrics_label lab[] = { { "key", f->key },
		    { "probe", f->probe }, { "target", f->target } };
		told = told && f->state != FINDING_UNKNOWN;
		metrics_add(&m, "sendwatch_probe_finding_state", METRICS_GAUGE,
		    "The state of each finding of this probe: 0 ok, 1 warning, "
		    "2 critical, 3 unknown.", lab, 3, (double)f->state);
	}
	metrics_add(&m, "probe_success", METRICS_GAUGE, "Whether the probe "
	    "could tell: 1 when no finding is unknown (listed or not).", NULL,
	    0, told ? 1 : 0);
	metrics_add(&m, "probe_duration_seconds", METRICS_GAUGE, "How long "
	    "the probe took.", NULL, 0, engine_elapsed_s(e));
	metrics_add_findings(&m, l);
	if (m.err[0] != '\0')
		http_reply_printf(r, 503, "cannot write the metrics: %s\n",
		    m.err);
	else if ((fp = http_stream_open(&ms, r)) != NULL) {
		metrics_print(fp, &m);
		http_stream_reply(&ms, r,
		    "text/plain; version=0.0.4; charset=utf-8");
	}
	metrics_free(&m);
}

void
http_probe(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	const struct probe *p;
	struct engine e;
	bool busy;
	int rv;

	if ((p = probe_params(q, r)) == NULL)
		return;
	if (env->cfg == NULL) {
		http_reply_printf(r, 503, "/probe is not available\n");
		return;
	}
	/* only a request that would run DNS work pays for it */
	if (!http_rate_allows(env, q, HTTP_RATE_PROBES, r))
		return;
	pthread_mutex_lock(&env->mu);
	if (!(busy = env->probes >= HTTP_PROBES_IN_FLIGHT))
		env->probes++;
	pthread_mutex_unlock(&env->mu);
	if (busy) {
		http_reply_printf(r, 503, "busy: %d probes are running; try "
		    "again later\n", HTTP_PROBES_IN_FLIGHT);
		return;
	}
	if (engine_open_config(&e, env->cfg, env->g, HTTP_PROBE_TIMEOUT_S) ==
	    -1)
		http_reply_printf(r, 503, "the probe could not start (see the "
		    "log)\n");
	else {
		if ((p->targets & PROBE_ON_SET) != 0)
			rv = run_dnsbl(&e, http_param(q, "target"),
			    http_param(q, "list"), r);
		else
			rv = run_auth(&e, p, http_param(q, "target"), r);
		if (rv == 0)
			reply_metrics(&e, r);
		engine_close(&e);
	}
	pthread_mutex_lock(&env->mu);
	env->probes--;
	pthread_mutex_unlock(&env->mu);
}
