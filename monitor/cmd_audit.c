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
#include "probes/dnsbl/dnsbl_probe.h"

#define AUDIT_MAX_ARGS	4096

enum {
	AUDIT_OPT_JSON = CMD_OPT_FIRST_OWN,
	AUDIT_OPT_DNSBL,
	AUDIT_OPT_DKIM_SELECTOR,
	AUDIT_OPT_PROBE,
	AUDIT_OPT_MAIL_FROM,
	AUDIT_OPT_HELO,
};

static const struct option audit_options[] = {
	{ "json", no_argument, NULL, AUDIT_OPT_JSON },
	{ "dnsbl", required_argument, NULL, AUDIT_OPT_DNSBL },
	{ "dkim-selector", required_argument, NULL, AUDIT_OPT_DKIM_SELECTOR },
	{ "probe", required_argument, NULL, AUDIT_OPT_PROBE },
	{ "mail-from", required_argument, NULL, AUDIT_OPT_MAIL_FROM },
	{ "helo", required_argument, NULL, AUDIT_OPT_HELO },
	{ "timeout", required_argument, NULL, 't' },
	CMD_GLOBAL_OPTIONS
};

static void
audit_usage(FILE *fp)
{
	char names[200];

	probe_list_names(ENGINE_TARGET_PROBES, false, ",", ",", names,
	    sizeof(names));
	fprintf(fp, "usage: sendwatch audit [--json] [--resolver SPEC]"
	    " [--dnsbl ZONE[:KIND]]... [-c FILE]\n"
	    "                       [--probe LIST] [--dkim-selector SEL]..."
	    " [-t SECONDS]\n"
	    "                       [--mail-from ADDRESS] [--helo NAME]"
	    " [TARGET...]\n"
	    "TARGET: an IP address, a network (192.0.2.0/28), a host or"
	    " domain name\n(host:NAME / domain:NAME to use it one way only)."
	    " Without targets, [targets]\nand [domain] sections of the config"
	    " file.\n"
	    "--probe LIST: only these probes (%s; default all).\n"
	    "Addresses given singly are the domains' senders: each must pass"
	    " SPF.\n"
	    "--mail-from ADDRESS: the senders' MAIL FROM in SPF (default"
	    " postmaster@DOMAIN);\n"
	    "its domain is checked too. \"\" is the null sender: the HELO"
	    " name is checked.\n"
	    "--helo NAME: the senders' HELO name (SPF %%{h}, and what PTR"
	    " must match).\n", names);
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
	long timeout_s = 0;
	const char *mail_from = NULL, *helo = NULL;
	struct cmd_opts p = { g, argc, argv, ":c:ht:v", audit_options, true,
	    false };
	int opt;
	struct engine e;
	int status = 3;

	targets = calloc((size_t)argc, sizeof(*targets));
	zones = calloc((size_t)argc, sizeof(*zones));
	selectors = calloc((size_t)argc, sizeof(*selectors));
	if (targets == NULL || zones == NULL || selectors == NULL) {
		fprintf(stderr, "sendwatch: out of memory\n");
		goto done;
	}
	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case AUDIT_OPT_JSON:
			json = true;
			break;
		case AUDIT_OPT_DNSBL:
			zones[nzones++] = optarg;
			break;
		case AUDIT_OPT_DKIM_SELECTOR:
			selectors[nselectors++] = optarg;
			break;
		case AUDIT_OPT_MAIL_FROM:
			mail_from = optarg;
			break;
		case AUDIT_OPT_HELO:
			helo = optarg;
			break;
		case AUDIT_OPT_PROBE:
			if (engine_parse_probes(optarg, &probes, err,
			    sizeof(err)) == -1) {
				fprintf(stderr, "sendwatch: %s\n", err);
				goto done;
			}
			break;
		case 't':
			if (cmd_timeout_arg(optarg, 86400, &timeout_s, err,
			    sizeof(err)) == -1) {
				fprintf(stderr, "sendwatch: %s\n", err);
				goto done;
			}
			break;
		case 'h':
			audit_usage(stdout);
			status = 0;
			goto done;
		case CMD_OPT_ERROR:
			goto done;
		case ':':
			fprintf(stderr, "sendwatch: %s needs a value\n",
			    cmd_bad_option(argv, opt, err, sizeof(err)));
			goto done;
		default:
			fprintf(stderr, "sendwatch audit: unknown option %s\n",
			    cmd_bad_option(argv, opt, err, sizeof(err)));
			audit_usage(stderr);
			goto done;
		}
	}
	for (int i = optind; i < argc; i++)
		targets[ntargets++] = argv[i];

	if (engine_open(&e, g, (unsigned)timeout_s) == -1)
		goto done;
	e.spf_mail_from = mail_from;
	e.spf_helo = helo;
	if (!json && isatty(STDERR_FILENO))
		e.progress = audit_progress;
	if (probes == 0) {
		probes = engine_all_probes();
		/* probes that connect to hosts (tls) run by default only
		 * when their [schedule] key turns them on */
		for (size_t i = 0; probe_table[i] != NULL; i++)
			if (probe_interval_ms(probe_table[i], e.cfg) == 0)
				probes &= ~ENGINE_BIT(probe_table[i]);
	}
	if (((probes & ENGINE_BIT(&probe_dnsbl)) &&
	    engine_select_lists(&e, zones, nzones) == -1) ||
	    engine_add_targets(&e, targets, ntargets) == -1 ||
	    ((probes & ENGINE_BIT(&probe_dnsbl)) &&
	    engine_run_dnsbl(&e) == -1) ||
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
