/*
 * imap_store.h -- what the IMAP intake remembers in the state database:
 * the messages whose reports are committed but which have not been moved
 * out of the mailbox yet (a run cut short between the two). Keyed by
 * account (user@host:port/MAILBOX), UIDVALIDITY and UID; a row lives
 * from the commit to the move.
 */
#ifndef SENDWATCH_IMAP_STORE_H
#define SENDWATCH_IMAP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* 1: remembered, 0: not, -1: the database failed (err). */
int	imap_store_committed(sqlite3 *, const char *account,
	    uint32_t uidvalidity, uint32_t uid, char *err, size_t errlen);
/* Remembers the message (committed). 0, or -1 with err. */
int	imap_store_remember(sqlite3 *, const char *account,
	    uint32_t uidvalidity, uint32_t uid, char *err, size_t errlen);
/* Forgets it (moved). 0, or -1 with err. */
int	imap_store_forget(sqlite3 *, const char *account,
	    uint32_t uidvalidity, uint32_t uid, char *err, size_t errlen);
#endif
