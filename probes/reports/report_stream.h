/*
 * report_stream.h -- internal to the report input layer: a rewindable
 * byte stream (file, memory, gzip or zip member through libarchive) that
 * the format detection, the mail reader and the XML parser all read.
 * The creator closes a stream with report_stream_close(). Streams know
 * nothing of what they carry: report_walk.h looks inside them.
 */
#ifndef SENDWATCH_REPORT_STREAM_H
#define SENDWATCH_REPORT_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "probes/reports/report_xml.h"

struct report_stream {
	ssize_t	(*read)(struct report_stream *, char *buf, size_t len,
		    char *err, size_t errlen);
	int	(*rewind)(struct report_stream *);
	void	(*close)(struct report_stream *);
	int	 fd;		/* >= 0 when the stream is a plain file */
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
 * Member index (from 0) of the zip archive in parent (which must outlive
 * it), decompressed by libarchive; *is_file says whether it is a regular
 * file. NULL past the last member (*end set) or when the archive is
 * broken (*end clear).
 */
struct report_stream *report_stream_zip_member(struct report_stream *parent,
	    size_t index, bool *is_file, bool *end);

#endif
