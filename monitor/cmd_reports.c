/*
 * cmd_reports.c -- "sendwatch reports import PATH..." and "sendwatch
 * reports summary": DMARC aggregate, TLS-RPT and DMARC failure reports
 * into the state database, and the answers drawn from them (see
 * report_summary.c, tlsrpt_summary.c).
 *
 * import (report_import.c): every report found under the paths is parsed
 * and stored once; a file that fails gives one line "FILE: reason" on
 * stderr and the import goes on; exit 1 when anything failed.
 *
 * fetch (imap_intake.c): one run over [reports] imap_url; a message
 * moved to the failed folder gives one line on stderr; exit 1 when one
 * was, 3 when the run could not be completed (login, connection).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/atomic_file.h"
#include "monitor/cmd.h"
#include "monitor/db_hint.h"
#include "monitor/engine.h"
#include "monitor/imap_intake.h"
#include "probes/reports/report_auth.h"
#include "monitor/store/report_import.h"
#include "probes/reports/report_ptr.h"
#include "monitor/store/report_store.h"
#include "monitor/output/dmarc_html.h"
#include "monitor/output/html_write.h"
#include "monitor/output/report_summary_print.h"
#include "monitor/store/report_summary.h"
#include "monitor/store/tlsrpt_summary.h"
#include "probes/reports/report_input.h"

#define DNS_BUDGET_S	30	/* all PTR lookups, and SPF evaluations */

struct reports_opts {
	const char		*db;		/* NULL: [general] state */
	bool			 no_ptr;
	bool			 no_spf;
	bool			 dry_run;	/* import: parse only */
	bool			 show_addresses; /* summary: local parts */
	int			 verbose;
	const char		*domain;
	const char		*since;
	enum summary_format	 format;
	const char		*html;		/* summary --html FILE */
	struct report_limits	 lim;		/* 0: from [reports] */
};

/* "512M", "1G", "4096" -> bytes. */
static int
parse_size(const char *s, uint64_t *out)
{
	static const struct { char suffix; unsigned shift; } units[] = {
		{ 'k', 10 }, { 'K', 10 }, { 'm', 20 }, { 'M', 20 },
		{ 'g', 30 }, { 'G', 30 },
	};
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || s[0] == '-')
		return -1;
	if (*end != '\0') {
		size_t i;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (*end == units[i].suffix && end[1] == '\0')
				break;
		if (i == sizeof(units) / sizeof(units[0]) ||
		    v > (~0ULL >> units[i].shift))
			return -1;
		v <<= units[i].shift;
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

enum {
	REPORTS_OPT_JSON = CMD_OPT_FIRST_OWN,
	REPORTS_OPT_CSV,
	REPORTS_OPT_DRY_RUN,
	REPORTS_OPT_NO_PTR,
	REPORTS_OPT_NO_SPF,
	REPORTS_OPT_NO_DNS,
	REPORTS_OPT_DB,
	REPORTS_OPT_DOMAIN,
	REPORTS_OPT_SINCE,
	REPORTS_OPT_MAX_SIZE,
	REPORTS_OPT_MAX_RECORDS,
	REPORTS_OPT_HTML,
	REPORTS_OPT_SHOW_ADDRESSES,
};

static const struct option reports_options[] = {
	{ "json", no_argument, NULL, REPORTS_OPT_JSON },
	{ "csv", no_argument, NULL, REPORTS_OPT_CSV },
	{ "dry-run", no_argument, NULL, REPORTS_OPT_DRY_RUN },
	{ "no-ptr", no_argument, NULL, REPORTS_OPT_NO_PTR },
	{ "no-spf", no_argument, NULL, REPORTS_OPT_NO_SPF },
	{ "no-dns", no_argument, NULL, REPORTS_OPT_NO_DNS },
	{ "db", required_argument, NULL, REPORTS_OPT_DB },
	{ "domain", required_argument, NULL, REPORTS_OPT_DOMAIN },
	{ "since", required_argument, NULL, REPORTS_OPT_SINCE },
	{ "max-size", required_argument, NULL, REPORTS_OPT_MAX_SIZE },
	{ "max-records", required_argument, NULL, REPORTS_OPT_MAX_RECORDS },
	{ "html", required_argument, NULL, REPORTS_OPT_HTML },
	{ "show-addresses", no_argument, NULL, REPORTS_OPT_SHOW_ADDRESSES },
	CMD_GLOBAL_OPTIONS
};

/*
 * The reports commands' options (argv[0] is "import" or "summary"); the
 * rest of argv (paths), from the first path or after "--", is left in
 * argv[*first..]. Returns 0, or -1 with a message printed.
 */
static int
parse_opts(struct cmd_globals *g, int argc, char **argv, struct reports_opts *o,
    int *first)
{
	struct cmd_opts p = { g, argc, argv, "+:v", reports_options, false,
	    false };
	char name[64];
	int opt;

	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case REPORTS_OPT_JSON:
			o->format = SUMMARY_JSON;
			break;
		case REPORTS_OPT_CSV:
			o->format = SUMMARY_CSV;
			break;
		case REPORTS_OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case REPORTS_OPT_NO_PTR:
			o->no_ptr = true;
			break;
		case REPORTS_OPT_NO_SPF:
			o->no_spf = true;
			break;
		case REPORTS_OPT_NO_DNS:
			o->no_ptr = o->no_spf = true;
			break;
		case REPORTS_OPT_SHOW_ADDRESSES:
			o->show_addresses = true;
			break;
		case REPORTS_OPT_DB:
			o->db = optarg;
			break;
		case REPORTS_OPT_HTML:
			o->html = optarg;
			break;
		case REPORTS_OPT_DOMAIN:
			o->domain = optarg;
			break;
		case REPORTS_OPT_SINCE:
			o->since = optarg;
			break;
		case REPORTS_OPT_MAX_SIZE:
			if (parse_size(optarg, &o->lim.max_bytes) < 0) {
				fprintf(stderr, "sendwatch reports: --max-size: "
				    "expected a size such as 512M, got \"%s\"\n",
				    optarg);
				return -1;
			}
			break;
		case REPORTS_OPT_MAX_RECORDS:
			if (parse_size(optarg, &o->lim.max_records) < 0) {
				fprintf(stderr, "sendwatch reports: --max-records: "
				    "expected a number, got \"%s\"\n", optarg);
				return -1;
			}
			break;
		case CMD_OPT_ERROR:
			return -1;
		case ':':
			fprintf(stderr, "sendwatch reports: %s needs a value\n",
			    cmd_bad_option(argv, opt, name, sizeof(name)));
			return -1;
		default:
			fprintf(stderr, "sendwatch reports: unknown option %s\n",
			    cmd_bad_option(argv, opt, name, sizeof(name)));
			return -1;
		}
	}
	*first = optind;
	return 0;
}

static int
reports_import(struct reports_opts *o, struct cmd_globals *g, int argc,
    char **argv)
{
	struct report_import c = { .lim = o->lim, .verbose = g->verbose > 0 };
	char err[512], line[256];

	if (argc == 0) {
		fprintf(stderr, "usage: sendwatch reports import [--db FILE] "
		    "[--max-size BYTES] [--max-records N] [--dry-run] PATH...\n");
		return 2;
	}
	if (!o->dry_run &&
	    (c.st = report_store_open(o->db, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sendwatch: %s\n", err);
		db_hint(stderr, "sendwatch", o->db, "--db", g->config_path);
		return 2;
	}
	for (int i = 0; i < argc; i++)
		report_import_path(&c, argv[i]);
	report_store_close(c.st);
	report_import_counts(&c, o->dry_run, line, sizeof(line));
	printf("%s\n", line);
	return c.failed > 0 ? 1 : 0;
}

static void
fetch_line(void *arg, const char *text)
{
	(void)arg;
	fprintf(stderr, "sendwatch reports fetch: %s\n", text);
}

static int
reports_fetch(struct reports_opts *o, struct engine *e, int argc)
{
	struct imap_intake in = {
		.imp = { .lim = o->lim, .verbose = o->verbose > 0 },
		.line = fetch_line,
	};
	struct report_store *st;
	char err[1024], counts[256];
	int rc;

	if (argc > 0 || o->dry_run) {
		fprintf(stderr, "usage: sendwatch reports fetch [-c CONF] "
		    "[--db FILE] [-v]\n");
		return 2;
	}
	if (e->cfg->reports.imap_url == NULL) {
		fprintf(stderr, "sendwatch reports fetch: %s has no [reports] "
		    "imap_url: nothing to fetch from\n", e->cfg->path != NULL ?
		    e->cfg->path : SENDWATCH_DEFAULT_CONFIG);
		return 2;
	}
	if ((st = report_store_open(o->db, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sendwatch: %s\n", err);
		db_hint(stderr, "sendwatch", o->db, "--db", e->cfg->path ?
		    e->cfg->path : SENDWATCH_DEFAULT_CONFIG);
		return 2;
	}
	rc = imap_intake_run(e->cfg, st, &in, err, sizeof(err));
	report_store_close(st);
	report_import_counts(&in.imp, false, counts, sizeof(counts));
	printf("%zu message%s in the mailbox: %zu moved to %s, %zu to %s, "
	    "%zu left; %s\n", in.fetch.listed, in.fetch.listed == 1 ? "" : "s",
	    in.fetch.done + in.fetch.recovered,
	    e->cfg->reports.imap_done_folder, in.fetch.failed,
	    e->cfg->reports.imap_failed_folder, in.fetch.left, counts);
	if (rc < 0) {
		fprintf(stderr, "sendwatch reports fetch: %s\n", err);
		return 3;
	}
	return in.fetch.failed > 0 ? 1 : 0;
}

/*
 * --html FILE: the dashboard's DMARC part as one static page, replaced
 * whole. 0, or -1 with the reason in err.
 */
static int
summary_html(const char *path, struct report_store *st,
    const struct summary_opts *so, char *err, size_t errlen)
{
	struct dmarc_html h = { .db = report_store_db(st), .since = so->since,
	    .now = (int64_t)time(NULL) };
	struct atomic_file af;
	char when[32];

	if (atomic_file_open(&af, path, err, errlen) == -1)
		return -1;
	h.out = af.fp;
	html_page_begin(h.out, "DMARC aggregate reports");
	html_time(h.now, when, sizeof(when));
	fprintf(h.out, "<p class=\"muted\">written by sendwatch %s at %s UTC; "
	    "reports %s</p>\n", SENDWATCH_VERSION, when, so->since > 0 ?
	    "in the window" : "of all time");
	if (summary_each(st, so, dmarc_html_each, &h, err, errlen) == -1) {
		atomic_file_abort(&af);
		return -1;
	}
	if (h.n == 0)
		fputs("<p class=\"none\">no reports in the window</p>\n", h.out);
	html_page_end(h.out);
	return atomic_file_commit(&af, 0644, err, errlen);
}

static int
reports_summary(struct reports_opts *o, struct engine *e, int argc)
{
	uint64_t deadline = dns_now_ms() + DNS_BUDGET_S * 1000;
	struct report_auth auth;
	struct summary_opts so = {
		.domain = o->domain,
		.authorized = report_auth_authorized, .auth_arg = &auth,
	};
	struct report_ptr ptr = {
		.res = o->no_ptr ? NULL : e->resolver,
		.deadline_ms = deadline,
		.max_age = REPORT_PTR_MAX_AGE,
	};
	struct summary_printer pr = { .format = o->format, .out = stdout,
	    .domain = o->domain };
	struct report_store *st;
	char err[512];
	int rc;

	if (argc > 0) {
		fprintf(stderr, "usage: sendwatch reports summary [--db FILE] "
		    "[--domain D] [--since 7d|YYYY-MM-DD|@TIME|all] [--json|--csv|"
		    "--html FILE] [--no-ptr] [--no-spf] [--no-dns] "
		    "[--show-addresses]\n");
		return 2;
	}
	if (summary_parse_since(o->since, &so.since, err, sizeof(err)) < 0) {
		fprintf(stderr, "sendwatch reports: --since: %s\n", err);
		return 2;
	}
	pr.since = so.since;
	if ((st = report_store_open(o->db, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sendwatch: %s\n", err);
		db_hint(stderr, "sendwatch", o->db, "--db", e->cfg->path ?
		    e->cfg->path : SENDWATCH_DEFAULT_CONFIG);
		return 2;
	}
	report_auth_init(&auth, e->cfg, o->no_spf ? NULL : e->resolver,
	    deadline);
	ptr.cache = &report_store_ptr_cache;
	ptr.cache_arg = st;
	so.ptr_names = report_ptr_names;
	so.ptr_arg = &ptr;
	pr.show_addresses = o->show_addresses;
	if (o->html != NULL)
		rc = summary_html(o->html, st, &so, err, sizeof(err));
	else
		rc = summary_print_all(&pr, st, &so, err, sizeof(err));
	if (o->verbose > 0)
		fprintf(stderr, "sendwatch reports summary: PTR names: %zu "
		    "cached, %zu looked up, %zu failed; %u SPF evaluations\n",
		    ptr.cached, ptr.looked_up, ptr.failed, auth.evals);
	if (rc < 0)
		fprintf(stderr, "sendwatch reports summary: %s\n", err);
	report_store_close(st);
	return rc < 0 ? 3 : 0;
}

static int
cmd_reports_exec(struct cmd_globals *g, int argc, char **argv)
{
	struct reports_opts o = { .db = NULL };
	struct engine e;
	int first, rc;

	if (argc < 2 || (strcmp(argv[1], "import") != 0 &&
	    strcmp(argv[1], "summary") != 0 && strcmp(argv[1], "fetch") != 0)) {
		fprintf(stderr, "usage: sendwatch reports import PATH...\n"
		    "       sendwatch reports fetch   (from [reports] imap_url)\n"
		    "       sendwatch reports summary [--domain D] [--since 7d] "
		    "[--json|--csv|--html FILE] [--no-ptr] [--no-spf] "
		    "[--no-dns]\n"
		    "                                 [--show-addresses]\n"
		    "options: --db FILE (default: [general] state), --max-size "
		    "BYTES, --max-records N\n"
		    "         (defaults: [reports] max_decompressed, "
		    "max_records)\n");
		return 2;
	}
	if (parse_opts(g, argc - 1, argv + 1, &o, &first) < 0)
		return 2;
	first++;	/* an index into argv again */
	/* The config gives the database, the bounds and the resolver. */
	if (engine_open(&e, g, 0) < 0)
		return 2;
	o.verbose = g->verbose;
	if (o.db == NULL)
		o.db = e.cfg->general.state;
	if (o.lim.max_bytes == 0)
		o.lim.max_bytes = e.cfg->reports.max_decompressed;
	if (o.lim.max_records == 0)
		o.lim.max_records = e.cfg->reports.max_records;
	if (strcmp(argv[1], "import") == 0)
		rc = reports_import(&o, g, argc - first, argv + first);
	else if (strcmp(argv[1], "fetch") == 0)
		rc = reports_fetch(&o, &e, argc - first);
	else
		rc = reports_summary(&o, &e, argc - first);
	engine_close(&e);
	return rc;
}

const struct cmd_entry cmd_reports_entry = {
	.name = "reports",
	.usage = "import PATH... | fetch | summary [--since 7d] [--json|--csv]",
	.help = "import DMARC aggregate, TLS-RPT and failure reports (files or "
	    "IMAP); summarise who sends as you",
	.exec = cmd_reports_exec,
};
