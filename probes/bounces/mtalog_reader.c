/*
 * mtalog_reader.c -- reads a log line by line, plain or gzip, from a file
 * or stdin (see mtalog.h). zlib's gzread() inflates gzip and passes plain
 * data through (straight into our buffer when the read is large), so one
 * path serves both. The buffer is fixed (1 MiB): a log of any size
 * streams through; a line longer than MTALOG_LINE_MAX is cut there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "probes/bounces/mtalog.h"

#define MTALOG_BUF	(1024 * 1024)

int
mtalog_reader_open_fd(struct mtalog_reader *r, int fd, const char *name,
    bool follow, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->follow = follow;
	r->buf = malloc(MTALOG_BUF);
	r->cap = MTALOG_BUF;
	if (r->buf == NULL || (r->gz = gzdopen(fd, "rb")) == NULL) {
		snprintf(err, errlen, "%s: out of memory", r->name);
		if (r->gz == NULL)
			close(fd);
		free(r->buf);
		r->buf = NULL;
		return -1;
	}
	gzbuffer(r->gz, 256 * 1024);
	return 0;
}

int
mtalog_reader_open(struct mtalog_reader *r, const char *path, char *err,
    size_t errlen)
{
	const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
	int fd;

	memset(r, 0, sizeof(*r));
	fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) :
	    open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	return mtalog_reader_open_fd(r, fd, name, false, err, errlen);
}

uint64_t
mtalog_reader_consumed(const struct mtalog_reader *r)
{
	return r->bytes - (uint64_t)(r->end - r->start);
}

/* Refills the buffer after the unread part. 0, or -1 with err set. */
static int
mtalog_fill(struct mtalog_reader *r, char *err, size_t errlen)
{
	int n, zerr;
	const char *msg;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	n = gzread(r->gz, r->buf + r->end, (unsigned)(r->cap - r->end));
	if (n < 0 || (n == 0 && (msg = gzerror(r->gz, &zerr)) != NULL &&
	    zerr != Z_OK)) {
		msg = gzerror(r->gz, &zerr);
		snprintf(err, errlen, "%s: %s", r->name,
		    zerr == Z_ERRNO ? strerror(errno) :
		    zerr == Z_BUF_ERROR ? "gzip data cut short" : msg);
		return -1;
	}
	if (n == 0)
		r->eof = true;
	r->end += (size_t)n;
	r->bytes += (uint64_t)n;
	return 0;
}

int
mtalog_reader_next(struct mtalog_reader *r, const char **line, size_t *len,
    char *err, size_t errlen)
{
	for (;;) {
		char *s = r->buf + r->start;
		size_t avail = r->end - r->start;
		char *nl = memchr(s, '\n', avail);

		if (nl == NULL && !r->eof && avail < MTALOG_LINE_MAX) {
			if (mtalog_fill(r, err, errlen) == -1)
				return -1;
			continue;
		}
		if (nl == NULL && (avail == 0 ||
		    (r->follow && avail < MTALOG_LINE_MAX)))
			return 0;
		if (nl == NULL) {
			/* the last line has no newline, or the line is long */
			size_t n = avail < MTALOG_LINE_MAX ? avail :
			    MTALOG_LINE_MAX;
			r->start += n;
			if (r->skipping) {
				r->skipping = !r->eof;
				continue;
			}
			r->skipping = !r->eof && n == MTALOG_LINE_MAX;
			*line = s;
			*len = n;
			r->lines++;
			return 1;
		}
		r->start += (size_t)(nl - s) + 1;
		if (r->skipping) {
			r->skipping = false;
			continue;
		}
		*len = (size_t)(nl - s);
		if (*len > MTALOG_LINE_MAX)
			*len = MTALOG_LINE_MAX;
		else if (*len > 0 && s[*len - 1] == '\r')
			(*len)--;
		*line = s;
		r->lines++;
		return 1;
	}
}

void
mtalog_reader_close(struct mtalog_reader *r)
{
	if (r->gz != NULL)
		gzclose(r->gz);
	free(r->buf);
	r->gz = NULL;
	r->buf = NULL;
}
