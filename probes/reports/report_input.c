/*
 * report_input.c -- walks what the user named (files, directories,
 * Maildir folders, mbox files, "-") and, for every byte stream, tells
 * from its first bytes what it is: XML, gzip, zip, a mail message or an
 * mbox file. Archives and messages are opened and walked in turn (to a
 * bounded depth); every XML found is handed to the caller.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/reports/report_stream.h"

#define HEAD_BYTES	1024
#define MAX_NESTING	6
#define MAX_DIR_DEPTH	32

static const char *const format_names[] = {
	[REPORT_FMT_EMPTY] = "empty",
	[REPORT_FMT_UNKNOWN] = "unknown",
	[REPORT_FMT_XML] = "xml",
	[REPORT_FMT_GZIP] = "gzip",
	[REPORT_FMT_ZIP] = "zip",
	[REPORT_FMT_MAIL] = "mail",
	[REPORT_FMT_MBOX] = "mbox",
};

/* Byte signatures, checked in order against the start of the content. */
static const struct magic {
	const char		*bytes;
	size_t			 len;
	enum report_format	 fmt;
} magics[] = {
	{ "\x1f\x8b", 2, REPORT_FMT_GZIP },
	{ "PK\x03\x04", 4, REPORT_FMT_ZIP },
	{ "PK\x05\x06", 4, REPORT_FMT_ZIP },	/* empty zip */
	{ "\xef\xbb\xbf", 3, REPORT_FMT_XML },	/* UTF-8 BOM */
	{ "\xff\xfe", 2, REPORT_FMT_XML },	/* UTF-16 BOMs */
	{ "\xfe\xff", 2, REPORT_FMT_XML },
	{ "From ", 5, REPORT_FMT_MBOX },
};

const char *
report_format_name(enum report_format f)
{
	return format_names[f];
}

/* An RFC 5322 header field name (printable, no colon) then a colon. */
static int
looks_like_header(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len && p[i] > 32 && p[i] < 127 && p[i] != ':'; i++)
		;
	return i > 0 && i < len && p[i] == ':';
}

enum report_format
report_input_detect(const void *head, size_t len)
{
	const unsigned char *p = head;
	size_t i = 0;

	if (len == 0)
		return REPORT_FMT_EMPTY;
	for (size_t k = 0; k < sizeof(magics) / sizeof(magics[0]); k++)
		if (len >= magics[k].len &&
		    memcmp(p, magics[k].bytes, magics[k].len) == 0)
			return magics[k].fmt;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	if (i < len && p[i] == '<')
		return REPORT_FMT_XML;
	if (i == len)
		return REPORT_FMT_EMPTY;
	if (i == 0 && looks_like_header(p, len))
		return REPORT_FMT_MAIL;
	return REPORT_FMT_UNKNOWN;
}

void
report_walk_error(struct report_walk *w, const char *where, const char *fmt,
    ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	w->failures++;
	if (w->cb->error != NULL)
		w->cb->error(w->cb->arg, where, reason);
}

void
report_walk_stream(struct report_walk *w, struct report_stream *s,
    const char *where, int depth)
{
	char head[HEAD_BYTES], err[256];
	size_t len = 0;
	ssize_t n = 0;
	struct report_src src;
	struct report_stream *z;
	enum report_format fmt;

	if (depth > MAX_NESTING) {
		report_walk_error(w, where, "nested more than %d levels deep "
		    "(archives in messages in archives ...)", MAX_NESTING);
		return;
	}
	while (len < sizeof(head) &&
	    (n = s->read(s, head + len, sizeof(head) - len, err, sizeof(err))) > 0)
		len += (size_t)n;
	if (n < 0 || s->rewind(s) < 0) {
		report_walk_error(w, where, "%s", n < 0 ? err : "cannot rewind");
		return;
	}
	fmt = report_input_detect(head, len);
	switch (fmt) {
	case REPORT_FMT_EMPTY:
		report_walk_error(w, where, "empty (no bytes, or only "
		    "whitespace): not a DMARC report");
		break;
	case REPORT_FMT_UNKNOWN:
		report_walk_error(w, where, "not a DMARC report: neither XML, "
		    "gzip, zip nor a mail message");
		break;
	case REPORT_FMT_XML:
		report_stream_src(&src, s);
		w->cb->found(w->cb->arg, where, &src);
		break;
	case REPORT_FMT_GZIP:
		if ((z = report_stream_gzip(s)) == NULL) {
			report_walk_error(w, where, "gzip: cannot decompress");
			break;
		}
		report_walk_stream(w, z, where, depth + 1);
		report_stream_close(z);
		break;
	case REPORT_FMT_ZIP:
		report_walk_zip(w, s, where, depth);
		break;
	case REPORT_FMT_MAIL:
	case REPORT_FMT_MBOX:
		report_walk_mail(w, s, where, depth, fmt == REPORT_FMT_MBOX);
		break;
	}
}

/* Copies stdin to an unlinked temporary file so it can be read twice. */
static int
spool_stdin(struct report_walk *w)
{
	char tmpl[] = "/tmp/sendwatch-stdin-XXXXXX", buf[65536];
	unsigned long long total = 0;
	ssize_t n;
	int fd;

	if (lseek(0, 0, SEEK_SET) == 0)
		return dup(0);
	if ((fd = mkstemp(tmpl)) < 0) {
		report_walk_error(w, "-", "temporary file: %s", strerror(errno));
		return -1;
	}
	unlink(tmpl);
	while ((n = read(0, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(fd, buf, (size_t)n) != n) {
			report_walk_error(w, "-", "%s", strerror(errno));
			close(fd);
			return -1;
		}
		if ((total += (unsigned long long)n) > w->cb->max_bytes) {
			report_walk_error(w, "-", "larger than %llu bytes "
			    "(the bound is max_decompressed / --max-size)",
			    w->cb->max_bytes);
			close(fd);
			return -1;
		}
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void walk_path(struct report_walk *, const char *, int);

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_dir(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * A directory, in name order; dot files are skipped, and in a Maildir
 * (cur/ and new/ present) only cur/ and new/ are read, never tmp/.
 */
static void
walk_dir(struct report_walk *w, const char *path, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, sub[4096];
	size_t n = 0, cap = 0;
	int maildir;

	if (depth > MAX_DIR_DEPTH) {
		report_walk_error(w, path, "directories nested too deep");
		return;
	}
	if ((d = opendir(path)) == NULL) {
		report_walk_error(w, path, "%s", strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;
			cap = cap ? cap * 2 : 64;
			if ((nn = reallocarray(names, cap, sizeof(*nn))) == NULL)
				break;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	maildir = is_dir(path, "cur") && is_dir(path, "new");
	for (size_t i = 0; i < n; i++) {
		if (!maildir || strcmp(names[i], "cur") == 0 ||
		    strcmp(names[i], "new") == 0) {
			size_t plen = strlen(path);
			if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", path,
			    plen > 0 && path[plen - 1] == '/' ? "" : "/",
			    names[i]) < sizeof(sub))
				walk_path(w, sub, depth + 1);
			else
				report_walk_error(w, path, "path too long");
		}
		free(names[i]);
	}
	free(names);
}

static void
walk_path(struct report_walk *w, const char *path, int depth)
{
	struct report_stream *s;
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0) {
		fd = spool_stdin(w);
		if (fd < 0)
			return;
	} else {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			report_walk_error(w, path, "%s", strerror(errno));
			return;
		}
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			walk_dir(w, path, depth);
			return;
		}
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			report_walk_error(w, path, "not a regular file");
			return;
		}
	}
	if ((s = report_stream_fd(fd)) == NULL) {
		close(fd);
		report_walk_error(w, path, "out of memory");
		return;
	}
	report_walk_stream(w, s, path, 0);
	report_stream_close(s);
}

size_t
report_input_path(const char *path, const struct report_input_cb *cb)
{
	struct report_input_cb c = *cb;
	struct report_walk w = { .cb = &c };

	if (c.max_bytes == 0)
		c.max_bytes = REPORT_DEFAULT_MAX_BYTES;
	walk_path(&w, path, 0);
	return w.failures;
}
