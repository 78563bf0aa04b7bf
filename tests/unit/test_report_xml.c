/*
 * test_report_xml.c -- the DMARC report parser: formats and namespaces,
 * normalised values, several auth results per record, the sink protocol,
 * recovery, DOCTYPE/XXE/billion-laughs refusal (with proof that no file
 * is opened), and the byte and record bounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>
#include <cmocka.h>

#include "probes/reports/report_stream.h"
#include "probes/reports/report_xml.h"

#define META(id) \
	"<report_metadata><org_name> Example Org </org_name>" \
	"<email>r@example.org</email><report_id>" id "</report_id>" \
	"<date_range><begin>1700000000</begin><end>1700086399</end>" \
	"</date_range></report_metadata>"
#define POLICY "<policy_published><domain>Example.COM</domain>" \
	"<p>reject</p></policy_published>"
#define RECORD(ip, n) "<record><row><source_ip>" ip "</source_ip><count>" \
	n "</count><policy_evaluated><disposition>none</disposition>" \
	"<dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>" \
	"<identifiers><header_from>example.com</header_from></identifiers>" \
	"</record>"

static enum report_parse_status
parse(const char *xml, const struct report_limits *lim,
    const struct report_sink *sink, struct report *r,
    struct report_parse_info *info, char *err, size_t errlen)
{
	struct report_src src;
	struct report_stream *m = report_stream_mem((void *)(uintptr_t)xml,
	    strlen(xml), 0);
	enum report_parse_status st;

	assert_non_null(m);
	report_stream_src(&src, m);
	report_init(r);
	st = report_xml_parse(&src, lim, sink, r, info, err, errlen);
	report_stream_close(m);
	return st;
}

static void
test_report_xml_rfc9990_prefixed_namespace(void **state)
{
	const char *xml =
	    "<?xml version=\"1.0\"?>\n"
	    "<d:feedback xmlns:d=\"urn:ietf:params:xml:ns:dmarc-2.0\">"
	    "<d:version>1.0</d:version>"
	    "<d:report_metadata><d:org_name>Reporter</d:org_name>"
	    "<d:report_id>\n  id-9990  \n</d:report_id><d:date_range>"
	    "<d:begin> 302832000 </d:begin><d:end>302918399</d:end>"
	    "</d:date_range></d:report_metadata>"
	    "<d:policy_published><d:domain>example.com.</d:domain>"
	    "<d:p>Quarantine</d:p><d:sp>none</d:sp><d:np>REJECT</d:np>"
	    "<d:testing>n</d:testing>"
	    "<d:discovery_method>treewalk</d:discovery_method>"
	    "</d:policy_published>"
	    "<d:record><d:row><d:source_ip>2001:DB8::1</d:source_ip>"
	    "<d:count>5</d:count><d:policy_evaluated>"
	    "<d:disposition>Pass</d:disposition><d:dkim>PASS</d:dkim>"
	    "<d:spf> fail </d:spf></d:policy_evaluated></d:row>"
	    "<d:identifiers><d:header_from>Example.com</d:header_from>"
	    "<d:envelope_from>bounce.example.com</d:envelope_from>"
	    "<d:envelope_to>example.net</d:envelope_to></d:identifiers>"
	    "<d:auth_results>"
	    "<d:dkim><d:domain>example.com</d:domain><d:selector>S1</d:selector>"
	    "<d:result>PASS</d:result></d:dkim>"
	    "<d:dkim><d:domain>esp.example</d:domain><d:selector>s2</d:selector>"
	    "<d:result>fail</d:result><d:human_result>bad sig</d:human_result>"
	    "</d:dkim>"
	    "<d:spf><d:domain>bounce.example.com</d:domain><d:scope>MFROM"
	    "</d:scope><d:result>Fail</d:result></d:spf>"
	    "<d:spf><d:domain>mx.example.com</d:domain><d:scope>helo</d:scope>"
	    "<d:result>pass</d:result></d:spf>"
	    "</d:auth_results></d:record></d:feedback>";
	struct report r;
	char err[256];
	struct report_record *rec;
	(void)state;

	assert_int_equal(parse(xml, NULL, NULL, &r, NULL, err, sizeof(err)),
	    REPORT_PARSED);
	assert_string_equal(r.version, "1.0");
	assert_string_equal(r.org_name, "Reporter");
	assert_string_equal(r.report_id, "id-9990");
	assert_int_equal(r.begin, 302832000);
	assert_int_equal(r.end, 302918399);
	assert_string_equal(r.policy.domain, "example.com");
	assert_string_equal(r.policy.p, "quarantine");
	assert_string_equal(r.policy.np, "reject");
	assert_string_equal(r.policy.testing, "n");
	assert_string_equal(r.policy.discovery_method, "treewalk");
	assert_null(r.policy.pct);
	assert_int_equal(r.nrecords, 1);
	rec = &r.records[0];
	assert_string_equal(rec->source_ip, "2001:db8::1");
	assert_int_equal(rec->count, 5);
	assert_string_equal(rec->disposition, "pass");
	assert_string_equal(rec->dkim, "pass");
	assert_string_equal(rec->spf, "fail");
	assert_string_equal(rec->header_from, "example.com");
	assert_string_equal(rec->envelope_from, "bounce.example.com");
	assert_string_equal(rec->envelope_to, "example.net");
	assert_int_equal(rec->ndkim_auth, 2);
	assert_string_equal(rec->dkim_auth[0].selector, "s1");
	assert_string_equal(rec->dkim_auth[0].result, "pass");
	assert_string_equal(rec->dkim_auth[1].domain, "esp.example");
	assert_string_equal(rec->dkim_auth[1].human_result, "bad sig");
	assert_int_equal(rec->nspf_auth, 2);
	assert_string_equal(rec->spf_auth[0].scope, "mfrom");
	assert_string_equal(rec->spf_auth[0].result, "fail");
	assert_string_equal(rec->spf_auth[1].domain, "mx.example.com");
	assert_int_equal(r.record_total, 1);
	assert_int_equal(r.count_sum, 5);
	report_clear(&r);
}

struct seen {
	int	 headers;
	int	 records;
	int	 restarts;
	int	 stop_at;	/* record number that answers STOP, 0 never */
	uint64_t counts;
	char	 last_ip[64];
};

static int
sink_header(void *arg, const struct report *r, char *err, size_t errlen)
{
	struct seen *s = arg;

	(void)err;
	(void)errlen;
	assert_string_equal(r->report_id, "sink-1");
	s->headers++;
	return REPORT_SINK_GO;
}

static int
sink_record(void *arg, const struct report *r, const struct report_record *rec,
    char *err, size_t errlen)
{
	struct seen *s = arg;

	(void)r;
	(void)err;
	(void)errlen;
	assert_int_equal(s->headers, 1);
	s->records++;
	s->counts += rec->count;
	snprintf(s->last_ip, sizeof(s->last_ip), "%s", rec->source_ip);
	return s->records == s->stop_at ? REPORT_SINK_STOP : REPORT_SINK_GO;
}

static void
sink_restart(void *arg)
{
	struct seen *s = arg;

	s->restarts++;
	s->headers = s->records = 0;
	s->counts = 0;
}

static void
test_report_xml_sink_gets_header_then_records(void **state)
{
	/* Records before the metadata are held until the header is known. */
	const char *xml = "<feedback>" RECORD("192.0.2.1", "3") META("sink-1")
	    POLICY RECORD("192.0.2.2", "4") RECORD("192.0.2.3", "5")
	    "</feedback>";
	struct seen s = { 0 };
	struct report_sink sink = { sink_header, sink_record, sink_restart, &s };
	struct report r;
	char err[256];
	(void)state;

	assert_int_equal(parse(xml, NULL, &sink, &r, NULL, err, sizeof(err)),
	    REPORT_PARSED);
	assert_int_equal(s.headers, 1);
	assert_int_equal(s.records, 3);
	assert_int_equal(s.counts, 12);
	assert_string_equal(s.last_ip, "192.0.2.3");
	assert_int_equal(r.nrecords, 0);	/* not held once handed over */
	assert_int_equal(r.record_total, 3);
	assert_int_equal(r.count_sum, 12);
	report_clear(&r);

	/* A sink without a record callback: records counted, not kept. */
	sink.record = NULL;
	memset(&s, 0, sizeof(s));
	assert_int_equal(parse(xml, NULL, &sink, &r, NULL, err, sizeof(err)),
	    REPORT_PARSED);
	assert_int_equal(s.headers, 1);
	assert_int_equal(r.nrecords, 0);
	assert_int_equal(r.record_total, 3);
	report_clear(&r);

	sink.record = sink_record;
	memset(&s, 0, sizeof(s));
	s.stop_at = 1;
	assert_int_equal(parse(xml, NULL, &sink, &r, NULL, err, sizeof(err)),
	    REPORT_STOPPED);
	assert_int_equal(s.records, 1);
	report_clear(&r);
}

static void
test_report_xml_recovers_broken_xml_and_says_what(void **state)
{
	const char *xml = "<feedback>" META("sink-1") POLICY
	    RECORD("192.0.2.1", "2")
	    "<record><row><source_ip>192.0.2.9</source_ip><count>7</count>"
	    "</row><identifiers><header_from>bad<x.example</header_from>"
	    "</identifiers></record></feedback>";
	struct seen s = { 0 };
	struct report_sink sink = { sink_header, sink_record, sink_restart, &s };
	struct report_parse_info info;
	struct report r;
	char err[256];
	(void)state;

	assert_int_equal(parse(xml, NULL, &sink, &r, &info, err, sizeof(err)),
	    REPORT_PARSED);
	assert_true(info.recovered);
	assert_true(info.xml_errors > 0);
	assert_non_null(strstr(info.dropped, "line 1:"));
	assert_int_equal(s.restarts, 1);
	assert_int_equal(s.headers, 1);
	assert_int_equal(s.records, 2);
	assert_int_equal(s.counts, 9);
	report_clear(&r);
}

static void
expect_failure(const char *xml, const struct report_limits *lim,
    const char *want)
{
	struct report r;
	char err[256];

	assert_int_equal(parse(xml, lim, NULL, &r, NULL, err, sizeof(err)),
	    REPORT_FAILED);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err, want);
	report_clear(&r);
}

static void
test_report_xml_clear_errors(void **state)
{
	(void)state;
	expect_failure("", NULL, "empty");
	expect_failure("<html><body>hi</body></html>", NULL,
	    "no <feedback> element");
	expect_failure("<feedback>" POLICY "<report_metadata><org_name>x"
	    "</org_name><date_range><begin>1</begin><end>2</end></date_range>"
	    "</report_metadata></feedback>", NULL, "no report_id");
	expect_failure("<feedback>" META("x") "</feedback>", NULL,
	    "policy_published: no domain");
	expect_failure("<feedback><report_metadata><report_id>x</report_id>"
	    "<date_range><begin>yesterday</begin><end>2</end></date_range>"
	    "</report_metadata>" POLICY "</feedback>", NULL,
	    "date_range/begin: expected a Unix time, got \"yesterday\"");
	expect_failure("<feedback>" META("x") POLICY "<record><row><count>-1"
	    "</count></row></record></feedback>", NULL,
	    "row/count: expected a count");
}

/* A second report glued after the first: the first is kept, and told. */
static void
test_report_xml_second_root_is_dropped_and_told(void **state)
{
	struct report_parse_info info;
	struct report r;
	char err[256];
	(void)state;

	assert_int_equal(parse("<feedback>" META("x") POLICY "</feedback>"
	    "<feedback>" META("y") POLICY "</feedback>", NULL, NULL, &r, &info,
	    err, sizeof(err)), REPORT_PARSED);
	assert_string_equal(r.report_id, "x");
	assert_true(info.recovered);
	assert_non_null(strstr(info.dropped, "Extra content"));
	report_clear(&r);
}

static void
test_report_xml_bounds_bytes_and_records(void **state)
{
	const char *xml = "<feedback>" META("b") POLICY RECORD("192.0.2.1", "1")
	    RECORD("192.0.2.2", "1") RECORD("192.0.2.3", "1") "</feedback>";
	struct report_limits records2 = { 1 << 20, 2 }, records3 = { 1 << 20, 3 };
	struct report_limits small = { 100, 10 }, exact = { strlen(xml), 10 };
	struct report r;
	char err[256];
	(void)state;

	expect_failure(xml, &records2, "more than 2 records");
	expect_failure(xml, &small, "larger than 100 bytes of XML");
	assert_int_equal(parse(xml, &records3, NULL, &r, NULL, err, sizeof(err)),
	    REPORT_PARSED);
	report_clear(&r);
	assert_int_equal(parse(xml, &exact, NULL, &r, NULL, err, sizeof(err)),
	    REPORT_PARSED);
	report_clear(&r);
}

static char *
read_data(const char *name)
{
	const char *top = getenv("SENDWATCH_TOP");
	char path[1024];
	static char buf[65536];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/tests/data/reports/%s",
	    top != NULL ? top : ".", name);
	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

static void
test_report_xml_refuses_doctype_samples(void **state)
{
	static const char *const samples[] = {
		"xxe.xml", "xxe-parameter.xml", "billion-laughs.xml",
	};
	(void)state;

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		expect_failure(read_data(samples[i]), NULL, "has a DOCTYPE: "
		    "refused");
}

/* The parser never opens the file an external entity names. */
static void
test_report_xml_xxe_opens_no_file(void **state)
{
	char dir[] = "/tmp/sendwatch-xxe-XXXXXX", secret[512], xml[2048];
	char buf[4096];
	struct report r;
	char err[256];
	FILE *fp;
	int in;
	ssize_t n;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(secret, sizeof(secret), "%s/secret", dir);
	assert_non_null(fp = fopen(secret, "w"));
	fputs("TOPSECRET\n", fp);
	fclose(fp);
	assert_true((in = inotify_init1(IN_NONBLOCK)) >= 0);
	assert_true(inotify_add_watch(in, secret, IN_OPEN | IN_ACCESS) >= 0);
	static const char *const forms[] = {
		"<!DOCTYPE feedback [<!ENTITY x SYSTEM \"file://%s\">]>"
		"<feedback><report_metadata><org_name>&x;</org_name>",
		"<!DOCTYPE feedback [<!ENTITY %% x SYSTEM \"%s\"> %%x;]>"
		"<feedback><report_metadata><org_name>p</org_name>",
		"<!DOCTYPE feedback SYSTEM \"%s\">"
		"<feedback><report_metadata><org_name>p</org_name>",
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		int len = snprintf(xml, sizeof(xml), forms[i], secret);
		snprintf(xml + len, sizeof(xml) - (size_t)len,
		    "<report_id>x</report_id><date_range><begin>1</begin>"
		    "<end>2</end></date_range></report_metadata>" POLICY
		    "</feedback>");
		assert_int_equal(parse(xml, NULL, NULL, &r, NULL, err,
		    sizeof(err)), REPORT_FAILED);
		assert_non_null(strstr(err, "DOCTYPE"));
		assert_true(r.org_name == NULL ||
		    strstr(r.org_name, "TOPSECRET") == NULL);
		report_clear(&r);
	}
	n = read(in, buf, sizeof(buf));
	assert_true(n < 0);	/* no event: the file was never opened */
	close(in);
	unlink(secret);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_xml_rfc9990_prefixed_namespace),
		cmocka_unit_test(test_report_xml_sink_gets_header_then_records),
		cmocka_unit_test(test_report_xml_recovers_broken_xml_and_says_what),
		cmocka_unit_test(test_report_xml_clear_errors),
		cmocka_unit_test(test_report_xml_second_root_is_dropped_and_told),
		cmocka_unit_test(test_report_xml_bounds_bytes_and_records),
		cmocka_unit_test(test_report_xml_refuses_doctype_samples),
		cmocka_unit_test(test_report_xml_xxe_opens_no_file),
	};
	return cmocka_run_group_tests_name("report_xml", tests, NULL, NULL);
}
