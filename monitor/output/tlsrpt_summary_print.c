/*
 * tlsrpt_summary_print.c -- the TLS-RPT and DMARC failure report parts
 * of "sendwatch reports summary" (tlsrpt_window.h), after the aggregate
 * data: text sections, JSON keys "tlsrpt" and "failure_reports", and CSV
 * sections of their own (a blank line, then a header row), printed only
 * when there is data so the aggregate CSV stays as it was.
 *
 * Failure reports carry addresses of people (the original's From, its
 * envelope sender): their local parts are shown as "*" unless
 * --show-addresses (printer->show_addresses).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "monitor/output/json_write.h"
#include "monitor/output/report_summary_print.h"

#define TEXT_SAMPLES	3	/* failure reports shown per source */
#define ADDR_MAX	1024

static double
pct(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

static bool
local_char(char c)
{
	return c > ' ' && c != 0x7f && strchr("<>,;:\"()[]@", c) == NULL;
}

/*
 * in with the local part of every address ("who@example.com") written
 * as "*"; or in unchanged when show is set. NULL stays NULL.
 */
static const char *
redact(const char *in, bool show, char *out, size_t len)
{
	size_t o = 0, from = 0;
	const char *at;

	if (in == NULL || show)
		return in;
	for (const char *s = in; (at = strchr(s, '@')) != NULL; s = at + 1) {
		size_t a = (size_t)(at - in), j = a;
		while (j > from && local_char(in[j - 1]))
			j--;
		if (j < a) {
			o += (size_t)snprintf(out + o, o < len ? len - o : 0,
			    "%.*s*", (int)(j - from), in + from);
			from = a;
		}
	}
	snprintf(out + (o < len ? o : len - 1), o < len ? len - o : 1, "%s",
	    in + from);
	return out;
}

/*
 * s for a terminal: report fields come from outside (a forged message's
 * Subject, a receiver's JSON), so control characters (escape sequences,
 * newlines) are shown as '?'. NULL gives dflt.
 */
static const char *
clean(const char *s, const char *dflt, char *buf, size_t len)
{
	size_t i;

	if (s == NULL)
		return dflt;
	for (i = 0; s[i] != '\0' && i + 1 < len; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

static void
date_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, len, "?");
}

static void
text_counts(FILE *out, const char *label, const struct tlsrpt_count *c,
    size_t n)
{
	char b1[ADDR_MAX], b2[ADDR_MAX];

	fprintf(out, "  %s:", label);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s %s", i ? "," : "", c[i].name[0] ?
		    clean(c[i].name, "", b1, sizeof(b1)) : "(no name)");
		if (c[i].ip != NULL)
			fprintf(out, " (%s)", clean(c[i].ip, "", b2, sizeof(b2)));
		fprintf(out, " %llu", (unsigned long long)c[i].sessions);
	}
	fprintf(out, "%s\n", n == 0 ? " none" : "");
}

void
tlsrpt_print_text(struct summary_printer *p)
{
	char a[ADDR_MAX], b[ADDR_MAX], c[ADDR_MAX], d[ADDR_MAX], e[ADDR_MAX];
	char r[ADDR_MAX], r2[ADDR_MAX], first[32], last[32];

	for (size_t i = 0; i < p->ntls; i++) {
		const struct tlsrpt_window *w = &p->tls[i];
		uint64_t total = w->successful + w->failed;

		fputs(p->n++ > 0 ? "\n" : "", p->out);
		fprintf(p->out, "TLS-RPT %s %s: %llu sessions in %llu report%s, "
		    "%llu successful, %llu failed (%.1f%%)\n",
		    clean(w->domain, "", a, sizeof(a)), w->type, (unsigned long long)total,
		    (unsigned long long)w->reports, w->reports == 1 ? "" : "s",
		    (unsigned long long)w->successful,
		    (unsigned long long)w->failed, pct(w->failed, total));
		text_counts(p->out, "failure types", w->types, w->ntypes);
		text_counts(p->out, "sending MTAs", w->senders, w->nsenders);
		text_counts(p->out, "receiving MXs", w->receivers,
		    w->nreceivers);
	}
	if (p->nruf == 0)
		return;
	fputs(p->n++ > 0 ? "\n" : "", p->out);
	fprintf(p->out, "DMARC failure reports, per source:\n");
	for (size_t i = 0; i < p->nruf; i++) {
		const struct ruf_source *s = &p->ruf[i];

		date_time(s->first, first, sizeof(first));
		date_time(s->last, last, sizeof(last));
		fprintf(p->out, "  %s: %llu report%s about %s (%s) from %s; "
		    "%s to %s\n", s->ip[0] ? clean(s->ip, "", a, sizeof(a)) :
		    "(no source IP)", (unsigned long long)s->reports,
		    s->reports == 1 ? "" : "s", clean(s->domains, "?", b,
		    sizeof(b)), clean(s->failures, "failure not named", c,
		    sizeof(c)), clean(s->reporters, "?", d, sizeof(d)), first,
		    last);
		for (size_t k = 0; k < s->nsamples && k < TEXT_SAMPLES; k++) {
			const struct ruf_sample *m = &s->samples[k];
			date_time(m->arrival, first, sizeof(first));
			fprintf(p->out, "    %s %s: From %s, Subject \"%s\", "
			    "MAIL FROM %s%s%s\n", first,
			    clean(m->reporter, "?", a, sizeof(a)),
			    clean(redact(m->from, p->show_addresses, r,
			    sizeof(r)), "?", b, sizeof(b)),
			    clean(m->subject, "", c, sizeof(c)),
			    clean(redact(m->mail_from, p->show_addresses, r2,
			    sizeof(r2)), "?", d, sizeof(d)),
			    m->delivery_result ? ", " : "",
			    clean(m->delivery_result, "", e, sizeof(e)));
		}
		if (s->nsamples > TEXT_SAMPLES || s->reports > s->nsamples)
			fprintf(p->out, "    ... %llu more\n",
			    (unsigned long long)(s->reports - (s->nsamples <
			    TEXT_SAMPLES ? s->nsamples : TEXT_SAMPLES)));
	}
}

static void
json_counts(FILE *out, const char *key, const struct tlsrpt_count *c,
    size_t n, const char *name_key)
{
	fprintf(out, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s{\"%s\":", i ? "," : "", name_key);
		json_write_string_or_null(out, c[i].name);
		if (strcmp(key, "receiving_mxs") == 0) {
			fputs(",\"ip\":", out);
			json_write_string_or_null(out, c[i].ip);
		}
		fprintf(out, ",\"failed_sessions\":%llu}",
		    (unsigned long long)c[i].sessions);
	}
	fputc(']', out);
}

void
tlsrpt_print_json(const struct summary_printer *p)
{
	char a[ADDR_MAX];

	fputs(",\"tlsrpt\":[", p->out);
	for (size_t i = 0; i < p->ntls; i++) {
		const struct tlsrpt_window *w = &p->tls[i];
		fprintf(p->out, "%s{\"policy_domain\":", i ? "," : "");
		json_write_string(p->out, w->domain);
		fputs(",\"policy_type\":", p->out);
		json_write_string(p->out, w->type);
		fprintf(p->out, ",\"reports\":%llu,\"successful_sessions\":%llu,"
		    "\"failed_sessions\":%llu", (unsigned long long)w->reports,
		    (unsigned long long)w->successful,
		    (unsigned long long)w->failed);
		json_counts(p->out, "failure_types", w->types, w->ntypes,
		    "result_type");
		json_counts(p->out, "sending_mtas", w->senders, w->nsenders,
		    "ip");
		json_counts(p->out, "receiving_mxs", w->receivers,
		    w->nreceivers, "hostname");
		fputc('}', p->out);
	}
	fputs("],\"failure_reports\":[", p->out);
	for (size_t i = 0; i < p->nruf; i++) {
		const struct ruf_source *s = &p->ruf[i];
		fprintf(p->out, "%s{\"source_ip\":", i ? "," : "");
		json_write_string_or_null(p->out, s->ip);
		fprintf(p->out, ",\"reports\":%llu,\"reported_domains\":",
		    (unsigned long long)s->reports);
		json_write_string_or_null(p->out, s->domains);
		fputs(",\"auth_failures\":", p->out);
		json_write_string_or_null(p->out, s->failures);
		fputs(",\"reporters\":", p->out);
		json_write_string_or_null(p->out, s->reporters);
		fprintf(p->out, ",\"first_arrival\":%lld,\"last_arrival\":%lld,"
		    "\"recent\":[", (long long)s->first, (long long)s->last);
		for (size_t k = 0; k < s->nsamples; k++) {
			const struct ruf_sample *m = &s->samples[k];
			fprintf(p->out, "%s{\"arrival\":%lld,\"reporter\":",
			    k ? "," : "", (long long)m->arrival);
			json_write_string_or_null(p->out, m->reporter);
			fputs(",\"reported_domain\":", p->out);
			json_write_string_or_null(p->out, m->domain);
			fputs(",\"auth_failure\":", p->out);
			json_write_string_or_null(p->out, m->auth_failure);
			fputs(",\"delivery_result\":", p->out);
			json_write_string_or_null(p->out, m->delivery_result);
			fputs(",\"from\":", p->out);
			json_write_string_or_null(p->out, redact(m->from,
			    p->show_addresses, a, sizeof(a)));
			fputs(",\"mail_from\":", p->out);
			json_write_string_or_null(p->out, redact(m->mail_from,
			    p->show_addresses, a, sizeof(a)));
			fputs(",\"subject\":", p->out);
			json_write_string_or_null(p->out, m->subject);
			fputc('}', p->out);
		}
		fputs("]}", p->out);
	}
	fputc(']', p->out);
}

/* A CSV field (NULL is empty), then end. */
static void
csv(FILE *out, const char *s, char end)
{
	summary_csv_field(out, s != NULL ? s : "");
	fputc(end, out);
}

void
tlsrpt_print_csv(const struct summary_printer *p)
{
	if (p->ntls > 0)
		fprintf(p->out, "\npolicy_domain,policy_type,reports,"
		    "successful_sessions,failed_sessions,result_type,"
		    "result_type_sessions\n");
	for (size_t i = 0; i < p->ntls; i++) {
		const struct tlsrpt_window *w = &p->tls[i];
		for (size_t k = 0; k < w->ntypes || k == 0; k++) {
			csv(p->out, w->domain, ',');
			csv(p->out, w->type, ',');
			fprintf(p->out, "%llu,%llu,%llu,",
			    (unsigned long long)w->reports,
			    (unsigned long long)w->successful,
			    (unsigned long long)w->failed);
			if (w->ntypes == 0) {
				fputs(",\n", p->out);
				break;
			}
			csv(p->out, w->types[k].name, ',');
			fprintf(p->out, "%llu\n",
			    (unsigned long long)w->types[k].sessions);
		}
	}
	if (p->nruf > 0)
		fprintf(p->out, "\nfailure_source_ip,reports,reported_domains,"
		    "auth_failures,reporters,first_arrival,last_arrival\n");
	for (size_t i = 0; i < p->nruf; i++) {
		const struct ruf_source *s = &p->ruf[i];
		csv(p->out, s->ip, ',');
		fprintf(p->out, "%llu,", (unsigned long long)s->reports);
		csv(p->out, s->domains, ',');
		csv(p->out, s->failures, ',');
		csv(p->out, s->reporters, ',');
		fprintf(p->out, "%lld,%lld\n", (long long)s->first,
		    (long long)s->last);
	}
}
