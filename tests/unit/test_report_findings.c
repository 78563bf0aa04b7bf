/*
 * test_report_findings.c -- the service's DMARC report findings, computed
 * from a small state database built from the hand-counted reports in
 * tests/data/reports/summary/ (the README there gives the counts), with a
 * config naming the authorized senders and known DKIM selectors. Also
 * checks that the findings stay keyed and worded so that findings_diff
 * makes one event per new situation, not one per cycle.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "monitor/findings_diff.h"
#include "probes/reports/report_auth.h"
#include "probes/reports/report_findings.h"
#include "monitor/store/report_import.h"
#include "monitor/store/report_summary.h"

#define B_BEGIN		1700500000	/* only report b-1 is after this */
#define ALL		1		/* every report */
#define AFTER_B		1700700000	/* after every report */

struct fx {
	char			 dir[64];
	char			 db[96];
	char			 conf[96];
	struct report_store	*st;
	struct config		*cfg;
	struct finding_list	 fl;
};

struct judge {
	struct fx		*x;
	struct report_rules	 rules;
};

static void
quiet(void *arg, const char *text)
{
	(void)arg;
	fail_msg("import: %s", text);
}

static const char *const files[] = {
	"a-example.com.xml", "b-example.com.xml", "c-example.org.xml",
};

static int
setup(void **state)
{
	const char *top = getenv("SENDWATCH_TOP");
	struct fx *x = calloc(1, sizeof(*x));
	struct report_import imp = { .line = quiet };
	char path[1024], err[256];

	if (x == NULL)
		return -1;
	snprintf(x->dir, sizeof(x->dir), "/tmp/test_report_findings-XXXXXX");
	if (mkdtemp(x->dir) == NULL)
		return -1;
	snprintf(x->db, sizeof(x->db), "%s/state.db", x->dir);
	snprintf(x->conf, sizeof(x->conf), "%s/sendwatch.conf", x->dir);
	if ((x->st = report_store_open(x->db, err, sizeof(err))) == NULL)
		return -1;
	imp.st = x->st;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/tests/data/reports/summary/%s",
		    top != NULL ? top : ".", files[i]);
		if (report_import_path(&imp, path) != 0)
			return -1;
	}
	if (imp.imported != 3)
		return -1;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;
	char cmd[160];

	finding_list_free(&x->fl);
	cfg_free(x->cfg);
	report_store_close(x->st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", x->dir);
	if (system(cmd) != 0)
		return -1;
	free(x);
	return 0;
}

/* Loads a config whose [domain example.com] has these senders/selectors. */
static void
configure(struct fx *x, const char *senders, const char *selectors)
{
	struct cfg_errors errs = { 0 };
	FILE *fp = fopen(x->conf, "w");

	assert_non_null(fp);
	fprintf(fp, "[domain example.com]\nspf_senders = %s\n"
	    "dkim_selectors = %s\n", senders, selectors);
	fclose(fp);
	cfg_free(x->cfg);
	x->cfg = cfg_load(x->conf, false, &errs);
	assert_non_null(x->cfg);
	assert_int_equal(errs.n, 0);
}

static const struct cfg_domain *
domain_of(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->ndomains; i++)
		if (strcmp(c->domains[i].name, name) == 0)
			return &c->domains[i];
	return NULL;
}

static int
judge(void *arg, const struct summary_domain *v)
{
	struct judge *j = arg;

	return report_findings_domain(&j->rules, v, domain_of(j->x->cfg,
	    v->domain), &j->x->fl);
}

/* The findings of every domain with reports since since (no DNS). */
static void
run_listed(struct fx *x, int64_t since, int64_t listed, unsigned min_failing,
    double min_rate)
{
	struct report_auth auth;
	struct judge j = { .x = x, .rules = { .min_failing = min_failing,
	    .min_pass_rate = min_rate, .window = "7d" } };
	struct summary_opts so = { .since = since, .listed_since = listed,
	    .authorized = report_auth_authorized, .auth_arg = &auth };
	char err[256];

	finding_list_free(&x->fl);
	report_auth_init(&auth, x->cfg, NULL, 0);
	assert_int_equal(summary_each(x->st, &so, judge, &j, err,
	    sizeof(err)), 0);
}

static void
run(struct fx *x, int64_t since, unsigned min_failing, double min_rate)
{
	run_listed(x, since, 0, min_failing, min_rate);
}

static const struct finding *
find(const struct fx *x, const char *key)
{
	for (size_t i = 0; i < x->fl.n; i++)
		if (strcmp(x->fl.v[i].key, key) == 0)
			return &x->fl.v[i];
	return NULL;
}

static size_t
count_prefix(const struct fx *x, const char *prefix)
{
	size_t n = 0;

	for (size_t i = 0; i < x->fl.n; i++)
		n += strncmp(x->fl.v[i].key, prefix, strlen(prefix)) == 0;
	return n;
}

static void
expect(const struct fx *x, const char *key, enum finding_state st)
{
	const struct finding *f = find(x, key);

	if (f == NULL)
		fail_msg("no finding %s", key);
	if (f->state != st)
		fail_msg("%s: %s, expected %s (%s)", key,
		    finding_state_name(f->state), finding_state_name(st),
		    f->summary);
}

static void
test_report_findings_new_failing_source_warns(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	configure(x, "192.0.2.0/24", "s1, s2");
	/* window: report b-1 only; 203.0.113.9 is new, 6 failing */
	run(x, B_BEGIN, 5, 90);
	expect(x, "reports/example.com/source/203.0.113.9", FINDING_WARNING);
	f = find(x, "reports/example.com/source/203.0.113.9");
	assert_string_equal(f->probe, "reports");
	assert_string_equal(f->target, "203.0.113.9");
	assert_non_null(strstr(f->summary, "new source 203.0.113.9 (PTR "
	    "unknown) sent 6 messages as example.com, failing DMARC"));
	assert_non_null(strstr(f->detail, "p=reject"));
	assert_non_null(strstr(f->detail, "SPF"));
	expect(x, "reports/example.com/source/192.0.2.10", FINDING_OK);
	expect(x, "reports/example.com/pass-rate/192.0.2.10", FINDING_OK);
	/* 198.51.100.7 only sent before the window */
	assert_null(find(x, "reports/example.com/source/198.51.100.7"));
	assert_int_equal(count_prefix(x, "reports/example.com/source/"), 2);

	/* more than N: 6 failing is not more than 6 */
	run(x, B_BEGIN, 6, 90);
	expect(x, "reports/example.com/source/203.0.113.9", FINDING_OK);

	/* every report: 198.51.100.7 failed 3, under the threshold */
	run(x, ALL, 5, 90);
	expect(x, "reports/example.com/source/203.0.113.9", FINDING_WARNING);
	expect(x, "reports/example.com/source/198.51.100.7", FINDING_OK);
	run(x, ALL, 2, 90);
	expect(x, "reports/example.com/source/198.51.100.7", FINDING_WARNING);
	f = find(x, "reports/example.com/source/198.51.100.7");
	assert_non_null(strstr(f->summary, "sent 3 messages as example.com"));
}

static void
test_report_findings_pass_rate_of_authorized_sources(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	/* 198.51.100.7 authorized: 0 of 3 pass, both SPF and DKIM failing */
	configure(x, "192.0.2.0/24, 198.51.100.0/24", "s1, s2");
	run(x, ALL, 2, 90);
	expect(x, "reports/example.com/source/198.51.100.7", FINDING_OK);
	expect(x, "reports/example.com/pass-rate/198.51.100.7", FINDING_WARNING);
	f = find(x, "reports/example.com/pass-rate/198.51.100.7");
	assert_non_null(strstr(f->summary, "only 0.0% of 3 messages"));
	assert_non_null(strstr(f->summary, "both aligned SPF and aligned DKIM"
	    " are failing"));
	/* 192.0.2.20: DKIM aligned 0 of 5 but SPF 5 of 5: 100% pass */
	expect(x, "reports/example.com/pass-rate/192.0.2.20", FINDING_OK);
	expect(x, "reports/example.com/pass-rate/192.0.2.10", FINDING_OK);
	f = find(x, "reports/example.com/pass-rate/192.0.2.10");
	assert_non_null(strstr(f->summary, "100.0% of 14 messages"));
	/* unauthorized 203.0.113.9 has no pass-rate finding */
	assert_null(find(x, "reports/example.com/pass-rate/203.0.113.9"));
	assert_int_equal(count_prefix(x, "reports/example.com/pass-rate/"), 3);

	/* 192.0.2.10 in b-1 alone: 4 of 4 pass, SPF failing, DKIM pass */
	run(x, B_BEGIN, 2, 90);
	expect(x, "reports/example.com/pass-rate/192.0.2.10", FINDING_OK);
	/* a threshold above 100% makes it a warning with the DKIM cause */
	run(x, B_BEGIN, 2, 101);
	f = find(x, "reports/example.com/pass-rate/192.0.2.10");
	assert_int_equal(f->state, FINDING_WARNING);
	assert_non_null(strstr(f->summary, "aligned SPF 0.0%, aligned DKIM "
	    "100.0%"));
}

static void
test_report_findings_new_dkim_selector(void **state)
{
	struct fx *x = *state;
	const struct finding *f;

	configure(x, "192.0.2.0/24", "s1");
	run(x, ALL, 5, 90);
	expect(x, "reports/example.com/dkim-selector/s1", FINDING_OK);
	expect(x, "reports/example.com/dkim-selector/s2", FINDING_WARNING);
	f = find(x, "reports/example.com/dkim-selector/s2");
	assert_non_null(strstr(f->summary, "new DKIM selector s2 seen for "
	    "example.com: add it to dkim_selectors so the DKIM probe checks "
	    "it"));
	/* other.example's selector x is a third party's, not example.com's */
	assert_int_equal(count_prefix(x, "reports/example.com/dkim-selector/"),
	    2);
	/* example.org has reports but no [domain] section: no selectors */
	assert_int_equal(count_prefix(x, "reports/example.org/dkim-selector/"),
	    0);
	expect(x, "reports/example.org/source/192.0.2.10", FINDING_OK);

	configure(x, "192.0.2.0/24", "s1, S2");
	run(x, ALL, 5, 90);
	expect(x, "reports/example.com/dkim-selector/s2", FINDING_OK);
}

/* Cycles of findings_diff over the findings: one event per situation. */
static void
test_report_findings_one_event_per_situation(void **state)
{
	struct fx *x = *state;
	struct diff_rules rules = { .confirm_listing = 2,
	    .confirm_delisting = 1, .unknown_after_s = 3600 };
	struct state_entries prev = { 0 }, next = { 0 };
	struct event_list ev = { 0 };
	size_t events = 0;

	configure(x, "192.0.2.0/24", "s1");
	/* the window grows from report b-1 to every report: counts change */
	for (int cycle = 0; cycle < 4; cycle++) {
		run(x, cycle < 2 ? B_BEGIN : ALL, 5, 90);
		assert_int_equal(diff_findings(&rules, 1000 + cycle, &prev,
		    &x->fl, &next, &ev), 0);
		if (cycle == 0) {
			/* baseline: the new source and the new selector */
			assert_int_equal(ev.n, 2);
			assert_string_equal(ev.v[0].key,
			    "reports/example.com/source/203.0.113.9");
			assert_string_equal(ev.v[1].key,
			    "reports/example.com/dkim-selector/s2");
		}
		events += ev.n;
		event_list_free(&ev);
		state_entries_free(&prev);
		prev = next;
		memset(&next, 0, sizeof(next));
	}
	/* later cycles: more messages, same situations, no new events */
	assert_int_equal(events, 2);
	state_entries_free(&prev);
}

/* Sources and selectors that stopped are listed and ok: recovery events. */
static void
test_report_findings_ended_situation_is_ok_again(void **state)
{
	struct fx *x = *state;
	struct diff_rules rules = { .confirm_listing = 2,
	    .confirm_delisting = 1, .unknown_after_s = 3600 };
	struct state_entries prev = { 0 }, next = { 0 };
	struct event_list ev = { 0 };
	const struct finding *f;

	configure(x, "192.0.2.0/24", "s1");
	run(x, B_BEGIN, 5, 90);
	assert_int_equal(diff_findings(&rules, 1000, &prev, &x->fl, &next,
	    &ev), 0);
	assert_int_equal(ev.n, 2);
	event_list_free(&ev);
	prev = next;
	memset(&next, 0, sizeof(next));

	/* no report in the window: nothing at all unless listed */
	run(x, AFTER_B, 5, 90);
	assert_int_equal(x->fl.n, 0);
	/* listed from the window before: every key ok, with no messages */
	run_listed(x, AFTER_B, B_BEGIN, 5, 90);
	expect(x, "reports/example.com/source/203.0.113.9", FINDING_OK);
	f = find(x, "reports/example.com/source/203.0.113.9");
	assert_non_null(strstr(f->summary, "sent no messages as example.com"));
	expect(x, "reports/example.com/pass-rate/192.0.2.10", FINDING_OK);
	expect(x, "reports/example.com/dkim-selector/s2", FINDING_OK);
	/* 198.51.100.7 and selector s1 were last seen before B_BEGIN */
	assert_null(find(x, "reports/example.com/source/198.51.100.7"));
	assert_null(find(x, "reports/example.com/dkim-selector/s1"));
	assert_int_equal(diff_findings(&rules, 2000, &prev, &x->fl, &next,
	    &ev), 0);
	assert_int_equal(ev.n, 2);
	for (size_t i = 0; i < ev.n; i++)
		assert_int_equal(ev.v[i].to, FINDING_OK);
	event_list_free(&ev);
	state_entries_free(&prev);
	state_entries_free(&next);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_report_findings_new_failing_source_warns, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_report_findings_pass_rate_of_authorized_sources, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_report_findings_new_dkim_selector, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_report_findings_one_event_per_situation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_report_findings_ended_situation_is_ok_again, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("report_findings", tests, NULL,
	    NULL);
}
