/*
 * bounce_probe.c -- the bounces probe's row of the probe table (probe.h).
 * Its input, the follower's offsets and counts, lives in the state store;
 * `run` reads the logs and judges them (bounce_findings.h) in
 * monitor/run_bounces.c, `check bounces` in monitor/check_bounces.c.
 */
#include <stddef.h>

#include "probes/bounces/bounce_probe.h"

static bool
bounce_probe_wanted(const struct config *c)
{
	return c->bounces.nlogs > 0;
}

const struct probe probe_bounces = {
	.name = "bounces",
	.summary = "the [bounces] mail logs: the bounce rate of the window,"
	    " the blocklists and rejections receivers name",
	.targets = PROBE_ON_LOGS,
	.schedule = "bounces",
	.schedule_off = offsetof(struct cfg_schedule, bounces_ms),
	.wanted = bounce_probe_wanted,
	.run = NULL,		/* store-fed: see above */
	.nagios = PROBE_NAGIOS_RATE,
};
