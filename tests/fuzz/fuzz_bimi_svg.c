/*
 * fuzz_bimi_svg.c -- a BIMI logo checked as SVG Tiny Portable/Secure
 * (bimi_svg.c, libxml2's reader: no network, no entities, no DTD), the
 * document a domain's l= URL serves, and the same bytes as the PEM mark
 * certificate of a= (bimi_vmc.c, OpenSSL).
 */
#include <string.h>

#include "probes/tls/bimi_svg.h"
#include "probes/tls/bimi_vmc.h"
#include "probes/verdict.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct verdict v;

	verdict_init(&v);
	bimi_svg_check((const char *)data, size, &v);
	verdict_free(&v);

	verdict_init(&v);
	bimi_vmc_check((const char *)data, size, "example.com", &v);
	verdict_free(&v);
	return 0;
}
