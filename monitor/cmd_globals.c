/*
 * cmd_globals.c -- the options every command takes (--config, --resolver,
 * --verbose), parsed the same way before or after the command name.
 */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "monitor/cmd.h"
#include "monitor/config_load.h"

int
cmd_take_global(struct cmd_globals *g, int argc, char **argv, int *i,
    bool allow_short_c)
{
	const char *a = argv[*i];
	const char *val = NULL;
	int is_config = 0, is_resolver = 0;

	if (strcmp(a, "--config") == 0 || (allow_short_c && strcmp(a, "-c") == 0))
		is_config = 1;
	else if (strncmp(a, "--config=", 9) == 0) {
		is_config = 1;
		val = a + 9;
	} else if (strcmp(a, "--resolver") == 0)
		is_resolver = 1;
	else if (strncmp(a, "--resolver=", 11) == 0) {
		is_resolver = 1;
		val = a + 11;
	} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
		g->verbose++;
		return 1;
	} else
		return 0;

	if (val == NULL) {
		if (*i + 1 >= argc) {
			fprintf(stderr, "sendwatch: %s needs a value\n", a);
			return -1;
		}
		val = argv[++*i];
	}
	if (is_config) {
		g->config_path = val;
		g->config_given = true;
	} else if (is_resolver) {
		if (g->nresolvers == sizeof(g->resolvers) / sizeof(g->resolvers[0])) {
			fprintf(stderr, "sendwatch: too many --resolver options\n");
			return -1;
		}
		g->resolvers[g->nresolvers++] = val;
	}
	return 1;
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
