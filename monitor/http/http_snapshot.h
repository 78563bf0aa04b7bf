/*
 * http_snapshot.h -- what the HTTP endpoint serves, handed over by the run
 * loop: after each cycle it publishes the metrics text and the findings
 * JSON, and before each sleep when the next cycle must have finished.
 * The HTTP threads only copy out of it under its mutex; they never touch
 * SQLite or the engine, so a slow client cannot delay a cycle.
 */
#ifndef SENDWATCH_HTTP_SNAPSHOT_H
#define SENDWATCH_HTTP_SNAPSHOT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct http_snapshot {
	pthread_mutex_t	 mu;
	char		*metrics;	/* Prometheus text; NULL before a cycle */
	char		*findings;	/* JSON; NULL before a cycle */
	int64_t		 last_cycle;	/* wall s of the last stored cycle; 0 */
	uint64_t	 overdue_at;	/* monotonic ms by which the next cycle
					 * must have finished; 0: none due */
	bool		 idle;		/* nothing to watch */
	char		 problem[256];	/* why the last cycle failed, or "" */
};

void	http_snapshot_init(struct http_snapshot *);
void	http_snapshot_free(struct http_snapshot *);

/* Takes ownership of metrics and findings (either may be NULL: kept). */
void	http_snapshot_publish(struct http_snapshot *, char *metrics,
	    char *findings, int64_t cycle_wall);
/* The schedule: next cycle's deadline, idle, and a problem (or NULL). */
void	http_snapshot_schedule(struct http_snapshot *, uint64_t overdue_at,
	    bool idle, const char *problem);

/* A copy of one published text (malloc'd), or NULL when none yet. */
char	*http_snapshot_copy(struct http_snapshot *, char *const *which);


#endif
