/*
 * cmd.h -- sendwatch's subcommands: one file per command (cmd_*.c), each
 * exporting one struct cmd_entry; commands.c holds the table that main,
 * usage and --help are generated from.
 */
#ifndef SENDWATCH_CMD_H
#define SENDWATCH_CMD_H

#include <stdbool.h>
#include <stddef.h>

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
 * For a command's own getopt loop: handles --config FILE and
 * --resolver SPEC (and -c FILE when allow_short_c). Returns 1 when the
 * option at argv[*i] was one of these (advancing *i past its value),
 * 0 when not, -1 on a missing value (message printed).
 */
int	cmd_take_global(struct cmd_globals *, int argc, char **argv, int *i,
	    bool allow_short_c);

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
