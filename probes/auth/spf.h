/*
 * spf.h -- the SPF probe: exactly one v=spf1 TXT record at the domain,
 * its syntax and policy (spf_record.c), the RFC 7208 limits over the
 * include/redirect tree (spf_walk.c), and, for each sending IP, the
 * libspf2 result (spf_eval.c). Findings: spf/<domain> and
 * spf-sender/<domain>/<ip>.
 */
#ifndef SENDWATCH_SPF_H
#define SENDWATCH_SPF_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/dns/authdns.h"
#include "probes/finding.h"

/* Numbers for perfdata (spf_lookups=7;8;10;0;10). */
struct spf_probe_result {
	bool	 found;		/* exactly one record */
	size_t	 lookups;
	size_t	 voids;
};

/* Appends the findings; out may be NULL. Returns 0, or -1 out of memory. */
int	spf_probe(struct authdns *, const char *domain,
	    const char *const *senders, size_t nsenders,
	    struct spf_probe_result *out, struct finding_list *);

#endif
