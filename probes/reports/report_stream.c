/*
 * report_stream.c -- rewindable byte streams for the report input layer:
 * a file descriptor, memory, gzip data inflated by zlib (RFC 1952; several
 * members are read in turn, bytes after the last member are ignored, as
 * some receivers add them), and one zip member decompressed by libarchive.
 * Rewinding a decompressing stream rewinds its parent and starts again,
 * so the XML parser can read a report twice (recover mode) without
 * holding it.
 * Each stream owns what it allocates; report_stream_close() frees it
 * (not its parent).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "probes/reports/report_stream.h"

#define AR_BLOCK	65536
#define AR_HEAD		4096

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
	size_t			 index;		/* zip member */
	int			 at_end;
	int			 is_file;	/* the member is a regular file */
	/*
	 * The first bytes decompressed, kept so that rewinding after the
	 * format detection replays them instead of opening again.
	 */
	char			 head[AR_HEAD];
	size_t			 pulled;	/* bytes from libarchive */
	size_t			 pos;		/* bytes given to the reader */
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
	z->pulled = z->pos = 0;
	if (z->parent->rewind(z->parent) < 0 || (z->a = archive_read_new()) == NULL)
		return ARCHIVE_FATAL;
	archive_read_support_format_zip(z->a);
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

	if (z->pos < z->pulled) {	/* replaying the head */
		size_t k = z->pulled - z->pos < len ? z->pulled - z->pos : len;
		memcpy(buf, z->head + z->pos, k);
		z->pos += k;
		return (ssize_t)k;
	}
	if (z->at_end)
		return 0;
	n = archive_read_data(z->a, buf, len);
	if (n < 0) {
		snprintf(err, errlen, "zip: %s", archive_error_string(z->a) != NULL ?
		    archive_error_string(z->a) : "cannot decompress");
		return -1;
	}
	if (n == 0)
		z->at_end = 1;
	if (z->pulled + (size_t)n <= sizeof(z->head))
		memcpy(z->head + z->pulled, buf, (size_t)n);
	z->pulled += (size_t)n;
	z->pos = z->pulled;
	return n;
}

static int
ar_rewind(struct report_stream *s)
{
	struct ar_stream *z = (struct ar_stream *)s;

	if (z->pulled <= sizeof(z->head)) {	/* all of it is in head */
		z->pos = 0;
		return 0;
	}
	return ar_open(z) == ARCHIVE_OK ? 0 : -1;
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
ar_new(struct report_stream *parent, size_t index, int *rc)
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
	z->index = index;
	if ((*rc = ar_open(z)) != ARCHIVE_OK) {
		ar_close(&z->s);
		return NULL;
	}
	return z;
}

struct gz_stream {
	struct report_stream	 s;
	struct report_stream	*parent;
	z_stream		 z;
	int			 at_end;
	unsigned char		 in[AR_BLOCK];
};

static ssize_t
gz_read(struct report_stream *s, char *buf, size_t len, char *err,
    size_t errlen)
{
	struct gz_stream *g = (struct gz_stream *)s;
	ssize_t n;
	int rc;

	g->z.next_out = (unsigned char *)buf;
	g->z.avail_out = len > UINT_MAX ? UINT_MAX : (unsigned)len;
	while (!g->at_end && g->z.avail_out > 0) {
		if (g->z.avail_in == 0) {
			n = g->parent->read(g->parent, (char *)g->in,
			    sizeof(g->in), err, errlen);
			if (n < 0)
				return -1;
			if (n == 0) {
				snprintf(err, errlen, "gzip: truncated data");
				return -1;
			}
			g->z.next_in = g->in;
			g->z.avail_in = (unsigned)n;
		}
		rc = inflate(&g->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			/* Another member follows, or trailing bytes end it. */
			if (g->z.avail_in == 0 && (n = g->parent->read(g->parent,
			    (char *)g->in, sizeof(g->in), err, errlen)) > 0) {
				g->z.next_in = g->in;
				g->z.avail_in = (unsigned)n;
			}
			if (g->z.avail_in >= 2 && g->z.next_in[0] == 0x1f &&
			    g->z.next_in[1] == 0x8b)
				inflateReset(&g->z);
			else
				g->at_end = 1;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(err, errlen, "gzip: %s", g->z.msg != NULL ?
			    g->z.msg : "corrupt data");
			return -1;
		} else if (rc == Z_BUF_ERROR && g->z.avail_in > 0) {
			snprintf(err, errlen, "gzip: corrupt data");
			return -1;
		}
	}
	return (ssize_t)(len - g->z.avail_out);
}

static int
gz_rewind(struct report_stream *s)
{
	struct gz_stream *g = (struct gz_stream *)s;

	g->at_end = 0;
	g->z.avail_in = 0;
	if (inflateReset(&g->z) != Z_OK)
		return -1;
	return g->parent->rewind(g->parent);
}

static void
gz_close(struct report_stream *s)
{
	struct gz_stream *g = (struct gz_stream *)s;

	inflateEnd(&g->z);
	free(g);
}

struct report_stream *
report_stream_gzip(struct report_stream *parent)
{
	struct gz_stream *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return NULL;
	/* 16 + MAX_WBITS: a gzip header and trailer, checked. */
	if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) {
		free(g);
		return NULL;
	}
	g->s.read = gz_read;
	g->s.rewind = gz_rewind;
	g->s.close = gz_close;
	g->s.fd = -1;
	g->parent = parent;
	if (parent->rewind(parent) < 0) {
		gz_close(&g->s);
		return NULL;
	}
	return &g->s;
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

struct report_stream *
report_stream_zip_member(struct report_stream *parent, size_t index,
    bool *is_file, bool *end)
{
	struct ar_stream *z;
	int rc;

	*is_file = false;
	*end = false;
	if ((z = ar_new(parent, index, &rc)) == NULL) {
		*end = rc == ARCHIVE_EOF;
		return NULL;
	}
	*is_file = z->is_file != 0;
	return &z->s;
}
