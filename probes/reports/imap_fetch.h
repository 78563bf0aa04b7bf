/*
 * imap_fetch.h -- reading report mail from an IMAP mailbox (RFC 9051 /
 * RFC 3501, with MOVE, RFC 6851) through libcurl. One run: log in (a
 * password, or an OAuth 2.0 bearer token with XOAUTH2/OAUTHBEARER), learn
 * the mailbox's UIDVALIDITY, list its UIDs, and for each of the first
 * batch: fetch it, hand it to the caller (who stores its reports and
 * remembers the UID), then move it to the done or the failed folder.
 * Nothing here knows of reports or databases: the caller's callbacks do.
 * A message is moved only after the caller said its reports are
 * committed; a message the caller could not finish stays where it is.
 */
#ifndef SENDWATCH_IMAP_FETCH_H
#define SENDWATCH_IMAP_FETCH_H

#include <stddef.h>
#include <stdint.h>

/* What to read and how; every string is borrowed. */
struct imap_account {
	const char	*url;		/* imaps://HOST[:PORT]/MAILBOX, or imap://
					 * (STARTTLS required) */
	const char	*username;
	const char	*password;	/* one of password ... */
	const char	*bearer;	/* ... and an OAuth 2.0 access token */
	const char	*ca_file;	/* NULL: the system's CAs */
	const char	*done_folder;
	const char	*failed_folder;
	unsigned	 batch;		/* most messages per run; 0: 200 */
	uint64_t	 max_bytes;	/* largest message fetched; 0: 100M */
	long		 timeout_s;	/* per IMAP command; 0: 60 */
};

/* The caller's answer about one message. */
enum imap_verdict {
	IMAP_MSG_DONE,		/* its reports are committed: move to done */
	IMAP_MSG_FAILED,	/* no usable report (why in reason): move to
				 * the failed folder */
	IMAP_MSG_STOP,		/* could not finish (reason): leave it, stop */
};

/*
 * The caller's side. account is "user@host:port/MAILBOX", the key under
 * which UIDs are remembered.
 */
struct imap_fetch_cb {
	/* Were the reports of this UID committed by an earlier run? */
	int	(*committed)(void *arg, const char *account,
		    uint32_t uidvalidity, uint32_t uid);
	/* The message (where: "imaps://host/INBOX UID 7"); see the verdicts. */
	enum imap_verdict (*message)(void *arg, const char *account,
		    const char *where, uint32_t uidvalidity, uint32_t uid,
		    const char *data, size_t len, char *reason,
		    size_t reasonlen);
	/* The message left the mailbox: its UID need not be remembered. */
	void	(*moved)(void *arg, const char *account, uint32_t uidvalidity,
		    uint32_t uid);
	/* One line for the log: a message moved to the failed folder, ... */
	void	(*line)(void *arg, const char *text);
	void	*arg;
};

struct imap_fetch_stats {
	uint32_t	 uidvalidity;
	size_t		 listed;	/* messages in the mailbox */
	size_t		 done;		/* moved to the done folder */
	size_t		 failed;	/* moved to the failed folder */
	size_t		 recovered;	/* committed before, moved now */
	size_t		 left;		/* beyond the batch, or not reached */
};

/*
 * One run. Returns 0 when every message it reached was dealt with, or -1
 * with the reason in err (naming the UID when one was being read or
 * moved); stats count what was done either way. Never prints; secrets
 * never appear in err or in lines.
 */
int	imap_fetch_run(const struct imap_account *, const struct imap_fetch_cb *,
	    struct imap_fetch_stats *, char *err, size_t errlen);

/*
 * Parses one untagged response line of the commands used here, for
 * tests: "* SEARCH 1 2 3" -> the UIDs (appended to *uids, realloc'd);
 * "* STATUS INBOX (UIDVALIDITY 5 ...)" -> *uidvalidity. Return 1 when the
 * line was of that kind, 0 when not, -1 when out of memory.
 */
int	imap_parse_search(const char *line, size_t len, uint32_t **uids,
	    size_t *n, size_t *cap);
int	imap_parse_status_uidvalidity(const char *line, size_t len,
	    uint32_t *uidvalidity);

#endif
