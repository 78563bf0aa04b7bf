/*
 * metrics_dmarc.c -- DMARC pass rates as metrics (see metrics_dmarc.h).
 * A message passes as in report_summary.c: the receiver evaluated
 * aligned DKIM or aligned SPF as pass (RFC 7489 section 4.2).
 */
#include "monitor/output/metrics_dmarc.h"

int
metrics_add_dmarc(void *arg, const char *domain, uint64_t messages,
    uint64_t pass)
{
	struct metrics *m = arg;
	struct metrics_label l[] = { { "domain", domain } };
	double n = (double)messages;
	int rc = 0;

	rc |= metrics_add(m, "sendwatch_dmarc_messages", METRICS_GAUGE,
	    "Messages in the DMARC aggregate reports of the last 7 days.", l, 1,
	    n);
	rc |= metrics_add(m, "sendwatch_dmarc_pass_ratio", METRICS_GAUGE,
	    "Share of those messages that passed DMARC.", l, 1,
	    n > 0 ? (double)pass / n : 0);
	return rc != 0 ? -1 : 0;
}
