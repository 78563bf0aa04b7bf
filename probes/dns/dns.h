/*
 * dns.h -- the resolver layer every probe uses.
 *
 * libunbound resolves (recursively from the root by default, or through
 * the system resolver, or forwarding to given servers with DNSSEC
 * validation); c-ares forwards when there is nothing to validate (no
 * trust anchor: the common case of a local list mirror, and the fast
 * one); ldns parses the answers. Every answer is classified: data, NXDOMAIN, NODATA or failure
 * (SERVFAIL, REFUSED, timeout, bogus) with a reason. Many queries run at
 * once: dns_submit() queues, dns_run() drives them until all are done, a
 * bounded window of them in flight. A query never outlives its timeout.
 *
 * What the answers can and cannot say:
 * - A timeout is ours (timeout_ms after the query was sent; libunbound's
 *   own retries take much longer and end in SERVFAIL): DNS_FAILURE,
 *   timed_out, reason "timeout after 5s". Never NXDOMAIN.
 * - libunbound treats a REFUSED (or any broken answer) from the server
 *   it asked as that server failing and tries the others; when none
 *   answers, we get SERVFAIL. So in recursive mode (and forwarding with
 *   a trust anchor) a list that refuses us shows as failure "SERVFAIL";
 *   forwarding through c-ares passes the server's answer on: "REFUSED".
 *   The reason carries the RFC 8914 extended error when the answer has
 *   one.
 * - DNSSEC: validated against opt->trust_anchor in every mode; in
 *   recursive mode without custom root hints, Debian's root key
 *   (/usr/share/dns/root.key, package dns-root-data) is the default.
 * - libunbound's built-in local zones for .test and the documentation
 *   prefixes' reverse zones are turned off: those names are resolved.
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
	DNS_T_SPF = 99, DNS_T_TLSA = 52,
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
 * several times). A mode keyword replaces earlier settings; an address
 * after a mode switches to forwarding. Returns 0, or -1 with a message
 * naming the value in err ("300.1.1.1: expected recursive, system or
 * ADDR[@PORT]"); the caller prefixes where it came from.
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
		struct {		/* RFC 6698 §2.1 */
			uint8_t	 usage, selector, mtype;
			uint8_t	*data;	/* certificate association data */
			size_t	 len;
		} tlsa;
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
	bool		 stopped;	/* not asked or not waited for: dns_set_stop */
	char		*canonname;	/* CNAME target if the name was an alias */
	char		 reason[160];	/* failures: "SERVFAIL", "timeout after 5s"... */
	int		 ede_code;	/* RFC 8914 extended DNS error, or -1 */
	char		 ede_text[96];	/* its text ("No Reachable Authority"), or "" */
	size_t		 nrr;
	struct dns_rr	*rr;
};

struct dns_resolver;

/*
 * Creates a resolver. Returns NULL with a message in err on failure.
 * opt is copied; the caller keeps ownership of it. libunbound runs a
 * worker thread: a resolver does not survive fork() (a forked worker
 * makes its own, or asks the parent).
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

/*
 * Queues a query for name (lowercased, trailing dot optional). Returns 0,
 * or -1 when out of memory or the name is invalid (empty label, label
 * over 63 bytes, name over 253, spaces, control characters, backslash).
 */
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
 * Has dns_run ask stop(arg) now and then (about every 100 ms). Once it
 * says true the resolver is stopped for good: every query queued, in
 * flight or submitted later completes at once as DNS_FAILURE with
 * stopped set (reason "stopped"), so a service told to end (SIGTERM)
 * does not wait for a sweep. NULL stop: never.
 */
void	dns_set_stop(struct dns_resolver *, bool (*stop)(void *), void *arg);
bool	dns_stopped(const struct dns_resolver *);

/*
 * Synchronous convenience: one query, answered. Caller frees the answer
 * with dns_answer_free(). Returns NULL when out of memory, when the name
 * is invalid, or when called from a callback during dns_run() (runs do
 * not nest).
 */
struct dns_answer *dns_query(struct dns_resolver *, const char *name,
	    uint16_t type);
struct dns_answer *dns_answer_copy(const struct dns_answer *);
void	dns_answer_free(struct dns_answer *);

/* Counters since the resolver was created (for perfdata and metrics). */
struct dns_stats {
	uint64_t	 queries;	/* accepted by dns_submit */
	uint64_t	 failures;	/* completed as DNS_FAILURE */
	uint64_t	 timeouts;	/* of which timed out */
	uint64_t	 retries;	/* tries lost and sent again (c-ares) */
};
void	dns_get_stats(const struct dns_resolver *, struct dns_stats *);

/* The library that sends the queries: "libunbound" or "c-ares". */
const char *dns_backend_name(const struct dns_resolver *);

/* "data", "NXDOMAIN", "NODATA", "failure". */
const char *dns_status_name(enum dns_status);

/* CLOCK_MONOTONIC now, in milliseconds. */
uint64_t dns_now_ms(void);

#endif
