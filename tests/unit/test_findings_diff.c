/*
 * test_findings_diff.c -- every rule of findings_diff.h, cycle by cycle:
 * baseline, confirmation counts, flapping, unknown handling, the
 * "cannot check" event, broken lists and their suppression, detail
 * changes, keys left alone, history flags; a first cycle's storm of
 * baseline problems folded per list, and one cycle diffed in chunks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "monitor/findings_diff.h"

#define OK	FINDING_OK
#define WARN	FINDING_WARNING
#define CRIT	FINDING_CRITICAL
#define UNK	FINDING_UNKNOWN

/* The stored state between cycles, and the last cycle's events. */
struct world {
	struct diff_rules	 rules;
	struct state_entries	 stored;
	struct event_list	 ev;
	struct state_entries	 last;	/* copy of the last cycle's entries */
	int64_t			 now;
};

static void
world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	w->rules.confirm_listing = 2;
	w->rules.confirm_delisting = 1;
	w->rules.unknown_after_s = 3600;
	w->now = 1700000000;
}

/* Keeps entries of stored whose key is not in next (as the store does). */
static void
merge(struct state_entries *stored, struct state_entries *next)
{
	for (size_t i = 0; i < stored->n; i++) {
		bool found = false;
		for (size_t j = 0; j < next->n && !found; j++)
			found = strcmp(stored->v[i].key, next->v[j].key) == 0;
		if (!found)
			assert_non_null(state_entries_add(next, &stored->v[i]));
	}
	state_entries_free(stored);
	*stored = *next;
}

/* One finding of a cycle: key, state, detail. */
struct obs {
	const char		*key;
	enum finding_state	 st;
	const char		*detail;
};

/* Sets finding.track_detail on every finding of the next cycles. */
static bool track_all;

/* Runs one cycle 600 s after the last; returns the number of events. */
static size_t
cycle(struct world *w, const struct obs *o, size_t n)
{
	struct finding_list cur = { 0 };
	struct state_entries next = { 0 };

	w->now += 600;
	for (size_t i = 0; i < n; i++) {
		char probe[64], summary[256];
		const char *slash = strchr(o[i].key, '/');
		const char *target = strrchr(o[i].key, '/') + 1;
		snprintf(probe, sizeof(probe), "%.*s", (int)(slash - o[i].key),
		    o[i].key);
		snprintf(summary, sizeof(summary), "%s is %s", o[i].key,
		    finding_state_name(o[i].st));
		assert_non_null(finding_list_add(&cur, o[i].key, probe, target,
		    o[i].st, summary, o[i].detail));
		cur.v[cur.n - 1].track_detail = track_all;
	}
	event_list_free(&w->ev);
	assert_int_equal(diff_findings(&w->rules, w->now, &w->stored, &cur,
	    &next, &w->ev), 0);
	assert_int_equal(next.n, n);
	state_entries_free(&w->last);
	for (size_t i = 0; i < next.n; i++)
		assert_non_null(state_entries_add(&w->last, &next.v[i]));
	merge(&w->stored, &next);
	finding_list_free(&cur);
	return w->ev.n;
}

#define CYCLE(w, ...) cycle((w), (const struct obs[]){ __VA_ARGS__ }, \
	sizeof((const struct obs[]){ __VA_ARGS__ }) / sizeof(struct obs))

static void
world_free(struct world *w)
{
	state_entries_free(&w->stored);
	state_entries_free(&w->last);
	event_list_free(&w->ev);
}

static const char *const T = "dnsbl/bl.test/192.0.2.10";
static const char *const T2 = "dnsbl/bl.test/192.0.2.11";

/* Appends a finding for key (probe = the key's first part) to l. */
static void
add_obs(struct finding_list *l, const char *key, enum finding_state st)
{
	char probe[64];
	const char *slash = strchr(key, '/');

	snprintf(probe, sizeof(probe), "%.*s", (int)(slash - key), key);
	assert_non_null(finding_list_add(l, key, probe, strrchr(key, '/') + 1,
	    st, key, "127.0.0.2"));
}

/*
 * 500 addresses first seen listed on one list and 3 on another: the
 * first DIFF_BASELINE_EACH of the big list are told one by one, the
 * other 480 in one event naming the list and the count; the small list
 * is told in full. Every key is stored all the same.
 */
static void
test_diff_baseline_folds_a_storm(void **state)
{
	struct world w;
	struct finding_list cur = { 0 };
	struct state_entries next = { 0 };
	size_t each = 0, folded = 0, small = 0;
	char key[64];
	(void)state;

	world_init(&w);
	for (int i = 0; i < 500; i++) {
		snprintf(key, sizeof(key), "dnsbl/big.test/198.18.%d.%d",
		    i / 256, i % 256);
		add_obs(&cur, key, CRIT);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "dnsbl/small.test/192.0.2.%d", i);
		add_obs(&cur, key, WARN);
	}
	assert_int_equal(diff_findings(&w.rules, w.now, &w.stored, &cur,
	    &next, &w.ev), 0);
	assert_int_equal(next.n, 503);
	for (size_t i = 0; i < w.ev.n; i++) {
		const struct event *e = &w.ev.v[i];

		assert_int_equal(e->kind, EVENT_BASELINE);
		if (strcmp(e->key, "dnsbl/big.test") == 0) {
			folded++;
			assert_int_equal(e->to, CRIT);
			assert_string_equal(e->target, "big.test");
			assert_non_null(strstr(e->summary, "480 more first seen"));
		} else if (strncmp(e->key, "dnsbl/big.test/", 15) == 0)
			each++;
		else if (strncmp(e->key, "dnsbl/small.test/", 17) == 0)
			small++;
		else
			fail_msg("unexpected event %s", e->key);
	}
	assert_int_equal(each, DIFF_BASELINE_EACH);
	assert_int_equal(folded, 1);
	assert_int_equal(small, 3);
	for (size_t i = 0; i < next.n; i++)
		assert_true(next.v[i].known);
	state_entries_free(&next);
	finding_list_free(&cur);
	world_free(&w);
}

/*
 * One cycle in two chunks: a list broken in the first chunk silences its
 * keys in the second, its health key is diffed once, and the chunks'
 * entries together are the cycle's.
 */
static void
test_diff_cycle_chunks_share_the_cycle(void **state)
{
	struct diff_rules rules = { .confirm_listing = 1,
	    .confirm_delisting = 1, .unknown_after_s = 3600 };
	struct diff_cycle c;
	struct finding_list a = { 0 }, b = { 0 };
	struct state_entries prev = { 0 }, next = { 0 };
	struct event_list ev = { 0 };
	(void)state;

	add_obs(&a, "dnsbl-health/bad.test", UNK);
	add_obs(&a, "dnsbl/bad.test/192.0.2.1", CRIT);
	add_obs(&b, "dnsbl-health/bad.test", UNK);
	add_obs(&b, "dnsbl/bad.test/192.0.2.2", CRIT);
	add_obs(&b, "dnsbl/good.test/192.0.2.2", CRIT);
	diff_cycle_init(&c, &rules, 1700000000);
	assert_int_equal(diff_cycle_chunk(&c, &prev, &a, &next, &ev), 0);
	assert_int_equal(diff_cycle_chunk(&c, &prev, &b, &next, &ev), 0);
	assert_int_equal(diff_cycle_finish(&c, &ev), 0);
	/* the health key once, the three pairs */
	assert_int_equal(next.n, 4);
	/* the broken list's event; good.test's baseline; nothing of bad.test's keys */
	assert_int_equal(ev.n, 2);
	assert_int_equal(ev.v[0].kind, EVENT_LIST_BROKEN);
	assert_string_equal(ev.v[1].key, "dnsbl/good.test/192.0.2.2");
	diff_cycle_free(&c);
	state_entries_free(&next);
	event_list_free(&ev);
	finding_list_free(&a);
	finding_list_free(&b);
}

static void
test_diff_baseline_alerts_only_problems(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	assert_int_equal(CYCLE(&w, { T, OK, "" }, { T2, CRIT, "127.0.0.2" },
	    { "dnsbl/bl.test/192.0.2.12", UNK, "timeout" },
	    { "dnsbl/bl.test/192.0.2.13", WARN, "pbl" }), 2);
	assert_string_equal(w.ev.v[0].key, T2);
	assert_int_equal(w.ev.v[0].kind, EVENT_BASELINE);
	assert_true(w.ev.v[0].from_none);
	assert_string_equal(event_from_name(&w.ev.v[0]), "none");
	assert_int_equal(w.ev.v[0].to, CRIT);
	assert_string_equal(w.ev.v[0].detail, "127.0.0.2");
	assert_int_equal(w.ev.v[0].time, w.now);
	assert_int_equal(w.ev.v[1].to, WARN);
	/* the unknown key has no baseline yet, but knows when it started */
	assert_false(w.last.v[2].known);
	assert_int_equal(w.last.v[2].unknown_since, w.now);
	assert_true(w.last.v[0].known);
	assert_int_equal(w.last.v[0].first_seen, w.now);
	/* nothing changed: nothing to say */
	assert_int_equal(CYCLE(&w, { T, OK, "" }, { T2, CRIT, "127.0.0.2" },
	    { "dnsbl/bl.test/192.0.2.13", WARN, "pbl" }), 0);
	assert_int_equal(w.last.v[0].first_seen, w.now - 600);
	assert_int_equal(w.last.v[0].last_seen, w.now);
	world_free(&w);
}

static void
test_diff_listing_needs_confirmation(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	assert_int_equal(CYCLE(&w, { T, OK, "" }), 0);
	assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.2" }), 0);
	assert_true(w.last.v[0].has_pending);
	assert_int_equal(w.last.v[0].pending_count, 1);
	assert_int_equal(w.last.v[0].state, OK);
	assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.2" }), 1);
	assert_int_equal(w.ev.v[0].kind, EVENT_CHANGE);
	assert_int_equal(w.ev.v[0].from, OK);
	assert_false(w.ev.v[0].from_none);
	assert_int_equal(w.ev.v[0].to, CRIT);
	assert_string_equal(w.ev.v[0].summary, "dnsbl/bl.test/192.0.2.10 is critical");
	assert_int_equal(w.last.v[0].state, CRIT);
	assert_false(w.last.v[0].has_pending);
	/* still listed: once only */
	for (int i = 0; i < 5; i++)
		assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.2" }), 0);
	/* delisting: confirm_delisting = 1 */
	assert_int_equal(CYCLE(&w, { T, OK, "" }), 1);
	assert_int_equal(w.ev.v[0].from, CRIT);
	assert_int_equal(w.ev.v[0].to, OK);
	assert_int_equal(event_severity(&w.ev.v[0]), CRIT);
	assert_int_equal(CYCLE(&w, { T, OK, "" }), 0);
	world_free(&w);
}

static void
test_diff_confirm_counts_from_rules(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	w.rules.confirm_listing = 3;
	w.rules.confirm_delisting = 2;
	CYCLE(&w, { T, OK, "" });
	assert_int_equal(CYCLE(&w, { T, CRIT, "x" }), 0);
	assert_int_equal(CYCLE(&w, { T, CRIT, "x" }), 0);
	assert_int_equal(CYCLE(&w, { T, CRIT, "x" }), 1);
	assert_int_equal(CYCLE(&w, { T, OK, "" }), 0);
	assert_int_equal(CYCLE(&w, { T, OK, "" }), 1);
	assert_int_equal(w.ev.v[0].to, OK);
	/* confirm 1: at once */
	w.rules.confirm_listing = 1;
	assert_int_equal(CYCLE(&w, { T, WARN, "y" }), 1);
	world_free(&w);
}

static void
test_diff_flapping_never_confirms(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	CYCLE(&w, { T, OK, "" });
	for (int i = 0; i < 10; i++) {
		assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.2" }), 0);
		assert_int_equal(CYCLE(&w, { T, OK, "" }), 0);
	}
	/* critical then warning: a different change, counting restarts */
	assert_int_equal(CYCLE(&w, { T, CRIT, "a" }), 0);
	assert_int_equal(CYCLE(&w, { T, WARN, "a" }), 0);
	assert_int_equal(w.last.v[0].pending_count, 1);
	assert_int_equal(CYCLE(&w, { T, WARN, "a" }), 1);
	assert_int_equal(w.ev.v[0].to, WARN);
	/* warning -> critical is a change too, confirmed like a listing */
	assert_int_equal(CYCLE(&w, { T, CRIT, "a" }), 0);
	assert_int_equal(CYCLE(&w, { T, CRIT, "a" }), 1);
	assert_int_equal(w.ev.v[0].from, WARN);
	assert_int_equal(w.ev.v[0].to, CRIT);
	world_free(&w);
}

static void
test_diff_unknown_never_says_ok_again(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	CYCLE(&w, { T, OK, "" });
	for (int i = 0; i < 3; i++)
		assert_int_equal(CYCLE(&w, { T, UNK, "timeout" }), 0);
	assert_int_equal(w.last.v[0].state, OK);	/* unchanged */
	assert_int_equal(w.last.v[0].last_state, UNK);
	assert_int_equal(CYCLE(&w, { T, OK, "" }), 0);
	assert_int_equal(w.last.v[0].unknown_since, 0);
	/* a key first seen unknown: its first definite ok is silent too */
	assert_int_equal(CYCLE(&w, { T2, UNK, "timeout" }), 0);
	assert_int_equal(CYCLE(&w, { T2, OK, "" }), 0);
	assert_true(w.last.v[0].known);
	/* but a real recovery across unknown cycles is an event */
	w.rules.confirm_listing = 1;
	assert_int_equal(CYCLE(&w, { T, CRIT, "x" }), 1);
	assert_int_equal(CYCLE(&w, { T, UNK, "timeout" }), 0);
	assert_int_equal(CYCLE(&w, { T, OK, "" }), 1);
	assert_int_equal(w.ev.v[0].from, CRIT);
	assert_int_equal(w.ev.v[0].to, OK);
	world_free(&w);
}

static void
test_diff_unknown_does_not_break_a_confirmation(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	CYCLE(&w, { T, OK, "" });
	assert_int_equal(CYCLE(&w, { T, CRIT, "x" }), 0);
	assert_int_equal(CYCLE(&w, { T, UNK, "timeout" }), 0);
	assert_int_equal(w.last.v[0].pending_count, 1);
	assert_int_equal(CYCLE(&w, { T, CRIT, "x" }), 1);
	world_free(&w);
}

static void
test_diff_unknown_too_long_gives_one_event(void **state)
{
	struct world w;
	size_t total = 0;
	int64_t since;
	(void)state;

	world_init(&w);
	CYCLE(&w, { T, CRIT, "x" });
	CYCLE(&w, { T, UNK, "SERVFAIL from 127.0.0.1" });
	since = w.now;
	/* cycles are 600 s apart, unknown_after 3600 s */
	while (w.now - since < 3600 - 600)
		assert_int_equal(CYCLE(&w, { T, UNK, "SERVFAIL" }), 0);
	assert_int_equal(CYCLE(&w, { T, UNK, "SERVFAIL from 127.0.0.1" }), 1);
	assert_int_equal(w.now - since, 3600);
	assert_int_equal(w.ev.v[0].kind, EVENT_UNKNOWN);
	assert_int_equal(w.ev.v[0].from, CRIT);
	assert_int_equal(w.ev.v[0].to, UNK);
	assert_string_equal(w.ev.v[0].detail, "SERVFAIL from 127.0.0.1");
	assert_int_equal(event_severity(&w.ev.v[0]), UNK);
	for (int i = 0; i < 20; i++)
		total += CYCLE(&w, { T, UNK, "SERVFAIL" });
	assert_int_equal(total, 0);
	/* back, same state: nothing; unknown again later: a new episode */
	assert_int_equal(CYCLE(&w, { T, CRIT, "x" }), 0);
	assert_false(w.last.v[0].unknown_reported);
	for (int i = 0; i < 6; i++)
		total += CYCLE(&w, { T, UNK, "timeout" });
	assert_int_equal(total, 0);
	assert_int_equal(CYCLE(&w, { T, UNK, "timeout" }), 1);
	world_free(&w);
}

static const char *const H = "dnsbl-health/bl.test";
static const char *const OTHER = "dnsbl/other.test/192.0.2.10";
static const char *const LOOKALIKE = "dnsbl/bl.test.evil/192.0.2.10";

static void
test_diff_broken_list_one_event_no_target_noise(void **state)
{
	struct world w;
	size_t total = 0;
	(void)state;

	world_init(&w);
	assert_int_equal(CYCLE(&w, { H, OK, "" }, { T, OK, "" },
	    { T2, CRIT, "x" }, { OTHER, OK, "" }, { LOOKALIKE, OK, "" }), 1);
	/* the list breaks: every finding of it becomes unknown */
	assert_int_equal(CYCLE(&w, { H, UNK, "lists 127.0.0.1" },
	    { T, UNK, "broken" }, { T2, UNK, "broken" }, { OTHER, OK, "" },
	    { LOOKALIKE, OK, "" }), 0);
	assert_int_equal(CYCLE(&w, { H, UNK, "lists 127.0.0.1" },
	    { T, UNK, "broken" }, { T2, UNK, "broken" }, { OTHER, OK, "" },
	    { LOOKALIKE, OK, "" }), 1);
	assert_int_equal(w.ev.v[0].kind, EVENT_LIST_BROKEN);
	assert_string_equal(w.ev.v[0].key, H);
	assert_string_equal(w.ev.v[0].detail, "lists 127.0.0.1");
	/* broken for longer than unknown_after: still only that event */
	for (int i = 0; i < 12; i++)
		total += CYCLE(&w, { H, UNK, "lists 127.0.0.1" },
		    { T, UNK, "broken" }, { T2, UNK, "broken" },
		    { OTHER, OK, "" }, { LOOKALIKE, OK, "" });
	assert_int_equal(total, 0);
	/* another list's target still alerts while this one is broken */
	CYCLE(&w, { H, UNK, "l" }, { OTHER, CRIT, "x" }, { LOOKALIKE, CRIT, "y" });
	assert_int_equal(CYCLE(&w, { H, UNK, "l" }, { OTHER, CRIT, "x" },
	    { LOOKALIKE, CRIT, "y" }), 2);
	/* fixed: no "ok again" for the list, targets back as they were */
	assert_int_equal(CYCLE(&w, { H, OK, "" }, { T, OK, "" },
	    { T2, CRIT, "x" }), 0);
	/* the targets' unknown time restarted when the list was fixed */
	assert_int_equal(w.last.v[1].unknown_since, 0);
	world_free(&w);
}

static void
test_diff_list_broken_since_first_run(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	assert_int_equal(CYCLE(&w, { H, UNK, "lists 127.0.0.1" },
	    { T, UNK, "broken" }), 0);
	assert_int_equal(CYCLE(&w, { H, UNK, "lists 127.0.0.1" },
	    { T, UNK, "broken" }), 1);
	assert_true(w.ev.v[0].from_none);
	assert_int_equal(w.ev.v[0].kind, EVENT_LIST_BROKEN);
	world_free(&w);
}

static void
test_diff_detail_change_is_an_event(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	CYCLE(&w, { T, CRIT, "127.0.0.2 SBL" });
	assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.4 XBL" }), 0);
	assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.4 XBL" }), 1);
	assert_int_equal(w.ev.v[0].kind, EVENT_DETAIL);
	assert_int_equal(w.ev.v[0].from, CRIT);
	assert_int_equal(w.ev.v[0].to, CRIT);
	assert_string_equal(w.ev.v[0].detail, "127.0.0.4 XBL");
	assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.4 XBL" }), 0);
	/* a one-cycle blip of another reason is not confirmed */
	assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.9" }), 0);
	assert_int_equal(CYCLE(&w, { T, CRIT, "127.0.0.4 XBL" }), 0);
	assert_false(w.last.v[0].has_pending);
	/* an ok finding's text changing is no event */
	CYCLE(&w, { T2, OK, "on allow-list" });
	assert_int_equal(CYCLE(&w, { T2, OK, "" }), 0);
	assert_int_equal(CYCLE(&w, { T2, OK, "something" }), 0);
	world_free(&w);
}

/* A tracked detail (an MTA-STS policy id) changing while ok: one event. */
static void
test_diff_tracked_detail_change_while_ok(void **state)
{
	static const char *const P = "mta-sts/policy.test";
	struct world w;
	(void)state;

	world_init(&w);
	track_all = true;
	assert_int_equal(CYCLE(&w, { P, OK, "id=1; mode enforce" }), 0);
	assert_int_equal(CYCLE(&w, { P, OK, "id=1; mode enforce" }), 0);
	assert_int_equal(CYCLE(&w, { P, OK, "id=2; mode testing" }), 1);
	assert_int_equal(w.ev.v[0].kind, EVENT_DETAIL);
	assert_int_equal(w.ev.v[0].from, OK);
	assert_int_equal(w.ev.v[0].to, OK);
	assert_string_equal(w.ev.v[0].detail, "id=2; mode testing");
	/* once: the new detail is the confirmed one */
	assert_int_equal(CYCLE(&w, { P, OK, "id=2; mode testing" }), 0);
	/* unknown in between is no observation, the id is still 2 */
	assert_int_equal(CYCLE(&w, { P, UNK, "timeout" }), 0);
	assert_int_equal(CYCLE(&w, { P, OK, "id=2; mode testing" }), 0);
	track_all = false;
	world_free(&w);
}

static void
test_diff_absent_keys_are_left_alone(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	CYCLE(&w, { T, OK, "" }, { "spf/example.test", CRIT, "x" });
	assert_int_equal(CYCLE(&w, { T, OK, "" }), 0);
	assert_int_equal(w.last.n, 1);
	assert_int_equal(w.stored.n, 2);
	world_free(&w);
}

static void
test_diff_marks_observation_changes(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	CYCLE(&w, { T, OK, "" });
	assert_true(w.last.v[0].observed_changed);
	CYCLE(&w, { T, OK, "" });
	assert_false(w.last.v[0].observed_changed);
	CYCLE(&w, { T, CRIT, "a" });
	assert_true(w.last.v[0].observed_changed);
	CYCLE(&w, { T, CRIT, "b" });
	assert_true(w.last.v[0].observed_changed);
	CYCLE(&w, { T, CRIT, "b" });
	assert_false(w.last.v[0].observed_changed);
	world_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_baseline_alerts_only_problems),
		cmocka_unit_test(test_diff_listing_needs_confirmation),
		cmocka_unit_test(test_diff_confirm_counts_from_rules),
		cmocka_unit_test(test_diff_flapping_never_confirms),
		cmocka_unit_test(test_diff_unknown_never_says_ok_again),
		cmocka_unit_test(test_diff_unknown_does_not_break_a_confirmation),
		cmocka_unit_test(test_diff_unknown_too_long_gives_one_event),
		cmocka_unit_test(test_diff_broken_list_one_event_no_target_noise),
		cmocka_unit_test(test_diff_list_broken_since_first_run),
		cmocka_unit_test(test_diff_detail_change_is_an_event),
		cmocka_unit_test(test_diff_tracked_detail_change_while_ok),
		cmocka_unit_test(test_diff_absent_keys_are_left_alone),
		cmocka_unit_test(test_diff_marks_observation_changes),
		cmocka_unit_test(test_diff_baseline_folds_a_storm),
		cmocka_unit_test(test_diff_cycle_chunks_share_the_cycle),
	};

	return cmocka_run_group_tests_name("findings_diff", tests, NULL, NULL);
}
