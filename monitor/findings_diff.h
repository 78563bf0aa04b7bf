/*
 * findings_diff.h -- turns one cycle's findings into events by comparing
 * them with the stored state of each key. Pure: no I/O, no clock (the
 * caller passes now), so every rule is unit-tested.
 *
 * Rules (issue 6, "no alarm storms"):
 *  - A key seen for the first time is its baseline: a problem (warning,
 *    critical) is an event at once (the first DIFF_BASELINE_EACH of a
 *    list in a cycle; the rest in one event, see diff_cycle), ok is
 *    recorded silently, unknown records nothing but when it started.
 *  - A change of state, or of detail (the listing code or reason) while
 *    in a problem state, becomes an event only after it was observed
 *    confirm times in a row: confirm_listing for a change to a problem or
 *    a new detail, confirm_delisting for a change to ok. A finding that
 *    sets track_detail (an MTA-STS policy) makes a new detail an event
 *    while ok too (EVENT_DETAIL, after confirm_delisting observations).
 *  - unknown is no observation: it never changes the confirmed state and
 *    never leads to an "ok again" event. A key unknown for unknown_after
 *    gives one EVENT_UNKNOWN carrying the reason.
 *  - A broken list (a "<probe>-health/<zone>" finding that is unknown)
 *    gives one EVENT_LIST_BROKEN after confirm_listing observations, and
 *    while it is broken no event is made for keys "<probe>/<zone>/...".
 * Keys absent from the new findings (a probe that did not run this
 * cycle) are left alone.
 */
#ifndef SENDWATCH_FINDINGS_DIFF_H
#define SENDWATCH_FINDINGS_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts/event.h"
#include "probes/finding.h"

/* What is stored per key between cycles. Owns its strings. */
struct state_entry {
	char			*key;
	char			*probe;
	char			*target;
	bool			 known;		/* a confirmed state exists */
	enum finding_state	 state;		/* confirmed (when known) */
	char			*state_detail;	/* detail of the confirmed state */
	enum finding_state	 last_state;	/* latest observation */
	char			*summary;	/* of the latest observation */
	char			*detail;
	bool			 has_pending;	/* a change being confirmed */
	enum finding_state	 pending_state;
	char			*pending_detail;
	unsigned		 pending_count;	/* observations in a row */
	int64_t			 first_seen;	/* unix seconds */
	int64_t			 last_seen;
	int64_t			 unknown_since;	/* 0: not unknown now */
	unsigned		 unknown_count;	/* unknown observations in a row */
	bool			 unknown_reported;
	/* set by diff_findings: the observation differs from the last one */
	bool			 observed_changed;
};

struct state_entries {
	struct state_entry	*v;
	size_t			 n;
	size_t			 cap;
};

struct diff_rules {
	unsigned	 confirm_listing;	/* >= 1 */
	unsigned	 confirm_delisting;	/* >= 1 */
	int64_t		 unknown_after_s;
};

/* Copies every string of src into a new entry of l. NULL when out of memory. */
struct state_entry *state_entries_add(struct state_entries *,
	    const struct state_entry *src);

/* Sorts by key so diff_findings can look keys up (done by diff_findings). */
void	state_entries_sort(struct state_entries *);

/* Frees every entry and empties the list; NULL does nothing. */
void	state_entries_free(struct state_entries *);

/*
 * One cycle's diff in chunks, for a sweep too large to hold at once:
 * each chunk's findings with the stored entries of their keys. Over the
 * whole cycle, a list found broken in any chunk silences its keys from
 * then on, a "-health" key is diffed once (its first finding), and
 * first-seen problems are told one by one for the first
 * DIFF_BASELINE_EACH keys of a list ("dnsbl/<zone>/"), then counted:
 * diff_cycle_finish() tells the rest in one EVENT_BASELINE per list
 * (key "dnsbl/<zone>", "N more first seen with a problem on <zone>"),
 * so a first cycle over 100,000 listed addresses is not 100,000 alerts.
 */
#define DIFF_BASELINE_EACH	20

struct diff_fold {
	char			*group;		/* "dnsbl/<zone>/" */
	char			 probe[32];
	size_t			 told;		/* events made one by one */
	size_t			 folded;	/* counted only */
	enum finding_state	 worst;
};

struct diff_cycle {
	const struct diff_rules	*rules;
	int64_t			 now;
	char			**broken;	/* "dnsbl/<zone>/" of broken lists */
	size_t			 nbroken;
	char			**health;	/* health keys diffed this cycle */
	size_t			 nhealth;
	struct diff_fold	*folds;
	size_t			 nfolds;
};

void	diff_cycle_init(struct diff_cycle *, const struct diff_rules *,
	    int64_t now);
/* As diff_findings for one chunk; prev holds (at least) its keys. */
int	diff_cycle_chunk(struct diff_cycle *, struct state_entries *prev,
	    const struct finding_list *cur, struct state_entries *next,
	    struct event_list *events);
/* Appends the folded baseline events. 0, or -1 when out of memory. */
int	diff_cycle_finish(struct diff_cycle *, struct event_list *events);
void	diff_cycle_free(struct diff_cycle *);

/*
 * Compares cur with prev (sorted here): one chunk of its own cycle. Appends one updated entry per
 * finding of cur to next (to be stored) and the events to events, with
 * time = now and cycle = 0. Returns 0, or -1 when out of memory.
 */
int	diff_findings(const struct diff_rules *, int64_t now,
	    struct state_entries *prev, const struct finding_list *cur,
	    struct state_entries *next, struct event_list *events);

#endif
