/*
 * test_svg_chart.c -- the dashboard's drawing and escaping: html_text
 * turns markup, quotes and control characters from reports into text;
 * svg_chart_write draws one bar per point with its figures in a <title>,
 * a rate line only where a rate exists, and a note for an empty series.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "monitor/output/html_write.h"
#include "monitor/output/svg_chart.h"

static char *
escaped(const char *s)
{
	char *buf = NULL;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	html_text(fp, s);
	fclose(fp);
	return buf;
}

static void
test_svg_chart_html_text_escapes_markup(void **state)
{
	char *s;

	(void)state;
	s = escaped("<script>alert('x')</script> & \"q\"");
	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
	    " &amp; &quot;q&quot;");
	free(s);
	s = escaped("a\rb\x1b" "c\x7f" "d\te");
	assert_string_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd"
	    "d\te");
	free(s);
	s = escaped("caf\xc3\xa9");
	assert_string_equal(s, "caf\xc3\xa9");
	free(s);
}

static char *
chart(const struct svg_point *v, size_t n, const char *title)
{
	struct svg_chart c = { .title = title, .count_name = "messages",
	    .rate_name = "DMARC pass", .time_format = "%Y-%m-%d", .v = v,
	    .n = n };
	char *buf = NULL;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	svg_chart_write(fp, &c);
	fclose(fp);
	return buf;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void
test_svg_chart_bars_titles_and_rate(void **state)
{
	const struct svg_point v[] = {
		{ 1700000000 - 86400, 0, -1 },
		{ 1700000000 - 1700000000 % 86400, 18, 15.0 / 18 },
		{ 1700000000 - 1700000000 % 86400 + 86400, 4, 1.0 },
	};
	char *s = chart(v, 3, "<b>x</b>");

	(void)state;
	assert_int_equal(count(s, "<rect class=\"bar\""), 3);
	assert_non_null(strstr(s, "<title>2023-11-14: 18 messages, 83.3% DMARC "
	    "pass</title>"));
	assert_non_null(strstr(s, "<title>2023-11-13: 0 messages</title>"));
	assert_non_null(strstr(s, "aria-label=\"&lt;b&gt;x&lt;/b&gt;\""));
	/* the axis rounds 18 up to 20; the line has the two rated points */
	assert_non_null(strstr(s, ">20</text>"));
	assert_int_equal(count(s, "<circle "), 2);
	assert_null(strstr(s, "<script"));
	free(s);
	s = chart(NULL, 0, "empty");
	assert_non_null(strstr(s, "no data in the window"));
	assert_null(strstr(s, "<svg"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_chart_html_text_escapes_markup),
		cmocka_unit_test(test_svg_chart_bars_titles_and_rate),
	};

	return cmocka_run_group_tests_name("svg_chart", tests, NULL, NULL);
}
