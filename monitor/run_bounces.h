/*
 * run_bounces.h -- the "bounces" probe of `sendwatch run`: follows the
 * [bounces] logs and turns them into findings (see run_bounces.c).
 */
#ifndef SENDWATCH_RUN_BOUNCES_H
#define SENDWATCH_RUN_BOUNCES_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "monitor/engine.h"

uint64_t	run_bounces_interval(const struct config *);
bool		run_bounces_wanted(const struct config *);
/* Appends the findings to e->findings; 0, or -1 (printed). */
int		run_bounces_probe(struct engine *);

#endif
