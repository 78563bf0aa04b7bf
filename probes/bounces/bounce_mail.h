/*
 * bounce_mail.h -- bounce messages as input to bounce_stats, for senders
 * who have no MTA log but receive the bounces.
 *
 * bounce_mail.c reads one message with GMime and finds its failed
 * recipients: RFC 3464 delivery status notifications (message/
 * delivery-status: Final-Recipient, Action, Status, Diagnostic-Code,
 * Remote-MTA; Postfix, Exim, Microsoft 365, Gmail, Sendmail send these)
 * and the plain-text forms of qmail, Exim and Sendmail (dsn_text.c).
 * Auto-replies (RFC 3834 Auto-Submitted, vacation headers and subjects)
 * are counted apart and never as bounces. bounce_mail_input.c takes
 * files, Maildir and other directories, mbox files and stdin.
 */
#ifndef SENDWATCH_BOUNCE_MAIL_H
#define SENDWATCH_BOUNCE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/bounces/bounce_stats.h"

/* What the messages read were. */
struct bounce_mail_counts {
	uint64_t	messages;	/* every message read */
	uint64_t	bounces;	/* messages with a failed or delayed rcpt */
	uint64_t	recipients;	/* recipients taken from them */
	uint64_t	auto_replies;	/* vacation and other auto-replies */
	uint64_t	other;		/* neither: not counted */
};

/* One recipient a bounce reports on; the strings point into the caller's. */
struct bounce_mail_rcpt {
	enum mtalog_status	 status;	/* BOUNCED, DEFERRED or SENT */
	const char		*rcpt;
	size_t			 rcpt_len;
	const char		*reply;		/* diagnostic, or the status */
	size_t			 reply_len;
	const char		*relay;		/* remote MTA or "" */
	size_t			 relay_len;
};

/* Called per recipient; returns 0, or -1 to stop (out of memory). */
typedef int (*bounce_mail_rcpt_fn)(void *arg, const struct bounce_mail_rcpt *);

/*
 * Plain-text bounces (qmail, Exim, Sendmail): calls fn for each failed
 * recipient found in the body text. Returns the number found (0: not a
 * bounce this knows), or -1 when fn stopped.
 */
int	dsn_text_scan(const char *body, size_t len, bounce_mail_rcpt_fn fn,
	    void *arg);

/*
 * One message (RFC 5322, as bytes), or with mbox every message of an
 * mbox file, into st; mc counts what they were. Returns 0, or -1 when
 * out of memory.
 */
int	bounce_mail_add(struct bounce_stats *st, const char *data, size_t len,
	    bool mbox, struct bounce_mail_counts *mc);

/*
 * True when path holds mail rather than a log: a directory (Maildir or
 * a folder of messages), an mbox ("From " first) or a message (a header
 * line first). "-" is never taken for mail.
 */
bool	bounce_path_is_mail(const char *path);

/*
 * Reads the mail at path (see bounce_path_is_mail; "-" is stdin, a
 * message or an mbox) into st. Returns 0, or -1 with "path: reason" in
 * err (what was read before is counted).
 */
int	bounce_read_mail(struct bounce_stats *st, const char *path,
	    struct bounce_mail_counts *mc, char *err, size_t errlen);

#endif
