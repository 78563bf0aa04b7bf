/*
 * x509_dates.c -- certificate expiry dates (see x509_dates.h).
 * ASN1_TIME_to_tm reads both UTCTime and GeneralizedTime, so no date
 * string is parsed here.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>

#include "probes/tls/x509_dates.h"

int
x509_not_after(const X509 *cert, int64_t *not_after)
{
	const ASN1_TIME *t = X509_get0_notAfter(cert);
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return -1;
	*not_after = (int64_t)timegm(&tm);
	return 0;
}

int64_t
x509_days_left(int64_t not_after, time_t now)
{
	int64_t s = not_after - (int64_t)now;

	/* floor division: 1 s past expiry is day -1, not day 0 */
	return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

void
x509_format_time(int64_t when, char *buf, size_t len)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, len,
	    "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "?");
}

int
x509_earliest_until(const char *detail, int64_t *when)
{
	static const char word[] = " until ";
	int found = -1;

	for (const char *p = detail; p != NULL &&
	    (p = strstr(p, word)) != NULL; p += sizeof(word) - 1) {
		struct tm tm;
		const char *end;

		memset(&tm, 0, sizeof(tm));
		end = strptime(p + sizeof(word) - 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (end == NULL)
			continue;
		int64_t t = (int64_t)timegm(&tm);
		if (found == -1 || t < *when)
			*when = t;
		found = 0;
	}
	return found;
}

void
x509_format_date(int64_t when, char *buf, size_t len)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, len, "%Y-%m-%d",
	    &tm) == 0)
		snprintf(buf, len, "?");
}
