/*
 * fuzz_mtalog.c -- one MTA log line read as Postfix and as Exim, and its
 * time stamp.
 */
#include <stdlib.h>
#include <time.h>

#include "probes/bounces/mtalog.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtalog_entry e;
	char *s = fuzz_cstring(data, size);
	time_t t;

	mtalog_postfix_parse(s, size, &e);
	mtalog_exim_parse(s, size, &e);
	mtalog_line_time(s, size, (time_t)1764806400, &t);
	free(s);
	return 0;
}
