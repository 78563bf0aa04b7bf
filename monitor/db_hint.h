/*
 * db_hint.h -- what to tell a user whose database file cannot be opened
 * (`reports import` on a machine without /var/lib/sendwatch): why, as far
 * as the file's directory tells, and how to choose another file.
 */
#ifndef SENDWATCH_DB_HINT_H
#define SENDWATCH_DB_HINT_H

#include <stdio.h>

/*
 * Prints to fp one line "PROG: WHY; choose another database file with
 * OPTION FILE, or with state = FILE in [general] of CONFIG". WHY names
 * path's directory when it is missing, not a directory or not writable
 * ("/var/lib/sendwatch does not exist"), else says the file could not be
 * opened. option may be NULL (a command without --db).
 */
void	db_hint(FILE *fp, const char *prog, const char *path,
	    const char *option, const char *config_path);

#endif
