/*
 * db.c -- opening the shared SQLite database file (see db.h).
 */
#include <stdio.h>

#include "monitor/store/db.h"
#include "monitor/store/store_schema.h"

sqlite3 *
db_open(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db != NULL ?
		    sqlite3_errmsg(db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(db, 10000);
	/* the log is cut back to 1 MiB after each checkpoint: on a small
	 * disk it must not keep the space a burst once took */
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; "
	    "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
	    "PRAGMA journal_size_limit=1048576;",
	    NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
		goto fail;
	}
	if (store_schema_migrate(db, path, err, errlen) == -1)
		goto fail;
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}

sqlite3 *
db_open_readonly(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db != NULL ?
		    sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 2000);
	return db;
}

int
db_prepare_all(sqlite3 *db, const char *path, const char *const *sql,
    sqlite3_stmt **st, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, &st[i], NULL) !=
		    SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", path,
			    sqlite3_errmsg(db));
			return -1;
		}
	return 0;
}

sqlite3 *
db_open_prepared(const char *path, const char *const *sql, sqlite3_stmt **st,
    size_t n, char *err, size_t errlen)
{
	sqlite3 *db = db_open(path, err, errlen);

	if (db != NULL && db_prepare_all(db, path, sql, st, n, err,
	    errlen) == -1) {
		db_close_all(db, st, n);
		return NULL;
	}
	return db;
}

void
db_close_all(sqlite3 *db, sqlite3_stmt **st, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_finalize(st[i]);
		st[i] = NULL;
	}
	sqlite3_close(db);
}

int
db_run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}
