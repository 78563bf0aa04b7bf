/*
 * main_check_dnsbl.c -- sendwatch-check-dnsbl, which the front end
 * `sendwatch` runs for `check dnsbl` (README Hacking, "Three
 * executables"). It links only libunbound, c-ares, ldns, inih and
 * libcrypto: the Makefile gives its link nothing else, so what
 * check_dnsbl() reaches must not need another library. Run by hand with
 * another command, it hands the command line on to sendwatch-full.
 */
#include <stdio.h>
#include <string.h>

#include "monitor/check_dnsbl.h"
#include "monitor/cmd.h"
#include "monitor/front_exec.h"
#include "probes/dnsbl/dnsbl_probe.h"

int
main(int argc, char **argv)
{
	struct cmd_globals g = { .config_path = SENDWATCH_DEFAULT_CONFIG };
	int i = 0;

	switch (front_parse(&g, argc, argv, &i)) {
	case FRONT_VERSION:
		printf("sendwatch %s\n", SENDWATCH_VERSION);
		return 0;
	case FRONT_MISTAKE:
		return 2;
	case FRONT_COMMAND:
		if (strcmp(argv[i], "check") == 0 && i + 2 <= argc &&
		    strcmp(argv[i + 1], "dnsbl") == 0)
			return check_dnsbl(&g, &probe_dnsbl, argc - i - 1,
			    argv + i + 1);
		break;
	case FRONT_PASS_ON:
		break;
	}
	front_exec(FRONT_FULL, argv);
	return 3;
}
