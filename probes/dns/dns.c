/*
 * dns.c -- the resolver driver: one libunbound context, queries sent
 * asynchronously (ub_resolve_async, a worker thread), answers collected
 * with ub_fd + poll + ub_process, parsed by dns_parse.c.
 *
 * Queries wait in a FIFO queue until the in-flight window has room. Each
 * in-flight query gets a deadline (start + timeout); as every query has
 * the same timeout, the in-flight list kept in start order is also
 * ordered by deadline, so expiring is O(1) per query and poll() sleeps
 * until the head's deadline. libunbound's own retry schedule is much
 * longer than ours and ends in SERVFAIL: at our deadline the query is
 * ub_cancel()ed and completes as a failure "timeout after Ns".
 *
 * Modes: recursive (from the root; root hints and trust anchor from the
 * options, else Debian's /usr/share/dns/root.key), system
 * (/etc/resolv.conf and /etc/hosts), forward (every query to the listed
 * servers). The resolver owns its queries; answers passed to callbacks
 * live only during the call.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <unbound.h>

#include "probes/dns/dns_parse.h"

#define DNS_DEFAULT_TIMEOUT_MS	5000
#define DNS_DEFAULT_INFLIGHT	1000
#define DNS_ROOT_KEY		"/usr/share/dns/root.key"
#define DNS_MAX_NAME		253
#define DNS_MAX_LABEL		63

struct dns_q {
	struct dns_q		*prev, *next;
	struct dns_resolver	*r;
	char			*name;
	uint16_t		 type;
	dns_callback		 cb;
	void			*arg;
	int			 async_id;
	uint64_t		 deadline;
};

struct dns_qlist {
	struct dns_q		*head, *tail;
	size_t			 n;
};

struct dns_resolver {
	struct ub_ctx		*ctx;
	unsigned		 timeout_ms;
	unsigned		 max_inflight;
	struct dns_qlist	 queued;	/* not yet sent, FIFO */
	struct dns_qlist	 inflight;	/* sent, by deadline */
	struct dns_stats	 stats;
	size_t			 completed;	/* during the current dns_run */
	bool			 running;
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

/* Frees q's data, counts the completion and hands a to its callback. */
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
	free(q->name);
	free(q);
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
		free(q->name);
		free(q);
		return;
	}
	if (timed_out) {
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

/* libunbound's callback: one answer (or error) for an in-flight query. */
static void
dns_ub_done(void *mydata, int err, struct ub_result *res)
{
	struct dns_q *q = mydata;
	struct dns_answer a;
	char why[160];

	dns_qlist_remove(&q->r->inflight, q);
	if (err != 0 || res == NULL) {
		snprintf(why, sizeof(why), "resolver error: %s",
		    ub_strerror(err));
		ub_resolve_free(res);
		dns_fail(q, why, false, 0);
		return;
	}
	if (dns_answer_init(&a, q->name, q->type) == -1) {
		ub_resolve_free(res);
		dns_fail(q, "out of memory", false, 0);
		return;
	}
	if (res->answer_packet != NULL && res->answer_len > 0) {
		if (dns_parse_packet(&a, res->answer_packet,
		    (size_t)res->answer_len, why, sizeof(why)) == -1) {
			ub_resolve_free(res);
			dns_answer_clear(&a);
			dns_fail(q, why, false, 0);
			return;
		}
	} else
		a.rcode = res->rcode;
	dns_classify(&a, res->secure != 0, res->bogus != 0, res->why_bogus);
	ub_resolve_free(res);
	dns_deliver(q, &a);
}

/* Moves queued queries into flight while the window has room. */
static void
dns_fill(struct dns_resolver *r, uint64_t now)
{
	struct dns_q *q;
	int rc;

	while (r->inflight.n < r->max_inflight && (q = r->queued.head) != NULL) {
		dns_qlist_remove(&r->queued, q);
		q->deadline = now + r->timeout_ms;
		dns_qlist_append(&r->inflight, q);
		rc = ub_resolve_async(r->ctx, q->name, q->type, 1, q,
		    dns_ub_done, &q->async_id);
		if (rc != 0) {
			char why[160];

			dns_qlist_remove(&r->inflight, q);
			snprintf(why, sizeof(why), "resolver error: %s",
			    ub_strerror(rc));
			dns_fail(q, why, false, 0);
		}
	}
}

/* Completes every in-flight query whose deadline is at or before now. */
static void
dns_expire(struct dns_resolver *r, uint64_t now, const char *why)
{
	struct dns_q *q;

	while ((q = r->inflight.head) != NULL && q->deadline <= now) {
		ub_cancel(r->ctx, q->async_id);
		dns_qlist_remove(&r->inflight, q);
		dns_fail(q, why, true, r->timeout_ms);
	}
}

/* The overall deadline passed: everything left completes as a timeout. */
static void
dns_abandon(struct dns_resolver *r, uint64_t run_ms)
{
	struct dns_q *q;

	while ((q = r->inflight.head) != NULL || (q = r->queued.head) != NULL) {
		if (q == r->inflight.head) {
			ub_cancel(r->ctx, q->async_id);
			dns_qlist_remove(&r->inflight, q);
		} else
			dns_qlist_remove(&r->queued, q);
		dns_fail(q, "run deadline passed", true, (unsigned)run_ms);
	}
}

size_t
dns_run(struct dns_resolver *r, uint64_t deadline_ms)
{
	uint64_t start = dns_now_ms(), now;
	struct pollfd pfd;

	if (r->running)
		return 0;
	r->running = true;
	r->completed = 0;
	pfd.fd = ub_fd(r->ctx);
	pfd.events = POLLIN;
	while (r->queued.n > 0 || r->inflight.n > 0) {
		uint64_t wake;
		int n;

		now = dns_now_ms();
		if (deadline_ms != 0 && now >= deadline_ms) {
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
		n = poll(&pfd, 1, wake > INT_MAX ? INT_MAX : (int)wake);
		if (n > 0)
			ub_process(r->ctx);
		else if (n == -1 && errno != EINTR)
			/* Cannot wait on libunbound: end with failures. */
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
dns_get_stats(const struct dns_resolver *r, struct dns_stats *st)
{
	*st = r->stats;
}

/*
 * Special-use names that libunbound would otherwise answer itself with
 * NXDOMAIN, without asking anyone (its default local zones): the .test
 * TLD (RFC 6761) and the reverse zones of the documentation prefixes
 * (RFC 5737, RFC 3849). Test labs and examples live there; the servers
 * we were told to use must be the ones that answer. ("nodefault" is
 * ignored when set through ub_ctx_set_option; a "transparent" zone with
 * no local data replaces the default and resolves normally.)
 */
static const char *const dns_unblocked_zones[] = {
	"test.",
	"2.0.192.in-addr.arpa.",
	"100.51.198.in-addr.arpa.",
	"113.0.203.in-addr.arpa.",
	"8.b.d.0.1.0.0.2.ip6.arpa.",
};

/* Sets one libunbound option; returns 0 or -1 with a message in err. */
static int
dns_set_option(struct ub_ctx *ctx, const char *opt, const char *val,
    char *err, size_t errlen)
{
	int rc = ub_ctx_set_option(ctx, opt, val);

	if (rc != 0)
		snprintf(err, errlen, "resolver option %s %s: %s", opt, val,
		    ub_strerror(rc));
	return rc == 0 ? 0 : -1;
}

/* A file the resolver must read: checked now for a clear error. */
static int
dns_check_file(const char *what, const char *path, char *err, size_t errlen)
{
	if (access(path, R_OK) == 0)
		return 0;
	snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
	return -1;
}

/* Applies the mode's settings; returns 0 or -1 with a message in err. */
static int
dns_configure(struct ub_ctx *ctx, const struct dns_options *opt, char *err,
    size_t errlen)
{
	const char *ta = opt->trust_anchor;
	char num[32];
	int rc = 0;

	snprintf(num, sizeof(num), "%u", opt->max_inflight > 1024 ?
	    opt->max_inflight : 1024);
	if (dns_set_option(ctx, "num-queries-per-thread:", num, err,
	    errlen) == -1)
		return -1;
	for (size_t i = 0; i < sizeof(dns_unblocked_zones) /
	    sizeof(dns_unblocked_zones[0]); i++) {
		char zone[64];

		snprintf(zone, sizeof(zone), "%s transparent",
		    dns_unblocked_zones[i]);
		if (dns_set_option(ctx, "local-zone:", zone, err, errlen) == -1)
			return -1;
	}
	if (dns_set_option(ctx, "ede:", "yes", err, errlen) == -1)
		return -1;
	/*
	 * Sweeps ask each name once, so a big cache buys nothing and costs
	 * resident memory (the defaults add 4 MB per cache, grown per slab).
	 */
	if (dns_set_option(ctx, "msg-cache-size:", "1m", err, errlen) == -1 ||
	    dns_set_option(ctx, "rrset-cache-size:", "2m", err, errlen) == -1)
		return -1;
	switch (opt->mode) {
	case DNS_MODE_RECURSIVE:
		if (opt->root_hints != NULL) {
			if (dns_check_file("root hints", opt->root_hints, err,
			    errlen) == -1 ||
			    dns_set_option(ctx, "root-hints:", opt->root_hints,
			    err, errlen) == -1 ||
			    dns_set_option(ctx, "do-not-query-localhost:", "no",
			    err, errlen) == -1)
				return -1;
		} else if (ta == NULL && access(DNS_ROOT_KEY, R_OK) == 0)
			/* Custom roots come with their own anchor or none. */
			ta = DNS_ROOT_KEY;
		break;
	case DNS_MODE_SYSTEM:
		if ((rc = ub_ctx_resolvconf(ctx, NULL)) != 0) {
			snprintf(err, errlen, "resolver system: /etc/resolv.conf:"
			    " %s", ub_strerror(rc));
			return -1;
		}
		if ((rc = ub_ctx_hosts(ctx, NULL)) != 0) {
			snprintf(err, errlen, "resolver system: /etc/hosts: %s",
			    ub_strerror(rc));
			return -1;
		}
		break;
	case DNS_MODE_FORWARD:
		if (opt->nforwarders == 0) {
			snprintf(err, errlen, "resolver: forward mode without "
			    "servers");
			return -1;
		}
		if (dns_set_option(ctx, "do-not-query-localhost:", "no", err,
		    errlen) == -1)
			return -1;
		/*
		 * The private ranges' reverse zones (192.168.in-addr.arpa...)
		 * are the forwarder's business: a site resolver serves them,
		 * and SPF's ptr and %{p} need them answered, not NXDOMAIN.
		 */
		if (dns_set_option(ctx, "unblock-lan-zones:", "yes", err,
		    errlen) == -1)
			return -1;
		for (size_t i = 0; i < opt->nforwarders; i++) {
			if ((rc = ub_ctx_set_fwd(ctx, opt->forwarders[i])) != 0) {
				snprintf(err, errlen, "resolver %s: %s",
				    opt->forwarders[i], ub_strerror(rc));
				return -1;
			}
		}
		break;
	}
	if (ta != NULL) {
		if (dns_check_file("trust anchor", ta, err, errlen) == -1)
			return -1;
		if ((rc = ub_ctx_add_ta_file(ctx, ta)) != 0) {
			snprintf(err, errlen, "trust anchor %s: %s", ta,
			    ub_strerror(rc));
			return -1;
		}
	}
	return 0;
}

struct dns_resolver *
dns_resolver_new(const struct dns_options *opt, char *err, size_t errlen)
{
	struct dns_resolver *r;
	int rc;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "resolver: out of memory");
		return NULL;
	}
	r->timeout_ms = opt->timeout_ms ? opt->timeout_ms :
	    DNS_DEFAULT_TIMEOUT_MS;
	r->max_inflight = opt->max_inflight ? opt->max_inflight :
	    DNS_DEFAULT_INFLIGHT;
	if ((r->ctx = ub_ctx_create()) == NULL) {
		snprintf(err, errlen, "resolver: cannot create a libunbound "
		    "context");
		goto fail;
	}
	if ((rc = ub_ctx_async(r->ctx, 1)) != 0) {
		snprintf(err, errlen, "resolver: threads: %s", ub_strerror(rc));
		goto fail;
	}
	if (dns_configure(r->ctx, opt, err, errlen) == -1)
		goto fail;
	return r;
fail:
	dns_resolver_free(r);
	return NULL;
}

void
dns_resolver_free(struct dns_resolver *r)
{
	struct dns_q *q;

	if (r == NULL)
		return;
	/* Queries never run: dropped without callbacks. */
	while ((q = r->queued.head) != NULL) {
		dns_qlist_remove(&r->queued, q);
		free(q->name);
		free(q);
	}
	if (r->ctx != NULL)
		ub_ctx_delete(r->ctx);
	free(r);
}
