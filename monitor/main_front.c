/*
 * main_front.c -- the `sendwatch` that users and monitoring systems run.
 * A Nagios server starts `check dnsbl` thousands of times an hour, and a
 * process pays at start-up for every shared library its executable links
 * (libcurl alone, with LDAP, GnuTLS and Kerberos behind it, costs more
 * than the whole check). So this executable links only what `check
 * dnsbl` and `--version` need (libunbound, ldns, inih, libcrypto) and
 * runs those itself; every other command, --help and any mistake on the
 * command line go to sendwatch-full (main.c, every library) by execv(),
 * with the arguments untouched: same process, same PID (systemd's
 * Type=notify `run` keeps its MAINPID), same output.
 *
 * sendwatch-full is looked for next to this executable (the build tree),
 * then in ../libexec/sendwatch/ from it (an installed tree, wherever its
 * root: DESTDIR, dpkg --root), then in SENDWATCH_LIBEXECDIR.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/check_dnsbl.h"
#include "monitor/cmd.h"
#include "probes/dnsbl/dnsbl_probe.h"

#define FULL_NAME	"sendwatch-full"

/* Where sendwatch-full is looked for, relative to this executable's folder. */
static const char *const full_relative[] = {
	"/" FULL_NAME,
	"/../libexec/sendwatch/" FULL_NAME,
};

/*
 * Replaces this process with sendwatch-full and the same arguments.
 * Returns only when none could be run, with the reason printed.
 */
static void
exec_full(char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL)
			*slash = '\0';
		for (size_t i = 0; i < sizeof(full_relative) /
		    sizeof(full_relative[0]); i++) {
			int w = snprintf(path, sizeof(path), "%s%s", self,
			    full_relative[i]);
			if (w < 0 || (size_t)w >= sizeof(path))
				continue;
			execv(path, argv);
			if (errno != ENOENT && errno != ENOTDIR)
				goto fail;
		}
	}
	snprintf(path, sizeof(path), "%s", SENDWATCH_LIBEXECDIR "/" FULL_NAME);
	execv(path, argv);
fail:
	fprintf(stderr, "sendwatch: cannot run %s (%s; looked next to this"
	    " program, in ../libexec/sendwatch/ from it and in %s)\n", path,
	    strerror(errno), SENDWATCH_LIBEXECDIR);
}

static int
front_version(void)
{
	printf("sendwatch %s\n", SENDWATCH_VERSION);
	return 0;
}

static int
front_check_dnsbl(struct cmd_globals *g, int argc, char **argv)
{
	return check_dnsbl(g, &probe_dnsbl, argc - 1, argv + 1);
}

extern const struct cmd_entry cmd_version_entry;

static int
front_cmd_version(struct cmd_globals *g, int argc, char **argv)
{
	return cmd_version_entry.exec(g, argc, argv);
}

/* The commands this executable runs itself; all others are sendwatch-full's. */
static const struct {
	const char	*name;		/* the command */
	const char	*arg;		/* and its first argument, or NULL */
	int		(*exec)(struct cmd_globals *, int argc, char **argv);
} front_table[] = {
	{ "check", "dnsbl", front_check_dnsbl },
	{ "version", NULL, front_cmd_version },
};

int
main(int argc, char **argv)
{
	struct cmd_globals g = { .config_path = SENDWATCH_DEFAULT_CONFIG };
	struct cmd_opts p = { &g, argc, NULL, CMD_MAIN_SHORTOPTS,
	    cmd_main_longopts, true, false };
	char **orig;
	int opt;

	/* getopt may permute what it parses: sendwatch-full gets the original. */
	if ((orig = calloc((size_t)argc + 1, sizeof(*orig))) == NULL) {
		fprintf(stderr, "sendwatch: out of memory\n");
		return 3;
	}
	memcpy(orig, argv, (size_t)argc * sizeof(*orig));
	p.argv = argv;
	while ((opt = cmd_getopt(&p)) != -1) {
		if (opt == 'V' || opt == CMD_OPT_ERROR) {
			/* a global option's mistake is printed already */
			free(orig);
			return opt == 'V' ? front_version() : 2;
		}
		/* --help, a mistake: sendwatch-full says it, as ever */
		exec_full(orig);
		free(orig);
		return 3;
	}
	for (size_t k = 0; optind < argc && k < sizeof(front_table) /
	    sizeof(front_table[0]); k++) {
		int i = optind;

		if (strcmp(front_table[k].name, argv[i]) != 0 ||
		    (front_table[k].arg != NULL && (i + 1 == argc ||
		    strcmp(front_table[k].arg, argv[i + 1]) != 0)))
			continue;
		free(orig);
		return front_table[k].exec(&g, argc - i, argv + i);
	}
	exec_full(orig);
	free(orig);
	return 3;
}
