/*
 * bounce_findings.h -- the judgement of the bounces probe: from what the
 * follower counted in the mail logs (bounce_follow.h), over the
 * [bounces] window:
 *
 *   bounces/rate                  ok, or warning/critical above
 *                                 warn_rate/crit_rate
 *   bounces/blocklisted/LIST/IP   a receiver named the list: the list is
 *                                 asked about the IP at once; critical
 *                                 when it confirms, warning when it does
 *                                 not or cannot be asked; ok once the
 *                                 window holds no such reply
 *   bounces/authentication/DOMAIN and bounces/reverse-dns/DOMAIN
 *                                 warning while receivers reject for
 *                                 SPF/DKIM/DMARC or PTR, then ok
 */
#ifndef SENDWATCH_BOUNCE_FINDINGS_H
#define SENDWATCH_BOUNCE_FINDINGS_H

#include <stdint.h>

#include "config/config.h"
#include "probes/bounces/bounce_follow.h"
#include "probes/dns/dns.h"
#include "probes/finding.h"

/* What the judgement needs besides the counts; all borrowed. */
struct bounce_judge {
	const struct config	*cfg;		/* [bounces], [dnsbl NAME] */
	struct dns_resolver	*res;		/* to ask a named list */
	uint64_t		 deadline_ms;	/* dns_now_ms() clock; 0: none */
};

/*
 * Appends the findings of f at now to out. Returns 0, or -1 when out of
 * memory.
 */
int	bounce_findings(const struct bounce_judge *, const struct bounce_follow *f,
	    int64_t now, struct finding_list *out);

#endif
