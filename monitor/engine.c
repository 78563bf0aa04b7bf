/*
 * engine.c -- the steps audit and check share (see engine.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "monitor/engine.h"
#include "monitor/log.h"
#include "probes/dnsbl/dnsbl_quota.h"
#include "probes/auth/auth.h"
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

/* What every probe run gets; the caller adds its kind of targets. */
static struct probe_ctx
engine_ctx(struct engine *e)
{
	struct probe_ctx c = {
		.resolver = e->resolver,
		.cfg = e->cfg,
		.findings = &e->findings,
		.deadline_ms = e->deadline_ms,
	};

	return c;
}

int
engine_run_probes_on(struct engine *e, unsigned mask, enum probe_targets on,
    const char *target, const struct auth_opts *o)
{
	struct probe_ctx ctx = engine_ctx(e);

	ctx.target = target;
	ctx.auth = o;
	for (size_t k = 0; probe_table[k] != NULL; k++) {
		const struct probe *p = probe_table[k];
		if (!(p->targets & on) || !(mask & ENGINE_BIT(p)) ||
		    p->run == NULL)
			continue;
		if (p->run(&ctx) == -1)
			return -1;
	}
	return 0;
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
	ctx = engine_ctx(e);
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

unsigned
engine_all_probes(void)
{
	unsigned mask = 0;

	for (size_t i = 0; probe_table[i] != NULL; i++)
		if (probe_table[i]->targets & ENGINE_TARGET_PROBES)
			mask |= ENGINE_BIT(probe_table[i]);
	return mask;
}

int
engine_parse_probes(const char *list, unsigned *mask, char *err, size_t errlen)
{
	const char *p = list;

	while (*p != '\0') {
		size_t n = strcspn(p, ", ");
		const struct probe *pr = NULL;
		char name[32];

		if (n > 0 && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			pr = probe_find(name);
		}
		if (n > 0 && (pr == NULL ||
		    (pr->targets & ENGINE_TARGET_PROBES) == 0)) {
			char names[200];
			probe_list_names(ENGINE_TARGET_PROBES, false, ", ",
			    " or ", names, sizeof(names));
			snprintf(err, errlen, "--probe %s: unknown probe \"%.*s\""
			    " (expected %s)", list, (int)n, p, names);
			return -1;
		}
		if (n > 0)
			*mask |= ENGINE_BIT(pr);
		p += n;
		p += strspn(p, ", ");
	}
	return 0;
}

static const struct cfg_domain *
engine_domain_config(const struct engine *e, const char *name)
{
	for (size_t i = 0; i < e->cfg->ndomains; i++)
		if (strcmp(e->cfg->domains[i].name, name) == 0)
			return &e->cfg->domains[i];
	return NULL;
}


/*
 * SPF for the domain of --mail-from (or of --helo with a null sender)
 * when it is not a target: spfquery's check, the name taken as given
 * (check_host says "none" for one that cannot have a record).
 */
static int
engine_spf_identity(struct engine *e, const char **senders, size_t nsenders)
{
	struct auth_opts	 o = { .helo = e->spf_helo ? e->spf_helo :
				    e->cfg->general.helo,
				    .mail_from = e->spf_mail_from,
				    .senders = senders, .nsenders = nsenders };
	const char		*domain = NULL, *at;

	if (e->spf_mail_from != NULL && e->spf_mail_from[0] != '\0')
		domain = (at = strrchr(e->spf_mail_from, '@')) ? at + 1 :
		    e->spf_mail_from;
	else if (e->spf_mail_from != NULL || e->spf_helo != NULL)
		domain = e->spf_helo;
	if (domain == NULL || domain[0] == '\0')
		return 0;
	for (size_t i = 0; i < e->targets.n; i++)
		if (e->targets.v[i].kind == TARGET_DOMAIN &&
		    strcasecmp(e->targets.v[i].name, domain) == 0)
			return 0;
	return engine_run_probes_on(e, ENGINE_BIT(&probe_spf), PROBE_ON_DOMAIN,
	    domain, &o);
}

int
engine_run_auth(struct engine *e, unsigned mask,
    const char *const *dkim_selectors, size_t nselectors)
{
	const char **senders = NULL, **cfg_senders = NULL;
	size_t nsenders = 0, ncfg = 0;
	char (*addrs)[INET6_ADDRSTRLEN] = NULL;
	int rv = -1;

	if ((senders = calloc(e->targets.n + 1, sizeof(*senders))) == NULL)
		goto oom;
	/*
	 * On the command line, addresses given singly are the senders of the
	 * domains given with them. From the config, [targets] ip lists what
	 * to watch, not who sends for which domain: that is spf_senders.
	 */
	for (size_t i = 0; e->cli_targets && i < e->targets.n; i++)
		if (e->targets.v[i].sender && e->targets.v[i].origin == NULL)
			senders[nsenders++] = e->targets.v[i].name;

	for (size_t i = 0; i < e->targets.n; i++) {
		const struct target *t = &e->targets.v[i];
		const struct cfg_domain *d;
		struct auth_opts o = { .helo = e->cfg->general.helo,
		    .mail_from = e->spf_mail_from };

		if (t->kind != TARGET_DOMAIN)
			continue;
		o.senders = senders;
		o.nsenders = nsenders;
		o.dkim_selectors = dkim_selectors;
		o.ndkim_selectors = nselectors;
		if ((d = engine_domain_config(e, t->name)) != NULL) {
			free(cfg_senders);
			free(addrs);
			cfg_senders = calloc(d->nspf_senders + 1, sizeof(*cfg_senders));
			addrs = calloc(d->nspf_senders + 1, sizeof(*addrs));
			if (cfg_senders == NULL || addrs == NULL)
				goto oom;
			ncfg = 0;
			for (size_t k = 0; k < d->nspf_senders; k++) {
				cfg_format_addr(&d->spf_senders[k].addr, addrs[k],
				    sizeof(addrs[k]));
				cfg_senders[ncfg++] = addrs[k];
			}
			if (ncfg > 0) {
				o.senders = cfg_senders;
				o.nsenders = ncfg;
			}
			if (nselectors == 0) {
				o.dkim_selectors = (const char *const *)d->dkim_selectors;
				o.ndkim_selectors = d->ndkim_selectors;
			}
			o.dkim_retired = (const char *const *)d->dkim_retired;
			o.ndkim_retired = d->ndkim_retired;
			if (d->helo != NULL)
				o.helo = d->helo;
			if (d->mail_from != NULL && e->spf_mail_from == NULL)
				o.mail_from = d->mail_from;
		}
		if (e->spf_helo != NULL)
			o.helo = e->spf_helo;
		if (engine_run_probes_on(e, mask, PROBE_ON_DOMAIN, t->name, &o) == -1)
			goto oom;
	}
	if ((mask & ENGINE_BIT(&probe_spf)) && engine_spf_identity(e, senders,
	    nsenders) == -1)
		goto oom;
	for (size_t i = 0; i < e->targets.n; i++) {
		struct auth_opts o = { .helo = e->spf_helo ? e->spf_helo :
		    e->cfg->general.helo };
		if (!e->targets.v[i].sender)
			continue;
		if (engine_run_probes_on(e, mask, PROBE_ON_SENDER,
		    e->targets.v[i].name, &o) == -1)
			goto oom;
	}
	rv = 0;
	goto done;
oom:
	fprintf(stderr, "sendwatch: out of memory\n");
done:
	free(senders);
	free(cfg_senders);
	free(addrs);
	return rv;
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
