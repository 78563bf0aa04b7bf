/*
 * outbox.c -- outbox delivery, one pass of one sink (see outbox.h).
 */
#include <stdio.h>
#include <string.h>

#include "alerts/alert_retry.h"
#include "monitor/log.h"
#include "monitor/outbox.h"

static bool
sink_wants(const void *arg, const struct event *e)
{
	return alert_wants(arg, e);
}

size_t
outbox_sinks(const struct config *cfg, struct state_sink *out)
{
	for (size_t i = 0; i < cfg->nalerts; i++) {
		out[i].name = cfg->alerts[i].name;
		out[i].wants = sink_wants;
		out[i].arg = &cfg->alerts[i];
	}
	return cfg->nalerts;
}

void
outbox_sink_free(struct outbox_sink *s)
{
	event_list_free(&s->unmarked);
}

static const char *const outbox_status_verbs[] = {
	[OUTBOX_PENDING] = "tried",
	[OUTBOX_SENT] = "delivered",
	[OUTBOX_FAILED] = "refused",
};

/*
 * Writes the mark kept in memory. Returns 0 (written, or none kept), or
 * -1 while the database still refuses it.
 */
static int
outbox_write_unmarked(struct state_store *st, struct outbox_sink *s)
{
	char err[512], id[EVENT_ID_LEN];

	if (s->unmarked.n == 0)
		return 0;
	if (state_store_outbox_mark(st, s->alert->name, &s->unmarked,
	    s->unmarked_status, s->unmarked_at, s->unmarked_next_try,
	    s->unmarked_status == OUTBOX_SENT ? NULL : s->unmarked_error, err,
	    sizeof(err)) == -1)
		return -1;
	log_info("alert %s: the delivery mark of event %s is written now",
	    s->alert->name, event_id_text(&s->unmarked.v[0], id));
	event_list_free(&s->unmarked);
	return 0;
}

/* A mark the database refused: kept in memory, said once. */
static void
outbox_keep_unmarked(struct outbox_sink *s, struct event_list *due,
    enum outbox_status status, int64_t now, int64_t next_try,
    const char *error, const char *why)
{
	char id[EVENT_ID_LEN];

	log_err("alert %s: event %s was %s, but the state database cannot"
	    " record it (%s): kept in memory and not sent again; this sink"
	    " waits until the mark is written (retried every %ds)",
	    s->alert->name, event_id_text(&due->v[0], id),
	    outbox_status_verbs[status], why, OUTBOX_MARK_RETRY_S);
	if (s->mark_errors != NULL)
		atomic_fetch_add(s->mark_errors, 1);
	event_list_free(&s->unmarked);
	s->unmarked = *due;
	*due = (struct event_list){ 0 };
	s->unmarked_status = status;
	s->unmarked_at = now;
	s->unmarked_next_try = next_try;
	snprintf(s->unmarked_error, sizeof(s->unmarked_error), "%s",
	    error != NULL ? error : "");
}

int64_t
outbox_sink_pass(struct state_store *st, struct outbox_sink *s,
    int64_t (*clock)(void), const atomic_bool *cancel,
    outbox_report report, void *arg, char *err, size_t errlen)
{
	const struct cfg_alert *a = s->alert;
	const struct alert_sink_type *type = alert_sink_type_of(a);
	struct event_list due = { 0 };
	int64_t next_try = 0;

	if (type == NULL)
		return 0;
	if (outbox_write_unmarked(st, s) == -1)
		return clock() + OUTBOX_MARK_RETRY_S;
	for (int i = 0; i < OUTBOX_PASS_MAX; i++) {
		struct alert_outcome out;
		enum outbox_status status;
		int64_t now = clock(), retry = 0;
		char why[512];
		int attempts, n;

		if (cancel != NULL && atomic_load(cancel))
			return next_try;
		event_list_free(&due);
		n = state_store_outbox_due(st, a->name, now, type->whole_cycle,
		    &due, &next_try, &attempts, err, errlen);
		if (n <= 0)
			return n < 0 ? -1 : next_try;
		type->deliver(a, due.v, due.n, now, cancel, &out);
		now = clock();
		/* abandoned: left pending, due at once next time */
		if (out.result != ALERT_SENT && cancel != NULL &&
		    atomic_load(cancel)) {
			event_list_free(&due);
			return now;
		}
		switch (out.result) {
		case ALERT_SENT:
			status = OUTBOX_SENT;
			break;
		case ALERT_REFUSED:
			status = OUTBOX_FAILED;
			break;
		case ALERT_RETRY:
		default:
			status = OUTBOX_PENDING;
			/* now is whole seconds, cut down: one more, so the
			 * wait is never shorter than the receiver's
			 * Retry-After (a rate limiter refuses a try made
			 * early) */
			retry = now + 1 + alert_retry_delay(attempts + 1,
			    out.retry_after_s);
			break;
		}
		if (report != NULL)
			report(arg, a, &due, &out, retry);
		if (state_store_outbox_mark(st, a->name, &due, status, now,
		    retry, status == OUTBOX_SENT ? NULL : out.error, why,
		    sizeof(why)) == -1) {
			outbox_keep_unmarked(s, &due, status, now, retry,
			    out.error, why);
			return now + OUTBOX_MARK_RETRY_S;
		}
		if (status == OUTBOX_PENDING) {
			event_list_free(&due);
			return retry;
		}
	}
	event_list_free(&due);
	return clock();
}
