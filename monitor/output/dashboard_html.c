/*
 * dashboard_html.c -- the dashboard's sections (see dashboard_html.h).
 * A finding's state here is its latest observation (last_state), what
 * the last cycle saw; alerts go by the confirmed state.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alert.h"
#include "monitor/output/dashboard_html.h"
#include "monitor/output/html_write.h"
#include "monitor/output/svg_chart.h"
#include "probes/finding.h"

#define MAX_ROWS	64	/* targets in a table */
#define MAX_COLS	40	/* lists in the matrix */

static const char *const auth_probes[] = { "spf", "dkim", "dmarc", "mx",
    "ptr" };
#define NAUTH	(sizeof(auth_probes) / sizeof(auth_probes[0]))

/* Distinct strings in first-seen order (borrowed), at most max. */
struct names {
	const char	*v[MAX_ROWS > MAX_COLS ? MAX_ROWS : MAX_COLS];
	size_t		 len[MAX_ROWS > MAX_COLS ? MAX_ROWS : MAX_COLS];
	size_t		 n, max, more;
};

static size_t
names_find(const struct names *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->len[i] == len && strncmp(s->v[i], name, len) == 0)
			return i;
	return s->n;
}

static void
names_add(struct names *s, const char *name, size_t len)
{
	if (names_find(s, name, len) < s->n)
		return;
	if (s->n == s->max) {
		s->more++;
		return;
	}
	s->len[s->n] = len;
	s->v[s->n++] = name;
}

static int
by_severity(const void *a, const void *b)
{
	const struct state_entry *x = *(const struct state_entry *const *)a,
	    *y = *(const struct state_entry *const *)b;

	if (finding_state_worse(x->last_state, y->last_state))
		return -1;
	if (finding_state_worse(y->last_state, x->last_state))
		return 1;
	return strcmp(x->key, y->key);
}

static void
state_cell(FILE *out, enum finding_state st, const char *title)
{
	fprintf(out, "<td class=\"%s\"", html_state_class((int)st));
	if (title != NULL) {
		fputs(" title=\"", out);
		html_text(out, title);
		fputs("\"", out);
	}
	fprintf(out, ">%s</td>", finding_state_name(st));
}

void
dashboard_problems(FILE *out, const struct state_entries *e)
{
	const struct state_entry **v;
	size_t n = 0;

	fputs("<section id=\"problems\"><h2>Current problems</h2>\n", out);
	if ((v = calloc(e->n + 1, sizeof(*v))) == NULL) {
		fputs("<p>out of memory</p></section>\n", out);
		return;
	}
	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].last_state != FINDING_OK)
			v[n++] = &e->v[i];
	qsort(v, n, sizeof(*v), by_severity);
	if (n == 0)
		fputs("<p class=\"ok\">none: every check is ok</p>\n", out);
	else
		fputs("<ul class=\"problems\">\n", out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "<li><span class=\"%s\">%s</span> <code>",
		    html_state_class((int)v[i]->last_state),
		    finding_state_name(v[i]->last_state));
		html_text(out, v[i]->key);
		fputs("</code>: ", out);
		html_text(out, v[i]->summary);
		fputs("</li>\n", out);
	}
	if (n > 0)
		fputs("</ul>\n", out);
	fputs("</section>\n", out);
	free(v);
}

/* The zone of a dnsbl key "dnsbl/ZONE/TARGET": its start and length. */
static bool
dnsbl_zone(const struct state_entry *x, const char **zone, size_t *len)
{
	size_t k = strlen(x->key), t = strlen(x->target);

	if (strcmp(x->probe, "dnsbl") != 0 || strncmp(x->key, "dnsbl/", 6) != 0 ||
	    k < 6 + t + 2 || strcmp(x->key + k - t, x->target) != 0)
		return false;
	*zone = x->key + 6;
	*len = k - t - 7;
	return true;
}

void
dashboard_matrix(FILE *out, const struct state_entries *e)
{
	struct names rows = { .max = MAX_ROWS }, cols = { .max = MAX_COLS };
	const char *zone;
	size_t zlen;

	fputs("<section id=\"blocklists\"><h2>Blocklists</h2>\n", out);
	for (size_t i = 0; i < e->n; i++)
		if (dnsbl_zone(&e->v[i], &zone, &zlen)) {
			names_add(&rows, e->v[i].target, strlen(e->v[i].target));
			names_add(&cols, zone, zlen);
		}
	if (rows.n == 0) {
		fputs("<p class=\"none\">no blocklist checked yet</p></section>\n",
		    out);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"matrix\"><tr><th>target</th>",
	    out);
	for (size_t c = 0; c < cols.n; c++) {
		char z[256];
		snprintf(z, sizeof(z), "%.*s", (int)cols.len[c], cols.v[c]);
		fputs("<th>", out);
		html_text(out, z);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (size_t r = 0; r < rows.n; r++) {
		fputs("<tr><th>", out);
		html_text(out, rows.v[r]);
		fputs("</th>", out);
		for (size_t c = 0; c < cols.n; c++) {
			const struct state_entry *hit = NULL;
			for (size_t i = 0; i < e->n && hit == NULL; i++)
				if (dnsbl_zone(&e->v[i], &zone, &zlen) &&
				    strcmp(e->v[i].target, rows.v[r]) == 0 &&
				    names_find(&cols, zone, zlen) == c)
					hit = &e->v[i];
			if (hit == NULL)
				fputs("<td class=\"none\">-</td>", out);
			else
				state_cell(out, hit->last_state, hit->summary);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table></div>\n", out);
	if (rows.more + cols.more > 0)
		fprintf(out, "<p class=\"muted\">%zu more targets and %zu more "
		    "lists not shown</p>\n", rows.more, cols.more);
	fputs("</section>\n", out);
}

static size_t
auth_index(const char *probe)
{
	size_t i;

	for (i = 0; i < NAUTH; i++)
		if (strcmp(auth_probes[i], probe) == 0)
			break;
	return i;
}

void
dashboard_auth(FILE *out, const struct state_entries *e)
{
	struct names rows = { .max = MAX_ROWS };

	fputs("<section id=\"auth\"><h2>SPF, DKIM, DMARC, MX and PTR</h2>\n",
	    out);
	for (size_t i = 0; i < e->n; i++)
		if (auth_index(e->v[i].probe) < NAUTH)
			names_add(&rows, e->v[i].target, strlen(e->v[i].target));
	if (rows.n == 0) {
		fputs("<p class=\"none\">no domain checked yet</p></section>\n",
		    out);
		return;
	}
	fputs("<div class=\"scroll\"><table class=\"auth\"><tr><th>target</th>",
	    out);
	for (size_t c = 0; c < NAUTH; c++)
		fprintf(out, "<th>%s</th>", auth_probes[c]);
	fputs("</tr>\n", out);
	for (size_t r = 0; r < rows.n; r++) {
		fputs("<tr><th>", out);
		html_text(out, rows.v[r]);
		fputs("</th>", out);
		for (size_t c = 0; c < NAUTH; c++) {
			const struct state_entry *worst = NULL;
			for (size_t i = 0; i < e->n; i++) {
				const struct state_entry *x = &e->v[i];
				if (strcmp(x->probe, auth_probes[c]) != 0 ||
				    strcmp(x->target, rows.v[r]) != 0)
					continue;
				if (worst == NULL || finding_state_worse(x->last_state,
				    worst->last_state))
					worst = x;
			}
			if (worst == NULL)
				fputs("<td class=\"none\">-</td>", out);
			else
				state_cell(out, worst->last_state,
				    worst->summary);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table></div>\n", out);
	if (rows.more > 0)
		fprintf(out, "<p class=\"muted\">%zu more targets not shown</p>\n",
		    rows.more);
	fputs("</section>\n", out);
}

void
dashboard_bounces(FILE *out, const struct dash_series *s)
{
	struct svg_chart c = { .title = "Bounce rate per hour",
	    .count_name = "delivered and bounced", .rate_name = "bounce rate",
	    .time_format = "%m-%d %H:00", .v = s->v, .n = s->n };

	fputs("<section id=\"bounces\"><h2>Bounce rate</h2>\n", out);
	svg_chart_write(out, &c);
	fputs("</section>\n", out);
}

void
dashboard_events_begin(struct dashboard_events *o, FILE *out,
    const char *window)
{
	o->out = out;
	o->last_id = 0;
	o->n = 0;
	fprintf(out, "<section id=\"events\"><h2>Events of the last %s</h2>\n"
	    "<div class=\"scroll\"><table class=\"events\"><tr><th>time</th>"
	    "<th>event</th><th>key</th><th>change</th><th>summary</th>"
	    "<th>delivery</th></tr>\n", window);
}

void
dashboard_events_row(void *arg, const struct state_event_row *r)
{
	struct dashboard_events *o = arg;
	const struct event *e = r->ev;
	FILE *out = o->out;
	char when[32];

	if (o->n == 0 || e->id != o->last_id) {
		if (o->n > 0)
			fputs("</td></tr>\n", out);
		alert_format_time(e->time, when, sizeof(when));
		fprintf(out, "<tr><td>%s</td><td>%s</td><td><code>", when,
		    event_kind_name(e->kind));
		html_text(out, e->key);
		fprintf(out, "</code></td><td>%s &rarr; <span class=\"%s\">%s"
		    "</span></td><td>", event_from_name(e),
		    html_state_class((int)e->to), finding_state_name(e->to));
		html_text(out, e->summary);
		fputs("</td><td class=\"delivery\">", out);
		o->last_id = e->id;
		o->n++;
	} else
		fputs("<br>", out);
	if (r->sink == NULL) {
		fputs("<span class=\"none\">no sink wanted it</span>", out);
		return;
	}
	html_text(out, r->sink);
	fprintf(out, ": %s", r->status);
	if (r->attempts > 1 || (r->attempts > 0 && strcmp(r->status, "sent")))
		fprintf(out, " (%d attempt%s)", r->attempts,
		    r->attempts == 1 ? "" : "s");
	if (r->last_error != NULL && strcmp(r->status, "sent") != 0) {
		fputs(", ", out);
		html_text(out, r->last_error);
	}
}

void
dashboard_events_end(struct dashboard_events *o)
{
	if (o->n > 0)
		fputs("</td></tr>\n", o->out);
	fputs("</table></div>\n", o->out);
	if (o->n == 0)
		fputs("<p class=\"none\">no events</p>\n", o->out);
	fputs("</section>\n", o->out);
}
