/*
 * dmarc_uri.h -- the rua=/ruf= report URI lists of a DMARC record
 * (RFC 7489 §6.2/§6.4, RFC 9989 §4.7): mailto: syntax, the obsolete
 * "!size" suffix, and how many URIs receivers are obliged to use.
 * Problems go to the caller's verdict.
 */
#ifndef SENDWATCH_DMARC_URI_H
#define SENDWATCH_DMARC_URI_H

#include <stddef.h>

#include "probes/verdict.h"

struct dmarc_uri {
	char	*uri;		/* as written */
	char	*domain;	/* mailto: host part, lowercased; NULL if bad */
};

/*
 * Splits value (the rua or ruf tag named tag) at commas into *out and
 * *nout (appended; free with dmarc_uri_free()), reporting bad URIs, the
 * "!size" suffix and more than two URIs. Returns 0, or -1 out of memory.
 */
int	dmarc_uri_list(const char *tag, const char *value,
	    struct dmarc_uri **out, size_t *nout, struct verdict *v);

/* Frees n URIs and the array; NULL does nothing. */
void	dmarc_uri_free(struct dmarc_uri *, size_t n);

#endif
