/*
 * fuzz_report.c -- report input as it arrives: the format told from the
 * bytes, then XML, JSON, gzip, zip, a mail message (any MIME layout) or an
 * mbox, nested; every DMARC aggregate report found parsed as XML, every
 * TLS-RPT report as JSON, failure reports read from their messages.
 */
#include <string.h>

#include "probes/reports/report.h"
#include "probes/reports/report_walk.h"
#include "probes/reports/report_xml.h"
#include "probes/reports/tlsrpt_parse.h"
#include "tests/fuzz/fuzz.h"

static void
on_found(void *arg, const char *where, const struct report_src *src)
{
	struct report_limits lim = { 1u << 24, 100000 };
	struct report_parse_info info;
	struct report r;
	char err[256];

	(void)arg;
	(void)where;
	report_init(&r);
	report_xml_parse(src, &lim, NULL, &r, &info, err, sizeof(err));
	report_clear(&r);
}

static void
on_tlsrpt(void *arg, const char *where, const char *json, size_t len)
{
	struct tlsrpt_report r;
	char err[256];

	(void)arg;
	(void)where;
	memset(&r, 0, sizeof(r));
	if (tlsrpt_parse(json, len, &r, err, sizeof(err)) == 0)
		tlsrpt_report_clear(&r);
}

static void
on_failure(void *arg, const char *where, const struct ruf_report *r)
{
	(void)arg;
	(void)where;
	(void)r;
}

static void
on_error(void *arg, const char *where, const char *reason)
{
	(void)arg;
	(void)where;
	(void)reason;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_input_cb cb = {
		.found = on_found, .error = on_error, .max_bytes = 1u << 24,
		.found_tlsrpt = on_tlsrpt, .found_failure = on_failure,
	};
	struct report_walk w = { &cb, 0 };
	struct report_stream *s;

	if ((s = report_stream_mem((void *)data, size, 0)) == NULL)
		return 0;
	report_walk_stream(&w, s, "fuzz", 0);
	report_stream_close(s);
	return 0;
}
