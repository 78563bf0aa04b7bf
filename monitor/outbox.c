/*
 * outbox.c -- outbox delivery (see outbox.h).
 */
#include <stdio.h>

#include "alerts/alert_retry.h"
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

static int64_t
earlier(int64_t a, int64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

/* Delivers one sink's due events; returns its next due time, or -1. */
static int64_t
outbox_sink(struct state_store *st, const struct cfg_alert *a,
    int64_t (*clock)(void), bool (*stopping)(void *),
    outbox_report report, void *arg, char *err, size_t errlen)
{
	const struct alert_sink_type *type = alert_sink_type_of(a);
	struct event_list due = { 0 };
	int64_t next_try = 0;

	while (type != NULL && (stopping == NULL || !stopping(arg))) {
		struct alert_outcome out;
		enum outbox_status status;
		int64_t now = clock(), retry = 0;
		int attempts, n;

		event_list_free(&due);
		n = state_store_outbox_due(st, a->name, now, type->whole_cycle,
		    &due, &next_try, &attempts, err, errlen);
		if (n <= 0)
			return n < 0 ? -1 : next_try;
		type->deliver(a, due.v, due.n, now, &out);
		now = clock();
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
			retry = now + alert_retry_delay(attempts + 1,
			    out.retry_after_s);
			break;
		}
		if (state_store_outbox_mark(st, a->name, &due, status, now,
		    retry, status == OUTBOX_SENT ? NULL : out.error, err,
		    errlen) == -1) {
			event_list_free(&due);
			return -1;
		}
		if (report != NULL)
			report(arg, a, &due, &out, retry);
		if (status == OUTBOX_PENDING) {
			event_list_free(&due);
			return retry;
		}
	}
	event_list_free(&due);
	/* stopped: whatever is left is due at once after a restart */
	return next_try;
}

int64_t
outbox_run(struct state_store *st, const struct config *cfg,
    int64_t (*clock)(void), bool (*stopping)(void *),
    outbox_report report, void *arg, char *err, size_t errlen)
{
	int64_t next = 0;

	for (size_t i = 0; i < cfg->nalerts; i++) {
		int64_t t = outbox_sink(st, &cfg->alerts[i], clock, stopping,
		    report, arg, err, errlen);
		if (t < 0)
			return -1;
		next = earlier(next, t);
	}
	return next;
}
