/*
 * run_store.h -- how `sendwatch run` stores a cycle: findings diffed
 * against the stored state of their keys (findings_diff.h), events and
 * outbox rows written with them. A small cycle is one transaction. A
 * large DNSBL sweep is stored in batches while it runs (engine flush),
 * each batch its own transaction, so memory follows the batch in
 * flight, not the number of findings; the cycle's end stores the rest
 * (other probes, query counts, the bounces follower) and the folded
 * first-seen events in a last one.
 */
#ifndef SENDWATCH_RUN_STORE_H
#define SENDWATCH_RUN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "monitor/engine.h"
#include "monitor/findings_diff.h"
#include "monitor/run_state.h"
#include "monitor/store/state_store.h"

/* Targets per batch of a DNSBL sweep in `run`. */
#define RUN_STORE_BATCH_TARGETS	2048

struct run_store {
	struct run_state	*state;		/* borrowed: its store, its health */
	struct state_store	*st;
	struct diff_rules	 rules;
	struct diff_cycle	 dc;
	struct state_sink	*sinks;
	size_t			 nsinks;
	int64_t			 now;
	size_t			 findings;	/* stored so far this cycle */
	size_t			 events;
	bool			 failed;	/* a batch could not be stored */
};

/*
 * Starts a cycle's store on state's store (a failed write is reported
 * to it, run_state_failed; a good one with run_state_written). 0, or -1
 * (logged).
 */
int	run_store_begin(struct run_store *, struct run_state *state,
	    const struct config *, int64_t now);

/*
 * engine flush: diffs and stores findings as one batch and empties the
 * list. 0, or -1 (logged; the sweep stops, the cycle is not stored).
 */
int	run_store_flush(void *run_store, struct finding_list *findings);

/*
 * Stores what is left of the cycle: e's findings, its query counts,
 * the bounces follower, the folded events. 0, or -1 (logged).
 */
int	run_store_commit(struct run_store *, const struct engine *e,
	    unsigned long cycle);

void	run_store_end(struct run_store *);

#endif
