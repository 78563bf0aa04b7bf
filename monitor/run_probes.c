/*
 * run_probes.c -- the scheduled probe kinds of `sendwatch run`:
 * dnsbl (every [targets] entry on the selected lists) and auth (SPF,
 * DKIM, DMARC, MX of each [domain], PTR of each [targets] ip).
 */
#include <stdio.h>

#include "monitor/auth_setup.h"
#include "monitor/log.h"
#include "monitor/report_import.h"
#include "monitor/run_bounces.h"
#include "monitor/run_probes.h"
#include "probes/auth.h"

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

static uint64_t
reports_interval(const struct config *c)
{
	return c->schedule.reports_ms;
}

static bool
reports_wanted(const struct config *c)
{
	return c->reports.maildir != NULL || c->reports.directory != NULL;
}

static void
reports_line(void *arg, const char *text)
{
	(void)arg;
	log_warnx("reports: %s", text);
}

/*
 * Imports new DMARC aggregate reports from [reports] maildir and
 * directory into the report tables of the state file (a report already
 * stored is skipped). No findings of its own.
 */
static int
reports_probe(struct engine *e)
{
	const struct cfg_reports *rc = &e->cfg->reports;
	const char *const paths[] = { rc->maildir, rc->directory };
	struct report_import imp = {
		.lim = { .max_bytes = rc->max_decompressed,
		    .max_records = rc->max_records },
		.line = reports_line,
	};
	char err[512];

	if ((imp.st = report_store_open(e->cfg->general.state, err,
	    sizeof(err))) == NULL) {
		log_err("reports: %s", err);
		return -1;
	}
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (paths[i] != NULL)
			report_import_path(&imp, paths[i]);
	report_store_close(imp.st);
	log_info("reports: %llu imported (%llu records), %llu already stored,"
	    " %llu failed", imp.imported, imp.records, imp.already,
	    imp.failed);
	return 0;
}

const struct run_probe run_probes[] = {
	{ "dnsbl", dnsbl_interval, dnsbl_wanted, dnsbl_probe },
	{ "auth", auth_interval, auth_wanted, auth_probe },
	{ "bounces", run_bounces_interval, run_bounces_wanted,
	  run_bounces_probe },
	{ "reports", reports_interval, reports_wanted, reports_probe },
};

const size_t run_nprobes = sizeof(run_probes) / sizeof(run_probes[0]);
