/*
 * report_probe.c -- the reports probe's row of the probe table (probe.h).
 * Its input is the report store: `run` imports new reports and judges
 * the window (report_findings.h) in monitor/run_reports.c.
 */
#include <stddef.h>

#include "probes/reports/report_probe.h"

static bool
report_probe_wanted(const struct config *c)
{
	return c->reports.maildir != NULL || c->reports.directory != NULL ||
	    c->reports.imap_url != NULL;
}

const struct probe probe_reports = {
	.name = "reports",
	.summary = "DMARC aggregate reports from [reports] maildir,"
	    " directory and imap_url: unauthorized sources, pass rates, unknown DKIM"
	    " selectors; TLS-RPT reports: failed TLS sessions above"
	    " tlsrpt_failure_threshold, new failure types",
	.targets = PROBE_ON_REPORTS,
	.schedule = "reports",
	.schedule_off = offsetof(struct cfg_schedule, reports_ms),
	.wanted = report_probe_wanted,
	.run = NULL,		/* store-fed: see above */
	.nagios = PROBE_NAGIOS_NONE,
};
