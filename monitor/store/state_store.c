/*
 * state_store.c -- findings state, history, events and the alert outbox
 * in the shared SQLite file (see state_store.h). Tables:
 *   state    one row per finding key: confirmed state, latest
 *            observation, pending change, first/last seen, unknown since
 *   history  one row each time a key's observation changed
 *   cycles   one row per committed cycle
 * History, delivered events and their empty cycles older than 180 days
 * are deleted as cycles are committed.
 *   events   what changed, in order (id is the webhook's event_id)
 *   outbox   event x sink: status, attempts, next_try, last_error
 * and the bounces follower's tables (bounce_store.c).
 * The tables are created and migrated by store_schema.c.
 * Each cycle is one IMMEDIATE transaction; SQLite rolls an interrupted
 * one back, so a crash never leaves half a cycle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "monitor/store/bounce_store.h"
#include "monitor/store/db.h"
#include "monitor/store/state_store.h"

/* History and delivered events older than this are deleted. */
#define STATE_KEEP_S	(180 * 86400)

/* Query counts are kept this many days (only today's are used). */
#define STATE_QUERY_DAYS	7

enum stmt {
	ST_LOAD, ST_PUT, ST_HISTORY, ST_CYCLE, ST_EVENT, ST_OUTBOX,
	ST_DUE_FIRST, ST_DUE_CYCLE, ST_MARK, ST_EARLIEST, ST_LIST,
	ST_PRUNE_HISTORY, ST_PRUNE_EVENTS, ST_PRUNE_CYCLES, ST_BACKLOG,
	ST_QUERIES_GET, ST_QUERIES_ADD, ST_PRUNE_QUERIES, ST_LOAD_KEY,
	ST_CYCLE_DONE, ST_N,
};

#define EVENT_COLS "e.id, e.cycle, e.time, e.kind, e.key, e.probe, " \
	"e.target, e.from_state, e.to_state, e.summary, e.detail, e.origin"

static const char *const stmt_sql[ST_N] = {
	[ST_LOAD] = "SELECT key, probe, target, known, state, state_detail, "
	    "last_state, summary, detail, pending_state, pending_detail, "
	    "pending_count, first_seen, last_seen, unknown_since, "
	    "unknown_count, unknown_reported FROM state",
	[ST_PUT] = "INSERT OR REPLACE INTO state (key, probe, target, known, "
	    "state, state_detail, last_state, summary, detail, pending_state, "
	    "pending_detail, pending_count, first_seen, last_seen, "
	    "unknown_since, unknown_count, unknown_reported) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_HISTORY] = "INSERT INTO history (key, time, state, summary, detail)"
	    " VALUES (?, ?, ?, ?, ?)",
	[ST_CYCLE] = "INSERT INTO cycles (time, findings, events) VALUES "
	    "(?, ?, ?)",
	[ST_EVENT] = "INSERT INTO events (cycle, time, kind, key, probe, "
	    "target, from_state, to_state, summary, detail, origin) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_OUTBOX] = "INSERT INTO outbox (event, sink, next_try) VALUES "
	    "(?, ?, ?)",
	/* the last column: when the row was last tried, or made (a row
	 * never tried has next_try = the time it was made); 0 for a row
	 * tried before tried_at was kept */
	[ST_DUE_FIRST] = "SELECT o.next_try, " EVENT_COLS ", o.attempts, "
	    "COALESCE(o.tried_at, CASE o.attempts WHEN 0 THEN o.next_try "
	    "ELSE 0 END) FROM outbox o "
	    "JOIN events e ON e.id = o.event WHERE o.sink = ? AND "
	    "o.status = 0 ORDER BY o.event LIMIT 1",
	[ST_DUE_CYCLE] = "SELECT o.next_try, " EVENT_COLS " FROM outbox o "
	    "JOIN events e ON e.id = o.event WHERE o.sink = ? AND "
	    "o.status = 0 AND e.cycle = ? AND e.id > ? ORDER BY o.event",
	[ST_MARK] = "UPDATE outbox SET status = ?1, attempts = attempts + 1, "
	    "next_try = ?2, sent_at = ?3, last_error = ?4, tried_at = ?7 "
	    "WHERE sink = ?5 AND event = ?6",
	[ST_EARLIEST] = "SELECT MIN(next_try) FROM outbox WHERE status = 0",
	[ST_BACKLOG] = "SELECT sink, COUNT(*) FROM outbox WHERE status = 0 "
	    "GROUP BY sink",
	[ST_LIST] = "SELECT " EVENT_COLS ", o.sink, o.status, o.attempts, "
	    "o.sent_at, o.last_error FROM events e LEFT JOIN outbox o ON "
	    "o.event = e.id WHERE e.time >= ? ORDER BY e.id, o.sink",
	[ST_PRUNE_HISTORY] = "DELETE FROM history WHERE time < ?",
	[ST_PRUNE_EVENTS] = "DELETE FROM events WHERE time < ? AND NOT EXISTS"
	    " (SELECT 1 FROM outbox o WHERE o.event = events.id AND"
	    " o.status = 0)",
	[ST_PRUNE_CYCLES] = "DELETE FROM cycles WHERE time < ? AND NOT EXISTS"
	    " (SELECT 1 FROM events e WHERE e.cycle = cycles.id)",
	[ST_QUERIES_GET] = "SELECT count FROM dnsbl_queries WHERE zone = ? AND"
	    " day = ?",
	[ST_QUERIES_ADD] = "INSERT INTO dnsbl_queries (zone, day, count) VALUES"
	    " (?, ?, ?) ON CONFLICT (zone, day) DO UPDATE SET"
	    " count = count + excluded.count",
	[ST_PRUNE_QUERIES] = "DELETE FROM dnsbl_queries WHERE day < ?",
	[ST_LOAD_KEY] = "SELECT key, probe, target, known, state, state_detail, "
	    "last_state, summary, detail, pending_state, pending_detail, "
	    "pending_count, first_seen, last_seen, unknown_since, "
	    "unknown_count, unknown_reported FROM state WHERE key = ?",
	[ST_CYCLE_DONE] = "UPDATE cycles SET time = ?, findings = findings + ?,"
	    " events = events + ? WHERE id = ?",
};

struct state_store {
	sqlite3		*db;
	sqlite3_stmt	*st[ST_N];
	char		 origin[EVENT_ORIGIN_LEN];	/* of this opening */
	char		*bounces_legacy;	/* removed after the next commit */
	int64_t		 open_cycle;	/* cycles.id of stored batches, or 0 */
};

static int
store_fail(struct state_store *s, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "state database: %s: %s", what,
	    sqlite3_errmsg(s->db));
	return -1;
}

struct state_store *
state_store_open(const char *path, char *err, size_t errlen)
{
	struct state_store *s = calloc(1, sizeof(*s));
	unsigned char origin[(EVENT_ORIGIN_LEN - 1) / 2];

	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if ((s->db = db_open_prepared(path, stmt_sql, s->st, ST_N,
	    err, errlen)) == NULL) {
		state_store_close(s);
		return NULL;
	}
	/* the events this opening makes carry it: ids never repeat */
	arc4random_buf(origin, sizeof(origin));
	for (size_t i = 0; i < sizeof(origin); i++)
		snprintf(s->origin + 2 * i, 3, "%02x", origin[i]);
	return s;
}

void
state_store_close(struct state_store *s)
{
	if (s == NULL)
		return;
	db_close_all(s->db, s->st, ST_N);
	free(s->bounces_legacy);
	free(s);
}

int
state_store_checkpoint(struct state_store *s)
{
	return sqlite3_wal_checkpoint_v2(s->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

/* Appends the entry in st's current row (ST_LOAD's columns) to out. */
static int
row_entry(sqlite3_stmt *st, struct state_entries *out)
{
	struct state_entry e = {
		.key = (char *)col_text(st, 0),
		.probe = (char *)col_text(st, 1),
		.target = (char *)col_text(st, 2),
		.known = sqlite3_column_int(st, 3) != 0,
		.state = (enum finding_state)sqlite3_column_int(st, 4),
		.state_detail = (char *)col_text(st, 5),
		.last_state = (enum finding_state)sqlite3_column_int(st, 6),
		.summary = (char *)col_text(st, 7),
		.detail = (char *)col_text(st, 8),
		.has_pending = sqlite3_column_type(st, 9) != SQLITE_NULL,
		.pending_state = (enum finding_state)sqlite3_column_int(st, 9),
		.pending_detail = (char *)col_text(st, 10),
		.pending_count = (unsigned)sqlite3_column_int(st, 11),
		.first_seen = sqlite3_column_int64(st, 12),
		.last_seen = sqlite3_column_int64(st, 13),
		.unknown_since = sqlite3_column_int64(st, 14),
		.unknown_count = (unsigned)sqlite3_column_int(st, 15),
		.unknown_reported = sqlite3_column_int(st, 16) != 0,
	};

	return state_entries_add(out, &e) != NULL ? 0 : -1;
}

int
state_store_load(struct state_store *s, struct state_entries *out, char *err,
    size_t errlen)
{
	sqlite3_stmt *st = s->st[ST_LOAD];
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (row_entry(st, out) == -1) {
			sqlite3_reset(st);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "load", err, errlen);
}

int
state_store_load_keys(struct state_store *s, const struct finding_list *keys,
    struct state_entries *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[ST_LOAD_KEY];
	int rc = SQLITE_DONE;

	for (size_t i = 0; i < keys->n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_text(st, 1, keys->v[i].key, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (row_entry(st, out) == -1) {
				sqlite3_reset(st);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			rc = SQLITE_DONE;
		}
		sqlite3_reset(st);
	}
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "load", err, errlen);
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v != NULL ? v : "", -1, SQLITE_STATIC);
}

static int
put_entry(struct state_store *s, int64_t now, const struct state_entry *e)
{
	sqlite3_stmt *st = s->st[ST_PUT];

	bind_text(st, 1, e->key);
	bind_text(st, 2, e->probe);
	bind_text(st, 3, e->target);
	sqlite3_bind_int(st, 4, e->known);
	sqlite3_bind_int(st, 5, (int)e->state);
	bind_text(st, 6, e->state_detail);
	sqlite3_bind_int(st, 7, (int)e->last_state);
	bind_text(st, 8, e->summary);
	bind_text(st, 9, e->detail);
	if (e->has_pending)
		sqlite3_bind_int(st, 10, (int)e->pending_state);
	bind_text(st, 11, e->pending_detail);
	sqlite3_bind_int(st, 12, (int)e->pending_count);
	sqlite3_bind_int64(st, 13, e->first_seen);
	sqlite3_bind_int64(st, 14, e->last_seen);
	sqlite3_bind_int64(st, 15, e->unknown_since);
	sqlite3_bind_int(st, 16, (int)e->unknown_count);
	sqlite3_bind_int(st, 17, e->unknown_reported);
	if (db_run(st) == -1)
		return -1;
	if (!e->observed_changed)
		return 0;
	st = s->st[ST_HISTORY];
	bind_text(st, 1, e->key);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, (int)e->last_state);
	bind_text(st, 4, e->summary);
	bind_text(st, 5, e->detail);
	return db_run(st);
}

static int
put_event(struct state_store *s, int64_t cycle, struct event *ev,
    const struct state_sink *sinks, size_t nsinks, int64_t now)
{
	sqlite3_stmt *st = s->st[ST_EVENT];

	ev->cycle = cycle;
	sqlite3_bind_int64(st, 1, cycle);
	sqlite3_bind_int64(st, 2, ev->time);
	sqlite3_bind_int(st, 3, (int)ev->kind);
	bind_text(st, 4, ev->key);
	bind_text(st, 5, ev->probe);
	bind_text(st, 6, ev->target);
	if (!ev->from_none)
		sqlite3_bind_int(st, 7, (int)ev->from);
	sqlite3_bind_int(st, 8, (int)ev->to);
	bind_text(st, 9, ev->summary);
	bind_text(st, 10, ev->detail);
	bind_text(st, 11, s->origin);
	if (db_run(st) == -1)
		return -1;
	ev->id = sqlite3_last_insert_rowid(s->db);
	memcpy(ev->origin, s->origin, sizeof(ev->origin));
	st = s->st[ST_OUTBOX];
	for (size_t i = 0; i < nsinks; i++) {
		if (sinks[i].wants != NULL && !sinks[i].wants(sinks[i].arg, ev))
			continue;
		sqlite3_bind_int64(st, 1, ev->id);
		bind_text(st, 2, sinks[i].name);
		sqlite3_bind_int64(st, 3, now);
		if (db_run(st) == -1)
			return -1;
	}
	return 0;
}

/* The UTC day of t, "2026-11-23": buf needs 11 bytes. */
static void
utc_day(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, len, "%Y-%m-%d",
	    &tm) == 0)
		snprintf(buf, len, "0000-00-00");
}

static int
prune(struct state_store *s, int64_t now)
{
	char day[16];

	utc_day(now - STATE_QUERY_DAYS * 86400, day, sizeof(day));
	sqlite3_bind_int64(s->st[ST_PRUNE_HISTORY], 1, now - STATE_KEEP_S);
	sqlite3_bind_int64(s->st[ST_PRUNE_EVENTS], 1, now - STATE_KEEP_S);
	sqlite3_bind_int64(s->st[ST_PRUNE_CYCLES], 1, now - STATE_KEEP_S);
	sqlite3_bind_text(s->st[ST_PRUNE_QUERIES], 1, day, -1, SQLITE_TRANSIENT);
	return db_run(s->st[ST_PRUNE_HISTORY]) == -1 ||
	    db_run(s->st[ST_PRUNE_EVENTS]) == -1 ||
	    db_run(s->st[ST_PRUNE_CYCLES]) == -1 ||
	    db_run(s->st[ST_PRUNE_QUERIES]) == -1 ? -1 : 0;
}

/* Adds a cycle's DNSBL queries to their zones' counts for now's UTC day. */
static int
put_queries(struct state_store *s, int64_t now,
    const struct state_query_count *q, size_t nq)
{
	sqlite3_stmt *st = s->st[ST_QUERIES_ADD];
	char day[16];

	utc_day(now, day, sizeof(day));
	for (size_t i = 0; i < nq; i++) {
		if (q[i].n == 0)
			continue;
		bind_text(st, 1, q[i].zone);
		sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, (int64_t)q[i].n);
		if (db_run(st) == -1)
			return -1;
	}
	return 0;
}

int
state_store_queries_today(struct state_store *s, const char *zone,
    int64_t now, uint64_t *count, char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[ST_QUERIES_GET];
	char day[16];
	int rc;

	utc_day(now, day, sizeof(day));
	bind_text(st, 1, zone);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	*count = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*count = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "query counts", err, errlen);
	return 0;
}

/* The text file of earlier versions is in the database now: remove it. */
static void
bounces_legacy_done(struct state_store *s)
{
	if (s->bounces_legacy == NULL)
		return;
	unlink(s->bounces_legacy);
	free(s->bounces_legacy);
	s->bounces_legacy = NULL;
}

int
state_store_bounces_load(struct state_store *s, const char *legacy,
    struct bounce_follow *f, char *err, size_t errlen)
{
	bool any;

	if (bounce_store_load(s->db, f, &any, err, errlen) == -1)
		return -1;
	if (legacy == NULL || access(legacy, F_OK) == -1)
		return 0;
	free(s->bounces_legacy);
	if ((s->bounces_legacy = strdup(legacy)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (any) {
		/* stored by a cycle that could not remove the file after */
		bounces_legacy_done(s);
		return 0;
	}
	/* a damaged file is removed all the same once the state is stored */
	return bounce_follow_load_file(f, legacy, err, errlen);
}

void
state_store_cycle_done(struct state_store *s)
{
	if (s != NULL)
		s->open_cycle = 0;
}

int
state_store_batch(struct state_store *s, int64_t now,
    const struct state_entries *next, struct event_list *events,
    const struct state_sink *sinks, size_t nsinks, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	const char *what = "begin";
	bool made = false;

	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return store_fail(s, what, err, errlen);
	what = "cycle";
	if (s->open_cycle == 0) {
		st = s->st[ST_CYCLE];
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, 0);
		sqlite3_bind_int64(st, 3, 0);
		if (db_run(st) == -1)
			goto fail;
		s->open_cycle = sqlite3_last_insert_rowid(s->db);
		made = true;
	}
	st = s->st[ST_CYCLE_DONE];
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (int64_t)next->n);
	sqlite3_bind_int64(st, 3, (int64_t)events->n);
	sqlite3_bind_int64(st, 4, s->open_cycle);
	if (db_run(st) == -1)
		goto fail;
	what = "state";
	for (size_t i = 0; i < next->n; i++)
		if (put_entry(s, now, &next->v[i]) == -1)
			goto fail;
	what = "events";
	for (size_t i = 0; i < events->n; i++)
		if (put_event(s, s->open_cycle, &events->v[i], sinks, nsinks,
		    now) == -1)
			goto fail;
	what = "commit";
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	store_fail(s, what, err, errlen);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (made)
		s->open_cycle = 0;
	for (size_t i = 0; i < events->n; i++)
		events->v[i].id = events->v[i].cycle = 0;
	return -1;
}

int
state_store_commit(struct state_store *s, int64_t now,
    const struct state_entries *next, struct event_list *events,
    const struct state_sink *sinks, size_t nsinks,
    const struct state_query_count *queries, size_t nqueries,
    const struct bounce_follow *bounces, char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[ST_CYCLE];
	int64_t cycle;
	const char *what = "begin";

	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return store_fail(s, what, err, errlen);
	what = "cycle";
	if ((cycle = s->open_cycle) != 0) {
		/* the batches stored the rest of this cycle */
		st = s->st[ST_CYCLE_DONE];
		sqlite3_bind_int64(st, 4, cycle);
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (int64_t)next->n);
	sqlite3_bind_int64(st, 3, (int64_t)events->n);
	if (db_run(st) == -1)
		goto fail;
	if (cycle == 0)
		cycle = sqlite3_last_insert_rowid(s->db);
	what = "state";
	for (size_t i = 0; i < next->n; i++)
		if (put_entry(s, now, &next->v[i]) == -1)
			goto fail;
	what = "events";
	for (size_t i = 0; i < events->n; i++)
		if (put_event(s, cycle, &events->v[i], sinks, nsinks, now) == -1)
			goto fail;
	what = "query counts";
	if (put_queries(s, now, queries, nqueries) == -1)
		goto fail;
	what = "bounces";
	if (bounces != NULL && bounce_store_put(s->db, bounces, now) == -1)
		goto fail;
	what = "prune";
	if (prune(s, now) == -1)
		goto fail;
	what = "commit";
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (bounces != NULL)
		bounces_legacy_done(s);
	s->open_cycle = 0;
	return 0;
fail:
	store_fail(s, what, err, errlen);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	for (size_t i = 0; i < events->n; i++)
		events->v[i].id = events->v[i].cycle = 0;
	return -1;
}

/* Reads an event from columns first.. (EVENT_COLS order). */
static struct event
row_event(sqlite3_stmt *st, int first)
{
	struct event e = {
		.id = sqlite3_column_int64(st, first),
		.cycle = sqlite3_column_int64(st, first + 1),
		.time = sqlite3_column_int64(st, first + 2),
		.kind = (enum event_kind)sqlite3_column_int(st, first + 3),
		.key = (char *)col_text(st, first + 4),
		.probe = (char *)col_text(st, first + 5),
		.target = (char *)col_text(st, first + 6),
		.from_none = sqlite3_column_type(st, first + 7) == SQLITE_NULL,
		.from = (enum finding_state)sqlite3_column_int(st, first + 7),
		.to = (enum finding_state)sqlite3_column_int(st, first + 8),
		.summary = (char *)col_text(st, first + 9),
		.detail = (char *)col_text(st, first + 10),
	};

	snprintf(e.origin, sizeof(e.origin), "%s", col_text(st, first + 11));
	return e;
}

int
state_store_outbox_due(struct state_store *s, const char *sink, int64_t now,
    bool whole_cycle, struct event_list *out, int64_t *next_try, int *attempts,
    char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[ST_DUE_FIRST];
	struct event first;
	int rc, n = 0;

	*next_try = 0;
	*attempts = 0;
	bind_text(st, 1, sink);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return rc == SQLITE_DONE ? 0 : store_fail(s, "outbox", err,
		    errlen);
	}
	*next_try = sqlite3_column_int64(st, 0);
	*attempts = sqlite3_column_int(st, 13);
	first = row_event(st, 1);
	/* made or tried "after" now: the clock stepped back since (NTP
	 * fixing a clock that ran ahead); due now rather than hours later */
	if (*next_try > now && sqlite3_column_int64(st, 14) <= now) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return 0;
	}
	if (event_list_add(out, &first) == NULL)
		goto oom;
	n++;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!whole_cycle)
		return n;
	st = s->st[ST_DUE_CYCLE];
	bind_text(st, 1, sink);
	sqlite3_bind_int64(st, 2, out->v[out->n - 1].cycle);
	sqlite3_bind_int64(st, 3, out->v[out->n - 1].id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct event e = row_event(st, 1);
		if (event_list_add(out, &e) == NULL)
			goto oom;
		n++;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? n : store_fail(s, "outbox", err, errlen);
oom:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	snprintf(err, errlen, "out of memory");
	return -1;
}

int
state_store_outbox_mark(struct state_store *s, const char *sink,
    const struct event_list *events, enum outbox_status status, int64_t now,
    int64_t next_try, const char *error, char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[ST_MARK];

	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return store_fail(s, "begin", err, errlen);
	for (size_t i = 0; i < events->n; i++) {
		sqlite3_bind_int(st, 1, (int)status);
		sqlite3_bind_int64(st, 2, next_try);
		if (status == OUTBOX_SENT)
			sqlite3_bind_int64(st, 3, now);
		if (error != NULL)
			bind_text(st, 4, error);
		bind_text(st, 5, sink);
		sqlite3_bind_int64(st, 6, events->v[i].id);
		sqlite3_bind_int64(st, 7, now);
		if (db_run(st) == -1) {
			store_fail(s, "outbox", err, errlen);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, "commit", err, errlen);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int64_t
state_store_outbox_earliest(struct state_store *s)
{
	sqlite3_stmt *st = s->st[ST_EARLIEST];
	int64_t t = 0;

	if (sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return t;
}

int
state_store_outbox_backlog(struct state_store *s,
    void (*each)(void *arg, const char *sink, int64_t n), void *arg)
{
	sqlite3_stmt *st = s->st[ST_BACKLOG];
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		each(arg, col_text(st, 0), sqlite3_column_int64(st, 1));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char *const outbox_status_names[] = {
	[OUTBOX_PENDING] = "pending",
	[OUTBOX_SENT] = "sent",
	[OUTBOX_FAILED] = "failed",
};

int
state_store_events(struct state_store *s, int64_t since,
    void (*fn)(void *, const struct state_event_row *), void *arg,
    char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[ST_LIST];
	int rc;

	sqlite3_bind_int64(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct event e = row_event(st, 0);
		int status = sqlite3_column_int(st, 13);
		struct state_event_row r = {
			.ev = &e,
			.sink = sqlite3_column_type(st, 12) == SQLITE_NULL ?
			    NULL : col_text(st, 12),
			.status = outbox_status_names[status >= 0 && status <=
			    OUTBOX_FAILED ? status : 0],
			.attempts = sqlite3_column_int(st, 14),
			.sent_at = sqlite3_column_int64(st, 15),
			.last_error = sqlite3_column_type(st, 16) ==
			    SQLITE_NULL ? NULL : col_text(st, 16),
		};
		fn(arg, &r);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "events", err, errlen);
}
