/*
 * report_ptr.c -- PTR names of report source IPs (RFC 1035 section 3.5,
 * RFC 3596 section 2.5): the caller's cache first, then every
 * missing address at once through the resolver layer (its window bounds
 * what is in flight), each answer written back to the cache. NXDOMAIN
 * and NODATA are cached as "no name"; failures are not cached.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "probes/reports/report_ptr.h"
#include "probes/dns/target.h"

struct lookup {
	struct report_ptr	*p;
	const char		*ip;
	char			**name;
};

/* "192.0.2.1" -> "1.2.0.192.in-addr.arpa"; -1 when not an address. */
static int
reverse_name(const char *ip, char *buf, size_t len)
{
	struct target_addr a;

	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, ip, &a.u.v4) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, ip, &a.u.v6) == 1)
		a.family = AF_INET6;
	else
		return -1;
	return target_reverse_name(&a, a.family == AF_INET ? "in-addr.arpa" :
	    "ip6.arpa", buf, len);
}

static void
on_answer(void *arg, const struct dns_answer *ans)
{
	struct lookup *l = arg;
	const char *name = "";

	if (ans->status == DNS_FAILURE) {
		l->p->failed++;
		return;
	}
	for (size_t i = 0; ans->status == DNS_DATA && i < ans->nrr; i++)
		if (ans->rr[i].type == DNS_T_PTR && ans->rr[i].u.name != NULL) {
			name = ans->rr[i].u.name;
			break;
		}
	if ((*l->name = strdup(name)) == NULL)
		return;
	l->p->looked_up++;
	if (l->p->cache != NULL)
		l->p->cache->put(l->p->cache_arg, l->ip, name);
}

void
report_ptr_names(void *arg, char **ips, size_t n, char **names)
{
	struct report_ptr *p = arg;
	struct lookup *lk = calloc(n, sizeof(*lk));
	char buf[256], rev[128];
	size_t queued = 0;

	for (size_t i = 0; i < n; i++) {
		names[i] = NULL;
		if (p->cache != NULL && p->cache->get(p->cache_arg, ips[i],
		    p->max_age, buf, sizeof(buf)) == 1) {
			names[i] = strdup(buf);
			p->cached++;
			continue;
		}
		if (p->res == NULL || lk == NULL ||
		    reverse_name(ips[i], rev, sizeof(rev)) < 0)
			continue;
		lk[queued] = (struct lookup){ p, ips[i], &names[i] };
		if (dns_submit(p->res, rev, DNS_T_PTR, on_answer,
		    &lk[queued]) == 0)
			queued++;
	}
	if (queued > 0) {
		/* All the answers written to the cache together. */
		if (p->cache != NULL && p->cache->begin != NULL)
			p->cache->begin(p->cache_arg);
		dns_run(p->res, p->deadline_ms);
		if (p->cache != NULL && p->cache->end != NULL)
			p->cache->end(p->cache_arg);
	}
	free(lk);
}
