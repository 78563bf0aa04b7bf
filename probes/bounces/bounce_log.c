/*
 * bounce_log.c -- one MTA log into bounce_stats (see bounce_stats.h):
 * each line is tried as Postfix, then as Exim; with a window, an entry
 * counts only when its timestamp is inside it.
 */
#include <stdio.h>

#include "probes/bounces/bounce_stats.h"

int
bounce_read_log(struct bounce_stats *st, const char *path, time_t since,
    uint64_t *lines, uint64_t *undated, char *err, size_t errlen)
{
	struct mtalog_reader r;
	struct mtalog_entry e;
	time_t now = time(NULL), t;
	const char *line;
	size_t len;
	int rc;

	if (mtalog_reader_open(&r, path, err, errlen) == -1)
		return -1;
	while ((rc = mtalog_reader_next(&r, &line, &len, err, errlen)) == 1) {
		if (!mtalog_postfix_parse(line, len, &e) &&
		    !mtalog_exim_parse(line, len, &e))
			continue;
		if (since > 0) {
			if (!mtalog_line_time(line, len, now, &t)) {
				(*undated)++;
				continue;
			}
			if (t < since)
				continue;
		}
		if (bounce_stats_add(st, &e) == -1) {
			snprintf(err, errlen, "%s: out of memory", r.name);
			rc = -1;
			break;
		}
	}
	*lines += r.lines;
	mtalog_reader_close(&r);
	return rc == -1 ? -1 : 0;
}
