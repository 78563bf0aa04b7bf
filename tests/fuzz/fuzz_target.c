/*
 * fuzz_target.c -- a target as the user writes it (an address, a
 * network, a host or domain name, with prefixes), and the reverse query
 * name built from an address.
 */
#include <stdlib.h>

#include "probes/dns/target.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum target_name_use uses[] = {
		TARGET_NAME_BOTH, TARGET_NAME_HOST, TARGET_NAME_DOMAIN,
	};
	char *s = fuzz_cstring(data, size);
	char err[256], name[512];

	/* a huge network would expand to millions of targets by design */
	for (size_t i = 0; i < sizeof(uses) / sizeof(uses[0]); i++) {
		struct target_set ts = { 0 };

		if (target_set_add(&ts, s, uses[i], err, sizeof(err)) == 0)
			for (size_t k = 0; k < ts.n && k < 4; k++)
				if (ts.v[k].kind != TARGET_DOMAIN)
					target_reverse_name(&ts.v[k].addr,
					    "bl.example", name, sizeof(name));
		target_set_free(&ts);
	}
	target_bad_address(s, err, sizeof(err));
	target_valid_name(s);
	free(s);
	return 0;
}
