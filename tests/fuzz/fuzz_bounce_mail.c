/*
 * fuzz_bounce_mail.c -- bounce mail: RFC 3464 DSNs and the plain-text
 * bounces of qmail, Exim and Sendmail, as one message and as an mbox.
 */
#include "probes/bounces/bounce_mail.h"
#include "probes/bounces/bounce_stats.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int mbox = 0; mbox <= 1; mbox++) {
		struct bounce_stats st;
		struct bounce_mail_counts mc = { 0 };

		bounce_stats_init(&st, true);
		bounce_mail_add(&st, (const char *)data, size, mbox, &mc);
		bounce_stats_free(&st);
	}
	return 0;
}
