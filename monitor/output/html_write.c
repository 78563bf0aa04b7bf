/*
 * html_write.c -- HTML escaping and the page frame shared by the
 * dashboard and `reports summary --html` (see html_write.h). The style
 * is inline (the Content-Security-Policy allows inline styles and no
 * other source), small, and lays tables out for a phone as well.
 */
#include <stdio.h>
#include <time.h>

#include "monitor/output/html_write.h"
#include "probes/finding.h"

static const char page_style[] =
    "body{font:15px/1.4 system-ui,sans-serif;margin:0 auto;max-width:72em;"
    "padding:.5em 1em;color:#222;background:#fafafa}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;"
    "border-bottom:1px solid #ccc}h3{font-size:1em}"
    ".scroll{overflow-x:auto}"
    "table{border-collapse:collapse;margin:.4em 0}"
    "th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;"
    "vertical-align:top}th{background:#eee}td.n{text-align:right}"
    ".ok{background:#dff0d8}.warning{background:#fcf8e3}"
    ".critical{background:#f2dede}.unknown{background:#e8e8f4}"
    ".none{color:#999}.muted{color:#666;font-size:.9em}"
    "svg{width:100%;max-width:48em;height:auto;background:#fff;"
    "border:1px solid #ddd}"
    "ul.problems li{margin:.2em 0}";

void
html_text(FILE *out, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				fputs("\xef\xbf\xbd", out);
			else
				fputc(c, out);
		}
	}
}

void
html_page_begin(FILE *out, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><title>", out);
	html_text(out, title);
	fprintf(out, "</title><style>%s</style></head><body>\n<h1>", page_style);
	html_text(out, title);
	fputs("</h1>\n", out);
}

void
html_page_end(FILE *out)
{
	fputs("</body></html>\n", out);
}

void
html_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, len, "@%lld", (long long)t);
}

const char *
html_state_class(int state)
{
	return state >= FINDING_OK && state <= FINDING_UNKNOWN ?
	    finding_state_name((enum finding_state)state) : "unknown";
}
