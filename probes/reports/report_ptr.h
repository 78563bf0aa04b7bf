/*
 * report_ptr.h -- PTR names of DMARC report source IPs, through the
 * resolver layer and kept in a cache that the caller provides (the
 * report store's), so that a summary of a large report does not wait on
 * thousands of lookups every time.
 */
#ifndef SENDWATCH_REPORT_PTR_H
#define SENDWATCH_REPORT_PTR_H

#include <stddef.h>
#include <stdint.h>

#include "probes/dns/dns.h"

#define REPORT_PTR_MAX_AGE	(7 * 86400)	/* seconds a cached name is used */

/* Where names are kept between runs; every slot gets the cache's arg. */
struct report_ptr_cache {
	/* 1 found (name may be "": none), 0 not cached (or older than max_age) */
	int	(*get)(void *arg, const char *ip, int64_t max_age, char *name,
		    size_t namelen);
	int	(*put)(void *arg, const char *ip, const char *name);
	/* around the answers of one batch, written together (may be NULL) */
	void	(*begin)(void *arg);
	void	(*end)(void *arg);
};

struct report_ptr {
	const struct report_ptr_cache *cache;	/* NULL: none */
	void			*cache_arg;
	struct dns_resolver	*res;		/* NULL: the cache only */
	uint64_t		 deadline_ms;	/* for all lookups; 0: none */
	int64_t			 max_age;	/* seconds */
	size_t			 cached;	/* answers taken from the cache */
	size_t			 looked_up;	/* answers from DNS (and cached) */
	size_t			 failed;	/* DNS failures (not cached) */
};

/*
 * Names every IP in ips: names[i] becomes a malloc'ed PTR name, "" when
 * the address has none (NXDOMAIN, NODATA), or NULL when it is unknown
 * (DNS failure, not cached). Fits summary_opts.ptr_names (arg: struct
 * report_ptr). The caller frees the names.
 */
void	report_ptr_names(void *arg, char **ips, size_t n, char **names);

#endif
