/*
 * report_walk.h -- internal to the report input layer: looking inside a
 * byte stream. The format is told from its first bytes (never from a
 * name): XML is handed to the caller, gzip and zip are decompressed and
 * mail messages and mbox files are taken apart (report_mail.c), each
 * walked in turn to a bounded depth. Layers: report_input.c (paths)
 * uses this, this uses report_stream.h (bytes); nothing here includes
 * report_input.h.
 */
#ifndef SENDWATCH_REPORT_WALK_H
#define SENDWATCH_REPORT_WALK_H

#include <stddef.h>

#include "probes/reports/report_stream.h"
#include "probes/reports/report_xml.h"
#include "probes/reports/ruf.h"

enum report_format {
	REPORT_FMT_EMPTY,
	REPORT_FMT_UNKNOWN,
	REPORT_FMT_XML,
	REPORT_FMT_JSON,	/* a TLS-RPT report (RFC 8460) */
	REPORT_FMT_GZIP,
	REPORT_FMT_ZIP,
	REPORT_FMT_MAIL,	/* one RFC 5322 message */
	REPORT_FMT_MBOX,	/* "From " separated messages */
};

/* Tells the format from the first bytes of the content. */
enum report_format report_format_detect(const void *head, size_t len);
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
	/*
	 * A JSON document was found (a TLS-RPT report, RFC 8460): its
	 * len bytes, at most max_bytes, valid during the call. NULL: JSON
	 * is not looked for.
	 */
	void	(*found_tlsrpt)(void *arg, const char *where, const char *json,
		    size_t len);
	/*
	 * A DMARC failure report (RFC 6591, or a common non-ARF form) was
	 * found in a message and read (ruf.h). NULL: not looked for.
	 */
	void	(*found_failure)(void *arg, const char *where,
		    const struct ruf_report *);
};

/* What the walk carries down into nested content. */
struct report_walk {
	const struct report_input_cb	*cb;
	size_t				 failures;
};

/*
 * Finds the reports in one stream (detects its format and recurses into
 * archives and messages); depth bounds the nesting. Failures go to the
 * walk's error callback, named by where.
 */
void	report_walk_stream(struct report_walk *, struct report_stream *,
	    const char *where, int depth);
void	report_walk_error(struct report_walk *, const char *where,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Zip: walks every member. report_mail.c: walks messages/mbox. */
void	report_walk_zip(struct report_walk *, struct report_stream *,
	    const char *where, int depth);
void	report_walk_mail(struct report_walk *, struct report_stream *,
	    const char *where, int depth, int mbox);

#endif
