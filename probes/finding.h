/*
 * finding.h -- the data model shared by every part of sendwatch.
 *
 * A probe observes a target and appends findings: one fact each, with a
 * stable key ("dnsbl/zen.spamhaus.org/192.0.2.10"), a state and text.
 * The modes (audit, check, run) only differ in what they do with them.
 * A finding list owns every string in it; finding_list_free() frees them.
 */
#ifndef SENDWATCH_FINDING_H
#define SENDWATCH_FINDING_H

#include <stdbool.h>
#include <stdbool.h>
#include <stddef.h>

/* Ordered by how much attention they need when shown, not by severity. */
enum finding_state {
	FINDING_OK = 0,
	FINDING_WARNING = 1,
	FINDING_CRITICAL = 2,
	FINDING_UNKNOWN = 3,	/* we could not tell; never shown as ok */
};

struct finding {
	char			*key;		/* probe/.../target, stable */
	char			*probe;		/* "dnsbl", "dnsbl-health", ... */
	char			*target;	/* what was observed */
	enum finding_state	 state;
	char			*summary;	/* one line */
	char			*detail;	/* why it matters and the fix */
	/*
	 * A probe's own result word for scripts, e.g. "permerror" under
	 * the JSON name result_key ("spf_result", a static string); ""
	 * and NULL when the probe has none.
	 */
	char			 result[16];
	const char		*result_key;
	/*
	 * The detail names what was published (an MTA-STS policy id): in
	 * `run` a change of it is an event even while the state stays ok.
	 */
	bool			 track_detail;
};

struct finding_list {
	struct finding	*v;
	size_t		 n;
	size_t		 cap;
};

/* "ok", "warning", "critical", "unknown". */
const char	*finding_state_name(enum finding_state);

/*
 * "OK", "WARNING", "CRITICAL", "UNKNOWN": the upper-case names of the
 * Nagios status line, alert subjects and the audit report. The Nagios
 * exit status of a state is its value (FINDING_OK 0 ... FINDING_UNKNOWN 3).
 */
const char	*finding_state_tag(enum finding_state);

/*
 * How bad a state is when several fold into one (a record's problems, a
 * host's addresses, a check's status) or are sorted worst first: ok 0 <
 * unknown 1 < warning 2 < critical 3. A problem we saw outranks one we
 * could not check: unknown only outranks ok.
 */
int		 finding_state_rank(enum finding_state);

/* True when st is worse than the state it is compared with. */
bool		 finding_state_worse(enum finding_state st,
		    enum finding_state than);

/*
 * Appends a copy of the given strings (detail may be NULL), all in one
 * allocation: they are read-only, never freed one by one. Returns the
 * new finding, owned by the list, or NULL when out of memory.
 */
struct finding	*finding_list_add(struct finding_list *, const char *key,
		    const char *probe, const char *target, enum finding_state,
		    const char *summary, const char *detail);

/*
 * Makes room for n more findings at once, so that a probe that knows how
 * many it will add does not grow the array by doubling. Returns 0 or -1.
 */
int		 finding_list_reserve(struct finding_list *, size_t n);

/* Frees the findings from the n-th on (a step's, undone); keeps the rest. */
void		 finding_list_truncate(struct finding_list *, size_t n);

/* Frees every finding and resets the list to empty; NULL does nothing. */
void		 finding_list_free(struct finding_list *);

#endif
