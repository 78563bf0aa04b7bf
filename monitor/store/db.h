/*
 * db.h -- opening sendwatch's SQLite database file (the service state,
 * the outbox, the bounces follower and the DMARC report store share it):
 * one place for the open flags, busy timeout, WAL journal and pragmas,
 * bringing the schema up to date (store_schema.c) and statement
 * preparation.
 */
#ifndef SENDWATCH_DB_H
#define SENDWATCH_DB_H

#include <stddef.h>

#include <sqlite3.h>

/*
 * Opens (creating) path in WAL mode with synchronous=NORMAL, foreign
 * keys on and the log cut back to 1 MiB after checkpoints, then runs the schema steps it has not had (store_schema.h).
 * Returns the handle (close with sqlite3_close), or NULL with
 * "path: reason" in err.
 */
sqlite3	*db_open(const char *path, char *err, size_t errlen);

/*
 * Opens an existing path read-only (a reader that must not create the
 * file or change its schema). NULL with "path: reason" in err.
 */
sqlite3	*db_open_readonly(const char *path, char *err, size_t errlen);

/*
 * Prepares n statements sql[i] into st[i]. Returns 0, or -1 with
 * "path: reason" in err (statements prepared so far are left in st for
 * the caller to finalize).
 */
int	db_prepare_all(sqlite3 *, const char *path, const char *const *sql,
	    sqlite3_stmt **st, size_t n, char *err, size_t errlen);

/*
 * db_open() then db_prepare_all() of n statements into st: the handle,
 * or NULL with the reason in err (nothing left open).
 */
sqlite3	*db_open_prepared(const char *path, const char *const *sql, sqlite3_stmt **st, size_t n, char *err,
	    size_t errlen);

/* Finalizes st[0..n) and closes db; NULL entries are fine. */
void	db_close_all(sqlite3 *, sqlite3_stmt **st, size_t n);

/* Runs a bound statement to completion and resets it: 0, or -1. */
int	db_run(sqlite3_stmt *);

#endif
