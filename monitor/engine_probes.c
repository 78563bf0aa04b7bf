/*
 * engine_probes.c -- the engine's runs of the probe table (see
 * engine.h): the probes on one target, the authentication probes over
 * the domain and sender targets, and --probe lists. Apart from engine.c
 * because it reaches every probe, and with them libraries the light
 * front end does not load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "monitor/engine.h"
#include "probes/auth/auth.h"

int
engine_run_probes_on(struct engine *e, unsigned mask, enum probe_targets on,
    const char *target, const struct auth_opts *o)
{
	struct probe_ctx ctx = engine_probe_ctx(e);

	ctx.target = target;
	ctx.on = on;
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

/*
 * The probes on the admin's own MTAs: each sending address given singly
 * (an address), or the host name it came from ("host:" or [targets]
 * host; the probe reaches all its addresses, so a host runs once).
 */
static int
engine_run_mtas(struct engine *e, unsigned mask)
{
	for (size_t i = 0; i < e->targets.n; i++) {
		const struct target *t = &e->targets.v[i];
		const char *mta = t->origin != NULL &&
		    strchr(t->origin, '/') == NULL ? t->origin : t->name;
		bool seen = false;

		if (!t->sender)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = e->targets.v[k].sender &&
			    e->targets.v[k].origin != NULL &&
			    strcmp(e->targets.v[k].origin, mta) == 0;
		if (!seen && engine_run_probes_on(e, mask, PROBE_ON_MTA, mta,
		    NULL) == -1)
			return -1;
	}
	return 0;
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
	if (engine_run_mtas(e, mask) == -1)
		goto oom;
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
