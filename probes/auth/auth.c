/*
 * auth.c -- runs the authentication probes for a domain or an IP (see
 * auth.h) and exports their rows of the probe table (probes/probe.h).
 */
#include <stdio.h>
#include <string.h>

#include "probes/auth/auth.h"
#include "probes/auth/dkim.h"
#include "probes/auth/dmarc.h"
#include "probes/auth/mx.h"
#include "probes/auth/ptr.h"

int
auth_probe_one(struct authdns *ad, enum auth_probe p,
    const struct auth_opts *o, const char *target, struct finding_list *l,
    struct spf_probe_result *spf)
{
	static const struct auth_opts none;
	struct dkim_opts dk;
	struct spf_sender_id id;

	if (o == NULL)
		o = &none;
	switch (p) {
	case AUTH_SPF:
		id.mail_from = o->mail_from;
		id.helo = o->helo;
		return spf_probe(ad, target, o->senders, o->nsenders, &id, spf,
		    l);
	case AUTH_DKIM:
		dk.selectors = o->dkim_selectors;
		dk.nselectors = o->ndkim_selectors;
		dk.retired = o->dkim_retired;
		dk.nretired = o->ndkim_retired;
		return dkim_probe(ad, target, &dk, l);
	case AUTH_DMARC:
		return dmarc_probe(ad, target, l);
	case AUTH_MX:
		return mx_probe(ad, target, l);
	case AUTH_PTR:
		return ptr_probe(ad, target, o->helo, l);
	}
	return -1;
}

/* The probes' rows (probe.h): each runs auth_probe_one on ctx->target. */
static int
auth_run(const struct probe_ctx *ctx, enum auth_probe p)
{
	struct authdns ad;

	authdns_from_resolver(&ad, ctx->resolver);
	return auth_probe_one(&ad, p, ctx->auth, ctx->target, ctx->findings,
	    ctx->spf);
}

static int spf_run(const struct probe_ctx *c) { return auth_run(c, AUTH_SPF); }
static int dkim_run(const struct probe_ctx *c) { return auth_run(c, AUTH_DKIM); }
static int dmarc_run(const struct probe_ctx *c) { return auth_run(c, AUTH_DMARC); }
static int mx_run(const struct probe_ctx *c) { return auth_run(c, AUTH_MX); }
static int ptr_run(const struct probe_ctx *c) { return auth_run(c, AUTH_PTR); }

static bool
auth_wanted_domain(const struct config *c)
{
	return c->ndomains > 0;
}

static bool
auth_wanted_sender(const struct config *c)
{
	return c->targets.nips > 0;
}

/* RFC 7208 4.6.4: 10 lookups at most (warn at 8), 2 void lookups. */
static void
spf_perfdata(const struct probe_ctx *c, char *buf, size_t len)
{
	snprintf(buf, len, " spf_lookups=%zu;8;10;0;10 spf_void_lookups=%zu;;2;0",
	    c->spf != NULL ? c->spf->lookups : 0,
	    c->spf != NULL ? c->spf->voids : 0);
}

#define AUTH_SCHEDULE	.schedule = "auth", \
	.schedule_off = offsetof(struct cfg_schedule, auth_ms)

const struct probe probe_spf = {
	.name = "spf",
	.summary = "the SPF record of each domain: one record, lookup limits,"
	    " and whether the sending addresses pass",
	.targets = PROBE_ON_DOMAIN,
	AUTH_SCHEDULE,
	.wanted = auth_wanted_domain,
	.run = spf_run,
	.nagios = PROBE_NAGIOS_WORST,
	.perfdata = spf_perfdata,
};

const struct probe probe_dkim = {
	.name = "dkim",
	.summary = "the DKIM keys of each domain's selectors (configured, or"
	    " the common ones): type and size, retired ones revoked",
	.targets = PROBE_ON_DOMAIN,
	AUTH_SCHEDULE,
	.wanted = auth_wanted_domain,
	.run = dkim_run,
	.nagios = PROBE_NAGIOS_WORST,
};

const struct probe probe_dmarc = {
	.name = "dmarc",
	.summary = "the DMARC record of each domain: one record, policy,"
	    " report destinations and their authorization",
	.targets = PROBE_ON_DOMAIN,
	AUTH_SCHEDULE,
	.wanted = auth_wanted_domain,
	.run = dmarc_run,
	.nagios = PROBE_NAGIOS_WORST,
};

const struct probe probe_mx = {
	.name = "mx",
	.summary = "the MX records of each domain: bounces and replies can"
	    " reach it, no null MX",
	.targets = PROBE_ON_DOMAIN,
	AUTH_SCHEDULE,
	.wanted = auth_wanted_domain,
	.run = mx_run,
	.nagios = PROBE_NAGIOS_WORST,
};

const struct probe probe_ptr = {
	.name = "ptr",
	.summary = "the reverse DNS of each sending address: a PTR name that"
	    " resolves back, not generic, the HELO name",
	.targets = PROBE_ON_SENDER,
	AUTH_SCHEDULE,
	.wanted = auth_wanted_sender,
	.run = ptr_run,
	.nagios = PROBE_NAGIOS_WORST,
};
