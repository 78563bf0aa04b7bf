/*
 * dns_unbound.c -- the libunbound backend of the resolver layer (see
 * dns_backend.h): recursion from the root, the system resolver, and
 * forwarding with DNSSEC validation. Queries go out with
 * ub_resolve_async (libunbound's worker thread); answers are collected
 * through ub_fd + poll + ub_process and handed to the driver as wire
 * format. At the driver's deadline a query is ub_cancel()ed.
 *
 * Modes: recursive (from the root; root hints and trust anchor from the
 * options, else Debian's /usr/share/dns/root.key), system
 * (/etc/resolv.conf and /etc/hosts), forward (every query to the listed
 * servers; c-ares does that instead when no trust anchor asks for
 * validation, see dns.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unbound.h>

#include "probes/dns/dns_backend.h"

#define DNS_ROOT_KEY		"/usr/share/dns/root.key"

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
dns_configure(struct ub_ctx *ctx, const struct dns_options *opt,
    unsigned max_inflight, char *err, size_t errlen)
{
	const char *ta = opt->trust_anchor;
	char num[32];
	int rc = 0;

	snprintf(num, sizeof(num), "%u", max_inflight > 1024 ?
	    max_inflight : 1024);
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

/* libunbound's callback: one answer (or error) for an in-flight query. */
static void
dns_ub_done(void *mydata, int err, struct ub_result *res)
{
	struct dns_q *q = mydata;
	char why[160];

	if (err != 0 || res == NULL) {
		snprintf(why, sizeof(why), "resolver error: %s",
		    ub_strerror(err));
		ub_resolve_free(res);
		dns_q_failed(q, why);
		return;
	}
	dns_q_answered(q, res->answer_packet, res->answer_packet != NULL &&
	    res->answer_len > 0 ? (size_t)res->answer_len : 0, res->rcode,
	    res->secure != 0, res->bogus != 0, res->why_bogus);
	ub_resolve_free(res);
}

static void *
dns_ub_open(const struct dns_options *opt, unsigned timeout_ms,
    unsigned max_inflight, char *err, size_t errlen)
{
	struct ub_ctx *ctx;
	int rc;

	(void)timeout_ms;
	if ((ctx = ub_ctx_create()) == NULL) {
		snprintf(err, errlen, "resolver: cannot create a libunbound "
		    "context");
		return NULL;
	}
	if ((rc = ub_ctx_async(ctx, 1)) != 0) {
		snprintf(err, errlen, "resolver: threads: %s", ub_strerror(rc));
		ub_ctx_delete(ctx);
		return NULL;
	}
	if (dns_configure(ctx, opt, max_inflight, err, errlen) == -1) {
		ub_ctx_delete(ctx);
		return NULL;
	}
	return ctx;
}

static int
dns_ub_send(void *b, struct dns_q *q, char *why, size_t len)
{
	int rc = ub_resolve_async(b, q->name, q->type, 1, q, dns_ub_done,
	    &q->async_id);

	if (rc == 0)
		return 0;
	snprintf(why, len, "resolver error: %s", ub_strerror(rc));
	return -1;
}

static bool
dns_ub_cancel(void *b, struct dns_q *q)
{
	ub_cancel(b, q->async_id);
	return true;
}

static size_t
dns_ub_pollfds(void *b, struct pollfd *pfd, size_t max)
{
	if (max == 0)
		return 0;
	pfd->fd = ub_fd(b);
	pfd->events = POLLIN;
	pfd->revents = 0;
	return 1;
}

static int
dns_ub_wait_ms(void *b)
{
	(void)b;
	return -1;
}

static void
dns_ub_process(void *b, const struct pollfd *pfd, size_t n)
{
	if (n > 0 && pfd->revents != 0)
		ub_process(b);
}

static void
dns_ub_close(void *b)
{
	if (b != NULL)
		ub_ctx_delete(b);
}

const struct dns_backend dns_backend_unbound = {
	.name = "libunbound",
	.open = dns_ub_open,
	.send = dns_ub_send,
	.cancel = dns_ub_cancel,
	.pollfds = dns_ub_pollfds,
	.wait_ms = dns_ub_wait_ms,
	.process = dns_ub_process,
	.close = dns_ub_close,
};
