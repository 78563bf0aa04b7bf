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
	char		*domain;	/* domain-spec, or NULL */
	bool		 has_macro;	/* domain-spec has %{...} */
	bool		 after_all;	/* never evaluated */
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
 * Checks macro syntax (RFC 7208 §7.1) in s; exp says whether c, r, t
 * are allowed. Returns true when valid; sets *has_macro.
 */
bool	spf_macro_valid(const char *s, bool exp, bool *has_macro);

#endif
