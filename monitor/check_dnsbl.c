/*
 * check_dnsbl.c -- "sendwatch check dnsbl": the DNSBL Nagios/Icinga
 * plugin (see cmd_check.c for the conventions). sendwatch-check-dnsbl
 * (main_check_dnsbl.c) runs it without the heavy libraries, so what it
 * reaches may use only libunbound, c-ares, ldns, inih and libcrypto (README
 * Hacking, "Three executables").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/check_dnsbl.h"
#include "monitor/engine.h"

struct check_args {
	const char	**targets;
	size_t		 ntargets;
	const char	**zones;
	size_t		 nzones;
	long		 warn;
	long		 crit;
	long		 max_unknown;
	long		 timeout_s;
};

void
check_usage(FILE *fp)
{
	fprintf(fp, "usage: sendwatch check KIND ...  (a Nagios/Icinga plugin;"
	    " KIND: dnsbl, spf, dkim,\n"
	    "       dmarc, mx, mta-sts, tlsrpt, bimi DOMAIN; ptr IP; bounces LOG; see"
	    " sendwatch check KIND --help)\n"
	    "usage: sendwatch check dnsbl [-w N] [-c N] [-t SECONDS]"
	    " [--max-unknown N]\n"
	    "                       [--dnsbl ZONE[:KIND]]... [--config FILE]"
	    " [--resolver SPEC] TARGET...\n"
	    "  -w N             WARNING at N or more listings (default 1)\n"
	    "  -c N             CRITICAL at N or more listings (default 1)\n"
	    "  -t SECONDS       bound on the whole check (default 10)\n"
	    "  --max-unknown N  lists that may fail before UNKNOWN (default 0)\n");
}

static int
check_number(const char *opt, const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
		printf("SENDWATCH UNKNOWN - %s %s: expected a number from %ld"
		    " to %ld\n", opt, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

enum {
	CHECK_OPT_MAX_UNKNOWN = CMD_OPT_FIRST_OWN,
	CHECK_OPT_DNSBL,
};

static const struct option check_dnsbl_options[] = {
	{ "warning", required_argument, NULL, 'w' },
	{ "critical", required_argument, NULL, 'c' },
	{ "timeout", required_argument, NULL, 't' },
	{ "max-unknown", required_argument, NULL, CHECK_OPT_MAX_UNKNOWN },
	{ "dnsbl", required_argument, NULL, CHECK_OPT_DNSBL },
	CMD_GLOBAL_OPTIONS
};

/*
 * Parses the arguments after "check" (argv[0] is "dnsbl"). Prints and
 * returns -1 on error, 1 after --help.
 */
static int
check_parse(struct cmd_globals *g, int argc, char **argv, struct check_args *a)
{
	struct cmd_opts p = { g, argc, argv, ":c:ht:vw:", check_dnsbl_options,
	    false, false };
	char msg[160];
	int opt;

	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case 'h':
			check_usage(stdout);
			return 1;
		case 'w':
			if (check_number("-w", optarg, 1, 1000000, &a->warn) == -1)
				return -1;
			break;
		case 'c':
			if (check_number("-c", optarg, 1, 1000000, &a->crit) == -1)
				return -1;
			break;
		case 't':
			if (cmd_timeout_arg(optarg, 3600, &a->timeout_s, msg,
			    sizeof(msg)) == -1) {
				printf("SENDWATCH UNKNOWN - %s\n", msg);
				return -1;
			}
			break;
		case CHECK_OPT_MAX_UNKNOWN:
			if (check_number("--max-unknown", optarg, 0, 1000000,
			    &a->max_unknown) == -1)
				return -1;
			break;
		case CHECK_OPT_DNSBL:
			a->zones[a->nzones++] = optarg;
			break;
		default:
			return cmd_check_option_error(argv, opt, "SENDWATCH",
			    "dnsbl");
		}
	}
	for (int i = optind; i < argc; i++)
		a->targets[a->ntargets++] = argv[i];
	if (a->ntargets == 0) {
		printf("SENDWATCH UNKNOWN - no target given (see sendwatch check"
		    " dnsbl --help)\n");
		return -1;
	}
	if (a->warn > a->crit) {
		printf("SENDWATCH UNKNOWN - -w %ld is above -c %ld\n", a->warn,
		    a->crit);
		return -1;
	}
	return 0;
}

int
check_dnsbl(struct cmd_globals *g, const struct probe *p, int argc,
    char **argv)
{
	struct check_args a = { .warn = 1, .crit = 1, .timeout_s = 10 };
	struct engine e;
	size_t listed = 0, policy = 0, unknown = 0, checked = 0, broken = 0;
	enum finding_state st;
	char summary[1024] = "";
	bool timed_out;
	int r, status = FINDING_UNKNOWN;

	(void)p;	/* the dnsbl probe, run by engine_run_dnsbl */
	a.targets = calloc((size_t)argc, sizeof(*a.targets));
	a.zones = calloc((size_t)argc, sizeof(*a.zones));
	if (a.targets == NULL || a.zones == NULL) {
		printf("SENDWATCH UNKNOWN - out of memory\n");
		goto done;
	}
	if ((r = check_parse(g, argc, argv, &a)) != 0) {
		status = r > 0 ? FINDING_OK : FINDING_UNKNOWN;
		goto done;
	}
	if (engine_open(&e, g, (unsigned)a.timeout_s) == -1) {
		printf("SENDWATCH UNKNOWN - cannot start (see above)\n");
		goto done;
	}
	if (engine_select_lists(&e, a.zones, a.nzones) == -1 ||
	    engine_add_targets(&e, a.targets, a.ntargets) == -1 ||
	    engine_run_dnsbl(&e) == -1) {
		printf("SENDWATCH UNKNOWN - cannot check (see above)\n");
		engine_close(&e);
		goto done;
	}
	timed_out = e.deadline_ms != 0 && dns_now_ms() >= e.deadline_ms;

	for (size_t i = 0; i < e.findings.n; i++) {
		const struct finding *f = &e.findings.v[i];
		if (strcmp(f->probe, "dnsbl-health") == 0) {
			broken += f->state == FINDING_UNKNOWN;
			continue;
		}
		checked++;
		if (f->state == FINDING_CRITICAL) {
			if (listed++ < 3) {
				size_t n = strlen(summary);
				snprintf(summary + n, sizeof(summary) - n, "%s%s",
				    n ? ", " : "", f->summary);
			}
		} else if (f->state == FINDING_WARNING)
			policy++;
		else if (f->state == FINDING_UNKNOWN)
			unknown++;
	}
	if (listed > 3) {
		size_t n = strlen(summary);
		snprintf(summary + n, sizeof(summary) - n, " and %zu more",
		    listed - 3);
	}

	if ((long)listed >= a.crit)
		st = FINDING_CRITICAL;
	else if ((long)listed >= a.warn || policy > 0)
		st = FINDING_WARNING;
	else if (timed_out || (long)(unknown + broken) > a.max_unknown)
		st = FINDING_UNKNOWN;
	else
		st = FINDING_OK;

	if (summary[0] == '\0') {
		if (timed_out)
			snprintf(summary, sizeof(summary), "timed out after %lds"
			    " (-t): %zu of %zu checks unanswered", a.timeout_s,
			    unknown, checked);
		else if (policy > 0)
			snprintf(summary, sizeof(summary), "%zu policy listing%s"
			    " (e.g. PBL)", policy, policy == 1 ? "" : "s");
		else if (unknown + broken > 0)
			snprintf(summary, sizeof(summary), "%zu check%s unknown,"
			    " %zu list%s broken", unknown, unknown == 1 ? "" : "s",
			    broken, broken == 1 ? "" : "s");
		else
			snprintf(summary, sizeof(summary), "%zu target%s not"
			    " listed on %zu list%s", e.targets.n,
			    e.targets.n == 1 ? "" : "s", e.lists.n,
			    e.lists.n == 1 ? "" : "s");
	}
	printf("SENDWATCH DNSBL %s - %s | listed=%zu;%ld;%ld;0;%zu unknown=%zu"
	    " checked=%zu time=%.3fs\n", finding_state_tag(st), summary,
	    listed + policy, a.warn - 1, a.crit - 1, checked, unknown, checked,
	    engine_elapsed_s(&e));
	for (size_t i = 0; i < e.findings.n; i++) {
		const struct finding *f = &e.findings.v[i];
		if (f->state != FINDING_OK)
			printf("%s\n", f->summary);
	}
	status = st;
	engine_close(&e);
done:
	free(a.targets);
	free(a.zones);
	return status;
}
