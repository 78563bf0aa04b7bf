/*
 * event.c -- the event list (see event.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/event.h"

static const char *const event_kind_names[] = {
	[EVENT_BASELINE] = "baseline",
	[EVENT_CHANGE] = "change",
	[EVENT_DETAIL] = "detail",
	[EVENT_UNKNOWN] = "unknown",
	[EVENT_LIST_BROKEN] = "list-broken",
};

const char *
event_kind_name(enum event_kind k)
{
	if ((unsigned)k > EVENT_LIST_BROKEN)
		return "change";
	return event_kind_names[k];
}

const char *
event_id_text(const struct event *e, char buf[EVENT_ID_LEN])
{
	if (e->origin[0] != '\0')
		snprintf(buf, EVENT_ID_LEN, "%.16s-%lld", e->origin,
		    (long long)e->id);
	else
		snprintf(buf, EVENT_ID_LEN, "%lld", (long long)e->id);
	return buf;
}

const char *
event_from_name(const struct event *e)
{
	return e->from_none ? "none" : finding_state_name(e->from);
}

enum finding_state
event_severity(const struct event *e)
{
	if (e->from_none || e->to > e->from)
		return e->to;
	return e->from;
}

static void
event_clear(struct event *e)
{
	free(e->key);
	free(e->probe);
	free(e->target);
	free(e->summary);
	free(e->detail);
}

struct event *
event_list_add(struct event_list *l, const struct event *e)
{
	struct event *n;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct event *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	n = &l->v[l->n];
	*n = *e;
	n->key = strdup(e->key);
	n->probe = strdup(e->probe);
	n->target = strdup(e->target);
	n->summary = strdup(e->summary != NULL ? e->summary : "");
	n->detail = strdup(e->detail != NULL ? e->detail : "");
	if (n->key == NULL || n->probe == NULL || n->target == NULL ||
	    n->summary == NULL || n->detail == NULL) {
		event_clear(n);
		return NULL;
	}
	l->n++;
	return n;
}

void
event_list_free(struct event_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		event_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
