/*
 * authdns_resolver.c -- the authentication probes' queries through the
 * resolver layer (dns_query; answers freed with dns_answer_free).
 */
#include <stdlib.h>
#include <string.h>

#include "probes/dns/authdns.h"

static struct dns_answer *
authdns_resolver_query(void *ctx, const char *name, uint16_t type)
{
	struct dns_answer *a = dns_query(ctx, name, type);

	if (a == NULL) {
		/* Invalid name or out of memory: a failure, not a crash. */
		if ((a = calloc(1, sizeof(*a))) == NULL)
			return NULL;
		a->qtype = type;
		a->status = DNS_FAILURE;
		a->rcode = -1;
		memcpy(a->reason, "query refused (invalid name?)", 30);
	}
	return a;
}

static void
authdns_resolver_release(void *ctx, struct dns_answer *a)
{
	(void)ctx;
	dns_answer_free(a);
}

void
authdns_from_resolver(struct authdns *ad, struct dns_resolver *r)
{
	memset(ad, 0, sizeof(*ad));
	ad->query = authdns_resolver_query;
	ad->release = authdns_resolver_release;
	ad->ctx = r;
	ad->max_queries = 2000;
}
