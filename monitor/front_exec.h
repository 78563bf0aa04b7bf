/*
 * front_exec.h -- how one sendwatch executable hands the command line
 * to another (README Hacking, "Three executables"): the front end
 * `sendwatch` to sendwatch-check-dnsbl or sendwatch-full, and
 * sendwatch-check-dnsbl to sendwatch-full for anything but check dnsbl.
 */
#ifndef SENDWATCH_FRONT_EXEC_H
#define SENDWATCH_FRONT_EXEC_H

#define FRONT_FULL		"sendwatch-full"
#define FRONT_CHECK_DNSBL	"sendwatch-check-dnsbl"

/*
 * Replaces this process with the program `name` and argv (argv[0]
 * kept: messages and syslog still say "sendwatch"), looked for next to
 * this executable (the build tree), then in ../libexec/sendwatch/ from
 * it (an installed tree, wherever its root: DESTDIR, dpkg --root), then
 * in SENDWATCH_LIBEXECDIR. Returns only when none could be run, with
 * the reason printed.
 */
void	front_exec(const char *name, char **argv);

struct cmd_globals;

/* What the options before the command name asked for. */
enum front_parse {
	FRONT_COMMAND,		/* a command at argv[*cmd] */
	FRONT_VERSION,		/* -V, --version */
	FRONT_MISTAKE,		/* a global option's mistake, printed: exit 2 */
	FRONT_PASS_ON,		/* --help, no command, an unknown option:
				   sendwatch-full says what, as ever */
};

/*
 * Reads the options before the command name as main.c does (cmd_getopt,
 * CMD_MAIN_SHORTOPTS) into g. getopt works on a copy: argv stays as
 * given, to be passed on.
 */
enum front_parse	front_parse(struct cmd_globals *g, int argc,
			    char **argv, int *cmd);

#endif
