/*
 * report_store.h -- DMARC aggregate reports in SQLite (the service's state
 * database file, WAL mode). A report is stored once, identified by
 * org_name + report_id + date range; each report is one transaction, so
 * a killed import leaves whole reports only. Also caches PTR names.
 */
#ifndef SENDWATCH_REPORT_STORE_H
#define SENDWATCH_REPORT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/reports/report_ptr.h"
#include "probes/reports/report_xml.h"

struct sqlite3;
struct report_store;

/* Opens (creating tables if needed). NULL with a message in err. */
struct report_store *report_store_open(const char *path, char *err,
	    size_t errlen);
void	report_store_close(struct report_store *);	/* NULL is a no-op */
struct sqlite3 *report_store_db(struct report_store *);

/* One report's import: give sink to report_xml_parse, then finish. */
struct report_store_job {
	struct report_store	*st;
	const char		*source;	/* where it came from (borrowed) */
	int64_t			 row;		/* reports.id once inserted */
	bool			 in_tx;
	bool			 already;	/* was stored before: skipped */
};

void	report_store_job_init(struct report_store_job *, struct report_store *,
	    const char *source, struct report_sink *);

/*
 * Ends the job after parsing returned status: commits a parsed report
 * (with its totals from r), rolls back anything else. Returns 0, or -1
 * with a message in err when the commit failed.
 */
int	report_store_job_finish(struct report_store_job *,
	    enum report_parse_status, const struct report *r, char *err,
	    size_t errlen);

/*
 * The PTR name cache of the reports probe (report_ptr.h), kept in the
 * store: give it with the report_store as the cache's arg.
 */
extern const struct report_ptr_cache report_store_ptr_cache;

#endif
