/*
 * cmd_check.c -- "sendwatch check KIND ...": Nagios/Icinga plugins
 * following the Monitoring Plugins guidelines: one status line
 * "SENDWATCH KIND STATE - summary | perfdata", then one line per problem;
 * exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. -t bounds the whole run:
 * on expiry the result is UNKNOWN, never OK.
 *
 * Here -c is the critical threshold, as plugins expect; the config file
 * is given with --config. Each kind folds its probe in its own file:
 * check_dnsbl.c, check_auth.c, check_bounces.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/check_auth.h"
#include "monitor/check_bounces.h"
#include "monitor/check_dnsbl.h"
#include "monitor/cmd.h"
#include "monitor/engine.h"

/* How each kind of probe is folded into one status (probe->nagios). */
static int (*const check_fold[])(struct cmd_globals *, const struct probe *,
    int, char **) = {
	[PROBE_NAGIOS_NONE] = NULL,
	[PROBE_NAGIOS_COUNT] = check_dnsbl,
	[PROBE_NAGIOS_WORST] = check_auth,
	[PROBE_NAGIOS_RATE] = check_bounces,
};

static int
cmd_check_exec(struct cmd_globals *g, int argc, char **argv)
{
	const struct probe *p;
	char names[256];

	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		check_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? FINDING_UNKNOWN : FINDING_OK;
	}
	if ((p = probe_find(argv[1])) != NULL && check_fold[p->nagios] != NULL)
		return check_fold[p->nagios](g, p, argc - 1, argv + 1);
	probe_list_names(~0u, true, ", ", ", ", names, sizeof(names));
	printf("SENDWATCH UNKNOWN - unknown check \"%s\" (expected: %s)\n",
	    argv[1], names);
	return FINDING_UNKNOWN;
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "dnsbl [-w N] [-c N] TARGET... | spf|dkim|dmarc|mx|mta-sts|tlsrpt|bimi DOMAIN"
	    " | ptr IP"
	    " | bounces [LOG...]",
	.help = "Nagios/Icinga plugin: one status line, exit 0-3",
	.exec = cmd_check_exec,
};
