/*
 * dnsbl_probe.h -- the dnsbl probe's row of the probe table (probe.h).
 */
#ifndef SENDWATCH_DNSBL_PROBE_H
#define SENDWATCH_DNSBL_PROBE_H

#include "probes/probe.h"

extern const struct probe probe_dnsbl;

#endif
