/*
 * report_stream.c -- rewindable byte streams for the report input layer:
 * a file descriptor, memory, and gzip data or one zip member decompressed
 * by libarchive (raw format + gzip filter; zip format). Rewinding an
 * archive stream rewinds its parent and opens the archive again, so the
 * XML parser can read a report twice (recover mode) without holding it.
 * Each stream owns what it allocates; report_stream_close() frees it
 * (not its parent).
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "probes/report_stream.h"

#define AR_BLOCK	65536
#define ZIP_MAX_MEMBERS	1000

struct fd_stream {
	struct report_stream	 s;
};

struct mem_stream {
	struct report_stream	 s;
	char			*data;
	size_t			 len;
	size_t			 pos;
	int			 own;
};

struct ar_stream {
	struct report_stream	 s;
	struct report_stream	*parent;
	struct archive		*a;
	int			 zip;
	size_t			 index;		/* zip member */
	int			 at_end;
	int			 is_file;	/* the member is a regular file */
	char			 buf[AR_BLOCK];
	char			 perr[160];	/* the parent's read error */
};

static ssize_t
fd_read(struct report_stream *s, char *buf, size_t len, char *err,
    size_t errlen)
{
	ssize_t n;

	do
		n = read(s->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		snprintf(err, errlen, "read: %s", strerror(errno));
	return n;
}

static int
fd_rewind(struct report_stream *s)
{
	return lseek(s->fd, 0, SEEK_SET) == 0 ? 0 : -1;
}

static void
fd_close(struct report_stream *s)
{
	close(s->fd);
	free(s);
}

struct report_stream *
report_stream_fd(int fd)
{
	struct fd_stream *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->s.read = fd_read;
	f->s.rewind = fd_rewind;
	f->s.close = fd_close;
	f->s.fd = fd;
	return &f->s;
}

static ssize_t
mem_read(struct report_stream *s, char *buf, size_t len, char *err,
    size_t errlen)
{
	struct mem_stream *m = (struct mem_stream *)s;

	(void)err;
	(void)errlen;
	if (len > m->len - m->pos)
		len = m->len - m->pos;
	memcpy(buf, m->data + m->pos, len);
	m->pos += len;
	return (ssize_t)len;
}

static int
mem_rewind(struct report_stream *s)
{
	((struct mem_stream *)s)->pos = 0;
	return 0;
}

static void
mem_close(struct report_stream *s)
{
	struct mem_stream *m = (struct mem_stream *)s;

	if (m->own)
		free(m->data);
	free(m);
}

struct report_stream *
report_stream_mem(void *data, size_t len, int own)
{
	struct mem_stream *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	m->s.read = mem_read;
	m->s.rewind = mem_rewind;
	m->s.close = mem_close;
	m->s.fd = -1;
	m->data = data;
	m->len = len;
	m->own = own;
	return &m->s;
}

/* libarchive pulls the compressed bytes from the parent stream. */
static la_ssize_t
ar_pull(struct archive *a, void *arg, const void **buf)
{
	struct ar_stream *z = arg;
	ssize_t n = z->parent->read(z->parent, z->buf, sizeof(z->buf),
	    z->perr, sizeof(z->perr));

	if (n < 0) {
		archive_set_error(a, EIO, "%s", z->perr);
		return -1;
	}
	*buf = z->buf;
	return n;
}

/*
 * (Re)opens the archive at the start of the data wanted. Returns
 * ARCHIVE_OK, ARCHIVE_EOF (no such member) or ARCHIVE_FATAL.
 */
static int
ar_open(struct ar_stream *z)
{
	struct archive_entry *e;
	int rc;

	if (z->a != NULL)
		archive_read_free(z->a);
	z->at_end = 0;
	if (z->parent->rewind(z->parent) < 0 || (z->a = archive_read_new()) == NULL)
		return ARCHIVE_FATAL;
	if (z->zip) {
		archive_read_support_format_zip(z->a);
	} else {
		archive_read_support_filter_gzip(z->a);
		archive_read_support_format_raw(z->a);
	}
	if (archive_read_open(z->a, z, NULL, ar_pull, NULL) != ARCHIVE_OK)
		return ARCHIVE_FATAL;
	for (size_t i = 0; i <= z->index; i++)
		if ((rc = archive_read_next_header(z->a, &e)) != ARCHIVE_OK)
			return rc == ARCHIVE_EOF ? ARCHIVE_EOF : ARCHIVE_FATAL;
	z->is_file = archive_entry_filetype(e) == AE_IFREG;
	return ARCHIVE_OK;
}

static ssize_t
ar_read(struct report_stream *s, char *buf, size_t len, char *err,
    size_t errlen)
{
	struct ar_stream *z = (struct ar_stream *)s;
	la_ssize_t n;

	if (z->at_end)
		return 0;
	n = archive_read_data(z->a, buf, len);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", z->zip ? "zip" : "gzip",
		    archive_error_string(z->a) != NULL ?
		    archive_error_string(z->a) : "cannot decompress");
		return -1;
	}
	if (n == 0)
		z->at_end = 1;
	return n;
}

static int
ar_rewind(struct report_stream *s)
{
	return ar_open((struct ar_stream *)s) == ARCHIVE_OK ? 0 : -1;
}

static void
ar_close(struct report_stream *s)
{
	struct ar_stream *z = (struct ar_stream *)s;

	if (z->a != NULL)
		archive_read_free(z->a);
	free(z);
}

static struct ar_stream *
ar_new(struct report_stream *parent, int zip, size_t index, int *rc)
{
	struct ar_stream *z = calloc(1, sizeof(*z));

	*rc = ARCHIVE_FATAL;
	if (z == NULL)
		return NULL;
	z->s.read = ar_read;
	z->s.rewind = ar_rewind;
	z->s.close = ar_close;
	z->s.fd = -1;
	z->parent = parent;
	z->zip = zip;
	z->index = index;
	if ((*rc = ar_open(z)) != ARCHIVE_OK) {
		ar_close(&z->s);
		return NULL;
	}
	return z;
}

struct report_stream *
report_stream_gzip(struct report_stream *parent)
{
	int rc;
	struct ar_stream *z = ar_new(parent, 0, 0, &rc);

	return z != NULL ? &z->s : NULL;
}

void
report_stream_close(struct report_stream *s)
{
	if (s != NULL)
		s->close(s);
}

int
report_stream_slurp(struct report_stream *s, unsigned long long max,
    char **data, size_t *len, char *err, size_t errlen)
{
	size_t cap = 65536, used = 0;
	char *buf = malloc(cap + 1);
	ssize_t n;

	if (buf == NULL)
		goto nomem;
	for (;;) {
		if (used == cap) {
			char *nb;
			if (cap >= max) {
				snprintf(err, errlen, "larger than %llu bytes "
				    "(the bound is max_decompressed / --max-size)",
				    max);
				free(buf);
				return -1;
			}
			cap = cap * 2 > max ? (size_t)max : cap * 2;
			if ((nb = realloc(buf, cap + 1)) == NULL)
				goto nomem;
			buf = nb;
		}
		if ((n = s->read(s, buf + used, cap - used, err, errlen)) < 0) {
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
nomem:
	free(buf);
	snprintf(err, errlen, "out of memory");
	return -1;
}

static ssize_t
src_read(void *arg, char *buf, size_t len, char *err, size_t errlen)
{
	struct report_stream *s = arg;

	return s->read(s, buf, len, err, errlen);
}

static int
src_rewind(void *arg)
{
	struct report_stream *s = arg;

	return s->rewind(s);
}

void
report_stream_src(struct report_src *src, struct report_stream *s)
{
	src->read = src_read;
	src->rewind = src_rewind;
	src->arg = s;
}

void
report_walk_zip(struct report_walk *w, struct report_stream *s,
    const char *where, int depth)
{
	size_t index, files = 0;

	/* Each member is opened on its own: names are never looked at. */
	for (index = 0; index < ZIP_MAX_MEMBERS; index++) {
		struct ar_stream *z;
		char sub[512];
		int rc;

		if ((z = ar_new(s, 1, index, &rc)) == NULL) {
			if (rc != ARCHIVE_EOF)
				report_walk_error(w, where, "zip: %s",
				    files > 0 ? "broken after the last member"
				    : "broken archive");
			break;
		}
		if (z->is_file) {
			files++;
			snprintf(sub, sizeof(sub), "%s: zip member %zu", where,
			    index + 1);
			report_walk_stream(w, &z->s, sub, depth + 1);
		}
		report_stream_close(&z->s);
	}
	if (index == ZIP_MAX_MEMBERS)
		report_walk_error(w, where, "zip: more than %d members, the "
		    "rest is skipped", ZIP_MAX_MEMBERS);
	else if (files == 0)
		report_walk_error(w, where, "zip: no files in the archive");
}
