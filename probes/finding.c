/*
 * finding.c -- the finding list every probe appends to (see finding.h).
 */
#include <stdlib.h>
#include <string.h>

#include "probes/finding.h"

static const char *const finding_state_names[] = {
	[FINDING_OK] = "ok",
	[FINDING_WARNING] = "warning",
	[FINDING_CRITICAL] = "critical",
	[FINDING_UNKNOWN] = "unknown",
};

const char *
finding_state_name(enum finding_state st)
{
	if ((unsigned)st > FINDING_UNKNOWN)
		return "unknown";
	return finding_state_names[st];
}

static void
finding_clear(struct finding *f)
{
	free(f->key);
	free(f->probe);
	free(f->target);
	free(f->summary);
	free(f->detail);
}

struct finding *
finding_list_add(struct finding_list *l, const char *key, const char *probe,
    const char *target, enum finding_state st, const char *summary,
    const char *detail)
{
	struct finding	*f;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct finding *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	f = &l->v[l->n];
	memset(f, 0, sizeof(*f));
	f->state = st;
	if ((f->key = strdup(key)) == NULL ||
	    (f->probe = strdup(probe)) == NULL ||
	    (f->target = strdup(target)) == NULL ||
	    (f->summary = strdup(summary)) == NULL ||
	    (detail != NULL && (f->detail = strdup(detail)) == NULL)) {
		finding_clear(f);
		return NULL;
	}
	l->n++;
	return f;
}

void
finding_list_free(struct finding_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		finding_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
