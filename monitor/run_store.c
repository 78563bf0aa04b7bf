/*
 * run_store.c -- stores the cycles of `sendwatch run` (see run_store.h).
 * Each batch loads the stored entries of its own keys only, by key
 * (state_store_load_keys), diffs them in the cycle's diff context and
 * writes them in one transaction (state_store_batch); the cycle's last
 * transaction is state_store_commit. Events are logged once stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/log.h"
#include "monitor/outbox.h"
#include "monitor/run_store.h"

static void
run_store_log_event(const struct event *e)
{
	char id[EVENT_ID_LEN];

	log_info("event %s: %s %s -> %s: %s", event_id_text(e, id),
	    event_kind_name(e->kind), event_from_name(e),
	    finding_state_name(e->to), e->summary);
}

int
run_store_begin(struct run_store *rs, struct run_state *state,
    const struct config *cfg, int64_t now)
{
	memset(rs, 0, sizeof(*rs));
	rs->state = state;
	rs->st = state->st;
	rs->now = now;
	rs->rules = (struct diff_rules){
		.confirm_listing = cfg->schedule.confirm_listing,
		.confirm_delisting = cfg->schedule.confirm_delisting,
		.unknown_after_s = (int64_t)(cfg->schedule.unknown_after_ms /
		    1000),
	};
	diff_cycle_init(&rs->dc, &rs->rules, now);
	if ((rs->sinks = calloc(cfg->nalerts + 1, sizeof(*rs->sinks))) ==
	    NULL) {
		log_err("out of memory");
		return -1;
	}
	rs->nsinks = outbox_sinks(cfg, rs->sinks);
	return 0;
}

/* Diffs found against the stored state of its keys into next, events. */
static int
run_store_diff(struct run_store *rs, const struct finding_list *found,
    struct state_entries *next, struct event_list *events, char *err,
    size_t errlen)
{
	struct state_entries prev = { 0 };
	int rv = 0;

	if (state_store_load_keys(rs->st, found, &prev, err, errlen) == -1)
		rv = -1;
	else if (diff_cycle_chunk(&rs->dc, &prev, found, next, events) == -1) {
		snprintf(err, errlen, "out of memory");
		rv = -1;
	}
	state_entries_free(&prev);
	return rv;
}

int
run_store_flush(void *arg, struct finding_list *found)
{
	struct run_store *rs = arg;
	struct state_entries next = { 0 };
	struct event_list events = { 0 };
	char err[512];
	int rv = -1;

	if (rs->failed)
		return -1;
	if (run_store_diff(rs, found, &next, &events, err, sizeof(err)) == -1 ||
	    state_store_batch(rs->st, rs->now, &next, &events, rs->sinks,
	    rs->nsinks, err, sizeof(err)) == -1) {
		run_state_failed(rs->state, err);
		rs->failed = true;
		goto done;
	}
	run_state_written(rs->state);
	for (size_t i = 0; i < events.n; i++)
		run_store_log_event(&events.v[i]);
	rs->findings += found->n;
	rs->events += events.n;
	finding_list_truncate(found, 0);
	rv = 0;
done:
	state_entries_free(&next);
	event_list_free(&events);
	return rv;
}

int
run_store_commit(struct run_store *rs, const struct engine *e,
    unsigned long cycle)
{
	struct state_entries next = { 0 };
	struct event_list events = { 0 };
	struct state_query_count *queries;
	size_t nqueries = 0;
	char err[512];
	int rv = -1;

	if (rs->failed)
		return -1;
	if ((queries = calloc(e->lists.n + 1, sizeof(*queries))) == NULL) {
		log_err("out of memory");
		return -1;
	}
	for (size_t i = 0; e->list_queries != NULL && i < e->lists.n; i++)
		queries[nqueries++] = (struct state_query_count){
			.zone = e->lists.v[i].zone, .n = e->list_queries[i] };
	if (run_store_diff(rs, &e->findings, &next, &events, err,
	    sizeof(err)) == -1 ||
	    (diff_cycle_finish(&rs->dc, &events) == -1 &&
	    snprintf(err, sizeof(err), "out of memory") > 0) ||
	    state_store_commit(rs->st, rs->now, &next, &events, rs->sinks,
	    rs->nsinks, queries, nqueries, e->bounces, err, sizeof(err)) == -1) {
		run_state_failed(rs->state, err);
		goto done;
	}
	run_state_written(rs->state);
	for (size_t i = 0; i < events.n; i++)
		run_store_log_event(&events.v[i]);
	log_debug("cycle %lu: %zu findings, %zu events", cycle,
	    rs->findings + e->findings.n, rs->events + events.n);
	rv = 0;
done:
	free(queries);
	state_entries_free(&next);
	event_list_free(&events);
	return rv;
}

void
run_store_end(struct run_store *rs)
{
	diff_cycle_free(&rs->dc);
	if (rs->st != NULL)
		state_store_cycle_done(rs->st);
	free(rs->sinks);
	rs->sinks = NULL;
}
