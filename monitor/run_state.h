/*
 * run_state.h -- the state file of `sendwatch run` and its health: the
 * store is opened at start, and before each cycle the file on disk is
 * checked to still be the one open (device and inode). A file removed
 * or replaced under the running service is never written to as a
 * ghost: the store is closed and opened again (a removed file is
 * recreated, with a warning). Storage faults (disk full, read-only,
 * not a database, removed) are logged once per condition, with their
 * recovery, counted for sendwatch_state_errors_total and named for
 * /healthz.
 */
#ifndef SENDWATCH_RUN_STATE_H
#define SENDWATCH_RUN_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "monitor/store/state_store.h"

struct run_state {
	const char		*path;		/* borrowed */
	struct state_store	*st;		/* NULL: cannot be used now */
	dev_t			 dev;
	ino_t			 ino;
	char			 condition[256];	/* the fault now; "" */
	uint64_t		 errors;	/* failed opens and writes */
};

/*
 * Opens path at start. Returns 0, or -1 with the reason in err (the
 * service does not start on a file it cannot open).
 */
int	run_state_open(struct run_state *, const char *path, char *err,
	    size_t errlen);

/*
 * Before a cycle: is the file still the one open? When it is not (or
 * the store could not be opened last time), close_others(arg) is called
 * first (it must close every other connection to the file: the last
 * one to close deletes the -wal file by name), then the store is opened
 * afresh. Returns 1 when it was (the caller reopens its other
 * connections), 0 when nothing changed, -1 when the store cannot be
 * used now (st is NULL; the condition says why).
 */
int	run_state_check(struct run_state *, void (*close_others)(void *),
	    void *arg);

/*
 * A write failed with message err: counts it, logs it when the
 * condition is new, and checkpoints the log to give space back.
 */
void	run_state_failed(struct run_state *, const char *err);

/* A write went through: logs the recovery from a condition, once. */
void	run_state_written(struct run_state *);

void	run_state_close(struct run_state *);

#endif
