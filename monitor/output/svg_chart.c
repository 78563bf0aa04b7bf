/*
 * svg_chart.c -- the bar and rate chart (see svg_chart.h). The drawing
 * is a fixed 640x220 viewBox scaled by CSS: bars on the left axis (0 to
 * the largest count), the rate on the right axis (0-100 %), the first,
 * middle and last period named under the bars.
 */
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "monitor/output/html_write.h"
#include "monitor/output/svg_chart.h"

#define W	640.0
#define H	220.0
#define LEFT	48.0	/* room for the count axis */
#define RIGHT	44.0	/* room for the rate axis */
#define TOP	14.0
#define BOTTOM	30.0	/* room for the period labels */
#define MAX_BAR	28.0	/* a bar's width when there are few */

static void
period(const struct svg_chart *c, int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, c->time_format, &tm) == 0)
		snprintf(buf, len, "@%lld", (long long)t);
}

/* The count axis's top: the largest count rounded up to 1, 2 or 5 x 10^k. */
static double
nice_max(double max)
{
	double step = 1;

	if (max <= 0)
		return 1;
	while (step * 10 <= max)
		step *= 10;
	return max <= step ? step : max <= 2 * step ? 2 * step :
	    max <= 5 * step ? 5 * step : 10 * step;
}

static void
label(FILE *out, const struct svg_chart *c, double x, int64_t t,
    const char *anchor)
{
	char buf[32];

	period(c, t, buf, sizeof(buf));
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
	    "text-anchor=\"%s\">", x, H - 10, anchor);
	html_text(out, buf);
	fputs("</text>", out);
}

void
svg_chart_write(FILE *out, const struct svg_chart *c)
{
	double max = 0, top, slot, plot_w = W - LEFT - RIGHT, plot_h =
	    H - TOP - BOTTOM;
	bool any_rate = false;
	char when[32];

	if (c->n == 0) {
		fputs("<p class=\"none\">no data in the window</p>\n", out);
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i].count > max)
			max = c->v[i].count;
		any_rate = any_rate || c->v[i].rate >= 0;
	}
	top = nice_max(max);
	slot = plot_w / (double)c->n;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
	    "%.0f %.0f\" role=\"img\" aria-label=\"", W, H);
	html_text(out, c->title);
	fputs("\">", out);
	/* axes and grid: 0, half and top of the count; 0/50/100 % */
	for (int k = 0; k <= 2; k++) {
		double y = TOP + plot_h - plot_h * k / 2.0;
		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, W - RIGHT, y, y);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
		    "text-anchor=\"end\" class=\"axis-count\">%.0f</text>",
		    LEFT - 4, y + 4, top * k / 2.0);
		if (any_rate)
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\""
			    " fill=\"#2a7\">%d%%</text>", W - RIGHT + 4, y + 4,
			    k * 50);
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct svg_point *p = &c->v[i];
		double h = plot_h * p->count / top, x = LEFT + slot * (double)i,
		    bw = slot * 0.8 < MAX_BAR ? slot * 0.8 : MAX_BAR;

		period(c, p->t, when, sizeof(when));
		fprintf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%.1f\" fill=\"#69c\" "
		    "data-count=\"%.0f\"", x + (slot - bw) / 2, TOP + plot_h - h,
		    bw, h, p->count);
		if (p->rate >= 0)
			fprintf(out, " data-rate=\"%.1f\"", p->rate * 100);
		fputs("><title>", out);
		html_text(out, when);
		fprintf(out, ": %.0f ", p->count);
		html_text(out, c->count_name);
		if (p->rate >= 0) {
			fprintf(out, ", %.1f%% ", p->rate * 100);
			html_text(out, c->rate_name);
		}
		fputs("</title></rect>", out);
	}
	if (any_rate) {
		fputs("<polyline fill=\"none\" stroke=\"#2a7\" stroke-width=\"2\" "
		    "points=\"", out);
		for (size_t i = 0; i < c->n; i++)
			if (c->v[i].rate >= 0)
				fprintf(out, "%.1f,%.1f ", LEFT + slot *
				    ((double)i + 0.5), TOP + plot_h -
				    plot_h * c->v[i].rate);
		fputs("\"/>", out);
		for (size_t i = 0; i < c->n; i++)
			if (c->v[i].rate >= 0)
				fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
				    "r=\"2.5\" fill=\"#2a7\"/>", LEFT + slot *
				    ((double)i + 0.5), TOP + plot_h -
				    plot_h * c->v[i].rate);
	}
	label(out, c, LEFT, c->v[0].t, "start");
	if (c->n > 2)
		label(out, c, LEFT + slot * ((double)(c->n / 2) + 0.5),
		    c->v[c->n / 2].t, "middle");
	if (c->n > 1)
		label(out, c, W - RIGHT, c->v[c->n - 1].t, "end");
	fputs("</svg>\n<p class=\"muted\">bars: ", out);
	html_text(out, c->count_name);
	if (any_rate) {
		fputs("; line: ", out);
		html_text(out, c->rate_name);
		fputs(" (right axis)", out);
	}
	fputs("</p>\n", out);
}
