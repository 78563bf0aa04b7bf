/*
 * tlsrpt_store.h -- TLS-RPT aggregate reports (probes/reports/tlsrpt.h)
 * in the state database: stored once by organization-name + report-id,
 * each report (its policies and failure details) in one transaction.
 */
#ifndef SENDWATCH_TLSRPT_STORE_H
#define SENDWATCH_TLSRPT_STORE_H

#include <stddef.h>

#include <sqlite3.h>

#include "probes/reports/tlsrpt.h"

/*
 * Stores r, which came from source (a file or message, for the record).
 * Returns 1 when stored, 0 when it was stored before (nothing written),
 * -1 with the reason in err (nothing written).
 */
int	tlsrpt_store_put(sqlite3 *, const struct tlsrpt_report *r,
	    const char *source, char *err, size_t errlen);

#endif
