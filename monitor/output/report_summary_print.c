/*
 * report_summary_print.c -- "sendwatch reports summary" output (see
 * report_summary_print.h): text for people, JSON and CSV (one row per
 * source) for programs, from the plain data of report_window.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "monitor/output/json_write.h"
#include "monitor/output/report_summary_print.h"
#include "monitor/store/report_store.h"
#include "monitor/store/report_summary.h"
#include "monitor/store/tlsrpt_summary.h"

#define TOP_FAILING	10

/* By authorized + 1. */
static const char *const auth_names[] = { "?", "no", "yes" };
static const char *const auth_json[] = { "null", "false", "true" };

static double
pct(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

void
summary_csv_field(FILE *out, const char *s)
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

size_t
summary_top_failing(const struct summary_domain *v, size_t *idx, size_t max)
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
print_text(const struct summary_domain *v, FILE *out)
{
	size_t idx[TOP_FAILING], n;
	char date[32];
	int first = 1;

	fprintf(out, "%s: %llu messages in %llu reports, %.1f%% pass DMARC; "
	    "disposition none %llu, quarantine %llu, reject %llu\n", v->domain,
	    (unsigned long long)v->t.messages, (unsigned long long)v->t.reports,
	    pct(v->t.pass, v->t.messages), (unsigned long long)v->t.none,
	    (unsigned long long)v->t.quarantine, (unsigned long long)v->t.reject);
	fprintf(out, "  reporters:");
	for (size_t i = 0; i < v->nrep; i++)
		fprintf(out, "%s %s (%llu reports, %llu messages)",
		    first-- > 0 ? "" : ",", v->rep[i].org_name[0] ?
		    v->rep[i].org_name : "(no org_name)",
		    (unsigned long long)v->rep[i].reports,
		    (unsigned long long)v->rep[i].messages);
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
	n = summary_top_failing(v, idx, TOP_FAILING);
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
print_json(const struct summary_domain *v, FILE *out)
{
	size_t idx[TOP_FAILING], n;

	fprintf(out, "{\"domain\":");
	json_write_string(out, v->domain);
	fprintf(out, ",\"reports\":%llu,\"messages\":%llu,\"dmarc_pass\":%llu,"
	    "\"dmarc_pass_share\":%.4f,\"dispositions\":{\"none\":%llu,"
	    "\"quarantine\":%llu,\"reject\":%llu},\"reporters\":[",
	    (unsigned long long)v->t.reports, (unsigned long long)v->t.messages,
	    (unsigned long long)v->t.pass, pct(v->t.pass, v->t.messages) / 100,
	    (unsigned long long)v->t.none, (unsigned long long)v->t.quarantine,
	    (unsigned long long)v->t.reject);
	for (size_t i = 0; i < v->nrep; i++) {
		fprintf(out, "%s{\"org_name\":", i ? "," : "");
		json_write_string(out, v->rep[i].org_name);
		fprintf(out, ",\"reports\":%llu,\"messages\":%llu}",
		    (unsigned long long)v->rep[i].reports,
		    (unsigned long long)v->rep[i].messages);
	}
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
	n = summary_top_failing(v, idx, TOP_FAILING);
	for (size_t i = 0; i < n; i++) {
		const struct summary_source *s = &v->src[idx[i]];
		fprintf(out, "%s{\"ip\":", i ? "," : "");
		json_write_string(out, s->ip);
		fprintf(out, ",\"failing\":%llu}",
		    (unsigned long long)(s->messages - s->dmarc));
	}
	fprintf(out, "],\"new_sources\":[");
	for (size_t i = 0, k = 0; i < v->nsrc; i++)
		if (v->src[i].is_new) {
			fputs(k++ ? "," : "", out);
			json_write_string(out, v->src[i].ip);
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
		summary_csv_field(out, v->domain);
		fputc(',', out);
		summary_csv_field(out, s->ip);
		fputc(',', out);
		summary_csv_field(out, s->ptr != NULL ? s->ptr : "");
		fputc(',', out);
		summary_csv_field(out, s->ptr_org);
		fprintf(out, ",%llu,%llu,%llu,%llu,%lld,%d,%s\n",
		    (unsigned long long)s->messages, (unsigned long long)s->dmarc,
		    (unsigned long long)s->spf, (unsigned long long)s->dkim,
		    (long long)s->first_seen, s->is_new ? 1 : 0,
		    s->authorized < 0 ? "" : s->authorized ? "1" : "0");
	}
}

void
summary_print_begin(struct summary_printer *p)
{
	p->n = 0;
	if (p->format == SUMMARY_JSON)
		fprintf(p->out, "{\"since\":%lld,\"domains\":[",
		    (long long)p->since);
	else if (p->format == SUMMARY_CSV)
		fprintf(p->out, "domain,source_ip,ptr,ptr_org_domain,messages,"
		    "dmarc_pass,spf_aligned_pass,dkim_aligned_pass,first_seen,"
		    "new,authorized\n");
}

int
summary_print_domain(void *arg, const struct summary_domain *v)
{
	struct summary_printer *p = arg;

	if (p->format == SUMMARY_JSON) {
		fputs(p->n > 0 ? "," : "", p->out);
		print_json(v, p->out);
	} else if (p->format == SUMMARY_CSV) {
		print_csv(v, p->out);
	} else {
		fputs(p->n > 0 ? "\n" : "", p->out);
		print_text(v, p->out);
	}
	p->n++;
	return 0;
}

void
summary_print_end(struct summary_printer *p, bool complete)
{
	if (p->format == SUMMARY_JSON) {
		fputs("]", p->out);
		tlsrpt_print_json(p);
		fputs("}\n", p->out);
	} else if (p->format == SUMMARY_CSV)
		tlsrpt_print_csv(p);
	else
		tlsrpt_print_text(p);
	if (p->format == SUMMARY_TEXT && p->n == 0 && complete)
		fprintf(p->out, "no reports%s%s in the window\n",
		    p->domain ? " for " : "", p->domain ? p->domain : "");
}

int
summary_print_all(struct summary_printer *pr, struct report_store *st,
    const struct summary_opts *so, char *err, size_t errlen)
{
	struct tlsrpt_summary extra = { .ntls = 0 };
	int rc;

	summary_print_begin(pr);
	rc = summary_each(st, so, summary_print_domain, pr, err, errlen);
	if (rc == 0 && (rc = tlsrpt_summary_both(report_store_db(st),
	    so->domain, so->since, &extra, err, errlen)) == 0) {
		pr->tls = extra.tls;
		pr->ntls = extra.ntls;
		pr->ruf = extra.ruf;
		pr->nruf = extra.nruf;
	}
	summary_print_end(pr, rc == 0);
	pr->tls = NULL;
	pr->ntls = 0;
	pr->ruf = NULL;
	pr->nruf = 0;
	tlsrpt_summary_free(&extra);
	return rc < 0 ? -1 : 0;
}
