/*
 * check_bounces.h -- "sendwatch check bounces [LOG...]": a Nagios plugin
 * over the last window of the MTA logs (see check_bounces.c).
 */
#ifndef SENDWATCH_CHECK_BOUNCES_H
#define SENDWATCH_CHECK_BOUNCES_H

#include "monitor/cmd.h"
#include "probes/probe.h"

/* argv[1] is "bounces"; returns the Nagios status. */
/* p: the bounces probe; argv[0] is its name. */
int	check_bounces(struct cmd_globals *, const struct probe *, int argc,
	    char **argv);

#endif
