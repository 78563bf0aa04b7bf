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

enum summary_format { SUMMARY_TEXT, SUMMARY_JSON, SUMMARY_CSV };

struct summary_printer {
	enum summary_format	 format;
	FILE			*out;
	int64_t			 since;		/* the window, for JSON */
	const char		*domain;	/* the one asked for, or NULL */
	int			 n;		/* domains printed */
};

/* The document's start (JSON) or header line (CSV). */
void	summary_print_begin(struct summary_printer *);

/* One domain (arg: struct summary_printer); fits summary_each. 0. */
int	summary_print_domain(void *arg, const struct summary_domain *);

/*
 * The document's end; for text, "no reports in the window" when no
 * domain was printed and the summary was complete.
 */
void	summary_print_end(struct summary_printer *, bool complete);

#endif
