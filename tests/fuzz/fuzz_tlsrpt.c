/*
 * fuzz_tlsrpt.c -- one TLS-RPT aggregate report (RFC 8460 JSON, already
 * decompressed) read with json-c and checked field by field.
 */
#include <string.h>

#include "probes/reports/tlsrpt_parse.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tlsrpt_report r;
	char err[256];

	memset(&r, 0, sizeof(r));
	if (tlsrpt_parse((const char *)data, size, &r, err, sizeof(err)) == 0)
		tlsrpt_report_clear(&r);
	return 0;
}
