/*
 * check_auth.c -- Nagios checks for SPF, DKIM, DMARC, MX (a domain) and
 * PTR (an IP). The status is the worst finding's: ok 0, warning 1,
 * critical 2, unknown 3. Perfdata: spf_lookups=N;8;10;0;10 and
 * spf_void_lookups=N;;2;0 for spf, problems and time for all.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dns/target.h"
#include "probes/auth/auth_setup.h"
#include "monitor/check_auth.h"
#include "monitor/engine.h"
#include "probes/finding.h"


struct check_auth_args {
	const struct probe *p;
	const char	*probe;		/* p->name */
	const char	*target;
	const char	**senders;
	size_t		 nsenders;
	const char	**selectors;
	size_t		 nselectors;
	const char	*helo;
	const char	*mail_from;
	long		 timeout_s;
};

static void
check_auth_usage(FILE *fp, const char *probe)
{
	fprintf(fp, "usage: sendwatch check %s [-t SECONDS] [--resolver SPEC]"
	    " [--config FILE]%s %s\n", probe,
	    strcmp(probe, "spf") == 0 ? " [--sender IP]... [--mail-from "
	    "ADDRESS] [--helo NAME]" :
	    strcmp(probe, "dkim") == 0 ? " [--dkim-selector SEL]..." :
	    strcmp(probe, "ptr") == 0 ? " [--helo NAME]" : "",
	    probe_find(probe) == NULL ? "DOMAIN" :
	    (probe_find(probe)->targets & PROBE_ON_SENDER) ? "IP" :
	    (probe_find(probe)->targets & PROBE_ON_MTA) ? "DOMAIN|IP" :
	    "DOMAIN");
}

enum {
	CHECK_AUTH_OPT_SENDER = CMD_OPT_FIRST_OWN,
	CHECK_AUTH_OPT_DKIM_SELECTOR,
	CHECK_AUTH_OPT_HELO,
	CHECK_AUTH_OPT_MAIL_FROM,
};

static const struct option check_auth_options[] = {
	{ "sender", required_argument, NULL, CHECK_AUTH_OPT_SENDER },
	{ "dkim-selector", required_argument, NULL,
	    CHECK_AUTH_OPT_DKIM_SELECTOR },
	{ "helo", required_argument, NULL, CHECK_AUTH_OPT_HELO },
	{ "mail-from", required_argument, NULL, CHECK_AUTH_OPT_MAIL_FROM },
	{ "timeout", required_argument, NULL, 't' },
	CMD_GLOBAL_OPTIONS
};

/* argv[0] is the probe's name. Returns 0, 1 after --help, -1 (printed). */
static int
check_auth_parse(struct cmd_globals *g, int argc, char **argv,
    struct check_auth_args *a)
{
	struct cmd_opts p = { g, argc, argv, ":ht:v", check_auth_options,
	    false, false };
	char msg[160], bad[512];
	int opt;

	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case 'h':
			check_auth_usage(stdout, a->probe);
			return 1;
		case CHECK_AUTH_OPT_SENDER:
			a->senders[a->nsenders++] = optarg;
			break;
		case CHECK_AUTH_OPT_DKIM_SELECTOR:
			a->selectors[a->nselectors++] = optarg;
			break;
		case CHECK_AUTH_OPT_HELO:
			a->helo = optarg;
			break;
		case CHECK_AUTH_OPT_MAIL_FROM:
			a->mail_from = optarg;
			break;
		case 't':
			if (cmd_timeout_arg(optarg, 3600, &a->timeout_s, msg,
			    sizeof(msg)) == -1) {
				printf("SENDWATCH UNKNOWN - %s\n", msg);
				return -1;
			}
			break;
		default:
			return cmd_check_option_error(argv, opt, "SENDWATCH",
			    a->probe);
		}
	}
	for (int i = optind; i < argc; i++) {
		if (a->target != NULL) {
			printf("SENDWATCH UNKNOWN - one target only, got "
			    "%s and %s\n", a->target, argv[i]);
			return -1;
		}
		a->target = argv[i];
	}
	if (a->target == NULL) {
		printf("SENDWATCH UNKNOWN - no %s given (see sendwatch check %s "
		    "--help)\n", strcmp(a->probe, "ptr") == 0 ? "IP" : "domain",
		    a->probe);
		return -1;
	}
	/* 999.1.1.1 is a mistyped address, not a domain to look up */
	if (target_bad_address(a->target, bad, sizeof(bad)) == -1) {
		printf("SENDWATCH UNKNOWN - %s\n", bad);
		return -1;
	}
	return 0;
}

/* Prints the status line, perfdata and one line per problem. */
static int
check_auth_report(const struct check_auth_args *a,
    const struct probe_ctx *ctx, double elapsed)
{
	enum finding_state	 worst = FINDING_OK;
	const struct finding	*wf = NULL;
	size_t			 problems = 0;
	const struct finding_list *l = ctx->findings;
	char			 perf[200] = "", kind[16] = "";

	for (size_t i = 0; i < l->n; i++) {
		enum finding_state st = l->v[i].state;
		if (st != FINDING_OK)
			problems++;
		if (wf == NULL || finding_state_worse(st, worst)) {
			worst = st;
			wf = &l->v[i];
		}
	}
	if (a->p->perfdata != NULL)
		a->p->perfdata(ctx, perf, sizeof(perf));
	for (size_t i = 0; a->probe[i] != '\0' && i < sizeof(kind) - 1; i++)
		kind[i] = (char)toupper((unsigned char)a->probe[i]);
	printf("SENDWATCH %s %s - %s | problems=%zu%s time=%.3fs\n",
	    kind, finding_state_tag(worst),
	    wf ? wf->summary : "no findings", problems, perf, elapsed);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].state != FINDING_OK)
			printf("%s: %s\n", finding_state_name(l->v[i].state),
			    l->v[i].summary);
	return wf ? (int)worst : FINDING_UNKNOWN;	/* the Nagios status */
}

int
check_auth(struct cmd_globals *g, const struct probe *p, int argc,
    char **argv)
{
	struct check_auth_args	 a = { .p = p, .probe = p->name,
	    .timeout_s = 30 };
	struct probe_ctx	 ctx = { 0 };
	struct finding_list	 l = { 0 };
	struct spf_probe_result	 spf = { 0 };
	struct auth_setup	 s;
	struct engine		 e;
	int			 r, status = 3;

	a.senders = calloc((size_t)argc, sizeof(char *));
	a.selectors = calloc((size_t)argc, sizeof(char *));
	if (a.senders == NULL || a.selectors == NULL) {
		printf("SENDWATCH UNKNOWN - out of memory\n");
		goto done;
	}
	if ((r = check_auth_parse(g, argc, argv, &a)) != 0) {
		status = r > 0 ? 0 : 3;
		goto done;
	}
	if (engine_open(&e, g, (unsigned)a.timeout_s) == -1) {
		printf("SENDWATCH UNKNOWN - cannot start (see above)\n");
		goto done;
	}
	if (auth_setup_for(&s, e.cfg, a.target, a.senders, a.nsenders,
	    a.selectors, a.nselectors, a.helo) == -1) {
		printf("SENDWATCH UNKNOWN - out of memory\n");
		engine_close(&e);
		goto done;
	}
	if (a.mail_from != NULL)
		s.opts.mail_from = a.mail_from;
	ctx.resolver = e.resolver;
	ctx.cfg = e.cfg;
	ctx.findings = &l;
	ctx.deadline_ms = e.deadline_ms;
	ctx.target = a.target;
	ctx.auth = &s.opts;
	ctx.spf = &spf;
	if (p->run(&ctx) == -1)
		printf("SENDWATCH UNKNOWN - out of memory\n");
	else
		status = check_auth_report(&a, &ctx, engine_elapsed_s(&e));
	finding_list_free(&l);
	auth_setup_free(&s);
	engine_close(&e);
done:
	free(a.senders);
	free(a.selectors);
	return status;
}
