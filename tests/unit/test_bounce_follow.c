/*
 * test_bounce_follow.c -- following mail logs across calls: offsets,
 * rotation to LOG.1, truncation, half-written lines, the window; the
 * state in the state database (round trip, a cycle that is not stored
 * leaves the offsets where they were, so nothing read is lost), and the
 * one-time take-over of the STATE.bounces text file of earlier versions
 * (removed once stored; a damaged one named with its line).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "monitor/store/state_store.h"
#include "probes/bounces/bounce_follow.h"

#define NOW	((int64_t)1795442400)	/* 2026-11-23 14:00:00 UTC */
#define WINDOW	3600

struct fx {
	char	dir[64];
	char	log[128];
	char	db[128];
	char	state[160];
	char	*logs[1];
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(x->dir, sizeof(x->dir), "/tmp/test_bounce_follow-XXXXXX");
	if (mkdtemp(x->dir) == NULL)
		return -1;
	snprintf(x->log, sizeof(x->log), "%s/mail.log", x->dir);
	snprintf(x->db, sizeof(x->db), "%s/state.db", x->dir);
	snprintf(x->state, sizeof(x->state), "%s.bounces", x->db);
	x->logs[0] = x->log;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", x->dir);
	if (system(cmd) != 0)
		return -1;
	free(x);
	return 0;
}

/* Appends n lines of status (sent/bounced) at "Nov 23 HH:MM:00". */
static void
append(const char *path, const char *mode, int n, const char *status,
    const char *hhmm)
{
	FILE *fp = fopen(path, mode);

	assert_non_null(fp);
	for (int i = 0; i < n; i++)
		fprintf(fp, "Nov 23 %s:00 mail postfix/smtp[1]: Q%d: to=<u%d@"
		    "example.com>, relay=mx[192.0.2.25]:25, dsn=%s, status=%s"
		    " (%s)\n", hhmm, i, i, strcmp(status, "sent") == 0 ?
		    "2.0.0" : "5.1.1", status, strcmp(status, "sent") == 0 ?
		    "250 ok" : "host mx[192.0.2.25] said: 550 5.7.1 Service"
		    " unavailable; Client host [192.0.2.10] blocked using"
		    " zen.spamhaus.org");
	fclose(fp);
}

static void
window(const struct bounce_follow *f, uint64_t d, uint64_t b)
{
	struct bounce_counts c;

	bounce_follow_window(f, NOW, WINDOW, &c);
	assert_int_equal(c.delivered, d);
	assert_int_equal(c.bounced, b);
}

static void
test_bounce_follow_offsets_rotation_truncation(void **state)
{
	struct fx *x = *state;
	struct bounce_follow f;
	char err[256], old[160];
	FILE *fp;

	bounce_follow_init(&f);
	append(x->log, "w", 10, "sent", "13:30");
	append(x->log, "a", 3, "sent", "12:00");	/* outside the window */
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	window(&f, 10, 0);
	assert_int_equal(f.lines, 13);

	/* nothing new: nothing read */
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	assert_int_equal(f.lines, 0);

	/* a half-written line waits for its newline */
	fp = fopen(x->log, "a");
	fputs("Nov 23 13:40:00 mail postfix/smtp[1]: H1: to=<h@example.com>,"
	    " relay=mx[192.0.2.25]:25, dsn=2.0.0, status=se", fp);
	fclose(fp);
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	window(&f, 10, 0);
	fp = fopen(x->log, "a");
	fputs("nt (250 ok)\n", fp);
	fclose(fp);
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	window(&f, 11, 0);

	/* rotation: the old file's new tail, then the new file */
	snprintf(old, sizeof(old), "%s.1", x->log);
	assert_int_equal(rename(x->log, old), 0);
	append(old, "a", 2, "bounced", "13:50");
	append(x->log, "w", 4, "sent", "13:55");
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	window(&f, 15, 2);

	/* truncation: read from the start */
	append(x->log, "w", 1, "sent", "13:58");
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	window(&f, 16, 2);

	/* the blocklist mention */
	{
		size_t found = 0;
		for (size_t i = 0; i < f.mentions.cap; i++) {
			const struct bounce_mention *mn = f.mentions.slots[i].val;
			if (f.mentions.slots[i].key == NULL)
				continue;
			found++;
			assert_int_equal(mn->cat, SMTP_CAT_BLOCKLISTED);
			assert_string_equal(mn->what, "zen.spamhaus.org");
			assert_string_equal(mn->ip, "192.0.2.10");
			assert_int_equal(mn->count, 2);
			assert_int_equal(mn->last_seen, NOW - 600);
		}
		assert_int_equal(found, 1);
	}
	bounce_follow_free(&f);
}

/* Commits one empty cycle carrying f (or a failing one); its result. */
static int
commit(struct state_store *st, const struct bounce_follow *f, bool failing)
{
	struct state_entries none = { 0 };
	struct event_list ev = { 0 };
	/* the same sink twice: the second outbox row violates the key */
	const struct state_sink twice[] = { { "hook", NULL, NULL },
	    { "hook", NULL, NULL } };
	struct event e = { .kind = EVENT_CHANGE, .key = "bounces/rate",
	    .probe = "bounces", .target = "mail logs", .to = FINDING_WARNING,
	    .summary = "", .detail = "", .time = NOW };
	char err[256];
	int rc;

	if (failing)
		assert_non_null(event_list_add(&ev, &e));
	rc = state_store_commit(st, NOW, &none, &ev, failing ? twice : NULL,
	    failing ? 2 : 0, NULL, 0, f, err, sizeof(err));
	event_list_free(&ev);
	return rc;
}

static void
test_bounce_follow_state_in_the_database(void **state)
{
	struct fx *x = *state;
	struct state_store *st;
	struct bounce_follow f, g;
	char err[256];
	uint64_t offset;

	assert_non_null(st = state_store_open(x->db, err, sizeof(err)));
	bounce_follow_init(&f);
	assert_int_equal(state_store_bounces_load(st, x->state, &f, err,
	    sizeof(err)), 0);
	assert_int_equal(f.nlogs, 0);
	append(x->log, "w", 7, "sent", "13:10");
	append(x->log, "a", 1, "bounced", "13:20");
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	assert_int_equal(commit(st, &f, false), 0);
	offset = f.logs[0].offset;
	bounce_follow_free(&f);
	state_store_close(st);

	/* a restart: the same figures, and the log is not read again */
	assert_non_null(st = state_store_open(x->db, err, sizeof(err)));
	bounce_follow_init(&g);
	assert_int_equal(state_store_bounces_load(st, x->state, &g, err,
	    sizeof(err)), 0);
	window(&g, 7, 1);
	assert_int_equal(g.nlogs, 1);
	assert_int_equal(g.logs[0].offset, offset);
	assert_int_equal(g.mentions.n, 1);
	assert_int_equal(bounce_follow_read(&g, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	assert_int_equal(g.lines, 0);
	window(&g, 7, 1);

	/*
	 * A cycle that reads on but is not stored (a crash, a full disk):
	 * the stored offset stays, so the next cycle reads those lines.
	 */
	append(x->log, "a", 5, "sent", "13:30");
	assert_int_equal(bounce_follow_read(&g, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	assert_int_equal(g.lines, 5);
	assert_int_equal(commit(st, &g, true), -1);
	bounce_follow_free(&g);
	bounce_follow_init(&g);
	assert_int_equal(state_store_bounces_load(st, x->state, &g, err,
	    sizeof(err)), 0);
	assert_int_equal(g.logs[0].offset, offset);
	window(&g, 7, 1);
	assert_int_equal(bounce_follow_read(&g, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	assert_int_equal(g.lines, 5);
	window(&g, 12, 1);
	assert_int_equal(commit(st, &g, false), 0);
	bounce_follow_free(&g);
	state_store_close(st);
}

/* STATE.bounces as sendwatch wrote it before the state database kept it. */
static void
write_legacy(const struct fx *x, const char *extra)
{
	struct stat sb;
	FILE *fp;

	assert_int_equal(stat(x->log, &sb), 0);
	assert_non_null(fp = fopen(x->state, "w"));
	fprintf(fp, "# sendwatch: where the mail logs were read up to\n"
	    "log\t%llu\t%llu\t%lld\t%s\n"
	    "bucket\t%lld\t7\t0\t1\n"
	    "mention\t%d\t%lld\t%lld\t1\tzen.spamhaus.org\t192.0.2.10\n%s",
	    (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino,
	    (long long)sb.st_size, x->log, (long long)(NOW - 1200) / 60,
	    (int)SMTP_CAT_BLOCKLISTED, (long long)(NOW - 1200),
	    (long long)(NOW - 1200), extra);
	fclose(fp);
}

static void
test_bounce_follow_takes_over_the_text_file(void **state)
{
	struct fx *x = *state;
	struct state_store *st;
	struct bounce_follow f;
	char err[256];

	append(x->log, "w", 8, "sent", "13:40");
	write_legacy(x, "");
	assert_non_null(st = state_store_open(x->db, err, sizeof(err)));
	bounce_follow_init(&f);
	assert_int_equal(state_store_bounces_load(st, x->state, &f, err,
	    sizeof(err)), 0);
	window(&f, 7, 1);
	assert_int_equal(f.mentions.n, 1);
	/* the file's offset holds: the 8 lines were counted before */
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	assert_int_equal(f.lines, 0);
	/* kept until the database holds its contents, then removed */
	assert_int_equal(access(x->state, F_OK), 0);
	assert_int_equal(commit(st, &f, true), -1);
	assert_int_equal(access(x->state, F_OK), 0);
	assert_int_equal(commit(st, &f, false), 0);
	assert_int_equal(access(x->state, F_OK), -1);
	bounce_follow_free(&f);
	state_store_close(st);

	/* after a restart the figures come from the database */
	assert_non_null(st = state_store_open(x->db, err, sizeof(err)));
	bounce_follow_init(&f);
	assert_int_equal(state_store_bounces_load(st, x->state, &f, err,
	    sizeof(err)), 0);
	window(&f, 7, 1);
	assert_int_equal(f.nlogs, 1);
	bounce_follow_free(&f);

	/* a file left behind after the database took it over is removed */
	write_legacy(x, "");
	bounce_follow_init(&f);
	assert_int_equal(state_store_bounces_load(st, x->state, &f, err,
	    sizeof(err)), 0);
	assert_int_equal(access(x->state, F_OK), -1);
	window(&f, 7, 1);
	bounce_follow_free(&f);
	state_store_close(st);
}

static void
test_bounce_follow_damaged_text_file(void **state)
{
	struct fx *x = *state;
	struct state_store *st;
	struct bounce_follow f;
	char err[256];

	append(x->log, "w", 1, "sent", "13:40");
	write_legacy(x, "bucket\tnot-a-number\t1\t2\t3\n");
	assert_non_null(st = state_store_open(x->db, err, sizeof(err)));
	bounce_follow_init(&f);
	assert_int_equal(state_store_bounces_load(st, x->state, &f, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "state.db.bounces:5: expected a log, bucket"
	    " or mention record"));
	/* the service starts over from the current logs ... */
	bounce_follow_free(&f);
	bounce_follow_init(&f);
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	window(&f, 1, 0);
	/* ... and the damaged file goes once that is stored */
	assert_int_equal(commit(st, &f, false), 0);
	assert_int_equal(access(x->state, F_OK), -1);
	bounce_follow_free(&f);
	state_store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_bounce_follow_offsets_rotation_truncation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_bounce_follow_state_in_the_database, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bounce_follow_takes_over_the_text_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_bounce_follow_damaged_text_file, setup, teardown),
	};

	return cmocka_run_group_tests_name("bounce_follow", tests, NULL, NULL);
}
