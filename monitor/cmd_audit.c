/*
 * cmd_audit.c -- "sendwatch audit": a one-shot report for a person at a
 * terminal (or --json for machines). Exit status: 0 all ok, 1 warnings,
 * 2 problems found, 3 could not check; a listing outranks an unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/output/audit_text.h"
#include "monitor/cmd.h"
#include "monitor/engine.h"
#include "monitor/output/json_write.h"

#define AUDIT_MAX_ARGS	4096

static void
audit_usage(FILE *fp)
{
	fprintf(fp, "usage: sendwatch audit [--json] [--resolver SPEC]"
	    " [--dnsbl ZONE[:KIND]]... [-c FILE]\n"
	    "                       [--probe LIST] [--dkim-selector SEL]..."
	    " [-t SECONDS] [TARGET...]\n"
	    "TARGET: an IP address, a network (192.0.2.0/28), a host or"
	    " domain name\n(host:NAME / domain:NAME to use it one way only)."
	    " Without targets, [targets]\nand [domain] sections of the config"
	    " file.\n"
	    "--probe LIST: only these probes (dnsbl,spf,dkim,dmarc,mx,ptr;"
	    " default all).\n"
	    "Addresses given singly are the domains' senders: each must pass"
	    " SPF.\n");
}

static int
audit_exit_status(const struct finding_list *l)
{
	bool warn = false, unknown = false;

	for (size_t i = 0; i < l->n; i++) {
		switch (l->v[i].state) {
		case FINDING_CRITICAL:
			return 2;
		case FINDING_WARNING:
			warn = true;
			break;
		case FINDING_UNKNOWN:
			unknown = true;
			break;
		case FINDING_OK:
			break;
		}
	}
	return warn ? 1 : unknown ? 3 : 0;
}

static void
audit_progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "\rsendwatch: %zu/%zu queries answered", done, total);
	if (done >= total)
		fputs("\r\033[K", stderr);
}

static int
cmd_audit_exec(struct cmd_globals *g, int argc, char **argv)
{
	const char **targets = NULL, **zones = NULL, **selectors = NULL;
	size_t ntargets = 0, nzones = 0, nselectors = 0;
	unsigned probes = 0;
	char err[256];
	bool json = false;
	unsigned timeout_s = 0;
	struct engine e;
	int status = 3;

	targets = calloc((size_t)argc, sizeof(*targets));
	zones = calloc((size_t)argc, sizeof(*zones));
	selectors = calloc((size_t)argc, sizeof(*selectors));
	if (targets == NULL || zones == NULL || selectors == NULL) {
		fprintf(stderr, "sendwatch: out of memory\n");
		goto done;
	}
	for (int i = 1; i < argc; i++) {
		int r = cmd_take_global(g, argc, argv, &i, true);
		if (r < 0)
			goto done;
		if (r > 0)
			continue;
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--dnsbl") == 0 && i + 1 < argc)
			zones[nzones++] = argv[++i];
		else if (strncmp(argv[i], "--dnsbl=", 8) == 0)
			zones[nzones++] = argv[i] + 8;
		else if (strcmp(argv[i], "--dkim-selector") == 0 && i + 1 < argc)
			selectors[nselectors++] = argv[++i];
		else if (strcmp(argv[i], "--probe") == 0 && i + 1 < argc) {
			if (engine_parse_probes(argv[++i], &probes, err,
			    sizeof(err)) == -1) {
				fprintf(stderr, "sendwatch: %s\n", err);
				goto done;
			}
		}
		else if ((strcmp(argv[i], "-t") == 0 ||
		    strcmp(argv[i], "--timeout") == 0) && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end != '\0' || v <= 0 || v > 86400) {
				fprintf(stderr, "sendwatch: -t %s: expected seconds"
				    " (1-86400)\n", argv[i]);
				goto done;
			}
			timeout_s = (unsigned)v;
		} else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			audit_usage(stdout);
			status = 0;
			goto done;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "sendwatch audit: unknown option %s\n",
			    argv[i]);
			audit_usage(stderr);
			goto done;
		} else
			targets[ntargets++] = argv[i];
	}

	if (engine_open(&e, g, timeout_s) == -1)
		goto done;
	if (!json && isatty(STDERR_FILENO))
		e.progress = audit_progress;
	if (probes == 0)
		probes = ENGINE_ALL;
	if (((probes & ENGINE_DNSBL) &&
	    engine_select_lists(&e, zones, nzones) == -1) ||
	    engine_add_targets(&e, targets, ntargets) == -1 ||
	    ((probes & ENGINE_DNSBL) && engine_run_dnsbl(&e) == -1) ||
	    engine_run_auth(&e, probes, selectors, nselectors) == -1) {
		engine_close(&e);
		goto done;
	}
	if (json) {
		char extra[256];
		snprintf(extra, sizeof(extra), "\"targets\": %zu, \"lists\": %zu,"
		    " \"queries\": %zu, \"time\": %.3f", e.targets.n, e.lists.n,
		    e.dnsbl_stats.queries, engine_elapsed_s(&e));
		json_write_findings(stdout, &e.findings, extra);
	} else
		audit_print_text(stdout, &e);
	status = audit_exit_status(&e.findings);
	engine_close(&e);
done:
	free(targets);
	free(zones);
	free(selectors);
	return status;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = "[--json] [--probe LIST] [--dnsbl ZONE] TARGET...",
	.help = "check targets now and print a report",
	.exec = cmd_audit_exec,
};
