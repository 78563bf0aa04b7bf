/*
 * test_bounce_mail.c -- bounce messages into bounce_stats: RFC 3464
 * actions (failed, delayed, delivered), a DSN without Diagnostic-Code
 * (the Status classifies), CRLF line ends, the plain-text layouts of
 * qmail, Exim (bounce and delay warning) and Sendmail, and auto-replies
 * told apart from bounces that carry Auto-Submitted too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probes/bounces/bounce_mail.h"

static const char dsn_mixed[] =
    "From: MAILER-DAEMON@mail.example.org\n"
    "To: news@example.org\n"
    "Subject: Delayed Mail (still being retried)\n"
    "Auto-Submitted: auto-replied\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status;"
    " boundary=\"b1\"\n"
    "\n"
    "--b1\n"
    "Content-Type: text/plain\n"
    "\n"
    "This is the mail system at host mail.example.org.\n"
    "\n"
    "--b1\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mail.example.org\n"
    "\n"
    "Final-Recipient: rfc822; slow@example.com\n"
    "Action: delayed\n"
    "Status: 4.4.1\n"
    "Diagnostic-Code: X-Postfix; connect to mx.example.com[192.0.2.25]:25:"
    " Connection timed out\n"
    "\n"
    "Final-Recipient: rfc822; ok@example.com\n"
    "Action: delivered\n"
    "Status: 2.0.0\n"
    "\n"
    "Final-Recipient: rfc822; <nodiag@example.com>\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "\n"
    "--b1--\n";

static void
test_bounce_mail_dsn_actions(void **state)
{
	struct bounce_stats st;
	struct bounce_mail_counts mc = { 0 };
	(void)state;

	bounce_stats_init(&st, true);
	assert_int_equal(bounce_mail_add(&st, dsn_mixed, strlen(dsn_mixed),
	    false, &mc), 0);
	assert_int_equal(mc.messages, 1);
	assert_int_equal(mc.bounces, 1);
	assert_int_equal(mc.recipients, 3);
	assert_int_equal(mc.auto_replies, 0);
	assert_int_equal(st.total.deferred, 1);
	assert_int_equal(st.total.delivered, 1);
	assert_int_equal(st.total.bounced, 1);
	assert_int_equal(st.total.cat_deferred[SMTP_CAT_NETWORK], 1);
	/* no Diagnostic-Code: the Status code classifies */
	assert_int_equal(st.total.cat_bounced[SMTP_CAT_BAD_MAILBOX], 1);
	assert_int_equal(st.suppress.n, 1);
	assert_non_null(strmap_get(&st.suppress, "nodiag@example.com",
	    strlen("nodiag@example.com")));
	bounce_stats_free(&st);
}

static void
test_bounce_mail_crlf(void **state)
{
	struct bounce_stats st;
	struct bounce_mail_counts mc = { 0 };
	char *crlf = malloc(2 * sizeof(dsn_mixed));
	size_t o = 0;
	(void)state;

	assert_non_null(crlf);
	for (const char *p = dsn_mixed; *p; p++) {
		if (*p == '\n')
			crlf[o++] = '\r';
		crlf[o++] = *p;
	}
	bounce_stats_init(&st, false);
	assert_int_equal(bounce_mail_add(&st, crlf, o, false, &mc), 0);
	assert_int_equal(mc.recipients, 3);
	assert_int_equal(st.total.bounced, 1);
	assert_int_equal(st.total.deferred, 1);
	bounce_stats_free(&st);
	free(crlf);
}

struct seen {
	int	n;
	char	rcpt[4][64];
	char	reply[4][256];
	enum mtalog_status status[4];
};

static int
collect(void *arg, const struct bounce_mail_rcpt *r)
{
	struct seen *s = arg;

	if (s->n < 4) {
		snprintf(s->rcpt[s->n], sizeof(s->rcpt[0]), "%.*s",
		    (int)r->rcpt_len, r->rcpt);
		snprintf(s->reply[s->n], sizeof(s->reply[0]), "%.*s",
		    (int)r->reply_len, r->reply);
		s->status[s->n] = r->status;
	}
	s->n++;
	return 0;
}

static void
test_bounce_mail_text_layouts(void **state)
{
	static const char qmail[] =
	    "Hi. This is the qmail-send program at mx.example.info.\n"
	    "This is a permanent error; I've given up. Sorry it didn't work"
	    " out.\n\n<a@example.info>:\n192.0.2.30 does not like recipient.\n"
	    "Remote host said: 550 5.1.1 User unknown\nGiving up on"
	    " 192.0.2.30.\n\n--- Below this line is a copy of the message.\n\n"
	    "<not@example.info>:\n";
	static const char exim_delay[] =
	    "This message was created automatically by mail delivery"
	    " software.\n\nA message that you sent has not yet been delivered"
	    " to one or more of its\nrecipients after more than 24 hours on"
	    " the queue on mail.example.biz.\n\nThe address to which the"
	    " message has not yet been delivered is:\n\n  slow@example.biz\n"
	    "    host mx.example.biz [192.0.2.40]\n    Delay reason: SMTP error"
	    " from remote mail server after RCPT TO:<slow@example.biz>:\n"
	    "    451 4.7.1 Greylisted, please try again in 300 seconds\n\n"
	    "No action is required on your part.\n";
	static const char sendmail[] =
	    "   ----- The following addresses had permanent fatal errors"
	    " -----\n<x@example.edu>\n    (reason: 550 5.1.1 <x@example.edu>..."
	    " User unknown)\n\n   ----- Transcript of session follows -----\n";
	struct seen s;
	(void)state;

	memset(&s, 0, sizeof(s));
	assert_int_equal(dsn_text_scan(qmail, strlen(qmail), collect, &s), 1);
	assert_string_equal(s.rcpt[0], "a@example.info");
	assert_string_equal(s.reply[0], "550 5.1.1 User unknown");
	assert_int_equal(s.status[0], MTALOG_BOUNCED);

	memset(&s, 0, sizeof(s));
	assert_int_equal(dsn_text_scan(exim_delay, strlen(exim_delay), collect,
	    &s), 1);
	assert_string_equal(s.rcpt[0], "slow@example.biz");
	assert_int_equal(s.status[0], MTALOG_DEFERRED);
	assert_non_null(strstr(s.reply[0], "451 4.7.1 Greylisted"));

	memset(&s, 0, sizeof(s));
	assert_int_equal(dsn_text_scan(sendmail, strlen(sendmail), collect,
	    &s), 1);
	assert_string_equal(s.rcpt[0], "x@example.edu");
	assert_string_equal(s.reply[0], "550 5.1.1 <x@example.edu>... User"
	    " unknown");

	memset(&s, 0, sizeof(s));
	assert_int_equal(dsn_text_scan("Hello, how are you?\n", 20, collect,
	    &s), 0);
}

static void
test_bounce_mail_auto_reply_is_no_bounce(void **state)
{
	static const char vacation[] =
	    "From: jdoe@example.com\nTo: news@example.org\n"
	    "Subject: Out of Office: December news\n\nBack on Monday.\n";
	static const char plain[] =
	    "From: jdoe@example.com\nTo: news@example.org\n"
	    "Subject: Re: December news\n\nThanks!\n";
	struct bounce_stats st;
	struct bounce_mail_counts mc = { 0 };
	(void)state;

	bounce_stats_init(&st, false);
	assert_int_equal(bounce_mail_add(&st, vacation, strlen(vacation),
	    false, &mc), 0);
	assert_int_equal(bounce_mail_add(&st, plain, strlen(plain), false,
	    &mc), 0);
	assert_int_equal(mc.messages, 2);
	assert_int_equal(mc.auto_replies, 1);
	assert_int_equal(mc.other, 1);
	assert_int_equal(mc.bounces, 0);
	assert_int_equal(st.total.attempts, 0);
	bounce_stats_free(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounce_mail_dsn_actions),
		cmocka_unit_test(test_bounce_mail_crlf),
		cmocka_unit_test(test_bounce_mail_text_layouts),
		cmocka_unit_test(test_bounce_mail_auto_reply_is_no_bounce),
	};

	return cmocka_run_group_tests_name("bounce_mail", tests, NULL, NULL);
}
