/*
 * test_http_rate.c -- the [http] rate bound's table (http_rate.c) on a
 * clock the test sets: a burst passes and the next request waits as long
 * as Retry-After says, the bucket refills at its rate and no further
 * than its size, addresses have buckets of their own (IPv4 each,
 * IPv6 per /64, IPv4-mapped IPv6 as IPv4), the /probe bucket apart from
 * the requests one, 0 per minute means no bound, a refusal is the
 * first of an episode only once until the bucket refills, and the table never
 * holds more addresses than its size however many come.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "monitor/http/http_rate.h"

/* An address as the server sees a client's: "a.b.c.d" or an IPv6 text. */
static struct sockaddr_storage
addr(const char *text)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, text, &sin->sin_addr) == 1)
		sin->sin_family = AF_INET;
	else {
		assert_int_equal(inet_pton(AF_INET6, text, &sin6->sin6_addr), 1);
		sin6->sin6_family = AF_INET6;
	}
	return ss;
}

static unsigned
take(struct http_rate *rt, const char *client, enum http_rate_bucket b,
    uint64_t now_ms)
{
	struct sockaddr_storage ss = addr(client);

	return http_rate_take(rt, (struct sockaddr *)&ss, b, now_ms, NULL);
}

/* 60 a minute (one a second), 5 at once; /probe 6 a minute, 2 at once */
static struct http_rate *
table(size_t clients)
{
	const struct http_rate_limit lim[HTTP_RATE_NBUCKETS] = {
		[HTTP_RATE_REQUESTS] = { 60, 5 },
		[HTTP_RATE_PROBES] = { 6, 2 },
	};
	struct http_rate *rt = http_rate_new(lim, clients);

	assert_non_null(rt);
	return rt;
}

static void
test_http_rate_burst_then_retry_after(void **state)
{
	struct http_rate *rt = table(64);
	uint64_t t = 1000000;

	(void)state;
	for (int i = 0; i < 5; i++)
		assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, t), 0);
	/* empty: one token comes back in 1 s */
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, t), 1);
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, t + 999), 1);
	assert_int_equal(http_rate_refused(rt, HTTP_RATE_REQUESTS), 2);
	/* when Retry-After said, one passes, then it waits again */
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, t + 1000), 0);
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, t + 1000), 1);
	/* a paced client (one a second) is never refused */
	for (int i = 2; i < 200; i++)
		assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS,
		    t + (uint64_t)i * 1000), 0);
	assert_int_equal(http_rate_refused(rt, HTTP_RATE_REQUESTS), 3);
	assert_int_equal(http_rate_refused(rt, HTTP_RATE_PROBES), 0);
	http_rate_free(rt);
}

static void
test_http_rate_refills_up_to_its_size(void **state)
{
	struct http_rate *rt = table(64);
	uint64_t t = 5000;
	int passed = 0;

	(void)state;
	for (int i = 0; i < 5; i++)
		assert_int_equal(take(rt, "192.0.2.1", HTTP_RATE_REQUESTS, t), 0);
	/* an hour idle refills 5, not 3600 */
	t += 3600 * 1000;
	for (int i = 0; i < 20; i++)
		passed += take(rt, "192.0.2.1", HTTP_RATE_REQUESTS, t) == 0;
	assert_int_equal(passed, 5);
	/* 2.5 s refill 2 tokens and half of one: two pass */
	t += 2500;
	assert_int_equal(take(rt, "192.0.2.1", HTTP_RATE_REQUESTS, t), 0);
	assert_int_equal(take(rt, "192.0.2.1", HTTP_RATE_REQUESTS, t), 0);
	assert_int_equal(take(rt, "192.0.2.1", HTTP_RATE_REQUESTS, t), 1);
	/* and the half is kept: 500 ms later the third */
	assert_int_equal(take(rt, "192.0.2.1", HTTP_RATE_REQUESTS, t + 500), 0);
	http_rate_free(rt);
}

static void
test_http_rate_addresses_apart(void **state)
{
	struct http_rate *rt = table(64);
	uint64_t t = 1;

	(void)state;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, t), 0);
		assert_int_equal(take(rt, "2001:db8:1:2::1", HTTP_RATE_REQUESTS,
		    t), 0);
	}
	assert_int_not_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, t), 0);
	/* another IPv4 address: its own bucket */
	assert_int_equal(take(rt, "127.0.0.2", HTTP_RATE_REQUESTS, t), 0);
	/* IPv4-mapped IPv6 (a dual-stack socket) is the IPv4 address */
	assert_int_not_equal(take(rt, "::ffff:127.0.0.1", HTTP_RATE_REQUESTS,
	    t), 0);
	/* the same /64, another interface identifier: the same bucket */
	assert_int_not_equal(take(rt, "2001:db8:1:2:aaaa:bbbb:cccc:dddd",
	    HTTP_RATE_REQUESTS, t), 0);
	/* the next /64: its own */
	assert_int_equal(take(rt, "2001:db8:1:3::1", HTTP_RATE_REQUESTS, t), 0);
	/* an IPv6 address whose /64 is ::/64 does not meet 127.0.0.1 */
	assert_int_equal(take(rt, "::7f00:1", HTTP_RATE_REQUESTS, t), 0);
	http_rate_free(rt);
}

static void
test_http_rate_probes_bucket_apart(void **state)
{
	struct http_rate *rt = table(64);
	uint64_t t = 1;

	(void)state;
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_PROBES, t), 0);
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_PROBES, t), 0);
	/* 6 a minute: the next in 10 s */
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_PROBES, t), 10);
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_PROBES, t + 9001), 1);
	/* the requests bucket is untouched by those */
	for (int i = 0; i < 5; i++)
		assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, t), 0);
	assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_PROBES, t + 10000), 0);
	assert_int_equal(http_rate_refused(rt, HTTP_RATE_PROBES), 2);
	assert_int_equal(http_rate_refused(rt, HTTP_RATE_REQUESTS), 0);
	http_rate_free(rt);
}

static void
test_http_rate_zero_is_no_bound(void **state)
{
	const struct http_rate_limit lim[HTTP_RATE_NBUCKETS] = {
		[HTTP_RATE_REQUESTS] = { 0, 1 },
		[HTTP_RATE_PROBES] = { 0, 1 },
	};
	struct http_rate *rt = http_rate_new(lim, 16);

	(void)state;
	assert_non_null(rt);
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, 1), 0);
		assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_PROBES, 1), 0);
	}
	assert_int_equal(http_rate_clients(rt), 0);
	http_rate_free(rt);
}

static void
test_http_rate_table_is_bounded(void **state)
{
	struct http_rate *rt = table(64);
	char a[64];
	uint64_t t = 1;

	(void)state;
	/* 100,000 addresses, a fresh one each millisecond */
	for (unsigned i = 0; i < 100000; i++, t++) {
		snprintf(a, sizeof(a), "10.%u.%u.%u", (i >> 16) & 255,
		    (i >> 8) & 255, i & 255);
		assert_int_equal(take(rt, a, HTTP_RATE_REQUESTS, t), 0);
		assert_true(http_rate_clients(rt) <= 64);
	}
	assert_int_equal(http_rate_clients(rt), 64);
	/*
	 * a client hammering all along keeps its entry, being the one seen
	 * last, so a flood of new addresses cannot refill its bucket (1 a
	 * minute here: the 20 s of the flood refill none)
	 */
	http_rate_free(rt);
	rt = http_rate_new((const struct http_rate_limit[HTTP_RATE_NBUCKETS]){
	    [HTTP_RATE_REQUESTS] = { 1, 5 }, [HTTP_RATE_PROBES] = { 1, 1 } },
	    64);
	assert_non_null(rt);
	for (int i = 0; i < 5; i++)
		assert_int_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS, 1), 0);
	for (unsigned i = 0; i < 10000; i++) {
		snprintf(a, sizeof(a), "10.0.%u.%u", (i >> 8) & 255, i & 255);
		assert_int_equal(take(rt, a, HTTP_RATE_REQUESTS, 2 + 2 * i), 0);
		assert_int_not_equal(take(rt, "127.0.0.1", HTTP_RATE_REQUESTS,
		    3 + 2 * i), 0);
	}
	http_rate_free(rt);
}

/* The first refusal of an episode, for one log line per episode. */
static void
test_http_rate_first_refusal_of_an_episode(void **state)
{
	struct http_rate *rt = table(64);
	struct sockaddr_storage one = addr("192.0.2.9");
	struct sockaddr *sa = (struct sockaddr *)&one;
	bool first = true;
	uint64_t t = 1000;
	int firsts = 0;

	(void)state;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(http_rate_take(rt, sa, HTTP_RATE_REQUESTS, t,
		    &first), 0);
		assert_false(first);
	}
	/* 100 s of a client pacing just over the rate: one episode */
	for (int i = 0; i < 200; i++, t += 500) {
		http_rate_take(rt, sa, HTTP_RATE_REQUESTS, t, &first);
		firsts += first;
	}
	assert_int_equal(firsts, 1);
	/* 5 s idle fill its bucket: the next burst over is a new episode */
	t += 5000;
	for (int i = 0; i < 5; i++)
		assert_int_equal(http_rate_take(rt, sa, HTTP_RATE_REQUESTS, t,
		    &first), 0);
	assert_int_not_equal(http_rate_take(rt, sa, HTTP_RATE_REQUESTS, t,
	    &first), 0);
	assert_true(first);
	/* each bucket has its own episodes */
	assert_int_equal(http_rate_take(rt, sa, HTTP_RATE_PROBES, t, &first), 0);
	assert_int_equal(http_rate_take(rt, sa, HTTP_RATE_PROBES, t, &first), 0);
	assert_int_not_equal(http_rate_take(rt, sa, HTTP_RATE_PROBES, t,
	    &first), 0);
	assert_true(first);
	assert_int_not_equal(http_rate_take(rt, sa, HTTP_RATE_PROBES, t,
	    &first), 0);
	assert_false(first);
	http_rate_free(rt);
}

static void
test_http_rate_other_families_pass(void **state)
{
	struct http_rate *rt = table(8);
	struct sockaddr unix_sa = { .sa_family = AF_UNIX };

	(void)state;
	for (int i = 0; i < 100; i++)
		assert_int_equal(http_rate_take(rt, &unix_sa,
		    HTTP_RATE_REQUESTS, 1, NULL), 0);
	assert_int_equal(http_rate_take(rt, NULL, HTTP_RATE_REQUESTS, 1, NULL),
	    0);
	assert_int_equal(http_rate_clients(rt), 0);
	http_rate_free(rt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_rate_burst_then_retry_after),
		cmocka_unit_test(test_http_rate_refills_up_to_its_size),
		cmocka_unit_test(test_http_rate_addresses_apart),
		cmocka_unit_test(test_http_rate_probes_bucket_apart),
		cmocka_unit_test(test_http_rate_zero_is_no_bound),
		cmocka_unit_test(test_http_rate_table_is_bounded),
		cmocka_unit_test(test_http_rate_first_refusal_of_an_episode),
		cmocka_unit_test(test_http_rate_other_families_pass),
	};

	return cmocka_run_group_tests_name("http_rate", tests, NULL, NULL);
}
