/*
 * dnsbl_quota.c -- leaves lists past their daily query limit out of a
 * cycle (see dnsbl_quota.h). The findings it adds are owned by the
 * caller's finding list.
 */
#include <stdio.h>

#include "probes/dnsbl/dnsbl.h"
#include "probes/dnsbl/dnsbl_quota.h"

/* One unknown finding per target the list would have checked. */
static int
quota_skip(const struct dnsbl_list *l, const struct target_set *ts,
    uint64_t today, size_t need, struct finding_list *out)
{
	char key[600], summary[512], detail[1024];

	snprintf(summary, sizeof(summary), "not checked: daily query limit of"
	    " %u reached for %s", l->max_queries_per_day, l->zone);
	snprintf(detail, sizeof(detail), "%s allows %u queries a day"
	    " (max_queries_per_day); it had %llu today and this check needs"
	    " %zu more. Checking resumes after 00:00 UTC; raise the limit if"
	    " the list's terms allow it.", l->zone, l->max_queries_per_day,
	    (unsigned long long)today, need);
	for (size_t i = 0; i < ts->n; i++) {
		if (!dnsbl_list_fits(l, ts->v[i].kind))
			continue;
		snprintf(key, sizeof(key), "dnsbl/%s/%s", l->zone, ts->v[i].name);
		if (finding_list_add(out, key, "dnsbl", ts->v[i].name,
		    FINDING_UNKNOWN, summary, detail) == NULL)
			return -1;
	}
	return 0;
}

int
dnsbl_quota_apply(struct dnsbl_lists *lists, const struct target_set *ts,
    int (*used)(void *, const char *, uint64_t *),
    void (*skipped)(void *, const char *), void *arg,
    struct finding_list *out)
{
	size_t i = 0;

	while (i < lists->n) {
		const struct dnsbl_list *l = &lists->v[i];
		size_t need = dnsbl_list_planned_queries(l, ts);
		uint64_t today = 0;

		if (l->max_queries_per_day == 0 || need == 0 ||
		    used(arg, l->zone, &today) == -1 ||
		    today + need <= l->max_queries_per_day) {
			i++;
			continue;
		}
		if (quota_skip(l, ts, today, need, out) == -1)
			return -1;
		if (skipped != NULL) {
			char why[600];
			snprintf(why, sizeof(why), "dnsbl %s: not checked, daily"
			    " query limit of %u reached (%llu today, %zu needed)",
			    l->zone, l->max_queries_per_day,
			    (unsigned long long)today, need);
			skipped(arg, why);
		}
		dnsbl_lists_remove(lists, i);
	}
	return 0;
}
