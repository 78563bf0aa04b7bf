/*
 * authdns.c -- counted, bounded queries for the authentication probes
 * (see authdns.h). The answer for an exhausted budget is built here and
 * freed here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dns/authdns.h"

/* Marks answers made here (not by ad->query) for authdns_release(). */
static const char authdns_budget_reason[] = "query budget exhausted";

struct dns_answer *
authdns_query(struct authdns *ad, const char *name, uint16_t type)
{
	struct dns_answer *a;

	if (ad->max_queries == 0 || ad->queries < ad->max_queries) {
		ad->queries++;
		return ad->query(ad->ctx, name, type);
	}
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->qtype = type;
	a->status = DNS_FAILURE;
	a->rcode = -1;
	snprintf(a->reason, sizeof(a->reason), "%s", authdns_budget_reason);
	a->qname = NULL;
	return a;
}

void
authdns_release(struct authdns *ad, struct dns_answer *a)
{
	if (a == NULL)
		return;
	if (a->qname == NULL && a->nrr == 0 &&
	    strcmp(a->reason, authdns_budget_reason) == 0) {
		free(a);
		return;
	}
	ad->release(ad->ctx, a);
}
