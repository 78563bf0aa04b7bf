/*
 * test_metrics.c -- the Prometheus text writer: families grouped with
 * HELP and TYPE, label values and help escaped, names checked, special
 * values, and the file replaced atomically with mode 0644. The file is
 * read back and parsed line by line as the exposition format says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "monitor/output/metrics.h"
#include "monitor/output/metrics_findings.h"

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, 65535, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
test_metrics_groups_families_and_escapes(void **state)
{
	struct metrics m;
	struct metrics_label a[] = { { "list", "zen.spamhaus.org" },
	    { "ip", "192.0.2.10" } };
	struct metrics_label b[] = { { "list", "we\"ird\\list\nx" },
	    { "ip", "" } };
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	(void)state;

	metrics_init(&m);
	assert_int_equal(metrics_add(&m, "sendwatch_listed", METRICS_GAUGE,
	    "Listings per list\\target\nand IP.", a, 2, 1), 0);
	assert_int_equal(metrics_add(&m, "sendwatch_queries_total",
	    METRICS_COUNTER, "DNS queries.", NULL, 0, 12345), 0);
	assert_int_equal(metrics_add(&m, "sendwatch_listed", METRICS_GAUGE,
	    "ignored", b, 2, 0), 0);
	assert_int_equal(metrics_add(&m, "sendwatch_ratio", METRICS_GAUGE,
	    "A ratio.", NULL, 0, 0.6), 0);
	fp = open_memstream(&text, &len);
	metrics_print(fp, &m);
	fclose(fp);
	assert_string_equal(text,
	    "# HELP sendwatch_listed Listings per list\\\\target\\nand IP.\n"
	    "# TYPE sendwatch_listed gauge\n"
	    "sendwatch_listed{list=\"zen.spamhaus.org\",ip=\"192.0.2.10\"} 1\n"
	    "sendwatch_listed{list=\"we\\\"ird\\\\list\\nx\",ip=\"\"} 0\n"
	    "# HELP sendwatch_queries_total DNS queries.\n"
	    "# TYPE sendwatch_queries_total counter\n"
	    "sendwatch_queries_total 12345\n"
	    "# HELP sendwatch_ratio A ratio.\n"
	    "# TYPE sendwatch_ratio gauge\n"
	    "sendwatch_ratio 0.6\n");
	free(text);
	metrics_free(&m);
	metrics_free(NULL);
}

static void
test_metrics_rejects_bad_names_and_type_clash(void **state)
{
	struct metrics m;
	struct metrics_label bad[] = { { "__name__", "x" } };
	struct metrics_label dash[] = { { "a-b", "x" } };
	char err[256];
	(void)state;

	metrics_init(&m);
	assert_int_equal(metrics_add(&m, "1abc", METRICS_GAUGE, "", NULL, 0,
	    1), -1);
	assert_non_null(strstr(m.err, "metric name \"1abc\""));
	metrics_free(&m);
	metrics_init(&m);
	assert_int_equal(metrics_add(&m, "ok_name", METRICS_GAUGE, "", bad, 1,
	    1), -1);
	assert_int_equal(metrics_add(&m, "ok_name", METRICS_GAUGE, "", dash, 1,
	    1), -1);
	assert_non_null(strstr(m.err, "__name__"));
	metrics_free(&m);
	metrics_init(&m);
	assert_int_equal(metrics_add(&m, "x", METRICS_GAUGE, "", NULL, 0, 1),
	    0);
	assert_int_equal(metrics_add(&m, "x", METRICS_COUNTER, "", NULL, 0, 1),
	    -1);
	assert_non_null(strstr(m.err, "gauge and as counter"));
	/* a set with an error is not written */
	assert_int_equal(metrics_write_file(&m, "/tmp/never-written.prom", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "not written"));
	assert_int_equal(access("/tmp/never-written.prom", F_OK), -1);
	metrics_free(&m);
}

static void
test_metrics_special_values(void **state)
{
	struct metrics m;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	(void)state;

	metrics_init(&m);
	metrics_add(&m, "a", METRICS_GAUGE, "", NULL, 0, 0.0 / 0.0);
	metrics_add(&m, "b", METRICS_GAUGE, "", NULL, 0, 1.0 / 0.0);
	metrics_add(&m, "c", METRICS_GAUGE, "", NULL, 0, -1.0 / 0.0);
	metrics_add(&m, "d", METRICS_GAUGE, "", NULL, 0, 0.1 + 0.2);
	metrics_add(&m, "e", METRICS_GAUGE, "", NULL, 0, 18446744073709551615.0);
	fp = open_memstream(&text, &len);
	metrics_print(fp, &m);
	fclose(fp);
	assert_non_null(strstr(text, "\na NaN\n"));
	assert_non_null(strstr(text, "\nb +Inf\n"));
	assert_non_null(strstr(text, "\nc -Inf\n"));
	assert_non_null(strstr(text, "\nd 0.30000000000000004\n"));
	assert_non_null(strstr(text, "\ne 1.8446744073709552e+19\n"));
	free(text);
	metrics_free(&m);
}

/* Every line of the file: a comment of the two kinds, or a sample. */
static void
check_exposition(const char *text, size_t want_samples)
{
	char fam[128] = "";
	size_t samples = 0;

	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		char line[512], name[128], type[16];
		double v;
		int n = 0;

		assert_non_null(nl);
		assert_true((size_t)(nl - l) < sizeof(line));
		memcpy(line, l, (size_t)(nl - l));
		line[nl - l] = '\0';
		if (strncmp(line, "# HELP ", 7) == 0) {
			assert_int_equal(sscanf(line + 7, "%127s", fam), 1);
		} else if (strncmp(line, "# TYPE ", 7) == 0) {
			assert_int_equal(sscanf(line + 7, "%127s %15s%n", name,
			    type, &n), 2);
			assert_string_equal(name, fam);
			assert_true(strcmp(type, "gauge") == 0 ||
			    strcmp(type, "counter") == 0);
		} else {
			char *sp = strrchr(line, ' '), *end;
			assert_non_null(sp);
			assert_int_equal(strncmp(line, fam, strlen(fam)), 0);
			assert_true(line[strlen(fam)] == '{' ||
			    line[strlen(fam)] == ' ');
			v = strtod(sp + 1, &end);
			assert_true(*end == '\0');
			(void)v;
			samples++;
		}
		l = nl + 1;
	}
	assert_int_equal(samples, want_samples);
}

static void
test_metrics_file_is_replaced_whole(void **state)
{
	char dir[] = "/tmp/test_metrics-XXXXXX", path[64], err[256], *text;
	struct metrics m;
	struct stat sb;
	struct metrics_label l[] = { { "domain", "example.com" } };
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sendwatch.prom", dir);
	metrics_init(&m);
	for (int i = 0; i < 50; i++) {
		char d[32];
		snprintf(d, sizeof(d), "d%d.example", i);
		l[0].value = d;
		assert_int_equal(metrics_add(&m, "sendwatch_domain_bounce_rate"
		    "_ratio", METRICS_GAUGE, "Bounce rate.", l, 1, i / 100.0), 0);
	}
	assert_int_equal(metrics_add(&m, "sendwatch_cycle_duration_seconds",
	    METRICS_GAUGE, "Last cycle.", NULL, 0, 1.25), 0);
	assert_int_equal(metrics_write_file(&m, path, err, sizeof(err)), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	text = slurp(path);
	check_exposition(text, 51);
	free(text);
	/* written again: replaced, and no temporary file is left */
	assert_int_equal(metrics_write_file(&m, path, err, sizeof(err)), 0);
	metrics_free(&m);
	{
		char cmd[128];
		FILE *p;
		int files = -1;
		snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
		p = popen(cmd, "r");
		assert_non_null(p);
		assert_int_equal(fscanf(p, "%d", &files), 1);
		pclose(p);
		assert_int_equal(files, 1);
	}
	unlink(path);
	rmdir(dir);
	/* an unwritable place is named */
	metrics_init(&m);
	metrics_add(&m, "x", METRICS_GAUGE, "", NULL, 0, 1);
	assert_int_equal(metrics_write_file(&m, "/nonexistent/dir/x.prom", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/dir/x.prom"));
	assert_non_null(strstr(err, "No such file or directory"));
	metrics_free(&m);
}

static void
test_metrics_findings_and_cycle(void **state)
{
	struct finding_list l = { 0 };
	struct metrics_cycle c = { .duration_s = 2.5, .finished = 1795442400,
	    .queries = 120, .failures = 3, .outbox_backlog = 4,
	    .state_errors = 2 };
	struct metrics m;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;
	(void)state;

	finding_list_add(&l, "dnsbl/zen.spamhaus.org/192.0.2.10", "dnsbl",
	    "192.0.2.10", FINDING_CRITICAL, "listed", NULL);
	finding_list_add(&l, "dnsbl/bl.spamcop.net/192.0.2.10", "dnsbl",
	    "192.0.2.10", FINDING_OK, "not listed", NULL);
	finding_list_add(&l, "dnsbl/b.barracudacentral.org/192.0.2.10",
	    "dnsbl", "192.0.2.10", FINDING_UNKNOWN, "timeout", NULL);
	finding_list_add(&l, "spf/example.com", "spf", "example.com",
	    FINDING_WARNING, "softfail", NULL);
	metrics_init(&m);
	assert_int_equal(metrics_add_findings(&m, &l), 0);
	assert_int_equal(metrics_add_cycle(&m, &c), 0);
	fp = open_memstream(&text, &len);
	metrics_print(fp, &m);
	fclose(fp);
	assert_non_null(strstr(text, "sendwatch_findings{state=\"ok\"} 1\n"
	    "sendwatch_findings{state=\"warning\"} 1\n"
	    "sendwatch_findings{state=\"critical\"} 1\n"
	    "sendwatch_findings{state=\"unknown\"} 1\n"));
	assert_non_null(strstr(text, "sendwatch_dnsbl_listed{list=\"zen.spamhaus"
	    ".org\",target=\"192.0.2.10\"} 1\nsendwatch_dnsbl_listed{list="
	    "\"bl.spamcop.net\",target=\"192.0.2.10\"} 0\n# HELP"));
	assert_null(strstr(text, "barracuda"));
	assert_non_null(strstr(text, "\nsendwatch_cycle_duration_seconds 2.5\n"));
	assert_non_null(strstr(text,
	    "\nsendwatch_last_cycle_timestamp_seconds 1795442400\n"));
	assert_non_null(strstr(text, "\nsendwatch_dns_queries 120\n"));
	assert_non_null(strstr(text, "\nsendwatch_dns_failures 3\n"));
	assert_non_null(strstr(text, "\nsendwatch_outbox_backlog 4\n"));
	assert_non_null(strstr(text, "# TYPE sendwatch_state_errors_total counter\n"
	    "sendwatch_state_errors_total 2\n"));
	free(text);
	metrics_free(&m);
	finding_list_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_groups_families_and_escapes),
		cmocka_unit_test(test_metrics_rejects_bad_names_and_type_clash),
		cmocka_unit_test(test_metrics_special_values),
		cmocka_unit_test(test_metrics_file_is_replaced_whole),
		cmocka_unit_test(test_metrics_findings_and_cycle),
	};

	return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
