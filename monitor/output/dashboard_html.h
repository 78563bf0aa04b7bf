/*
 * dashboard_html.h -- the sections of the dashboard page (GET /) drawn
 * from the state store's entries, the bounces series and the events:
 * current problems first, the blocklist matrix (targets x lists), each
 * domain's SPF/DKIM/DMARC/MX/PTR state, the bounce rate over time and
 * recent events with their delivery to each sink. The DMARC part is
 * dmarc_html.h's. Every string from outside is escaped.
 */
#ifndef SENDWATCH_DASHBOARD_HTML_H
#define SENDWATCH_DASHBOARD_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "monitor/findings_diff.h"
#include "monitor/store/dash_series.h"
#include "monitor/store/state_store.h"

void	dashboard_problems(FILE *, const struct state_entries *);
void	dashboard_matrix(FILE *, const struct state_entries *);
void	dashboard_auth(FILE *, const struct state_entries *);
void	dashboard_bounces(FILE *, const struct dash_series *);

/* Recent events: begin, one row per (event, sink) (fits
 * state_store_events with arg the FILE), end. */
struct dashboard_events {
	FILE		*out;
	int64_t		 last_id;
	size_t		 n;
};
void	dashboard_events_begin(struct dashboard_events *, FILE *,
	    const char *window);
void	dashboard_events_row(void *arg, const struct state_event_row *);
void	dashboard_events_end(struct dashboard_events *);

#endif
