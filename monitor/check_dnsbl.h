/*
 * check_dnsbl.h -- "sendwatch check dnsbl TARGET...": the DNSBL
 * Nagios/Icinga plugin (status line with perfdata, one line per listing,
 * exit 0-3), and the usage text of `check`.
 */
#ifndef SENDWATCH_CHECK_DNSBL_H
#define SENDWATCH_CHECK_DNSBL_H

#include <stdio.h>

#include "monitor/cmd.h"
#include "probes/probe.h"

/* p: the dnsbl probe; argv[0] is its name. Returns the Nagios status. */
int	check_dnsbl(struct cmd_globals *, const struct probe *, int argc,
	    char **argv);

/* The usage of `check` and of `check dnsbl`, to fp. */
void	check_usage(FILE *fp);

#endif
