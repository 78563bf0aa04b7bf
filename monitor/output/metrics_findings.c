/*
 * metrics_findings.c -- findings and cycle figures as metrics (see
 * metrics_findings.h). A dnsbl finding's key is "dnsbl/ZONE/TARGET": the
 * list label is the ZONE part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/output/metrics_findings.h"

int
metrics_add_findings(struct metrics *m, const struct finding_list *l)
{
	static const enum finding_state states[] = { FINDING_OK,
	    FINDING_WARNING, FINDING_CRITICAL, FINDING_UNKNOWN };
	size_t count[4] = { 0 };
	int rc = 0;

	for (size_t i = 0; i < l->n; i++)
		if ((unsigned)l->v[i].state < 4)
			count[l->v[i].state]++;
	for (size_t i = 0; i < 4; i++) {
		struct metrics_label lab[] = { { "state",
		    finding_state_name(states[i]) } };
		rc |= metrics_add(m, "sendwatch_findings", METRICS_GAUGE,
		    "Findings of the last cycle by state.", lab, 1,
		    (double)count[states[i]]);
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		char zone[256];
		const char *a, *b;

		if (strcmp(f->probe, "dnsbl") != 0 ||
		    f->state == FINDING_UNKNOWN ||
		    (a = strchr(f->key, '/')) == NULL ||
		    (b = strrchr(f->key, '/')) == a)
			continue;
		snprintf(zone, sizeof(zone), "%.*s", (int)(b - a - 1), a + 1);
		struct metrics_label lab[] = { { "list", zone },
		    { "target", f->target } };
		rc |= metrics_add(m, "sendwatch_dnsbl_listed", METRICS_GAUGE,
		    "1 when the target is listed on the blocklist, 0 when not.",
		    lab, 2, f->state == FINDING_OK ? 0 : 1);
	}
	/* the starttls probe's result: the host's earliest notAfter */
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		char *end;
		double not_after;

		if (f->result_key == NULL ||
		    strcmp(f->result_key, "cert_not_after") != 0)
			continue;
		not_after = strtod(f->result, &end);
		if (end == f->result || *end != '\0')
			continue;
		struct metrics_label lab[] = { { "host", f->target } };
		rc |= metrics_add(m, "sendwatch_tls_cert_expiry_seconds",
		    METRICS_GAUGE, "When the host's STARTTLS certificate "
		    "expires (unix time; the earliest of its addresses).", lab,
		    1, not_after);
	}
	return rc ? -1 : 0;
}

int
metrics_add_cycle(struct metrics *m, const struct metrics_cycle *c)
{
	int rc = 0;

	rc |= metrics_add(m, "sendwatch_cycle_duration_seconds", METRICS_GAUGE,
	    "How long the last cycle took.", NULL, 0, c->duration_s);
	rc |= metrics_add(m, "sendwatch_last_cycle_timestamp_seconds",
	    METRICS_GAUGE, "When the last cycle ended (unix time).", NULL, 0,
	    (double)c->finished);
	rc |= metrics_add(m, "sendwatch_dns_queries", METRICS_GAUGE,
	    "DNS queries sent in the last cycle.", NULL, 0,
	    (double)c->queries);
	rc |= metrics_add(m, "sendwatch_dns_failures", METRICS_GAUGE,
	    "Checks the last cycle could not tell (timeouts, SERVFAIL, ...).",
	    NULL, 0, (double)c->failures);
	if (c->outbox_backlog >= 0)
		rc |= metrics_add(m, "sendwatch_outbox_backlog", METRICS_GAUGE,
		    "Alerts waiting for delivery.", NULL, 0,
		    (double)c->outbox_backlog);
	rc |= metrics_add(m, "sendwatch_state_errors_total", METRICS_COUNTER,
	    "State file writes and opens that failed since the start (disk"
	    " full, read-only, removed or replaced file), and alert"
	    " delivery marks it refused (each counted once, kept in memory"
	    " and retried).", NULL, 0,
	    (double)c->state_errors);
	return rc ? -1 : 0;
}
