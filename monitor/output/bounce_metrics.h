/*
 * bounce_metrics.h -- bounce figures as Prometheus metrics (metrics.h):
 * deliveries by outcome, bounce rate, bounces by category, the busiest
 * recipient domains, blocklists named by receivers.
 */
#ifndef SENDWATCH_BOUNCE_METRICS_H
#define SENDWATCH_BOUNCE_METRICS_H

#include "monitor/output/metrics.h"
#include "probes/bounces/bounce_stats.h"

/* Per-domain series are kept to the busiest domains (cardinality). */
#define BOUNCE_METRICS_DOMAINS	20

/*
 * sendwatch_deliveries{outcome} and sendwatch_bounce_rate_ratio for c
 * (the service's window, or the logs read). 0, or -1 (m->err).
 */
int	bounce_metrics_add_counts(struct metrics *, const struct bounce_counts *);

/* Adds the metrics; 0, or -1 with the reason in m->err. */
int	bounce_metrics_add(struct metrics *, const struct bounce_stats *);

#endif
