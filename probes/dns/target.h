/*
 * target.h -- what sendwatch watches: IP addresses, networks, host names
 * and domains, parsed from the command line or the config and expanded
 * into a de-duplicated set of addresses and domains to probe.
 *
 * A target_set owns all its strings; target_set_free() frees them.
 */
#ifndef SENDWATCH_TARGET_H
#define SENDWATCH_TARGET_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/dns/dns.h"

/* Largest network a single target may expand to. */
#define TARGET_MAX_NETWORK	65536

enum target_kind {
	TARGET_IP4,
	TARGET_IP6,
	TARGET_DOMAIN,
};

struct target_addr {
	int		 family;	/* AF_INET or AF_INET6 */
	union {
		struct in_addr	 v4;
		struct in6_addr	 v6;
	} u;
};

/* One expanded thing to probe. */
struct target {
	enum target_kind	 kind;
	struct target_addr	 addr;		/* IP kinds */
	char			*name;		/* canonical text: "192.0.2.1", "2001:db8::1", "example.com" */
	char			*origin;	/* what the user gave, when it differs ("mail.example.com", "192.0.2.0/30") */
	bool			 sender;	/* an address given singly or as "host:": a sending MTA */
};

struct target_set {
	struct target	*v;
	size_t		 n;
	size_t		 cap;
	/* host names waiting for their A/AAAA; target_set_resolve_hosts() */
	struct target_host {
		char	*name;
		bool	 explicit;	/* "host:" or [targets] host: must resolve */
	}		*hosts;
	size_t		 nhosts;
	/* duplicate filter: open addressing over indexes+1 into v */
	size_t		*seen;
	size_t		 seen_cap;
};

/*
 * How a bare name on the command line is taken: "mail.example.com" is both
 * a domain (domain lists) and a host whose addresses are checked; prefixes
 * "host:" and "domain:" choose one.
 */
enum target_name_use {
	TARGET_NAME_BOTH,
	TARGET_NAME_HOST,
	TARGET_NAME_DOMAIN,
};

/*
 * Adds one target given as text: an IPv4/IPv6 address, a CIDR network
 * (expanded; more than TARGET_MAX_NETWORK addresses is refused), or a
 * name (with the "host:"/"domain:" prefixes above). Duplicates are
 * dropped. Returns 0, or -1 with a message naming the value in err.
 */
int	target_set_add(struct target_set *, const char *text,
	    enum target_name_use, char *err, size_t errlen);

/*
 * Resolves the pending host names (every A and AAAA, not only the first)
 * and adds their addresses with the host as origin. A host that gives no
 * address is reported through the failed callback (name, reason; may be
 * NULL) when it was named as a host, or when DNS failed: a bare domain
 * without an address record is normal. Returns the number reported.
 */
size_t	target_set_resolve_hosts(struct target_set *, struct dns_resolver *,
	    uint64_t deadline_ms,
	    void (*failed)(void *arg, const char *host, const char *reason),
	    void *arg);

void	target_set_free(struct target_set *);

/* Counts targets of one kind. */
size_t	target_set_count(const struct target_set *, enum target_kind);

/*
 * The DNSBL query name of an address under zone: reversed octets for
 * IPv4, 32 reversed nibbles for IPv6. Returns 0, -1 if buf is too small.
 */
int	target_reverse_name(const struct target_addr *, const char *zone,
	    char *buf, size_t len);

/*
 * A text written as an address that is none (999.1.1.1, 1.2.3,
 * 2001:db8::zz): -1 with "\"TEXT\": not an IP address (...)" in err, so
 * that it is never looked up as a name. 0 for anything else.
 */
int	target_bad_address(const char *text, char *err, size_t errlen);

/* Validates a host or domain name (LDH labels, lengths). */
bool	target_valid_name(const char *);

#endif
