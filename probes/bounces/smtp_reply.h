/*
 * smtp_reply.h -- what a receiving mail server said, and what it means.
 *
 * smtp_reply_parse() reads one SMTP reply (RFC 5321 §4.2: a basic code,
 * "550-" continuation lines, possibly joined on one line the way Postfix
 * logs them) and its RFC 3463 enhanced status code (class.subject.detail).
 * smtp_classify() runs the reply through the rule table (smtp_rules.c)
 * and says what kind of rejection it is, which side must act and how to
 * fix it (smtp_category.c names the categories and their fixes);
 * smtp_enh_meaning() gives the IANA registry's name of an
 * enhanced code (smtp_enhanced.c). Nothing here allocates.
 */
#ifndef SENDWATCH_SMTP_REPLY_H
#define SENDWATCH_SMTP_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#define SMTP_REPLY_TEXT_MAX	1024	/* longer text is cut */

/*
 * What kind of rejection a reply is: one fix per category. The numbers
 * are kept in the service's state (bounce mentions): append new
 * categories at the end, never renumber. smtp_category_at() gives the
 * order in which people read them.
 */
enum smtp_category {
	SMTP_CAT_BAD_MAILBOX = 0,
	SMTP_CAT_MAILBOX_FULL,
	SMTP_CAT_BLOCKLISTED,
	SMTP_CAT_AUTHENTICATION,
	SMTP_CAT_REVERSE_DNS,
	SMTP_CAT_RATE_LIMITED,
	SMTP_CAT_GREYLISTED,
	SMTP_CAT_CONTENT,
	SMTP_CAT_RELAY_DENIED,
	SMTP_CAT_TLS_REQUIRED,
	SMTP_CAT_POLICY,
	SMTP_CAT_OTHER,
	SMTP_CAT_MAILBOX_DISABLED,	/* suspended, inactive, locked */
	SMTP_CAT_HOST_UNKNOWN,		/* no such domain, no mail server */
	SMTP_CAT_MESSAGE_TOO_BIG,
	SMTP_CAT_SENDER_REJECTED,	/* our MAIL FROM address or domain */
	SMTP_CAT_REPUTATION,		/* IP/domain reputation, no list */
	SMTP_CAT_NETWORK,		/* connection, DNS, timeouts */
	SMTP_CAT_SYSTEM,		/* the receiver's own failure */
	SMTP_CAT_COUNT,
};

enum smtp_side {
	SMTP_SIDE_RECIPIENT = 0,	/* the address or its mailbox */
	SMTP_SIDE_SENDER_REPUTATION,	/* our IP/domain reputation */
	SMTP_SIDE_SENDER_DNS,		/* our SPF/DKIM/DMARC/PTR records */
	SMTP_SIDE_SENDER_CONFIG,	/* our MTA's setup or our message */
	SMTP_SIDE_UNKNOWN,
	SMTP_SIDE_COUNT,
};

struct smtp_reply {
	int	 code;		/* 200..599; 0 when the text has none */
	bool	 has_enh;	/* an enhanced status code was found */
	int	 enh_class;	/* 2, 4 or 5 */
	int	 enh_subject;	/* 0..999 */
	int	 enh_detail;	/* 0..999 */
	/*
	 * The text with the codes of every line taken out and the lines
	 * joined by one space, trailing "(in reply to ...)" removed.
	 */
	char	 text[SMTP_REPLY_TEXT_MAX];
	char	 stage[32];	/* "RCPT TO", "end of DATA", ... or "" */
};

struct smtp_verdict {
	enum smtp_category	 category;
	enum smtp_side		 side;
	const char		*rule;		/* the rule's name; static */
	const char		*fix;		/* what to do; static */
	char			 list[64];	/* blocklist zone or operator */
	char			 ip[46];	/* the IP the reply names */
};

/*
 * Parses s[0..len). Lines may end in CRLF or LF. Returns 0 when a basic
 * code was found, -1 when not (r->text then holds the whole text and the
 * reply can still be classified by its wording).
 */
int		 smtp_reply_parse(const char *s, size_t len, struct smtp_reply *r);

/* Classifies r (never fails: the last rule catches everything). */
void		 smtp_classify(const struct smtp_reply *r, struct smtp_verdict *v);

/* "bad-mailbox", ... and "recipient", ...; static strings. */
const char	*smtp_category_name(enum smtp_category);
/* What the category means, and what the sender does about it; static. */
const char	*smtp_category_meaning(enum smtp_category);
const char	*smtp_category_fix(enum smtp_category);
/* The i-th category in reading order (0 <= i < SMTP_CAT_COUNT). */
enum smtp_category smtp_category_at(size_t i);
/* The category named name; false when there is none. */
bool		 smtp_category_by_name(const char *name, enum smtp_category *);
const char	*smtp_side_name(enum smtp_side);
/* A sentence for people: "the sender's DNS records (SPF, ...)". */
const char	*smtp_side_text(enum smtp_side);

/*
 * The basic code's class: "permanent failure: will not be retried", ...;
 * and the name RFC 5321 (or RFC 7504) gives the code itself, or NULL.
 */
const char	*smtp_code_meaning(int code);
const char	*smtp_code_name(int code);
/* The IANA name of X.subject.detail, or NULL when not registered. */
const char	*smtp_enh_meaning(int subject, int detail);
/* The IANA name of the subject X.subject.YYY, or NULL. */
const char	*smtp_enh_subject_meaning(int subject);

#endif
