/*
 * report_input.c -- walks what the user named (files, directories,
 * Maildir folders, mbox files, "-"): every file becomes a byte stream
 * that report_walk.c looks inside.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/reports/report_input.h"

#define MAX_DIR_DEPTH	32

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
report_input_mem(const void *data, size_t len, const char *where,
    const struct report_input_cb *cb)
{
	struct report_input_cb c = *cb;
	struct report_walk w = { .cb = &c };
	struct report_stream *s;

	if (c.max_bytes == 0)
		c.max_bytes = REPORT_DEFAULT_MAX_BYTES;
	/* not owned: the stream only reads it */
	if ((s = report_stream_mem((void *)(uintptr_t)data, len, 0)) == NULL) {
		report_walk_error(&w, where, "out of memory");
		return w.failures;
	}
	report_walk_stream(&w, s, where, 0);
	report_stream_close(s);
	return w.failures;
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
