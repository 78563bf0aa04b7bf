/*
 * dash_series.c -- the dashboard's time series (see dash_series.h): two
 * grouped queries, one row per period.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "monitor/store/dash_series.h"

static const char dmarc_sql[] =
    "SELECT (r.date_begin / 86400) * 86400 AS day, SUM(c.count),"
    " SUM(CASE WHEN c.dkim = 'pass' OR c.spf = 'pass' THEN c.count"
    " ELSE 0 END)"
    " FROM reports r JOIN report_records c ON c.report = r.id"
    " WHERE r.domain = ?1 AND r.date_end >= ?2"
    " GROUP BY day ORDER BY day";

static const char bounces_sql[] =
    "SELECT (minute / 60) * 3600 AS hour, SUM(delivered), SUM(bounced)"
    " FROM bounce_buckets GROUP BY hour ORDER BY hour";

/* Runs a prepared statement whose rows are (t, total, part). */
static int
collect(sqlite3 *db, sqlite3_stmt *st, bool part_is_pass,
    struct dash_series *s, char *err, size_t errlen)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct svg_point *v;
		double a = (double)sqlite3_column_int64(st, 1),
		    b = (double)sqlite3_column_int64(st, 2), total;

		if ((v = realloc(s->v, (s->n + 1) * sizeof(*v))) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		s->v = v;
		/* DMARC: messages, passes; bounces: delivered, bounced */
		total = part_is_pass ? a : a + b;
		v[s->n].t = sqlite3_column_int64(st, 0);
		v[s->n].count = total;
		v[s->n].rate = total > 0 ? b / total : -1;
		s->n++;
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int
dash_dmarc_daily(sqlite3 *db, const char *domain, int64_t since,
    struct dash_series *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rv = -1;

	if (sqlite3_prepare_v2(db, dmarc_sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		goto done;
	}
	sqlite3_bind_text(st, 1, domain, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	rv = collect(db, st, true, s, err, errlen);
done:
	sqlite3_finalize(st);
	return rv;
}

int
dash_bounces_hourly(sqlite3 *db, struct dash_series *s, char *err,
    size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rv = -1;

	if (sqlite3_prepare_v2(db, bounces_sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		goto done;
	}
	rv = collect(db, st, false, s, err, errlen);
done:
	sqlite3_finalize(st);
	return rv;
}

int
dash_series_fill(struct dash_series *s, int64_t from, int64_t to,
    int64_t step)
{
	struct svg_point *v;
	size_t n = 0, k = 0;

	from -= from % step;
	to -= to % step;
	if (to < from || (to - from) / step > 10000)
		return 0;	/* nothing to fill, or not a chart's worth */
	if ((v = calloc((size_t)((to - from) / step) + 1 + s->n,
	    sizeof(*v))) == NULL)
		return -1;
	for (int64_t t = from; t <= to; t += step) {
		while (k < s->n && s->v[k].t < t)
			v[n++] = s->v[k++];	/* off the grid: kept */
		if (k < s->n && s->v[k].t == t)
			v[n++] = s->v[k++];
		else
			v[n++] = (struct svg_point){ .t = t, .count = 0,
			    .rate = -1 };
	}
	while (k < s->n)
		v[n++] = s->v[k++];
	free(s->v);
	s->v = v;
	s->n = n;
	return 0;
}

void
dash_series_free(struct dash_series *s)
{
	if (s == NULL)
		return;
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
