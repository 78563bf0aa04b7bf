/*
 * front_exec.c -- finds and runs another sendwatch executable in this
 * process (see front_exec.h). Needs only libc: the front end links it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/cmd.h"
#include "monitor/front_exec.h"

/* Where the programs are looked for, relative to this executable's folder. */
static const char *const front_relative[] = {
	"",
	"/../libexec/sendwatch",
};

void
front_exec(const char *name, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n;
	char *slash;
	int w;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL)
			*slash = '\0';
		for (size_t i = 0; i < sizeof(front_relative) /
		    sizeof(front_relative[0]); i++) {
			w = snprintf(path, sizeof(path), "%s%s/%s", self,
			    front_relative[i], name);
			if (w < 0 || (size_t)w >= sizeof(path))
				continue;
			execv(path, argv);
			if (errno != ENOENT && errno != ENOTDIR)
				goto fail;
		}
	}
	snprintf(path, sizeof(path), "%s/%s", SENDWATCH_LIBEXECDIR, name);
	execv(path, argv);
fail:
	fprintf(stderr, "sendwatch: cannot run %s (%s; looked next to this"
	    " program, in ../libexec/sendwatch/ from it and in %s)\n", path,
	    strerror(errno), SENDWATCH_LIBEXECDIR);
}

enum front_parse
front_parse(struct cmd_globals *g, int argc, char **argv, int *cmd)
{
	struct cmd_opts p = { g, argc, NULL, CMD_MAIN_SHORTOPTS,
	    cmd_main_longopts, true, false };
	enum front_parse r = FRONT_PASS_ON;
	int opt;

	if ((p.argv = calloc((size_t)argc + 1, sizeof(*p.argv))) == NULL)
		return FRONT_PASS_ON;
	memcpy(p.argv, argv, (size_t)argc * sizeof(*p.argv));
	if ((opt = cmd_getopt(&p)) == -1) {
		*cmd = optind;
		r = optind < argc ? FRONT_COMMAND : FRONT_PASS_ON;
	} else if (opt == 'V')
		r = FRONT_VERSION;
	else if (opt == CMD_OPT_ERROR)
		r = FRONT_MISTAKE;
	free(p.argv);
	return r;
}
