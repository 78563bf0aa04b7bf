/*
 * dnsbl_quota.h -- per-list daily query limits for `sendwatch run`
 * ([dnsbl NAME] max_queries_per_day). Before a cycle's DNSBL run, a list
 * whose queries today plus those the run needs would pass its limit is
 * left out; each of its (list, target) pairs becomes an unknown finding
 * "not checked: daily query limit of N reached for ZONE". The counts
 * themselves live in the caller's store (the state file of `run`), read
 * through a callback; what to say about a skipped list is the caller's
 * to log.
 */
#ifndef SENDWATCH_DNSBL_QUOTA_H
#define SENDWATCH_DNSBL_QUOTA_H

#include <stdint.h>

#include "probes/dnsbl/dnsbl_setup.h"
#include "probes/finding.h"
#include "probes/dns/target.h"

/*
 * Removes from lists those past their limit and appends their unknown
 * findings to out. used(arg, zone, &n) gives the zone's queries today;
 * when it fails the list is kept. skipped(arg, why), when not NULL, gets
 * one line per list left out ("dnsbl ZONE: not checked, daily query limit
 * of N reached (T today, M needed)"). Returns 0, or -1 when out of memory.
 */
int	dnsbl_quota_apply(struct dnsbl_lists *lists,
	    const struct target_set *targets,
	    int (*used)(void *arg, const char *zone, uint64_t *n),
	    void (*skipped)(void *arg, const char *why), void *arg,
	    struct finding_list *out);

#endif
