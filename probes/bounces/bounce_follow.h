/*
 * bounce_follow.h -- what the service remembers about the mail logs it
 * follows: where it stopped in each log (device, inode, offset), the
 * delivery outcomes per minute of the window, and the receivers'
 * mentions of blocklists and of authentication and PTR failures (when
 * first and last seen). The service keeps it in its state database,
 * written in the same transaction as the cycle's findings, so a restart
 * resumes where the last stored cycle stopped and never re-reads a log
 * from the beginning (nor skips what a cycle that was not stored read).
 * This module only reads logs and holds the state; the store loads and
 * writes it through the setters and the kept predicates below.
 */
#ifndef SENDWATCH_BOUNCE_FOLLOW_H
#define SENDWATCH_BOUNCE_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/bounces/bounce_stats.h"

struct bounce_follow_log {
	char		*path;
	uint64_t	 dev, ino;
	uint64_t	 offset;	/* bytes taken as lines */
};

struct bounce_bucket {
	int64_t		 minute;	/* unix seconds / 60 */
	uint64_t	 delivered, deferred, bounced;
};

/* A blocklist, authentication or PTR rejection seen in the logs. */
struct bounce_mention {
	enum smtp_category	 cat;
	char			 what[128];	/* list, or recipient domain */
	char			 ip[46];	/* blocklists: the IP shown */
	int64_t			 first_seen, last_seen;	/* unix seconds */
	uint64_t		 count;		/* since first_seen */
};

struct bounce_follow {
	struct bounce_follow_log *logs;
	size_t			 nlogs;
	struct bounce_bucket	*buckets;	/* by minute, ascending */
	size_t			 nbuckets, capbuckets;
	struct strmap		 mentions;	/* key -> bounce_mention */
	uint64_t		 lines;		/* read by the last call */
	uint64_t		 window_s;	/* of the last call */
};

void	bounce_follow_init(struct bounce_follow *);
void	bounce_follow_free(struct bounce_follow *);

/*
 * Sets what is known of a log, a minute's outcomes, a mention (as
 * loaded from the store). Returns 0, or -1 when out of memory or when
 * a text holds a tab or a line break (never stored).
 */
int	bounce_follow_set_log(struct bounce_follow *, const char *path,
	    uint64_t dev, uint64_t ino, uint64_t offset);
int	bounce_follow_set_bucket(struct bounce_follow *,
	    const struct bounce_bucket *);
int	bounce_follow_set_mention(struct bounce_follow *,
	    const struct bounce_mention *);

/*
 * Loads the text file of earlier versions (STATE.bounces: log, bucket
 * and mention records split by tabs), to be stored in the database
 * once. A missing file leaves f empty. Returns 0, or -1 with
 * "path:line: reason" in err.
 */
int	bounce_follow_load_file(struct bounce_follow *, const char *path,
	    char *err, size_t errlen);

/*
 * Reads what was added to each log since the last call. A log whose
 * inode changed was rotated: the rest of the old one is read from
 * "<log>.1" when that is it, then the new one from its start; a log
 * shorter than the offset was truncated and is read from its start; a
 * log seen for the first time is read whole. Only lines written within
 * the window before now (by their timestamps; undated lines count as
 * now) are counted. A last line without its newline waits for the next
 * call. Returns 0, or -1 with "log: reason" in err (other logs are
 * still read).
 */
int	bounce_follow_read(struct bounce_follow *, char *const *logs,
	    size_t nlogs, int64_t now, uint64_t window_s, char *err,
	    size_t errlen);

/* Outcomes within the window before now. */
void	bounce_follow_window(const struct bounce_follow *, int64_t now,
	    uint64_t window_s, struct bounce_counts *out);

/*
 * Whether a bucket or a mention is still worth storing at now: buckets
 * within the window of the last bounce_follow_read (all of them when
 * there was none), mentions seen in the last 7 days.
 */
bool	bounce_follow_bucket_kept(const struct bounce_follow *,
	    const struct bounce_bucket *, int64_t now);
bool	bounce_follow_mention_kept(const struct bounce_mention *, int64_t now);

#endif
