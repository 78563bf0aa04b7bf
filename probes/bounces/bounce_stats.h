/*
 * bounce_stats.h -- what a stream of delivery attempts adds up to:
 * counts per recipient domain and overall, every distinct reply (with
 * its classification, counted once per wording) and the addresses that
 * hard-bounced for good (no such user, disabled mailbox, no such
 * domain). Fed one mtalog_entry at a time; memory grows with the number
 * of domains and distinct replies, never with the length of the log
 * (replies past BOUNCE_MAX_REPLIES are classified but not kept).
 */
#ifndef SENDWATCH_BOUNCE_STATS_H
#define SENDWATCH_BOUNCE_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "probes/bounces/mtalog.h"
#include "probes/bounces/smtp_reply.h"
#include "probes/bounces/strmap.h"

#define BOUNCE_MAX_REPLIES	100000

struct bounce_counts {
	uint64_t	attempts;	/* delivered + deferred + bounced */
	uint64_t	delivered;
	uint64_t	deferred;
	uint64_t	bounced;
	uint64_t	cat_bounced[SMTP_CAT_COUNT];
	uint64_t	cat_deferred[SMTP_CAT_COUNT];
};

/* One distinct reply (the map key is its normalized text). */
struct bounce_reply {
	int			 code;
	char			 enh[16];	/* "5.1.1" or "" */
	enum smtp_category	 cat;
	enum smtp_side		 side;
	const char		*rule;		/* static */
	const char		*fix;		/* static */
	char			 list[64];	/* blocklist named, or "" */
	char			 ip[46];	/* IP named, or "" */
	char			 receiver[64];	/* first domain (or host) */
	uint64_t		 bounced, deferred, session;
};

struct bounce_stats {
	struct bounce_counts	 total;
	uint64_t		 session_replies; /* MTALOG_REPLY entries */
	uint64_t		 replies_not_kept;
	struct strmap		 domains;	/* domain -> bounce_counts */
	struct strmap		 replies;	/* text -> bounce_reply */
	struct strmap		 suppress;	/* address -> (nothing) */
	bool			 want_suppress;
	/* what the last bounce_stats_add() counted (not for deliveries) */
	enum smtp_category	 last_cat;
	const struct bounce_reply *last;	/* NULL past the cap */
};

void	bounce_stats_init(struct bounce_stats *, bool want_suppress);

/* Counts one entry. Returns 0, or -1 when out of memory. */
int	bounce_stats_add(struct bounce_stats *, const struct mtalog_entry *);

/* The recipient's domain of e, lower-cased, or "(none)"; its length. */
size_t	bounce_entry_domain(const struct mtalog_entry *, char *out,
	    size_t outlen);

/* bounced / (delivered + bounced) in percent; 0 when nothing finished. */
double	bounce_rate(const struct bounce_counts *);

/*
 * The reply text with what varies per message replaced: addresses by
 * "<address>", tokens that look like queue or session ids by "<id>".
 */
void	bounce_normalize(const char *text, char *out, size_t outlen);

/*
 * The domain entries (key: domain, val: struct bounce_counts), most
 * attempts first, then by name; NULL when there are none or out of
 * memory. The caller frees the array (not the entries).
 */
struct strmap_entry	**bounce_domains_sorted(const struct bounce_stats *);

/* A blocklist receivers named, with the sending IP they showed. */
struct bounce_blocklist {
	char		list[64];	/* zone or operator; "(not named)" */
	char		ip[46];		/* "" when not shown */
	char		receiver[64];	/* one domain or host that said so */
	uint64_t	count;		/* replies */
};

/*
 * The blocklists named in the replies, one per (list, IP): fills out
 * (initialize it first; values are struct bounce_blocklist) and returns
 * its entries, most replies first; NULL when there are none or out of
 * memory (then out->n > 0 or -1 returned in *oom). The caller frees the
 * array and strmap_free(out).
 */
struct strmap_entry	**bounce_blocklists(const struct bounce_stats *,
			    struct strmap *out, int *oom);

/*
 * Reads one log (see mtalog_reader_open) into st: the Postfix and Exim
 * delivery lines, only those written at or after `since` when since > 0
 * (lines without a timestamp are then counted in *undated and left out).
 * Adds the lines read to *lines. Returns 0, or -1 with "path: reason" in
 * err (what was read before the error is counted).
 */
int	bounce_read_log(struct bounce_stats *, const char *path, time_t since,
	    uint64_t *lines, uint64_t *undated, char *err, size_t errlen);

void	bounce_stats_free(struct bounce_stats *);

#endif
