/*
 * dnsbl_probe.c -- the dnsbl probe's row of the probe table (probe.h):
 * every target of the set on every chosen list, in one batch on the
 * shared resolver (dnsbl_run, dnsbl.c).
 */
#include <stddef.h>

#include "probes/dnsbl/dnsbl.h"
#include "probes/dnsbl/dnsbl_probe.h"

static int
dnsbl_probe_run(const struct probe_ctx *c)
{
	return dnsbl_run(c->resolver, c->lists, c->nlists, c->targets,
	    c->dnsbl_opts, c->findings, c->dnsbl_stats);
}

static bool
dnsbl_probe_wanted(const struct config *c)
{
	return cfg_ntargets(c) > 0;
}

const struct probe probe_dnsbl = {
	.name = "dnsbl",
	.summary = "every target on the chosen DNS blocklists, each list's"
	    " health checked first (RFC 5782 test points)",
	.targets = PROBE_ON_SET,
	.schedule = "dnsbl",
	.schedule_off = offsetof(struct cfg_schedule, dnsbl_ms),
	.wanted = dnsbl_probe_wanted,
	.run = dnsbl_probe_run,
	.nagios = PROBE_NAGIOS_COUNT,
};
