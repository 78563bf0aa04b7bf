/*
 * metrics_dmarc.h -- the DMARC pass rate of one policy domain (from the
 * aggregate reports in the state database, report_summary.h) as
 * Prometheus metrics.
 */
#ifndef SENDWATCH_METRICS_DMARC_H
#define SENDWATCH_METRICS_DMARC_H

#include <stdint.h>

#include "monitor/output/metrics.h"

/*
 * sendwatch_dmarc_messages{domain} and sendwatch_dmarc_pass_ratio{domain}
 * (arg: struct metrics); fits summary_pass_rates. Returns 0, or -1 with
 * m->err set.
 */
int	metrics_add_dmarc(void *arg, const char *domain, uint64_t messages,
	    uint64_t pass);

#endif
