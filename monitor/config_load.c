/*
 * config_load.c -- loads and validates a config file for config check and
 * every command alike (see config_load.h). config/ checks each value
 * against the option table; what needs the DNSBL catalog (a [dnsbl NAME]
 * that is not in it, a defunct list, a list that needs a key) is checked
 * by probes/dnsbl, the layer that owns the catalog. cmd_load_config
 * (cmd.h) is the commands' way in: it prints the problems.
 */
#include <stddef.h>
#include <stdio.h>

#include "monitor/cmd.h"
#include "monitor/config_load.h"
#include "probes/dnsbl/dnsbl_setup.h"

struct config *
config_load_checked(const char *path, bool missing_ok,
    struct cfg_errors *errs)
{
	size_t first = errs->n;
	struct config *cfg;

	if ((cfg = cfg_load(path, missing_ok, errs)) == NULL)
		return NULL;
	if (dnsbl_config_check(cfg, errs) == -1) {
		cfg_errors_addf(errs, path, 0, "out of memory");
		cfg_free(cfg);
		return NULL;
	}
	cfg_errors_sort(errs, first, path);
	return cfg;
}

struct config *
cmd_load_config(const struct cmd_globals *g)
{
	struct cfg_errors errs = { 0 };
	struct config *cfg;

	cfg = config_load_checked(g->config_path, !g->config_given, &errs);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.v[i]);
	if (cfg == NULL || errs.n > 0) {
		fprintf(stderr, "sendwatch: %s has %zu problem%s (see"
		    " `sendwatch config check -c %s`)\n", g->config_path,
		    errs.n, errs.n == 1 ? "" : "s", g->config_path);
		cfg_free(cfg);
		cfg = NULL;
	}
	cfg_errors_free(&errs);
	return cfg;
}
