/*
 * outbox_worker.h -- delivery beside the probes: one thread per alert
 * sink, each with its own connection to the state file, running
 * outbox_sink_pass() whenever its sink is due or new events were
 * stored. A receiver that is slow or hangs until the timeout delays
 * only its own sink; cycles keep their schedule.
 */
#ifndef SENDWATCH_OUTBOX_WORKER_H
#define SENDWATCH_OUTBOX_WORKER_H

#include <stddef.h>

#include "config/config.h"
#include "monitor/outbox.h"

struct outbox_workers;

/*
 * Starts a thread for each sink of cfg (borrowed until stopped), each
 * opening state_path. report (may be NULL) is called from those
 * threads; each delivery mark the database refuses adds 1 to
 * *mark_errors (may be NULL; it outlives the workers, so the count
 * survives a reload). Returns the workers (also for no sinks), or NULL
 * with the reason in err. Signals must already be blocked in the caller.
 */
struct outbox_workers *outbox_workers_start(const char *state_path,
	    const struct config *cfg, outbox_report report, void *arg,
	    atomic_uint_least64_t *mark_errors, char *err, size_t errlen);

/* New events are in the outbox: every sink looks now. NULL is a no-op. */
void	outbox_workers_kick(struct outbox_workers *);

/*
 * Abandons deliveries in flight (left pending: due at once next time),
 * joins the threads and frees. NULL is a no-op.
 */
void	outbox_workers_stop(struct outbox_workers *);

#endif
