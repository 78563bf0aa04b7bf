/*
 * test_mtalog.c -- MTA log lines (Postfix, Exim) into delivery entries,
 * the streaming reader (CRLF, last line without newline, over-long lines,
 * gzip), the string map, and reply normalization for grouping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "probes/bounces/bounce_stats.h"
#include "probes/bounces/mtalog.h"
#include "probes/bounces/strmap.h"

static bool
span_is(const char *p, size_t n, const char *want)
{
	return p != NULL && n == strlen(want) && memcmp(p, want, n) == 0;
}

static void
test_mtalog_postfix_fields(void **state)
{
	struct mtalog_entry e;
	const char *l = "2026-11-23T14:00:00.123456+01:00 mx1 postfix-out/smtp"
	    "[5678]: 4Kq8Fz1xyzz9abc: to=<Jdoe@Example.COM>, orig_to=<alias@"
	    "example.org>, relay=mx.example.com[2001:db8::25]:25, delay=1.2,"
	    " delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host"
	    " mx.example.com[2001:db8::25] said: 550 5.1.1 User unknown (in"
	    " reply to RCPT TO command))";
	(void)state;

	assert_true(mtalog_postfix_parse(l, strlen(l), &e));
	assert_int_equal(e.status, MTALOG_BOUNCED);
	assert_true(span_is(e.rcpt, e.rcpt_len, "Jdoe@Example.COM"));
	assert_true(span_is(e.relay, e.relay_len,
	    "mx.example.com[2001:db8::25]:25"));
	assert_true(span_is(e.dsn, e.dsn_len, "5.1.1"));
	assert_true(span_is(e.reply, e.reply_len, "host mx.example.com"
	    "[2001:db8::25] said: 550 5.1.1 User unknown (in reply to RCPT TO"
	    " command)"));
}

static void
test_mtalog_postfix_statuses_and_skips(void **state)
{
	static const struct {
		const char		*line;
		bool			 ok;
		enum mtalog_status	 status;
	} cases[] = {
		{ "Nov 23 14:00:00 mail postfix/smtp[1]: ABC: to=<a@b.c>,"
		  " relay=x[1.2.3.4]:25, dsn=2.0.0, status=sent (250 ok)", true,
		  MTALOG_SENT },
		{ "Nov 23 14:00:00 mail postfix/lmtp[1]: ABC: to=<a@b.c>,"
		  " relay=x, dsn=4.4.1, status=deferred (connect to x: No such"
		  " file)", true, MTALOG_DEFERRED },
		{ "Nov 23 14:00:00 mail postfix/error[1]: ABC: to=<a@b.c>,"
		  " relay=none, delay=432000, dsn=4.4.1, status=expired"
		  " (delivery temporarily suspended)", true, MTALOG_BOUNCED },
		{ "Nov 23 14:00:00 mail postfix/local[1]: ABC: to=<a@b.c>,"
		  " relay=local, dsn=5.1.1, status=bounced (unknown user: \"a\")",
		  true, MTALOG_BOUNCED },
		/* address verification probes are not deliveries */
		{ "Nov 23 14:00:00 mail postfix/smtp[1]: ABC: to=<a@b.c>,"
		  " relay=x, dsn=2.1.5, status=deliverable (250 ok)", false,
		  MTALOG_NONE },
		/* smtpd never delivers, even with a status= in its text */
		{ "Nov 23 14:00:00 mail postfix/smtpd[1]: NOQUEUE: reject: RCPT"
		  " from x: to=<a@b.c>, status=bounced (x)", false,
		  MTALOG_NONE },
		{ "Nov 23 14:00:00 mail postfix/qmgr[1]: ABC: from=<a@b.c>,"
		  " size=1, nrcpt=1 (queue active)", false, MTALOG_NONE },
		/* other daemons have no syslog_name/service */
		{ "Nov 23 14:00:00 mail opendkim[1]: ABC: to=<a@b.c>,"
		  " status=sent (x)", false, MTALOG_NONE },
		{ "Nov 23 14:00:00 mail postfix/smtp[1]: ABC: host mx[1.2.3.4]"
		  " said: 421 4.7.0 Try again later (in reply to MAIL FROM"
		  " command)", true, MTALOG_REPLY },
		{ "Nov 23 14:00:00 mail postfix/smtp[1]: ABC: host mx[1.2.3.4]"
		  " refused to talk to me: 554 5.7.1 blocked", true,
		  MTALOG_REPLY },
		{ "Nov 23 14:00:00 mail postfix/smtp[1]: ABC: lost connection"
		  " with mx[1.2.3.4] while receiving the initial server"
		  " greeting", false, MTALOG_NONE },
		{ "", false, MTALOG_NONE },
		{ "postfix/smtp[", false, MTALOG_NONE },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mtalog_entry e;
		bool ok = mtalog_postfix_parse(cases[i].line,
		    strlen(cases[i].line), &e);
		if (ok != cases[i].ok || e.status != cases[i].status)
			print_error("case %zu: got %d/%d\n", i, ok, e.status);
		assert_int_equal(ok, cases[i].ok);
		assert_int_equal(e.status, cases[i].status);
	}
}

static void
test_mtalog_postfix_session_reply_host(void **state)
{
	struct mtalog_entry e;
	const char *l = "Nov 23 14:00:00 mail postfix/smtp[1]: ABC: host"
	    " mx.example.org[192.0.2.26] refused to talk to me: 554 5.7.1"
	    " blocked using zen.spamhaus.org";
	(void)state;

	assert_true(mtalog_postfix_parse(l, strlen(l), &e));
	assert_true(span_is(e.relay, e.relay_len, "mx.example.org[192.0.2.26]"));
	assert_true(span_is(e.reply, e.reply_len,
	    "554 5.7.1 blocked using zen.spamhaus.org"));
	assert_int_equal(e.rcpt_len, 0);
}

static void
test_mtalog_exim_lines(void **state)
{
	static const struct {
		const char		*line;
		bool			 ok;
		enum mtalog_status	 status;
		const char		*rcpt;
		const char		*reply;
	} cases[] = {
		{ "2026-11-23 14:00:01 1vABCD-000123-AB => a@example.com"
		  " R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.25]"
		  " C=\"250 2.0.0 OK\"", true, MTALOG_SENT, "a@example.com",
		  "250 2.0.0 OK" },
		{ "2026-11-23 14:00:01.123 +0100 [4242] 1vABCD-000123-AB -> "
		  "b@example.com R=dnslookup T=remote_smtp H=mx.example.com"
		  " [192.0.2.25]", true, MTALOG_SENT, "b@example.com", NULL },
		{ "2026-11-23 14:00:01 1abcDE-0001Ab-Cd ** c@example.com"
		  " R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.25]:"
		  " SMTP error from remote mail server after RCPT"
		  " TO:<c@example.com>: 550 5.1.1 User unknown", true,
		  MTALOG_BOUNCED, "c@example.com", "SMTP error from remote mail"
		  " server after RCPT TO:<c@example.com>: 550 5.1.1 User"
		  " unknown" },
		{ "2026-11-23 14:00:01 1vABCD-000123-AB ** d@example.com:"
		  " Unrouteable address", true, MTALOG_BOUNCED, "d@example.com",
		  "Unrouteable address" },
		{ "2026-11-23 14:00:01 1vABCD-000123-AB == e@example.com"
		  " R=dnslookup T=remote_smtp defer (-53): retry time not"
		  " reached for any host for 'example.com'", false, MTALOG_NONE,
		  NULL, NULL },
		{ "2026-11-23 14:00:01 1vABCD-000123-AB <= news@example.org"
		  " H=localhost [127.0.0.1] P=esmtp S=1234", false, MTALOG_NONE,
		  NULL, NULL },
		{ "2026-11-23 14:00:01 1vABCD-000123-AB *> f@example.com"
		  " R=dnslookup T=remote_smtp", false, MTALOG_NONE, NULL, NULL },
		{ "2026-11-23 14:00:01 1vABCD-000123-AB Completed", false,
		  MTALOG_NONE, NULL, NULL },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mtalog_entry e;
		bool ok = mtalog_exim_parse(cases[i].line,
		    strlen(cases[i].line), &e);
		if (ok != cases[i].ok)
			print_error("case %zu\n", i);
		assert_int_equal(ok, cases[i].ok);
		assert_int_equal(e.status, cases[i].status);
		if (cases[i].rcpt != NULL)
			assert_true(span_is(e.rcpt, e.rcpt_len, cases[i].rcpt));
		if (cases[i].reply != NULL)
			assert_true(span_is(e.reply, e.reply_len,
			    cases[i].reply));
	}
}

/* Writes data to a temporary file (gzip when gz); returns its path. */
static char *
write_tmp(const char *data, size_t n, bool gz)
{
	char *path = strdup("/tmp/test_mtalog-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd != -1);
	if (gz) {
		gzFile g = gzdopen(fd, "wb");
		assert_non_null(g);
		assert_int_equal(gzwrite(g, data, (unsigned)n), (int)n);
		assert_int_equal(gzclose(g), Z_OK);
	} else {
		assert_int_equal(write(fd, data, n), (ssize_t)n);
		close(fd);
	}
	return path;
}

static void
read_all(const char *data, size_t n, bool gz, const char *const *want,
    size_t nwant)
{
	struct mtalog_reader r;
	char err[256], *path = write_tmp(data, n, gz);
	const char *line;
	size_t len, i = 0;
	int rc;

	assert_int_equal(mtalog_reader_open(&r, path, err, sizeof(err)), 0);
	while ((rc = mtalog_reader_next(&r, &line, &len, err,
	    sizeof(err))) == 1) {
		assert_true(i < nwant);
		assert_true(span_is(line, len, want[i]));
		i++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(i, nwant);
	assert_int_equal(r.lines, nwant);
	mtalog_reader_close(&r);
	unlink(path);
	free(path);
}

static void
test_mtalog_reader_lines(void **state)
{
	static const char data[] = "one\r\ntwo\n\nthree";
	static const char *const want[] = { "one", "two", "", "three" };
	(void)state;

	read_all(data, sizeof(data) - 1, false, want, 4);
	read_all(data, sizeof(data) - 1, true, want, 4);
}

static void
test_mtalog_reader_cuts_long_lines(void **state)
{
	size_t n = MTALOG_LINE_MAX * 40 + 10;	/* past the 1 MiB buffer */
	char *data = malloc(n + 16), *first = malloc(MTALOG_LINE_MAX + 1);
	const char *want[2];
	(void)state;

	memset(data, 'x', n);
	memcpy(data + n, "\nnext\n", 6);
	memset(first, 'x', MTALOG_LINE_MAX);
	first[MTALOG_LINE_MAX] = '\0';
	want[0] = first;
	want[1] = "next";
	read_all(data, n + 6, false, want, 2);
	free(data);
	free(first);
}

static void
test_mtalog_reader_names_missing_file(void **state)
{
	struct mtalog_reader r;
	char err[256];
	(void)state;

	assert_int_equal(mtalog_reader_open(&r, "/nonexistent/x.log", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/x.log: No such file or"
	    " directory");
	mtalog_reader_close(&r);
}

static void
test_mtalog_strmap_grows_and_finds(void **state)
{
	struct strmap m;
	char key[32];
	uint64_t *v;
	int added;
	(void)state;

	strmap_init(&m, sizeof(uint64_t));
	assert_null(strmap_get(&m, "a", 1));
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(key, sizeof(key), "k%d", i);
		v = strmap_put(&m, key, (size_t)n, &added);
		assert_non_null(v);
		assert_int_equal(added, 1);
		*v = (uint64_t)i;
	}
	assert_int_equal(m.n, 5000);
	v = strmap_put(&m, "k4242", 5, &added);
	assert_int_equal(added, 0);
	assert_int_equal(*v, 4242);
	assert_null(strmap_get(&m, "k5000", 5));
	struct strmap_entry **all = strmap_list(&m);
	assert_non_null(all);
	free(all);
	strmap_free(&m);
	strmap_free(NULL);
}

static void
test_mtalog_normalize_hides_addresses_and_ids(void **state)
{
	char out[256];
	(void)state;

	bounce_normalize("<jdoe@example.com>: Recipient address rejected",
	    out, sizeof(out));
	assert_string_equal(out, "<address>: Recipient address rejected");
	bounce_normalize("https://support.google.com/mail/?p=NoSuchUser"
	    " d75a77b69052e-4b2fsi1234567qtb.12 - gsmtp", out, sizeof(out));
	assert_string_equal(out, "https://support.google.com/mail/?p=NoSuchUser"
	    " <id> - gsmtp");
	bounce_normalize("blocked using zen.spamhaus.org [192.0.2.10]", out,
	    sizeof(out));
	assert_string_equal(out, "blocked using zen.spamhaus.org [192.0.2.10]");
}

static void
test_mtalog_line_times(void **state)
{
	/* 2026-11-23 14:00:00 UTC */
	const time_t now = 1795442400;
	static const struct {
		const char	*line;
		bool		 ok;
		long		 delta;		/* seconds from now */
	} cases[] = {
		{ "2026-11-23T14:00:00.123456+00:00 mx postfix/smtp[1]: x",
		  true, 0 },
		{ "2026-11-23T15:30:00+01:00 mx postfix/smtp[1]: x", true,
		  1800 },
		{ "2026-11-23T13:00:00Z mx postfix/smtp[1]: x", true, -3600 },
		{ "2026-11-23T13:00:00 mx postfix/smtp[1]: x", false, 0 },
		{ "2026-11-23 13:59:00 1vABCD-000123-AB => a@b", true, -60 },
		{ "2026-11-23 14:59:00.123 +0100 1vABCD-000123-AB => a@b",
		  true, -60 },
		{ "Nov 23 13:00:00 mail postfix/smtp[1]: x", true, -3600 },
		{ "Nov  3 14:00:00 mail postfix/smtp[1]: x", true,
		  -20L * 86400 },
		/* December read in November: last year */
		{ "Dec 31 23:00:00 mail postfix/smtp[1]: x", true,
		  -(326L * 86400 + 15 * 3600) },
		{ "Foo 23 13:00:00 mail postfix/smtp[1]: x", false, 0 },
		{ "mail postfix/smtp[1]: x", false, 0 },
	};
	(void)state;

	setenv("TZ", "UTC", 1);
	tzset();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		time_t t = 0;
		bool ok = mtalog_line_time(cases[i].line, strlen(cases[i].line),
		    now, &t);
		if (ok != cases[i].ok || (ok && t - now != cases[i].delta))
			print_error("case %zu: ok %d delta %ld\n", i, ok,
			    (long)(t - now));
		assert_int_equal(ok, cases[i].ok);
		if (ok)
			assert_int_equal(t - now, cases[i].delta);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mtalog_postfix_fields),
		cmocka_unit_test(test_mtalog_postfix_statuses_and_skips),
		cmocka_unit_test(test_mtalog_postfix_session_reply_host),
		cmocka_unit_test(test_mtalog_exim_lines),
		cmocka_unit_test(test_mtalog_reader_lines),
		cmocka_unit_test(test_mtalog_reader_cuts_long_lines),
		cmocka_unit_test(test_mtalog_reader_names_missing_file),
		cmocka_unit_test(test_mtalog_strmap_grows_and_finds),
		cmocka_unit_test(test_mtalog_normalize_hides_addresses_and_ids),
		cmocka_unit_test(test_mtalog_line_times),
	};

	return cmocka_run_group_tests_name("mtalog", tests, NULL, NULL);
}
