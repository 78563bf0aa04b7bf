/*
 * fuzz_tls_txt.c -- the text of one TXT record read as the MTA-STS
 * record ("v=STSv1; id=...", RFC 8461 §3.1) and as the TLS-RPT record
 * ("v=TLSRPTv1; rua=...", RFC 8460 §3), through the grammar they share
 * (tls_txt.c) and each one's checks; then, split at the first newline,
 * as an mx pattern and a host name for mta_sts_mx_match().
 */
#include <stdlib.h>
#include <string.h>

#include "probes/tls/mta_sts_policy.h"
#include "probes/tls/tls_txt.h"
#include "probes/tls/tlsrpt_record.h"
#include "probes/verdict.h"
#include "tests/fuzz/fuzz.h"

static int
count_field(void *arg, const struct tls_txt_field *f)
{
	size_t *n = arg;

	if (f->name != NULL)
		(void)tls_txt_name_ok(f->name, f->nlen);
	(*n)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;	/* raw: parsers keep to size */
	char id[MTA_STS_ID_MAX + 1], *s, *nl;
	struct tlsrpt_record r;
	struct verdict v;
	size_t n = 0;

	(void)tls_txt_near_miss(text, size, MTA_STS_VERSION);
	if (tls_txt_is(text, size, MTA_STS_VERSION)) {
		tls_txt_fields(text, size, MTA_STS_VERSION, count_field, &n);
		verdict_init(&v);
		mta_sts_record_id(text, size, id, &v);
		verdict_free(&v);
	}

	(void)tlsrpt_record_near_miss(text, size);
	if (tlsrpt_record_is_tlsrpt(text, size)) {
		memset(&r, 0, sizeof(r));
		verdict_init(&v);
		tlsrpt_record_parse(text, size, &r, &v);
		tlsrpt_record_free(&r);
		verdict_free(&v);
	}

	s = fuzz_cstring(data, size);
	if (s != NULL && (nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		(void)mta_sts_mx_match(s, nl + 1);
	}
	free(s);
	return 0;
}
