/*
 * dns_cares.c -- the c-ares backend of the resolver layer (see
 * dns_backend.h): forwarding to the listed servers when no trust anchor
 * asks for DNSSEC validation. One UDP socket per server carries every
 * query (c-ares keeps the query ids apart), TCP when an answer is
 * truncated; the driver's poll loop drives it through ares_getsock and
 * ares_process_fd, with no thread.
 *
 * Tries: c-ares asks each server once per try (tries = 1) and gives up
 * after a quarter of the query timeout; the driver then sends the query
 * again, before any new one, until its deadline. A loaded server (or
 * socket buffer) that drops a burst is thus asked again at the pace of
 * the window, not in a burst of resends. Answers are passed on as they
 * came (ARES_FLAG_NOCHECKRESP): SERVFAIL and REFUSED are the server's
 * answer, classified by the driver. c-ares 1.18 cannot cancel one
 * query: at the driver's deadline the query is abandoned and released
 * when c-ares ends it (at most one try later).
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ares.h>

#include "probes/dns/dns_backend.h"

/* Bounds of one try's timeout (a quarter of the query timeout). */
#define DNS_CARES_TRY_MIN_MS	250
#define DNS_CARES_TICK_MS	100	/* how often c-ares checks its timers */
/* EDNS buffer size (DNS flag day 2020): larger answers come over TCP. */
#define DNS_CARES_EDNS_SIZE	1232
/*
 * The receive buffer of the socket a window of answers arrives on: the
 * default (~200 KB, about 270 datagrams) overflows when a loaded
 * machine leaves us unscheduled while 1,000 answers come in.
 */
#define DNS_CARES_RCVBUF	(1 << 20)

struct dns_cares {
	ares_channel	 ch;
};

static void
dns_cares_done(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct dns_q *q = arg;
	char why[160];

	(void)timeouts;
	if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) {
		/* Only abandoned queries are left when the channel goes. */
		if (q->abandoned)
			dns_q_release(q);
		return;
	}
	if (abuf != NULL && alen > 0) {
		dns_q_answered(q, abuf, (size_t)alen, -1, false, false, NULL);
		return;
	}
	switch (status) {
	case ARES_ETIMEOUT:
		dns_q_retry(q);
		return;
	case ARES_ECONNREFUSED:
		snprintf(why, sizeof(why), "connection refused by the server");
		break;
	default:
		snprintf(why, sizeof(why), "resolver error: %s",
		    ares_strerror(status));
		break;
	}
	dns_q_failed(q, why);
}

/* "ADDR" or "ADDR@PORT" into node; 0, or -1. */
static int
dns_cares_server(const char *spec, struct ares_addr_port_node *node)
{
	char addr[64];
	const char *at = strrchr(spec, '@');
	size_t n = at != NULL ? (size_t)(at - spec) : strlen(spec);
	unsigned long port = 53;

	if (n >= sizeof(addr))
		return -1;
	memcpy(addr, spec, n);
	addr[n] = '\0';
	if (at != NULL) {
		char *end;

		port = strtoul(at + 1, &end, 10);
		if (at[1] == '\0' || *end != '\0' || port == 0 || port > 65535)
			return -1;
	}
	memset(node, 0, sizeof(*node));
	node->udp_port = node->tcp_port = (int)port;
	if (inet_pton(AF_INET, addr, &node->addr.addr4) == 1)
		node->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &node->addr.addr6) == 1)
		node->family = AF_INET6;
	else
		return -1;
	return 0;
}

static void dns_cares_close(void *);

/*
 * ares_library_init is not thread-safe and a resolver may be made in
 * any thread (run's [http] /probe): once per process, never undone.
 */
static pthread_once_t dns_cares_once = PTHREAD_ONCE_INIT;
static int dns_cares_init_rc;

static void
dns_cares_init(void)
{
	dns_cares_init_rc = ares_library_init(ARES_LIB_INIT_ALL);
}

static void *
dns_cares_open(const struct dns_options *opt, unsigned timeout_ms,
    unsigned max_inflight, char *err, size_t errlen)
{
	struct ares_addr_port_node *nodes = NULL;
	struct ares_options o;
	struct dns_cares *c;
	unsigned try_ms = timeout_ms / 4;
	int rc;

	(void)max_inflight;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (nodes = calloc(opt->nforwarders, sizeof(*nodes))) == NULL) {
		snprintf(err, errlen, "resolver: out of memory");
		goto fail;
	}
	for (size_t i = 0; i < opt->nforwarders; i++) {
		if (dns_cares_server(opt->forwarders[i], &nodes[i]) == -1) {
			snprintf(err, errlen, "resolver %s: expected ADDR or "
			    "ADDR@PORT", opt->forwarders[i]);
			goto fail;
		}
		nodes[i].next = i + 1 < opt->nforwarders ? &nodes[i + 1] : NULL;
	}
	if (try_ms < DNS_CARES_TRY_MIN_MS)
		try_ms = timeout_ms < DNS_CARES_TRY_MIN_MS ? timeout_ms :
		    DNS_CARES_TRY_MIN_MS;
	memset(&o, 0, sizeof(o));
	o.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_NOSEARCH |
	    ARES_FLAG_NOALIASES | ARES_FLAG_EDNS;
	o.timeout = (int)try_ms;
	o.tries = 1;
	o.ednspsz = DNS_CARES_EDNS_SIZE;
	o.socket_receive_buffer_size = DNS_CARES_RCVBUF;
	pthread_once(&dns_cares_once, dns_cares_init);
	if ((rc = dns_cares_init_rc) != ARES_SUCCESS) {
		snprintf(err, errlen, "resolver: c-ares: %s", ares_strerror(rc));
		goto fail;
	}
	if ((rc = ares_init_options(&c->ch, &o, ARES_OPT_FLAGS |
	    ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_EDNSPSZ |
	    ARES_OPT_SOCK_RCVBUF)) !=
	    ARES_SUCCESS) {
		c->ch = NULL;
		snprintf(err, errlen, "resolver: c-ares: %s", ares_strerror(rc));
		goto fail;
	}
	if ((rc = ares_set_servers_ports(c->ch, nodes)) != ARES_SUCCESS) {
		snprintf(err, errlen, "resolver: c-ares servers: %s",
		    ares_strerror(rc));
		goto fail;
	}
	free(nodes);
	return c;
fail:
	free(nodes);
	dns_cares_close(c);
	return NULL;
}

static int
dns_cares_send(void *b, struct dns_q *q, char *why, size_t len)
{
	struct dns_cares *c = b;

	(void)why;
	(void)len;
	/* Errors (a bad name, no memory) come through the callback. */
	ares_query(c->ch, q->name, 1 /* IN */, q->type, dns_cares_done, q);
	return 0;
}

static bool
dns_cares_cancel(void *b, struct dns_q *q)
{
	(void)b;
	(void)q;
	return false;
}

static size_t
dns_cares_pollfds(void *b, struct pollfd *pfd, size_t max)
{
	struct dns_cares *c = b;
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	/* ares.h's ARES_GETSOCK_* macros shift a signed 1 into bit 31. */
	unsigned bits = (unsigned)ares_getsock(c->ch, socks,
	    ARES_GETSOCK_MAXNUM);
	size_t n = 0;

	for (int i = 0; i < ARES_GETSOCK_MAXNUM && n < max; i++) {
		short ev = 0;

		if (bits & (1u << i))
			ev |= POLLIN;
		if (bits & (1u << (i + ARES_GETSOCK_MAXNUM)))
			ev |= POLLOUT;
		if (ev == 0)
			continue;
		pfd[n].fd = socks[i];
		pfd[n].events = ev;
		pfd[n++].revents = 0;
	}
	return n;
}

static int
dns_cares_wait_ms(void *b)
{
	(void)b;
	return DNS_CARES_TICK_MS;
}

static void
dns_cares_process(void *b, const struct pollfd *pfd, size_t n)
{
	struct dns_cares *c = b;
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		short in = pfd[i].revents & (POLLIN | POLLERR | POLLHUP);
		short out = pfd[i].revents & POLLOUT;

		if (in == 0 && out == 0)
			continue;
		any = true;
		ares_process_fd(c->ch, in ? pfd[i].fd : ARES_SOCKET_BAD,
		    out ? pfd[i].fd : ARES_SOCKET_BAD);
	}
	if (!any)
		/* Only the tick: let c-ares end the tries that timed out. */
		ares_process_fd(c->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
}

static void
dns_cares_close(void *b)
{
	struct dns_cares *c = b;

	if (c == NULL)
		return;
	if (c->ch != NULL)
		ares_destroy(c->ch);
	free(c);
}

const struct dns_backend dns_backend_cares = {
	.name = "c-ares",
	.open = dns_cares_open,
	.send = dns_cares_send,
	.cancel = dns_cares_cancel,
	.pollfds = dns_cares_pollfds,
	.wait_ms = dns_cares_wait_ms,
	.process = dns_cares_process,
	.close = dns_cares_close,
};
