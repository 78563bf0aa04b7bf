/*
 * cmd_globals.c -- the options every command takes (--config, --resolver,
 * --verbose), parsed the same way before or after the command name, and
 * the -t timeout every probing command takes. Needs only libc: the
 * front end `sendwatch` (main_front.c) parses with it too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/cmd.h"

const struct option cmd_main_longopts[] = {
	{ "version", no_argument, NULL, 'V' },
	CMD_GLOBAL_OPTIONS
};

/* Takes a global option's value into g; -1 (message printed) if refused. */
static int
cmd_take_global(struct cmd_globals *g, int opt, const char *val)
{
	switch (opt) {
	case 'v':
		g->verbose++;
		return 0;
	case 'c':
	case CMD_OPT_CONFIG:
		g->config_path = val;
		g->config_given = true;
		return 0;
	case CMD_OPT_RESOLVER:
		if (g->nresolvers == sizeof(g->resolvers) /
		    sizeof(g->resolvers[0])) {
			fprintf(stderr, "sendwatch: too many --resolver"
			    " options\n");
			return -1;
		}
		g->resolvers[g->nresolvers++] = val;
		return 0;
	}
	return -1;
}

static bool
cmd_is_global(const struct cmd_opts *p, int opt)
{
	return opt == 'v' || opt == CMD_OPT_CONFIG || opt == CMD_OPT_RESOLVER ||
	    (opt == 'c' && p->short_c);
}

int
cmd_getopt(struct cmd_opts *p)
{
	char name[64];
	int opt;

	if (!p->started) {
		optind = 0;	/* glibc: start afresh, re-reading shortopts */
		opterr = 0;	/* messages are the commands' own */
		p->started = true;
	}
	for (;;) {
		opt = getopt_long(p->argc, p->argv, p->shortopts, p->longopts,
		    NULL);
		if (opt == ':' && cmd_is_global(p, optopt)) {
			fprintf(stderr, "sendwatch: %s needs a value\n",
			    cmd_bad_option(p->argv, opt, name, sizeof(name)));
			return CMD_OPT_ERROR;
		}
		if (opt == -1 || !cmd_is_global(p, opt))
			return opt;
		if (cmd_take_global(p->g, opt, optarg) == -1)
			return CMD_OPT_ERROR;
	}
}

const char *
cmd_bad_option(char **argv, int refused, char *buf, size_t len)
{
	/*
	 * An unknown short option is in optopt (the argument may hold more
	 * of them, "-xv"); an unknown long one, or one missing its value
	 * (always the last argument), is the argument getopt just passed.
	 */
	if (refused == '?' && optopt > 0 && optopt < CMD_OPT_CONFIG)
		snprintf(buf, len, "-%c", optopt);
	else
		snprintf(buf, len, "%s", argv[optind - 1]);
	return buf;
}

int
cmd_check_option_error(char **argv, int opt, const char *status,
    const char *kind)
{
	char name[160];

	if (opt == CMD_OPT_ERROR)
		return -1;
	cmd_bad_option(argv, opt, name, sizeof(name));
	if (opt == ':')
		printf("%s UNKNOWN - %s needs a value\n", status, name);
	else
		printf("%s UNKNOWN - unknown option %s (see sendwatch check %s"
		    " --help)\n", status, name, kind);
	return -1;
}

int
cmd_timeout_arg(const char *s, long max, long *out, char *err, size_t errlen)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 1 || v > max) {
		snprintf(err, errlen, "-t %s: expected seconds from 1 to %ld",
		    s, max);
		return -1;
	}
	*out = v;
	return 0;
}
