/*
 * cmd_reports.c -- "sendwatch reports import PATH..." and "sendwatch
 * reports summary": DMARC aggregate reports into the state database, and
 * the answers drawn from them (see report_summary.c).
 *
 * import (report_import.c): every report found under the paths is parsed
 * and stored once; a file that fails gives one line "FILE: reason" on
 * stderr and the import goes on; exit 1 when anything failed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/cmd.h"
#include "monitor/engine.h"
#include "monitor/report_auth.h"
#include "monitor/store/report_import.h"
#include "monitor/report_ptr.h"
#include "monitor/store/report_store.h"
#include "monitor/store/report_summary.h"
#include "probes/reports/report_input.h"

#define DNS_BUDGET_S	30	/* all PTR lookups, and SPF evaluations */

struct reports_opts {
	const char		*db;		/* NULL: [general] state */
	bool			 no_ptr;
	bool			 no_spf;
	bool			 dry_run;	/* import: parse only */
	int			 verbose;
	const char		*domain;
	const char		*since;
	enum summary_format	 format;
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

/*
 * The reports commands' options; the rest of argv (paths) is left in
 * argv[*first..]. Returns 0, or -1 with a message printed.
 */
static int
parse_opts(struct cmd_globals *g, int argc, char **argv, struct reports_opts *o,
    int *first)
{
	int i;

	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int r;

		if ((r = cmd_take_global(g, argc, argv, &i, false)) < 0)
			return -1;
		if (r == 1)
			continue;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || strcmp(a, "-") == 0)
			break;
		if (strcmp(a, "--json") == 0) {
			o->format = SUMMARY_JSON;
			continue;
		}
		if (strcmp(a, "--csv") == 0) {
			o->format = SUMMARY_CSV;
			continue;
		}
		if (strcmp(a, "--dry-run") == 0) {
			o->dry_run = true;
			continue;
		}
		if (strcmp(a, "--no-ptr") == 0 || strcmp(a, "--no-spf") == 0 ||
		    strcmp(a, "--no-dns") == 0) {
			o->no_ptr = o->no_ptr || strcmp(a, "--no-spf") != 0;
			o->no_spf = o->no_spf || strcmp(a, "--no-ptr") != 0;
			continue;
		}
		if (v == NULL) {
			fprintf(stderr, "sendwatch reports: unknown option %s, "
			    "or it needs a value\n", a);
			return -1;
		}
		i++;
		if (strcmp(a, "--db") == 0)
			o->db = v;
		else if (strcmp(a, "--domain") == 0)
			o->domain = v;
		else if (strcmp(a, "--since") == 0)
			o->since = v;
		else if (strcmp(a, "--max-size") == 0) {
			if (parse_size(v, &o->lim.max_bytes) < 0) {
				fprintf(stderr, "sendwatch reports: --max-size: "
				    "expected a size such as 512M, got \"%s\"\n",
				    v);
				return -1;
			}
		} else if (strcmp(a, "--max-records") == 0) {
			if (parse_size(v, &o->lim.max_records) < 0) {
				fprintf(stderr, "sendwatch reports: --max-records: "
				    "expected a number, got \"%s\"\n", v);
				return -1;
			}
		} else {
			fprintf(stderr, "sendwatch reports: unknown option %s\n",
			    a);
			return -1;
		}
	}
	*first = i;
	return 0;
}

static int
reports_import(struct reports_opts *o, struct cmd_globals *g, int argc,
    char **argv)
{
	struct report_import c = { .lim = o->lim, .verbose = g->verbose > 0 };
	char err[512];

	if (argc == 0) {
		fprintf(stderr, "usage: sendwatch reports import [--db FILE] "
		    "[--max-size BYTES] [--max-records N] [--dry-run] PATH...\n");
		return 2;
	}
	if (!o->dry_run &&
	    (c.st = report_store_open(o->db, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sendwatch: %s\n", err);
		return 2;
	}
	for (int i = 0; i < argc; i++)
		report_import_path(&c, argv[i]);
	report_store_close(c.st);
	printf("%s %llu report%s (%llu records), %llu already stored, "
	    "%llu failed\n", o->dry_run ? "parsed (dry run)" : "imported",
	    c.imported, c.imported == 1 ? "" : "s", c.records, c.already,
	    c.failed);
	return c.failed > 0 ? 1 : 0;
}

static int
reports_summary(struct reports_opts *o, struct engine *e, int argc)
{
	uint64_t deadline = dns_now_ms() + DNS_BUDGET_S * 1000;
	struct report_auth auth;
	struct summary_opts so = {
		.domain = o->domain, .format = o->format,
		.authorized = report_auth_authorized, .auth_arg = &auth,
	};
	struct report_ptr ptr = {
		.res = o->no_ptr ? NULL : e->resolver,
		.deadline_ms = deadline,
		.max_age = REPORT_PTR_MAX_AGE,
	};
	struct report_store *st;
	char err[512];
	int rc;

	if (argc > 0) {
		fprintf(stderr, "usage: sendwatch reports summary [--db FILE] "
		    "[--domain D] [--since 7d|YYYY-MM-DD|@TIME|all] [--json|--csv] "
		    "[--no-ptr] [--no-spf] [--no-dns]\n");
		return 2;
	}
	if (summary_parse_since(o->since, &so.since, err, sizeof(err)) < 0) {
		fprintf(stderr, "sendwatch reports: --since: %s\n", err);
		return 2;
	}
	if ((st = report_store_open(o->db, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sendwatch: %s\n", err);
		return 2;
	}
	report_auth_init(&auth, e->cfg, o->no_spf ? NULL : e->resolver,
	    deadline);
	ptr.st = st;
	so.ptr_names = report_ptr_names;
	so.ptr_arg = &ptr;
	rc = summary_print(st, &so, stdout, err, sizeof(err));
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
	    strcmp(argv[1], "summary") != 0)) {
		fprintf(stderr, "usage: sendwatch reports import PATH...\n"
		    "       sendwatch reports summary [--domain D] [--since 7d] "
		    "[--json|--csv] [--no-ptr] [--no-spf] [--no-dns]\n"
		    "options: --db FILE (default: [general] state), --max-size "
		    "BYTES, --max-records N\n"
		    "         (defaults: [reports] max_decompressed, "
		    "max_records)\n");
		return 2;
	}
	if (parse_opts(g, argc, argv, &o, &first) < 0)
		return 2;
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
	else
		rc = reports_summary(&o, &e, argc - first);
	engine_close(&e);
	return rc;
}

const struct cmd_entry cmd_reports_entry = {
	.name = "reports",
	.usage = "import PATH... | summary [--since 7d] [--json|--csv]",
	.help = "import DMARC aggregate reports; summarise who sends as you",
	.exec = cmd_reports_exec,
};
