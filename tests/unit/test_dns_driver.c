/*
 * test_dns_driver.c -- the resolver driver's own rules, against a UDP
 * socket on loopback that receives queries and never answers: a silent
 * server must give a timeout failure (never NXDOMAIN) at our deadline,
 * the in-flight window bounds concurrency, the overall deadline ends a
 * run, callbacks may submit more, bad names are refused. Answers from
 * real servers are tested in tests/integration/test_dns_lab.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "probes/dns/dns.h"

/* Scheduling slack allowed on a loaded 2-core machine. */
#define MARGIN_MS	700

struct silent {
	int			 fd;
	struct dns_options	 opt;
	struct dns_resolver	*r;
};

/* A bound UDP socket nobody reads, and a resolver forwarding to it. */
static int
silent_setup(void **state, unsigned timeout_ms, unsigned window)
{
	static struct silent s;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	char spec[64], err[256];

	memset(&s, 0, sizeof(s));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s.fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    bind(s.fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(s.fd, (struct sockaddr *)&sin, &len) == -1)
		return -1;
	snprintf(spec, sizeof(spec), "127.0.0.1@%u", ntohs(sin.sin_port));
	if (dns_options_add_spec(&s.opt, spec, err, sizeof(err)) == -1)
		return -1;
	s.opt.timeout_ms = timeout_ms;
	s.opt.max_inflight = window;
	if ((s.r = dns_resolver_new(&s.opt, err, sizeof(err))) == NULL) {
		print_error("%s\n", err);
		return -1;
	}
	*state = &s;
	return 0;
}

static int
setup_300ms(void **state)
{
	return silent_setup(state, 300, 0);
}

static int
setup_window2(void **state)
{
	return silent_setup(state, 300, 2);
}

static int
silent_teardown(void **state)
{
	struct silent *s = *state;

	dns_resolver_free(s->r);
	dns_options_free(&s->opt);
	close(s->fd);
	return 0;
}

struct tally {
	size_t		 n;
	size_t		 timeouts;
	size_t		 other;		/* anything but a timeout failure */
	char		 last_reason[160];
	char		 last_qname[256];
	struct dns_resolver *resubmit;	/* submit one more from the callback */
};

static void
tally_done(void *arg, const struct dns_answer *a)
{
	struct tally *t = arg;

	t->n++;
	if (a->status == DNS_FAILURE && a->timed_out)
		t->timeouts++;
	else
		t->other++;
	snprintf(t->last_reason, sizeof(t->last_reason), "%s", a->reason);
	snprintf(t->last_qname, sizeof(t->last_qname), "%s", a->qname);
	if (t->resubmit != NULL) {
		struct dns_resolver *r = t->resubmit;

		t->resubmit = NULL;
		assert_int_equal(dns_submit(r, "second.lab.test", DNS_T_A,
		    tally_done, t), 0);
	}
}

static void
test_dns_driver_silent_server_is_timeout_not_nxdomain(void **state)
{
	struct silent *s = *state;
	struct dns_answer *a;
	struct dns_stats st;
	uint64_t t0 = dns_now_ms(), took;

	a = dns_query(s->r, "Quiet.Lab.Test.", DNS_T_A);
	took = dns_now_ms() - t0;
	assert_non_null(a);
	assert_string_equal(a->qname, "quiet.lab.test");
	assert_int_equal(a->status, DNS_FAILURE);
	assert_true(a->timed_out);
	assert_string_equal(a->reason, "timeout after 300ms");
	assert_int_equal(a->nrr, 0);
	assert_true(took >= 290);
	assert_true(took < 300 + MARGIN_MS);
	dns_answer_free(a);
	dns_get_stats(s->r, &st);
	assert_int_equal(st.queries, 1);
	assert_int_equal(st.failures, 1);
	assert_int_equal(st.timeouts, 1);
}

static void
test_dns_driver_window_bounds_inflight(void **state)
{
	struct silent *s = *state;
	struct tally t = { 0 };
	uint64_t t0, took;
	char name[64];

	/* 5 queries, 2 at a time, 300 ms each: three rounds. */
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "w%d.lab.test", i);
		assert_int_equal(dns_submit(s->r, name, DNS_T_A, tally_done,
		    &t), 0);
	}
	t0 = dns_now_ms();
	assert_int_equal(dns_run(s->r, 0), 5);
	took = dns_now_ms() - t0;
	assert_int_equal(t.n, 5);
	assert_int_equal(t.timeouts, 5);
	/* FIFO: the last one submitted completes last. */
	assert_string_equal(t.last_qname, "w4.lab.test");
	assert_true(took >= 3 * 300 - 10);
	assert_true(took < 3 * 300 + MARGIN_MS);
}

static void
test_dns_driver_overall_deadline_ends_run(void **state)
{
	struct silent *s = *state;
	struct tally t = { 0 };
	uint64_t t0 = dns_now_ms(), took;

	/* Per-query timeout 300 ms, window 2, 6 queries: would take 900. */
	for (int i = 0; i < 6; i++)
		assert_int_equal(dns_submit(s->r, "d.lab.test", DNS_T_TXT,
		    tally_done, &t), 0);
	assert_int_equal(dns_run(s->r, t0 + 400), 6);
	took = dns_now_ms() - t0;
	assert_int_equal(t.n, 6);
	assert_int_equal(t.timeouts, 6);
	assert_int_equal(t.other, 0);
	assert_non_null(strstr(t.last_reason, "run deadline passed"));
	assert_true(took < 400 + MARGIN_MS);
}

static void
test_dns_driver_callback_may_submit(void **state)
{
	struct silent *s = *state;
	struct tally t = { 0 };

	t.resubmit = s->r;
	assert_int_equal(dns_submit(s->r, "first.lab.test", DNS_T_A,
	    tally_done, &t), 0);
	assert_int_equal(dns_run(s->r, 0), 2);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.last_qname, "second.lab.test");
}

static void
test_dns_driver_rejects_bad_names(void **state)
{
	struct silent *s = *state;
	struct tally t = { 0 };
	char longlabel[70], longname[300];
	struct dns_stats st;

	memset(longlabel, 'a', 64);
	longlabel[64] = '\0';
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 64; i++)
		memcpy(longname + i * 4, "abc.", 4);	/* 256 bytes */
	assert_int_equal(dns_submit(s->r, "", DNS_T_A, tally_done, &t), -1);
	assert_int_equal(dns_submit(s->r, "a..lab.test", DNS_T_A, tally_done,
	    &t), -1);
	assert_int_equal(dns_submit(s->r, ".lab.test", DNS_T_A, tally_done,
	    &t), -1);
	assert_int_equal(dns_submit(s->r, "lab.test..", DNS_T_A, tally_done,
	    &t), -1);
	assert_int_equal(dns_submit(s->r, longlabel, DNS_T_A, tally_done, &t),
	    -1);
	assert_int_equal(dns_submit(s->r, longname, DNS_T_A, tally_done, &t),
	    -1);
	assert_int_equal(dns_submit(s->r, "sp ace.lab.test", DNS_T_A,
	    tally_done, &t), -1);
	/* 63-byte label and a 253-byte name are fine. */
	longlabel[63] = '\0';
	longname[253] = '\0';
	assert_int_equal(dns_submit(s->r, longlabel, DNS_T_A, tally_done, &t),
	    0);
	assert_int_equal(dns_submit(s->r, longname, DNS_T_A, tally_done, &t),
	    0);
	assert_int_equal(dns_submit(s->r, "_dmarc.lab.test.", DNS_T_TXT,
	    tally_done, &t), 0);
	dns_get_stats(s->r, &st);
	assert_int_equal(st.queries, 3);
	assert_int_equal(dns_run(s->r, 0), 3);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.timeouts, 3);
}

/*
 * A server that drops the first try of a query and answers the second
 * (NXDOMAIN): forwarding sends the query again within its timeout, and
 * the answer counts, not the lost try.
 */
static void
test_dns_driver_lost_try_is_sent_again(void **state)
{
	struct sockaddr_in sin = { .sin_family = AF_INET }, from;
	socklen_t len = sizeof(sin), flen;
	struct dns_options o = { 0 };
	struct dns_resolver *r;
	struct dns_answer *a;
	struct dns_stats st;
	unsigned char pkt[1500];
	char spec[64], err[256];
	uint64_t t0, took;
	ssize_t n;
	pid_t pid;
	int fd, status;
	(void)state;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd != -1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	if ((pid = fork()) == 0) {
		/* Drop the first try; answer the second with NXDOMAIN. */
		flen = sizeof(from);
		if (recvfrom(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&from,
		    &flen) < 12)
			_exit(1);
		flen = sizeof(from);
		if ((n = recvfrom(fd, pkt, sizeof(pkt), 0,
		    (struct sockaddr *)&from, &flen)) < 12)
			_exit(1);
		pkt[2] |= 0x80;				/* QR */
		pkt[3] = (unsigned char)((pkt[3] & 0xf0) | 3);	/* NXDOMAIN */
		_exit(sendto(fd, pkt, (size_t)n, 0, (struct sockaddr *)&from,
		    flen) == n ? 0 : 1);
	}
	assert_true(pid > 0);
	snprintf(spec, sizeof(spec), "127.0.0.1@%u", ntohs(sin.sin_port));
	assert_int_equal(dns_options_add_spec(&o, spec, err, sizeof(err)), 0);
	o.timeout_ms = 2000;			/* a try: 500 ms */
	r = dns_resolver_new(&o, err, sizeof(err));
	assert_non_null(r);
	assert_string_equal(dns_backend_name(r), "c-ares");
	t0 = dns_now_ms();
	a = dns_query(r, "lost.lab.test", DNS_T_A);
	took = dns_now_ms() - t0;
	assert_non_null(a);
	assert_int_equal(a->status, DNS_NXDOMAIN);
	assert_false(a->timed_out);
	dns_get_stats(r, &st);
	assert_int_equal(st.retries, 1);
	assert_int_equal(st.failures, 0);
	assert_true(took >= 500 - 10);
	assert_true(took < 2000);
	dns_answer_free(a);
	dns_resolver_free(r);
	dns_options_free(&o);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fd);
}

/*
 * Forwarding with nothing to validate goes through c-ares; a trust
 * anchor, recursion and the system resolver stay with libunbound.
 */
static void
test_dns_driver_backend_follows_mode(void **state)
{
	struct dns_options o = { 0 };
	struct dns_resolver *r;
	char err[256];
	(void)state;

	assert_int_equal(dns_options_add_spec(&o, "127.0.0.1@5353", err,
	    sizeof(err)), 0);
	assert_non_null(r = dns_resolver_new(&o, err, sizeof(err)));
	assert_string_equal(dns_backend_name(r), "c-ares");
	dns_resolver_free(r);
	o.trust_anchor = "/dev/null";
	assert_non_null(r = dns_resolver_new(&o, err, sizeof(err)));
	assert_string_equal(dns_backend_name(r), "libunbound");
	dns_resolver_free(r);
	o.trust_anchor = NULL;
	dns_options_free(&o);
	o.mode = DNS_MODE_RECURSIVE;
	assert_non_null(r = dns_resolver_new(&o, err, sizeof(err)));
	assert_string_equal(dns_backend_name(r), "libunbound");
	dns_resolver_free(r);
}

static void
test_dns_driver_bad_options(void **state)
{
	struct dns_options o = { 0 };
	char err[256];
	(void)state;

	o.root_hints = "/nonexistent/root.hints";
	assert_null(dns_resolver_new(&o, err, sizeof(err)));
	assert_string_equal(err, "root hints /nonexistent/root.hints: "
	    "No such file or directory");
	o.root_hints = NULL;
	o.trust_anchor = "/nonexistent/ta.key";
	assert_null(dns_resolver_new(&o, err, sizeof(err)));
	assert_string_equal(err, "trust anchor /nonexistent/ta.key: "
	    "No such file or directory");
	o.trust_anchor = NULL;
	o.mode = DNS_MODE_FORWARD;
	assert_null(dns_resolver_new(&o, err, sizeof(err)));
	assert_string_equal(err, "resolver: forward mode without servers");
}

static void
test_dns_status_names(void **state)
{
	(void)state;
	assert_string_equal(dns_status_name(DNS_DATA), "data");
	assert_string_equal(dns_status_name(DNS_NXDOMAIN), "NXDOMAIN");
	assert_string_equal(dns_status_name(DNS_NODATA), "NODATA");
	assert_string_equal(dns_status_name(DNS_FAILURE), "failure");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_dns_driver_silent_server_is_timeout_not_nxdomain,
		    setup_300ms, silent_teardown),
		cmocka_unit_test_setup_teardown(
		    test_dns_driver_window_bounds_inflight,
		    setup_window2, silent_teardown),
		cmocka_unit_test_setup_teardown(
		    test_dns_driver_overall_deadline_ends_run,
		    setup_window2, silent_teardown),
		cmocka_unit_test_setup_teardown(
		    test_dns_driver_callback_may_submit,
		    setup_300ms, silent_teardown),
		cmocka_unit_test_setup_teardown(
		    test_dns_driver_rejects_bad_names,
		    setup_300ms, silent_teardown),
		cmocka_unit_test(test_dns_driver_lost_try_is_sent_again),
		cmocka_unit_test(test_dns_driver_backend_follows_mode),
		cmocka_unit_test(test_dns_driver_bad_options),
		cmocka_unit_test(test_dns_status_names),
	};

	return cmocka_run_group_tests_name("dns_driver", tests, NULL, NULL);
}
