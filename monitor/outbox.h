/*
 * outbox.h -- the scheduler's side of alerting: delivering events from
 * the persistent outbox (the state store) to the configured sinks: per
 * sink in event order, each event once (marked sent in the database
 * right after the receiver accepted it), failed tries retried as the
 * sinks' retry policy says (alerts/alert_retry.h). A sink's later events
 * wait while an earlier one is being retried, so order holds.
 */
#ifndef SENDWATCH_OUTBOX_H
#define SENDWATCH_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts/alert.h"
#include "config/config.h"
#include "monitor/store/state_store.h"

/*
 * Fills out[0..cfg->nalerts) with the sinks of cfg and their filters
 * (borrowing cfg's memory), for state_store_commit. Returns the count.
 */
size_t	outbox_sinks(const struct config *, struct state_sink *out);

/* Called after each delivery attempt, for logging. */
typedef void (*outbox_report)(void *arg, const struct cfg_alert *,
	    const struct event_list *, const struct alert_outcome *,
	    int64_t next_try);

/*
 * Delivers everything due now (unix seconds from clock()) and returns
 * the earliest time something else becomes due (0: nothing pending), or
 * -1 on a database error (message in err). Between two deliveries it
 * asks stopping(arg) (may be NULL) and returns early when it is true.
 */
int64_t	outbox_run(struct state_store *, const struct config *,
	    int64_t (*clock)(void), bool (*stopping)(void *), outbox_report,
	    void *arg, char *err, size_t errlen);

#endif
