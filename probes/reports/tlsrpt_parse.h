/*
 * tlsrpt_parse.h -- reads one TLS-RPT aggregate report (RFC 8460 §4.4,
 * JSON, already decompressed) with json-c into struct tlsrpt_report.
 * Every field the RFC requires is checked for presence and type; the
 * error names the field by its JSON path ("policies[2].summary.
 * total-failure-session-count: missing").
 */
#ifndef SENDWATCH_TLSRPT_PARSE_H
#define SENDWATCH_TLSRPT_PARSE_H

#include <stddef.h>

#include "probes/reports/tlsrpt.h"

/* Bounds on what one report may hold. */
#define TLSRPT_MAX_POLICIES	10000
#define TLSRPT_MAX_DETAILS	100000	/* failure-details, all policies */
#define TLSRPT_MAX_STRINGS	1000	/* policy-string lines, mx-host */

/*
 * Parses len bytes of JSON into r (which the caller has zeroed and
 * clears). Returns 0, or -1 with the reason in err and r cleared.
 */
int	tlsrpt_parse(const char *json, size_t len, struct tlsrpt_report *r,
	    char *err, size_t errlen);

/*
 * An RFC 3339 date-time ("2016-04-01T00:00:00Z", fractions and offsets
 * allowed) to Unix time. Returns 0, or -1 when s is not one.
 */
int	tlsrpt_parse_time(const char *s, int64_t *out);

#endif
