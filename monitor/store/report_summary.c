/*
 * report_summary.c -- "sendwatch reports summary": what the stored DMARC
 * aggregate reports say, per policy domain. A report is in the window
 * when its date range ends at or after --since. A message passes DMARC
 * when the receiver evaluated aligned DKIM or aligned SPF as pass
 * (policy_evaluated, RFC 7489 section 4.2). A source is new when the
 * first report that ever mentioned it for that domain began inside the
 * window. Output: text for people, JSON and CSV (one row per source)
 * for programs. The caller owns the store; everything allocated here is
 * freed here.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "monitor/output/json_write.h"
#include "monitor/store/report_summary.h"
#include "probes/dns/orgdomain.h"

#define TOP_FAILING	10

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

/* By authorized + 1. */
static const char *const auth_names[] = { "?", "no", "yes" };
static const char *const auth_json[] = { "null", "false", "true" };

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

static double
pct(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

/* Writes s as a CSV field (RFC 4180 quoting when needed). */
static void
csv_str(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void
date_str(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, len, "@%lld", (long long)t);
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
	free(v->src);
	free(v->sel);
	v->src = NULL;
	v->sel = NULL;
	v->nsrc = v->nsel = 0;
}

/* The DKIM selectors seen in the window, busiest first. */
static int
load_selectors(sqlite3 *db, const struct summary_opts *o,
    struct summary_domain *v, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	size_t cap = 0;

	if ((st = prepare(db, sql_selectors, v->domain, o, err,
	    errlen)) == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct summary_selector *k;
		if (v->nsel == cap) {
			struct summary_selector *ns;
			cap = cap ? cap * 2 : 8;
			if ((ns = reallocarray(v->sel, cap, sizeof(*ns))) == NULL)
				goto nomem;
			v->sel = ns;
		}
		k = &v->sel[v->nsel];
		memset(k, 0, sizeof(*k));
		k->domain = strdup(col(st, 0));
		k->selector = strdup(col(st, 1));
		v->nsel++;
		if (k->domain == NULL || k->selector == NULL)
			goto nomem;
		k->messages = ucol(st, 2);
		k->pass = ucol(st, 3);
	}
	sqlite3_finalize(st);
	return 0;
nomem:
	sqlite3_finalize(st);
	snprintf(err, errlen, "out of memory");
	return -1;
}

static int
load_domain(sqlite3 *db, const struct summary_opts *o, struct summary_domain *v,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	size_t cap = 0;
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
	if ((st = prepare(db, sql_sources, v->domain, o, err, errlen)) == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct summary_source *s;
		if (v->nsrc == cap) {
			struct summary_source *ns;
			cap = cap ? cap * 2 : 32;
			if ((ns = reallocarray(v->src, cap, sizeof(*ns))) == NULL)
				goto nomem;
			v->src = ns;
		}
		s = &v->src[v->nsrc];
		memset(s, 0, sizeof(*s));
		if ((s->ip = strdup(col(st, 0))) == NULL)
			goto nomem;
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
	}
	sqlite3_finalize(st);
	if (load_selectors(db, o, v, err, errlen) < 0)
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
nomem:
	sqlite3_finalize(st);
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* Indexes of the sources failing DMARC, most failing first. */
static size_t
top_failing(const struct summary_domain *v, size_t *idx, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < v->nsrc; i++) {
		uint64_t fails = v->src[i].messages - v->src[i].dmarc;
		size_t k;
		if (fails == 0)
			continue;
		for (k = n; k > 0; k--) {
			const struct summary_source *o = &v->src[idx[k - 1]];
			if (o->messages - o->dmarc >= fails)
				break;
			if (k < max)
				idx[k] = idx[k - 1];
		}
		if (k < max) {
			idx[k] = i;
			if (n < max)
				n++;
		}
	}
	return n;
}

static void
print_text(sqlite3 *db, const struct summary_opts *o,
    const struct summary_domain *v, FILE *out)
{
	sqlite3_stmt *st;
	size_t idx[TOP_FAILING], n;
	char date[32];
	int first = 1;

	fprintf(out, "%s: %llu messages in %llu reports, %.1f%% pass DMARC; "
	    "disposition none %llu, quarantine %llu, reject %llu\n", v->domain,
	    (unsigned long long)v->t.messages, (unsigned long long)v->t.reports,
	    pct(v->t.pass, v->t.messages), (unsigned long long)v->t.none,
	    (unsigned long long)v->t.quarantine, (unsigned long long)v->t.reject);
	fprintf(out, "  reporters:");
	if ((st = prepare(db, sql_reporters, v->domain, o, NULL, 0)) != NULL)
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(out, "%s %s (%llu reports, %llu messages)",
			    first-- > 0 ? "" : ",", col(st, 0)[0] ? col(st, 0) :
			    "(no org_name)", (unsigned long long)ucol(st, 1),
			    (unsigned long long)ucol(st, 2));
	sqlite3_finalize(st);
	fprintf(out, "\n  %-39s %-32s %9s %6s %6s %6s %5s  %s\n", "source",
	    "ptr", "messages", "dmarc", "spf", "dkim", "auth", "first seen");
	for (size_t i = 0; i < v->nsrc; i++) {
		const struct summary_source *s = &v->src[i];
		date_str(s->first_seen, date, sizeof(date));
		fprintf(out, "  %-39s %-32s %9llu %5.1f%% %5.1f%% %5.1f%% %5s  "
		    "%s%s\n", s->ip, s->ptr == NULL ? "?" : s->ptr[0] ? s->ptr :
		    "-", (unsigned long long)s->messages,
		    pct(s->dmarc, s->messages), pct(s->spf, s->messages),
		    pct(s->dkim, s->messages), auth_names[s->authorized + 1],
		    date, s->is_new ? " (new)" : "");
	}
	n = top_failing(v, idx, TOP_FAILING);
	fprintf(out, "  top failing sources:%s\n", n == 0 ? " none" : "");
	for (size_t i = 0; i < n; i++) {
		const struct summary_source *s = &v->src[idx[i]];
		fprintf(out, "    %s %llu messages failing DMARC (%.1f%%)\n",
		    s->ip, (unsigned long long)(s->messages - s->dmarc),
		    pct(s->messages - s->dmarc, s->messages));
	}
	fprintf(out, "  new sources in the window:");
	first = 1;
	for (size_t i = 0; i < v->nsrc; i++)
		if (v->src[i].is_new)
			fprintf(out, "%s %s", first-- > 0 ? "" : ",", v->src[i].ip);
	fprintf(out, "%s\n  dkim selectors:", first > 0 ? " none" : "");
	first = 1;
	for (size_t i = 0; i < v->nsel; i++, first = 0)
		fprintf(out, "%s %s._domainkey.%s (%llu messages, %.1f%% pass)",
		    first ? "" : ",", v->sel[i].selector, v->sel[i].domain,
		    (unsigned long long)v->sel[i].messages,
		    pct(v->sel[i].pass, v->sel[i].messages));
	fprintf(out, "%s\n", first > 0 ? " none" : "");
}

static void
print_json(sqlite3 *db, const struct summary_opts *o,
    const struct summary_domain *v, FILE *out)
{
	sqlite3_stmt *st;
	size_t idx[TOP_FAILING], n;
	const char *sep = "";

	fprintf(out, "{\"domain\":");
	json_write_string(out, v->domain);
	fprintf(out, ",\"reports\":%llu,\"messages\":%llu,\"dmarc_pass\":%llu,"
	    "\"dmarc_pass_share\":%.4f,\"dispositions\":{\"none\":%llu,"
	    "\"quarantine\":%llu,\"reject\":%llu},\"reporters\":[",
	    (unsigned long long)v->t.reports, (unsigned long long)v->t.messages,
	    (unsigned long long)v->t.pass, pct(v->t.pass, v->t.messages) / 100,
	    (unsigned long long)v->t.none, (unsigned long long)v->t.quarantine,
	    (unsigned long long)v->t.reject);
	if ((st = prepare(db, sql_reporters, v->domain, o, NULL, 0)) != NULL)
		for (; sqlite3_step(st) == SQLITE_ROW; sep = ",") {
			fprintf(out, "%s{\"org_name\":", sep);
			json_write_string(out, col(st, 0));
			fprintf(out, ",\"reports\":%llu,\"messages\":%llu}",
			    (unsigned long long)ucol(st, 1),
			    (unsigned long long)ucol(st, 2));
		}
	sqlite3_finalize(st);
	fprintf(out, "],\"sources\":[");
	for (size_t i = 0; i < v->nsrc; i++) {
		const struct summary_source *s = &v->src[i];
		fprintf(out, "%s{\"ip\":", i ? "," : "");
		json_write_string(out, s->ip);
		fprintf(out, ",\"ptr\":");
		if (s->ptr != NULL)
			json_write_string(out, s->ptr);
		else
			fputs("null", out);
		fprintf(out, ",\"ptr_org_domain\":");
		if (s->ptr_org[0] != '\0')
			json_write_string(out, s->ptr_org);
		else
			fputs("null", out);
		fprintf(out, ",\"authorized\":%s,\"messages\":%llu,\"dmarc_pass\":%llu,"
		    "\"spf_aligned_pass\":%llu,\"dkim_aligned_pass\":%llu,"
		    "\"spf_aligned_pass_rate\":%.4f,\"dkim_aligned_pass_rate\":%.4f,"
		    "\"first_seen\":%lld,\"new\":%s}",
		    auth_json[s->authorized + 1], (unsigned long long)s->messages,
		    (unsigned long long)s->dmarc,
		    (unsigned long long)s->spf, (unsigned long long)s->dkim,
		    pct(s->spf, s->messages) / 100, pct(s->dkim, s->messages) / 100,
		    (long long)s->first_seen, s->is_new ? "true" : "false");
	}
	fprintf(out, "],\"top_failing\":[");
	n = top_failing(v, idx, TOP_FAILING);
	for (size_t i = 0; i < n; i++) {
		const struct summary_source *s = &v->src[idx[i]];
		fprintf(out, "%s{\"ip\":", i ? "," : "");
		json_write_string(out, s->ip);
		fprintf(out, ",\"failing\":%llu}",
		    (unsigned long long)(s->messages - s->dmarc));
	}
	fprintf(out, "],\"new_sources\":[");
	sep = "";
	for (size_t i = 0; i < v->nsrc; i++)
		if (v->src[i].is_new) {
			fputs(sep, out);
			json_write_string(out, v->src[i].ip);
			sep = ",";
		}
	fprintf(out, "],\"dkim_selectors\":[");
	for (size_t i = 0; i < v->nsel; i++) {
		fprintf(out, "%s{\"domain\":", i ? "," : "");
		json_write_string(out, v->sel[i].domain);
		fprintf(out, ",\"selector\":");
		json_write_string(out, v->sel[i].selector);
		fprintf(out, ",\"messages\":%llu,\"pass\":%llu}",
		    (unsigned long long)v->sel[i].messages,
		    (unsigned long long)v->sel[i].pass);
	}
	fprintf(out, "]}");
}

static void
print_csv(const struct summary_domain *v, FILE *out)
{
	for (size_t i = 0; i < v->nsrc; i++) {
		const struct summary_source *s = &v->src[i];
		csv_str(out, v->domain);
		fputc(',', out);
		csv_str(out, s->ip);
		fputc(',', out);
		csv_str(out, s->ptr != NULL ? s->ptr : "");
		fputc(',', out);
		csv_str(out, s->ptr_org);
		fprintf(out, ",%llu,%llu,%llu,%llu,%lld,%d,%s\n",
		    (unsigned long long)s->messages, (unsigned long long)s->dmarc,
		    (unsigned long long)s->spf, (unsigned long long)s->dkim,
		    (long long)s->first_seen, s->is_new ? 1 : 0,
		    s->authorized < 0 ? "" : s->authorized ? "1" : "0");
	}
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

struct print_ctx {
	sqlite3				*db;
	const struct summary_opts	*o;
	FILE				*out;
	int				 n;	/* domains printed */
};

static int
print_domain(void *arg, const struct summary_domain *v)
{
	struct print_ctx *p = arg;

	if (p->o->format == SUMMARY_JSON) {
		fputs(p->n > 0 ? "," : "", p->out);
		print_json(p->db, p->o, v, p->out);
	} else if (p->o->format == SUMMARY_CSV) {
		print_csv(v, p->out);
	} else {
		fputs(p->n > 0 ? "\n" : "", p->out);
		print_text(p->db, p->o, v, p->out);
	}
	p->n++;
	return 0;
}

int
summary_print(struct report_store *store, const struct summary_opts *o,
    FILE *out, char *err, size_t errlen)
{
	struct print_ctx p = { .db = report_store_db(store), .o = o,
	    .out = out };
	int rc;

	if (o->format == SUMMARY_JSON)
		fprintf(out, "{\"since\":%lld,\"domains\":[", (long long)o->since);
	else if (o->format == SUMMARY_CSV)
		fprintf(out, "domain,source_ip,ptr,ptr_org_domain,messages,"
		    "dmarc_pass,spf_aligned_pass,dkim_aligned_pass,first_seen,"
		    "new,authorized\n");
	rc = summary_each(store, o, print_domain, &p, err, errlen);
	if (o->format == SUMMARY_JSON)
		fprintf(out, "]}\n");
	else if (o->format == SUMMARY_TEXT && p.n == 0 && rc == 0)
		fprintf(out, "no reports%s%s in the window\n",
		    o->domain ? " for " : "", o->domain ? o->domain : "");
	return rc;
}
