/*
 * check_bounces.h -- "sendwatch check bounces [LOG...]": a Nagios plugin
 * over the last window of the MTA logs (see check_bounces.c).
 */
#ifndef SENDWATCH_CHECK_BOUNCES_H
#define SENDWATCH_CHECK_BOUNCES_H

#include "monitor/cmd.h"

/* argv[1] is "bounces"; returns the Nagios status. */
int	check_bounces(struct cmd_globals *, int argc, char **argv);

#endif
