/*
 * run_probes.h -- the schedule of `sendwatch run`, from the probe table
 * (probes/probe.h): one group per [schedule] key (dnsbl, auth, bounces,
 * reports), holding the probes that run under it, with the key's
 * interval, whether the config gives any of them anything to watch, and
 * how to run them on an open engine (findings go to e->findings).
 */
#ifndef SENDWATCH_RUN_PROBES_H
#define SENDWATCH_RUN_PROBES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "monitor/engine.h"
#include "probes/probe.h"

#define RUN_MAX_GROUPS	16

struct run_probe {
	const char		*name;		/* the [schedule] key */
	const struct probe	*first;		/* gives the interval */
	unsigned		 mask;		/* 1u << probe_index(p) */
};

/* The groups of probe_table in its order into v; returns how many. */
size_t		run_probes_init(struct run_probe *v, size_t max);
uint64_t	run_probe_interval(const struct run_probe *,
		    const struct config *);
bool		run_probe_wanted(const struct run_probe *,
		    const struct config *);
/* Runs the group's probes; 0, or -1 (printed). */
int		run_probe_run(const struct run_probe *, struct engine *);

#endif
