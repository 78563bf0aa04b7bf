/*
 * run_metrics.h -- after each cycle of `sendwatch run`, the [general]
 * metrics_file (Prometheus text format, replaced atomically): the stored
 * state of every key (findings by state, DNSBL listings), the cycle's
 * duration and DNS work, the bounce figures of the [bounces] window, and
 * the DMARC pass rate per domain (reports of the last 7 days).
 */
#ifndef SENDWATCH_RUN_METRICS_H
#define SENDWATCH_RUN_METRICS_H

#include "monitor/engine.h"
#include "monitor/http/http_snapshot.h"
#include "monitor/store/state_store.h"

/* Writes the file when configured, and publishes the metrics text and
 * the findings JSON to snap when it is not NULL ([http]); problems are
 * logged, never fatal. */
void	run_metrics_write(const struct config *, struct state_store *,
	    const struct engine *, double duration_s, uint64_t state_errors,
	    struct http_snapshot *);

#endif
