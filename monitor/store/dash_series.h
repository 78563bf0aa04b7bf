/*
 * dash_series.h -- the time series the dashboard and `reports summary
 * --html` draw, read from the state database: a domain's DMARC messages
 * and passes per UTC day (a report counts on the day its range begins),
 * and the mail logs' outcomes per hour (what the bounces follower keeps).
 */
#ifndef SENDWATCH_DASH_SERIES_H
#define SENDWATCH_DASH_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "monitor/output/svg_chart.h"

struct dash_series {
	struct svg_point	*v;	/* oldest first; malloc'd */
	size_t			 n;
};

/*
 * A domain's DMARC per day since `since`: count messages, rate
 * passes / messages. Returns 0, or -1 with the reason in err.
 */
int	dash_dmarc_daily(sqlite3 *, const char *domain, int64_t since,
	    struct dash_series *, char *err, size_t errlen);

/*
 * The logs' outcomes per hour: count delivered + bounced, rate bounced
 * / (delivered + bounced) (deferrals are not outcomes yet). 0 or -1.
 */
int	dash_bounces_hourly(sqlite3 *, struct dash_series *, char *err,
	    size_t errlen);

/*
 * Adds an empty point (count 0, no rate) for every period of step
 * seconds from `from` to `to` (both rounded down to a period) that s
 * lacks, so a chart shows gaps as gaps. 0, or -1 when out of memory.
 */
int	dash_series_fill(struct dash_series *, int64_t from, int64_t to,
	    int64_t step);

void	dash_series_free(struct dash_series *);

#endif
