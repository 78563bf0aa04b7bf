/*
 * cfg_errors.c -- the list of config problems, each "file:line: message",
 * kept in the order of the file's lines. The list owns its strings;
 * cfg_errors_free() frees them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfg_struct.h"
#include "config/config.h"

int
cfg_errors_vaddf(struct cfg_errors *errs, const char *file, unsigned line,
    const char *fmt, va_list ap)
{
	char *body = NULL, *msg = NULL, **v;
	int r;

	if (vasprintf(&body, fmt, ap) < 0)
		return -1;
	if (line > 0)
		r = asprintf(&msg, "%s:%u: %s", file, line, body);
	else
		r = asprintf(&msg, "%s: %s", file, body);
	free(body);
	if (r < 0)
		return -1;
	if ((v = realloc(errs->v, (errs->n + 1) * sizeof(*v))) == NULL) {
		free(msg);
		return -1;
	}
	v[errs->n++] = msg;
	errs->v = v;
	return 0;
}

int
cfg_errors_addf(struct cfg_errors *errs, const char *file, unsigned line,
    const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = cfg_errors_vaddf(errs, file, line, fmt, ap);
	va_end(ap);
	return r;
}

/* The line number of a message "path:line: ...", 0 when none. */
static unsigned long
message_line(const char *path, const char *msg)
{
	size_t plen = strlen(path);

	if (strncmp(msg, path, plen) != 0 || msg[plen] != ':')
		return 0;
	return strtoul(msg + plen + 1, NULL, 10);
}

/* Orders this load's messages by line (stable), as the user reads the file. */
void
cfg_errors_sort(struct cfg_errors *errs, size_t first, const char *path)
{
	char **v = errs->v;

	for (size_t i = first + 1; i < errs->n; i++) {
		char *m = v[i];
		unsigned long line = message_line(path, m);
		size_t j = i;

		for (; j > first && message_line(path, v[j - 1]) > line; j--)
			v[j] = v[j - 1];
		v[j] = m;
	}
}

void
cfg_errors_free(struct cfg_errors *errs)
{
	if (errs == NULL)
		return;
	for (size_t i = 0; i < errs->n; i++)
		free(errs->v[i]);
	free(errs->v);
	errs->v = NULL;
	errs->n = 0;
}
