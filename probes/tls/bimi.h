/*
 * bimi.h -- the bimi probe (Brand Indicators for Message Identification,
 * draft-brand-indicators-for-message-identification; bimi_probe.c): for
 * one domain, the finding bimi/<domain>.
 */
#ifndef SENDWATCH_BIMI_H
#define SENDWATCH_BIMI_H

#include <stdint.h>

#include "probes/dns/authdns.h"
#include "probes/finding.h"
#include "probes/probe.h"

struct bimi_opts {
	const char	*ca_file;	/* NULL: system CAs (the HTTPS fetches) */
	uint64_t	 deadline_ms;	/* 0: none */
};

/*
 * Appends bimi/<domain> to l (o may be NULL: defaults). Returns 0, or -1
 * when out of memory.
 */
int	bimi_probe(struct authdns *, const struct bimi_opts *o,
	    const char *domain, struct finding_list *l);

/* Its row of the probe table (probes/probe.h). */
extern const struct probe probe_bimi;

#endif
