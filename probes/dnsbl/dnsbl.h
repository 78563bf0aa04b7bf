/*
 * dnsbl.h -- the DNSBL probe (RFC 5782): is a target on a blocklist, and
 * can the answer be trusted?
 *
 * One run queries every (list, target) pair plus each list's RFC 5782 §5
 * test points, all in flight together through the resolver layer, fetches
 * the TXT reason of listed entries only, and appends one finding per pair
 * ("dnsbl/<zone>/<target>") and one per list ("dnsbl-health/<zone>").
 * A list that fails its test points is broken: its findings are unknown.
 */
#ifndef SENDWATCH_DNSBL_H
#define SENDWATCH_DNSBL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/dns/dns.h"
#include "probes/dnsbl/dnsbl_catalog.h"
#include "probes/finding.h"
#include "probes/dns/target.h"

/* Answer addresses, host order, inclusive. */
struct dnsbl_range {
	uint32_t	 first;
	uint32_t	 last;
};

/* One list as this run uses it: a catalog entry, overridden or user-made. */
struct dnsbl_list {
	char			*name;		/* config name, or the zone */
	char			*zone;		/* public name: what users see */
	char			*query_zone;	/* queried; may hold a DQS key: never shown */
	char			*secret;	/* the key inside query_zone, or NULL */
	unsigned		 kinds;		/* DNSBL_IP4 | DNSBL_IP6 | DNSBL_DOMAIN */
	bool			 allow;		/* allow-list: a hit is never a listing */
	const struct dnsbl_entry *catalog;	/* meanings, errors, URL; or NULL */
	struct dnsbl_range	*listed;	/* user's `listed =`; overrides codes */
	size_t			 nlisted;
	enum finding_state	 severity;	/* of a listing, when severity_set */
	bool			 severity_set;
	bool			 enabled;	/* used by default (catalog or config) */
	char			*description;	/* optional, user lists */
	char			*lookup_url;	/* optional override, "%s" = target */
	unsigned		 max_queries_per_day;	/* `run` only; 0: no limit */
};

void	dnsbl_list_free_fields(struct dnsbl_list *);

/* How one answer to a (list, query) reads. */
enum dnsbl_class {
	DNSBL_NOT_LISTED,	/* NXDOMAIN / NODATA */
	DNSBL_LISTED,		/* an answer inside the listing codes */
	DNSBL_ERROR,		/* an answer that is an error about the query */
	DNSBL_FAILED,		/* SERVFAIL, REFUSED, timeout */
};

struct dnsbl_verdict {
	enum dnsbl_class	 cls;
	enum finding_state	 severity;	/* LISTED: from codes or override */
	char			 codes[160];	/* "127.0.0.2 SBL, 127.0.0.10 PBL" */
	char			 meaning[320];	/* operator's meaning of the codes, or the error */
};

/* Classifies one A answer for a list (pure: unit-tested without DNS). */
void	dnsbl_classify_answer(const struct dnsbl_list *,
	    const struct dns_answer *, struct dnsbl_verdict *);

/* The same from the answer's parts: status, A records (host order). */
void	dnsbl_classify(const struct dnsbl_list *, enum dns_status,
	    const uint32_t *addrs, size_t naddrs, const char *failure,
	    struct dnsbl_verdict *);

/*
 * Copies text into buf with every occurrence of the list's secret
 * replaced by "<key>", so a DQS key never reaches output or logs.
 */
void	dnsbl_scrub(const struct dnsbl_list *, const char *text, char *buf,
	    size_t len);

struct dnsbl_run_opts {
	uint64_t	 deadline_ms;	/* CLOCK_MONOTONIC ms; 0 for none */
	/* called now and then with queries done / total; may be NULL */
	void		(*progress)(void *arg, size_t done, size_t total);
	void		*progress_arg;
	/* NULL, or one counter per list: the queries sent to it are added */
	size_t		*list_queries;
};

struct dnsbl_run_stats {
	size_t		 queries;	/* DNS queries sent */
	size_t		 checked;	/* (list, target) pairs */
	size_t		 listed;	/* pairs listed (allow-lists never) */
	size_t		 unknown;	/* pairs we could not tell */
	size_t		 broken_lists;
	size_t		 cut;		/* pairs left out: the run was stopped */
};

/* Whether the list holds targets of kind k (IPv4, IPv6, domain). */
bool	dnsbl_list_fits(const struct dnsbl_list *, enum target_kind k);

/*
 * The queries dnsbl_run() sends the list for these targets: one per
 * target that fits, two test points per address family present and one
 * zone apex query (the TXT lookups of listed targets come on top).
 */
size_t	dnsbl_list_planned_queries(const struct dnsbl_list *,
	    const struct target_set *);

/*
 * Checks every target against every list whose kind fits it (IP targets
 * on ip4/ip6 lists, domains on domain lists) and appends findings to out.
 * When the resolver is stopped (dns_set_stop) during the run, only whole
 * results are appended: pairs that got every answer, of lists whose test
 * points answered; the rest are counted in stats->cut. Returns 0, or -1
 * when out of memory.
 */
int	dnsbl_run(struct dns_resolver *, const struct dnsbl_list *, size_t nlists,
	    const struct target_set *, const struct dnsbl_run_opts *,
	    struct finding_list *out, struct dnsbl_run_stats *);

#endif
