/*
 * report_summary.c -- what the stored DMARC aggregate reports say, per
 * policy domain over a window (the data of report_window.h; printed by
 * monitor/output/report_summary_print.c, judged by the reports probe). A report is in the window
 * when its date range ends at or after --since. A message passes DMARC
 * when the receiver evaluated aligned DKIM or aligned SPF as pass
 * (policy_evaluated, RFC 7489 section 4.2). A source is new when the
 * first report that ever mentioned it for that domain began inside the
 * window. The caller owns the store; summary_domain_free frees what a
 * domain holds.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "monitor/store/db.h"
#include "monitor/store/report_summary.h"
#include "probes/dns/orgdomain.h"

#define WINDOW "r.date_end >= ?1 AND r.domain = ?2"

static const char sql_domains[] =
    "SELECT DISTINCT r.domain FROM reports r WHERE r.date_end >= ?3 AND "
    "(?2 IS NULL OR r.domain = ?2) ORDER BY r.domain";
static const char sql_totals[] =
    "SELECT COALESCE(SUM(c.count), 0),"
    " COALESCE(SUM(CASE WHEN c.dkim = 'pass' OR c.spf = 'pass'"
    "  THEN c.count ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN c.disposition = 'none' THEN c.count END), 0),"
    " COALESCE(SUM(CASE WHEN c.disposition = 'quarantine' THEN c.count END), 0),"
    " COALESCE(SUM(CASE WHEN c.disposition = 'reject' THEN c.count END), 0),"
    " (SELECT COUNT(*) FROM reports r WHERE " WINDOW ")"
    " FROM reports r JOIN report_records c ON c.report = r.id WHERE " WINDOW;
static const char sql_reporters[] =
    "SELECT r.org_name, COUNT(*), SUM(r.messages) FROM reports r WHERE "
    WINDOW " GROUP BY r.org_name ORDER BY 3 DESC, 1";
/*
 * One pass over the domain's records: the window's sums, all time's
 * first; listed when seen since ?3 (listed_since, at most ?1).
 */
#define IN_WINDOW "r.date_end >= ?1"
static const char sql_sources[] =
    "SELECT c.source_ip,"
    " SUM(CASE WHEN " IN_WINDOW " THEN c.count ELSE 0 END),"
    " SUM(CASE WHEN " IN_WINDOW " AND c.spf = 'pass' THEN c.count ELSE 0 END),"
    " SUM(CASE WHEN " IN_WINDOW " AND c.dkim = 'pass' THEN c.count ELSE 0 END),"
    " SUM(CASE WHEN " IN_WINDOW " AND (c.dkim = 'pass' OR c.spf = 'pass')"
    "  THEN c.count ELSE 0 END),"
    " MIN(r.date_begin)"
    " FROM reports r JOIN report_records c ON c.report = r.id"
    " WHERE r.domain = ?2 GROUP BY c.source_ip"
    " HAVING SUM(CASE WHEN r.date_end >= ?3 THEN 1 ELSE 0 END) > 0"
    " ORDER BY 2 DESC, 1";
static const char sql_selectors[] =
    "SELECT d.domain, d.selector,"
    " SUM(CASE WHEN " IN_WINDOW " THEN c.count ELSE 0 END),"
    " SUM(CASE WHEN " IN_WINDOW " AND d.result = 'pass' THEN c.count"
    "  ELSE 0 END)"
    " FROM reports r JOIN report_records c ON c.report = r.id"
    " JOIN report_dkim d ON d.record = c.id"
    " WHERE r.date_end >= ?3 AND r.domain = ?2"
    " AND d.selector IS NOT NULL AND d.selector != ''"
    " GROUP BY d.domain, d.selector ORDER BY 3 DESC, 1, 2";


static const struct {
	const char	*suffix;
	int64_t		 seconds;
} units[] = {
	{ "m", 60 }, { "h", 3600 }, { "d", 86400 }, { "w", 7 * 86400 },
};

int
summary_parse_since(const char *s, int64_t *since, char *err, size_t errlen)
{
	char *end;
	long long v;
	struct tm tm;

	*since = 0;
	if (s == NULL || strcmp(s, "all") == 0)
		return 0;
	if (s[0] == '@') {
		errno = 0;
		v = strtoll(s + 1, &end, 10);
		if (errno == 0 && end != s + 1 && *end == '\0' && v >= 0) {
			*since = v;
			return 0;
		}
	} else if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%d", &tm);
		if (end != NULL && *end == '\0') {
			*since = (int64_t)timegm(&tm);
			return 0;
		}
	} else if (isdigit((unsigned char)s[0])) {
		errno = 0;
		v = strtoll(s, &end, 10);
		for (size_t i = 0; errno == 0 && i < sizeof(units) /
		    sizeof(units[0]); i++)
			if (strcmp(end, units[i].suffix) == 0 &&
			    v <= INT64_MAX / units[i].seconds) {
				*since = (int64_t)time(NULL) - v * units[i].seconds;
				if (*since < 0)
					*since = 0;
				return 0;
			}
	}
	snprintf(err, errlen, "expected a duration such as 7d, 12h, 2w, a date "
	    "YYYY-MM-DD, @UNIXTIME or all, got \"%s\"", s);
	return -1;
}

/* ?1 since, ?2 domain (NULL: any), ?3 listed since (when the SQL has it). */
static sqlite3_stmt *
prepare(sqlite3 *db, const char *sql, const char *domain,
    const struct summary_opts *o, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int64_t listed = o->listed_since > 0 && o->listed_since < o->since ?
	    o->listed_since : o->since;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "database: %s", sqlite3_errmsg(db));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, o->since);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, listed);
	if (domain != NULL)
		sqlite3_bind_text(st, 2, domain, -1, SQLITE_TRANSIENT);
	return st;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	return v != NULL ? (const char *)v : "";
}

static uint64_t
ucol(sqlite3_stmt *st, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(st, i);

	return v > 0 ? (uint64_t)v : 0;
}

void
summary_domain_free(struct summary_domain *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->nsrc; i++) {
		free(v->src[i].ip);
		free(v->src[i].ptr);
	}
	for (size_t i = 0; i < v->nsel; i++) {
		free(v->sel[i].domain);
		free(v->sel[i].selector);
	}
	for (size_t i = 0; i < v->nrep; i++)
		free(v->rep[i].org_name);
	free(v->src);
	free(v->sel);
	free(v->rep);
	v->src = NULL;
	v->sel = NULL;
	v->rep = NULL;
	v->nsrc = v->nsel = v->nrep = 0;
}

/*
 * arr (n elements of size bytes) with room for one more, zeroed: grown
 * to 8, then doubled whenever n reaches a power of two. NULL when out
 * of memory (arr is left as it was).
 */
static void *
grow(void *arr, size_t n, size_t size)
{
	void *v = arr;

	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
		if ((v = reallocarray(arr, n == 0 ? 8 : n * 2, size)) == NULL)
			return NULL;
	}
	memset((char *)v + n * size, 0, size);
	return v;
}

/* One row of the sources, selectors or reporters; -1 when out of memory. */
static int
row_source(struct summary_domain *v, const struct summary_opts *o,
    sqlite3_stmt *st)
{
	struct summary_source *s;

	if ((s = grow(v->src, v->nsrc, sizeof(*s))) == NULL)
		return -1;
	v->src = s;
	s = &v->src[v->nsrc];
	if ((s->ip = strdup(col(st, 0))) == NULL)
		return -1;
	v->nsrc++;
	s->messages = ucol(st, 1);
	s->spf = ucol(st, 2);
	s->dkim = ucol(st, 3);
	s->dmarc = ucol(st, 4);
	s->first_seen = sqlite3_column_int64(st, 5);
	s->is_new = o->since > 0 && s->first_seen >= o->since;
	/* nothing in the window (only listed): nothing to judge */
	s->authorized = o->authorized != NULL && s->messages > 0 ?
	    o->authorized(o->auth_arg, v->domain, s->ip) : -1;
	return 0;
}

static int
row_selector(struct summary_domain *v, const struct summary_opts *o,
    sqlite3_stmt *st)
{
	struct summary_selector *k;

	(void)o;
	if ((k = grow(v->sel, v->nsel, sizeof(*k))) == NULL)
		return -1;
	v->sel = k;
	k = &v->sel[v->nsel];
	k->domain = strdup(col(st, 0));
	k->selector = strdup(col(st, 1));
	v->nsel++;
	if (k->domain == NULL || k->selector == NULL)
		return -1;
	k->messages = ucol(st, 2);
	k->pass = ucol(st, 3);
	return 0;
}

static int
row_reporter(struct summary_domain *v, const struct summary_opts *o,
    sqlite3_stmt *st)
{
	struct summary_reporter *r;

	(void)o;
	if ((r = grow(v->rep, v->nrep, sizeof(*r))) == NULL)
		return -1;
	v->rep = r;
	r = &v->rep[v->nrep];
	if ((r->org_name = strdup(col(st, 0))) == NULL)
		return -1;
	v->nrep++;
	r->reports = ucol(st, 1);
	r->messages = ucol(st, 2);
	return 0;
}

/* The window's sources, selectors and reporters of v, busiest first. */
static const struct {
	const char	*sql;
	int		(*row)(struct summary_domain *,
			    const struct summary_opts *, sqlite3_stmt *);
} lists[] = {
	{ sql_sources, row_source },
	{ sql_selectors, row_selector },
	{ sql_reporters, row_reporter },
};

static int
load_lists(sqlite3 *db, const struct summary_opts *o, struct summary_domain *v,
    char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		sqlite3_stmt *st;
		int rc = 0;

		if ((st = prepare(db, lists[i].sql, v->domain, o, err,
		    errlen)) == NULL)
			return -1;
		while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
			rc = lists[i].row(v, o, st);
		sqlite3_finalize(st);
		if (rc != 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

static int
load_domain(sqlite3 *db, const struct summary_opts *o, struct summary_domain *v,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char **ips = NULL, **names = NULL;

	if ((st = prepare(db, sql_totals, v->domain, o, err, errlen)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		v->t.messages = ucol(st, 0);
		v->t.pass = ucol(st, 1);
		v->t.none = ucol(st, 2);
		v->t.quarantine = ucol(st, 3);
		v->t.reject = ucol(st, 4);
		v->t.reports = ucol(st, 5);
	}
	sqlite3_finalize(st);
	if (load_lists(db, o, v, err, errlen) < 0)
		return -1;
	if (o->ptr_names == NULL || v->nsrc == 0)
		return 0;
	ips = calloc(v->nsrc, sizeof(*ips));
	names = calloc(v->nsrc, sizeof(*names));
	if (ips == NULL || names == NULL) {
		free(ips);
		free(names);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < v->nsrc; i++)
		ips[i] = v->src[i].ip;
	o->ptr_names(o->ptr_arg, ips, v->nsrc, names);
	orgdomain_init();
	for (size_t i = 0; i < v->nsrc; i++) {
		v->src[i].ptr = names[i];
		if (names[i] != NULL && names[i][0] != '\0' &&
		    orgdomain_of(names[i], v->src[i].ptr_org,
		    sizeof(v->src[i].ptr_org)) < 0)
			v->src[i].ptr_org[0] = '\0';
	}
	free(ips);
	free(names);
	return 0;
}

int
summary_each(struct report_store *store, const struct summary_opts *o,
    int (*fn)(void *arg, const struct summary_domain *), void *arg,
    char *err, size_t errlen)
{
	sqlite3 *db = report_store_db(store);
	sqlite3_stmt *doms;
	int rc = 0;

	if ((doms = prepare(db, sql_domains, o->domain, o, err,
	    errlen)) == NULL)
		return -1;
	while (rc == 0 && sqlite3_step(doms) == SQLITE_ROW) {
		struct summary_domain v = { .domain = col(doms, 0) };
		if ((rc = load_domain(db, o, &v, err, errlen)) == 0 &&
		    (rc = fn(arg, &v)) < 0)
			snprintf(err, errlen, "%s: could not use the summary",
			    v.domain);
		summary_domain_free(&v);
	}
	sqlite3_finalize(doms);
	return rc;
}

static const char sql_pass_rates[] =
    "SELECT r.domain, COALESCE(SUM(c.count), 0),"
    " COALESCE(SUM(CASE WHEN c.dkim = 'pass' OR c.spf = 'pass'"
    "  THEN c.count ELSE 0 END), 0)"
    " FROM reports r JOIN report_records c ON c.report = r.id"
    " WHERE r.date_end >= ?1 GROUP BY r.domain ORDER BY r.domain";

int
summary_pass_rates(const char *path, int64_t since,
    int (*fn)(void *arg, const char *domain, uint64_t messages,
    uint64_t pass), void *arg, char *err, size_t errlen)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if ((db = db_open_readonly(path, err, errlen)) == NULL)
		return 0;	/* no database yet: no reports */
	if (sqlite3_prepare_v2(db, sql_pass_rates, -1, &st, NULL) !=
	    SQLITE_OK)
		goto done;	/* no report tables yet */
	sqlite3_bind_int64(st, 1, since);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(arg, col(st, 0), ucol(st, 1), ucol(st, 2));
	if (rc == 0 && step != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
		rc = -1;
	}
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}
