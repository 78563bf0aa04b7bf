/*
 * metrics_findings.h -- a cycle of `sendwatch run` as Prometheus metrics
 * (metrics.h): findings by state, DNSBL listings per list and target,
 * the cycle's duration and DNS work, the outbox backlog. The service
 * calls these after each cycle, then metrics_write_file() on [general]
 * metrics_file.
 */
#ifndef SENDWATCH_METRICS_FINDINGS_H
#define SENDWATCH_METRICS_FINDINGS_H

#include <stdint.h>

#include "monitor/output/metrics.h"
#include "probes/finding.h"

struct metrics_cycle {
	double		duration_s;	/* the last cycle */
	int64_t		finished;	/* unix seconds */
	uint64_t	queries;	/* DNS queries sent */
	uint64_t	failures;	/* (list, target) pairs we could not tell */
	int64_t		outbox_backlog;	/* undelivered alerts; -1: unknown */
	uint64_t	state_errors;	/* failed state writes, opens, marks */
};

/*
 * sendwatch_findings{state}, and sendwatch_dnsbl_listed{list,target}
 * (1 listed, 0 not) for every dnsbl finding that is not unknown.
 * Returns 0, or -1 with the reason in m->err.
 */
int	metrics_add_findings(struct metrics *, const struct finding_list *);

/* sendwatch_cycle_duration_seconds, ..._last_cycle_timestamp_seconds,
 * ..._dns_queries, ..._dns_failures, ..._outbox_backlog,
 * ..._state_errors_total. 0 or -1. */
int	metrics_add_cycle(struct metrics *, const struct metrics_cycle *);

#endif
