/*
 * run_reports.h -- the "reports" probe of `sendwatch run`: imports new
 * DMARC aggregate reports from [reports] maildir and directory, then
 * judges each domain's sources and DKIM selectors over [reports] window
 * (see run_reports.c and report_findings.h).
 */
#ifndef SENDWATCH_RUN_REPORTS_H
#define SENDWATCH_RUN_REPORTS_H

#include <stdint.h>

#include "config/config.h"
#include "monitor/engine.h"

uint64_t	run_reports_interval(const struct config *);
/* Appends the findings to e->findings; 0, or -1 (printed). */
int		run_reports_probe(struct engine *);

#endif
