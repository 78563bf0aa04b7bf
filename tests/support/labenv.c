/*
 * labenv.c -- LAB_* variables and lab resolvers for integration tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tests/support/labenv.h"

const char *
lab_env(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0')
		fail_msg("%s is not set: run under tests/run.sh, or start the "
		    "lab (tests/lab/lab.sh start DIR) and source DIR/env", name);
	return v;
}

const char *
lab_env_or_skip(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0') {
		print_message("%s is not set: the lab does not provide it; "
		    "skipping this case\n", name);
		skip();
	}
	return v;
}

struct dns_resolver *
lab_resolver(const char *spec, unsigned timeout_ms, const char *trust_anchor,
    const char *root_hints)
{
	struct dns_options opt = { 0 };
	struct dns_resolver *r;
	char err[256];

	if (dns_options_add_spec(&opt, spec, err, sizeof(err)) == -1)
		fail_msg("resolver spec %s", err);
	opt.timeout_ms = timeout_ms;
	opt.trust_anchor = trust_anchor;
	opt.root_hints = root_hints;
	r = dns_resolver_new(&opt, err, sizeof(err));
	dns_options_free(&opt);
	if (r == NULL)
		fail_msg("resolver %s: %s", spec, err);
	return r;
}
