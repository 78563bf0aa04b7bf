/*
 * dns_backend.h -- internal to the resolver layer: what dns.c (the
 * driver: queue, window, deadlines, the poll loop) asks of the library
 * that sends the queries, and what the library tells the driver back.
 *
 * Two backends: libunbound (dns_unbound.c) for recursion, the system
 * resolver and DNSSEC validation; c-ares (dns_cares.c) for forwarding
 * without a trust anchor, where nothing needs validating and a stub
 * resolver on one socket costs a tenth of libunbound's worker thread,
 * pipe and socket per query (bench/dnsbl, README "Performance").
 */
#ifndef SENDWATCH_DNS_BACKEND_H
#define SENDWATCH_DNS_BACKEND_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/dns/dns.h"

/* One query, owned by the driver (see dns.c). */
struct dns_q {
	struct dns_q		*prev, *next;
	struct dns_resolver	*r;
	char			*name;
	uint16_t		 type;
	dns_callback		 cb;
	void			*arg;
	int			 async_id;	/* libunbound's id */
	unsigned		 tries;		/* sends so far */
	bool			 abandoned;	/* answered by us; backend frees */
	uint64_t		 deadline;	/* set at the first send */
};

/* Most descriptors a backend polls at once. */
#define DNS_BACKEND_MAXFD	16

struct dns_backend {
	const char	*name;
	/* Returns the backend's state, or NULL with a message in err. */
	void		*(*open)(const struct dns_options *, unsigned timeout_ms,
			    unsigned max_inflight, char *err, size_t errlen);
	/* Sends q; 0, or -1 with the reason in why. */
	int		 (*send)(void *, struct dns_q *, char *why, size_t len);
	/*
	 * The driver gave up on q (its deadline passed). true: q may be
	 * freed now; false: the backend still holds it and calls
	 * dns_q_release() when it lets go (q->abandoned is set).
	 */
	bool		 (*cancel)(void *, struct dns_q *);
	/* Descriptors to poll, at most DNS_BACKEND_MAXFD; returns how many. */
	size_t		 (*pollfds)(void *, struct pollfd *, size_t max);
	/* Milliseconds until the backend needs process() without I/O; -1: never. */
	int		 (*wait_ms)(void *);
	/* Handles what poll() found (revents set); answers call back. */
	void		 (*process)(void *, const struct pollfd *, size_t n);
	/* Frees the backend; abandoned queries are released. NULL is fine. */
	void		 (*close)(void *);
};

extern const struct dns_backend dns_backend_unbound;
extern const struct dns_backend dns_backend_cares;

/*
 * From the backend to the driver, one per sent query:
 * dns_q_answered: an answer (wire may be NULL: then only rcode is known);
 * dns_q_failed: no answer, with the reason; dns_q_retry: this try timed
 * out, send q again while its deadline allows; dns_q_release: an
 * abandoned query's memory (after cancel() returned false).
 */
void	dns_q_answered(struct dns_q *, const uint8_t *wire, size_t len,
	    int rcode, bool secure, bool bogus, const char *why_bogus);
void	dns_q_failed(struct dns_q *, const char *why);
void	dns_q_retry(struct dns_q *);
void	dns_q_release(struct dns_q *);

#endif
