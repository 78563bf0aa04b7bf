/*
 * test_reports_corpus.c -- the acceptance test of report parsing: every
 * row of the shared corpus's EXPECTED.tsv (real receivers' reports: XML,
 * gzip, zip, mail, broken XML, RFC 9990) must come out of the input
 * layer and the parser exactly as listed; rows without a report must
 * give a clear error naming the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probes/reports/report_input.h"

struct outcome {
	int	 reports;
	int	 errors;
	char	 line[1024];	/* what was extracted, as a TSV row */
	char	 error[1024];
};

static void
on_found(void *arg, const char *where, const struct report_src *src)
{
	struct outcome *o = arg;
	struct report r;
	char err[256];

	(void)where;
	report_init(&r);
	if (report_xml_parse(src, NULL, NULL, &r, NULL, err, sizeof(err)) ==
	    REPORT_PARSED) {
		o->reports++;
		snprintf(o->line, sizeof(o->line), "%s\t%s\t%s\t%lld\t%lld\t%llu"
		    "\t%llu", r.org_name, r.report_id, r.policy.domain,
		    (long long)r.begin, (long long)r.end,
		    (unsigned long long)r.record_total,
		    (unsigned long long)r.count_sum);
	} else {
		o->errors++;
		snprintf(o->error, sizeof(o->error), "%s: %s", where, err);
	}
	report_clear(&r);
}

static void
on_error(void *arg, const char *where, const char *reason)
{
	struct outcome *o = arg;

	o->errors++;
	snprintf(o->error, sizeof(o->error), "%s: %s", where, reason);
}

/* Splits a TSV line in place; returns the number of fields. */
static int
split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	while (n < max) {
		f[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static void
test_reports_corpus_every_row(void **state)
{
	const char *corpora = getenv("SENDWATCH_CORPORA");
	char dir[1024], path[2048], line[2048], want[1024];
	int rows = 0, bad = 0;
	FILE *fp;
	(void)state;

	snprintf(dir, sizeof(dir), "%s/dmarc-aggregate",
	    corpora != NULL ? corpora : "../shared/corpora");
	snprintf(path, sizeof(path), "%s/EXPECTED.tsv", dir);
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s (set SENDWATCH_CORPORA)", path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *f[9];
		struct outcome o = { 0 };
		struct report_input_cb cb = { .found = on_found,
		    .error = on_error, .arg = &o };

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (split(line, f, 9) < 8)
			fail_msg("EXPECTED.tsv: short row: %s", line);
		rows++;
		snprintf(path, sizeof(path), "%s/%s", dir, f[0]);
		report_input_path(path, &cb);
		if (strcmp(f[2], "-") == 0) {
			/* No report in it: one clear error naming the file. */
			if (o.reports != 0 || o.errors != 1 ||
			    strstr(o.error, f[0]) == NULL) {
				print_error("%s: want one error, got %d reports, "
				    "%d errors: %s\n", f[0], o.reports, o.errors,
				    o.error);
				bad++;
			}
			continue;
		}
		snprintf(want, sizeof(want), "%s\t%s\t%s\t%s\t%s\t%s\t%s", f[1],
		    f[2], f[3], f[4], f[5], f[6], f[7]);
		if (o.reports != 1 || o.errors != 0 ||
		    strcmp(o.line, want) != 0) {
			print_error("%s:\n  want %s\n  got  %s (%d reports, %d "
			    "errors: %s)\n", f[0], want, o.line, o.reports,
			    o.errors, o.error);
			bad++;
		}
	}
	fclose(fp);
	assert_true(rows >= 25);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reports_corpus_every_row),
	};
	return cmocka_run_group_tests_name("reports_corpus", tests, NULL, NULL);
}
