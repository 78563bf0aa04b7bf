/*
 * report_input.h -- find DMARC aggregate reports in whatever the user
 * points at: files, directories (recursive; Maildir cur/ and new/), mbox
 * files and "-" (stdin); inside them plain XML, gzip, zip and mail
 * messages (any MIME layout), nested (report_walk.h). The format is told
 * from the bytes, never from the name, and names inside archives are
 * never used as paths.
 */
#ifndef SENDWATCH_REPORT_INPUT_H
#define SENDWATCH_REPORT_INPUT_H

#include <stddef.h>

#include "probes/reports/report_walk.h"

/*
 * Walks path ("-" for stdin): every report found goes to cb->found, every
 * failure to cb->error. Returns the number of failures it reported.
 */
size_t	report_input_path(const char *path, const struct report_input_cb *);

/*
 * Walks len bytes at data (borrowed; a message fetched over IMAP), named
 * where in messages. Returns the number of failures it reported.
 */
size_t	report_input_mem(const void *data, size_t len, const char *where,
	    const struct report_input_cb *);

#endif
