/*
 * ruf_store.c -- DMARC failure reports in SQLite (table ruf_reports,
 * store_schema.c step 4), one row per report, stored once by key:
 * INSERT OR IGNORE on the unique key makes a second import a no-op.
 */
#include <stdio.h>
#include <time.h>

#include "monitor/store/ruf_store.h"

static const char insert_sql[] =
    "INSERT OR IGNORE INTO ruf_reports (key, form, feedback_type, reporter,"
    " user_agent, source_ip, reported_domain, auth_failure, auth_results,"
    " delivery_result, dkim_domain, dkim_selector, dkim_identity, spf_dns,"
    " original_mail_from, original_rcpt_to, identity_alignment, orig_from,"
    " orig_subject, orig_message_id, arrival, orig_date, source,"
    " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?)";

int
ruf_store_put(sqlite3 *db, const struct ruf_report *r, const char *source,
    char *err, size_t errlen)
{
	const char *const v[] = {
		r->key, r->form, r->feedback_type, r->reporter, r->user_agent,
		r->source_ip, r->reported_domain, r->auth_failure,
		r->auth_results, r->delivery_result, r->dkim_domain,
		r->dkim_selector, r->dkim_identity, r->spf_dns,
		r->original_mail_from, r->original_rcpt_to,
		r->identity_alignment, r->orig_from, r->orig_subject,
		r->orig_message_id,
	};
	const int nv = (int)(sizeof(v) / sizeof(v[0]));
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, insert_sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "database: %s", sqlite3_errmsg(db));
		return -1;
	}
	for (int i = 0; i < nv; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, nv + 1, r->arrival);
	sqlite3_bind_int64(st, nv + 2, r->orig_date);
	sqlite3_bind_text(st, nv + 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, nv + 4, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "database: storing a failure report: %s",
		    sqlite3_errmsg(db));
		return -1;
	}
	return sqlite3_changes(db) > 0 ? 1 : 0;
}
