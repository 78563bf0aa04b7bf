/*
 * tlsrpt_findings.h -- what the service says about a domain's TLS-RPT
 * reports (RFC 8460) over the [reports] window, from tlsrpt_window.h:
 *
 *   reports/DOMAIN/tls-failures       warning when more than
 *                                     tlsrpt_failure_threshold percent
 *                                     of the domain's sessions (all
 *                                     policy types) failed, and at least
 *                                     tlsrpt_min_failed_sessions did;
 *                                     ok otherwise
 *   reports/DOMAIN/tls-failure/TYPE   warning while senders report
 *                                     failures of TYPE (certificate-
 *                                     expired, sts-policy-fetch-error,
 *                                     ...) in the window: a new type is
 *                                     one event; ok once it stopped
 *                                     (seen in the window before only)
 *
 * As in report_findings.h, counts go in the summary and the detail is
 * the reason and the fix, so one situation is one event. Pure: no I/O.
 */
#ifndef SENDWATCH_TLSRPT_FINDINGS_H
#define SENDWATCH_TLSRPT_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "probes/finding.h"
#include "probes/reports/tlsrpt_window.h"

struct tlsrpt_rules {
	double		 max_failure_rate;	/* percent */
	uint64_t	 min_failed;		/* sessions */
	const char	*window;		/* "7d", for the text */
};

/*
 * Appends the findings of every domain in v[0..n) (sorted by domain, as
 * tlsrpt_summary_load gives them) to fl. Returns 0, or -1 when out of
 * memory.
 */
int	tlsrpt_findings(const struct tlsrpt_rules *,
	    const struct tlsrpt_window *v, size_t n, struct finding_list *fl);

#endif
