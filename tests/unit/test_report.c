/*
 * test_report.c -- DMARC report values: normalisation, numbers, the
 * DMARC pass rule, and format detection from the first bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <zlib.h>

#include "probes/reports/report.h"
#include "probes/reports/report_input.h"
#include "probes/reports/report_stream.h"

static void
test_report_normalise_trims_and_lowercases(void **state)
{
	char a[] = "  PASS\n", b[] = "\t Example.COM. ", c[] = " Mixed Case ",
	    d[] = "", e[] = " \n\t ", f[] = ".";
	(void)state;

	assert_string_equal(report_normalise(a, REPORT_NORM_LOWER), "pass");
	assert_string_equal(report_normalise(b, REPORT_NORM_DOMAIN),
	    "example.com");
	assert_string_equal(report_normalise(c, REPORT_NORM_TRIM), "Mixed Case");
	assert_string_equal(report_normalise(d, REPORT_NORM_LOWER), "");
	assert_string_equal(report_normalise(e, REPORT_NORM_TRIM), "");
	/* The root alone keeps its dot: nothing else to show. */
	assert_string_equal(report_normalise(f, REPORT_NORM_DOMAIN), ".");
	assert_null(report_normalise(NULL, REPORT_NORM_TRIM));
}

static void
test_report_parse_uint_accepts_report_numbers(void **state)
{
	uint64_t v = 0;
	(void)state;

	assert_int_equal(report_parse_uint("1538413632", &v), 0);
	assert_int_equal(v, 1538413632);
	assert_int_equal(report_parse_uint("1538413632.000", &v), 0);
	assert_int_equal(v, 1538413632);
	assert_int_equal(report_parse_uint("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(report_parse_uint("", &v), -1);
	assert_int_equal(report_parse_uint("-5", &v), -1);
	assert_int_equal(report_parse_uint("12x", &v), -1);
	assert_int_equal(report_parse_uint("1.5", &v), -1);
	assert_int_equal(report_parse_uint("99999999999999999999999", &v), -1);
	assert_int_equal(report_parse_uint(NULL, &v), -1);
}

static void
test_report_dmarc_pass_needs_one_aligned_pass(void **state)
{
	struct report_record r = { 0 };
	char pass[] = "pass", fail[] = "fail";
	(void)state;

	assert_false(report_record_dmarc_pass(&r));
	r.dkim = fail;
	r.spf = fail;
	assert_false(report_record_dmarc_pass(&r));
	r.spf = pass;
	assert_true(report_record_dmarc_pass(&r));
	r.spf = NULL;
	r.dkim = pass;
	assert_true(report_record_dmarc_pass(&r));
}

static void
test_report_detect_formats_from_bytes(void **state)
{
	static const struct {
		const char		*bytes;
		size_t			 len;
		enum report_format	 want;
	} cases[] = {
		{ "", 0, REPORT_FMT_EMPTY },
		{ " \r\n\t", 4, REPORT_FMT_EMPTY },
		{ "<?xml version=\"1.0\"?><feedback>", 32, REPORT_FMT_XML },
		{ "\n\n  <feedback>", 14, REPORT_FMT_XML },
		{ "\xef\xbb\xbf<?xml", 8, REPORT_FMT_XML },
		{ "\xff\xfe<\0?\0", 6, REPORT_FMT_XML },
		{ "\x1f\x8b\x08\x00", 4, REPORT_FMT_GZIP },
		{ "PK\x03\x04\x14\x00", 6, REPORT_FMT_ZIP },
		{ "PK\x05\x06", 4, REPORT_FMT_ZIP },
		{ "From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n", 44,
		    REPORT_FMT_MBOX },
		{ "Return-Path: <a@b>\r\nSubject: x\r\n", 32, REPORT_FMT_MAIL },
		{ "X-Mailer:x\n", 11, REPORT_FMT_MAIL },
		{ "hello world\n", 12, REPORT_FMT_UNKNOWN },
		{ "From: someone\n", 14, REPORT_FMT_MAIL },
		{ " Subject: folded?\n", 18, REPORT_FMT_UNKNOWN },
		{ "%PDF-1.4", 8, REPORT_FMT_UNKNOWN },
		{ "\x1f", 1, REPORT_FMT_UNKNOWN },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum report_format got = report_format_detect(cases[i].bytes,
		    cases[i].len);
		if (got != cases[i].want)
			fail_msg("case %zu: got %s, want %s", i,
			    report_format_name(got),
			    report_format_name(cases[i].want));
	}
}

/* Appends one gzip member of s to out at *len. */
static void
gzip_member(const char *s, unsigned char *out, size_t cap, size_t *len)
{
	z_stream z = { 0 };

	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)s;
	z.avail_in = (unsigned)strlen(s);
	z.next_out = out + *len;
	z.avail_out = (unsigned)(cap - *len);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*len = cap - z.avail_out;
	deflateEnd(&z);
}

static size_t
read_all(struct report_stream *s, char *buf, size_t cap)
{
	char err[128];
	size_t len = 0;
	ssize_t n;

	while ((n = s->read(s, buf + len, cap - 1 - len, err, sizeof(err))) > 0)
		len += (size_t)n;
	assert_true(n == 0);
	buf[len] = '\0';
	return len;
}

/* Several members are read in turn; bytes after the last are ignored. */
static void
test_report_gzip_members_and_trailing_bytes(void **state)
{
	unsigned char gz[4096];
	char out[4096];
	size_t len = 0;
	struct report_stream *mem, *g;
	(void)state;

	gzip_member("<feedback>", gz, sizeof(gz), &len);
	gzip_member("</feedback>", gz, sizeof(gz), &len);
	memcpy(gz + len, "\0\0garbage", 9);
	len += 9;
	assert_non_null(mem = report_stream_mem(gz, len, 0));
	assert_non_null(g = report_stream_gzip(mem));
	assert_int_equal(read_all(g, out, sizeof(out)), 21);
	assert_string_equal(out, "<feedback></feedback>");
	/* Rewinding reads it all again. */
	assert_int_equal(g->rewind(g), 0);
	assert_int_equal(read_all(g, out, sizeof(out)), 21);
	report_stream_close(g);
	report_stream_close(mem);
}

/* A member cut short is an error, not a short report. */
static void
test_report_gzip_truncated_is_an_error(void **state)
{
	unsigned char gz[4096];
	char out[4096], err[128];
	size_t len = 0;
	struct report_stream *mem, *g;
	ssize_t n;
	(void)state;

	gzip_member("<feedback><report_metadata/></feedback>", gz, sizeof(gz),
	    &len);
	assert_non_null(mem = report_stream_mem(gz, len - 6, 0));
	assert_non_null(g = report_stream_gzip(mem));
	while ((n = g->read(g, out, sizeof(out), err, sizeof(err))) > 0)
		;
	assert_int_equal(n, -1);
	assert_non_null(strstr(err, "gzip"));
	report_stream_close(g);
	report_stream_close(mem);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_normalise_trims_and_lowercases),
		cmocka_unit_test(test_report_parse_uint_accepts_report_numbers),
		cmocka_unit_test(test_report_dmarc_pass_needs_one_aligned_pass),
		cmocka_unit_test(test_report_detect_formats_from_bytes),
		cmocka_unit_test(test_report_gzip_members_and_trailing_bytes),
		cmocka_unit_test(test_report_gzip_truncated_is_an_error),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
