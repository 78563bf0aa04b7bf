/*
 * fuzz_auth_records.c -- the text of a TXT record read as SPF (RFC 7208
 * grammar, macros), as DMARC (tags, URIs) and as a DKIM key (tags, the
 * public key in base64 handed to OpenSSL).
 */
#include <stdlib.h>
#include <string.h>

#include "probes/auth/dkim_key.h"
#include "probes/auth/dmarc_record.h"
#include "probes/auth/spf_record.h"
#include "probes/verdict.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstring(data, size);
	struct spf_record spf;
	struct dmarc_record dmarc;
	struct dkim_key key;
	struct verdict v;

	memset(&spf, 0, sizeof(spf));
	memset(&dmarc, 0, sizeof(dmarc));
	verdict_init(&v);
	spf_record_is_spf(s, size);
	spf_record_parse("example.com", s, &spf, &v);
	spf_record_free(&spf);
	verdict_free(&v);

	verdict_init(&v);
	dmarc_record_is_dmarc(s, size);
	dmarc_record_near_miss(s, size);
	dmarc_record_check("example.com", s, &dmarc, &v);
	dmarc_record_free(&dmarc);
	verdict_free(&v);

	verdict_init(&v);
	dkim_key_check(s, false, &key, &v);
	verdict_free(&v);
	free(s);
	return 0;
}
