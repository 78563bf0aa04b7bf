/*
 * run_probes.c -- the scheduled probe kinds of `sendwatch run`:
 * dnsbl (every [targets] entry on the selected lists) and auth (SPF,
 * DKIM, DMARC, MX of each [domain], PTR of each [targets] ip); bounces
 * (run_bounces.c) and reports (run_reports.c) have files of their own.
 */
#include <stdio.h>

#include "probes/auth/auth_setup.h"
#include "monitor/log.h"
#include "monitor/run_bounces.h"
#include "monitor/run_probes.h"
#include "monitor/run_reports.h"
#include "probes/auth/auth.h"

static uint64_t
dnsbl_interval(const struct config *c)
{
	return c->schedule.dnsbl_ms;
}

static bool
dnsbl_wanted(const struct config *c)
{
	return cfg_ntargets(c) > 0;
}

static int
dnsbl_probe(struct engine *e)
{
	if (engine_select_lists(e, NULL, 0) == -1 ||
	    engine_add_targets(e, NULL, 0) == -1)
		return -1;
	return engine_run_dnsbl(e);
}

static uint64_t
auth_interval(const struct config *c)
{
	return c->schedule.auth_ms;
}

static bool
auth_wanted(const struct config *c)
{
	return c->ndomains > 0 || c->targets.nips > 0;
}

static int
auth_probe(struct engine *e)
{
	const struct config *c = e->cfg;
	struct auth_setup s;

	for (size_t i = 0; i < c->ndomains; i++) {
		const char *d = c->domains[i].name;
		int rv;
		if (auth_setup_for(&s, c, d, NULL, 0, NULL, 0, NULL) == -1)
			return -1;
		rv = auth_probe_domain(e->resolver, &s.opts, d, &e->findings,
		    NULL);
		auth_setup_free(&s);
		if (rv == -1)
			return -1;
	}
	if (c->targets.nips == 0)
		return 0;
	if (auth_setup_for(&s, c, NULL, NULL, 0, NULL, 0, NULL) == -1)
		return -1;
	for (size_t i = 0; i < c->targets.nips; i++) {
		char ip[64];
		cfg_format_addr(&c->targets.ips[i], ip, sizeof(ip));
		if (auth_probe_ip(e->resolver, &s.opts, ip, &e->findings) == -1) {
			auth_setup_free(&s);
			return -1;
		}
	}
	auth_setup_free(&s);
	return 0;
}

const struct run_probe run_probes[] = {
	{ "dnsbl", dnsbl_interval, dnsbl_wanted, dnsbl_probe },
	{ "auth", auth_interval, auth_wanted, auth_probe },
	{ "bounces", run_bounces_interval, run_bounces_wanted,
	  run_bounces_probe },
	{ "reports", run_reports_interval, run_reports_wanted,
	  run_reports_probe },
};

const size_t run_nprobes = sizeof(run_probes) / sizeof(run_probes[0]);
