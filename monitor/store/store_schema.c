/*
 * store_schema.c -- the schema and its migrations (see store_schema.h).
 *
 * Step 1 is the schema as it was before user_version was kept: files of
 * that time have user_version 0 and every table already, so its
 * statements all say IF NOT EXISTS. Later steps are plain changes. A
 * step is never edited once released: a change is a new step.
 *
 * Tables: state, history, cycles, events, outbox (state_store.c);
 * dnsbl_queries (state_store.c); reports, report_records, report_dkim,
 * report_spf, report_ptr (report_store.c); bounce_logs, bounce_buckets,
 * bounce_mentions (bounce_store.c); tlsrpt_reports, tlsrpt_policies,
 * tlsrpt_failures (tlsrpt_store.c); ruf_reports (ruf_store.c);
 * imap_committed (imap_store.c).
 */
#include <stdio.h>

#include "monitor/store/store_schema.h"

static const char *const steps[] = {
	/* 1: state, events, outbox, query counts, DMARC reports */
	"CREATE TABLE IF NOT EXISTS state ("
	" key TEXT PRIMARY KEY, probe TEXT NOT NULL, target TEXT NOT NULL,"
	" known INTEGER NOT NULL, state INTEGER NOT NULL,"
	" state_detail TEXT NOT NULL, last_state INTEGER NOT NULL,"
	" summary TEXT NOT NULL, detail TEXT NOT NULL,"
	" pending_state INTEGER, pending_detail TEXT NOT NULL,"
	" pending_count INTEGER NOT NULL,"
	" first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	" unknown_since INTEGER NOT NULL, unknown_count INTEGER NOT NULL,"
	" unknown_reported INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS history ("
	" id INTEGER PRIMARY KEY, key TEXT NOT NULL, time INTEGER NOT NULL,"
	" state INTEGER NOT NULL, summary TEXT NOT NULL, detail TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS history_key ON history (key, time);"
	"CREATE INDEX IF NOT EXISTS history_time ON history (time);"
	"CREATE TABLE IF NOT EXISTS cycles ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL,"
	" findings INTEGER NOT NULL, events INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS events ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" cycle INTEGER NOT NULL REFERENCES cycles (id),"
	" time INTEGER NOT NULL, kind INTEGER NOT NULL, key TEXT NOT NULL,"
	" probe TEXT NOT NULL, target TEXT NOT NULL,"
	" from_state INTEGER, to_state INTEGER NOT NULL,"
	" summary TEXT NOT NULL, detail TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS events_time ON events (time);"
	"CREATE TABLE IF NOT EXISTS outbox ("
	" event INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,"
	" sink TEXT NOT NULL, status INTEGER NOT NULL DEFAULT 0,"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_try INTEGER NOT NULL, sent_at INTEGER, last_error TEXT,"
	" PRIMARY KEY (sink, event));"
	"CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, next_try);"
	"CREATE TABLE IF NOT EXISTS dnsbl_queries ("
	" zone TEXT NOT NULL, day TEXT NOT NULL, count INTEGER NOT NULL,"
	" PRIMARY KEY (zone, day));"
	"CREATE TABLE IF NOT EXISTS reports ("
	" id INTEGER PRIMARY KEY,"
	" org_name TEXT NOT NULL, report_id TEXT NOT NULL,"
	" date_begin INTEGER NOT NULL, date_end INTEGER NOT NULL,"
	" email TEXT, version TEXT, domain TEXT NOT NULL,"
	" adkim TEXT, aspf TEXT, p TEXT, sp TEXT, np TEXT, pct TEXT, fo TEXT,"
	" testing TEXT, discovery_method TEXT,"
	" records INTEGER NOT NULL DEFAULT 0,"
	" messages INTEGER NOT NULL DEFAULT 0,"
	" source TEXT, imported_at INTEGER NOT NULL,"
	" UNIQUE (org_name, report_id, date_begin, date_end));"
	"CREATE TABLE IF NOT EXISTS report_records ("
	" id INTEGER PRIMARY KEY,"
	" report INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
	" source_ip TEXT, count INTEGER NOT NULL, disposition TEXT,"
	" dkim TEXT, spf TEXT, header_from TEXT, envelope_from TEXT,"
	" envelope_to TEXT);"
	"CREATE INDEX IF NOT EXISTS report_records_report ON report_records"
	" (report);"
	/* indexes of early versions: every one is pages written per commit */
	"DROP INDEX IF EXISTS report_records_ip;"
	"DROP INDEX IF EXISTS reports_domain_end;"
	"DROP INDEX IF EXISTS report_dkim_record;"
	"DROP INDEX IF EXISTS report_spf_record;"
	"CREATE TABLE IF NOT EXISTS report_dkim ("
	" record INTEGER NOT NULL REFERENCES report_records (id)"
	" ON DELETE CASCADE,"
	" domain TEXT, selector TEXT, result TEXT, human_result TEXT);"
	"CREATE TABLE IF NOT EXISTS report_spf ("
	" record INTEGER NOT NULL REFERENCES report_records (id)"
	" ON DELETE CASCADE,"
	" domain TEXT, scope TEXT, result TEXT);"
	"CREATE TABLE IF NOT EXISTS report_ptr ("
	" ip TEXT PRIMARY KEY, name TEXT NOT NULL,"
	" resolved_at INTEGER NOT NULL);",

	/*
	 * 2: the bounces follower, formerly the STATE.bounces text file
	 * (imported once by bounce_store.c): where each log was read up
	 * to, outcomes per minute, receivers' mentions of blocklists and
	 * authentication and PTR failures.
	 */
	"CREATE TABLE bounce_logs ("
	" path TEXT PRIMARY KEY, dev INTEGER NOT NULL, ino INTEGER NOT NULL,"
	" offset INTEGER NOT NULL);"
	"CREATE TABLE bounce_buckets ("
	" minute INTEGER PRIMARY KEY, delivered INTEGER NOT NULL,"
	" deferred INTEGER NOT NULL, bounced INTEGER NOT NULL);"
	"CREATE TABLE bounce_mentions ("
	" category INTEGER NOT NULL, what TEXT NOT NULL, ip TEXT NOT NULL,"
	" first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	" count INTEGER NOT NULL, PRIMARY KEY (category, what, ip));",

	/*
	 * 3: TLS-RPT aggregate reports (RFC 8460), stored once by
	 * organization and report-id: per policy the session counts, per
	 * policy its failure details.
	 */
	"CREATE TABLE tlsrpt_reports ("
	" id INTEGER PRIMARY KEY, org_name TEXT NOT NULL,"
	" report_id TEXT NOT NULL, contact_info TEXT,"
	" date_begin INTEGER NOT NULL, date_end INTEGER NOT NULL,"
	" source TEXT, imported_at INTEGER NOT NULL,"
	" UNIQUE (org_name, report_id));"
	"CREATE TABLE tlsrpt_policies ("
	" id INTEGER PRIMARY KEY,"
	" report INTEGER NOT NULL REFERENCES tlsrpt_reports (id)"
	" ON DELETE CASCADE,"
	" policy_type TEXT NOT NULL, policy_domain TEXT NOT NULL,"
	" policy_string TEXT, mx_host TEXT,"
	" successful INTEGER NOT NULL, failed INTEGER NOT NULL);"
	"CREATE INDEX tlsrpt_policies_report ON tlsrpt_policies (report);"
	"CREATE TABLE tlsrpt_failures ("
	" policy INTEGER NOT NULL REFERENCES tlsrpt_policies (id)"
	" ON DELETE CASCADE,"
	" result_type TEXT NOT NULL, sending_mta_ip TEXT,"
	" receiving_mx_hostname TEXT, receiving_mx_helo TEXT,"
	" receiving_ip TEXT, failed_sessions INTEGER NOT NULL,"
	" failure_reason_code TEXT, additional_information TEXT);"
	"CREATE INDEX tlsrpt_failures_policy ON tlsrpt_failures (policy);",

	/*
	 * 4: DMARC failure reports (RFC 6591 and non-ARF forms), stored once
	 * by key (a hash of the report's Message-ID and source IP).
	 */
	"CREATE TABLE ruf_reports ("
	" id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
	" form TEXT NOT NULL, feedback_type TEXT, reporter TEXT,"
	" user_agent TEXT, source_ip TEXT, reported_domain TEXT,"
	" auth_failure TEXT, auth_results TEXT, delivery_result TEXT,"
	" dkim_domain TEXT, dkim_selector TEXT, dkim_identity TEXT,"
	" spf_dns TEXT, original_mail_from TEXT, original_rcpt_to TEXT,"
	" identity_alignment TEXT, orig_from TEXT, orig_subject TEXT,"
	" orig_message_id TEXT, arrival INTEGER NOT NULL,"
	" orig_date INTEGER NOT NULL, source TEXT,"
	" imported_at INTEGER NOT NULL);",

	/*
	 * 5: an event's origin, the random value of the state file's
	 * opening that made it; event_id is "origin-id" (alerts/event.h),
	 * so a new or restored file never reuses one. "" before.
	 */
	"ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT '';",

	/*
	 * 6: IMAP intake (imap_store.c): messages whose reports are
	 * committed but which were not yet moved out of the mailbox, by
	 * account (user@host:port/MAILBOX), UIDVALIDITY and UID.
	 */
	"CREATE TABLE imap_committed ("
	" account TEXT NOT NULL, uidvalidity INTEGER NOT NULL,"
	" uid INTEGER NOT NULL, committed_at INTEGER NOT NULL,"
	" PRIMARY KEY (account, uidvalidity, uid));",

	/*
	 * 7: when a delivery was last tried (unix s; NULL: never, or before
	 * this step). A try dated after now means the clock stepped back
	 * since: the event is due at once, not once the clock catches up.
	 */
	"ALTER TABLE outbox ADD COLUMN tried_at INTEGER;",
};

#define NSTEPS	((int)(sizeof(steps) / sizeof(steps[0])))

int
store_schema_version(void)
{
	return NSTEPS;
}

static int
schema_user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * Runs step i (from 0) and records it, in one transaction. Returns 0, or
 * -1 with SQLite's reason in why.
 */
static int
schema_step(sqlite3 *db, int i, char *why, size_t whylen)
{
	char sql[64];
	int v;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	/* another process may have run it while we waited for the lock */
	if (schema_user_version(db, &v) == -1)
		goto fail;
	if (v > i)
		return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) ==
		    SQLITE_OK ? 0 : -1;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", i + 1);
	if (sqlite3_exec(db, steps[i], NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	snprintf(why, whylen, "%s", sqlite3_errmsg(db));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
store_schema_migrate(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	char why[256];
	int v;

	if (schema_user_version(db, &v) == -1) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	if (v > NSTEPS) {
		snprintf(err, errlen, "%s: the database is of schema version %d,"
		    " written by a newer sendwatch (this one knows up to %d)",
		    path, v, NSTEPS);
		return -1;
	}
	for (int i = v; i < NSTEPS; i++)
		if (schema_step(db, i, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "%s: bringing the database to schema"
			    " version %d: %s", path, i + 1, why);
			return -1;
		}
	return 0;
}
