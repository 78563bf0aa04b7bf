/*
 * report_summary.h -- answers from the stored DMARC aggregate reports:
 * per domain (messages, DMARC pass share, dispositions, reporters), per
 * source IP (messages, aligned SPF/DKIM pass rates, PTR name), sources
 * new in the window and the DKIM selectors seen, as the plain data of
 * report_window.h; and the DMARC pass rate per domain for the metrics.
 */
#ifndef SENDWATCH_REPORT_SUMMARY_H
#define SENDWATCH_REPORT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor/store/report_store.h"
#include "probes/reports/report_window.h"

struct summary_opts {
	const char		*domain;	/* NULL: every domain */
	int64_t			 since;		/* Unix time; 0: all reports */
	/*
	 * Also list the sources and selectors seen since then (earlier than
	 * since), with the window's counts: 0 when they sent nothing in it;
	 * 0: since.
	 */
	int64_t			 listed_since;
	/*
	 * Names a source IP (PTR), or leaves name empty; NULL: no names.
	 * Called once per domain with every IP, before printing it.
	 */
	void			(*ptr_names)(void *arg, char **ips, size_t n,
				    char **names);
	void			*ptr_arg;
	/*
	 * Whether ip is an authorized sender for domain (1), is not (0), or
	 * nobody said (-1); NULL: never known.
	 */
	int			(*authorized)(void *arg, const char *domain,
				    const char *ip);
	void			*auth_arg;
};

/*
 * "7d", "12h", "2w", "30m" (before now), "YYYY-MM-DD" (UTC), "@UNIXTIME",
 * "all" or NULL (every report). Returns 0, or -1 with a message.
 */
int	summary_parse_since(const char *s, int64_t *since, char *err,
	    size_t errlen);

/*
 * Computes the summary of each domain with reports in the window (one,
 * with opts->domain) and hands it to fn, which must not keep it; fn
 * returns 0, or -1 to stop. Returns 0, or -1 with a message in err.
 */
int	summary_each(struct report_store *, const struct summary_opts *,
	    int (*fn)(void *arg, const struct summary_domain *), void *arg,
	    char *err, size_t errlen);

/* Frees what a summary_domain holds (not the domain name). */
void	summary_domain_free(struct summary_domain *);

/*
 * Calls fn with every domain's messages and DMARC passes in the reports
 * whose range ends at or after since, opening the database at path
 * read-only (no file or no reports yet: no calls). fn returns 0, or -1
 * to stop. Returns 0, or -1 (err set when the database failed).
 */
int	summary_pass_rates(const char *path, int64_t since,
	    int (*fn)(void *arg, const char *domain, uint64_t messages,
	    uint64_t pass), void *arg, char *err, size_t errlen);

#endif
