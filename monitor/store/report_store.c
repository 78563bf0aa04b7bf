/*
 * report_store.c -- DMARC aggregate reports in SQLite (one file shared
 * with the service's state, WAL journal). Tables: reports (unique
 * org_name + report_id + date range), report_records, report_dkim and
 * report_spf (auth results per record), report_ptr (PTR cache).
 *
 * Each report is one IMMEDIATE transaction opened by the parser's header
 * callback, which first checks whether the report is already stored (and
 * stops the parse if so); records are inserted as they are parsed and
 * the transaction commits only once the whole report parsed. SIGKILL at
 * any point leaves whole reports only: SQLite rolls back the open one.
 *
 * Indexes are few on purpose: every one is pages written by every
 * commit. Summaries reach auth results from the records (their rowid);
 * nothing deletes records yet, so report_dkim/report_spf need no index
 * on record (add one with a retention job).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "monitor/store/db.h"
#include "monitor/store/report_store.h"

enum stmt {
	ST_FIND, ST_REPORT, ST_TOTALS, ST_RECORD, ST_DKIM, ST_SPF,
	ST_PTR_GET, ST_PTR_PUT, ST_N,
};

static const char *const stmt_sql[ST_N] = {
	[ST_FIND] = "SELECT id FROM reports WHERE org_name = ? AND "
	    "report_id = ? AND date_begin = ? AND date_end = ?",
	[ST_REPORT] = "INSERT INTO reports (org_name, report_id, date_begin, "
	    "date_end, email, version, domain, adkim, aspf, p, sp, np, pct, fo, "
	    "testing, discovery_method, source, imported_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_TOTALS] = "UPDATE reports SET records = ?, messages = ? WHERE id = ?",
	[ST_RECORD] = "INSERT INTO report_records (report, source_ip, count, "
	    "disposition, dkim, spf, header_from, envelope_from, envelope_to) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_DKIM] = "INSERT INTO report_dkim (record, domain, selector, result, "
	    "human_result) VALUES (?, ?, ?, ?, ?)",
	[ST_SPF] = "INSERT INTO report_spf (record, domain, scope, result) "
	    "VALUES (?, ?, ?, ?)",
	[ST_PTR_GET] = "SELECT name FROM report_ptr WHERE ip = ? AND "
	    "resolved_at >= ?",
	[ST_PTR_PUT] = "INSERT OR REPLACE INTO report_ptr (ip, name, "
	    "resolved_at) VALUES (?, ?, ?)",
};

struct report_store {
	sqlite3		*db;
	sqlite3_stmt	*st[ST_N];
};

static int
db_fail(struct report_store *s, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "database: %s: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

struct report_store *
report_store_open(const char *path, char *err, size_t errlen)
{
	struct report_store *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if ((s->db = db_open_prepared(path, stmt_sql, s->st, ST_N,
	    err, errlen)) == NULL)
		goto fail;
	/*
	 * Imports write many small transactions: checkpoints (which fsync)
	 * run every 32 MB of WAL rather than every 4 MB, and the page cache
	 * holds the indexes of a large report (16 MB).
	 */
	sqlite3_exec(s->db, "PRAGMA wal_autocheckpoint=8192; "
	    "PRAGMA cache_size=-16384; PRAGMA journal_size_limit=67108864;",
	    NULL, NULL, NULL);
	return s;
fail:
	report_store_close(s);
	return NULL;
}

void
report_store_close(struct report_store *s)
{
	if (s == NULL)
		return;
	db_close_all(s->db, s->st, ST_N);
	free(s);
}

struct sqlite3 *
report_store_db(struct report_store *s)
{
	return s->db;
}

/* Binds a list of strings from position first; NULL binds NULL. */
static void
bind_texts(sqlite3_stmt *st, int first, const char *const *v, int n)
{
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(st, first + i, v[i], -1, SQLITE_STATIC);
}

static void
rollback(struct report_store_job *job)
{
	if (job->in_tx)
		sqlite3_exec(job->st->db, "ROLLBACK", NULL, NULL, NULL);
	job->in_tx = false;
	job->row = 0;
}

static int
on_header(void *arg, const struct report *r, char *err, size_t errlen)
{
	struct report_store_job *job = arg;
	struct report_store *s = job->st;
	sqlite3_stmt *st = s->st[ST_FIND];
	const char *const meta[] = {
		r->email, r->version, r->policy.domain, r->policy.adkim,
		r->policy.aspf, r->policy.p, r->policy.sp, r->policy.np,
		r->policy.pct, r->policy.fo, r->policy.testing,
		r->policy.discovery_method, job->source,
	};
	int rc;

	rollback(job);
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, "begin", err, errlen);
	job->in_tx = true;
	bind_texts(st, 1, (const char *const[]){ r->org_name, r->report_id }, 2);
	sqlite3_bind_int64(st, 3, r->begin);
	sqlite3_bind_int64(st, 4, r->end);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW) {
		rollback(job);
		job->already = true;
		return REPORT_SINK_STOP;
	}
	if (rc != SQLITE_DONE)
		return db_fail(s, "lookup", err, errlen);
	st = s->st[ST_REPORT];
	bind_texts(st, 1, (const char *const[]){ r->org_name, r->report_id }, 2);
	sqlite3_bind_int64(st, 3, r->begin);
	sqlite3_bind_int64(st, 4, r->end);
	bind_texts(st, 5, meta, (int)(sizeof(meta) / sizeof(meta[0])));
	sqlite3_bind_int64(st, 18, (sqlite3_int64)time(NULL));
	if (db_run(st) < 0)
		return db_fail(s, "insert report", err, errlen);
	job->row = sqlite3_last_insert_rowid(s->db);
	return REPORT_SINK_GO;
}

static int
on_record(void *arg, const struct report *r, const struct report_record *rec,
    char *err, size_t errlen)
{
	struct report_store_job *job = arg;
	struct report_store *s = job->st;
	sqlite3_stmt *st = s->st[ST_RECORD];
	const char *const v[] = {
		rec->disposition, rec->dkim, rec->spf, rec->header_from,
		rec->envelope_from, rec->envelope_to,
	};
	int64_t id;

	(void)r;
	sqlite3_bind_int64(st, 1, job->row);
	sqlite3_bind_text(st, 2, rec->source_ip, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)rec->count);
	bind_texts(st, 4, v, 6);
	if (db_run(st) < 0)
		return db_fail(s, "insert record", err, errlen);
	id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < rec->ndkim_auth; i++) {
		const struct report_dkim *d = &rec->dkim_auth[i];
		st = s->st[ST_DKIM];
		sqlite3_bind_int64(st, 1, id);
		bind_texts(st, 2, (const char *const[]){ d->domain, d->selector,
		    d->result, d->human_result }, 4);
		if (db_run(st) < 0)
			return db_fail(s, "insert dkim result", err, errlen);
	}
	for (size_t i = 0; i < rec->nspf_auth; i++) {
		const struct report_spf *p = &rec->spf_auth[i];
		st = s->st[ST_SPF];
		sqlite3_bind_int64(st, 1, id);
		bind_texts(st, 2, (const char *const[]){ p->domain, p->scope,
		    p->result }, 3);
		if (db_run(st) < 0)
			return db_fail(s, "insert spf result", err, errlen);
	}
	return REPORT_SINK_GO;
}

static void
on_restart(void *arg)
{
	rollback(arg);
}

void
report_store_job_init(struct report_store_job *job, struct report_store *s,
    const char *source, struct report_sink *sink)
{
	memset(job, 0, sizeof(*job));
	job->st = s;
	job->source = source;
	sink->header = on_header;
	sink->record = on_record;
	sink->restart = on_restart;
	sink->arg = job;
}

int
report_store_job_finish(struct report_store_job *job,
    enum report_parse_status status, const struct report *r, char *err,
    size_t errlen)
{
	struct report_store *s = job->st;
	sqlite3_stmt *st = s->st[ST_TOTALS];

	if (status != REPORT_PARSED || !job->in_tx) {
		rollback(job);
		return 0;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)r->record_total);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)r->count_sum);
	sqlite3_bind_int64(st, 3, job->row);
	if (db_run(st) < 0 ||
	    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(s, "commit", err, errlen);
		rollback(job);
		return -1;
	}
	job->in_tx = false;
	return 0;
}

static int
ptr_get(void *arg, const char *ip, int64_t max_age, char *name,
    size_t namelen)
{
	struct report_store *s = arg;
	sqlite3_stmt *st = s->st[ST_PTR_GET];
	int found = 0;

	sqlite3_bind_text(st, 1, ip, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL) - max_age);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		snprintf(name, namelen, "%s", v != NULL ? (const char *)v : "");
		found = 1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return found;
}

static int
ptr_put(void *arg, const char *ip, const char *name)
{
	struct report_store *s = arg;
	sqlite3_stmt *st = s->st[ST_PTR_PUT];

	sqlite3_bind_text(st, 1, ip, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	return db_run(st);
}

/* A batch of answers is one transaction: one fsync, not one per name. */
static void
ptr_begin(void *arg)
{
	struct report_store *s = arg;

	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
}

static void
ptr_end(void *arg)
{
	struct report_store *s = arg;

	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

const struct report_ptr_cache report_store_ptr_cache = {
	.get = ptr_get,
	.put = ptr_put,
	.begin = ptr_begin,
	.end = ptr_end,
};
