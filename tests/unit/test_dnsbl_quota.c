/*
 * test_dnsbl_quota.c -- a list past its daily query limit is left out of
 * the run, each of its (list, target) pairs becomes an unknown finding
 * that says why, and the caller is told once per list (to log it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probes/dnsbl/dnsbl.h"
#include "probes/dnsbl/dnsbl_quota.h"
#include "probes/dnsbl/dnsbl_setup.h"

struct quota_fake {
	uint64_t	 today;		/* queries "so far" of every zone */
	int		 fail;		/* used() fails */
	char		 why[4][600];
	size_t		 nwhy;
};

static int
quota_used(void *arg, const char *zone, uint64_t *n)
{
	struct quota_fake *q = arg;

	(void)zone;
	*n = q->today;
	return q->fail ? -1 : 0;
}

static void
quota_skipped(void *arg, const char *why)
{
	struct quota_fake *q = arg;

	if (q->nwhy < 4)
		snprintf(q->why[q->nwhy++], sizeof(q->why[0]), "%s", why);
}

static void
quota_setup(struct dnsbl_lists *lists, struct target_set *ts)
{
	char err[256];

	memset(lists, 0, sizeof(*lists));
	memset(ts, 0, sizeof(*ts));
	assert_int_equal(dnsbl_lists_add_zone(lists, "limited.example:ip4",
	    err, sizeof(err)), 0);
	assert_int_equal(dnsbl_lists_add_zone(lists, "free.example:ip4", err,
	    sizeof(err)), 0);
	lists->v[0].max_queries_per_day = 10;
	assert_int_equal(target_set_add(ts, "192.0.2.1", TARGET_NAME_BOTH, err,
	    sizeof(err)), 0);
	assert_int_equal(target_set_add(ts, "192.0.2.2", TARGET_NAME_BOTH, err,
	    sizeof(err)), 0);
}

static void
test_dnsbl_quota_leaves_out_a_list_past_its_limit(void **state)
{
	struct quota_fake q = { .today = 9 };
	struct dnsbl_lists lists;
	struct target_set ts;
	struct finding_list out = { 0 };

	(void)state;
	quota_setup(&lists, &ts);
	assert_int_equal(dnsbl_quota_apply(&lists, &ts, quota_used,
	    quota_skipped, &q, &out), 0);
	assert_int_equal(lists.n, 1);
	assert_string_equal(lists.v[0].zone, "free.example");
	assert_int_equal(out.n, 2);
	for (size_t i = 0; i < out.n; i++) {
		assert_int_equal(out.v[i].state, FINDING_UNKNOWN);
		assert_string_equal(out.v[i].probe, "dnsbl");
		assert_string_equal(out.v[i].summary, "not checked: daily query"
		    " limit of 10 reached for limited.example");
	}
	assert_string_equal(out.v[0].key, "dnsbl/limited.example/192.0.2.1");
	assert_int_equal(q.nwhy, 1);
	assert_non_null(strstr(q.why[0], "dnsbl limited.example: not checked,"
	    " daily query limit of 10 reached (9 today, "));
	finding_list_free(&out);
	dnsbl_lists_free(&lists);
	target_set_free(&ts);
}

static void
test_dnsbl_quota_keeps_a_list_when_the_count_is_unknown(void **state)
{
	struct quota_fake q = { .today = 1000, .fail = 1 };
	struct dnsbl_lists lists;
	struct target_set ts;
	struct finding_list out = { 0 };

	(void)state;
	quota_setup(&lists, &ts);
	assert_int_equal(dnsbl_quota_apply(&lists, &ts, quota_used, NULL, &q,
	    &out), 0);
	assert_int_equal(lists.n, 2);
	assert_int_equal(out.n, 0);
	/* within the limit: kept */
	q.fail = 0;
	q.today = 0;
	assert_int_equal(dnsbl_quota_apply(&lists, &ts, quota_used,
	    quota_skipped, &q, &out), 0);
	assert_int_equal(lists.n, 2);
	assert_int_equal(q.nwhy, 0);
	finding_list_free(&out);
	dnsbl_lists_free(&lists);
	target_set_free(&ts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dnsbl_quota_leaves_out_a_list_past_its_limit),
		cmocka_unit_test(test_dnsbl_quota_keeps_a_list_when_the_count_is_unknown),
	};

	return cmocka_run_group_tests_name("dnsbl_quota", tests, NULL, NULL);
}
