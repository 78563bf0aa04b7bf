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
	int i;

	/* once, before any thread: alert sinks use libcurl */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "sendwatch: libcurl failed to initialise\n");
		return 3;
	}

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		int r;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
			printf("sendwatch %s\n", SENDWATCH_VERSION);
			return 0;
		}
		if ((r = cmd_take_global(&g, argc, argv, &i, true)) < 0)
			return 2;
		if (r == 0) {
			fprintf(stderr, "sendwatch: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
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
