/*
 * db_hint.c -- the advice printed when a database file cannot be opened
 * (see db_hint.h). SQLite says only "unable to open database file"; the
 * usual cause is a directory that is missing (a machine where the package
 * did not create /var/lib/sendwatch) or not writable by this user.
 */
#include <errno.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/db_hint.h"

/* Why path's directory cannot hold the database, into why; false: no idea. */
static bool
db_dir_problem(const char *path, char *why, size_t whylen)
{
	char *copy = strdup(path);
	const char *dir;
	struct stat sb;
	bool found = true;

	if (copy == NULL)
		return false;
	dir = dirname(copy);
	if (stat(dir, &sb) == -1)
		snprintf(why, whylen, "the directory %s %s", dir,
		    errno == ENOENT ? "does not exist" : strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		snprintf(why, whylen, "%s is not a directory", dir);
	else if (access(dir, W_OK | X_OK) == -1)
		snprintf(why, whylen, "cannot write in the directory %s (%s)",
		    dir, strerror(errno));
	else if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(why, whylen, "%s is a directory", path);
	else
		found = false;
	free(copy);
	return found;
}

void
db_hint(FILE *fp, const char *prog, const char *path, const char *option,
    const char *config_path)
{
	char why[512];

	if (!db_dir_problem(path, why, sizeof(why)))
		snprintf(why, sizeof(why), "%s could not be opened", path);
	fprintf(fp, "%s: %s; choose another database file with %s%sstate ="
	    " FILE in [general] of %s\n", prog, why, option ? option : "",
	    option ? " FILE, or with " : "", config_path);
}
