/*
 * spf.h -- the SPF probe: exactly one v=spf1 TXT record at the domain,
 * its syntax and policy (spf_record.c), the RFC 7208 limits over the
 * include/redirect tree (spf_walk.c), and, for each sending IP, the
 * RFC 7208 check_host() result (spf_check.c). Findings: spf/<domain> and
 * spf-sender/<domain>/<ip> (with its result word for --json).
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

/* Who the senders claim to be (spfquery's -sender and -helo). */
struct spf_sender_id {
	const char	*mail_from;	/* MAIL FROM; NULL: postmaster@domain */
	const char	*helo;		/* HELO name for %{h}, or NULL */
};

/* Appends the findings; out may be NULL. Returns 0, or -1 out of memory. */
int	spf_probe(struct authdns *, const char *domain,
	    const char *const *senders, size_t nsenders,
	    const struct spf_sender_id *, struct spf_probe_result *out,
	    struct finding_list *);

#endif
