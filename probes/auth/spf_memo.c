/*
 * spf_memo.c -- remembered answers for one SPF probe run (spf_memo.h).
 * A run asks a few dozen names, so a linear search is enough.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/spf_memo.h"

struct spf_memo_entry {
	char			*name;
	uint16_t		 type;
	struct dns_answer	*a;	/* owned: released to inner at the end */
};

static struct dns_answer *
spf_memo_query(void *ctx, const char *name, uint16_t type)
{
	struct spf_memo		*m = ctx;
	struct spf_memo_entry	*v;
	struct dns_answer	*a;

	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].type == type && strcasecmp(m->v[i].name, name) == 0)
			return m->v[i].a;
	if ((a = authdns_query(m->inner, name, type)) == NULL)
		return NULL;
	if ((v = realloc(m->v, (m->n + 1) * sizeof(*v))) == NULL ||
	    (v[m->n].name = strdup(name)) == NULL) {
		if (v != NULL)
			m->v = v;
		authdns_release(m->inner, a);
		return NULL;
	}
	m->v = v;
	v[m->n].type = type;
	v[m->n].a = a;
	m->n++;
	return a;
}

/* Remembered answers live until spf_memo_free(). */
static void
spf_memo_release(void *ctx, struct dns_answer *a)
{
	(void)ctx;
	(void)a;
}

void
spf_memo_init(struct spf_memo *m, struct authdns *inner)
{
	memset(m, 0, sizeof(*m));
	m->inner = inner;
	m->ad.query = spf_memo_query;
	m->ad.release = spf_memo_release;
	m->ad.ctx = m;
}

void
spf_memo_free(struct spf_memo *m)
{
	for (size_t i = 0; i < m->n; i++) {
		authdns_release(m->inner, m->v[i].a);
		free(m->v[i].name);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}
