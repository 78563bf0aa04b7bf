/*
 * dmarc_html.h -- the DMARC part of the dashboard, one domain at a time:
 * its totals, a chart of daily messages and DMARC pass rate, the top
 * failing sources, the sources new in the window and who reported.
 * The dashboard (GET /) and `reports summary --html` both write it.
 */
#ifndef SENDWATCH_DMARC_HTML_H
#define SENDWATCH_DMARC_HTML_H

#include <stdio.h>

#include "probes/reports/report_window.h"
#include "monitor/store/dash_series.h"

/* One domain's section; daily may be empty (no chart then). */
void	dmarc_html_domain(FILE *, const struct summary_domain *,
	    const struct dash_series *daily);

#endif
