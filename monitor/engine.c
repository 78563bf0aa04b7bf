/*
 * engine.c -- the steps audit and check share (see engine.h): config,
 * resolver, lists, targets and the DNSBL probe. sendwatch-check-dnsbl
 * links this file: it must not reach probe_table (the other probes and
 * their libraries are in engine_probes.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/engine.h"
#include "monitor/log.h"
#include "probes/dnsbl/dnsbl_quota.h"
#include "probes/dnsbl/dnsbl_probe.h"

/* Creates the resolver from e->cfg and the command line. */
static int
engine_start(struct engine *e, const struct cmd_globals *g, unsigned overall_s)
{
	struct dns_options opt = { .mode = DNS_MODE_RECURSIVE };
	const struct cfg_general *gen = &e->cfg->general;
	char err[256];

	/* --resolver replaces [general] resolver rather than adding to it. */
	for (size_t i = 0; i < g->nresolvers; i++)
		if (dns_options_add_spec(&opt, g->resolvers[i], err,
		    sizeof(err)) == -1)
			goto bad_spec;
	for (size_t i = 0; g->nresolvers == 0 && i < gen->nresolvers; i++)
		if (dns_options_add_spec(&opt, gen->resolvers[i].spec, err,
		    sizeof(err)) == -1)
			goto bad_spec;
	opt.timeout_ms = (unsigned)gen->timeout_ms;
	opt.max_inflight = gen->concurrency;
	opt.root_hints = gen->root_hints;
	opt.trust_anchor = gen->trust_anchor;
	/* A per-query timeout longer than the whole run is pointless. */
	if (overall_s > 0 && (opt.timeout_ms == 0 || overall_s * 1000 <
	    opt.timeout_ms))
		opt.timeout_ms = overall_s * 1000;
	e->resolver = dns_resolver_new(&opt, err, sizeof(err));
	dns_options_free(&opt);
	if (e->resolver == NULL) {
		fprintf(stderr, "sendwatch: resolver: %s\n", err);
		engine_close(e);
		return -1;
	}
	return 0;
bad_spec:
	fprintf(stderr, "sendwatch: %s\n", err);
	dns_options_free(&opt);
	engine_close(e);
	return -1;
}

int
engine_open(struct engine *e, const struct cmd_globals *g, unsigned overall_s)
{
	memset(e, 0, sizeof(*e));
	e->started_ms = dns_now_ms();
	if (overall_s > 0)
		e->deadline_ms = e->started_ms + (uint64_t)overall_s * 1000;
	if ((e->cfg = cmd_load_config(g)) == NULL)
		return -1;
	return engine_start(e, g, overall_s);
}

int
engine_open_config(struct engine *e, struct config *cfg,
    const struct cmd_globals *g, unsigned overall_s)
{
	memset(e, 0, sizeof(*e));
	e->started_ms = dns_now_ms();
	if (overall_s > 0)
		e->deadline_ms = e->started_ms + (uint64_t)overall_s * 1000;
	e->cfg = cfg;
	e->cfg_borrowed = true;
	return engine_start(e, g, overall_s);
}

int
engine_select_lists(struct engine *e, const char *const *zones, size_t nzones)
{
	struct dnsbl_lists known = { 0 };
	char err[512];
	int rv = -1;

	if (dnsbl_lists_configure(&known, e->cfg, err, sizeof(err)) == -1 ||
	    dnsbl_lists_select(&known, zones, nzones, &e->lists, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "sendwatch: %s\n", err);
		goto done;
	}
	if (e->lists.n == 0) {
		fprintf(stderr, "sendwatch: no blocklist to check (the catalog is"
		    " off and no [dnsbl] section or --dnsbl is given)\n");
		goto done;
	}
	rv = 0;
done:
	dnsbl_lists_free(&known);
	return rv;
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

static int
engine_add_one(struct engine *e, const char *text, enum target_name_use use)
{
	char err[512];

	if (target_set_add(&e->targets, text, use, err, sizeof(err)) == -1) {
		fprintf(stderr, "sendwatch: %s\n", err);
		return -1;
	}
	return 0;
}

/* [targets] of the config, for runs without targets on the command line. */
static int
engine_add_config_targets(struct engine *e)
{
	const struct cfg_targets *t = &e->cfg->targets;
	char buf[INET6_ADDRSTRLEN + 8];

	for (size_t i = 0; i < t->nips; i++) {
		cfg_format_addr(&t->ips[i], buf, sizeof(buf));
		if (engine_add_one(e, buf, TARGET_NAME_BOTH) == -1)
			return -1;
	}
	for (size_t i = 0; i < t->nnetworks; i++) {
		char a[INET6_ADDRSTRLEN];
		cfg_format_addr(&t->networks[i].addr, a, sizeof(a));
		snprintf(buf, sizeof(buf), "%s/%u", a, t->networks[i].prefix);
		if (engine_add_one(e, buf, TARGET_NAME_BOTH) == -1)
			return -1;
	}
	for (size_t i = 0; i < t->nhosts; i++)
		if (engine_add_one(e, t->hosts[i], TARGET_NAME_HOST) == -1)
			return -1;
	for (size_t i = 0; i < t->ndomains; i++)
		if (engine_add_one(e, t->domains[i], TARGET_NAME_DOMAIN) == -1)
			return -1;
	/* a [domain NAME] section is a domain to watch too */
	for (size_t i = 0; i < e->cfg->ndomains; i++)
		if (engine_add_one(e, e->cfg->domains[i].name,
		    TARGET_NAME_DOMAIN) == -1)
			return -1;
	return 0;
}

int
engine_add_targets(struct engine *e, const char *const *args, size_t nargs)
{
	for (size_t i = 0; i < nargs; i++)
		if (engine_add_one(e, args[i], TARGET_NAME_BOTH) == -1)
			return -1;
	e->cli_targets = nargs > 0;
	if (nargs == 0 && engine_add_config_targets(e) == -1)
		return -1;
	if (e->targets.n == 0 && e->targets.nhosts == 0) {
		fprintf(stderr, "sendwatch: no target given (on the command line"
		    " or in [targets] of %s)\n", e->cfg->path ? e->cfg->path :
		    "the config file");
		return -1;
	}
	target_set_resolve_hosts(&e->targets, e->resolver, e->deadline_ms,
	    engine_host_failed, e);
	return 0;
}

struct probe_ctx
engine_probe_ctx(struct engine *e)
{
	struct probe_ctx c = {
		.resolver = e->resolver,
		.cfg = e->cfg,
		.findings = &e->findings,
		.deadline_ms = e->deadline_ms,
	};

	return c;
}

static void
engine_quota_skipped(void *arg, const char *why)
{
	(void)arg;
	log_warnx("%s", why);
}

int
engine_run_dnsbl(struct engine *e)
{
	struct dnsbl_run_opts opts = {
		.deadline_ms = e->deadline_ms,
		.progress = e->progress,
		.progress_arg = e,
	};
	struct probe_ctx ctx;

	if (e->queries_today != NULL && dnsbl_quota_apply(&e->lists,
	    &e->targets, e->queries_today, engine_quota_skipped,
	    e->queries_arg, &e->findings) == -1)
		goto oom;
	free(e->list_queries);
	if ((e->list_queries = calloc(e->lists.n + 1,
	    sizeof(*e->list_queries))) == NULL)
		goto oom;
	opts.list_queries = e->list_queries;
	ctx = engine_probe_ctx(e);
	ctx.targets = &e->targets;
	ctx.lists = e->lists.v;
	ctx.nlists = e->lists.n;
	ctx.dnsbl_opts = &opts;
	ctx.dnsbl_stats = &e->dnsbl_stats;
	ctx.flush = e->flush;
	ctx.flush_arg = e->flush_arg;
	ctx.batch_targets = e->batch_targets;
	if (probe_dnsbl.run(&ctx) == -1)
		goto oom;
	return 0;
oom:
	fprintf(stderr, "sendwatch: out of memory\n");
	return -1;
}

double
engine_elapsed_s(const struct engine *e)
{
	return (double)(dns_now_ms() - e->started_ms) / 1000.0;
}

void
engine_close(struct engine *e)
{
	if (!e->cfg_borrowed)
		cfg_free(e->cfg);
	dns_resolver_free(e->resolver);
	dnsbl_lists_free(&e->lists);
	target_set_free(&e->targets);
	finding_list_free(&e->findings);
	free(e->list_queries);
	memset(e, 0, sizeof(*e));
}
