/*
 * check_auth.h -- "sendwatch check spf|dkim|dmarc|mx DOMAIN" and
 * "check ptr IP": Nagios plugins over the authentication probes, with
 * the conventions of check dnsbl (status line with perfdata, one line
 * per problem, exit 0-3).
 */
#ifndef SENDWATCH_CHECK_AUTH_H
#define SENDWATCH_CHECK_AUTH_H

#include "monitor/cmd.h"
#include "probes/probe.h"

/* argv[1] is the probe name; returns the Nagios status. */
/* p: a probe with PROBE_NAGIOS_WORST; argv[0] is its name. */
int	check_auth(struct cmd_globals *, const struct probe *, int argc,
	    char **argv);

#endif
