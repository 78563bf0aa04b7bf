/*
 * main_front.c -- the `sendwatch` that users and monitoring systems run:
 * it links nothing but libc, prints --version, and hands the command
 * line, untouched, by execv() to the executable that runs the command
 * (README Hacking, "Three executables"):
 *
 *   check dnsbl   sendwatch-check-dnsbl (main_check_dnsbl.c): libunbound,
 *                 ldns, inih, libcrypto and nothing else
 *   the rest      sendwatch-full (main.c): every library; also --help
 *                 and any mistake on the command line, which it words
 *
 * Why: a Nagios server starts `check dnsbl` thousands of times an hour,
 * and a process pays at start-up for every shared library its executable
 * links (libcurl alone, with LDAP, GnuTLS and Kerberos behind it, costs
 * more than the whole check). An exec of this program costs about what
 * an empty C program does. Same process, same PID (systemd's
 * Type=notify `run` keeps its MAINPID), same argv[0], same output.
 */
#include <stdio.h>
#include <string.h>

#include "monitor/cmd.h"
#include "monitor/front_exec.h"

/* Which executable runs a command; any command not here: sendwatch-full. */
static const struct {
	const char	*name;		/* the command */
	const char	*arg;		/* and its first argument */
	const char	*program;
} front_table[] = {
	{ "check", "dnsbl", FRONT_CHECK_DNSBL },
};

int
main(int argc, char **argv)
{
	struct cmd_globals g = { .config_path = SENDWATCH_DEFAULT_CONFIG };
	const char *program = FRONT_FULL;
	int i = 0;

	switch (front_parse(&g, argc, argv, &i)) {
	case FRONT_VERSION:
		printf("sendwatch %s\n", SENDWATCH_VERSION);
		return 0;
	case FRONT_MISTAKE:
		return 2;
	case FRONT_COMMAND:
		for (size_t k = 0; k < sizeof(front_table) /
		    sizeof(front_table[0]); k++)
			if (strcmp(front_table[k].name, argv[i]) == 0 &&
			    i + 1 < argc &&
			    strcmp(front_table[k].arg, argv[i + 1]) == 0)
				program = front_table[k].program;
		break;
	case FRONT_PASS_ON:
		break;
	}
	front_exec(program, argv);
	return 3;
}
