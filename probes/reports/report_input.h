/*
 * report_input.h -- find DMARC aggregate reports in whatever the user
 * points at: files, directories (recursive; Maildir cur/ and new/), mbox
 * files and "-" (stdin); inside them plain XML, gzip, zip and mail
 * messages (any MIME layout), nested. The format is told from the bytes,
 * never from the name, and names inside archives are never used as paths.
 */
#ifndef SENDWATCH_REPORT_INPUT_H
#define SENDWATCH_REPORT_INPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "probes/reports/report_xml.h"

enum report_format {
	REPORT_FMT_EMPTY,
	REPORT_FMT_UNKNOWN,
	REPORT_FMT_XML,
	REPORT_FMT_GZIP,
	REPORT_FMT_ZIP,
	REPORT_FMT_MAIL,	/* one RFC 5322 message */
	REPORT_FMT_MBOX,	/* "From " separated messages */
};

/* Tells the format from the first bytes of the content. */
enum report_format report_input_detect(const void *head, size_t len);
const char *report_format_name(enum report_format);

struct report_input_cb {
	/*
	 * A report's XML was found. where names it for messages ("a.eml:
	 * message 1, part 2"); src reads it (and can rewind). The callback
	 * parses it and counts the outcome.
	 */
	void	(*found)(void *arg, const char *where,
		    const struct report_src *src);
	/* Something that holds no report, or could not be read. */
	void	(*error)(void *arg, const char *where, const char *reason);
	void	*arg;
	/* Bounds bytes read from stdin and mail; 0 means the default. */
	unsigned long long max_bytes;
};

/*
 * Walks path ("-" for stdin): every report found goes to cb->found, every
 * failure to cb->error. Returns the number of failures it reported.
 */
size_t	report_input_path(const char *path, const struct report_input_cb *);

#endif
