/*
 * finding.c -- the finding list every probe appends to, and the one table
 * of state names (see finding.h).
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

static const char *const finding_state_tags[] = {
	[FINDING_OK] = "OK",
	[FINDING_WARNING] = "WARNING",
	[FINDING_CRITICAL] = "CRITICAL",
	[FINDING_UNKNOWN] = "UNKNOWN",
};

/* The order of finding_state_rank() (finding.h says why). */
static const int finding_state_ranks[] = {
	[FINDING_OK] = 0,
	[FINDING_UNKNOWN] = 1,
	[FINDING_WARNING] = 2,
	[FINDING_CRITICAL] = 3,
};

const char *
finding_state_name(enum finding_state st)
{
	if ((unsigned)st > FINDING_UNKNOWN)
		return "unknown";
	return finding_state_names[st];
}

const char *
finding_state_tag(enum finding_state st)
{
	if ((unsigned)st > FINDING_UNKNOWN)
		return "UNKNOWN";
	return finding_state_tags[st];
}

int
finding_state_rank(enum finding_state st)
{
	if ((unsigned)st > FINDING_UNKNOWN)
		return finding_state_ranks[FINDING_UNKNOWN];
	return finding_state_ranks[st];
}

bool
finding_state_worse(enum finding_state st, enum finding_state than)
{
	return finding_state_rank(st) > finding_state_rank(than);
}

/* The strings of a finding share one allocation, which key starts. */
static void
finding_clear(struct finding *f)
{
	free(f->key);
}

int
finding_list_reserve(struct finding_list *l, size_t n)
{
	struct finding *v;

	if (l->cap - l->n >= n)
		return 0;
	if ((v = realloc(l->v, (l->n + n) * sizeof(*v))) == NULL)
		return -1;
	l->v = v;
	l->cap = l->n + n;
	return 0;
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
	/*
	 * One block for the five strings: a sweep keeps a finding per
	 * (list, target) pair, and five small allocations each cost more in
	 * allocator overhead than the text itself.
	 */
	size_t lk = strlen(key) + 1, lp = strlen(probe) + 1;
	size_t lt = strlen(target) + 1, ls = strlen(summary) + 1;
	size_t ld = detail != NULL ? strlen(detail) + 1 : 0;
	char *b = malloc(lk + lp + lt + ls + ld);
	if (b == NULL)
		return NULL;
	f->key = memcpy(b, key, lk);
	f->probe = memcpy(b += lk, probe, lp);
	f->target = memcpy(b += lp, target, lt);
	f->summary = memcpy(b += lt, summary, ls);
	if (detail != NULL)
		f->detail = memcpy(b + ls, detail, ld);
	l->n++;
	return f;
}

void
finding_list_truncate(struct finding_list *l, size_t n)
{
	while (l->n > n)
		finding_clear(&l->v[--l->n]);
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
