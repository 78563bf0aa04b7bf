/*
 * report_import.c -- reports from a path into the report store: the
 * input layer finds each report; DMARC aggregate XML is parsed by
 * report_xml into the store's sink (one transaction per report),
 * TLS-RPT JSON by tlsrpt_parse into tlsrpt_store, failure reports (read
 * by the mail walk) go to ruf_store; every outcome is counted, and
 * failures and recovered broken XML give one line each.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "monitor/store/report_import.h"
#include "monitor/store/ruf_store.h"
#include "monitor/store/tlsrpt_store.h"
#include "probes/reports/report_input.h"
#include "probes/reports/tlsrpt_parse.h"

static void say(struct report_import *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * One line about a file (to c->line, or stderr). File names, libxml2's
 * messages and report fields come from outside: control characters
 * (newlines, terminal escapes) are shown as '?'; trailing newlines are
 * dropped.
 */
static void
say(struct report_import *c, const char *fmt, ...)
{
	char line[2048];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	if (c->line != NULL)
		c->line(c->line_arg, line);
	else
		fprintf(stderr, "%s\n", line);
}

static void
on_found(void *arg, const char *where, const struct report_src *src)
{
	struct report_import *c = arg;
	struct report_store_job job;
	struct report_sink sink;
	struct report_parse_info info;
	struct report r;
	enum report_parse_status status;
	char err[512], cerr[256];

	report_init(&r);
	if (c->st != NULL)
		report_store_job_init(&job, c->st, where, &sink);
	else	/* --dry-run: parse, keep nothing */
		sink = (struct report_sink){ .header = NULL };
	status = report_xml_parse(src, &c->lim, &sink, &r, &info, err,
	    sizeof(err));
	if (c->st != NULL && report_store_job_finish(&job, status, &r, cerr,
	    sizeof(cerr)) < 0) {
		status = REPORT_FAILED;
		c->store_errors++;
		snprintf(err, sizeof(err), "%s", cerr);
	}
	if (status == REPORT_PARSED) {
		c->imported++;
		c->records += r.record_total;
		if (info.recovered || info.xml_errors > 0)
			say(c, "%s: warning: broken XML, recovered "
			    "%llu records; %u error(s): %s",
			    where, (unsigned long long)r.record_total,
			    info.xml_errors, info.dropped);
		if (c->verbose)
			say(c, "%s: stored %s %s", where, r.org_name,
			    r.report_id);
	} else if (status == REPORT_STOPPED && c->st != NULL && job.already) {
		c->already++;
		if (c->verbose)
			say(c, "%s: already stored (%s %s)", where,
			    r.org_name, r.report_id);
	} else {
		c->failed++;
		say(c, "%s: %s", where, err[0] ? err : "failed");
	}
	report_clear(&r);
}

static void
on_tlsrpt(void *arg, const char *where, const char *json, size_t len)
{
	struct report_import *c = arg;
	struct tlsrpt_report r = { .npol = 0 };
	char err[512];
	int rc = 0;

	if (tlsrpt_parse(json, len, &r, err, sizeof(err)) < 0) {
		c->failed++;
		say(c, "%s: TLS-RPT report: %s", where, err);
		return;
	}
	if (c->st != NULL && (rc = tlsrpt_store_put(report_store_db(c->st),
	    &r, where, err, sizeof(err))) < 0) {
		c->failed++;
		c->store_errors++;
		say(c, "%s: %s", where, err);
	} else if (c->st != NULL && rc == 0) {
		c->already++;
		if (c->verbose)
			say(c, "%s: already stored (TLS-RPT %s %s)", where,
			    r.org_name, r.report_id);
	} else {
		c->tlsrpt++;
		if (c->verbose)
			say(c, "%s: stored TLS-RPT %s %s", where, r.org_name,
			    r.report_id);
	}
	tlsrpt_report_clear(&r);
}

static void
on_failure(void *arg, const char *where, const struct ruf_report *r)
{
	struct report_import *c = arg;
	char err[512];
	int rc = 1;

	if (c->st != NULL && (rc = ruf_store_put(report_store_db(c->st), r,
	    where, err, sizeof(err))) < 0) {
		c->failed++;
		c->store_errors++;
		say(c, "%s: %s", where, err);
	} else if (rc == 0) {
		c->already++;
		if (c->verbose)
			say(c, "%s: already stored (failure report from %s)",
			    where, r->reporter ? r->reporter : "?");
	} else {
		c->failure++;
		if (c->verbose)
			say(c, "%s: stored failure report from %s about %s",
			    where, r->reporter ? r->reporter : "?",
			    r->reported_domain ? r->reported_domain : "?");
	}
}

static void
on_error(void *arg, const char *where, const char *reason)
{
	struct report_import *c = arg;

	c->failed++;
	say(c, "%s: %s", where, reason);
}

static void
import_defaults(struct report_import *c, struct report_input_cb *cb)
{
	if (c->lim.max_bytes == 0)
		c->lim.max_bytes = REPORT_DEFAULT_MAX_BYTES;
	if (c->lim.max_records == 0)
		c->lim.max_records = REPORT_DEFAULT_MAX_RECORDS;
	*cb = (struct report_input_cb){ .found = on_found, .error = on_error,
	    .arg = c, .found_tlsrpt = on_tlsrpt, .found_failure = on_failure,
	    .max_bytes = (unsigned long long)c->lim.max_bytes };
}

unsigned long long
report_import_path(struct report_import *c, const char *path)
{
	unsigned long long before = c->failed;
	struct report_input_cb cb;

	import_defaults(c, &cb);
	report_input_path(path, &cb);
	return c->failed - before;
}

unsigned long long
report_import_mem(struct report_import *c, const char *where,
    const void *data, size_t len)
{
	unsigned long long before = c->failed;
	struct report_input_cb cb;

	import_defaults(c, &cb);
	report_input_mem(data, len, where, &cb);
	return c->failed - before;
}

void
report_import_counts(const struct report_import *c, bool dry_run, char *buf,
    size_t len)
{
	char tls[64] = "", ruf[64] = "";

	if (c->tlsrpt > 0)
		snprintf(tls, sizeof(tls), ", %llu TLS-RPT report%s", c->tlsrpt,
		    c->tlsrpt == 1 ? "" : "s");
	if (c->failure > 0)
		snprintf(ruf, sizeof(ruf), ", %llu failure report%s",
		    c->failure, c->failure == 1 ? "" : "s");
	snprintf(buf, len, "%s %llu report%s (%llu records)%s%s, %llu already "
	    "stored, %llu failed", dry_run ? "parsed (dry run)" : "imported",
	    c->imported, c->imported == 1 ? "" : "s", c->records, tls, ruf,
	    c->already, c->failed);
}
