/*
 * dns_batch.c -- resolver layer throughput: fires N distinct DNSBL-style
 * queries (d.c.b.a.ZONE for N consecutive IPv4 addresses, so libunbound's
 * cache does not answer them) at one forwarder, with a bounded window in
 * flight, and prints queries per second and how the answers classified.
 *
 *   build/bench/dns_batch [-n N] [-w WINDOW] [-t TIMEOUT_MS] [-z ZONE]
 *       [-s ADDR@PORT]
 *
 * The server defaults to $LAB_RBLDNSD (tests/lab/lab.sh), the zone to
 * bl.lab.test.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/dns/dns.h"

struct bench_counts {
	size_t	by_status[DNS_FAILURE + 1];
	char	first_failure[512];
};

static void
bench_done(void *arg, const struct dns_answer *a)
{
	struct bench_counts *c = arg;

	c->by_status[a->status]++;
	if (a->status == DNS_FAILURE && c->first_failure[0] == '\0')
		snprintf(c->first_failure, sizeof(c->first_failure), "%s: %s",
		    a->qname, a->reason);
}

static int
bench_number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return *s == '\0' || *end != '\0' || errno != 0 || *out == 0 ||
	    *out > max ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct dns_options opt = { 0 };
	struct bench_counts c = { 0 };
	struct dns_resolver *r;
	const char *server = getenv("LAB_RBLDNSD"), *zone = "bl.lab.test";
	unsigned long n = 100000, window = 1000, timeout = 5000;
	uint64_t t0, t1;
	char err[256];
	int ch;

	while ((ch = getopt(argc, argv, "n:w:t:z:s:")) != -1) {
		switch (ch) {
		case 'n':
		case 'w':
		case 't':
			if (bench_number(optarg, 1UL << 24, ch == 'n' ? &n :
			    ch == 'w' ? &window : &timeout) == -1) {
				fprintf(stderr, "dns_batch: -%c %s: expected a "
				    "number 1-16777216\n", ch, optarg);
				return 2;
			}
			break;
		case 'z':
			zone = optarg;
			break;
		case 's':
			server = optarg;
			break;
		default:
			fprintf(stderr, "usage: dns_batch [-n N] [-w WINDOW] "
			    "[-t TIMEOUT_MS] [-z ZONE] [-s ADDR@PORT]\n");
			return 2;
		}
	}
	if (server == NULL || *server == '\0') {
		fprintf(stderr, "dns_batch: no server: give -s ADDR@PORT or set "
		    "LAB_RBLDNSD (tests/lab/lab.sh start DIR; . DIR/env)\n");
		return 2;
	}
	if (dns_options_add_spec(&opt, server, err, sizeof(err)) == -1) {
		fprintf(stderr, "dns_batch: -s %s\n", err);
		return 2;
	}
	opt.max_inflight = (unsigned)window;
	opt.timeout_ms = (unsigned)timeout;
	if ((r = dns_resolver_new(&opt, err, sizeof(err))) == NULL) {
		fprintf(stderr, "dns_batch: %s\n", err);
		dns_options_free(&opt);
		return 2;
	}
	for (unsigned long i = 0; i < n; i++) {
		char name[300];
		/* 10.0.0.0 + i, reversed */
		snprintf(name, sizeof(name), "%lu.%lu.%lu.10.%s", i & 255,
		    (i >> 8) & 255, (i >> 16) & 255, zone);
		if (dns_submit(r, name, DNS_T_A, bench_done, &c) == -1) {
			fprintf(stderr, "dns_batch: %s: cannot submit\n", name);
			dns_resolver_free(r);
			dns_options_free(&opt);
			return 2;
		}
	}
	t0 = dns_now_ms();
	dns_run(r, 0);
	t1 = dns_now_ms();
	printf("%lu queries, window %lu, to %s: %.3f s, %.0f queries/s "
	    "(data %zu, NXDOMAIN %zu, NODATA %zu, failure %zu)\n", n, window,
	    server, (double)(t1 - t0) / 1000.0,
	    (double)n * 1000.0 / (double)(t1 > t0 ? t1 - t0 : 1),
	    c.by_status[DNS_DATA], c.by_status[DNS_NXDOMAIN],
	    c.by_status[DNS_NODATA], c.by_status[DNS_FAILURE]);
	{
		struct dns_stats st;

		dns_get_stats(r, &st);
		printf("backend %s, %llu tries lost and sent again\n",
		    dns_backend_name(r), (unsigned long long)st.retries);
	}
	if (c.first_failure[0] != '\0')
		printf("first failure: %s\n", c.first_failure);
	dns_resolver_free(r);
	dns_options_free(&opt);
	return c.by_status[DNS_FAILURE] > 0 ? 1 : 0;
}
