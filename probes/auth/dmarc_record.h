/*
 * dmarc_record.h -- checks one DMARC record's text (RFC 7489, RFC 9989):
 * syntax through libopendmarc plus our own tag list (duplicates,
 * unknown and obsolete tags, np, fo), policy strength, and rua/ruf
 * mailto: URIs. No DNS here: dmarc.c fetches records and checks the
 * report destinations' authorization.
 */
#ifndef SENDWATCH_DMARC_RECORD_H
#define SENDWATCH_DMARC_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/verdict.h"

enum dmarc_policy {
	DMARC_P_UNSET = 0,
	DMARC_P_NONE,
	DMARC_P_QUARANTINE,
	DMARC_P_REJECT,
};

struct dmarc_uri {
	char	*uri;		/* as written */
	char	*domain;	/* mailto: host part, lowercased; NULL if bad */
};

struct dmarc_record {
	enum dmarc_policy	 p, sp, np;	/* sp, np default to p / sp */
	char			 adkim, aspf;	/* 'r' or 's' */
	int			 pct;		/* 100 when absent */
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

#endif
