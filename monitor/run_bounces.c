/*
 * run_bounces.c -- the service's bounce probe. Each cycle reads what the
 * [bounces] logs gained (bounce_follow.c: offsets survive restarts,
 * rotation and truncation; the state comes from and goes back to the
 * state store with the cycle, e->bounces) and judges the window
 * (bounce_findings.c).
 */
#include <stdio.h>
#include <time.h>

#include "monitor/log.h"
#include "monitor/run_bounces.h"
#include "probes/bounces/bounce_findings.h"
#include "probes/bounces/bounce_follow.h"

uint64_t
run_bounces_interval(const struct config *c)
{
	return c->schedule.bounces_ms;
}

bool
run_bounces_wanted(const struct config *c)
{
	return c->bounces.nlogs > 0;
}

int
run_bounces_probe(struct engine *e)
{
	const struct config *cfg = e->cfg;
	struct bounce_follow *f = e->bounces;
	struct bounce_judge j = { .cfg = cfg, .res = e->resolver,
	    .deadline_ms = e->deadline_ms };
	int64_t now = (int64_t)time(NULL);
	char err[512];

	if (f == NULL) {
		log_err("bounces: no follower state to go on from");
		return -1;
	}
	if (bounce_follow_read(f, cfg->bounces.logs, cfg->bounces.nlogs, now,
	    cfg->bounces.window_ms / 1000, err, sizeof(err)) == -1)
		log_err("bounces: %s", err);
	if (bounce_findings(&j, f, now, &e->findings) == -1) {
		log_err("bounces: out of memory");
		return -1;
	}
	log_debug("bounces: %llu lines read", (unsigned long long)f->lines);
	return 0;
}
