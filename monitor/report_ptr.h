/*
 * report_ptr.h -- PTR names of DMARC report source IPs, through the
 * resolver layer and cached in the report store, so that a summary of a
 * large report does not wait on thousands of lookups every time.
 */
#ifndef SENDWATCH_REPORT_PTR_H
#define SENDWATCH_REPORT_PTR_H

#include <stddef.h>
#include <stdint.h>

#include "monitor/store/report_store.h"
#include "probes/dns/dns.h"

#define REPORT_PTR_MAX_AGE	(7 * 86400)	/* seconds a cached name is used */

struct report_ptr {
	struct report_store	*st;
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
