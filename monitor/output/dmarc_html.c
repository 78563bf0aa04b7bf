/*
 * dmarc_html.c -- one domain's DMARC section (see dmarc_html.h). Every
 * string from a report (org names, PTR names, the domain itself) is
 * escaped by html_text.
 */
#include <stdio.h>

#include "monitor/output/dmarc_html.h"
#include "monitor/output/html_write.h"
#include "monitor/output/report_summary_print.h"
#include "monitor/output/svg_chart.h"

#define TOP_FAILING	10
#define MAX_NEW		20
#define MAX_REPORTERS	10

static double
pct(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

static void
source_cells(FILE *out, const struct summary_source *s)
{
	fputs("<td>", out);
	html_text(out, s->ip);
	fputs("</td><td>", out);
	if (s->ptr == NULL)
		fputs("<span class=\"none\">?</span>", out);
	else if (s->ptr[0] == '\0')
		fputs("<span class=\"none\">(no PTR)</span>", out);
	else
		html_text(out, s->ptr);
	fputs("</td>", out);
}

static void
failing(FILE *out, const struct summary_domain *d)
{
	size_t idx[TOP_FAILING], n = summary_top_failing(d, idx, TOP_FAILING);

	fputs("<h4>Top failing sources</h4>\n", out);
	if (n == 0) {
		fputs("<p class=\"none\">no source failed DMARC</p>\n", out);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"failing\"><tr><th>source"
	    "</th><th>PTR</th><th>messages</th><th>failing DMARC</th>"
	    "<th>SPF aligned</th><th>DKIM aligned</th></tr>\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct summary_source *s = &d->src[idx[i]];
		fputs("<tr>", out);
		source_cells(out, s);
		fprintf(out, "<td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
		    "<td class=\"n\">%.1f%%</td><td class=\"n\">%.1f%%</td>"
		    "</tr>\n", (unsigned long long)s->messages,
		    (unsigned long long)(s->messages - s->dmarc),
		    pct(s->spf, s->messages), pct(s->dkim, s->messages));
	}
	fputs("</table></div>\n", out);
}

static void
new_sources(FILE *out, const struct summary_domain *d)
{
	size_t shown = 0, n = 0;
	char when[32];

	for (size_t i = 0; i < d->nsrc; i++)
		n += d->src[i].is_new;
	fputs("<h4>New sources</h4>\n", out);
	if (n == 0) {
		fputs("<p class=\"none\">no source new in the window</p>\n", out);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"new\"><tr><th>source</th>"
	    "<th>PTR</th><th>first seen</th><th>messages</th><th>DMARC pass"
	    "</th></tr>\n", out);
	for (size_t i = 0; i < d->nsrc && shown < MAX_NEW; i++) {
		const struct summary_source *s = &d->src[i];
		if (!s->is_new)
			continue;
		shown++;
		html_time(s->first_seen, when, sizeof(when));
		fputs("<tr>", out);
		source_cells(out, s);
		fprintf(out, "<td>%s</td><td class=\"n\">%llu</td><td class=\"n\">"
		    "%.1f%%</td></tr>\n", when, (unsigned long long)s->messages,
		    pct(s->dmarc, s->messages));
	}
	fputs("</table></div>\n", out);
	if (n > shown)
		fprintf(out, "<p class=\"muted\">and %zu more</p>\n", n - shown);
}

static void
reporters(FILE *out, const struct summary_domain *d)
{
	fputs("<p class=\"muted reporters\">reported by: ", out);
	for (size_t i = 0; i < d->nrep && i < MAX_REPORTERS; i++) {
		if (i > 0)
			fputs(", ", out);
		html_text(out, d->rep[i].org_name[0] != '\0' ?
		    d->rep[i].org_name : "(no name)");
		fprintf(out, " (%llu)", (unsigned long long)d->rep[i].reports);
	}
	if (d->nrep > MAX_REPORTERS)
		fprintf(out, " and %zu more", d->nrep - MAX_REPORTERS);
	fputs("</p>\n", out);
}

void
dmarc_html_domain(FILE *out, const struct summary_domain *d,
    const struct dash_series *daily)
{
	struct svg_chart c = { .title = "", .count_name = "messages",
	    .rate_name = "DMARC pass", .time_format = "%Y-%m-%d",
	    .v = daily->v, .n = daily->n };
	char title[320];

	snprintf(title, sizeof(title), "DMARC of %s per day", d->domain);
	c.title = title;
	fputs("<section class=\"dmarc-domain\"><h3>", out);
	html_text(out, d->domain);
	fprintf(out, "</h3>\n<p class=\"totals\"><b class=\"messages\">%llu</b>"
	    " messages, <b class=\"pass-rate\">%.1f%%</b> pass DMARC; "
	    "disposition none %llu, quarantine %llu, reject %llu; %llu "
	    "reports</p>\n", (unsigned long long)d->t.messages,
	    pct(d->t.pass, d->t.messages), (unsigned long long)d->t.none,
	    (unsigned long long)d->t.quarantine,
	    (unsigned long long)d->t.reject, (unsigned long long)d->t.reports);
	svg_chart_write(out, &c);
	failing(out, d);
	new_sources(out, d);
	reporters(out, d);
	fputs("</section>\n", out);
}

int
dmarc_html_each(void *arg, const struct summary_domain *d)
{
	struct dmarc_html *p = arg;
	struct dash_series daily = { 0 };
	char err[256];

	if (dash_dmarc_daily(p->db, d->domain, p->since, &daily, err,
	    sizeof(err)) == -1 || (p->since > 0 && dash_series_fill(&daily,
	    p->since, p->now, 86400) == -1)) {
		fputs("<p class=\"unknown\">cannot read the daily figures: ",
		    p->out);
		html_text(p->out, err);
		fputs("</p>\n", p->out);
	}
	dmarc_html_domain(p->out, d, &daily);
	dash_series_free(&daily);
	p->n++;
	return 0;
}
