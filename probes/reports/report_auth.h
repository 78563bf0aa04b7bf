/*
 * report_auth.h -- whether a DMARC report's source IP is an authorized
 * sender for a domain: inside the [domain NAME] spf_senders, or SPF
 * passes for the domain (RFC 7208 check_host, through the resolver).
 * Shared by "sendwatch reports summary" and the service's reports probe.
 */
#ifndef SENDWATCH_REPORT_AUTH_H
#define SENDWATCH_REPORT_AUTH_H

#include <stdint.h>

#include "config/config.h"
#include "probes/dns/authdns.h"
#include "probes/dns/dns.h"

#define REPORT_AUTH_MAX_EVALS	200	/* SPF evaluations per report_auth */

struct report_auth {
	const struct config	*cfg;		/* borrowed */
	struct authdns		 ad;		/* NULL query: no SPF evaluation */
	unsigned		 evals;		/* SPF evaluations made */
	uint64_t		 deadline_ms;	/* for SPF; dns_now_ms() clock */
};

/* Sets a up; res NULL: only spf_senders answers. */
void	report_auth_init(struct report_auth *a, const struct config *cfg,
	    struct dns_resolver *res, uint64_t deadline_ms);

/*
 * Fits summary_opts.authorized (arg: struct report_auth): 1 when ip is
 * in the domain's spf_senders or SPF passes, 0 when it is not, -1 when
 * nobody can tell (no spf_senders, SPF not evaluated or temperror). SPF
 * is evaluated at most REPORT_AUTH_MAX_EVALS times and only before the
 * deadline; past that only spf_senders answers.
 */
int	report_auth_authorized(void *arg, const char *domain, const char *ip);

#endif
