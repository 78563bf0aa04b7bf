/*
 * fuzz_smtp_reply.c -- one SMTP reply (basic and enhanced codes, text)
 * read and classified, as bounce logs and DSNs hand it over.
 */
#include <stdlib.h>

#include "probes/bounces/smtp_reply.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smtp_reply r;
	struct smtp_verdict v;
	char *s = fuzz_cstring(data, size);

	if (smtp_reply_parse(s, size, &r) == 0)
		smtp_classify(&r, &v);
	free(s);
	return 0;
}
