/*
 * run_probes.h -- the probe kinds `sendwatch run` schedules: one table
 * entry each with its [schedule] interval, whether the config gives it
 * anything to check, and how to run it on an open engine (findings are
 * appended to e->findings).
 */
#ifndef SENDWATCH_RUN_PROBES_H
#define SENDWATCH_RUN_PROBES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "monitor/engine.h"

struct run_probe {
	const char	*name;			/* as in [schedule] */
	uint64_t	(*interval_ms)(const struct config *);
	bool		(*wanted)(const struct config *);
	int		(*run)(struct engine *);	/* 0, or -1 (printed) */
};

extern const struct run_probe run_probes[];
extern const size_t run_nprobes;

#endif
