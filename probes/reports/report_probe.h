/*
 * report_probe.h -- the reports probe's row of the probe table (probe.h).
 */
#ifndef SENDWATCH_REPORT_PROBE_H
#define SENDWATCH_REPORT_PROBE_H

#include "probes/probe.h"

extern const struct probe probe_reports;

#endif
