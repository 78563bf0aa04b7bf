/*
 * findings_diff.c -- stored state + one cycle's findings -> events
 * (rules in findings_diff.h). Pure: no I/O, no clock, no globals.
 * The entries and events it appends are owned by the caller's lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/findings_diff.h"

static const char health_suffix[] = "-health";

static char *
dup_or_empty(const char *s)
{
	return strdup(s != NULL ? s : "");
}

static void
entry_clear(struct state_entry *e)
{
	free(e->key);
	free(e->probe);
	free(e->target);
	free(e->state_detail);
	free(e->summary);
	free(e->detail);
	free(e->pending_detail);
}

struct state_entry *
state_entries_add(struct state_entries *l, const struct state_entry *src)
{
	struct state_entry *e;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct state_entry *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	e = &l->v[l->n];
	*e = *src;
	e->key = dup_or_empty(src->key);
	e->probe = dup_or_empty(src->probe);
	e->target = dup_or_empty(src->target);
	e->state_detail = dup_or_empty(src->state_detail);
	e->summary = dup_or_empty(src->summary);
	e->detail = dup_or_empty(src->detail);
	e->pending_detail = dup_or_empty(src->pending_detail);
	if (e->key == NULL || e->probe == NULL || e->target == NULL ||
	    e->state_detail == NULL || e->summary == NULL ||
	    e->detail == NULL || e->pending_detail == NULL) {
		entry_clear(e);
		return NULL;
	}
	l->n++;
	return e;
}

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct state_entry *)a)->key,
	    ((const struct state_entry *)b)->key);
}

void
state_entries_sort(struct state_entries *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), entry_cmp);
}

void
state_entries_free(struct state_entries *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		entry_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static const struct state_entry *
lookup(const struct state_entries *l, const char *key)
{
	struct state_entry k = { .key = (char *)key };

	if (l->n == 0)
		return NULL;
	return bsearch(&k, l->v, l->n, sizeof(*l->v), entry_cmp);
}

static bool
is_health(const char *probe)
{
	size_t n = strlen(probe), s = sizeof(health_suffix) - 1;

	return n > s && strcmp(probe + n - s, health_suffix) == 0;
}

static bool
is_problem(enum finding_state st)
{
	return st == FINDING_WARNING || st == FINDING_CRITICAL;
}

/*
 * Prefixes of the keys a broken list covers: for an unknown
 * "dnsbl-health/<zone>" finding, "dnsbl/<zone>/". Returns a NULL-ended
 * array the caller frees with free_prefixes, or NULL when out of memory.
 */
static char **
broken_prefixes(const struct finding_list *cur)
{
	char **v = calloc(cur->n + 1, sizeof(*v));
	size_t n = 0;

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < cur->n; i++) {
		const struct finding *f = &cur->v[i];
		size_t plen = strlen(f->probe), base, len;
		if (f->state != FINDING_UNKNOWN || !is_health(f->probe) ||
		    strncmp(f->key, f->probe, plen) != 0 || f->key[plen] != '/')
			continue;
		base = plen - (sizeof(health_suffix) - 1);
		len = base + strlen(f->key + plen) + 2;
		if ((v[n] = malloc(len)) == NULL)
			goto fail;
		memcpy(v[n], f->probe, base);
		memcpy(v[n] + base, f->key + plen, strlen(f->key + plen));
		v[n][len - 2] = '/';
		v[n][len - 1] = '\0';
		n++;
	}
	return v;
fail:
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return NULL;
}

static void
free_prefixes(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static int
emit(struct event_list *events, enum event_kind kind, int64_t now,
    const struct state_entry *was, const struct finding *f)
{
	struct event e = {
		.time = now,
		.kind = kind,
		.key = f->key,
		.probe = f->probe,
		.target = f->target,
		.from_none = !was->known,
		.from = was->known ? was->state : FINDING_UNKNOWN,
		.to = f->state,
		.summary = f->summary,
		.detail = f->detail,
	};

	return event_list_add(events, &e) != NULL ? 0 : -1;
}

/* unknown: no observation, only the time it started and one event. */
static int
diff_unknown(const struct diff_rules *r, int64_t now, struct state_entry *n,
    const struct finding *f, bool quiet, struct event_list *events)
{
	if (quiet) {
		/* the list's own event speaks for it; start again after */
		n->unknown_since = 0;
		n->unknown_count = 0;
		return 0;
	}
	if (n->unknown_since == 0)
		n->unknown_since = now;
	n->unknown_count++;
	if (n->unknown_reported)
		return 0;
	if (is_health(f->probe) ? n->unknown_count >= r->confirm_listing :
	    now - n->unknown_since >= r->unknown_after_s) {
		n->unknown_reported = true;
		return emit(events, is_health(f->probe) ? EVENT_LIST_BROKEN :
		    EVENT_UNKNOWN, now, n, f);
	}
	return 0;
}

static int baseline_each(struct diff_cycle *, const struct finding *);

static int
set_text(char **dst, const char *src)
{
	char *s = dup_or_empty(src);

	if (s == NULL)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

/* Makes f the confirmed state of n and forgets any pending change. */
static int
confirm(struct state_entry *n, const struct finding *f)
{
	n->known = true;
	n->state = f->state;
	n->has_pending = false;
	n->pending_count = 0;
	return set_text(&n->state_detail, f->detail) == -1 ||
	    set_text(&n->pending_detail, "") == -1 ? -1 : 0;
}

/* A definite observation (ok, warning, critical). */
static int
diff_definite(struct diff_cycle *c, struct state_entry *n,
    const struct finding *f, struct event_list *events)
{
	const struct diff_rules *r = c->rules;
	int64_t now = c->now;
	const char *detail = f->detail != NULL ? f->detail : "";
	bool same_detail;
	unsigned need;

	n->unknown_since = 0;
	n->unknown_count = 0;
	n->unknown_reported = false;
	if (!n->known) {
		/* baseline: only a problem is worth telling */
		if (is_problem(f->state)) {
			int tell = baseline_each(c, f);

			if (tell == -1 || (tell == 1 &&
			    emit(events, EVENT_BASELINE, now, n, f) == -1))
				return -1;
		}
		return confirm(n, f);
	}
	same_detail = strcmp(detail, n->state_detail) == 0;
	if (f->state == n->state && (f->state == FINDING_OK || same_detail) &&
	    !(f->track_detail && !same_detail)) {
		n->has_pending = false;
		n->pending_count = 0;
		return f->state == FINDING_OK ? set_text(&n->state_detail,
		    detail) : 0;
	}
	if (n->has_pending && n->pending_state == f->state &&
	    (f->state == FINDING_OK || strcmp(detail, n->pending_detail) == 0))
		n->pending_count++;
	else {
		n->has_pending = true;
		n->pending_state = f->state;
		n->pending_count = 1;
		if (set_text(&n->pending_detail, detail) == -1)
			return -1;
	}
	need = f->state == FINDING_OK ? r->confirm_delisting : r->confirm_listing;
	if (n->pending_count < need)
		return 0;
	if (emit(events, f->state == n->state ? EVENT_DETAIL : EVENT_CHANGE,
	    now, n, f) == -1)
		return -1;
	return confirm(n, f);
}

static int
diff_one(struct diff_cycle *c, const struct state_entry *p,
    const struct finding *f, bool quiet, struct state_entries *next,
    struct event_list *events)
{
	const struct diff_rules *r = c->rules;
	int64_t now = c->now;
	struct state_entry fresh = {
		.key = f->key, .first_seen = now,
	}, *n;
	const char *detail = f->detail != NULL ? f->detail : "";

	if ((n = state_entries_add(next, p != NULL ? p : &fresh)) == NULL)
		return -1;
	n->observed_changed = p == NULL || p->last_state != f->state ||
	    strcmp(p->detail, detail) != 0;
	n->last_state = f->state;
	n->last_seen = now;
	if (set_text(&n->probe, f->probe) == -1 ||
	    set_text(&n->target, f->target) == -1 ||
	    set_text(&n->summary, f->summary) == -1 ||
	    set_text(&n->detail, detail) == -1)
		return -1;
	if (f->state == FINDING_UNKNOWN)
		return diff_unknown(r, now, n, f, quiet, events);
	return quiet ? 0 : diff_definite(c, n, f, events);
}

/* The key's list: "dnsbl/zone/target" -> "dnsbl/zone/" (its length). */
static size_t
key_group_len(const char *key)
{
	const char *slash = strrchr(key, '/');

	return slash != NULL ? (size_t)(slash - key) + 1 : 0;
}

static bool
in_names(char *const *v, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i]) == len && strncmp(v[i], s, len) == 0)
			return true;
	return false;
}

static int
add_name(char ***v, size_t *n, const char *s, size_t len)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strndup(s, len)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

void
diff_cycle_init(struct diff_cycle *c, const struct diff_rules *r, int64_t now)
{
	memset(c, 0, sizeof(*c));
	c->rules = r;
	c->now = now;
}

void
diff_cycle_free(struct diff_cycle *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nbroken; i++)
		free(c->broken[i]);
	for (size_t i = 0; i < c->nhealth; i++)
		free(c->health[i]);
	for (size_t i = 0; i < c->nfolds; i++)
		free(c->folds[i].group);
	free(c->broken);
	free(c->health);
	free(c->folds);
	memset(c, 0, sizeof(*c));
}

/* Adds the prefixes of cur's broken lists to those the cycle knows. */
static int
learn_broken(struct diff_cycle *c, const struct finding_list *cur)
{
	char **v;

	if ((v = broken_prefixes(cur)) == NULL)
		return -1;
	for (size_t i = 0; v[i] != NULL; i++)
		if (!in_names(c->broken, c->nbroken, v[i], strlen(v[i])) &&
		    add_name(&c->broken, &c->nbroken, v[i], strlen(v[i])) == -1) {
			free_prefixes(v);
			return -1;
		}
	free_prefixes(v);
	return 0;
}

static bool
cycle_suppressed(const struct diff_cycle *c, const char *key)
{
	for (size_t i = 0; i < c->nbroken; i++)
		if (strncmp(key, c->broken[i], strlen(c->broken[i])) == 0)
			return true;
	return false;
}

/*
 * A first-seen problem: told at once for the first DIFF_BASELINE_EACH
 * keys of its list in a cycle, counted after that (diff_cycle_finish
 * tells the rest in one event). Returns 1 to tell it, 0 to count it
 * only, -1 when out of memory.
 */
static int
baseline_each(struct diff_cycle *c, const struct finding *f)
{
	size_t len = key_group_len(f->key);
	struct diff_fold *fold = NULL;

	for (size_t i = 0; i < c->nfolds && fold == NULL; i++)
		if (strlen(c->folds[i].group) == len &&
		    strncmp(c->folds[i].group, f->key, len) == 0)
			fold = &c->folds[i];
	if (fold == NULL) {
		struct diff_fold *v = realloc(c->folds, (c->nfolds + 1) *
		    sizeof(*v));

		if (v == NULL)
			return -1;
		c->folds = v;
		fold = &v[c->nfolds];
		memset(fold, 0, sizeof(*fold));
		if ((fold->group = strndup(f->key, len)) == NULL)
			return -1;
		snprintf(fold->probe, sizeof(fold->probe), "%s", f->probe);
		c->nfolds++;
	}
	if (fold->told < DIFF_BASELINE_EACH) {
		fold->told++;
		return 1;
	}
	fold->folded++;
	if (f->state > fold->worst && f->state != FINDING_UNKNOWN)
		fold->worst = f->state;
	return 0;
}

int
diff_cycle_chunk(struct diff_cycle *c, struct state_entries *prev,
    const struct finding_list *cur, struct state_entries *next,
    struct event_list *events)
{
	int rv = 0;

	state_entries_sort(prev);
	if (learn_broken(c, cur) == -1)
		return -1;
	for (size_t i = 0; i < cur->n && rv == 0; i++) {
		const struct finding *f = &cur->v[i];

		if (is_health(f->probe)) {
			/* a list's health counts once per cycle */
			if (in_names(c->health, c->nhealth, f->key,
			    strlen(f->key)))
				continue;
			if (add_name(&c->health, &c->nhealth, f->key,
			    strlen(f->key)) == -1)
				return -1;
		}
		rv = diff_one(c, lookup(prev, f->key), f,
		    cycle_suppressed(c, f->key), next, events);
	}
	return rv;
}

int
diff_cycle_finish(struct diff_cycle *c, struct event_list *events)
{
	for (size_t i = 0; i < c->nfolds; i++) {
		const struct diff_fold *fo = &c->folds[i];
		char key[300], summary[400], detail[400];
		const char *target;
		size_t len = strlen(fo->group);
		struct event e = { .time = c->now, .kind = EVENT_BASELINE,
		    .from_none = true, .from = FINDING_UNKNOWN };

		if (fo->folded == 0)
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(len > 0 ? len - 1 : 0),
		    fo->group);
		target = strchr(key, '/') != NULL ? strchr(key, '/') + 1 : key;
		snprintf(summary, sizeof(summary), "%zu more first seen with a "
		    "problem on %s", fo->folded, target);
		snprintf(detail, sizeof(detail), "This cycle saw more than %d "
		    "targets with a problem on %s for the first time: the first "
		    "%d were told one by one, these %zu are stored (sendwatch "
		    "audit, /api/v1/findings) and told when they change.",
		    DIFF_BASELINE_EACH, target, DIFF_BASELINE_EACH, fo->folded);
		e.key = key;
		e.probe = (char *)fo->probe;
		e.target = (char *)target;
		e.to = fo->worst;
		e.summary = summary;
		e.detail = detail;
		if (event_list_add(events, &e) == NULL)
			return -1;
	}
	return 0;
}

int
diff_findings(const struct diff_rules *r, int64_t now,
    struct state_entries *prev, const struct finding_list *cur,
    struct state_entries *next, struct event_list *events)
{
	struct diff_cycle c;
	int rv;

	diff_cycle_init(&c, r, now);
	rv = diff_cycle_chunk(&c, prev, cur, next, events);
	if (rv == 0)
		rv = diff_cycle_finish(&c, events);
	diff_cycle_free(&c);
	return rv;
}
