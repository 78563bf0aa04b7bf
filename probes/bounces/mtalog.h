/*
 * mtalog.h -- delivery attempts read from MTA logs.
 *
 * mtalog_postfix_parse() and mtalog_exim_parse() turn one log line into
 * an entry: the recipient, what happened (delivered, deferred, bounced,
 * or a reply the receiving server gave outside a delivery line) and the
 * receiver's reply. Entries point into the line; nothing is copied.
 * mtalog_reader reads plain or gzip files (or stdin) line by line with
 * a fixed buffer, so a log of any size streams through.
 */
#ifndef SENDWATCH_MTALOG_H
#define SENDWATCH_MTALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum mtalog_status {
	MTALOG_NONE = 0,	/* not a delivery line */
	MTALOG_SENT,		/* Postfix status=sent, Exim => and -> */
	MTALOG_DEFERRED,	/* status=deferred, Exim == */
	MTALOG_BOUNCED,		/* status=bounced or expired, Exim ** */
	MTALOG_REPLY,		/* "host X said: ..." with no recipient */
};

struct mtalog_entry {
	enum mtalog_status	 status;
	const char		*rcpt;		/* without <>; may be empty */
	size_t			 rcpt_len;
	const char		*reply;		/* receiver's words or MTA's */
	size_t			 reply_len;
	const char		*relay;		/* receiving host, if logged */
	size_t			 relay_len;
	const char		*dsn;		/* Postfix dsn=5.1.1, or NULL */
	size_t			 dsn_len;
};

/* Fill e from one line (no newline). Return true for a delivery line. */
bool	mtalog_postfix_parse(const char *line, size_t len,
	    struct mtalog_entry *e);
bool	mtalog_exim_parse(const char *line, size_t len,
	    struct mtalog_entry *e);

/*
 * When the line was written (see mtalog_time.c for the formats); now
 * picks the year of syslog lines, which have none. False when the line
 * starts with no timestamp sendwatch knows.
 */
bool	mtalog_line_time(const char *line, size_t len, time_t now, time_t *out);

#define MTALOG_LINE_MAX	(64 * 1024)	/* longer lines are cut */

struct mtalog_reader {
	void		*gz;		/* gzFile */
	char		*buf;
	size_t		 cap, start, end;
	bool		 eof;
	bool		 skipping;	/* inside an over-long line */
	bool		 follow;	/* keep a last line without newline */
	uint64_t	 lines;
	uint64_t	 bytes;
	char		 name[256];
};

/*
 * Opens path ("-" is stdin), plain or gzip (detected by content).
 * Returns 0, or -1 with "path: reason" in err.
 */
int	mtalog_reader_open(struct mtalog_reader *, const char *path,
	    char *err, size_t errlen);

/*
 * The same for an open descriptor (taken over: closed by close), read
 * from where it stands; name is used in messages. With follow, a last
 * line without its newline is not returned (a writer may be in the
 * middle of it): mtalog_reader_consumed() then stops before it.
 */
int	mtalog_reader_open_fd(struct mtalog_reader *, int fd, const char *name,
	    bool follow, char *err, size_t errlen);

/* Bytes of input (uncompressed) taken as lines so far. */
uint64_t	mtalog_reader_consumed(const struct mtalog_reader *);

/*
 * The next line (without its newline) in *line and *len, valid until the
 * next call. Returns 1, 0 at the end, -1 on a read error or a damaged
 * gzip stream ("path: reason" in err).
 */
int	mtalog_reader_next(struct mtalog_reader *, const char **line,
	    size_t *len, char *err, size_t errlen);

/* Closes; a zeroed or closed reader is fine. */
void	mtalog_reader_close(struct mtalog_reader *);

#endif
