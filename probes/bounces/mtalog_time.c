/*
 * mtalog_time.c -- when a log line was written, from its timestamp:
 * RFC 3339 ("2026-11-23T14:00:00.123456+01:00", rsyslog and journald),
 * Exim's "2026-11-23 14:00:00[.mmm] [+0100]" and the traditional syslog
 * "Nov 23 14:00:00" (local time, no year: the year that puts it closest
 * before now). See mtalog.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "probes/bounces/mtalog.h"

static const char mtalog_months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

#define D(c)	((c) >= '0' && (c) <= '9')

/* n digits at s as a number, or -1. */
static int
mtalog_num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!D(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "+01:00", "-0500", "Z" at s (up to end): the offset in seconds. */
static bool
mtalog_zone(const char *s, const char *end, long *off)
{
	int h, m;

	if (s < end && *s == 'Z') {
		*off = 0;
		return true;
	}
	if (end - s < 5 || (*s != '+' && *s != '-'))
		return false;
	h = mtalog_num(s + 1, 2);
	m = s[3] == ':' ? (end - s >= 6 ? mtalog_num(s + 4, 2) : -1) :
	    mtalog_num(s + 3, 2);
	if (h < 0 || m < 0)
		return false;
	*off = (h * 3600L + m * 60L) * (*s == '-' ? -1 : 1);
	return true;
}

bool
mtalog_line_time(const char *line, size_t len, time_t now, time_t *out)
{
	const char *end = line + len, *p;
	struct tm tm;
	long off;

	memset(&tm, 0, sizeof(tm));
	tm.tm_isdst = -1;
	if (len >= 19 && line[4] == '-' && line[7] == '-' &&
	    (line[10] == 'T' || line[10] == ' ') && line[13] == ':' &&
	    line[16] == ':') {
		tm.tm_year = mtalog_num(line, 4) - 1900;
		tm.tm_mon = mtalog_num(line + 5, 2) - 1;
		tm.tm_mday = mtalog_num(line + 8, 2);
		tm.tm_hour = mtalog_num(line + 11, 2);
		tm.tm_min = mtalog_num(line + 14, 2);
		tm.tm_sec = mtalog_num(line + 17, 2);
		if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 1 ||
		    tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0)
			return false;
		for (p = line + 19; p < end && (*p == '.' || D(*p)); p++)
			;
		if (p < end && *p == ' ' && line[10] == ' ')
			p++;	/* Exim's " +0100" */
		if (mtalog_zone(p, end, &off)) {
			*out = timegm(&tm) - off;
			return true;
		}
		if (line[10] == 'T')
			return false;	/* RFC 3339 always has a zone */
		*out = mktime(&tm);
		return *out != (time_t)-1;
	}
	if (len >= 15 && line[3] == ' ' && line[9] == ':' && line[12] == ':') {
		const char *m = NULL;
		struct tm nowtm;
		time_t t;

		for (int i = 0; i < 12; i++)
			if (memcmp(line, mtalog_months + 3 * i, 3) == 0)
				m = mtalog_months + 3 * i;
		if (m == NULL)
			return false;
		tm.tm_mon = (int)(m - mtalog_months) / 3;
		tm.tm_mday = line[4] == ' ' ? mtalog_num(line + 5, 1) :
		    mtalog_num(line + 4, 2);
		tm.tm_hour = mtalog_num(line + 7, 2);
		tm.tm_min = mtalog_num(line + 10, 2);
		tm.tm_sec = mtalog_num(line + 13, 2);
		if (tm.tm_mday < 1 || tm.tm_hour < 0 || tm.tm_min < 0 ||
		    tm.tm_sec < 0)
			return false;
		localtime_r(&now, &nowtm);
		tm.tm_year = nowtm.tm_year;
		t = mktime(&tm);
		if (t > now + 86400) {	/* December's lines read in January */
			tm.tm_year--;
			tm.tm_isdst = -1;
			t = mktime(&tm);
		}
		*out = t;
		return t != (time_t)-1;
	}
	return false;
}
