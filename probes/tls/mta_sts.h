/*
 * mta_sts.h -- the mta-sts probe (RFC 8461; mta_sts_probe.c): for one
 * domain, the finding mta-sts/<domain>.
 */
#ifndef SENDWATCH_MTA_STS_H
#define SENDWATCH_MTA_STS_H

#include <stdint.h>

#include "probes/dns/authdns.h"
#include "probes/finding.h"
#include "probes/probe.h"

struct mta_sts_opts {
	const char			*ca_file;	/* NULL: system CAs */
	uint64_t			 deadline_ms;	/* 0: none */
	/* this run's findings so far: starttls/<mx> verdicts; may be NULL */
	const struct finding_list	*seen;
};

/*
 * Appends mta-sts/<domain> to l (o may be NULL: defaults). Returns 0, or
 * -1 when out of memory.
 */
int	mta_sts_probe(struct authdns *, const struct mta_sts_opts *o,
	    const char *domain, struct finding_list *l);

/* Its row of the probe table (probes/probe.h). */
extern const struct probe probe_mta_sts;

#endif
