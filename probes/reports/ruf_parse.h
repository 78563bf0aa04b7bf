/*
 * ruf_parse.h -- tells whether a mail message (GMime) is a DMARC failure
 * report and reads it into struct ruf_report (ruf.h): RFC 6591's ARF
 * form (multipart/report; report-type=feedback-report, a
 * message/feedback-report part with Feedback-Type: auth-failure, the
 * original message or its header attached) and the common non-ARF forms
 * (the same fields as "Name: value" lines of a text part, the original
 * attached as message/rfc822 or text/rfc822-headers). Only
 * report_mail.c includes this (it needs GMime).
 */
#ifndef SENDWATCH_RUF_PARSE_H
#define SENDWATCH_RUF_PARSE_H

#include <stddef.h>

#include <gmime/gmime.h>

#include "probes/reports/ruf.h"

/*
 * Returns 1 when msg is a failure report (r filled; the caller clears
 * it), 0 when it is not one (r untouched), -1 when it says it is one but
 * cannot be read (the reason in err, r cleared).
 */
int	ruf_parse_message(GMimeMessage *msg, struct ruf_report *r, char *err,
	    size_t errlen);

/*
 * Reads "Name: value" lines (RFC 5965 §3.1 fields, with continuation
 * lines) of text into r. Names are matched without regard to case, and
 * with a space for the dash ("Source IP"), so the non-ARF forms read
 * too. Returns the number of known fields found.
 */
size_t	ruf_parse_fields(const char *text, size_t len, struct ruf_report *r);

#endif
