/*
 * fuzz_mta_sts_policy.c -- an MTA-STS policy body (RFC 8461 §3.2, the
 * file senders fetch from mta-sts.<domain>) parsed, then every MX
 * pattern it kept matched against a few host names (§4.1), as the probe
 * does with a domain's MX hosts.
 */
#include <stdlib.h>
#include <string.h>

#include "probes/tls/mta_sts_policy.h"
#include "probes/verdict.h"
#include "tests/fuzz/fuzz.h"

static const char *const hosts[] = {
	"mx.example.com", "mail.example.net", "a.b.example.org", "example.com",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mta_sts_policy p;
	struct verdict v;

	if (size > MTA_STS_POLICY_MAX)
		return 0;	/* the fetch caps the body there */
	memset(&p, 0, sizeof(p));
	verdict_init(&v);
	/* the raw bytes, not a C string: the parser must keep to len */
	if (mta_sts_policy_parse((const char *)data, size, &p, &v) == 0) {
		for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
			mta_sts_policy_match(&p, hosts[i]);
		(void)mta_sts_mode_name(p.mode);
	}
	mta_sts_policy_free(&p);
	verdict_free(&v);
	return 0;
}
