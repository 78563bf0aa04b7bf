/*
 * metrics_dmarc.c -- DMARC pass rates as metrics (see metrics_dmarc.h).
 * A message passes as in report_summary.c: the receiver evaluated
 * aligned DKIM or aligned SPF as pass (RFC 7489 section 4.2). The
 * database is opened read-only, apart from the service's own handle.
 */
#include <sqlite3.h>
#include <stdio.h>

#include "monitor/store/metrics_dmarc.h"

static const char metrics_dmarc_sql[] =
    "SELECT r.domain, COALESCE(SUM(c.count), 0),"
    " COALESCE(SUM(CASE WHEN c.dkim = 'pass' OR c.spf = 'pass'"
    "  THEN c.count ELSE 0 END), 0)"
    " FROM reports r JOIN report_records c ON c.report = r.id"
    " WHERE r.date_end >= ?1 GROUP BY r.domain ORDER BY r.domain";

int
metrics_add_dmarc(struct metrics *m, const char *db_path, int64_t since)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, metrics_dmarc_sql, -1, &st,
	    NULL) != SQLITE_OK)
		goto done;	/* no database or no reports yet */
	sqlite3_busy_timeout(db, 2000);
	sqlite3_bind_int64(st, 1, since);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *dom = (const char *)sqlite3_column_text(st, 0);
		double n = (double)sqlite3_column_int64(st, 1);
		double pass = (double)sqlite3_column_int64(st, 2);
		struct metrics_label l[] = { { "domain", dom ? dom : "" } };

		rc |= metrics_add(m, "sendwatch_dmarc_messages", METRICS_GAUGE,
		    "Messages in the DMARC aggregate reports of the last 7"
		    " days.", l, 1, n);
		rc |= metrics_add(m, "sendwatch_dmarc_pass_ratio",
		    METRICS_GAUGE, "Share of those messages that passed DMARC.",
		    l, 1, n > 0 ? pass / n : 0);
	}
	if (step != SQLITE_DONE && m->err[0] == '\0')
		snprintf(m->err, sizeof(m->err), "%s: %s", db_path,
		    sqlite3_errmsg(db));
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc || m->err[0] ? -1 : 0;
}
