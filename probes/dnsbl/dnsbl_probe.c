/*
 * dnsbl_probe.c -- the dnsbl probe's row of the probe table (probe.h):
 * every target of the set on every chosen list, in one batch on the
 * shared resolver (dnsbl_run, dnsbl.c), or, for `run` on a large set,
 * in batches of ctx->batch_targets targets whose findings ctx->flush
 * stores before the next batch starts.
 */
#include <stddef.h>
#include <string.h>

#include "probes/dnsbl/dnsbl.h"
#include "probes/dnsbl/dnsbl_probe.h"

static void
dnsbl_stats_add(struct dnsbl_run_stats *to, const struct dnsbl_run_stats *b)
{
	to->queries += b->queries;
	to->checked += b->checked;
	to->listed += b->listed;
	to->unknown += b->unknown;
	to->broken_lists += b->broken_lists;
	to->cut += b->cut;
}

static int
dnsbl_probe_run(const struct probe_ctx *c)
{
	const struct target_set *ts = c->targets;
	struct dnsbl_run_stats sum = { 0 }, one;
	int rv = 0;

	if (c->flush == NULL || c->batch_targets == 0 ||
	    ts->n <= c->batch_targets)
		return dnsbl_run(c->resolver, c->lists, c->nlists, ts,
		    c->dnsbl_opts, c->findings, c->dnsbl_stats);
	for (size_t off = 0; off < ts->n; off += c->batch_targets) {
		/* a view of the set: dnsbl_run reads v and n only */
		struct target_set part = { .v = ts->v + off,
		    .n = ts->n - off < c->batch_targets ? ts->n - off :
		    c->batch_targets };

		memset(&one, 0, sizeof(one));
		rv = dnsbl_run(c->resolver, c->lists, c->nlists, &part,
		    c->dnsbl_opts, c->findings, &one);
		dnsbl_stats_add(&sum, &one);
		if (rv == -1 || c->flush(c->flush_arg, c->findings) == -1) {
			rv = -1;
			break;
		}
		if (dns_stopped(c->resolver)) {
			/* the rest was never asked: left out, not unknown */
			for (size_t i = off + part.n; i < ts->n; i++)
				for (size_t li = 0; li < c->nlists; li++)
					sum.cut += dnsbl_list_fits(&c->lists[li],
					    ts->v[i].kind);
			break;
		}
	}
	if (c->dnsbl_stats != NULL)
		*c->dnsbl_stats = sum;
	return rv;
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
