/*
 * cmd_version.c -- "sendwatch version": the version and what it was built with.
 */
#include <stdio.h>

#include <ldns/ldns.h>
#include <unbound.h>

#include "monitor/cmd.h"

static int
cmd_version_exec(struct cmd_globals *g, int argc, char **argv)
{
	(void)g;
	(void)argc;
	(void)argv;
	printf("sendwatch %s (libunbound %s, ldns %s)\n", SENDWATCH_VERSION,
	    ub_version(), ldns_version());
	return 0;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.usage = "",
	.help = "print the version and the libraries it uses",
	.exec = cmd_version_exec,
};
