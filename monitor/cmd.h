/*
 * cmd.h -- sendwatch's subcommands: one file per command (cmd_*.c), each
 * exporting one struct cmd_entry; commands.c holds the table that main,
 * usage and --help are generated from.
 */
#ifndef SENDWATCH_CMD_H
#define SENDWATCH_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include <getopt.h>

/* Options that every command takes, given before or after its name. */
struct cmd_globals {
	const char	*config_path;	/* -c/--config, or the default */
	bool		 config_given;	/* false: a missing default is fine */
	const char	*resolvers[16];	/* --resolver SPEC, repeatable */
	size_t		 nresolvers;
	int		 verbose;
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*help;		/* one line for --help */
	/* argv[0] is the command name; returns the process exit status. */
	int		(*exec)(struct cmd_globals *, int argc, char **argv);
};

extern const struct cmd_entry *const cmd_table[];

/*
 * Option parsing: every command runs getopt_long through cmd_getopt, which
 * handles the options every command takes (--config FILE, --resolver SPEC,
 * -v/--verbose, and -c FILE where -c is not a command's own option). A
 * command's long option table ends with CMD_GLOBAL_OPTIONS; its short
 * option string starts with ":" (so a missing value comes back as ':'),
 * or "+:" when the first operand ends the options (explain, reports).
 * "--" ends the options everywhere.
 */
enum {
	CMD_OPT_CONFIG = 0x100,		/* --config FILE */
	CMD_OPT_RESOLVER,		/* --resolver SPEC */
	CMD_OPT_FIRST_OWN,		/* a command's own long-only options */
};

#define CMD_GLOBAL_OPTIONS \
	{ "config", required_argument, NULL, CMD_OPT_CONFIG }, \
	{ "resolver", required_argument, NULL, CMD_OPT_RESOLVER }, \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ NULL, 0, NULL, 0 }

/*
 * The options before the command name, for main() of both executables
 * (main.c, main_front.c), which must read them alike: "+" so that the
 * command name ends them.
 */
#define CMD_MAIN_SHORTOPTS	"+:c:hvV"
extern const struct option cmd_main_longopts[];

/* One command's option parse: fill the first five, leave the rest zero. */
struct cmd_opts {
	struct cmd_globals	*g;
	int			 argc;
	char			**argv;		/* argv[0] the command's name */
	const char		*shortopts;
	const struct option	*longopts;
	bool			 short_c;	/* -c FILE is --config here */
	bool			 started;
};

/*
 * The next option of argv[1..] that is the command's own, as getopt_long
 * returns it, with optarg set ('?' unknown, ':' missing value, -1 at the
 * end: the operands are then argv[optind..]). The global options are
 * taken into g on the way; a problem with one gives CMD_OPT_ERROR after a
 * message on stderr.
 */
#define CMD_OPT_ERROR	(-2)
int	cmd_getopt(struct cmd_opts *);

/*
 * The option getopt_long just refused ('?' or ':'), as the user wrote it
 * ("-x", "--bogus"), for messages. Returns buf.
 */
const char *cmd_bad_option(char **argv, int refused, char *buf, size_t len);

/*
 * For the option loop of a Nagios check (check dnsbl, spf, ..., bounces):
 * after cmd_getopt() returned CMD_OPT_ERROR (message already on stderr),
 * ':' or '?', prints the UNKNOWN status line ("SENDWATCH UNKNOWN - -w
 * needs a value", "SENDWATCH UNKNOWN - unknown option --bogus (see
 * sendwatch check KIND --help)"); status is the line's start before the
 * state ("SENDWATCH", "SENDWATCH BOUNCES"). Returns -1, what the parse
 * returns.
 */
int	cmd_check_option_error(char **argv, int opt, const char *status,
	    const char *kind);

/*
 * -t/--timeout SECONDS, from 1 to max: 0 and *out set, or -1 with
 * "-t VALUE: expected seconds from 1 to MAX" in err.
 */
int	cmd_timeout_arg(const char *s, long max, long *out, char *err,
	    size_t errlen);

struct config;

/*
 * Loads the config of -c/--config (a missing default file is fine) and
 * prints every problem to stderr, one "file:line: message" a line.
 * Returns the config (caller frees with cfg_free), or NULL when the file
 * has problems or cannot be read.
 */
struct config *cmd_load_config(const struct cmd_globals *);

#define SENDWATCH_DEFAULT_CONFIG SENDWATCH_SYSCONFDIR "/sendwatch/sendwatch.conf"

#endif
