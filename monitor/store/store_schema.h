/*
 * store_schema.h -- the one owner of the SQLite schema of sendwatch's
 * database file (service state, events, outbox, DNSBL query counts, the
 * bounces follower, DMARC reports). The schema is a list of numbered
 * steps; PRAGMA user_version says how many a file has had. Opening a
 * file runs the missing steps, each in its own transaction, so a file
 * written by an earlier sendwatch is brought up to date once, and a
 * crash during a step leaves the file at the step before.
 */
#ifndef SENDWATCH_STORE_SCHEMA_H
#define SENDWATCH_STORE_SCHEMA_H

#include <stddef.h>

#include <sqlite3.h>

/* The user_version of a file this sendwatch has brought up to date. */
int	store_schema_version(void);

/*
 * Runs the steps db has not had yet. Returns 0, or -1 with "path:
 * reason" in err (also when the file comes from a newer sendwatch).
 */
int	store_schema_migrate(sqlite3 *db, const char *path, char *err,
	    size_t errlen);

#endif
