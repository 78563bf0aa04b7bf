/*
 * metrics_dmarc.h -- the DMARC pass rate per policy domain, from the
 * aggregate reports stored in the state database (`reports import`), as
 * Prometheus metrics.
 */
#ifndef SENDWATCH_METRICS_DMARC_H
#define SENDWATCH_METRICS_DMARC_H

#include <stdint.h>

#include "monitor/output/metrics.h"

/*
 * sendwatch_dmarc_messages{domain} and sendwatch_dmarc_pass_ratio{domain}
 * over the reports whose range ends at or after since. A database with
 * no report tables adds nothing. Returns 0, or -1 with m->err set.
 */
int	metrics_add_dmarc(struct metrics *, const char *db_path, int64_t since);

#endif
