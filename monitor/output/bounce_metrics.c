/*
 * bounce_metrics.c -- bounce_stats as Prometheus metrics (see
 * bounce_metrics.h). Figures are over the logs read, so they are gauges.
 * Rates are ratios (0 to 1), as Prometheus names them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "monitor/output/bounce_metrics.h"

static const char *const bounce_outcomes[] = { "delivered", "deferred",
    "bounced" };

static int
bounce_metrics_counts(struct metrics *m, const char *family,
    const char *help, const char *domain, const struct bounce_counts *c)
{
	const uint64_t v[] = { c->delivered, c->deferred, c->bounced };
	int rc = 0;

	for (size_t i = 0; i < 3; i++) {
		struct metrics_label l[] = { { "domain", domain },
		    { "outcome", bounce_outcomes[i] } };
		rc |= metrics_add(m, family, METRICS_GAUGE, help,
		    domain ? l : l + 1, domain ? 2 : 1, (double)v[i]);
	}
	return rc;
}

int
bounce_metrics_add_counts(struct metrics *m, const struct bounce_counts *c)
{
	int rc = 0;

	rc |= bounce_metrics_counts(m, "sendwatch_deliveries",
	    "Delivery attempts in the mail logs, by outcome.", NULL, c);
	rc |= metrics_add(m, "sendwatch_bounce_rate_ratio", METRICS_GAUGE,
	    "Bounced / (delivered + bounced) in the mail logs.", NULL, 0,
	    bounce_rate(c) / 100.0);
	return rc ? -1 : 0;
}

int
bounce_metrics_add(struct metrics *m, const struct bounce_stats *st)
{
	struct strmap_entry **dom = NULL, **bl;
	struct strmap lists;
	int rc = 0, oom;

	rc |= bounce_metrics_add_counts(m, &st->total);
	for (size_t ci = 0; ci < SMTP_CAT_COUNT; ci++) {
		int c = (int)smtp_category_at(ci);
		const char *name = smtp_category_name((enum smtp_category)c);
		struct metrics_label b[] = { { "category", name },
		    { "outcome", "bounced" } };
		struct metrics_label d[] = { { "category", name },
		    { "outcome", "deferred" } };
		rc |= metrics_add(m, "sendwatch_rejections", METRICS_GAUGE,
		    "Bounces and deferrals by the kind of rejection.", b, 2,
		    (double)st->total.cat_bounced[c]);
		rc |= metrics_add(m, "sendwatch_rejections", METRICS_GAUGE,
		    "Bounces and deferrals by the kind of rejection.", d, 2,
		    (double)st->total.cat_deferred[c]);
	}
	if (st->domains.n > 0 && (dom = bounce_domains_sorted(st)) == NULL)
		goto oom;
	for (size_t i = 0; i < st->domains.n && i < BOUNCE_METRICS_DOMAINS;
	    i++) {
		struct metrics_label l[] = { { "domain", dom[i]->key } };
		rc |= bounce_metrics_counts(m, "sendwatch_domain_deliveries",
		    "Delivery attempts by outcome for the busiest recipient"
		    " domains.", dom[i]->key, dom[i]->val);
		rc |= metrics_add(m, "sendwatch_domain_bounce_rate_ratio",
		    METRICS_GAUGE, "Bounce rate of the busiest recipient"
		    " domains.", l, 1, bounce_rate(dom[i]->val) / 100.0);
	}
	free(dom);
	strmap_init(&lists, sizeof(struct bounce_blocklist));
	bl = bounce_blocklists(st, &lists, &oom);
	for (size_t i = 0; bl != NULL && i < lists.n; i++) {
		const struct bounce_blocklist *b = bl[i]->val;
		struct metrics_label l[] = { { "list", b->list },
		    { "ip", b->ip } };
		rc |= metrics_add(m, "sendwatch_blocklist_rejections",
		    METRICS_GAUGE, "Replies in which a receiver named a"
		    " blocklist.", l, 2, (double)b->count);
	}
	free(bl);
	strmap_free(&lists);
	if (oom)
		goto oom;
	return rc ? -1 : 0;
oom:
	if (m->err[0] == '\0')
		snprintf(m->err, sizeof(m->err), "bounce metrics: out of memory");
	return -1;
}
