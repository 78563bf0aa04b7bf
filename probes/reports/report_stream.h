/*
 * report_stream.h -- internal to the report input layer: a rewindable
 * byte stream (file, memory, gzip or zip member through libarchive) that
 * the format detection, the mail reader and the XML parser all read.
 * The creator closes a stream with report_stream_close().
 */
#ifndef SENDWATCH_REPORT_STREAM_H
#define SENDWATCH_REPORT_STREAM_H

#include <stddef.h>
#include <sys/types.h>

#include "probes/reports/report_input.h"

struct report_stream {
	ssize_t	(*read)(struct report_stream *, char *buf, size_t len,
		    char *err, size_t errlen);
	int	(*rewind)(struct report_stream *);
	void	(*close)(struct report_stream *);
	int	 fd;		/* >= 0 when the stream is a plain file */
};

/* What the walk carries down into nested content. */
struct report_walk {
	const struct report_input_cb	*cb;
	size_t				 failures;
};

/* A stream over an open file descriptor (closed with the stream). */
struct report_stream *report_stream_fd(int fd);
/* A stream over memory; the stream frees data when own is set. */
struct report_stream *report_stream_mem(void *data, size_t len, int own);
/* The decompressed gzip data of parent (which must outlive it). */
struct report_stream *report_stream_gzip(struct report_stream *parent);
void	report_stream_close(struct report_stream *);

/* Reads the whole stream into memory, at most max bytes. */
int	report_stream_slurp(struct report_stream *, unsigned long long max,
	    char **data, size_t *len, char *err, size_t errlen);

/* Adapts a stream to the XML parser's source. */
void	report_stream_src(struct report_src *, struct report_stream *);

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
