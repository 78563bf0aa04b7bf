/*
 * atomic_file.h -- replacing a file whole: write to a temporary file in
 * the same directory, fsync, rename over the target. Readers see the old
 * file or the new one, never a part (metrics, follow state, suppression
 * lists).
 */
#ifndef SENDWATCH_ATOMIC_FILE_H
#define SENDWATCH_ATOMIC_FILE_H

#include <stdio.h>
#include <sys/types.h>

struct atomic_file {
	FILE	*fp;		/* write here */
	char	 tmp[4096];
	char	 path[4096];
};

/* Opens the temporary file for path. 0, or -1 with "path: reason". */
int	atomic_file_open(struct atomic_file *, const char *path, char *err,
	    size_t errlen);

/*
 * Gives the file mode, flushes, syncs and renames it over path; on any
 * failure the temporary file is removed and path is left as it was.
 * Returns 0, or -1 with "path: reason" in err.
 */
int	atomic_file_commit(struct atomic_file *, mode_t mode, char *err,
	    size_t errlen);

/* Gives up: closes and removes the temporary file. */
void	atomic_file_abort(struct atomic_file *);

#endif
