/*
 * spf_eval.h -- evaluates SPF for one sending IP and domain with libspf2
 * (RFC 7208 check_host), in a forked worker with resource limits: the
 * Debian build still has CVE-2023-42118 (macro parsing) and calls
 * abort() on internal errors, so a hostile record must not reach the
 * caller's process. The worker's DNS questions come back over a socket
 * and are answered here through authdns, so --resolver and the lab apply.
 */
#ifndef SENDWATCH_SPF_EVAL_H
#define SENDWATCH_SPF_EVAL_H

#include <stddef.h>

#include "probes/dns/authdns.h"

struct spf_eval_result {
	char	 result[16];		/* "pass", "fail", ..., or "" */
	char	 comment[512];		/* libspf2's explanation/comment */
	char	 error[160];		/* why there is no result */
	unsigned queries;		/* DNS queries the worker made */
};

/* Worker limits. */
#define SPF_EVAL_TIMEOUT_MS	20000
#define SPF_EVAL_MAX_QUERIES	200

/*
 * Evaluates MAIL FROM postmaster@domain from ip. Returns 0 with a result,
 * or -1 with res->error set (worker crashed, timed out, bad address).
 */
int	spf_eval(struct authdns *, const char *domain, const char *ip,
	    struct spf_eval_result *res);

#endif
