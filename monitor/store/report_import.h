/*
 * report_import.h -- imports every DMARC aggregate report, TLS-RPT
 * report (RFC 8460) and DMARC failure report (RFC 6591) found under a
 * path (see probes/report_input.h) into the report store, each report in
 * its own transaction, counting what happened. Used by "sendwatch reports
 * import" and by the service, which picks reports up from a Maildir or a
 * directory.
 */
#ifndef SENDWATCH_REPORT_IMPORT_H
#define SENDWATCH_REPORT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "monitor/store/report_store.h"
#include "probes/reports/report_xml.h"

struct report_import {
	struct report_store	*st;		/* NULL: parse only (dry run) */
	struct report_limits	 lim;		/* 0: the defaults */
	bool			 verbose;	/* a line per report stored */
	/*
	 * Receives one line per failure or warning ("FILE: reason"),
	 * control characters already replaced; NULL: stderr.
	 */
	void			(*line)(void *arg, const char *text);
	void			*line_arg;
	/* Counts, added to by each call. */
	unsigned long long	 imported;
	unsigned long long	 records;
	unsigned long long	 already;	/* of every kind */
	unsigned long long	 failed;
	unsigned long long	 tlsrpt;	/* TLS-RPT reports imported */
	unsigned long long	 failure;	/* failure reports imported */
	unsigned long long	 store_errors;	/* of failed: the database's */
};

/* Imports what is under path ("-": stdin). Returns the failures it added. */
unsigned long long report_import_path(struct report_import *,
	    const char *path);
/* Imports from one message in memory (borrowed), named where. */
unsigned long long report_import_mem(struct report_import *,
	    const char *where, const void *data, size_t len);

#endif

/*
 * The summary line of an import into buf: "imported 41 reports (1207
 * records), 2 TLS-RPT reports, 1 failure report, 3 already stored, 1
 * failed" (the TLS-RPT and failure counts only when not 0).
 */
void	report_import_counts(const struct report_import *, bool dry_run,
	    char *buf, size_t len);
