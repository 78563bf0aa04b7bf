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
#include "probes/probe.h"
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

/* The probe auth_probe_one runs. */
enum auth_probe {
	AUTH_SPF, AUTH_DKIM, AUTH_DMARC, AUTH_MX, AUTH_PTR,
};

/* One probe (target: a domain, or an IP for AUTH_PTR). Returns 0 or -1. */
int	auth_probe_one(struct authdns *, enum auth_probe,
	    const struct auth_opts *, const char *target,
	    struct finding_list *, struct spf_probe_result *spf);

/* Their rows of the probe table (probes/probe.h). */
extern const struct probe probe_spf, probe_dkim, probe_dmarc, probe_mx,
    probe_ptr;

#endif
