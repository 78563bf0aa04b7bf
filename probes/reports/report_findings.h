/*
 * report_findings.h -- what the service says about one domain's DMARC
 * aggregate reports over the [reports] window (issue 5, "in the
 * service"), from the window summary of report_window.h:
 *
 *   reports/DOMAIN/source/IP     warning when a source not authorized
 *                                for the domain sent more than
 *                                new_source_min_messages failing DMARC;
 *                                unknown when that many failed and
 *                                nobody can tell whether it is
 *                                authorized; ok otherwise
 *   reports/DOMAIN/pass-rate/IP  authorized sources: warning below
 *                                min_pass_rate, ok otherwise
 *   reports/DOMAIN/dkim-selector/SELECTOR
 *                                [domain] sections only, selectors whose
 *                                d= is the domain: warning when not in
 *                                dkim_selectors (nor dkim_retired), ok
 *                                for the known ones
 *
 * A source or selector listed from before the window (the store's
 * listed_since) that sent nothing in it is ok on every key, so a
 * situation that ended gives its recovery event.
 *
 * Counts go in the summary; the detail is the reason and the fix and
 * does not change with the counts, so findings_diff makes one event per
 * new situation, not one per cycle. Pure: no I/O.
 */
#ifndef SENDWATCH_REPORT_FINDINGS_H
#define SENDWATCH_REPORT_FINDINGS_H

#include <stdint.h>

#include "config/config.h"
#include "probes/reports/report_window.h"
#include "probes/finding.h"

struct report_rules {
	uint64_t	 min_failing;	/* [reports] new_source_min_messages */
	double		 min_pass_rate;	/* percent */
	const char	*window;	/* "7d", for the text */
};

/*
 * Appends the findings of domain v to fl; dom is its [domain] section or
 * NULL. Returns 0, or -1 when out of memory.
 */
int	report_findings_domain(const struct report_rules *,
	    const struct summary_domain *v, const struct cfg_domain *dom,
	    struct finding_list *fl);

#endif
