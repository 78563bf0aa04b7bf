/*
 * cfg_value.h -- the typed value parsers of the config file: durations,
 * booleans, bounded integers, sizes, percentages, IPv4/IPv6 addresses,
 * CIDRs, host and domain names, DNSBL answer ranges, severities and
 * resolver specs. Each parser takes the text of one value and either fills
 * *out and returns true, or returns false with a message in why that says
 * what was expected and what was given ("expected a duration such as 15m,
 * got \"5 minutes\""); the caller prefixes file:line and the key.
 * Strings returned through char ** are malloc'd: the caller frees them.
 */
#ifndef SENDWATCH_CFG_VALUE_H
#define SENDWATCH_CFG_VALUE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/finding.h"

/* An IPv4 or IPv6 address. */
struct cfg_addr {
	int			 af;	/* AF_INET or AF_INET6 */
	union {
		struct in_addr	 v4;
		struct in6_addr	 v6;
	} u;
};

/* A network: address with no host bits set, and its prefix length. */
struct cfg_cidr {
	struct cfg_addr		 addr;
	unsigned		 prefix;	/* 0-32 or 0-128 */
};

/* Inclusive range of IPv4 DNSBL answers, host byte order, inside 127/8. */
struct cfg_range {
	uint32_t		 lo;
	uint32_t		 hi;
};

enum cfg_resolver_kind {
	CFG_RESOLVER_RECURSIVE,	/* libunbound recurses from the root */
	CFG_RESOLVER_SYSTEM,	/* /etc/resolv.conf */
	CFG_RESOLVER_FORWARD,	/* forward to addr, port */
};

struct cfg_resolver {
	enum cfg_resolver_kind	 kind;
	struct cfg_addr		 addr;	/* forward only */
	uint16_t		 port;	/* forward only; 53 when not given */
	char			*spec;	/* the text, for dns_options_add_spec() */
};

/* Durations are kept in milliseconds: "30s", "15m", "6h", "1d", "1h30m", "500ms". */
bool	cfg_parse_duration(const char *s, uint64_t *ms, char *why, size_t whylen);
/* Writes the shortest form ("1h30m", "5s", "250ms", "0s"). */
void	cfg_format_duration(uint64_t ms, char *buf, size_t buflen);

/* yes/no, true/false, on/off, 1/0 (any case). */
bool	cfg_parse_bool(const char *s, bool *out, char *why, size_t whylen);

/* A decimal integer in [min, max]. */
bool	cfg_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out,
	    char *why, size_t whylen);

/* A size in bytes: "4096", "64K", "100M", "1G", "2T" (powers of 1024). */
bool	cfg_parse_size(const char *s, uint64_t *bytes, char *why, size_t whylen);
void	cfg_format_size(uint64_t bytes, char *buf, size_t buflen);

/* A percentage "2%" or "0.5%", 0 to 100. */
bool	cfg_parse_percent(const char *s, double *pct, char *why, size_t whylen);

/* An IPv4 or IPv6 address (no zone index, no brackets). */
bool	cfg_parse_addr(const char *s, struct cfg_addr *out, char *why,
	    size_t whylen);
/* Text form of an address; buf needs INET6_ADDRSTRLEN bytes. */
void	cfg_format_addr(const struct cfg_addr *, char *buf, size_t buflen);

/*
 * ADDR/PREFIX with no host bits set ("192.0.2.1/24: host bits set, did you
 * mean 192.0.2.0/24?"). With allow_bare, a plain address is a /32 or /128.
 */
bool	cfg_parse_cidr(const char *s, bool allow_bare, struct cfg_cidr *out,
	    char *why, size_t whylen);

/*
 * A host name: letters, digits and hyphens in labels of 1-63 characters,
 * 253 in all; a trailing dot is dropped; returned lowercased in *out.
 * cfg_parse_domain also wants at least two labels and a non-numeric TLD.
 */
bool	cfg_parse_hostname(const char *s, char **out, char *why, size_t whylen);
bool	cfg_parse_domain(const char *s, char **out, char *why, size_t whylen);

/* A DKIM selector: labels of letters, digits, '-' and '_' joined by dots. */
bool	cfg_parse_selector(const char *s, char **out, char *why, size_t whylen);

/* A mail address local@domain (no display name). */
bool	cfg_parse_mailaddr(const char *s, char **out, char *why, size_t whylen);

/*
 * DNSBL answers that count as listed: "127.0.0.2-127.0.0.11", "127.0.0.2",
 * "127.0.0.0/24", or a comma/space-separated list of these. Appends to
 * *v (n elements); on failure *v and *n are unchanged.
 */
bool	cfg_parse_ranges(const char *s, struct cfg_range **v, size_t *n,
	    char *why, size_t whylen);

/* ok, warning, critical (any case). */
bool	cfg_parse_severity(const char *s, enum finding_state *out, char *why,
	    size_t whylen);

/* recursive, system, or ADDR[@PORT] (IPv6 allowed: "::1@5353"). */
bool	cfg_parse_resolver(const char *s, struct cfg_resolver *out, char *why,
	    size_t whylen);
void	cfg_resolver_free(struct cfg_resolver *);	/* frees spec; NULL ok */

#endif
