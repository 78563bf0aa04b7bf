/*
 * dkim.h -- the DKIM probe: fetches <selector>._domainkey.<domain> for
 * each selector (configured, or a short list of common ones when none
 * is) and checks each key (dkim_key.c). One finding per selector, key
 * dkim/<domain>/<selector>; discovery adds dkim/<domain>.
 */
#ifndef SENDWATCH_DKIM_H
#define SENDWATCH_DKIM_H

#include <stddef.h>

#include "probes/dns/authdns.h"
#include "probes/finding.h"

struct dkim_opts {
	const char *const	*selectors;	/* configured; none: discover */
	size_t			 nselectors;
	const char *const	*retired;	/* selectors expected revoked */
	size_t			 nretired;
};

/* Appends the findings. Returns 0, or -1 when out of memory. */
int	dkim_probe(struct authdns *, const char *domain,
	    const struct dkim_opts *, struct finding_list *);

#endif
