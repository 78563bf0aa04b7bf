/*
 * spf_walk.h -- follows an SPF record's include: and redirect= tree and
 * counts what RFC 7208 §4.6.4 limits: DNS-querying terms (include, a,
 * mx, ptr, exists, redirect; more than 10 is permerror), void lookups
 * (more than 2 is permerror) and MX hosts per mx term (more than 10).
 * Loops are reported, never followed. The tree, with the lookups of each
 * branch, is added to the verdict so the user sees what to flatten.
 */
#ifndef SENDWATCH_SPF_WALK_H
#define SENDWATCH_SPF_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/dns/authdns.h"
#include "probes/verdict.h"

#define SPF_MAX_LOOKUPS	10
#define SPF_MAX_VOIDS	2
#define SPF_MAX_MX	10
#define SPF_MAX_DEPTH	12	/* beyond the lookup limit anyway */

struct spf_walk {
	size_t	 lookups;	/* DNS-querying terms across the tree */
	size_t	 voids;		/* lookups that found nothing */
	size_t	 records;	/* SPF records read */
	bool	 loop;
	bool	 permerror;	/* a record in the tree is permerror */
	bool	 unknown;	/* a lookup failed: counts are a minimum */
};

/*
 * Walks the tree below the record text published at domain (already
 * fetched and chosen by the caller). Adds problems and the tree to v.
 * Returns 0, or -1 when receivers would return permerror.
 */
int	spf_walk(struct authdns *, const char *domain, const char *text,
	    struct spf_walk *, struct verdict *);

#endif
