/*
 * verdict.h -- collects the problems one probe finds about one target and
 * turns them into a single finding (one stable key per target).
 *
 * Each problem is a line "what was found\nwhy it matters. Fix: ...": the
 * first line becomes the finding's summary when it is the worst problem,
 * the whole text goes into the detail, prefixed by its state. Notes are
 * informational lines (reported tags, the SPF tree). The verdict's state
 * is the worst by finding_state_rank(): a definite problem (warning,
 * critical) matters more than a question we could not answer (unknown). The verdict owns its text; verdict_free() releases it.
 */
#ifndef SENDWATCH_VERDICT_H
#define SENDWATCH_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/finding.h"

struct verdict {
	enum finding_state	 state;		/* worst so far */
	char			*summary;	/* first line of the worst */
	char			*detail;	/* every problem and note */
	size_t			 len;
	size_t			 cap;
	size_t			 nproblems;	/* warning, critical, unknown */
	bool			 oom;
};

void	verdict_init(struct verdict *);
void	verdict_free(struct verdict *);		/* NULL does nothing */

/* Records a problem (or an ok fact when state is FINDING_OK). */
void	verdict_add(struct verdict *, enum finding_state, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Appends an informational line to the detail. */
void	verdict_note(struct verdict *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Appends the finding; ok_summary is used when nothing worse than ok was
 * added. Returns 0, or -1 when out of memory (here or earlier).
 */
int	verdict_emit(const struct verdict *, struct finding_list *,
	    const char *key, const char *probe, const char *target,
	    const char *ok_summary);

#endif
