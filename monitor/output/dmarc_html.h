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

/* What dmarc_html_each needs: where, the database and the window. */
struct dmarc_html {
	FILE		*out;
	sqlite3		*db;		/* for the daily series */
	int64_t		 since;		/* the window's start; 0: all */
	int64_t		 now;		/* its end */
	int		 n;		/* domains written */
};

/*
 * One domain's section with its daily series read from the database
 * (arg: struct dmarc_html); fits summary_each. 0.
 */
int	dmarc_html_each(void *arg, const struct summary_domain *);

#endif
