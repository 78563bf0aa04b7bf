/*
 * report_summary_print.h -- printing what the stored DMARC aggregate
 * reports say per policy domain (report_window.h): text, JSON or CSV.
 * Fed one domain at a time by the store's summary_each().
 */
#ifndef SENDWATCH_REPORT_SUMMARY_PRINT_H
#define SENDWATCH_REPORT_SUMMARY_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "probes/reports/report_window.h"
#include "probes/reports/tlsrpt_window.h"

enum summary_format { SUMMARY_TEXT, SUMMARY_JSON, SUMMARY_CSV };

struct summary_printer {
	enum summary_format	 format;
	FILE			*out;
	int64_t			 since;		/* the window, for JSON */
	const char		*domain;	/* the one asked for, or NULL */
	int			 n;		/* domains printed */
	/*
	 * TLS-RPT and failure report data, printed after the domains by
	 * summary_print_end (tlsrpt_summary_print.c); none: left out.
	 */
	const struct tlsrpt_window *tls;
	size_t			 ntls;
	const struct ruf_source	*ruf;
	size_t			 nruf;
	bool			 show_addresses; /* else local parts hidden */
};

/*
 * The indexes (into v->src) of at most max sources failing DMARC, most
 * failing first, into idx; returns how many.
 */
size_t	summary_top_failing(const struct summary_domain *v, size_t *idx,
	    size_t max);

/* The document's start (JSON) or header line (CSV). */
void	summary_print_begin(struct summary_printer *);

/* One domain (arg: struct summary_printer); fits summary_each. 0. */
int	summary_print_domain(void *arg, const struct summary_domain *);

/*
 * The document's end, after the TLS-RPT and failure report data; for
 * text, "no reports in the window" when no
 * domain was printed and the summary was complete.
 */
void	summary_print_end(struct summary_printer *, bool complete);

/* Writes s as a CSV field (RFC 4180 quoting when needed). */
void	summary_csv_field(FILE *, const char *s);

/* tlsrpt_summary_print.c: the TLS-RPT and failure report sections. */
void	tlsrpt_print_text(struct summary_printer *);
void	tlsrpt_print_json(const struct summary_printer *);
void	tlsrpt_print_csv(const struct summary_printer *);

struct report_store;
struct summary_opts;

/*
 * The whole document: begin, every domain of the store in so's window,
 * the TLS-RPT and failure report part, end (what `reports summary`
 * prints and GET /api/v1/reports/summary answers). pr->tls and pr->ruf
 * are filled and freed here. Returns 0, or -1 with the reason in err
 * (the document is then closed as incomplete).
 */
int	summary_print_all(struct summary_printer *, struct report_store *,
	    const struct summary_opts *, char *err, size_t errlen);

#endif
