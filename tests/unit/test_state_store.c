/*
 * test_state_store.c -- the state store on a real SQLite file: a cycle
 * is one transaction (a failing cycle writes nothing; a large one's
 * batches add up to one cycle row, each loading its own keys), state survives a
 * reopen, events get increasing ids, the outbox hands out events in
 * order per sink (whole cycles for mail), honours next_try and records
 * attempts; filters decide which sinks get a row; old delivered events
 * are pruned, undelivered ones kept; DNSBL query counts per zone and
 * UTC day add up across cycles and reopens; a file made by the schema
 * before versions were kept (tests/data/store/state-v0.sql) opens and is
 * brought up to date once, keeping its rows; a file from a newer
 * sendwatch is refused with the versions named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "monitor/store/report_store.h"
#include "monitor/store/state_store.h"
#include "monitor/store/store_schema.h"

struct fixture {
	char	 dir[64];
	char	 path[128];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/sw-state-XXXXXX");
	if (f == NULL || mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/state.db", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char p[200];
	const char *const suffix[] = { "", "-wal", "-shm" };

	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
add_entry(struct state_entries *l, const char *key, enum finding_state st,
    bool changed)
{
	struct state_entry e = {
		.key = (char *)key, .probe = "dnsbl", .target = "192.0.2.10",
		.known = true, .state = st, .state_detail = "127.0.0.2",
		.last_state = st, .summary = "summary", .detail = "detail",
		.has_pending = st == FINDING_OK, .pending_state = FINDING_CRITICAL,
		.pending_detail = "pd", .pending_count = 1,
		.first_seen = 100, .last_seen = 200, .unknown_since = 0,
		.unknown_count = 0, .observed_changed = changed,
	};
	assert_non_null(state_entries_add(l, &e));
}

static void
add_event(struct event_list *l, const char *key, enum finding_state to)
{
	struct event e = {
		.time = 1000, .kind = EVENT_CHANGE, .key = (char *)key,
		.probe = "dnsbl", .target = "192.0.2.10", .from = FINDING_OK,
		.to = to, .summary = "listed", .detail = "fix it",
	};
	assert_non_null(event_list_add(l, &e));
}

static bool
only_critical(const void *arg, const struct event *e)
{
	(void)arg;
	return e->to == FINDING_CRITICAL;
}

static const struct state_sink sinks[] = {
	{ "hook", NULL, NULL },
	{ "mail", only_critical, NULL },
};

/* state_store_outbox_backlog: the sum over every sink */
static void
sum_backlog(void *arg, const char *sink, int64_t n)
{
	(void)sink;
	*(int64_t *)arg += n;
}

/* state_store_outbox_backlog: "sink=n " per sink */
static void
list_backlog(void *arg, const char *sink, int64_t n)
{
	char *buf = arg;
	size_t len = strlen(buf);

	snprintf(buf + len, 128 - len, "%s=%lld ", sink, (long long)n);
}

static int
count_rows(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/*
 * A large cycle in batches: two batches and the commit are one cycle row
 * whose counts add up, their events share its id, and a batch loads the
 * stored entries of its own keys only.
 */
static void
test_state_store_batches_make_one_cycle(void **state)
{
	struct fixture *f = *state;
	struct state_store *s;
	struct state_entries b1 = { 0 }, b2 = { 0 }, rest = { 0 },
	    loaded = { 0 };
	struct event_list e1 = { 0 }, e2 = { 0 }, none = { 0 };
	struct finding_list keys = { 0 };
	char err[256];

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	add_entry(&b1, "dnsbl/a/192.0.2.1", FINDING_OK, true);
	add_entry(&b1, "dnsbl/a/192.0.2.2", FINDING_CRITICAL, true);
	add_event(&e1, "dnsbl/a/192.0.2.2", FINDING_CRITICAL);
	add_entry(&b2, "dnsbl/a/192.0.2.3", FINDING_OK, true);
	add_event(&e2, "dnsbl/a/192.0.2.3", FINDING_WARNING);
	add_entry(&rest, "dnsbl-health/a", FINDING_OK, true);
	assert_int_equal(state_store_batch(s, 1000, &b1, &e1, sinks, 2, err,
	    sizeof(err)), 0);
	assert_int_equal(state_store_batch(s, 1000, &b2, &e2, sinks, 2, err,
	    sizeof(err)), 0);
	assert_int_equal(state_store_commit(s, 1000, &rest, &none, sinks, 2,
	    NULL, 0, NULL, err, sizeof(err)), 0);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM cycles"), 1);
	assert_int_equal(count_rows(f->path, "SELECT findings FROM cycles"), 4);
	assert_int_equal(count_rows(f->path, "SELECT events FROM cycles"), 2);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM state"), 4);
	assert_int_equal(e1.v[0].cycle, e2.v[0].cycle);
	assert_true(e1.v[0].cycle > 0);

	/* the next cycle is a row of its own */
	assert_int_equal(state_store_commit(s, 2000, &rest, &none, sinks, 2,
	    NULL, 0, NULL, err, sizeof(err)), 0);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM cycles"), 2);

	assert_non_null(finding_list_add(&keys, "dnsbl/a/192.0.2.2", "dnsbl",
	    "192.0.2.2", FINDING_OK, "s", NULL));
	assert_non_null(finding_list_add(&keys, "dnsbl/a/192.0.2.9", "dnsbl",
	    "192.0.2.9", FINDING_OK, "s", NULL));
	assert_int_equal(state_store_load_keys(s, &keys, &loaded, err,
	    sizeof(err)), 0);
	assert_int_equal(loaded.n, 1);
	assert_string_equal(loaded.v[0].key, "dnsbl/a/192.0.2.2");
	assert_int_equal(loaded.v[0].state, FINDING_CRITICAL);
	state_store_close(s);
	finding_list_free(&keys);
	state_entries_free(&loaded);
	state_entries_free(&b1);
	state_entries_free(&b2);
	state_entries_free(&rest);
	event_list_free(&e1);
	event_list_free(&e2);
}

static void
test_state_store_survives_reopen(void **state)
{
	struct fixture *f = *state;
	struct state_store *s;
	struct state_entries next = { 0 }, loaded = { 0 };
	struct event_list ev = { 0 };
	char err[256];

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	add_entry(&next, "dnsbl/a/192.0.2.10", FINDING_OK, true);
	add_entry(&next, "dnsbl/b/192.0.2.10", FINDING_CRITICAL, false);
	add_event(&ev, "dnsbl/b/192.0.2.10", FINDING_CRITICAL);
	add_event(&ev, "dnsbl/c/192.0.2.10", FINDING_WARNING);
	assert_int_equal(state_store_commit(s, 1000, &next, &ev, sinks, 2,
	    NULL, 0, NULL, err, sizeof(err)), 0);
	assert_true(ev.v[0].id > 0);
	assert_true(ev.v[1].id > ev.v[0].id);
	assert_int_equal(ev.v[0].cycle, ev.v[1].cycle);
	state_store_close(s);

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	assert_int_equal(state_store_load(s, &loaded, err, sizeof(err)), 0);
	assert_int_equal(loaded.n, 2);
	state_entries_sort(&loaded);
	assert_string_equal(loaded.v[0].key, "dnsbl/a/192.0.2.10");
	assert_true(loaded.v[0].has_pending);
	assert_int_equal(loaded.v[0].pending_state, FINDING_CRITICAL);
	assert_string_equal(loaded.v[0].pending_detail, "pd");
	assert_int_equal(loaded.v[0].first_seen, 100);
	assert_int_equal(loaded.v[1].state, FINDING_CRITICAL);
	assert_false(loaded.v[1].has_pending);
	assert_string_equal(loaded.v[1].state_detail, "127.0.0.2");
	state_store_close(s);
	/* history only for the observation that changed; outbox filtered */
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM history"), 1);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM outbox"
	    " WHERE sink = 'hook'"), 2);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM outbox"
	    " WHERE sink = 'mail'"), 1);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM"
	    " pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
	state_entries_free(&next);
	state_entries_free(&loaded);
	event_list_free(&ev);
}

static void
test_state_store_failed_cycle_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct state_store *s;
	struct state_entries next = { 0 }, loaded = { 0 };
	struct event_list ev = { 0 };
	/* the same sink twice: the second outbox row violates the key */
	const struct state_sink twice[] = { { "hook", NULL, NULL },
	    { "hook", NULL, NULL } };
	const struct state_query_count q[] = { { "bl.lab.test", 4 } };
	char err[256];

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	add_entry(&next, "dnsbl/a/192.0.2.10", FINDING_CRITICAL, true);
	add_event(&ev, "dnsbl/a/192.0.2.10", FINDING_CRITICAL);
	assert_int_equal(state_store_commit(s, 1000, &next, &ev, twice, 2,
	    q, 1, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "state database: events"));
	assert_int_equal(ev.v[0].id, 0);
	assert_int_equal(state_store_load(s, &loaded, err, sizeof(err)), 0);
	assert_int_equal(loaded.n, 0);
	state_store_close(s);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM events"), 0);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM history"), 0);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM cycles"), 0);
	assert_int_equal(count_rows(f->path,
	    "SELECT COUNT(*) FROM dnsbl_queries"), 0);
	state_entries_free(&next);
	event_list_free(&ev);
}

/* The queries of one zone today: summed over cycles, kept over a reopen,
 * a new count from 00:00 UTC, old days dropped after a week. */
static void
test_state_store_counts_queries_per_utc_day(void **state)
{
	struct fixture *f = *state;
	struct state_store *s;
	struct state_entries none = { 0 };
	struct event_list ev = { 0 };
	const int64_t morning = 1795428000;	/* 2026-11-23T10:00:00Z */
	const int64_t last_second = 1795478399;	/* 2026-11-23T23:59:59Z */
	const struct state_query_count c1[] = { { "bl.lab.test", 4 },
	    { "other.lab.test", 0 } };
	const struct state_query_count c2[] = { { "bl.lab.test", 5 },
	    { "other.lab.test", 3 } };
	uint64_t n = 99;
	char err[256];

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	assert_int_equal(state_store_queries_today(s, "bl.lab.test", morning,
	    &n, err, sizeof(err)), 0);
	assert_int_equal(n, 0);
	assert_int_equal(state_store_commit(s, morning, &none, &ev, NULL, 0,
	    c1, 2, NULL, err, sizeof(err)), 0);
	assert_int_equal(state_store_commit(s, morning + 60, &none, &ev, NULL, 0,
	    c2, 2, NULL, err, sizeof(err)), 0);
	state_store_close(s);

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	assert_int_equal(state_store_queries_today(s, "bl.lab.test",
	    last_second, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 9);
	assert_int_equal(state_store_queries_today(s, "other.lab.test",
	    morning, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	/* the next UTC day starts from nothing */
	assert_int_equal(state_store_queries_today(s, "bl.lab.test",
	    last_second + 1, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 0);
	assert_int_equal(state_store_commit(s, last_second + 1, &none, &ev,
	    NULL, 0, c1, 1, NULL, err, sizeof(err)), 0);
	assert_int_equal(state_store_queries_today(s, "bl.lab.test",
	    last_second + 1, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 4);
	assert_int_equal(state_store_queries_today(s, "bl.lab.test", morning,
	    &n, err, sizeof(err)), 0);
	assert_int_equal(n, 9);
	/* eight days on, the first day's counts are gone */
	assert_int_equal(state_store_commit(s, morning + 8 * 86400, &none, &ev,
	    NULL, 0, NULL, 0, NULL, err, sizeof(err)), 0);
	state_store_close(s);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM dnsbl_queries"
	    " WHERE day = '2026-11-23'"), 0);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM dnsbl_queries"
	    " WHERE day = '2026-11-24'"), 1);
}

static void
test_state_store_outbox_in_order_with_retries(void **state)
{
	struct fixture *f = *state;
	struct state_store *s;
	struct state_entries none = { 0 };
	struct event_list ev1 = { 0 }, ev2 = { 0 }, due = { 0 };
	int64_t next_try;
	int attempts;
	char err[256], backlog[128] = "";

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	add_event(&ev1, "k1", FINDING_CRITICAL);
	add_event(&ev1, "k2", FINDING_CRITICAL);
	add_event(&ev2, "k3", FINDING_CRITICAL);
	assert_int_equal(state_store_commit(s, 1000, &none, &ev1, sinks, 2,
	    NULL, 0, NULL, err, sizeof(err)), 0);
	assert_int_equal(state_store_commit(s, 1010, &none, &ev2, sinks, 2,
	    NULL, 0, NULL, err, sizeof(err)), 0);
	assert_int_equal(state_store_outbox_earliest(s), 1000);

	/* webhook-like: one at a time, oldest first */
	assert_int_equal(state_store_outbox_due(s, "hook", 1020, false, &due,
	    &next_try, &attempts, err, sizeof(err)), 1);
	assert_string_equal(due.v[0].key, "k1");
	assert_string_equal(due.v[0].detail, "fix it");
	/* a failed try: nothing is due before next_try, not even k2 */
	assert_int_equal(state_store_outbox_mark(s, "hook", &due,
	    OUTBOX_PENDING, 1020, 1050, "connection refused", err,
	    sizeof(err)), 0);
	event_list_free(&due);
	assert_int_equal(state_store_outbox_due(s, "hook", 1030, false, &due,
	    &next_try, &attempts, err, sizeof(err)), 0);
	assert_int_equal(next_try, 1050);
	assert_int_equal(state_store_outbox_due(s, "hook", 1050, false, &due,
	    &next_try, &attempts, err, sizeof(err)), 1);
	assert_string_equal(due.v[0].key, "k1");
	assert_int_equal(attempts, 1);
	assert_int_equal(state_store_outbox_mark(s, "hook", &due, OUTBOX_SENT,
	    1050, 0, NULL, err, sizeof(err)), 0);
	event_list_free(&due);
	assert_int_equal(state_store_outbox_due(s, "hook", 1050, false, &due,
	    &next_try, &attempts, err, sizeof(err)), 1);
	assert_string_equal(due.v[0].key, "k2");
	event_list_free(&due);

	/* mail-like: the whole first cycle, then the next */
	assert_int_equal(state_store_outbox_due(s, "mail", 1050, true, &due,
	    &next_try, &attempts, err, sizeof(err)), 2);
	assert_string_equal(due.v[1].key, "k2");
	assert_int_equal(state_store_outbox_mark(s, "mail", &due, OUTBOX_SENT,
	    1050, 0, NULL, err, sizeof(err)), 0);
	event_list_free(&due);
	assert_int_equal(state_store_outbox_due(s, "mail", 1050, true, &due,
	    &next_try, &attempts, err, sizeof(err)), 1);
	assert_string_equal(due.v[0].key, "k3");
	assert_int_equal(state_store_outbox_mark(s, "mail", &due,
	    OUTBOX_FAILED, 1050, 0, "550 refused", err, sizeof(err)), 0);
	event_list_free(&due);
	assert_int_equal(state_store_outbox_due(s, "mail", 1050, true, &due,
	    &next_try, &attempts, err, sizeof(err)), 0);
	assert_int_equal(next_try, 0);
	/* per sink: k2 and k3 wait for the hook, nothing for the mail */
	assert_int_equal(state_store_outbox_backlog(s, list_backlog, backlog),
	    0);
	assert_string_equal(backlog, "hook=2 ");
	state_store_close(s);
	assert_int_equal(count_rows(f->path, "SELECT attempts FROM outbox"
	    " WHERE sink = 'hook' AND event = 1"), 2);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM outbox"
	    " WHERE status = 1 AND sent_at = 1050"), 3);
	event_list_free(&ev1);
	event_list_free(&ev2);
}

/*
 * The clock stepped back a day (NTP fixing a clock that ran ahead):
 * events made or tried "tomorrow" are due now, not once the clock
 * catches up; a retry the receiver asked for in the future still waits.
 */
static void
test_state_store_outbox_clock_stepped_back(void **state)
{
	struct fixture *f = *state;
	struct state_store *s;
	struct state_entries none = { 0 };
	struct event_list ev = { 0 }, due = { 0 };
	const int64_t ahead = 200000, now = ahead - 86400;
	int64_t next_try;
	int attempts;
	char err[256];

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	add_event(&ev, "k1", FINDING_CRITICAL);
	add_event(&ev, "k2", FINDING_CRITICAL);
	assert_int_equal(state_store_commit(s, ahead, &none, &ev, sinks, 2,
	    NULL, 0, NULL, err, sizeof(err)), 0);
	/* made a day "later": due at once */
	assert_int_equal(state_store_outbox_due(s, "hook", now, false, &due,
	    &next_try, &attempts, err, sizeof(err)), 1);
	assert_string_equal(due.v[0].key, "k1");
	assert_int_equal(attempts, 0);
	/* tried a day "later", retry 30 s after that: due at once */
	assert_int_equal(state_store_outbox_mark(s, "hook", &due,
	    OUTBOX_PENDING, ahead, ahead + 30, "connection refused", err,
	    sizeof(err)), 0);
	event_list_free(&due);
	assert_int_equal(state_store_outbox_due(s, "hook", now, false, &due,
	    &next_try, &attempts, err, sizeof(err)), 1);
	assert_string_equal(due.v[0].key, "k1");
	assert_int_equal(attempts, 1);
	/* tried now, retry in 30 s: it waits, as before */
	assert_int_equal(state_store_outbox_mark(s, "hook", &due,
	    OUTBOX_PENDING, now, now + 30, "connection refused", err,
	    sizeof(err)), 0);
	event_list_free(&due);
	assert_int_equal(state_store_outbox_due(s, "hook", now + 10, false,
	    &due, &next_try, &attempts, err, sizeof(err)), 0);
	assert_int_equal(next_try, now + 30);
	assert_int_equal(state_store_outbox_due(s, "hook", now + 30, false,
	    &due, &next_try, &attempts, err, sizeof(err)), 1);
	event_list_free(&due);
	state_store_close(s);
	event_list_free(&ev);
}

static void
count_row(void *arg, const struct state_event_row *r)
{
	int *n = arg;

	if (r->sink != NULL && strcmp(r->sink, "hook") == 0 &&
	    strcmp(r->status, "pending") == 0)
		(*n)++;
}

static void
test_state_store_lists_events_since(void **state)
{
	struct fixture *f = *state;
	struct state_store *s;
	struct state_entries none = { 0 };
	struct event_list ev = { 0 };
	char err[256];
	int n = 0;

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	add_event(&ev, "k1", FINDING_WARNING);
	ev.v[0].time = 500;
	add_event(&ev, "k2", FINDING_WARNING);
	assert_int_equal(state_store_commit(s, 1000, &none, &ev, sinks, 2,
	    NULL, 0, NULL, err, sizeof(err)), 0);
	assert_int_equal(state_store_events(s, 900, count_row, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(state_store_events(s, 0, count_row, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 2);
	state_store_close(s);
	event_list_free(&ev);
}

static void
test_state_store_prunes_old_delivered_events(void **state)
{
	struct fixture *f = *state;
	struct state_store *s;
	struct state_entries next = { 0 }, none = { 0 };
	struct event_list ev = { 0 }, due = { 0 }, later = { 0 };
	const struct state_sink hook[] = { { "hook", NULL, NULL } };
	int64_t next_try, month = 30 * 86400;
	int attempts;
	char err[256];

	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	add_entry(&next, "k1", FINDING_CRITICAL, true);
	add_event(&ev, "k1", FINDING_CRITICAL);
	add_event(&ev, "k2", FINDING_CRITICAL);
	assert_int_equal(state_store_commit(s, 1000, &next, &ev, hook, 1, NULL,
	    0, NULL, err, sizeof(err)), 0);
	assert_int_equal(state_store_outbox_due(s, "hook", 1000, false, &due,
	    &next_try, &attempts, err, sizeof(err)), 1);
	assert_int_equal(state_store_outbox_mark(s, "hook", &due, OUTBOX_SENT,
	    1000, 0, NULL, err, sizeof(err)), 0);
	assert_int_equal(state_store_commit(s, 2000, &none, &later, hook, 1,
	    NULL, 0, NULL, err, sizeof(err)), 0);	/* a cycle without events */
	/* five months on: kept */
	assert_int_equal(state_store_commit(s, 1000 + 5 * month, &none, &later,
	    hook, 1, NULL, 0, NULL, err, sizeof(err)), 0);
	state_store_close(s);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM events"), 2);
	/* seven months on: the delivered event, its history and the old
	 * empty cycle go; the undelivered one stays, with its cycle */
	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	assert_int_equal(state_store_commit(s, 1000 + 7 * month, &none, &later,
	    hook, 1, NULL, 0, NULL, err, sizeof(err)), 0);
	state_store_close(s);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM events"), 1);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM events"
	    " WHERE key = 'k2'"), 1);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM history"), 0);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM cycles"), 3);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM cycles"
	    " WHERE time = 2000"), 0);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM cycles"
	    " WHERE time = 1000"), 1);
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM state"), 1);
	state_entries_free(&next);
	event_list_free(&ev);
	event_list_free(&due);
}

static void
test_state_store_open_error_names_the_file(void **state)
{
	char err[256];
	(void)state;

	assert_null(state_store_open("/nonexistent-dir/x/state.db", err,
	    sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent-dir/x/state.db"));
	state_store_close(NULL);
}

/* Runs the SQL of tests/data/store/NAME into a new file at path. */
static void
make_db(const char *path, const char *name)
{
	const char *top = getenv("SENDWATCH_TOP");
	char file[512], *sql = NULL;
	size_t len = 0;
	sqlite3 *db;
	FILE *fp;

	snprintf(file, sizeof(file), "%s/tests/data/store/%s", top ? top : ".",
	    name);
	assert_non_null(fp = fopen(file, "r"));
	assert_true(getdelim(&sql, &len, '\0', fp) > 0);
	fclose(fp);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(sql);
}

static void
test_state_store_migrates_a_file_of_the_old_schema(void **state)
{
	int64_t backlog = 0;
	struct fixture *f = *state;
	struct state_store *s;
	struct report_store *r;
	struct state_entries loaded = { 0 };
	struct bounce_follow b;
	uint64_t n;
	char err[256];

	make_db(f->path, "state-v0.sql");
	assert_int_equal(count_rows(f->path, "PRAGMA user_version"), 0);
	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	assert_int_equal(count_rows(f->path, "PRAGMA user_version"),
	    store_schema_version());
	/* what it held is still there and readable */
	assert_int_equal(state_store_load(s, &loaded, err, sizeof(err)), 0);
	assert_int_equal(loaded.n, 1);
	assert_string_equal(loaded.v[0].key, "dnsbl/bl.lab.test/192.0.2.10");
	assert_int_equal(loaded.v[0].state, FINDING_CRITICAL);
	assert_int_equal(loaded.v[0].last_seen, 1764850000);
	assert_int_equal(state_store_outbox_backlog(s, sum_backlog, &backlog),
	    0);
	assert_int_equal(backlog, 1);
	assert_int_equal(state_store_queries_today(s, "bl.lab.test",
	    1764850000, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 12);
	/* the new tables are there */
	bounce_follow_init(&b);
	assert_int_equal(state_store_bounces_load(s, NULL, &b, err,
	    sizeof(err)), 0);
	assert_int_equal(b.nlogs, 0);
	bounce_follow_free(&b);
	state_store_close(s);
	assert_int_equal(count_rows(f->path,
	    "SELECT COUNT(*) FROM bounce_logs"), 0);
	assert_int_equal(count_rows(f->path,
	    "SELECT COUNT(*) FROM report_records"), 1);
	/* the report store opens it too, and nothing runs twice */
	assert_non_null(r = report_store_open(f->path, err, sizeof(err)));
	report_store_close(r);
	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	state_store_close(s);
	assert_int_equal(count_rows(f->path, "PRAGMA user_version"),
	    store_schema_version());
	assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM state"), 1);
	state_entries_free(&loaded);
}

/* One commit of one event on a fresh opening of path: its event_id. */
static void
commit_one(const char *path, char *id)
{
	struct state_store *s;
	struct state_entries none = { 0 };
	struct event_list ev = { 0 };
	char err[256];

	assert_non_null(s = state_store_open(path, err, sizeof(err)));
	add_event(&ev, "k1", FINDING_CRITICAL);
	assert_int_equal(state_store_commit(s, 1000, &none, &ev, sinks, 2,
	    NULL, 0, NULL, err, sizeof(err)), 0);
	event_id_text(&ev.v[0], id);
	state_store_close(s);
	event_list_free(&ev);
}

/*
 * event_id never repeats: not on the same file opened again, and not on
 * a new file that starts its numbers at 1 again (a removed or restored
 * state file), and what the outbox hands out carries the same id.
 */
static void
test_state_store_event_ids_never_repeat(void **state)
{
	struct fixture *f = *state;
	char a[EVENT_ID_LEN], b[EVENT_ID_LEN], c[EVENT_ID_LEN];
	char again[EVENT_ID_LEN];
	struct state_store *s;
	struct event_list due = { 0 };
	int64_t next_try;
	int attempts;
	char err[256];
	const char *const suffix[] = { "", "-wal", "-shm" };

	commit_one(f->path, a);
	commit_one(f->path, b);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(a), 16 + 2);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	assert_string_equal(a + 16, "-1");
	assert_string_equal(b + 16, "-2");
	assert_non_null(s = state_store_open(f->path, err, sizeof(err)));
	assert_int_equal(state_store_outbox_due(s, "hook", 2000, false, &due,
	    &next_try, &attempts, err, sizeof(err)), 1);
	assert_string_equal(event_id_text(&due.v[0], again), a);
	event_list_free(&due);
	state_store_close(s);
	/* the file removed: a new one counts from 1 again, ids still differ */
	for (size_t i = 0; i < 3; i++) {
		char p[200];
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	commit_one(f->path, c);
	assert_string_equal(c + 16, "-1");
	assert_string_not_equal(c, a);
}

static void
test_state_store_refuses_a_newer_file(void **state)
{
	struct fixture *f = *state;
	char err[256], want[128];
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(state_store_open(f->path, err, sizeof(err)));
	snprintf(want, sizeof(want), "schema version 99, written by a newer "
	    "sendwatch (this one knows up to %d)", store_schema_version());
	assert_non_null(strstr(err, f->path));
	assert_non_null(strstr(err, want));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_state_store_survives_reopen,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_state_store_batches_make_one_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_state_store_failed_cycle_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_state_store_outbox_in_order_with_retries, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_state_store_outbox_clock_stepped_back, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_state_store_counts_queries_per_utc_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_store_lists_events_since,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_state_store_prunes_old_delivered_events, setup, teardown),
		cmocka_unit_test(test_state_store_open_error_names_the_file),
		cmocka_unit_test_setup_teardown(
		    test_state_store_migrates_a_file_of_the_old_schema, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_state_store_refuses_a_newer_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_state_store_event_ids_never_repeat, setup, teardown),
	};

	return cmocka_run_group_tests_name("state_store", tests, NULL, NULL);
}
