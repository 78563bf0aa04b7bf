/*
 * test_bounce_follow.c -- following mail logs across calls: offsets,
 * rotation to LOG.1, truncation, half-written lines, the window, and
 * the state file (round trip, a damaged file named with its line).
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

#include "monitor/bounce_follow.h"

#define NOW	((int64_t)1795442400)	/* 2026-11-23 14:00:00 UTC */
#define WINDOW	3600

struct fx {
	char	dir[64];
	char	log[128];
	char	state[128];
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
	snprintf(x->state, sizeof(x->state), "%s/state.bounces", x->dir);
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

static void
test_bounce_follow_state_round_trip(void **state)
{
	struct fx *x = *state;
	struct bounce_follow f, g;
	char err[256];
	FILE *fp;

	bounce_follow_init(&f);
	append(x->log, "w", 7, "sent", "13:10");
	append(x->log, "a", 1, "bounced", "13:20");
	assert_int_equal(bounce_follow_read(&f, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	assert_int_equal(bounce_follow_save(&f, x->state, NOW, WINDOW, err,
	    sizeof(err)), 0);

	/* a restart: the same figures, and the log is not read again */
	bounce_follow_init(&g);
	assert_int_equal(bounce_follow_load(&g, x->state, err, sizeof(err)), 0);
	window(&g, 7, 1);
	assert_int_equal(g.nlogs, 1);
	assert_int_equal(g.logs[0].offset, f.logs[0].offset);
	assert_int_equal(g.mentions.n, 1);
	assert_int_equal(bounce_follow_read(&g, x->logs, 1, NOW, WINDOW, err,
	    sizeof(err)), 0);
	assert_int_equal(g.lines, 0);
	window(&g, 7, 1);
	bounce_follow_free(&g);
	bounce_follow_free(&f);

	/* a damaged file is named with its line */
	fp = fopen(x->state, "a");
	fputs("bucket\tnot-a-number\t1\t2\t3\n", fp);
	fclose(fp);
	bounce_follow_init(&g);
	assert_int_equal(bounce_follow_load(&g, x->state, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "state.bounces:6: expected a log, bucket"
	    " or mention record"));
	bounce_follow_free(&g);

	/* a missing file is a fresh start */
	bounce_follow_init(&g);
	unlink(x->state);
	assert_int_equal(bounce_follow_load(&g, x->state, err, sizeof(err)), 0);
	assert_int_equal(g.nlogs, 0);
	bounce_follow_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_bounce_follow_offsets_rotation_truncation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_bounce_follow_state_round_trip, setup, teardown),
	};

	return cmocka_run_group_tests_name("bounce_follow", tests, NULL, NULL);
}
