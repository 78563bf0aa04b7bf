/*
 * check_bounces.c -- "sendwatch check bounces [LOG...]": a Nagios/Icinga
 * plugin over the delivery lines of the last window (default [bounces]
 * window, 1h) of Postfix/Exim logs (default [bounces] log). Status line
 * "SENDWATCH BOUNCES STATE - summary | perfdata", then one line per
 * problem: a bounce rate above -w/-c (default [bounces] warn_rate and
 * crit_rate), each blocklist a receiver named (at least WARNING), the
 * authentication and PTR rejections. Exit 0 OK, 1 WARNING, 2 CRITICAL,
 * 3 UNKNOWN (a log could not be read, bad arguments).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfg_value.h"
#include "config/config.h"
#include "monitor/check_bounces.h"
#include "monitor/config_load.h"
#include "probes/bounces/bounce_stats.h"


struct cb_args {
	const char	**logs;
	size_t		 nlogs;
	double		 warn, crit;
	bool		 warn_given, crit_given;
	uint64_t	 window_ms;
	bool		 window_given;
};

static void
cb_usage(FILE *fp)
{
	fprintf(fp, "usage: sendwatch check bounces [-w PCT] [-c PCT]"
	    " [--window DURATION] [--config FILE] [LOG...]\n"
	    "  -w PCT             WARNING above this bounce rate (default"
	    " [bounces] warn_rate, 2%%)\n"
	    "  -c PCT             CRITICAL above this bounce rate (default"
	    " [bounces] crit_rate, 5%%)\n"
	    "  --window DURATION  only lines this recent (default [bounces]"
	    " window, 1h)\n");
}

enum { CB_OPT_WINDOW = CMD_OPT_FIRST_OWN };

static const struct option cb_options[] = {
	{ "window", required_argument, NULL, CB_OPT_WINDOW },
	CMD_GLOBAL_OPTIONS
};

/*
 * argv[0] is "bounces". Returns 0, 1 for --help, -1 (status line
 * printed).
 */
static int
cb_parse(struct cmd_globals *g, int argc, char **argv, struct cb_args *a)
{
	struct cmd_opts p = { g, argc, argv, ":c:hvw:", cb_options, false,
	    false };
	char why[160] = "";
	int opt;

	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case 'h':
			return 1;
		case 'w':
		case 'c':
			if (!cfg_parse_percent(optarg, opt == 'w' ? &a->warn :
			    &a->crit, why, sizeof(why))) {
				printf("SENDWATCH BOUNCES UNKNOWN - -%c %s: %s\n",
				    opt, optarg, why);
				return -1;
			}
			*(opt == 'w' ? &a->warn_given : &a->crit_given) = true;
			break;
		case CB_OPT_WINDOW:
			if (!cfg_parse_duration(optarg, &a->window_ms, why,
			    sizeof(why)) || a->window_ms < 1000) {
				printf("SENDWATCH BOUNCES UNKNOWN - --window %s:"
				    " %s\n", optarg, why[0] ? why :
				    "expected at least 1s");
				return -1;
			}
			a->window_given = true;
			break;
		default:
			return cmd_check_option_error(argv, opt,
			    "SENDWATCH BOUNCES", "bounces");
		}
	}
	for (int i = optind; i < argc; i++)
		a->logs[a->nlogs++] = argv[i];
	return 0;
}

/* Appends the problem lines; returns the status they add up to. */
static int
cb_problems(const struct bounce_stats *st, const struct cb_args *a,
    FILE *out, char *lists, size_t listslen)
{
	const struct bounce_counts *t = &st->total;
	double rate = bounce_rate(t);
	struct strmap_entry **bl;
	struct strmap lists_map;
	int status = FINDING_OK, oom;
	size_t o = 0;

	if (rate > a->crit || rate > a->warn) {
		status = rate > a->crit ? FINDING_CRITICAL : FINDING_WARNING;
		fprintf(out, "%s: bounce rate %.2f%% is above %.2g%%\n",
		    rate > a->crit ? "critical" : "warning", rate,
		    rate > a->crit ? a->crit : a->warn);
	}
	strmap_init(&lists_map, sizeof(struct bounce_blocklist));
	bl = bounce_blocklists(st, &lists_map, &oom);
	lists[0] = '\0';
	for (size_t i = 0; bl != NULL && i < lists_map.n; i++) {
		const struct bounce_blocklist *b = bl[i]->val;
		int n;

		if (status < FINDING_WARNING)
			status = FINDING_WARNING;
		fprintf(out, "warning: a receiver names %s%s%s (%llu"
		    " replies, first from %s)\n", b->list,
		    b->ip[0] ? " listing " : "", b->ip,
		    (unsigned long long)b->count, b->receiver);
		n = snprintf(lists + o, listslen - o, "%s%s", o ? ", " : "",
		    b->list);
		if (n > 0 && (size_t)n < listslen - o)
			o += (size_t)n;
	}
	free(bl);
	strmap_free(&lists_map);
	if (oom)
		return FINDING_UNKNOWN;
	for (int c = SMTP_CAT_AUTHENTICATION; c <= SMTP_CAT_REVERSE_DNS; c++) {
		uint64_t n = t->cat_bounced[c] + t->cat_deferred[c];
		if (n > 0)
			fprintf(out, "info: %llu %s rejections\n",
			    (unsigned long long)n,
			    smtp_category_name((enum smtp_category)c));
	}
	return status;
}

int
check_bounces(struct cmd_globals *g, const struct probe *p, int argc,
    char **argv)
{
	struct cb_args a = { 0 };
	struct cfg_errors errs = { 0 };
	struct config *cfg = NULL;
	struct bounce_stats st;
	uint64_t lines = 0, undated = 0;
	char err[512], win[32], lists[256], *detail = NULL;
	size_t detail_len = 0;
	FILE *out = NULL;
	int status = FINDING_UNKNOWN, r;
	size_t failed = 0;
	const struct bounce_counts *t = &st.total;

	(void)p;	/* the bounces probe: its judgement is done here */
	bounce_stats_init(&st, false);
	if ((a.logs = calloc((size_t)argc + 1, sizeof(*a.logs))) == NULL) {
		printf("SENDWATCH BOUNCES UNKNOWN - out of memory\n");
		goto done;
	}
	if ((r = cb_parse(g, argc, argv, &a)) != 0) {
		if (r > 0) {
			cb_usage(stdout);
			status = FINDING_OK;
		}
		goto done;
	}
	cfg = config_load_checked(g->config_path, !g->config_given, &errs);
	if (cfg == NULL || errs.n > 0) {
		printf("SENDWATCH BOUNCES UNKNOWN - %s\n", errs.n > 0 ?
		    errs.v[0] : "cannot read the config");
		goto done;
	}
	if (!a.warn_given)
		a.warn = cfg->bounces.warn_rate;
	if (!a.crit_given)
		a.crit = cfg->bounces.crit_rate;
	if (!a.window_given)
		a.window_ms = cfg->bounces.window_ms;
	for (size_t i = 0; a.nlogs == 0 && i < cfg->bounces.nlogs; i++)
		a.logs[i] = cfg->bounces.logs[i];
	if (a.nlogs == 0)
		a.nlogs = cfg->bounces.nlogs;
	if (a.nlogs == 0) {
		printf("SENDWATCH BOUNCES UNKNOWN - no log given and no [bounces]"
		    " log in the config\n");
		goto done;
	}
	if ((out = open_memstream(&detail, &detail_len)) == NULL) {
		printf("SENDWATCH BOUNCES UNKNOWN - out of memory\n");
		goto done;
	}
	for (size_t i = 0; i < a.nlogs; i++) {
		if (bounce_read_log(&st, a.logs[i], time(NULL) -
		    (time_t)(a.window_ms / 1000), &lines, &undated, err,
		    sizeof(err)) == -1) {
			fprintf(out, "unknown: %s\n", err);
			failed++;
		}
	}
	status = cb_problems(&st, &a, out, lists, sizeof(lists));
	if (failed > 0 && status < FINDING_WARNING)
		status = FINDING_UNKNOWN;
	fclose(out);
	out = NULL;
	cfg_format_duration(a.window_ms, win, sizeof(win));
	printf("SENDWATCH BOUNCES %s - bounce rate %.2f%% in the last %s"
	    " (%llu bounced, %llu delivered, %llu deferred)%s%s%s | "
	    "bounce_rate=%.2f%%;%.2f;%.2f;0;100 delivered=%llu deferred=%llu"
	    " bounced=%llu attempts=%llu\n", finding_state_tag((enum finding_state)status), bounce_rate(t),
	    win, (unsigned long long)t->bounced,
	    (unsigned long long)t->delivered, (unsigned long long)t->deferred,
	    lists[0] ? "; receivers name " : "", lists,
	    failed ? "; a log could not be read" : "", bounce_rate(t), a.warn,
	    a.crit, (unsigned long long)t->delivered,
	    (unsigned long long)t->deferred, (unsigned long long)t->bounced,
	    (unsigned long long)t->attempts);
	fputs(detail, stdout);
	if (undated > 0)
		printf("info: %llu delivery lines without a timestamp were left"
		    " out\n", (unsigned long long)undated);
done:
	if (out != NULL)
		fclose(out);
	free(detail);
	bounce_stats_free(&st);
	cfg_errors_free(&errs);
	cfg_free(cfg);
	free(a.logs);
	return status;
}
