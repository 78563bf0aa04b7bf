/*
 * events_json.h -- the JSON document of `sendwatch events --json` and
 * GET /api/v1/events: {"events": [{..., "deliveries": [...]}, ...]},
 * written row by row as state_store_events() hands them over.
 */
#ifndef SENDWATCH_EVENTS_JSON_H
#define SENDWATCH_EVENTS_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "monitor/store/state_store.h"

struct events_json {
	FILE		*out;
	int64_t		 last_id;	/* event being written */
	size_t		 n;		/* events written */
};

void	events_json_begin(struct events_json *, FILE *out);
/* One row (arg: struct events_json); fits state_store_events. */
void	events_json_row(void *arg, const struct state_event_row *);
void	events_json_end(struct events_json *);

#endif
