/*
 * cmd_events.c -- "sendwatch events [--since 1d] [--json]": the events
 * `run` recorded, oldest first, with their delivery to each alert sink
 * (sent, pending with attempts and last error, failed). Reads the state
 * file of [general] state; safe while `run` is running (WAL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/alert.h"
#include "config/cfg_value.h"
#include "monitor/cmd.h"
#include "monitor/db_hint.h"
#include "monitor/output/events_json.h"
#include "monitor/store/state_store.h"

struct events_out {
	bool		 json;
	int64_t		 last_id;	/* event being printed */
	size_t		 n;
	struct events_json js;		/* --json */
};

static void
events_text(struct events_out *o, const struct state_event_row *r)
{
	const struct event *e = r->ev;
	char when[32], id[EVENT_ID_LEN];

	if (e->id != o->last_id) {
		alert_format_time(e->time, when, sizeof(when));
		printf("%s #%s %s %s -> %s %s\n    %s\n", when,
		    event_id_text(e, id), event_kind_name(e->kind),
		    event_from_name(e), finding_state_name(e->to), e->key,
		    e->summary);
		o->last_id = e->id;
		o->n++;
	}
	if (r->sink == NULL) {
		printf("    (no alert sink wanted it)\n");
		return;
	}
	printf("    %s: %s", r->sink, r->status);
	if (r->sent_at != 0) {
		alert_format_time(r->sent_at, when, sizeof(when));
		printf(" %s", when);
	}
	if (r->attempts > 0 && strcmp(r->status, "sent") != 0)
		printf(", %d attempt%s", r->attempts, r->attempts == 1 ? "" : "s");
	if (r->last_error != NULL && strcmp(r->status, "sent") != 0)
		printf(", last error: %s", r->last_error);
	printf("\n");
}

static void
events_row(void *arg, const struct state_event_row *r)
{
	struct events_out *o = arg;

	if (o->json)
		events_json_row(&o->js, r);
	else
		events_text(o, r);
}

static int
events_usage(FILE *fp)
{
	fprintf(fp, "usage: sendwatch events [--since DURATION] [--json]"
	    " [-c FILE]\n"
	    "  --since DURATION  events newer than this (default 1d; e.g."
	    " 30m, 2h, 7d)\n"
	    "  --json            one JSON document\n");
	return fp == stdout ? 0 : 2;
}

enum { EVENTS_OPT_JSON = CMD_OPT_FIRST_OWN, EVENTS_OPT_SINCE };

static const struct option events_options[] = {
	{ "json", no_argument, NULL, EVENTS_OPT_JSON },
	{ "since", required_argument, NULL, EVENTS_OPT_SINCE },
	CMD_GLOBAL_OPTIONS
};

static int
cmd_events_exec(struct cmd_globals *g, int argc, char **argv)
{
	struct events_out o = { 0 };
	struct config *cfg;
	struct state_store *st = NULL;
	uint64_t since_ms = 86400000;
	struct cmd_opts p = { g, argc, argv, ":c:hv", events_options, true,
	    false };
	char err[512];
	int status = 2, opt;

	while ((opt = cmd_getopt(&p)) != -1) {
		switch (opt) {
		case EVENTS_OPT_JSON:
			o.json = true;
			break;
		case EVENTS_OPT_SINCE:
			if (!cfg_parse_duration(optarg, &since_ms, err,
			    sizeof(err))) {
				fprintf(stderr, "sendwatch events: --since: %s\n",
				    err);
				return 2;
			}
			break;
		case 'h':
			return events_usage(stdout);
		case CMD_OPT_ERROR:
			return 2;
		default:
			return events_usage(stderr);
		}
	}
	if (optind < argc)
		return events_usage(stderr);
	if ((cfg = cmd_load_config(g)) == NULL)
		goto done;
	if (cfg->general.state == NULL) {
		fprintf(stderr, "sendwatch events: %s: [general] state is not"
		    " set\n", g->config_path);
		goto done;
	}
	if ((st = state_store_open(cfg->general.state, err, sizeof(err))) ==
	    NULL) {
		fprintf(stderr, "sendwatch events: %s\n", err);
		db_hint(stderr, "sendwatch events", cfg->general.state, NULL,
		    g->config_path);
		goto done;
	}
	if (o.json)
		events_json_begin(&o.js, stdout);
	if (state_store_events(st, (int64_t)time(NULL) - (int64_t)(since_ms /
	    1000), events_row, &o, err, sizeof(err)) == -1) {
		fprintf(stderr, "sendwatch events: %s\n", err);
		goto done;
	}
	if (o.json)
		events_json_end(&o.js);
	else if (o.n == 0)
		printf("no events in the last %llus\n",
		    (unsigned long long)(since_ms / 1000));
	status = 0;
done:
	state_store_close(st);
	cfg_free(cfg);
	return status;
}

const struct cmd_entry cmd_events_entry = {
	.name = "events",
	.usage = "[--since DURATION] [--json] [-c FILE]",
	.help = "list recent events of `run` and their delivery to each sink",
	.exec = cmd_events_exec,
};
