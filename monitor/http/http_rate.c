/*
 * http_rate.c -- per-address token buckets for [http] (see http_rate.h).
 *
 * The table is set-associative, as a CPU cache is: an address hashes
 * (with a seed drawn at creation, so a client cannot aim many addresses
 * at one set) to a set of HTTP_RATE_WAYS entries, and a new address in a
 * full set takes the place of the entry seen least recently. Lookups
 * cost a few comparisons whatever the table's size, and its memory is
 * fixed at creation. An address pushed out comes back with a full
 * bucket; an entry idle long enough to have refilled loses nothing when
 * it goes, and only when more addresses than the table holds are active
 * at once can one of them start afresh early.
 *
 * Tokens are counted in units of 1/60000 of a token, so a bucket refills
 * by exactly per_minute units a millisecond: no rounding drift.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/http/http_rate.h"

#define HTTP_RATE_WAYS	8
#define UNITS_PER_TOKEN	60000ULL	/* ms in a minute */

struct rate_client {
	unsigned char	 key[16];	/* ::ffff:a.b.c.d, or a /64 */
	bool		 used;
	unsigned char	 limited;	/* bit per bucket: refused since full */
	uint64_t	 seen_ms;	/* when the buckets were last refilled */
	uint64_t	 units[HTTP_RATE_NBUCKETS];
};

struct http_rate {
	pthread_mutex_t		 mu;
	struct http_rate_limit	 limit[HTTP_RATE_NBUCKETS];
	uint64_t		 refused[HTTP_RATE_NBUCKETS];
	uint64_t		 seed;
	size_t			 nsets;
	struct rate_client	*v;		/* nsets * HTTP_RATE_WAYS */
};

/*
 * The bucket key of an address: IPv4 (also IPv4-mapped IPv6, as a
 * dual-stack socket shows IPv4 clients) as ::ffff:a.b.c.d; IPv6 as its
 * /64 with the interface half zero. The two never meet: no /64 key has
 * the ::ffff:0:0/96 form's non-zero low half. False for other families.
 */
static bool
client_key(const struct sockaddr *sa, unsigned char key[16])
{
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

	memset(key, 0, 16);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;
		memcpy(key, mapped, sizeof(mapped));
		memcpy(key + 12, &sin->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;
		const unsigned char *a = sin6->sin6_addr.s6_addr;
		memcpy(key, a, memcmp(a, mapped, sizeof(mapped)) == 0 ? 16 : 8);
		return true;
	}
	return false;
}

/* splitmix64's finaliser: every bit of x moves every bit of the result */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static size_t
set_of(const struct http_rate *rt, const unsigned char key[16])
{
	uint64_t hi, lo;

	memcpy(&hi, key, 8);
	memcpy(&lo, key + 8, 8);
	return (size_t)(mix(mix(hi ^ rt->seed) ^ lo) % rt->nsets);
}

struct http_rate *
http_rate_new(const struct http_rate_limit *limits, size_t max_clients)
{
	struct http_rate *rt;

	if ((rt = calloc(1, sizeof(*rt))) == NULL)
		return NULL;
	rt->nsets = max_clients / HTTP_RATE_WAYS +
	    (max_clients % HTTP_RATE_WAYS != 0 || max_clients == 0);
	if ((rt->v = calloc(rt->nsets * HTTP_RATE_WAYS,
	    sizeof(*rt->v))) == NULL) {
		free(rt);
		return NULL;
	}
	memcpy(rt->limit, limits, sizeof(rt->limit));
	for (int b = 0; b < HTTP_RATE_NBUCKETS; b++)
		if (rt->limit[b].burst == 0)
			rt->limit[b].burst = 1;
	arc4random_buf(&rt->seed, sizeof(rt->seed));
	pthread_mutex_init(&rt->mu, NULL);
	return rt;
}

void
http_rate_free(struct http_rate *rt)
{
	if (rt == NULL)
		return;
	pthread_mutex_destroy(&rt->mu);
	free(rt->v);
	free(rt);
}

static uint64_t
capacity(const struct http_rate *rt, int b)
{
	return rt->limit[b].burst * UNITS_PER_TOKEN;
}

/* The entry of key, found or made (full buckets) in its set. */
static struct rate_client *
client_entry(struct http_rate *rt, const unsigned char key[16],
    uint64_t now_ms)
{
	struct rate_client *set = rt->v + set_of(rt, key) * HTTP_RATE_WAYS;
	struct rate_client *victim = NULL;

	for (int w = 0; w < HTTP_RATE_WAYS; w++) {
		struct rate_client *c = &set[w];
		if (c->used && memcmp(c->key, key, 16) == 0)
			return c;
		if (victim == NULL || (victim->used && (!c->used ||
		    c->seen_ms < victim->seen_ms)))
			victim = c;
	}
	memcpy(victim->key, key, 16);
	victim->used = true;
	victim->limited = 0;
	victim->seen_ms = now_ms;
	for (int b = 0; b < HTTP_RATE_NBUCKETS; b++)
		victim->units[b] = capacity(rt, b);
	return victim;
}

/* Adds what the time since c was last seen refills, up to each size. */
static void
refill(const struct http_rate *rt, struct rate_client *c, uint64_t now_ms)
{
	uint64_t elapsed = now_ms > c->seen_ms ? now_ms - c->seen_ms : 0;

	for (int b = 0; b < HTTP_RATE_NBUCKETS; b++) {
		uint64_t cap = capacity(rt, b), per = rt->limit[b].per_minute;
		if (per == 0 || elapsed >= cap / per + 1)
			c->units[b] = cap;
		else if ((c->units[b] += elapsed * per) > cap)
			c->units[b] = cap;
		if (c->units[b] == cap)
			c->limited &= (unsigned char)~(1u << b);
	}
	if (now_ms > c->seen_ms)
		c->seen_ms = now_ms;
}

unsigned
http_rate_take(struct http_rate *rt, const struct sockaddr *client,
    enum http_rate_bucket b, uint64_t now_ms, bool *first)
{
	unsigned char key[16];
	struct rate_client *c;
	uint64_t per = rt->limit[b].per_minute, wait_ms;
	unsigned retry = 0;

	if (first != NULL)
		*first = false;
	if (per == 0 || client == NULL || !client_key(client, key))
		return 0;
	pthread_mutex_lock(&rt->mu);
	c = client_entry(rt, key, now_ms);
	refill(rt, c, now_ms);
	if (c->units[b] >= UNITS_PER_TOKEN)
		c->units[b] -= UNITS_PER_TOKEN;
	else {
		wait_ms = (UNITS_PER_TOKEN - c->units[b] + per - 1) / per;
		retry = (unsigned)((wait_ms + 999) / 1000);
		rt->refused[b]++;
		if (first != NULL)
			*first = (c->limited & (1u << b)) == 0;
		c->limited |= (unsigned char)(1u << b);
	}
	pthread_mutex_unlock(&rt->mu);
	return retry;
}

struct http_rate_limit
http_rate_limit_of(const struct http_rate *rt, enum http_rate_bucket b)
{
	return rt->limit[b];
}

uint64_t
http_rate_refused(struct http_rate *rt, enum http_rate_bucket b)
{
	uint64_t n;

	pthread_mutex_lock(&rt->mu);
	n = rt->refused[b];
	pthread_mutex_unlock(&rt->mu);
	return n;
}

size_t
http_rate_clients(struct http_rate *rt)
{
	size_t n = 0;

	pthread_mutex_lock(&rt->mu);
	for (size_t i = 0; i < rt->nsets * HTTP_RATE_WAYS; i++)
		n += rt->v[i].used;
	pthread_mutex_unlock(&rt->mu);
	return n;
}
