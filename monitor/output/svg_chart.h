/*
 * svg_chart.h -- our small SVG chart: bars (a count per period) with a
 * rate line (0-100 %) over them, written inline into an HTML page. No
 * script, no external resource: it draws under a Content-Security-Policy
 * of default-src 'none'. Every bar carries a <title> with its figures
 * (shown on hover and read by screen readers and tests).
 */
#ifndef SENDWATCH_SVG_CHART_H
#define SENDWATCH_SVG_CHART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct svg_point {
	int64_t		 t;		/* the period's start, unix seconds */
	double		 count;		/* the bar */
	double		 rate;		/* 0..1 for the line; < 0: none */
};

struct svg_chart {
	const char		*title;		/* aria-label; escaped */
	const char		*count_name;	/* "messages" */
	const char		*rate_name;	/* "DMARC pass" */
	const char		*time_format;	/* strftime, e.g. "%Y-%m-%d" */
	const struct svg_point	*v;		/* oldest first */
	size_t			 n;
};

/* Writes <svg>...</svg>; an empty series gives a short note instead. */
void	svg_chart_write(FILE *, const struct svg_chart *);

#endif
