/*
 * cmd_config.c -- "sendwatch config check [-c FILE]": loads the config
 * file, prints every problem (file:line: what was expected) and a one-line
 * summary when it is valid. Exit 0 valid, 2 invalid or unreadable.
 * The checks are those every command makes (config_load.h), so a file
 * this accepts is one the commands run with.
 * Secrets are loaded (to prove they are readable) but never printed.
 */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "monitor/cmd.h"
#include "monitor/config_load.h"

static int
config_usage(void)
{
	fprintf(stderr, "usage: sendwatch config check [-c FILE]\n");
	return 2;
}

static int
config_check(struct cmd_globals *g)
{
	struct cfg_errors errs = { 0 };
	struct config *cfg;
	int status = 0;

	cfg = config_load_checked(g->config_path, false, &errs);
	for (size_t i = 0; i < errs.n; i++)
		printf("%s\n", errs.v[i]);
	if (cfg == NULL || errs.n > 0) {
		/* problems first, then the count, also when both go to a pipe */
		fflush(stdout);
		fprintf(stderr, "sendwatch: %s: %zu problem%s found\n",
		    g->config_path, errs.n, errs.n == 1 ? "" : "s");
		status = 2;
	} else
		printf("%s: ok (%zu targets, %zu domains, %zu dnsbl sections, "
		    "%zu alerts)\n", g->config_path, cfg_ntargets(cfg),
		    cfg->ndomains, cfg->ndnsbls, cfg->nalerts);
	cfg_free(cfg);
	cfg_errors_free(&errs);
	return status;
}

static int
cmd_config_exec(struct cmd_globals *g, int argc, char **argv)
{
	static const struct option config_options[] = { CMD_GLOBAL_OPTIONS };
	struct cmd_opts p = { g, argc, argv, ":c:v", config_options, true,
	    false };
	const char *action = NULL;
	char name[64];
	int opt;

	while ((opt = cmd_getopt(&p)) != -1) {
		if (opt == CMD_OPT_ERROR)
			return 2;
		fprintf(stderr, "sendwatch: config: unexpected \"%s\"\n",
		    cmd_bad_option(argv, opt, name, sizeof(name)));
		return config_usage();
	}
	for (int i = optind; i < argc; i++) {
		if (action != NULL) {
			fprintf(stderr, "sendwatch: config: unexpected \"%s\"\n",
			    argv[i]);
			return config_usage();
		}
		action = argv[i];
	}
	if (action == NULL || strcmp(action, "check") != 0)
		return config_usage();
	return config_check(g);
}

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.usage = "check [-c FILE]",
	.help = "validate the config file, printing every problem",
	.exec = cmd_config_exec,
};
