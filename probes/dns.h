/*
 * dns.h -- the resolver layer every probe uses.
 *
 * libunbound resolves (recursively from the root by default, or through
 * the system resolver, or forwarding to given servers); ldns parses the
 * answers. Every answer is classified: data, NXDOMAIN, NODATA or failure
 * (SERVFAIL, REFUSED, timeout, bogus) with a reason. Many queries run at
 * once: dns_submit() queues, dns_run() drives them until all are done, a
 * bounded window of them in flight. A query never outlives its timeout.
 */
#ifndef SENDWATCH_DNS_H
#define SENDWATCH_DNS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RR types we parse (values are the IANA numbers). */
enum {
	DNS_T_A = 1, DNS_T_NS = 2, DNS_T_CNAME = 5, DNS_T_SOA = 6,
	DNS_T_PTR = 12, DNS_T_MX = 15, DNS_T_TXT = 16, DNS_T_AAAA = 28,
	DNS_T_SPF = 99,
};

enum dns_mode {
	DNS_MODE_RECURSIVE,	/* libunbound recurses from the root itself */
	DNS_MODE_SYSTEM,	/* /etc/resolv.conf */
	DNS_MODE_FORWARD,	/* every query to the listed servers */
};

struct dns_options {
	enum dns_mode	 mode;
	char		**forwarders;	/* "ADDR" or "ADDR@PORT", forward mode */
	size_t		 nforwarders;
	unsigned	 timeout_ms;	/* per query; 0 means the default (5000) */
	unsigned	 max_inflight;	/* window; 0 means the default (1000) */
	const char	*root_hints;	/* recursive mode: optional hints file */
	const char	*trust_anchor;	/* optional DNSSEC trust anchor file */
};

/*
 * Parses a --resolver / "resolver =" value into opt: "recursive",
 * "system" or "ADDR[@PORT]" (appended to the forwarders; may be given
 * several times). Returns 0, or -1 with a message in err.
 */
int	dns_options_add_spec(struct dns_options *, const char *spec,
	    char *err, size_t errlen);
void	dns_options_free(struct dns_options *);	/* frees forwarders only */

enum dns_status {
	DNS_DATA,	/* NOERROR with records of the asked type */
	DNS_NXDOMAIN,	/* the name does not exist */
	DNS_NODATA,	/* the name exists, no records of that type */
	DNS_FAILURE,	/* SERVFAIL, REFUSED, timeout, bogus: see reason */
};

struct dns_mx {
	uint16_t	 preference;
	char		*host;		/* no trailing dot */
};

struct dns_soa {
	char		*mname;
	char		*rname;
	uint32_t	 serial;
};

/* One record of the asked type; which member is set follows rr_type. */
struct dns_rr {
	uint16_t	 type;
	uint32_t	 ttl;
	union {
		struct in_addr	 a;
		struct in6_addr	 aaaa;
		char		*name;	/* PTR, NS, CNAME; no trailing dot */
		struct dns_mx	 mx;
		struct dns_soa	 soa;
		struct {
			char	*data;	/* character-strings joined, NUL-ended */
			size_t	 len;	/* may contain NULs: use len */
			size_t	 nstrings;
			size_t	 longest; /* longest single string, bytes */
		} txt;
	} u;
};

struct dns_answer {
	char		*qname;		/* as asked, no trailing dot */
	uint16_t	 qtype;
	enum dns_status	 status;
	int		 rcode;		/* DNS rcode from the answer, or -1 */
	bool		 secure;	/* DNSSEC validated */
	bool		 bogus;		/* DNSSEC validation failed */
	bool		 timed_out;
	char		*canonname;	/* CNAME target if the name was an alias */
	char		 reason[160];	/* failures: "SERVFAIL", "timeout after 5s"... */
	size_t		 nrr;
	struct dns_rr	*rr;
};

struct dns_resolver;

/*
 * Creates a resolver. Returns NULL with a message in err on failure.
 * opt is copied; the caller keeps ownership of it.
 */
struct dns_resolver *dns_resolver_new(const struct dns_options *,
	    char *err, size_t errlen);
void	dns_resolver_free(struct dns_resolver *);

/*
 * Called once per query when it completes. The answer is only valid
 * during the call (copy what you keep). The callback may submit more
 * queries; they run in the same dns_run().
 */
typedef void (*dns_callback)(void *arg, const struct dns_answer *);

/* Queues a query. Returns 0, or -1 when out of memory or the name is invalid. */
int	dns_submit(struct dns_resolver *, const char *name, uint16_t type,
	    dns_callback, void *arg);

/*
 * Runs queued and in-flight queries until none remain, or until the
 * optional overall deadline (CLOCK_MONOTONIC milliseconds, 0 for none)
 * passes: then the remaining ones complete as DNS_FAILURE "timeout".
 * Returns the number of queries completed.
 */
size_t	dns_run(struct dns_resolver *, uint64_t deadline_ms);

/*
 * Synchronous convenience: one query, answered. Caller frees the answer
 * with dns_answer_free().
 */
struct dns_answer *dns_query(struct dns_resolver *, const char *name,
	    uint16_t type);
struct dns_answer *dns_answer_copy(const struct dns_answer *);
void	dns_answer_free(struct dns_answer *);

/* Counters since the resolver was created (for perfdata and metrics). */
struct dns_stats {
	uint64_t	 queries;
	uint64_t	 failures;
	uint64_t	 timeouts;
};
void	dns_get_stats(const struct dns_resolver *, struct dns_stats *);

/* "data", "NXDOMAIN", "NODATA", "failure". */
const char *dns_status_name(enum dns_status);

/* CLOCK_MONOTONIC now, in milliseconds. */
uint64_t dns_now_ms(void);

#endif
