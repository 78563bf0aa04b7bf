/*
 * state_store.h -- the service's memory in SQLite (the [general] state
 * file, WAL): the last finding per key with its pending change and
 * unknown time, the history of observations, the events and the outbox
 * (one row per event and alert sink: status, attempts, next try, last
 * error), the DNS queries each DNSBL zone received per UTC day, and the
 * bounces follower's state (where each mail log was read up to). A
 * cycle's state update, events, outbox rows, query counts and follower
 * state are written in one transaction (a large DNSBL sweep's batches
 * each in one of their own first, state_store_batch): a crash leaves
 * either all of a cycle (or batch) or none of it.
 */
#ifndef SENDWATCH_STATE_STORE_H
#define SENDWATCH_STATE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts/event.h"
#include "monitor/findings_diff.h"
#include "probes/bounces/bounce_follow.h"

struct state_store;

/* Opens (creating tables if needed). NULL with a message in err. */
struct state_store *state_store_open(const char *path, char *err,
	    size_t errlen);
void	state_store_close(struct state_store *);	/* NULL is a no-op */

/*
 * Checkpoints the write-ahead log into the file and truncates it: after
 * a failed write on a full disk this gives the space back, so the next
 * write can succeed once room returns. 0, or -1 (readers in the way).
 */
int	state_store_checkpoint(struct state_store *);

/* Appends every stored entry to out. Returns 0, or -1 (message in err). */
int	state_store_load(struct state_store *, struct state_entries *out,
	    char *err, size_t errlen);

/*
 * Appends the stored entries of the keys of keys' findings (those
 * stored) to out: a large cycle's batch loads only what it diffs.
 * Returns 0, or -1 (message in err).
 */
int	state_store_load_keys(struct state_store *,
	    const struct finding_list *keys, struct state_entries *out,
	    char *err, size_t errlen);

/* An alert sink as the outbox sees it: a name and a filter. */
struct state_sink {
	const char	*name;
	bool		(*wants)(const void *arg, const struct event *);
	const void	*arg;
};

/* The DNS queries one DNSBL zone received in a cycle. */
struct state_query_count {
	const char	*zone;
	uint64_t	 n;
};

/*
 * Writes one cycle in one transaction: upserts next, appends history
 * rows for entries whose observation changed, inserts the events
 * (setting their id and cycle), one outbox row per event and sink
 * that wants it, adds queries (may be NULL) to the zones' counts for
 * the UTC day of now (counts older than a week are dropped), and
 * replaces the bounces follower's state with bounces (NULL: left as
 * stored). Returns 0, or -1 with nothing written (message in err).
 */
int	state_store_commit(struct state_store *, int64_t now,
	    const struct state_entries *next, struct event_list *events,
	    const struct state_sink *sinks, size_t nsinks,
	    const struct state_query_count *queries, size_t nqueries,
	    const struct bounce_follow *bounces, char *err, size_t errlen);

/*
 * Stores one batch of a cycle too large to hold at once, in its own
 * transaction: upserts next, history rows, the events and their outbox
 * rows. The first batch creates the cycle's row; the following ones and
 * the cycle's state_store_commit (the rest of its findings, the query
 * counts, the follower state, pruning) add to it. A crash loses the
 * batch being written, never part of one. Returns 0, or -1 with nothing
 * of the batch written (message in err).
 */
int	state_store_batch(struct state_store *, int64_t now,
	    const struct state_entries *next, struct event_list *events,
	    const struct state_sink *sinks, size_t nsinks, char *err,
	    size_t errlen);

/* Forgets the cycle the batches stored (its commit failed or was not made). */
void	state_store_cycle_done(struct state_store *);

/*
 * Adds the bounces follower's stored state to f (initialized by the
 * caller). When the database holds none and the text file of earlier
 * versions (legacy, "STATE.bounces"; may be NULL) exists, f gets what
 * the file holds instead, and the file is removed once the next commit
 * with bounces has stored it. Returns 0, or -1 with the reason in err
 * (f may then hold part of the state: start over with a fresh one).
 */
int	state_store_bounces_load(struct state_store *, const char *legacy,
	    struct bounce_follow *f, char *err, size_t errlen);

/*
 * The queries zone received on the UTC day of now (0 when none were
 * stored), for [dnsbl NAME] max_queries_per_day. Returns 0, or -1.
 */
int	state_store_queries_today(struct state_store *, const char *zone,
	    int64_t now, uint64_t *count, char *err, size_t errlen);

/*
 * The next delivery due for sink at now, in event order. The sink's
 * oldest undelivered event decides: when its next try is later than now
 * nothing is due (*next_try says when), unless it was made or last
 * tried later than now (the clock stepped back: due at once). Otherwise
 * out gets that event,
 * plus, when whole_cycle, every other undelivered event of its cycle;
 * *attempts is how often it was tried before. Returns the number of
 * events appended (0: none due), or -1.
 */
int	state_store_outbox_due(struct state_store *, const char *sink,
	    int64_t now, bool whole_cycle, struct event_list *out,
	    int64_t *next_try, int *attempts, char *err, size_t errlen);

enum outbox_status {
	OUTBOX_PENDING,
	OUTBOX_SENT,
	OUTBOX_FAILED,		/* refused for good (e.g. HTTP 400) */
};

/*
 * Records one delivery attempt of events (ids from outbox_due) to sink:
 * status, the next try (PENDING), the error text (or NULL). 0 or -1.
 */
int	state_store_outbox_mark(struct state_store *, const char *sink,
	    const struct event_list *events, enum outbox_status, int64_t now,
	    int64_t next_try, const char *error, char *err, size_t errlen);

/* Earliest next try of any undelivered row, or 0 when none. */
int64_t	state_store_outbox_earliest(struct state_store *);

/*
 * Calls each(arg, sink, n) for every sink name with n undelivered rows
 * (event and sink pairs), configured or not (the rows of a sink removed
 * or renamed stay). Returns 0, or -1 on a database error.
 */
int	state_store_outbox_backlog(struct state_store *,
	    void (*each)(void *arg, const char *sink, int64_t n), void *arg);

/* One row of `sendwatch events`: an event and its delivery to one sink. */
struct state_event_row {
	const struct event	*ev;
	const char		*sink;		/* NULL: no sink wanted it */
	const char		*status;	/* "pending", "sent", "failed" */
	int			 attempts;
	int64_t			 sent_at;	/* 0: not sent */
	const char		*last_error;	/* NULL: none */
};

/* Calls fn for each event since `since` (unix s), oldest first. 0 or -1. */
int	state_store_events(struct state_store *, int64_t since,
	    void (*fn)(void *, const struct state_event_row *), void *arg,
	    char *err, size_t errlen);

#endif
