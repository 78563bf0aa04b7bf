/*
 * run_probes.c -- the schedule of `sendwatch run` (see run_probes.h).
 * Target probes run over the config's watch list: the whole set for
 * dnsbl (every [targets] entry on the selected lists), each [domain] for
 * the domain probes, each [targets] ip for the sender ones, each
 * [targets] ip and host for the MTA ones (starttls). The probes
 * the store feeds (their row's run is NULL) have steps of their own here:
 * bounces (run_bounces.c) and reports (run_reports.c).
 */
#include <stdio.h>
#include <string.h>

#include "monitor/log.h"
#include "monitor/run_bounces.h"
#include "monitor/run_probes.h"
#include "monitor/run_reports.h"
#include "probes/auth/auth_setup.h"
#include "probes/bounces/bounce_probe.h"
#include "probes/reports/report_probe.h"

/* The store-fed probes and the step that gives them their input. */
static const struct {
	const struct probe	*probe;
	int			(*run)(struct engine *);
} run_fed[] = {
	{ &probe_bounces, run_bounces_probe },
	{ &probe_reports, run_reports_probe },
};

size_t
run_probes_init(struct run_probe *v, size_t max)
{
	size_t n = 0, k;

	for (size_t i = 0; probe_table[i] != NULL; i++) {
		const struct probe *p = probe_table[i];
		for (k = 0; k < n && strcmp(v[k].name, p->schedule) != 0; k++)
			;
		if (k == n) {
			if (n == max)
				continue;	/* RUN_MAX_GROUPS is ample */
			v[n].name = p->schedule;
			v[n].first = p;
			v[n++].mask = 0;
		}
		v[k].mask |= ENGINE_BIT(p);
	}
	return n;
}

uint64_t
run_probe_interval(const struct run_probe *g, const struct config *c)
{
	return probe_interval_ms(g->first, c);
}

bool
run_probe_wanted(const struct run_probe *g, const struct config *c)
{
	for (size_t i = 0; probe_table[i] != NULL; i++)
		if ((g->mask & ENGINE_BIT(probe_table[i])) &&
		    probe_table[i]->wanted(c))
			return true;
	return false;
}

/* The domain and sender probes of the group over [domain] and [targets]. */
static int
run_probe_targets(const struct run_probe *g, struct engine *e)
{
	const struct config *c = e->cfg;
	struct auth_setup s;

	for (size_t i = 0; i < c->ndomains; i++) {
		const char *d = c->domains[i].name;
		int rv;
		if (auth_setup_for(&s, c, d, NULL, 0, NULL, 0, NULL) == -1)
			return -1;
		rv = engine_run_probes_on(e, g->mask, PROBE_ON_DOMAIN, d, &s.opts);
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
		if (engine_run_probes_on(e, g->mask, PROBE_ON_SENDER, ip,
		    &s.opts) == -1) {
			auth_setup_free(&s);
			return -1;
		}
	}
	auth_setup_free(&s);
	return 0;
}

/* The MTA probes of the group over [targets] ip and host. */
static int
run_probe_mtas(const struct run_probe *g, struct engine *e)
{
	const struct cfg_targets *t = &e->cfg->targets;
	char ip[64];

	for (size_t i = 0; i < t->nips; i++) {
		cfg_format_addr(&t->ips[i], ip, sizeof(ip));
		if (engine_run_probes_on(e, g->mask, PROBE_ON_MTA, ip,
		    NULL) == -1)
			return -1;
	}
	for (size_t i = 0; i < t->nhosts; i++)
		if (engine_run_probes_on(e, g->mask, PROBE_ON_MTA, t->hosts[i],
		    NULL) == -1)
			return -1;
	return 0;
}

int
run_probe_run(const struct run_probe *g, struct engine *e)
{
	unsigned on = 0;

	for (size_t i = 0; probe_table[i] != NULL; i++)
		if ((g->mask & ENGINE_BIT(probe_table[i])) &&
		    probe_table[i]->run != NULL)
			on |= probe_table[i]->targets;
	if ((on & PROBE_ON_SET) && (engine_select_lists(e, NULL, 0) == -1 ||
	    engine_add_targets(e, NULL, 0) == -1 || engine_run_dnsbl(e) == -1))
		return -1;
	if (((on & (PROBE_ON_DOMAIN | PROBE_ON_SENDER)) &&
	    run_probe_targets(g, e) == -1) ||
	    ((on & PROBE_ON_MTA) && run_probe_mtas(g, e) == -1)) {
		log_err("out of memory");
		return -1;
	}
	for (size_t i = 0; i < sizeof(run_fed) / sizeof(run_fed[0]); i++)
		if ((g->mask & ENGINE_BIT(run_fed[i].probe)) &&
		    run_fed[i].run(e) == -1)
			return -1;
	return 0;
}
