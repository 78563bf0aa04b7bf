/*
 * x509_dates.h -- when a certificate expires, for every TLS probe
 * (starttls, mta-sts, bimi): one place that turns an X.509 notAfter
 * into unix time, days left and a date to show.
 */
#ifndef SENDWATCH_X509_DATES_H
#define SENDWATCH_X509_DATES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/x509.h>

/*
 * The certificate's notAfter as unix seconds into *not_after. Returns 0,
 * or -1 when the date cannot be read.
 */
int	x509_not_after(const X509 *, int64_t *not_after);

/*
 * Whole days from now until not_after, rounded down; negative once
 * expired (-1 on the day after).
 */
int64_t	x509_days_left(int64_t not_after, time_t now);

/* "2026-12-14" (UTC) into buf. */
void	x509_format_date(int64_t when, char *buf, size_t len);

/*
 * "2026-12-14T09:30:00Z" into buf: how a starttls finding's detail says
 * when each certificate expires ("... until 2026-12-14T09:30:00Z").
 */
void	x509_format_time(int64_t when, char *buf, size_t len);

/*
 * The earliest "until YYYY-MM-DDTHH:MM:SSZ" in a starttls detail (as
 * stored by `run`, which keeps the text, not the finding's result) into
 * *when. Returns 0, or -1 when there is none.
 */
int	x509_earliest_until(const char *detail, int64_t *when);

#endif
