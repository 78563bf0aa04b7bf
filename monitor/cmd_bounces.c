/*
 * cmd_bounces.c -- "sendwatch bounces LOG...": reads Postfix and Exim
 * logs (plain or gzip, in the order given, "-" for stdin; without LOG,
 * the [bounces] log files of the config), and bounce mail (a message,
 * an mbox, a Maildir or folder of messages, told from the content;
 * --mail for stdin: bounce_mail.h), and shows per recipient domain
 * and overall the delivery attempts, deliveries, deferrals, bounces and
 * bounce rate, bounces by category with the most common replies, the
 * blocklists receivers named, and authentication and PTR rejections.
 *
 * Bounce rate = bounced / (delivered + bounced): the share of finished
 * deliveries that bounced (a deferral is retried, so it is not an
 * outcome). Above [bounces] warn_rate (2%) is a warning, above crit_rate
 * (5%) critical; a receiver naming a blocklist is at least a warning.
 * --suppress FILE adds the addresses that hard-bounced as bad-mailbox,
 * mailbox-disabled or host-unknown to FILE (one per line, sorted, lower
 * case; replaced atomically).
 * --metrics FILE writes the figures in Prometheus text format (for
 * node_exporter's textfile collector; replaced atomically).
 * Exit status: 0 ok, 1 warning, 2 critical, 3 nothing could be read (a
 * file that fails is named on stderr and the others are still read).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "config/cfg_value.h"
#include "monitor/atomic_file.h"
#include "monitor/output/bounce_metrics.h"
#include "monitor/output/bounce_report.h"
#include "monitor/cmd.h"
#include "probes/bounces/mtalog.h"

struct bounces_opts {
	bool		 json;
	bool		 mail_stdin;	/* --mail: "-" is bounce mail */
	const char	*suppress;
	const char	*metrics;
	double		 warn_rate, crit_rate;
	bool		 warn_given, crit_given;
	long		 top;
};

static void
bounces_usage(FILE *fp)
{
	fprintf(fp, "usage: sendwatch bounces [--json] [--suppress FILE]"
	    " [--metrics FILE]\n"
	    "                         [--warn-rate PCT] [--crit-rate PCT]"
	    " [--top N] [--mail] [-c FILE] [LOG...]\n"
	    "LOG: a Postfix or Exim log, plain or .gz; - for stdin. Without"
	    " LOG, the\n[bounces] log files of the config file. Bounce mail"
	    " too: a message, an mbox,\na Maildir or folder of messages;"
	    " --mail reads stdin as mail.\n");
}

/* Reads one log into st. Returns 0, or -1 (message printed). */
static int
bounces_read(struct bounce_stats *st, const char *path, uint64_t *lines)
{
	uint64_t undated = 0;
	char err[512];

	if (bounce_read_log(st, path, 0, lines, &undated, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "sendwatch bounces: %s\n", err);
		return -1;
	}
	return 0;
}

static int
cmp_keys(const void *a, const void *b)
{
	return strcmp((*(struct strmap_entry *const *)a)->key,
	    (*(struct strmap_entry *const *)b)->key);
}

/*
 * Adds the addresses already in path, then replaces path with them all,
 * sorted. Returns 0, or -1 (message printed).
 */
static int
bounces_write_suppress(struct bounce_stats *st, const char *path)
{
	struct strmap_entry **v = NULL;
	struct atomic_file af;
	char err[512], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) != NULL) {
		while ((n = getline(&line, &cap, fp)) > 0) {
			while (n > 0 && (line[n - 1] == '\n' ||
			    line[n - 1] == '\r' || line[n - 1] == ' '))
				n--;
			if (n > 0 && line[0] != '#' &&
			    strmap_put(&st->suppress, line, (size_t)n, NULL) ==
			    NULL) {
				fclose(fp);
				free(line);
				fprintf(stderr, "sendwatch bounces: out of"
				    " memory\n");
				return -1;
			}
		}
		fclose(fp);
		free(line);
	} else if (errno != ENOENT) {
		fprintf(stderr, "sendwatch bounces: %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (st->suppress.n > 0) {
		if ((v = strmap_list(&st->suppress)) == NULL) {
			fprintf(stderr, "sendwatch bounces: out of memory\n");
			return -1;
		}
		qsort(v, st->suppress.n, sizeof(*v), cmp_keys);
	}
	if (atomic_file_open(&af, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "sendwatch bounces: %s\n", err);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < st->suppress.n; i++)
		fprintf(af.fp, "%s\n", v[i]->key);
	free(v);
	if (atomic_file_commit(&af, 0644, err, sizeof(err)) == -1) {
		fprintf(stderr, "sendwatch bounces: %s\n", err);
		return -1;
	}
	return 0;
}

/* Writes the metrics file. Returns 0, or -1 (message printed). */
static int
bounces_write_metrics(const struct bounce_stats *st, const char *path)
{
	struct metrics m;
	char err[512];
	int rc = 0;

	metrics_init(&m);
	if (bounce_metrics_add(&m, st) == -1 ||
	    metrics_write_file(&m, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "sendwatch bounces: %s\n",
		    m.err[0] ? m.err : err);
		rc = -1;
	}
	metrics_free(&m);
	return rc;
}

static int
bounces_rate_arg(const char *opt, const char *s, double *out)
{
	char why[128];

	if (!cfg_parse_percent(s, out, why, sizeof(why))) {
		fprintf(stderr, "sendwatch bounces: %s %s: %s\n", opt, s, why);
		return -1;
	}
	return 0;
}

enum {
	BOUNCES_OPT_JSON = CMD_OPT_FIRST_OWN,
	BOUNCES_OPT_SUPPRESS,
	BOUNCES_OPT_METRICS,
	BOUNCES_OPT_WARN_RATE,
	BOUNCES_OPT_CRIT_RATE,
	BOUNCES_OPT_TOP,
	BOUNCES_OPT_MAIL,
};

static const struct option bounces_options[] = {
	{ "json", no_argument, NULL, BOUNCES_OPT_JSON },
	{ "suppress", required_argument, NULL, BOUNCES_OPT_SUPPRESS },
	{ "metrics", required_argument, NULL, BOUNCES_OPT_METRICS },
	{ "warn-rate", required_argument, NULL, BOUNCES_OPT_WARN_RATE },
	{ "crit-rate", required_argument, NULL, BOUNCES_OPT_CRIT_RATE },
	{ "top", required_argument, NULL, BOUNCES_OPT_TOP },
	{ "mail", no_argument, NULL, BOUNCES_OPT_MAIL },
	CMD_GLOBAL_OPTIONS
};

/* Options into o, LOG arguments into logs. Returns 0, 1 (--help), -1. */
static int
bounces_parse_args(struct cmd_globals *g, int argc, char **argv,
    struct bounces_opts *o, const char **logs, size_t *nlogs)
{
	struct cmd_opts p = { g, argc, argv, ":c:hv", bounces_options, true,
	    false };
	char name[64], *end;
	int opt;

	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case BOUNCES_OPT_JSON:
			o->json = true;
			break;
		case 'h':
			return 1;
		case BOUNCES_OPT_MAIL:
			o->mail_stdin = true;
			break;
		case BOUNCES_OPT_SUPPRESS:
			o->suppress = optarg;
			break;
		case BOUNCES_OPT_METRICS:
			o->metrics = optarg;
			break;
		case BOUNCES_OPT_WARN_RATE:
			if (bounces_rate_arg("--warn-rate", optarg,
			    &o->warn_rate) == -1)
				return -1;
			o->warn_given = true;
			break;
		case BOUNCES_OPT_CRIT_RATE:
			if (bounces_rate_arg("--crit-rate", optarg,
			    &o->crit_rate) == -1)
				return -1;
			o->crit_given = true;
			break;
		case BOUNCES_OPT_TOP:
			errno = 0;
			o->top = strtol(optarg, &end, 10);
			if (errno != 0 || *optarg == '\0' || *end != '\0' ||
			    o->top < 1 || o->top > 1000) {
				fprintf(stderr, "sendwatch bounces: --top %s:"
				    " expected a number from 1 to 1000\n", optarg);
				return -1;
			}
			break;
		case CMD_OPT_ERROR:
			return -1;
		case ':':
			fprintf(stderr, "sendwatch bounces: %s: unknown option"
			    " or missing value\n",
			    cmd_bad_option(argv, opt, name, sizeof(name)));
			return -1;
		default:
			fprintf(stderr, "sendwatch bounces: unknown option %s\n",
			    cmd_bad_option(argv, opt, name, sizeof(name)));
			return -1;
		}
	}
	for (int i = optind; i < argc; i++)
		logs[(*nlogs)++] = argv[i];
	return 0;
}

static int
cmd_bounces_exec(struct cmd_globals *g, int argc, char **argv)
{
	struct bounces_opts o = { .top = 5 };
	struct bounce_report_info info = { 0 };
	struct bounce_stats st;
	struct bounce_mail_counts mail = { 0 };
	struct config *cfg = NULL;
	const char **logs;
	size_t nlogs = 0;
	int status = 3, r;

	if ((logs = calloc((size_t)argc + 1, sizeof(*logs))) == NULL) {
		fprintf(stderr, "sendwatch bounces: out of memory\n");
		return 3;
	}
	bounce_stats_init(&st, false);
	if ((r = bounces_parse_args(g, argc, argv, &o, logs, &nlogs)) != 0) {
		bounces_usage(r > 0 ? stdout : stderr);
		status = r > 0 ? 0 : 3;
		goto done;
	}
	if ((cfg = cmd_load_config(g)) == NULL)
		goto done;
	if (!o.warn_given)
		o.warn_rate = cfg->bounces.warn_rate;
	if (!o.crit_given)
		o.crit_rate = cfg->bounces.crit_rate;
	if (nlogs == 0)
		for (size_t i = 0; i < cfg->bounces.nlogs; i++)
			logs[nlogs++] = cfg->bounces.logs[i];
	if (nlogs == 0) {
		fprintf(stderr, "sendwatch bounces: no log given and no [bounces]"
		    " log in %s\n", g->config_path);
		bounces_usage(stderr);
		goto done;
	}
	st.want_suppress = o.suppress != NULL;
	for (size_t i = 0; i < nlogs; i++) {
		char err[512];

		if (!(o.mail_stdin && strcmp(logs[i], "-") == 0) &&
		    !bounce_path_is_mail(logs[i])) {
			if (bounces_read(&st, logs[i], &info.lines) == -1)
				info.nfailed++;
			continue;
		}
		info.mail = &mail;
		if (bounce_read_mail(&st, logs[i], &mail, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "sendwatch bounces: %s\n", err);
			info.nfailed++;
		}
	}
	/* bounce mail alone: no deliveries, so no rate to judge */
	info.rate_unknown = info.mail != NULL && st.total.delivered == 0;
	if (o.suppress != NULL) {
		if (bounces_write_suppress(&st, o.suppress) == -1)
			info.nfailed++;
		info.suppress_path = o.suppress;
		info.suppressed = st.suppress.n;
	}
	if (o.metrics != NULL && bounces_write_metrics(&st, o.metrics) == -1)
		info.nfailed++;
	info.files = logs;
	info.nfiles = nlogs;
	info.warn_rate = o.warn_rate;
	info.crit_rate = o.crit_rate;
	info.top = (size_t)o.top;
	info.state = info.rate_unknown ? bounce_state(&st, 101.0, 101.0) :
	    bounce_state(&st, o.warn_rate, o.crit_rate);
	if ((o.json ? bounce_report_json(stdout, &st, &info) :
	    bounce_report_text(stdout, &st, &info)) == -1)
		goto done;
	status = info.state;
	if (info.nfailed > 0 && status == 0)
		status = 3;
done:
	bounce_stats_free(&st);
	cfg_free(cfg);
	free(logs);
	return status;
}

const struct cmd_entry cmd_bounces_entry = {
	.name = "bounces",
	.usage = "[--json] [--suppress FILE] [--mail] LOG|MAIL...",
	.help = "delivery, deferral and bounce figures from Postfix/Exim logs"
	    " and bounce mail",
	.exec = cmd_bounces_exec,
};
