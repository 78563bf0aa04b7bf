/*
 * imap_store.c -- the imap_committed table (see imap_store.h). Each call
 * is one statement, so each is its own transaction: a row is written
 * after the message's reports were committed and deleted after the
 * message was moved.
 */
#include <stdio.h>
#include <time.h>

#include "monitor/store/imap_store.h"

/*
 * Runs sql with (account, uidvalidity, uid[, now]) bound. For a SELECT
 * the result is 1 when it gave a row, 0 when not; for a change, 0.
 * -1 with SQLite's reason in err.
 */
static int
imap_stmt(sqlite3 *db, const char *sql, const char *account,
    uint32_t uidvalidity, uint32_t uid, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, uidvalidity);
	sqlite3_bind_int64(st, 3, uid);
	if (sqlite3_bind_parameter_count(st) == 4)
		sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : 0;
fail:
	snprintf(err, errlen, "state database: remembering IMAP UID %u: %s",
	    uid, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return -1;
}

int
imap_store_committed(sqlite3 *db, const char *account, uint32_t uidvalidity,
    uint32_t uid, char *err, size_t errlen)
{
	return imap_stmt(db, "SELECT 1 FROM imap_committed WHERE account = ?1"
	    " AND uidvalidity = ?2 AND uid = ?3", account, uidvalidity, uid,
	    err, errlen);
}

int
imap_store_remember(sqlite3 *db, const char *account, uint32_t uidvalidity,
    uint32_t uid, char *err, size_t errlen)
{
	return imap_stmt(db, "INSERT OR IGNORE INTO imap_committed (account,"
	    " uidvalidity, uid, committed_at) VALUES (?1, ?2, ?3, ?4)",
	    account, uidvalidity, uid, err, errlen);
}

int
imap_store_forget(sqlite3 *db, const char *account, uint32_t uidvalidity,
    uint32_t uid, char *err, size_t errlen)
{
	return imap_stmt(db, "DELETE FROM imap_committed WHERE account = ?1"
	    " AND uidvalidity = ?2 AND uid = ?3", account, uidvalidity, uid,
	    err, errlen);
}
