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
 * Marks kept in memory (outbox.h), carried from the threads a reload
 * stops to the ones it starts, by sink name: a reload while the state
 * file refuses writes does not send those events again.
 */
struct outbox_carry {
	char			**names;
	struct outbox_sink	*sinks;		/* alert NULL; unmarked set */
	size_t			 n;
};

/* Frees what no sink took, saying which marks are dropped. */
void	outbox_carry_free(struct outbox_carry *);

/*
 * Starts a thread for each sink of cfg (borrowed until stopped), each
 * opening state_path. report (may be NULL) is called from those
 * threads; each delivery mark the database refuses adds 1 to
 * *mark_errors (may be NULL; it outlives the workers, so the count
 * survives a reload). Each sink takes the mark carry (may be NULL) holds
 * for its name; carry is emptied. Returns the workers (also for no
 * sinks), or NULL with the reason in err. Signals must already be
 * blocked in the caller.
 */
struct outbox_workers *outbox_workers_start(const char *state_path,
	    const struct config *cfg, outbox_report report, void *arg,
	    atomic_uint_least64_t *mark_errors, struct outbox_carry *carry,
	    char *err, size_t errlen);

/* New events are in the outbox: every sink looks now. NULL is a no-op. */
void	outbox_workers_kick(struct outbox_workers *);

/*
 * Abandons deliveries in flight (left pending: due at once next time),
 * joins the threads and frees. The marks they kept in memory go into
 * carry (a reload), or are dropped when carry is NULL (a restart, or a
 * state file that is gone). NULL workers is a no-op.
 */
void	outbox_workers_stop(struct outbox_workers *, struct outbox_carry *);

#endif
