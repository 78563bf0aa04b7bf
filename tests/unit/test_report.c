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

#include "probes/report.h"
#include "probes/report_input.h"

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
		enum report_format got = report_input_detect(cases[i].bytes,
		    cases[i].len);
		if (got != cases[i].want)
			fail_msg("case %zu: got %s, want %s", i,
			    report_format_name(got),
			    report_format_name(cases[i].want));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_normalise_trims_and_lowercases),
		cmocka_unit_test(test_report_parse_uint_accepts_report_numbers),
		cmocka_unit_test(test_report_dmarc_pass_needs_one_aligned_pass),
		cmocka_unit_test(test_report_detect_formats_from_bytes),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
