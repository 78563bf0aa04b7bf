/*
 * atomic_file.c -- write-then-rename file replacement (see
 * atomic_file.h). mkstemp gives a name of our own next to the target,
 * so rename() stays within one file system and is atomic.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/atomic_file.h"

int
atomic_file_open(struct atomic_file *a, const char *path, char *err,
    size_t errlen)
{
	int fd;

	memset(a, 0, sizeof(*a));
	if ((size_t)snprintf(a->path, sizeof(a->path), "%s", path) >=
	    sizeof(a->path) || (size_t)snprintf(a->tmp, sizeof(a->tmp),
	    "%s.XXXXXX", path) >= sizeof(a->tmp)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	if ((fd = mkstemp(a->tmp)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((a->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", a->tmp, strerror(errno));
		close(fd);
		unlink(a->tmp);
		return -1;
	}
	return 0;
}

int
atomic_file_commit(struct atomic_file *a, mode_t mode, char *err,
    size_t errlen)
{
	int fd = fileno(a->fp);

	if (fchmod(fd, mode) != 0 || fflush(a->fp) != 0 || fsync(fd) != 0 ||
	    ferror(a->fp)) {
		snprintf(err, errlen, "%s: %s", a->tmp, strerror(errno));
		atomic_file_abort(a);
		return -1;
	}
	if (fclose(a->fp) != 0) {
		a->fp = NULL;
		snprintf(err, errlen, "%s: %s", a->tmp, strerror(errno));
		unlink(a->tmp);
		return -1;
	}
	a->fp = NULL;
	if (rename(a->tmp, a->path) != 0) {
		snprintf(err, errlen, "%s: %s", a->path, strerror(errno));
		unlink(a->tmp);
		return -1;
	}
	return 0;
}

void
atomic_file_abort(struct atomic_file *a)
{
	if (a->fp != NULL)
		fclose(a->fp);
	a->fp = NULL;
	if (a->tmp[0] != '\0')
		unlink(a->tmp);
}
