/*
 * imap_intake.h -- [reports] imap_url into the report store: one run of
 * the IMAP fetch (probes/reports/imap_fetch.h) whose messages go through
 * the report import (report_import.h), with the UIDs of committed
 * messages kept in the state database until they are moved
 * (imap_store.h). Used by "sendwatch reports fetch" and by the service's
 * reports probe.
 */
#ifndef SENDWATCH_IMAP_INTAKE_H
#define SENDWATCH_IMAP_INTAKE_H

#include <stddef.h>

#include "config/config.h"
#include "monitor/store/report_import.h"
#include "probes/reports/imap_fetch.h"

struct imap_intake {
	struct report_import	 imp;	/* lim, verbose; counts of reports */
	struct imap_fetch_stats	 fetch;	/* counts of messages */
	/* One line per message moved to the failed folder, warning, ... */
	void			(*line)(void *arg, const char *text);
	void			*line_arg;
};

/*
 * One run over cfg's [reports] imap_url into st (opened by the caller).
 * The token file is read again each time (tokens expire). Returns 0, or
 * -1 with the reason in err (no secret in it).
 */
int	imap_intake_run(const struct config *, struct report_store *st,
	    struct imap_intake *, char *err, size_t errlen);

#endif
