/*
 * events_json.c -- the events document (see events_json.h). One event
 * comes as one row per sink: the event's members are written on its
 * first row, each row adds one delivery.
 */
#include "alerts/alert.h"
#include "monitor/output/events_json.h"
#include "monitor/output/json_write.h"

void
events_json_begin(struct events_json *o, FILE *out)
{
	o->out = out;
	o->last_id = 0;
	o->n = 0;
	fprintf(out, "{\"events\": [");
}

void
events_json_row(void *arg, const struct state_event_row *r)
{
	struct events_json *o = arg;
	const struct event *e = r->ev;
	FILE *out = o->out;
	char when[32], id[EVENT_ID_LEN];

	if (o->n == 0 || e->id != o->last_id) {
		alert_format_time(e->time, when, sizeof(when));
		fprintf(out, "%s\n  {\"event_id\": \"%s\", \"seq\": %lld, "
		    "\"time\": \"%s\", \"kind\": ", o->n > 0 ? "]}," : "",
		    event_id_text(e, id), (long long)e->id, when);
		json_write_string(out, event_kind_name(e->kind));
		fprintf(out, ", \"key\": ");
		json_write_string(out, e->key);
		fprintf(out, ", \"probe\": ");
		json_write_string(out, e->probe);
		fprintf(out, ", \"target\": ");
		json_write_string(out, e->target);
		fprintf(out, ", \"from\": \"%s\", \"to\": \"%s\", \"summary\": ",
		    event_from_name(e), finding_state_name(e->to));
		json_write_string(out, e->summary);
		fprintf(out, ", \"detail\": ");
		json_write_string(out, e->detail);
		fprintf(out, ", \"deliveries\": [");
		o->last_id = e->id;
		o->n++;
	} else if (r->sink != NULL)
		fprintf(out, ", ");
	if (r->sink == NULL)
		return;
	fprintf(out, "{\"sink\": ");
	json_write_string(out, r->sink);
	fprintf(out, ", \"status\": \"%s\", \"attempts\": %d", r->status,
	    r->attempts);
	if (r->sent_at != 0) {
		alert_format_time(r->sent_at, when, sizeof(when));
		fprintf(out, ", \"sent_at\": \"%s\"", when);
	}
	if (r->last_error != NULL) {
		fprintf(out, ", \"last_error\": ");
		json_write_string(out, r->last_error);
	}
	fprintf(out, "}");
}

void
events_json_end(struct events_json *o)
{
	fprintf(o->out, "%s]}\n", o->n > 0 ? "]}\n" : "");
}
