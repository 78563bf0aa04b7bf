/*
 * dns.c -- the resolver driver: queries wait in a FIFO queue until the
 * in-flight window has room, are sent by a backend (dns_backend.h:
 * libunbound, or c-ares when forwarding without DNSSEC validation), and
 * their answers are parsed by dns_parse.c and handed to the callers.
 *
 * Each in-flight query gets a deadline at its first send (start +
 * timeout); as every query has the same timeout, the in-flight list
 * kept in start order is also ordered by deadline, so expiring is O(1)
 * per query and poll() sleeps until the head's deadline (or earlier
 * when the backend has a retry timer). A query a backend sends again
 * (a try lost) goes before new ones and keeps its deadline. At the
 * deadline the query is cancelled and completes as a failure
 * "timeout after Ns". The window adapts to what the server takes (see
 * struct dns_resolver). The resolver owns its queries; answers passed to
 * callbacks live only during the call.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "probes/dns/dns_backend.h"
#include "probes/dns/dns_parse.h"

#define DNS_DEFAULT_TIMEOUT_MS	5000
#define DNS_DEFAULT_INFLIGHT	1000
#define DNS_MAX_NAME		253
#define DNS_MAX_LABEL		63
#define DNS_MIN_WINDOW		16	/* the window is never cut below */
#define DNS_START_WINDOW	64
#define DNS_STOP_EVERY_MS	100	/* how often dns_set_stop's stop is asked */

struct dns_qlist {
	struct dns_q		*head, *tail;
	size_t			 n;
};

struct dns_resolver {
	const struct dns_backend *be;
	void			*b;		/* the backend's state */
	unsigned		 timeout_ms;
	unsigned		 max_inflight;
	/*
	 * The window in use, up to max_inflight, as TCP paces a sender:
	 * from DNS_START_WINDOW it grows by one per answer up to
	 * window_limit, then by one per window's worth of answers. An
	 * answer to a query whose first try was lost shows that the server
	 * (or a socket buffer) dropped what it could not take: the window
	 * is halved (at most once per timeout/4) and window_limit set
	 * there, so the server is not buried in resends. A list that never
	 * answers (a dead zone) loses tries but gives no such answer: it
	 * does not slow the others down.
	 */
	unsigned		 window;
	unsigned		 window_limit;
	unsigned		 window_acks;
	uint64_t		 window_cut_at;
	struct dns_qlist	 queued;	/* not yet sent, FIFO */
	struct dns_qlist	 resend;	/* a try lost, to send first */
	struct dns_qlist	 inflight;	/* sent, by deadline */
	struct dns_stats	 stats;
	size_t			 completed;	/* during the current dns_run */
	bool			 running;
	bool			 (*stop)(void *);	/* dns_set_stop */
	void			*stop_arg;
	uint64_t		 stop_asked;	/* when stop() was last asked */
	bool			 stopped;
};

uint64_t
dns_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
dns_qlist_append(struct dns_qlist *l, struct dns_q *q)
{
	q->next = NULL;
	q->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = q;
	else
		l->head = q;
	l->tail = q;
	l->n++;
}

static void
dns_qlist_remove(struct dns_qlist *l, struct dns_q *q)
{
	if (q->prev != NULL)
		q->prev->next = q->next;
	else
		l->head = q->next;
	if (q->next != NULL)
		q->next->prev = q->prev;
	else
		l->tail = q->prev;
	q->prev = q->next = NULL;
	l->n--;
}

/* Frees a query the backend no longer holds. */
static void
dns_q_free(struct dns_q *q)
{
	free(q->name);
	free(q);
}

void
dns_q_release(struct dns_q *q)
{
	dns_q_free(q);
}

/*
 * Counts the completion and hands a to q's callback; q is then freed,
 * or left to the backend when it still holds it (abandoned).
 */
static void
dns_deliver(struct dns_q *q, struct dns_answer *a)
{
	struct dns_resolver *r = q->r;

	if (a->status == DNS_FAILURE)
		r->stats.failures++;
	if (a->timed_out)
		r->stats.timeouts++;
	r->completed++;
	q->cb(q->arg, a);
	dns_answer_clear(a);
	if (!q->abandoned)
		dns_q_free(q);
}

/*
 * Completes q (already unlinked) as a failure: a timeout after ms when
 * timed_out (reason, if any, added in parentheses), else with reason.
 */
static void
dns_fail(struct dns_q *q, const char *reason, bool timed_out, unsigned ms)
{
	struct dns_answer a;

	if (dns_answer_init(&a, q->name, q->type) == -1) {
		/* Out of memory: the callback still hears of the query. */
		memset(&a, 0, sizeof(a));
		a.qname = q->name;
		a.qtype = q->type;
		a.status = DNS_FAILURE;
		a.rcode = a.ede_code = -1;
		snprintf(a.reason, sizeof(a.reason), "out of memory");
		q->r->stats.failures++;
		q->r->completed++;
		q->cb(q->arg, &a);
		if (!q->abandoned)
			dns_q_free(q);
		return;
	}
	if (q->r->stopped) {
		a.stopped = true;
		snprintf(a.reason, sizeof(a.reason), "stopped");
	} else if (timed_out) {
		size_t n;

		dns_answer_set_timeout(&a, ms);
		n = strlen(a.reason);
		if (reason != NULL)
			snprintf(a.reason + n, sizeof(a.reason) - n, " (%s)",
			    reason);
	} else
		snprintf(a.reason, sizeof(a.reason), "%s", reason);
	dns_deliver(q, &a);
}

void
dns_q_failed(struct dns_q *q, const char *why)
{
	if (q->abandoned) {
		dns_q_release(q);
		return;
	}
	dns_qlist_remove(&q->r->inflight, q);
	dns_fail(q, why, false, 0);
}

/*
 * An answer came: the window may grow, or shrink when the answer came
 * to a query sent again (see struct dns_resolver).
 */
static void
dns_window_answer(struct dns_resolver *r, const struct dns_q *q)
{
	uint64_t now;

	if (q->tries > 1 && (now = dns_now_ms()) >= r->window_cut_at) {
		unsigned floor = r->max_inflight < DNS_MIN_WINDOW ?
		    r->max_inflight : DNS_MIN_WINDOW;

		r->window = r->window / 2 > floor ? r->window / 2 : floor;
		r->window_limit = r->window;
		r->window_acks = 0;
		r->window_cut_at = now + r->timeout_ms / 4;
		return;
	}
	if (r->window >= r->max_inflight)
		return;
	if (r->window < r->window_limit || ++r->window_acks >= r->window) {
		r->window++;
		r->window_acks = 0;
	}
}

void
dns_q_answered(struct dns_q *q, const uint8_t *wire, size_t len, int rcode,
    bool secure, bool bogus, const char *why_bogus)
{
	struct dns_answer a;
	char why[160];

	if (q->abandoned) {
		dns_q_release(q);
		return;
	}
	dns_qlist_remove(&q->r->inflight, q);
	dns_window_answer(q->r, q);
	if (dns_answer_init(&a, q->name, q->type) == -1) {
		dns_fail(q, "out of memory", false, 0);
		return;
	}
	if (wire != NULL && len > 0) {
		if (dns_parse_packet(&a, wire, len, why, sizeof(why)) == -1) {
			dns_answer_clear(&a);
			dns_fail(q, why, false, 0);
			return;
		}
	} else
		a.rcode = rcode;
	dns_classify(&a, secure, bogus, why_bogus);
	dns_deliver(q, &a);
}

/* A try was lost: q goes out again first, before its deadline ends it. */
void
dns_q_retry(struct dns_q *q)
{
	struct dns_resolver *r = q->r;

	if (q->abandoned) {
		dns_q_release(q);
		return;
	}
	dns_qlist_remove(&r->inflight, q);
	r->stats.retries++;
	dns_qlist_append(&r->resend, q);
}

/*
 * Puts q into flight in deadline order: at the tail for a first send,
 * further up for a query sent again (its deadline is an earlier one).
 */
static void
dns_inflight_insert(struct dns_resolver *r, struct dns_q *q)
{
	struct dns_q *after = r->inflight.tail;

	while (after != NULL && after->deadline > q->deadline)
		after = after->prev;
	if (after == r->inflight.tail) {
		dns_qlist_append(&r->inflight, q);
		return;
	}
	q->prev = after;
	q->next = after != NULL ? after->next : r->inflight.head;
	q->next->prev = q;
	if (after != NULL)
		after->next = q;
	else
		r->inflight.head = q;
	r->inflight.n++;
}

/* Moves queued queries into flight while the window has room. */
static void
dns_fill(struct dns_resolver *r, uint64_t now)
{
	struct dns_q *q;
	char why[160];

	while ((r->stopped || r->inflight.n < r->window) &&
	    ((q = r->resend.head) != NULL || (q = r->queued.head) != NULL)) {
		dns_qlist_remove(q == r->resend.head ? &r->resend : &r->queued,
		    q);
		if (r->stopped) {
			dns_fail(q, NULL, false, 0);
			continue;
		}
		if (q->tries++ == 0)
			q->deadline = now + r->timeout_ms;
		dns_inflight_insert(r, q);
		if (r->be->send(r->b, q, why, sizeof(why)) == -1) {
			dns_qlist_remove(&r->inflight, q);
			dns_fail(q, why, false, 0);
		}
	}
}

/* Gives up on q (unlinked): the backend frees it now or later. */
static void
dns_cancel(struct dns_resolver *r, struct dns_q *q)
{
	if (!r->be->cancel(r->b, q))
		q->abandoned = true;
}

/* Completes every in-flight query whose deadline is at or before now. */
static void
dns_expire(struct dns_resolver *r, uint64_t now, const char *why)
{
	struct dns_q *q;

	while ((q = r->inflight.head) != NULL && q->deadline <= now) {
		dns_qlist_remove(&r->inflight, q);
		dns_cancel(r, q);
		dns_fail(q, why, true, r->timeout_ms);
	}
	/* A query waiting to be sent again whose time is up. */
	while ((q = r->resend.head) != NULL && q->deadline <= now) {
		dns_qlist_remove(&r->resend, q);
		dns_fail(q, why, true, r->timeout_ms);
	}
}

/*
 * The overall deadline passed, or the resolver was stopped: everything
 * left completes as a timeout (or as stopped).
 */
static void
dns_abandon(struct dns_resolver *r, uint64_t run_ms)
{
	struct dns_q *q;

	while ((q = r->inflight.head) != NULL || (q = r->resend.head) != NULL ||
	    (q = r->queued.head) != NULL) {
		if (q == r->inflight.head) {
			dns_qlist_remove(&r->inflight, q);
			dns_cancel(r, q);
		} else
			dns_qlist_remove(q == r->resend.head ? &r->resend :
			    &r->queued, q);
		dns_fail(q, "run deadline passed", true, (unsigned)run_ms);
	}
}

size_t
dns_run(struct dns_resolver *r, uint64_t deadline_ms)
{
	uint64_t start = dns_now_ms(), now;
	struct pollfd pfd[DNS_BACKEND_MAXFD];

	if (r->running)
		return 0;
	r->running = true;
	r->completed = 0;
	while (r->queued.n > 0 || r->resend.n > 0 || r->inflight.n > 0) {
		uint64_t wake;
		size_t nfd;
		int n, be_ms;

		now = dns_now_ms();
		if (!r->stopped && r->stop != NULL &&
		    now >= r->stop_asked + DNS_STOP_EVERY_MS) {
			r->stop_asked = now;
			r->stopped = r->stop(r->stop_arg);
		}
		if (r->stopped || (deadline_ms != 0 && now >= deadline_ms)) {
			dns_abandon(r, now - start);
			continue;
		}
		dns_expire(r, now, NULL);
		dns_fill(r, now);
		if (r->inflight.n == 0)
			continue;
		wake = r->inflight.head->deadline;
		if (deadline_ms != 0 && deadline_ms < wake)
			wake = deadline_ms;
		wake = wake > now ? wake - now : 0;
		if ((be_ms = r->be->wait_ms(r->b)) >= 0 && (uint64_t)be_ms < wake)
			wake = (uint64_t)be_ms;
		if (r->stop != NULL && wake > DNS_STOP_EVERY_MS)
			wake = DNS_STOP_EVERY_MS;
		nfd = r->be->pollfds(r->b, pfd, DNS_BACKEND_MAXFD);
		n = poll(pfd, nfd, wake > INT_MAX ? INT_MAX : (int)wake);
		if (n >= 0)
			r->be->process(r->b, pfd, n > 0 ? nfd : 0);
		else if (errno != EINTR)
			/* Cannot wait on the backend: end with failures. */
			dns_abandon(r, dns_now_ms() - start);
	}
	r->running = false;
	return r->completed;
}

/* Checks and normalises a query name: lowercase, no trailing dot. */
static char *
dns_normalise_name(const char *name)
{
	size_t n = strlen(name), label = 0;
	char *s;

	if (strcmp(name, ".") == 0)
		return strdup(".");
	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n == 0 || n > DNS_MAX_NAME)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '.') {
			if (label == 0)
				return NULL;
			label = 0;
			continue;
		}
		if (c <= ' ' || c >= 0x7f || c == '\\' || ++label > DNS_MAX_LABEL)
			return NULL;
	}
	if (label == 0 || (s = strndup(name, n)) == NULL)
		return NULL;
	for (char *p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

int
dns_submit(struct dns_resolver *r, const char *name, uint16_t type,
    dns_callback cb, void *arg)
{
	struct dns_q *q;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return -1;
	if ((q->name = dns_normalise_name(name)) == NULL) {
		free(q);
		return -1;
	}
	q->r = r;
	q->type = type;
	q->cb = cb;
	q->arg = arg;
	dns_qlist_append(&r->queued, q);
	r->stats.queries++;
	return 0;
}

static void
dns_query_done(void *arg, const struct dns_answer *a)
{
	struct dns_answer **out = arg;

	*out = dns_answer_copy(a);
}

struct dns_answer *
dns_query(struct dns_resolver *r, const char *name, uint16_t type)
{
	struct dns_answer *a = NULL;

	if (r->running) {
		/* Nested runs would re-enter ub_process: refuse. */
		return NULL;
	}
	if (dns_submit(r, name, type, dns_query_done, &a) == -1)
		return NULL;
	dns_run(r, 0);
	return a;
}

void
dns_set_stop(struct dns_resolver *r, bool (*stop)(void *), void *arg)
{
	r->stop = stop;
	r->stop_arg = arg;
	r->stop_asked = 0;
}

bool
dns_stopped(const struct dns_resolver *r)
{
	return r->stopped;
}

void
dns_get_stats(const struct dns_resolver *r, struct dns_stats *st)
{
	*st = r->stats;
}

/*
 * Forwarding with nothing to validate goes through c-ares: one socket
 * per server instead of libunbound's thread, pipe and socket per query.
 * SENDWATCH_DNS_BACKEND=libunbound forces libunbound (to compare).
 */
static const struct dns_backend *
dns_pick_backend(const struct dns_options *opt)
{
	const char *force = getenv("SENDWATCH_DNS_BACKEND");

	if (force != NULL && strcmp(force, dns_backend_unbound.name) == 0)
		return &dns_backend_unbound;
	if (opt->mode == DNS_MODE_FORWARD && opt->trust_anchor == NULL &&
	    opt->nforwarders > 0)
		return &dns_backend_cares;
	return &dns_backend_unbound;
}

struct dns_resolver *
dns_resolver_new(const struct dns_options *opt, char *err, size_t errlen)
{
	struct dns_resolver *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "resolver: out of memory");
		return NULL;
	}
	r->timeout_ms = opt->timeout_ms ? opt->timeout_ms :
	    DNS_DEFAULT_TIMEOUT_MS;
	r->max_inflight = opt->max_inflight ? opt->max_inflight :
	    DNS_DEFAULT_INFLIGHT;
	r->window = r->max_inflight < DNS_START_WINDOW ? r->max_inflight :
	    DNS_START_WINDOW;
	r->window_limit = r->max_inflight;
	r->be = dns_pick_backend(opt);
	if ((r->b = r->be->open(opt, r->timeout_ms, r->max_inflight, err,
	    errlen)) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

const char *
dns_backend_name(const struct dns_resolver *r)
{
	return r->be->name;
}

void
dns_resolver_free(struct dns_resolver *r)
{
	struct dns_q *q;

	if (r == NULL)
		return;
	/* Queries never run: dropped without callbacks. */
	while ((q = r->queued.head) != NULL || (q = r->resend.head) != NULL) {
		dns_qlist_remove(q == r->queued.head ? &r->queued : &r->resend,
		    q);
		dns_q_free(q);
	}
	r->be->close(r->b);
	free(r);
}
