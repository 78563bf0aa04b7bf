/*
 * spf_record.h -- one SPF record's text parsed and checked (RFC 7208
 * §4.6-§7): terms, qualifiers, CIDR lengths, macro syntax, policy
 * problems (+all, ?all, ptr, terms after all, length). No DNS here:
 * spf_walk.c follows includes and redirects.
 */
#ifndef SENDWATCH_SPF_RECORD_H
#define SENDWATCH_SPF_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/verdict.h"

enum spf_mech {
	SPF_M_ALL, SPF_M_INCLUDE, SPF_M_A, SPF_M_MX, SPF_M_PTR,
	SPF_M_IP4, SPF_M_IP6, SPF_M_EXISTS,
	SPF_M_REDIRECT,		/* modifiers */
	SPF_M_EXP,
	SPF_M_UNKNOWN_MOD,
};

struct spf_term {
	enum spf_mech	 mech;
	char		 qualifier;	/* '+', '-', '~', '?' */
	char		*text;		/* the term as written */
	char		*domain;	/* domain-spec (modifiers: the value), or NULL */
	bool		 has_macro;	/* domain-spec has a macro (%{..}, %%, %_, %-) */
	bool		 after_all;	/* never evaluated */
	int		 cidr4;		/* a, mx, ip4: prefix length (default 32) */
	int		 cidr6;		/* a, mx, ip6: prefix length (default 128) */
	unsigned char	 net[16];	/* ip4 (4 bytes), ip6: the network */
};

struct spf_record {
	struct spf_term	*v;
	size_t		 n;
	size_t		 lookups;	/* DNS-querying terms in this record */
	int		 all;		/* index of "all", or -1 */
	int		 redirect;	/* index of redirect=, or -1 */
};

/* True when text is an SPF record: "v=spf1" then a space or the end. */
bool	spf_record_is_spf(const char *text, size_t len);

/* "include", "a", ..., "redirect". */
const char *spf_mech_name(enum spf_mech);

/*
 * Parses text (published at domain, for messages), adding problems to
 * v and filling rec (free with spf_record_free()). Returns 0, or -1
 * when receivers would return permerror for the record.
 */
int	spf_record_parse(const char *domain, const char *text,
	    struct spf_record *rec, struct verdict *v);
void	spf_record_free(struct spf_record *);	/* NULL does nothing */

/*
 * Checks macro-string syntax (RFC 7208 §7.1) in s: macro-expands
 * ("%{" letter digits ["r"] delimiters "}", "%%", "%_", "%-") and
 * literal characters 0x21-0x7e (explain adds the space: the text of an
 * exp= TXT record, where c, r and t are allowed too). Returns true when
 * valid; sets *has_macro.
 */
bool	spf_macro_valid(const char *s, bool explain, bool *has_macro);

/*
 * True when s is a domain-spec (RFC 7208 §7.1): a valid macro-string
 * ending in a macro or in "." toplabel ["."]. Sets *has_macro.
 */
bool	spf_domain_spec_valid(const char *s, bool *has_macro);

#endif
