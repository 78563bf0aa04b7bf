/*
 * outbox.h -- the scheduler's side of alerting: delivering events from
 * the persistent outbox (the state store) to the configured sinks: per
 * sink in event order, each event once (marked sent in the database
 * right after the receiver accepted it), failed tries retried as the
 * sinks' retry policy says (alerts/alert_retry.h). A sink's later events
 * wait while an earlier one is being retried, so order holds.
 *
 * When the mark of a delivery cannot be written (disk full, file gone)
 * it is kept in memory and its write retried before anything else of
 * that sink is delivered: the event is not sent again in a loop, and
 * the sink waits until its database accepts writes again. A reload
 * (SIGHUP) carries the mark to the sink of the same name; only a restart
 * before the write succeeds sends it once more (at least once).
 *
 * outbox_worker.h runs one pass after another for each sink in a
 * thread of its own, so no receiver delays the probes or another sink.
 */
#ifndef SENDWATCH_OUTBOX_H
#define SENDWATCH_OUTBOX_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts/alert.h"
#include "config/config.h"
#include "monitor/store/state_store.h"

/* Deliveries one pass makes at most before it returns (to look at
 * stop and reload requests and to let the next pass begin afresh). */
#define OUTBOX_PASS_MAX		64

/* Seconds between tries to write a mark kept in memory. */
#define OUTBOX_MARK_RETRY_S	5

/*
 * Fills out[0..cfg->nalerts) with the sinks of cfg and their filters
 * (borrowing cfg's memory), for state_store_commit. Returns the count.
 */
size_t	outbox_sinks(const struct config *, struct state_sink *out);

/* Called after each delivery attempt, for logging. */
typedef void (*outbox_report)(void *arg, const struct cfg_alert *,
	    const struct event_list *, const struct alert_outcome *,
	    int64_t next_try);

/* One sink between passes: its config (borrowed) and a mark that could
 * not be written yet. Zero it, set alert (and mark_errors, or NULL);
 * outbox_sink_free() at the end. */
struct outbox_sink {
	const struct cfg_alert	*alert;
	/* +1 for each mark the database refused and memory keeps (once per
	 * mark, not per retry), for sendwatch_state_errors_total; borrowed,
	 * may be shared by the threads of several sinks */
	atomic_uint_least64_t	*mark_errors;
	struct event_list	 unmarked;	/* n == 0: none */
	enum outbox_status	 unmarked_status;
	int64_t			 unmarked_at;
	int64_t			 unmarked_next_try;
	char			 unmarked_error[256];
};

void	outbox_sink_free(struct outbox_sink *);

/*
 * One pass for one sink: first the mark kept in memory (if any), then
 * up to OUTBOX_PASS_MAX due deliveries (unix seconds from clock()).
 * Stops early, marking nothing it did not finish, once *cancel is true
 * (cancel may be NULL). Returns the wall time (s) the sink is due
 * again: 0 when nothing is pending, clock() after a full pass (more is
 * due at once); or -1 on a database error other than a mark's (message
 * in err; the caller retries later).
 */
int64_t	outbox_sink_pass(struct state_store *, struct outbox_sink *,
	    int64_t (*clock)(void), const atomic_bool *cancel,
	    outbox_report, void *arg, char *err, size_t errlen);

#endif
