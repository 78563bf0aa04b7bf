/*
 * engine.c -- the steps audit and check share (see engine.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/engine.h"

int
engine_open(struct engine *e, const struct cmd_globals *g, unsigned overall_s)
{
	struct dns_options opt = { .mode = DNS_MODE_RECURSIVE };
	char err[256];

	memset(e, 0, sizeof(*e));
	e->started_ms = dns_now_ms();
	if (overall_s > 0)
		e->deadline_ms = e->started_ms + (uint64_t)overall_s * 1000;
	for (size_t i = 0; i < g->nresolvers; i++)
		if (dns_options_add_spec(&opt, g->resolvers[i], err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "sendwatch: %s\n", err);
			dns_options_free(&opt);
			return -1;
		}
	/* A per-query timeout longer than the whole run is pointless. */
	if (overall_s > 0 && overall_s * 1000 < 5000)
		opt.timeout_ms = overall_s * 1000;
	e->resolver = dns_resolver_new(&opt, err, sizeof(err));
	dns_options_free(&opt);
	if (e->resolver == NULL) {
		fprintf(stderr, "sendwatch: resolver: %s\n", err);
		return -1;
	}
	return 0;
}

int
engine_select_lists(struct engine *e, const char *const *zones, size_t nzones)
{
	char err[512];

	for (size_t i = 0; i < nzones; i++)
		if (dnsbl_lists_add_zone(&e->lists, zones[i], err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "sendwatch: %s\n", err);
			return -1;
		}
	if (nzones == 0 && dnsbl_lists_add_catalog_defaults(&e->lists) == -1) {
		fprintf(stderr, "sendwatch: out of memory\n");
		return -1;
	}
	if (e->lists.n == 0) {
		fprintf(stderr, "sendwatch: no blocklist to check (the catalog is"
		    " off and no [dnsbl] section or --dnsbl is given)\n");
		return -1;
	}
	return 0;
}

static void
engine_host_failed(void *arg, const char *host, const char *reason)
{
	struct engine *e = arg;
	char key[300], summary[512];

	snprintf(key, sizeof(key), "target/%s", host);
	snprintf(summary, sizeof(summary), "%s: cannot check, the host has no"
	    " address (%s)", host, reason);
	finding_list_add(&e->findings, key, "target", host, FINDING_UNKNOWN,
	    summary, "A host target is checked through its A and AAAA records;"
	    " none could be resolved. Check the name, or give its addresses.");
}

int
engine_add_targets(struct engine *e, const char *const *args, size_t nargs)
{
	char err[512];

	for (size_t i = 0; i < nargs; i++)
		if (target_set_add(&e->targets, args[i], TARGET_NAME_BOTH, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "sendwatch: %s\n", err);
			return -1;
		}
	if (e->targets.n == 0 && e->targets.nhosts == 0) {
		fprintf(stderr, "sendwatch: no target given (on the command line"
		    " or in [targets])\n");
		return -1;
	}
	target_set_resolve_hosts(&e->targets, e->resolver, e->deadline_ms,
	    engine_host_failed, e);
	return 0;
}

int
engine_run_dnsbl(struct engine *e)
{
	struct dnsbl_run_opts opts = {
		.deadline_ms = e->deadline_ms,
		.progress = e->progress,
		.progress_arg = e,
	};

	if (dnsbl_run(e->resolver, e->lists.v, e->lists.n, &e->targets, &opts,
	    &e->findings, &e->dnsbl_stats) == -1) {
		fprintf(stderr, "sendwatch: out of memory\n");
		return -1;
	}
	return 0;
}

double
engine_elapsed_s(const struct engine *e)
{
	return (double)(dns_now_ms() - e->started_ms) / 1000.0;
}

void
engine_close(struct engine *e)
{
	dns_resolver_free(e->resolver);
	dnsbl_lists_free(&e->lists);
	target_set_free(&e->targets);
	finding_list_free(&e->findings);
	memset(e, 0, sizeof(*e));
}
