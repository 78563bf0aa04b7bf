/*
 * bounce_metrics.h -- bounce figures as Prometheus metrics (metrics.h):
 * deliveries by outcome, bounce rate, bounces by category, the busiest
 * recipient domains, blocklists named by receivers.
 */
#ifndef SENDWATCH_BOUNCE_METRICS_H
#define SENDWATCH_BOUNCE_METRICS_H

#include "monitor/metrics.h"
#include "probes/bounce_stats.h"

/* Per-domain series are kept to the busiest domains (cardinality). */
#define BOUNCE_METRICS_DOMAINS	20

/* Adds the metrics; 0, or -1 with the reason in m->err. */
int	bounce_metrics_add(struct metrics *, const struct bounce_stats *);

#endif
