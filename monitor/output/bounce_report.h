/*
 * bounce_report.h -- shows what bounce_stats added up: text for people,
 * JSON for machines (the schema is in bounce_report.c).
 */
#ifndef SENDWATCH_BOUNCE_REPORT_H
#define SENDWATCH_BOUNCE_REPORT_H

#include <stdio.h>

#include "probes/bounces/bounce_mail.h"
#include "probes/bounces/bounce_stats.h"

struct bounce_report_info {
	const char	*const *files;	/* as given on the command line */
	size_t		 nfiles;
	size_t		 nfailed;	/* files that could not be read whole */
	uint64_t	 lines;
	double		 warn_rate;	/* percent */
	double		 crit_rate;
	int		 state;		/* 0 ok, 1 warning, 2 critical */
	const char	*suppress_path;	/* NULL without --suppress */
	size_t		 suppressed;	/* addresses now in that file */
	size_t		 top;		/* replies shown per category */
	/* bounce mail read (NULL: none); the rate is unknown without logs */
	const struct bounce_mail_counts *mail;
	bool		 rate_unknown;
};

/* "ok", "warning", "critical". */
const char	*bounce_state_name(int state);

/* 0 ok, 1 rate above warn, 2 above crit; a blocklist named: at least 1. */
int		 bounce_state(const struct bounce_stats *, double warn_rate,
		    double crit_rate);

/* Both return 0, or -1 when out of memory (a message was printed). */
int	bounce_report_text(FILE *, const struct bounce_stats *,
	    const struct bounce_report_info *);
int	bounce_report_json(FILE *, const struct bounce_stats *,
	    const struct bounce_report_info *);

#endif
