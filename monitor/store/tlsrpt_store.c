/*
 * tlsrpt_store.c -- TLS-RPT aggregate reports in SQLite (tables
 * tlsrpt_reports, tlsrpt_policies, tlsrpt_failures; store_schema.c step
 * 3). One IMMEDIATE transaction per report: the lookup by organization +
 * report-id and the inserts commit together or not at all, so a killed
 * import leaves whole reports and a second import of the same report
 * writes nothing.
 */
#include <stdio.h>
#include <time.h>

#include "monitor/store/db.h"
#include "monitor/store/tlsrpt_store.h"

enum stmt { ST_FIND, ST_REPORT, ST_POLICY, ST_FAILURE, ST_N };

static const char *const stmt_sql[ST_N] = {
	[ST_FIND] = "SELECT id FROM tlsrpt_reports WHERE org_name = ? AND "
	    "report_id = ?",
	[ST_REPORT] = "INSERT INTO tlsrpt_reports (org_name, report_id, "
	    "contact_info, date_begin, date_end, source, imported_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?)",
	[ST_POLICY] = "INSERT INTO tlsrpt_policies (report, policy_type, "
	    "policy_domain, policy_string, mx_host, successful, failed) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	[ST_FAILURE] = "INSERT INTO tlsrpt_failures (policy, result_type, "
	    "sending_mta_ip, receiving_mx_hostname, receiving_mx_helo, "
	    "receiving_ip, failed_sessions, failure_reason_code, "
	    "additional_information) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

static void
bind_texts(sqlite3_stmt *st, int first, const char *const *v, int n)
{
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(st, first + i, v[i], -1, SQLITE_STATIC);
}

static int
insert_policy(sqlite3 *db, sqlite3_stmt **st, int64_t report,
    const struct tlsrpt_policy *p)
{
	int64_t id;

	sqlite3_bind_int64(st[ST_POLICY], 1, report);
	bind_texts(st[ST_POLICY], 2, (const char *const[]){ p->type,
	    p->domain, p->policy_string, p->mx_host }, 4);
	sqlite3_bind_int64(st[ST_POLICY], 6, (sqlite3_int64)p->successful);
	sqlite3_bind_int64(st[ST_POLICY], 7, (sqlite3_int64)p->failed);
	if (db_run(st[ST_POLICY]) < 0)
		return -1;
	id = sqlite3_last_insert_rowid(db);
	for (size_t i = 0; i < p->nfail; i++) {
		const struct tlsrpt_failure *f = &p->fail[i];
		sqlite3_stmt *s = st[ST_FAILURE];

		sqlite3_bind_int64(s, 1, id);
		bind_texts(s, 2, (const char *const[]){ f->result_type,
		    f->sending_mta_ip, f->receiving_mx_hostname,
		    f->receiving_mx_helo, f->receiving_ip }, 5);
		sqlite3_bind_int64(s, 7, (sqlite3_int64)f->failed_sessions);
		bind_texts(s, 8, (const char *const[]){ f->failure_reason_code,
		    f->additional_information }, 2);
		if (db_run(s) < 0)
			return -1;
	}
	return 0;
}

static int
put(sqlite3 *db, sqlite3_stmt **st, const struct tlsrpt_report *r,
    const char *source)
{
	int64_t report;
	int rc;

	bind_texts(st[ST_FIND], 1, (const char *const[]){ r->org_name,
	    r->report_id }, 2);
	rc = sqlite3_step(st[ST_FIND]);
	sqlite3_reset(st[ST_FIND]);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return -1;
	bind_texts(st[ST_REPORT], 1, (const char *const[]){ r->org_name,
	    r->report_id, r->contact_info }, 3);
	sqlite3_bind_int64(st[ST_REPORT], 4, r->begin);
	sqlite3_bind_int64(st[ST_REPORT], 5, r->end);
	sqlite3_bind_text(st[ST_REPORT], 6, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st[ST_REPORT], 7, (sqlite3_int64)time(NULL));
	if (db_run(st[ST_REPORT]) < 0)
		return -1;
	report = sqlite3_last_insert_rowid(db);
	for (size_t i = 0; i < r->npol; i++)
		if (insert_policy(db, st, report, &r->pol[i]) < 0)
			return -1;
	return 1;
}

int
tlsrpt_store_put(sqlite3 *db, const struct tlsrpt_report *r,
    const char *source, char *err, size_t errlen)
{
	sqlite3_stmt *st[ST_N] = { NULL };
	int rc = -1;

	if (db_prepare_all(db, "database", stmt_sql, st, ST_N, err,
	    errlen) < 0)
		goto done;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "database: begin: %s", sqlite3_errmsg(db));
		goto done;
	}
	if ((rc = put(db, st, r, source)) < 0)
		snprintf(err, errlen, "database: storing TLS-RPT report %s: %s",
		    r->report_id, sqlite3_errmsg(db));
	if (rc <= 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	else if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "database: commit: %s",
		    sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		rc = -1;
	}
done:
	for (size_t i = 0; i < ST_N; i++)
		sqlite3_finalize(st[i]);
	return rc;
}
