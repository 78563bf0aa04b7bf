/*
 * authdns.h -- how the authentication probes (SPF, DKIM, DMARC, PTR, MX)
 * ask DNS questions: one synchronous query at a time through a pair of
 * functions. In the program they call the resolver layer (dns_query,
 * authdns_resolver.c); unit tests give them a fixture zone. Every query
 * is counted so the probes can report and bound their cost.
 */
#ifndef SENDWATCH_AUTHDNS_H
#define SENDWATCH_AUTHDNS_H

#include <stdint.h>

#include "probes/dns/dns.h"

struct authdns {
	/* Returns an answer (never NULL unless out of memory). */
	struct dns_answer	*(*query)(void *ctx, const char *name,
				    uint16_t type);
	void			 (*release)(void *ctx, struct dns_answer *);
	void			*ctx;
	unsigned		 queries;	/* made so far */
	unsigned		 max_queries;	/* 0: no bound */
};

/*
 * One query. Past max_queries, answers DNS_FAILURE "query budget
 * exhausted" without asking. Release the answer with authdns_release().
 */
struct dns_answer *authdns_query(struct authdns *, const char *name,
	    uint16_t type);
void	authdns_release(struct authdns *, struct dns_answer *);

/* Sets up ad to query through the resolver (dns_query). */
void	authdns_from_resolver(struct authdns *ad, struct dns_resolver *);

/* True when the answer says the name has no records of that type. */
#define AUTHDNS_EMPTY(a) ((a)->status == DNS_NXDOMAIN || \
	    (a)->status == DNS_NODATA)

#endif
