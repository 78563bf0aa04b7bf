/*
 * dmarc_record.h -- checks one DMARC record's text as RFC 9989 §4.7
 * defines it (RFC 7489 differences noted in each problem): every tag's
 * value against our own grammar, removed tags (pct, ri, rf), policy
 * strength, and rua/ruf URIs (dmarc_uri.c). Each problem names the tag,
 * the value, what is allowed and the fix. No DNS here: dmarc.c fetches
 * records and checks the report destinations.
 */
#ifndef SENDWATCH_DMARC_RECORD_H
#define SENDWATCH_DMARC_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/auth/dmarc_uri.h"
#include "probes/verdict.h"

enum dmarc_policy {
	DMARC_P_UNSET = 0,
	DMARC_P_NONE,
	DMARC_P_QUARANTINE,
	DMARC_P_REJECT,
};

struct dmarc_record {
	enum dmarc_policy	 p, sp, np;	/* sp, np default to p / sp */
	bool			 p_missing;	/* no p=: read as p=none */
	char			 adkim, aspf;	/* 'r' or 's' */
	char			 psd;		/* 'y', 'n' or 'u' (default) */
	int			 pct;		/* RFC 7489 only; 100 default */
	bool			 testing;	/* t=y (RFC 9989) */
	struct dmarc_uri	*rua, *ruf;
	size_t			 nrua, nruf;
};

/* "none", "quarantine", "reject", "(unset)". */
const char *dmarc_policy_name(enum dmarc_policy);

/*
 * Checks text, the record published for domain, adding problems and
 * notes to v and filling rec (free with dmarc_record_free()). Returns 0
 * when receivers can use the record, -1 when it is unusable (a critical
 * problem was added).
 */
int	dmarc_record_check(const char *domain, const char *text,
	    struct dmarc_record *rec, struct verdict *v);
void	dmarc_record_free(struct dmarc_record *);	/* NULL does nothing */

/* True when text starts a DMARC record: "v=DMARC1" then ";", space or end. */
bool	dmarc_record_is_dmarc(const char *text, size_t len);

/*
 * For a TXT record that is not a DMARC record but was meant to be one
 * (leading space, "v=dmarc1"), why receivers do not see it; else NULL.
 */
const char *dmarc_record_near_miss(const char *text, size_t len);

#endif
