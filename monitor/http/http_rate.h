/*
 * http_rate.h -- the request-rate bound of [http]: a token bucket per
 * client address (an IPv4 address, or an IPv6 /64, the block one
 * customer or host gets), one for every request and a tighter one for
 * /probe, which runs DNS work. A request that finds its bucket empty is
 * answered 429 with Retry-After (http_route.c), so an HTTP client learns
 * when to come back rather than seeing its connection dropped.
 *
 * The table of addresses has a fixed size chosen at creation: it never
 * grows, and a new address takes the place of the one seen least
 * recently among those it competes with. Shared by the server's threads
 * (a mutex inside).
 */
#ifndef SENDWATCH_HTTP_RATE_H
#define SENDWATCH_HTTP_RATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

enum http_rate_bucket {
	HTTP_RATE_REQUESTS,	/* every request */
	HTTP_RATE_PROBES,	/* /probe requests that would run a probe */
	HTTP_RATE_NBUCKETS
};

struct http_rate_limit {
	unsigned	per_minute;	/* refill; 0: no limit */
	unsigned	burst;		/* the bucket's size, at least 1 */
};

#define HTTP_RATE_CLIENTS	4096	/* addresses remembered at once */

struct http_rate;

/*
 * A table of at most max_clients addresses (rounded up to a multiple of
 * its set size) under limits[HTTP_RATE_NBUCKETS]; NULL when out of
 * memory. The caller frees it with http_rate_free().
 */
struct http_rate *http_rate_new(const struct http_rate_limit *limits,
	    size_t max_clients);
void	http_rate_free(struct http_rate *);

/*
 * Takes one token from client's bucket at now_ms (monotonic
 * milliseconds): 0 when the request may go on, otherwise the whole
 * seconds (at least 1) until the bucket holds a token again. An address
 * of another family than AF_INET or AF_INET6 is never limited.
 * *first (may be NULL) says whether this refusal starts an episode: the
 * first since the address's bucket was last full, so a caller logging
 * only those writes one line per client that keeps going too fast.
 */
unsigned http_rate_take(struct http_rate *, const struct sockaddr *client,
	    enum http_rate_bucket, uint64_t now_ms, bool *first);

/* The limit of one bucket, as created. */
struct http_rate_limit http_rate_limit_of(const struct http_rate *,
	    enum http_rate_bucket);

/* Requests refused by one bucket since creation. */
uint64_t http_rate_refused(struct http_rate *, enum http_rate_bucket);

/* Addresses the table holds now (for tests). */
size_t	http_rate_clients(struct http_rate *);

#endif
