/*
 * dnsbl_catalog.h -- the built-in catalog of well-known DNS block and allow
 * lists (RFC 5782): zone, kind, what each answer means, query policy, and
 * whether the list is dead. The catalog is const data researched from each
 * operator's own documentation (see dnsbl_entry.source); nothing here
 * allocates and every pointer returned points into the static table.
 */
#ifndef SENDWATCH_DNSBL_CATALOG_H
#define SENDWATCH_DNSBL_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/finding.h"

enum dnsbl_kind_bits { DNSBL_IP4 = 1, DNSBL_IP6 = 2, DNSBL_DOMAIN = 4 };

enum dnsbl_policy {
	DNSBL_POLICY_OPEN,		/* free for low-volume use from any resolver */
	DNSBL_POLICY_NO_PUBLIC_RESOLVER, /* refuses queries via public resolvers (Spamhaus) */
	DNSBL_POLICY_REGISTERED,	/* the querying resolver must be registered (Barracuda) */
	DNSBL_POLICY_KEY,		/* needs an account key in the zone (Spamhaus DQS, Abusix) */
};

struct dnsbl_code {
	const char *first, *last;	/* answer range, dotted quads, inclusive ("127.0.0.2","127.0.0.2") */
	const char *name;		/* short: "SBL", "XBL", "PBL" */
	const char *meaning;		/* one line from the operator's docs */
	enum finding_state severity;	/* FINDING_CRITICAL for reputation, FINDING_WARNING for policy (PBL) */
};

/* answers that are errors about the query, never listings */
struct dnsbl_error_code { const char *first, *last; const char *meaning; };

/* A value of one octet of the answer and what it says (dnswl categories). */
struct dnsbl_octet_name { unsigned value; const char *name; };

struct dnsbl_entry {
	const char *name;		/* config name: "spamhaus-zen" */
	const char *zone;		/* "zen.spamhaus.org" */
	unsigned kinds;			/* DNSBL_IP4|DNSBL_IP6|DNSBL_DOMAIN */
	bool allow;			/* allow-list: a hit is good news, never a listing */
	/*
	 * Answers that count as listed (or, for allow-lists, as allowed).
	 * A code whose severity is FINDING_OK is good or neutral news, never
	 * a listing: every code of an allow-list, and the white/yellow
	 * answers of mixed lists such as Hostkarma.
	 */
	const struct dnsbl_code *codes; size_t ncodes;
	const struct dnsbl_error_code *errors; size_t nerrors;
	enum dnsbl_policy policy;
	const char *key_zone;		/* with a key K, query K.<key_zone>: "zen.dq.spamhaus.net"; NULL if none */
	const char *lookup_url;		/* where a user checks/requests delisting; may contain "%s" for the target */
	bool enabled_by_default;
	const char *defunct;		/* NULL, or when and why it died: "shut down June 2024 (Proofpoint)" */
	const char *note;		/* policy caveats, e.g. "free for < 100k queries/day" */
	/* Fields added beyond the agreed shape: */
	const char *source;		/* the operator's page the entry was researched from */
	const char *checked;		/* when the source was read: "2026-12-04" */
	const char *terms;		/* usage terms as the operator states them, one line */
	const char *summary;		/* why on or off by default: README's "why" column */
	/*
	 * How answers are decoded (zero for "each code is an address range"):
	 * reserved_bits are ignored before matching codes and errors (SURBL:
	 * the second and third octets are reserved); with bitmask, the last
	 * octet is a sum of list bits and each code is one bit; with
	 * categories, the third octet names a category from that table and
	 * codes are matched with it cleared (dnswl: 127.0.<category>.<trust>).
	 */
	uint32_t reserved_bits;
	bool bitmask;
	/* a domain list's own RFC 5782 test names, NULL for "test"/"invalid" */
	const char *test_listed, *test_clean;
	const struct dnsbl_octet_name *categories; size_t ncategories;
};

/* What one answer address means in an entry's documentation. */
#define DNSBL_DECODE_MAX	8
struct dnsbl_decoded {
	const struct dnsbl_error_code *error;	/* an error about the query, or NULL */
	const struct dnsbl_code *codes[DNSBL_DECODE_MAX];	/* listing codes carried */
	size_t ncodes;
	unsigned unknown_bits;		/* bitmask: set bits that no code names */
	const char *category;		/* categories: the category's name, or NULL */
};

/* The number of entries, and entry i in catalog order (NULL past the end). */
size_t dnsbl_catalog_size(void);
const struct dnsbl_entry *dnsbl_catalog_entry(size_t i);

/*
 * Finds an entry by config name or by zone, case-insensitively, ignoring
 * one trailing dot on a zone. NULL if none.
 */
const struct dnsbl_entry *dnsbl_catalog_find(const char *name_or_zone);

/*
 * Looks up answer a (host order IPv4) in e's codes / errors; NULL if none.
 * dnsbl_catalog_code gives the first code only: a bitmask answer naming
 * several lists, or one with bits no code names, needs dnsbl_catalog_decode.
 */
const struct dnsbl_code *dnsbl_catalog_code(const struct dnsbl_entry *e, uint32_t a);
const struct dnsbl_error_code *dnsbl_catalog_error(const struct dnsbl_entry *e, uint32_t a);

/*
 * Decodes answer a as e documents it: an error, or the codes it carries
 * (none when the answer is undocumented). out is always filled in.
 */
void dnsbl_catalog_decode(const struct dnsbl_entry *e, uint32_t a,
    struct dnsbl_decoded *out);

/* "open", "no public resolver", "registered", "key" */
const char *dnsbl_policy_name(enum dnsbl_policy);

/*
 * Parses a dotted quad from the table into host order. Returns false
 * for anything that is not exactly one IPv4 address.
 */
bool dnsbl_catalog_addr(const char *quad, uint32_t *out);

#endif
