/*
 * bounce_probe.h -- the bounces probe's row of the probe table (probe.h).
 */
#ifndef SENDWATCH_BOUNCE_PROBE_H
#define SENDWATCH_BOUNCE_PROBE_H

#include "probes/probe.h"

extern const struct probe probe_bounces;

#endif
