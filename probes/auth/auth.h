/*
 * auth.h -- the authentication probes as the audit and check commands
 * call them: every DNS-based check of a sending domain (SPF, DKIM,
 * DMARC, MX) and of a sending IP (PTR). Findings are appended to the
 * caller's list (keys spf/, spf-sender/, dkim/, dmarc/, mx/, ptr/).
 */
#ifndef SENDWATCH_AUTH_H
#define SENDWATCH_AUTH_H

#include <stddef.h>

#include "probes/dns/authdns.h"
#include "probes/finding.h"
#include "probes/auth/spf.h"

struct auth_opts {
	const char *const	*dkim_selectors;	/* none: discover */
	size_t			 ndkim_selectors;
	const char *const	*dkim_retired;		/* revoked on purpose */
	size_t			 ndkim_retired;
	const char *const	*senders;	/* IPs that must pass SPF */
	size_t			 nsenders;
	const char		*helo;		/* HELO name: PTR's expected
						   name, SPF's %{h}; or NULL */
	const char		*mail_from;	/* SPF sender, or NULL for
						   postmaster@domain */
};

/* One probe by name, for `check spf|dkim|dmarc|mx DOMAIN`, ptr IP. */
enum auth_probe {
	AUTH_SPF, AUTH_DKIM, AUTH_DMARC, AUTH_MX, AUTH_PTR,
};

/* "spf", ... -> AUTH_SPF ...; returns -1 for an unknown name. */
int	auth_probe_from_name(const char *name);

/*
 * Runs every domain probe (SPF with the senders, DKIM, DMARC, MX) for
 * domain. spf may be NULL (else gets the lookup counts). Returns 0, or
 * -1 when out of memory.
 */
int	auth_probe_domain(struct dns_resolver *, const struct auth_opts *,
	    const char *domain, struct finding_list *,
	    struct spf_probe_result *spf);

/* The PTR probe for ip (with opts->helo). Returns 0 or -1. */
int	auth_probe_ip(struct dns_resolver *, const struct auth_opts *,
	    const char *ip, struct finding_list *);

/* One probe (target: a domain, or an IP for AUTH_PTR). Returns 0 or -1. */
int	auth_probe_one(struct authdns *, enum auth_probe,
	    const struct auth_opts *, const char *target,
	    struct finding_list *, struct spf_probe_result *spf);

#endif
