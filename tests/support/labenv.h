/*
 * labenv.h -- for integration tests against the loopback DNS lab
 * (tests/lab/lab.sh writes DIR/env; tests/run.sh exports it): reading
 * the LAB_* variables and making resolvers that use the lab's servers.
 */
#ifndef SENDWATCH_LABENV_H
#define SENDWATCH_LABENV_H

#include "probes/dns/dns.h"

/*
 * The value of a LAB_* variable. When it is unset or empty the current
 * test fails, naming the variable and how to get it.
 */
const char	*lab_env(const char *name);

/*
 * The value of an optional LAB_* variable: when it is unset or empty the
 * current test is skipped (cmocka skip()), saying which variable.
 */
const char	*lab_env_or_skip(const char *name);

/*
 * A resolver for spec ("recursive", ADDR@PORT, ...) with the given
 * per-query timeout (0: default) and optional trust anchor and root
 * hints files. Fails the current test when it cannot be made. Free with
 * dns_resolver_free().
 */
struct dns_resolver *lab_resolver(const char *spec, unsigned timeout_ms,
		    const char *trust_anchor, const char *root_hints);

#endif
