/*
 * main.c -- sendwatch's entry point: global options, then one subcommand
 * from the table in commands.c. Only main() exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "monitor/cmd.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sendwatch [-c FILE] [--resolver SPEC] COMMAND [ARGS]\n"
	    "\n"
	    "Watches whether a sender's mail will be accepted: DNS blocklists,\n"
	    "SPF/DKIM/DMARC, rDNS, DMARC reports and bounces.\n"
	    "\n"
	    "Options, before or after the command:\n"
	    "  -c, --config FILE   config file (default %s)\n"
	    "  --resolver SPEC     recursive (default), system, or ADDR[@PORT]\n"
	    "                      to forward to; repeatable\n"
	    "  -v, --verbose       more detail on stderr\n"
	    "  -h, --help          this text\n"
	    "  -V, --version       the version\n"
	    "\n"
	    "Commands:\n", SENDWATCH_DEFAULT_CONFIG);
	for (size_t i = 0; cmd_table[i] != NULL; i++)
		fprintf(fp, "  %s %s\n      %s\n", cmd_table[i]->name,
		    cmd_table[i]->usage, cmd_table[i]->help);
}

int
main(int argc, char **argv)
{
	struct cmd_globals g = { .config_path = SENDWATCH_DEFAULT_CONFIG };
	struct cmd_opts p = { &g, argc, argv, CMD_MAIN_SHORTOPTS,
	    cmd_main_longopts, true, false };
	int i, opt;

	/* once, before any thread: alert sinks use libcurl */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "sendwatch: libcurl failed to initialise\n");
		return 3;
	}

	/* "+": the command name ends the options before it */
	while ((opt = cmd_getopt(&p)) != -1) {
		char name[64];

		switch (opt) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("sendwatch %s\n", SENDWATCH_VERSION);
			return 0;
		case CMD_OPT_ERROR:
			return 2;
		default:
			fprintf(stderr, "sendwatch: unknown option %s\n",
			    cmd_bad_option(argv, opt, name, sizeof(name)));
			usage(stderr);
			return 2;
		}
	}
	i = optind;
	if (i == argc) {
		usage(stderr);
		return 2;
	}
	for (size_t k = 0; cmd_table[k] != NULL; k++)
		if (strcmp(cmd_table[k]->name, argv[i]) == 0)
			return cmd_table[k]->exec(&g, argc - i, argv + i);
	fprintf(stderr, "sendwatch: unknown command \"%s\" (see sendwatch --help)\n",
	    argv[i]);
	return 2;
}
