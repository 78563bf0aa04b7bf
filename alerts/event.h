/*
 * event.h -- an event: what changed between the stored finding for a key
 * and the new one (ok -> critical, critical -> ok, listing reason
 * changed, cannot check any more, list broken). Alert sinks see events,
 * never findings or probes. An event list owns every string in it;
 * event_list_free() frees them.
 */
#ifndef SENDWATCH_EVENT_H
#define SENDWATCH_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/finding.h"

enum event_kind {
	EVENT_BASELINE,		/* first observation of a key, a problem */
	EVENT_CHANGE,		/* confirmed state change */
	EVENT_DETAIL,		/* same state, listing code or reason changed */
	EVENT_UNKNOWN,		/* could not be checked for unknown_after */
	EVENT_LIST_BROKEN,	/* a list fails its test points */
};

/* An event's origin: 16 hex digits, random, drawn each time the service
 * opens its state file for writing and stored with every event it makes. */
#define EVENT_ORIGIN_LEN	17
/* Room for an event_id as text: "ORIGIN-SEQ". */
#define EVENT_ID_LEN		40

struct event {
	int64_t			 id;		/* events.id once stored; 0 before */
	char			 origin[EVENT_ORIGIN_LEN];	/* "" before */
	int64_t			 cycle;		/* the cycle that made it */
	int64_t			 time;		/* unix seconds */
	enum event_kind		 kind;
	char			*key;
	char			*probe;
	char			*target;
	bool			 from_none;	/* no earlier state (baseline) */
	enum finding_state	 from;
	enum finding_state	 to;
	char			*summary;
	char			*detail;	/* why it matters and the fix; "" if none */
};

struct event_list {
	struct event	*v;
	size_t		 n;
	size_t		 cap;
};

/*
 * The event_id receivers see, into buf (returned): "ORIGIN-SEQ", e.g.
 * "9f2c4e1a7b3d5c60-42", where SEQ is id (rising within one origin) and
 * ORIGIN the random value of the state file's opening that made it, so
 * no two events of an installation share an id, even across a new,
 * restored or replaced state file. Events stored before origins were
 * kept have none and show SEQ alone.
 */
const char	*event_id_text(const struct event *, char buf[EVENT_ID_LEN]);

/* "baseline", "change", "detail", "unknown", "list-broken". */
const char	*event_kind_name(enum event_kind);

/* "none" for a baseline, else the state name. */
const char	*event_from_name(const struct event *);

/*
 * How much attention the event needs, for sink filters and mail
 * subjects: the worse of its from and to states (a recovery from
 * critical is a critical event), ordered ok < warning < critical <
 * unknown as min_severity is.
 */
enum finding_state event_severity(const struct event *);

/*
 * Appends a copy of e's strings (detail NULL is stored as ""). Returns
 * the new event, owned by the list, or NULL when out of memory.
 */
struct event	*event_list_add(struct event_list *, const struct event *e);

/* Frees every event and empties the list; NULL does nothing. */
void		 event_list_free(struct event_list *);

#endif
