/*
 * audit_text.c -- prints the audit report for people (see audit_text.h).
 *
 * Targets with listings come first; inside a target, problems first and
 * the clean lists folded into one line, because a sweep over 20 lists
 * would otherwise bury the one listing that matters. Findings are sorted
 * by target once (n log n) so that a sweep of a /16 prints quickly.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/output/audit_text.h"

struct audit_group {
	size_t		 start;		/* into the sorted index */
	size_t		 len;
	int		 rank;		/* worst finding's finding_state_rank */
	size_t		 first;		/* first finding's position, for ties */
};

static const struct finding_list *audit_sort_list;

static int
audit_index_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct finding *fx = &audit_sort_list->v[x];
	const struct finding *fy = &audit_sort_list->v[y];
	int c = strcmp(fx->target, fy->target);

	if (c != 0)
		return c;
	/* what needs attention first: critical, warning, unknown, ok */
	if (fx->state != fy->state)
		return finding_state_rank(fy->state) -
		    finding_state_rank(fx->state);
	return x < y ? -1 : x > y;
}

static int
audit_group_cmp(const void *a, const void *b)
{
	const struct audit_group *x = a, *y = b;

	if (x->rank != y->rank)
		return y->rank - x->rank;	/* worst first */
	return x->first < y->first ? -1 : x->first > y->first;
}

/*
 * Whether f is a pair finding ("dnsbl/<zone>/<target>") of a list whose
 * health finding in l is unknown: the list section explains it once, so
 * each target only counts it.
 */
static bool
audit_on_broken_list(const struct finding_list *l, const size_t *hidx,
    size_t nh, const struct finding *f)
{
	const char *zone, *end;

	if (f->state != FINDING_UNKNOWN || strncmp(f->key, "dnsbl/", 6) != 0)
		return false;
	zone = f->key + 6;
	if ((end = strchr(zone, '/')) == NULL)
		return false;
	for (size_t i = 0; i < nh; i++) {
		const struct finding *h = &l->v[hidx[i]];
		if (h->state == FINDING_UNKNOWN &&
		    strncmp(h->key + strlen("dnsbl-health/"), zone,
		    (size_t)(end - zone)) == 0 &&
		    h->key[strlen("dnsbl-health/") + (size_t)(end - zone)] == '\0')
			return true;
	}
	return false;
}

/* Prints a detail indented under its summary, line by line. */
static void
audit_print_detail(FILE *fp, const char *detail)
{
	while (*detail != '\0') {
		size_t n = strcspn(detail, "\n");
		if (n > 0)
			fprintf(fp, "            %.*s\n", (int)n, detail);
		detail += n;
		if (*detail == '\n')
			detail++;
	}
}

/* Prints the findings idx[0..n), problems in full, clean ones counted. */
static void
audit_print_run(FILE *fp, const struct finding_list *l, const size_t *idx,
    size_t n, const char *clean_text, const size_t *hidx, size_t nh)
{
	size_t clean = 0, broken = 0;

	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &l->v[idx[i]];
		/* a clean blocklist answer is folded into one count line */
		if (f->state == FINDING_OK && strcmp(f->probe, "dnsbl") == 0 &&
		    (f->detail == NULL || !*f->detail)) {
			clean++;
			continue;
		}
		if (audit_on_broken_list(l, hidx, nh, f)) {
			broken++;
			continue;
		}
		/* problems shout, the clean lists do not */
		fprintf(fp, "  %-8s  %s\n", f->state == FINDING_OK ? "ok" :
		    finding_state_tag(f->state), f->summary);
		if (f->detail != NULL && *f->detail)
			audit_print_detail(fp, f->detail);
	}
	if (broken > 0)
		fprintf(fp, "  UNKNOWN   not checked on %zu broken list%s (see"
		    " Blocklists below)\n", broken, broken == 1 ? "" : "s");
	if (clean > 0)
		fprintf(fp, "  ok        %s %zu list%s\n", clean_text, clean,
		    clean == 1 ? "" : "s");
}

void
audit_print_text(FILE *fp, const struct engine *e)
{
	const struct finding_list *l = &e->findings;
	size_t *idx = NULL, *hidx = NULL, n = 0, nh = 0, ng = 0;
	size_t count[4] = { 0, 0, 0, 0 };
	struct audit_group *g = NULL;

	if ((idx = calloc(l->n + 1, sizeof(*idx))) == NULL ||
	    (hidx = calloc(l->n + 1, sizeof(*hidx))) == NULL ||
	    (g = calloc(l->n + 1, sizeof(*g))) == NULL) {
		fputs("sendwatch: out of memory\n", stderr);
		goto done;
	}
	for (size_t i = 0; i < l->n; i++) {
		count[l->v[i].state]++;
		if (strcmp(l->v[i].probe, "dnsbl-health") == 0)
			hidx[nh++] = i;
		else
			idx[n++] = i;
	}
	audit_sort_list = l;
	qsort(idx, n, sizeof(*idx), audit_index_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &l->v[idx[i]];
		if (i == 0 || strcmp(f->target, l->v[idx[i - 1]].target) != 0) {
			g[ng].start = i;
			g[ng].rank = finding_state_rank(f->state);
			g[ng].first = idx[i];
			ng++;
		}
		g[ng - 1].len++;
		if (idx[i] < g[ng - 1].first)
			g[ng - 1].first = idx[i];
	}
	qsort(g, ng, sizeof(*g), audit_group_cmp);

	fprintf(fp, "sendwatch audit: %zu target%s", e->targets.n,
	    e->targets.n == 1 ? "" : "s");
	if (e->lists.n > 0)
		fprintf(fp, ", %zu blocklist%s (%zu queries)", e->lists.n,
		    e->lists.n == 1 ? "" : "s", e->dnsbl_stats.queries);
	fprintf(fp, " in %.2fs\n", engine_elapsed_s(e));
	for (size_t k = 0; k < ng; k++) {
		fprintf(fp, "\n%s\n", l->v[idx[g[k].start]].target);
		audit_print_run(fp, l, idx + g[k].start, g[k].len,
		    "not listed on", hidx, nh);
	}
	if (nh > 0) {
		fputs("\nBlocklists\n", fp);
		audit_print_run(fp, l, hidx, nh,
		    "answering their RFC 5782 test points:", NULL, 0);
	}
	fprintf(fp, "\nResult: %zu critical, %zu warning, %zu unknown, %zu ok\n",
	    count[FINDING_CRITICAL], count[FINDING_WARNING],
	    count[FINDING_UNKNOWN], count[FINDING_OK]);
done:
	free(idx);
	free(hidx);
	free(g);
}
