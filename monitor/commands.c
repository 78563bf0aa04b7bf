/*
 * commands.c -- the table of subcommands. Adding a command is one file
 * (cmd_<name>.c exporting cmd_<name>_entry) plus one line here.
 */
#include <stddef.h>

#include "monitor/cmd.h"

extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_version_entry;
extern const struct cmd_entry cmd_config_entry;
extern const struct cmd_entry cmd_reports_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_events_entry;
extern const struct cmd_entry cmd_explain_entry;
extern const struct cmd_entry cmd_bounces_entry;
extern const struct cmd_entry cmd_dnsbl_entry;

/* In the order --help lists them: the everyday commands first. */
const struct cmd_entry *const cmd_table[] = {
	&cmd_audit_entry,
	&cmd_check_entry,
	&cmd_run_entry,
	&cmd_events_entry,
	&cmd_reports_entry,
	&cmd_bounces_entry,
	&cmd_explain_entry,
	&cmd_dnsbl_entry,
	&cmd_config_entry,
	&cmd_version_entry,
	NULL,
};
