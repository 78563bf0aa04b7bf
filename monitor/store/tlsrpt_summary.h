/*
 * tlsrpt_summary.h -- answers from the stored TLS-RPT and DMARC failure
 * reports over a window (the plain data of tlsrpt_window.h), for
 * "sendwatch reports summary" and the service's reports probe.
 */
#ifndef SENDWATCH_TLSRPT_SUMMARY_H
#define SENDWATCH_TLSRPT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "probes/reports/tlsrpt_window.h"

#define RUF_SAMPLES	20	/* failure reports kept per source */

/*
 * Every policy domain and type (only domain, when not NULL) with a
 * report whose range ends at or after listed_since; sessions, reports
 * and counts are of the reports ending at or after since (0 when the
 * entry was seen only before), by domain, then type.
 * Returns 0 with *out (free with tlsrpt_windows_free) and *n, or -1 with
 * the reason in err.
 */
int	tlsrpt_summary_load(sqlite3 *, const char *domain, int64_t since,
	    int64_t listed_since, struct tlsrpt_window **out, size_t *n,
	    char *err, size_t errlen);
void	tlsrpt_windows_free(struct tlsrpt_window *, size_t n);

/*
 * The failure reports that arrived at or after since (about domain, when
 * not NULL), per source IP, most reports first.
 */
int	ruf_summary_load(sqlite3 *, const char *domain, int64_t since,
	    struct ruf_source **out, size_t *n, char *err, size_t errlen);
void	ruf_sources_free(struct ruf_source *, size_t n);

/* Both of a summary's window, as "reports summary" prints them. */
struct tlsrpt_summary {
	struct tlsrpt_window	*tls;
	size_t			 ntls;
	struct ruf_source	*ruf;
	size_t			 nruf;
};

/* Loads both for domain (NULL: all) since then. 0, or -1 with err. */
int	tlsrpt_summary_both(sqlite3 *, const char *domain, int64_t since,
	    struct tlsrpt_summary *, char *err, size_t errlen);
void	tlsrpt_summary_free(struct tlsrpt_summary *);

#endif
