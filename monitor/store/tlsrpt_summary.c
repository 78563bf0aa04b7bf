/*
 * tlsrpt_summary.c -- the window summaries of tlsrpt_summary.h in SQL.
 * TLS-RPT reports belong to the window when their date range ends in it
 * (as DMARC aggregate reports do, report_summary.c); failure reports by
 * their arrival. Entries seen only between listed_since and since come
 * with zero counts, so the probe can say a failure type went away.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/store/tlsrpt_summary.h"

/* ?1 since, ?2 listed_since, ?3 domain (NULL: all), ?4 policy type. */
#define IN_WINDOW(col)	"SUM(CASE WHEN r.date_end >= ?1 THEN " col \
			" ELSE 0 END)"
#define FAILURES_FROM	" FROM tlsrpt_failures f JOIN tlsrpt_policies p" \
	" ON p.id = f.policy JOIN tlsrpt_reports r ON r.id = p.report" \
	" WHERE r.date_end >= ?2 AND p.policy_domain = ?3 AND" \
	" p.policy_type = ?4"

enum { Q_GROUPS, Q_TYPES, Q_SENDERS, Q_RECEIVERS, Q_N };

static const char *const sql[Q_N] = {
	[Q_GROUPS] = "SELECT p.policy_domain, p.policy_type,"
	    " COUNT(DISTINCT CASE WHEN r.date_end >= ?1 THEN r.id END), "
	    IN_WINDOW("p.successful") ", " IN_WINDOW("p.failed")
	    " FROM tlsrpt_policies p JOIN tlsrpt_reports r ON r.id = p.report"
	    " WHERE r.date_end >= ?2 AND (?3 IS NULL OR p.policy_domain = ?3)"
	    " GROUP BY p.policy_domain, p.policy_type"
	    " ORDER BY p.policy_domain, p.policy_type",
	[Q_TYPES] = "SELECT f.result_type, NULL, " IN_WINDOW("f.failed_sessions")
	    " AS s" FAILURES_FROM " GROUP BY 1 ORDER BY s DESC, 1",
	[Q_SENDERS] = "SELECT f.sending_mta_ip, NULL, "
	    IN_WINDOW("f.failed_sessions") " AS s" FAILURES_FROM
	    " AND f.sending_mta_ip IS NOT NULL GROUP BY 1 HAVING s > 0"
	    " ORDER BY s DESC, 1",
	[Q_RECEIVERS] = "SELECT COALESCE(f.receiving_mx_hostname, ''),"
	    " f.receiving_ip, " IN_WINDOW("f.failed_sessions") " AS s"
	    FAILURES_FROM " GROUP BY 1, 2 HAVING s > 0 ORDER BY s DESC, 1, 2",
};

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	return v != NULL ? strdup((const char *)v) : NULL;
}

static int
db_err(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "database: %s: %s", what, sqlite3_errmsg(db));
	return -1;
}

/* Runs a counts query (name, ip, sessions) of one window entry. */
static int
load_counts(sqlite3 *db, int q, int64_t since, int64_t listed_since,
    const struct tlsrpt_window *w, struct tlsrpt_count **out, size_t *n,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(db, sql[q], -1, &st, NULL) != SQLITE_OK)
		return db_err(db, "TLS-RPT summary", err, errlen);
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, listed_since);
	sqlite3_bind_text(st, 3, w->domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, w->type, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct tlsrpt_count *nv;
			cap = cap ? cap * 2 : 8;
			if ((nv = reallocarray(*out, cap, sizeof(*nv))) == NULL)
				break;
			*out = nv;
		}
		(*out)[*n] = (struct tlsrpt_count){ .name = col_dup(st, 0),
		    .ip = col_dup(st, 1),
		    .sessions = (uint64_t)sqlite3_column_int64(st, 2) };
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? (snprintf(err, errlen, "out of memory"),
		    -1) : db_err(db, "TLS-RPT summary", err, errlen);
	return 0;
}

int
tlsrpt_summary_load(sqlite3 *db, const char *domain, int64_t since,
    int64_t listed_since, struct tlsrpt_window **out, size_t *n, char *err,
    size_t errlen)
{
	struct tlsrpt_window *v = NULL;
	sqlite3_stmt *st;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, sql[Q_GROUPS], -1, &st, NULL) != SQLITE_OK)
		return db_err(db, "TLS-RPT summary", err, errlen);
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, listed_since);
	if (domain != NULL)
		sqlite3_bind_text(st, 3, domain, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			struct tlsrpt_window *nv;
			cap = cap ? cap * 2 : 8;
			if ((nv = reallocarray(v, cap, sizeof(*nv))) == NULL)
				break;
			v = nv;
		}
		v[k++] = (struct tlsrpt_window){ .domain = col_dup(st, 0),
		    .type = col_dup(st, 1),
		    .reports = (uint64_t)sqlite3_column_int64(st, 2),
		    .successful = (uint64_t)sqlite3_column_int64(st, 3),
		    .failed = (uint64_t)sqlite3_column_int64(st, 4) };
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		tlsrpt_windows_free(v, k);
		return rc == SQLITE_ROW ? (snprintf(err, errlen,
		    "out of memory"), -1) : db_err(db, "TLS-RPT summary", err,
		    errlen);
	}
	for (size_t i = 0; i < k; i++)
		if (load_counts(db, Q_TYPES, since, listed_since, &v[i],
		    &v[i].types, &v[i].ntypes, err, errlen) < 0 ||
		    load_counts(db, Q_SENDERS, since, listed_since, &v[i],
		    &v[i].senders, &v[i].nsenders, err, errlen) < 0 ||
		    load_counts(db, Q_RECEIVERS, since, listed_since, &v[i],
		    &v[i].receivers, &v[i].nreceivers, err, errlen) < 0) {
			tlsrpt_windows_free(v, k);
			return -1;
		}
	*out = v;
	*n = k;
	return 0;
}

static void
counts_free(struct tlsrpt_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].name);
		free(c[i].ip);
	}
	free(c);
}

void
tlsrpt_windows_free(struct tlsrpt_window *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].domain);
		free(v[i].type);
		counts_free(v[i].types, v[i].ntypes);
		counts_free(v[i].senders, v[i].nsenders);
		counts_free(v[i].receivers, v[i].nreceivers);
	}
	free(v);
}

static const char ruf_sources_sql[] =
    "SELECT COALESCE(source_ip, ''), COUNT(*),"
    " GROUP_CONCAT(DISTINCT reported_domain),"
    " GROUP_CONCAT(DISTINCT auth_failure), GROUP_CONCAT(DISTINCT reporter),"
    " MIN(arrival), MAX(arrival) FROM ruf_reports"
    " WHERE arrival >= ?1 AND (?2 IS NULL OR reported_domain = ?2)"
    " GROUP BY 1 ORDER BY 2 DESC, 1";

static const char ruf_samples_sql[] =
    "SELECT reporter, reported_domain, auth_failure, delivery_result,"
    " orig_from, original_mail_from, orig_subject, arrival FROM ruf_reports"
    " WHERE arrival >= ?1 AND (?2 IS NULL OR reported_domain = ?2)"
    " AND COALESCE(source_ip, '') = ?3 ORDER BY arrival DESC, id DESC"
    " LIMIT ?4";

static int
load_samples(sqlite3 *db, const char *domain, int64_t since,
    struct ruf_source *s, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if ((s->samples = calloc(RUF_SAMPLES, sizeof(*s->samples))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (sqlite3_prepare_v2(db, ruf_samples_sql, -1, &st, NULL) != SQLITE_OK)
		return db_err(db, "failure report summary", err, errlen);
	sqlite3_bind_int64(st, 1, since);
	if (domain != NULL)
		sqlite3_bind_text(st, 2, domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->ip, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, RUF_SAMPLES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    s->nsamples < RUF_SAMPLES)
		s->samples[s->nsamples++] = (struct ruf_sample){
			.reporter = col_dup(st, 0), .domain = col_dup(st, 1),
			.auth_failure = col_dup(st, 2),
			.delivery_result = col_dup(st, 3),
			.from = col_dup(st, 4), .mail_from = col_dup(st, 5),
			.subject = col_dup(st, 6),
			.arrival = sqlite3_column_int64(st, 7),
		};
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_err(db, "failure report summary",
	    err, errlen);
}

int
ruf_summary_load(sqlite3 *db, const char *domain, int64_t since,
    struct ruf_source **out, size_t *n, char *err, size_t errlen)
{
	struct ruf_source *v = NULL;
	sqlite3_stmt *st;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, ruf_sources_sql, -1, &st, NULL) != SQLITE_OK)
		return db_err(db, "failure report summary", err, errlen);
	sqlite3_bind_int64(st, 1, since);
	if (domain != NULL)
		sqlite3_bind_text(st, 2, domain, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			struct ruf_source *nv;
			cap = cap ? cap * 2 : 8;
			if ((nv = reallocarray(v, cap, sizeof(*nv))) == NULL)
				break;
			v = nv;
		}
		v[k++] = (struct ruf_source){ .ip = col_dup(st, 0),
		    .reports = (uint64_t)sqlite3_column_int64(st, 1),
		    .domains = col_dup(st, 2), .failures = col_dup(st, 3),
		    .reporters = col_dup(st, 4),
		    .first = sqlite3_column_int64(st, 5),
		    .last = sqlite3_column_int64(st, 6) };
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ruf_sources_free(v, k);
		return rc == SQLITE_ROW ? (snprintf(err, errlen,
		    "out of memory"), -1) : db_err(db, "failure report summary",
		    err, errlen);
	}
	for (size_t i = 0; i < k; i++)
		if (load_samples(db, domain, since, &v[i], err, errlen) < 0) {
			ruf_sources_free(v, k);
			return -1;
		}
	*out = v;
	*n = k;
	return 0;
}

void
ruf_sources_free(struct ruf_source *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < v[i].nsamples; k++) {
			struct ruf_sample *s = &v[i].samples[k];
			free(s->reporter);
			free(s->domain);
			free(s->auth_failure);
			free(s->delivery_result);
			free(s->from);
			free(s->mail_from);
			free(s->subject);
		}
		free(v[i].samples);
		free(v[i].ip);
		free(v[i].domains);
		free(v[i].failures);
		free(v[i].reporters);
	}
	free(v);
}

int
tlsrpt_summary_both(sqlite3 *db, const char *domain, int64_t since,
    struct tlsrpt_summary *x, char *err, size_t errlen)
{
	memset(x, 0, sizeof(*x));
	if (tlsrpt_summary_load(db, domain, since, since, &x->tls, &x->ntls,
	    err, errlen) < 0 ||
	    ruf_summary_load(db, domain, since, &x->ruf, &x->nruf, err,
	    errlen) < 0) {
		tlsrpt_summary_free(x);
		return -1;
	}
	return 0;
}

void
tlsrpt_summary_free(struct tlsrpt_summary *x)
{
	tlsrpt_windows_free(x->tls, x->ntls);
	ruf_sources_free(x->ruf, x->nruf);
	memset(x, 0, sizeof(*x));
}
