/*
 * dnsbl_setup.c -- builds the run's DNSBL lists (see dnsbl_setup.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/dnsbl_setup.h"
#include "probes/target.h"

static const struct {
	const char	*name;
	unsigned	 kinds;
	bool		 allow;
} dnsbl_kind_names[] = {
	{ "ip4", DNSBL_IP4, false },
	{ "ip6", DNSBL_IP6, false },
	{ "ip", DNSBL_IP4 | DNSBL_IP6, false },
	{ "domain", DNSBL_DOMAIN, false },
	{ "allow", DNSBL_IP4 | DNSBL_IP6, true },
};

int
dnsbl_kind_parse(const char *s, unsigned *kinds, bool *allow)
{
	for (size_t i = 0; i < sizeof(dnsbl_kind_names) /
	    sizeof(dnsbl_kind_names[0]); i++)
		if (strcmp(s, dnsbl_kind_names[i].name) == 0) {
			*kinds = dnsbl_kind_names[i].kinds;
			*allow = dnsbl_kind_names[i].allow;
			return 0;
		}
	return -1;
}

static struct dnsbl_list *
dnsbl_lists_push(struct dnsbl_lists *ls)
{
	struct dnsbl_list *v = realloc(ls->v, (ls->n + 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	ls->v = v;
	memset(&v[ls->n], 0, sizeof(v[ls->n]));
	return &v[ls->n++];
}

static int
dnsbl_list_from_catalog(struct dnsbl_list *l, const struct dnsbl_entry *e)
{
	l->catalog = e;
	l->kinds = e->kinds;
	l->allow = e->allow;
	if ((l->name = strdup(e->name)) == NULL ||
	    (l->zone = strdup(e->zone)) == NULL ||
	    (l->query_zone = strdup(e->zone)) == NULL)
		return -1;
	return 0;
}

struct dnsbl_list *
dnsbl_lists_find(struct dnsbl_lists *ls, const char *name)
{
	for (size_t i = 0; i < ls->n; i++)
		if (strcmp(ls->v[i].name, name) == 0 ||
		    strcmp(ls->v[i].zone, name) == 0)
			return &ls->v[i];
	return NULL;
}

void
dnsbl_lists_remove(struct dnsbl_lists *ls, size_t i)
{
	dnsbl_list_free_fields(&ls->v[i]);
	memmove(&ls->v[i], &ls->v[i + 1], (ls->n - i - 1) * sizeof(ls->v[0]));
	ls->n--;
}

int
dnsbl_lists_add_catalog_defaults(struct dnsbl_lists *ls)
{
	for (size_t i = 0; i < dnsbl_catalog_count; i++) {
		const struct dnsbl_entry *e = &dnsbl_catalog[i];
		struct dnsbl_list *l;

		if (!e->enabled_by_default || e->defunct != NULL ||
		    dnsbl_lists_find(ls, e->name) != NULL)
			continue;
		if ((l = dnsbl_lists_push(ls)) == NULL ||
		    dnsbl_list_from_catalog(l, e) == -1)
			return -1;
	}
	return 0;
}

int
dnsbl_lists_add_zone(struct dnsbl_lists *ls, const char *spec, char *err,
    size_t errlen)
{
	char zone[256];
	const char *colon = strchr(spec, ':');
	size_t zlen = colon ? (size_t)(colon - spec) : strlen(spec);
	const struct dnsbl_entry *e;
	struct dnsbl_list *l;
	unsigned kinds = DNSBL_IP4 | DNSBL_IP6;
	bool allow = false;

	if (zlen == 0 || zlen >= sizeof(zone)) {
		snprintf(err, errlen, "--dnsbl \"%s\": expected a zone such as"
		    " zen.spamhaus.org, optionally :ip4, :ip6, :ip, :domain or"
		    " :allow", spec);
		return -1;
	}
	memcpy(zone, spec, zlen);
	zone[zlen] = '\0';
	if (zone[zlen - 1] == '.')
		zone[zlen - 1] = '\0';
	if (!target_valid_name(zone)) {
		snprintf(err, errlen, "--dnsbl \"%s\": \"%s\" is not a valid zone"
		    " name", spec, zone);
		return -1;
	}
	if (colon != NULL && dnsbl_kind_parse(colon + 1, &kinds, &allow) == -1) {
		snprintf(err, errlen, "--dnsbl \"%s\": unknown kind \"%s\""
		    " (expected ip4, ip6, ip, domain or allow)", spec, colon + 1);
		return -1;
	}
	if (dnsbl_lists_find(ls, zone) != NULL)
		return 0;
	if ((l = dnsbl_lists_push(ls)) == NULL)
		goto oom;
	if ((e = dnsbl_catalog_find(zone)) != NULL) {
		if (dnsbl_list_from_catalog(l, e) == -1)
			goto oom;
		if (colon != NULL) {
			l->kinds = kinds;
			l->allow = allow;
		}
		return 0;
	}
	l->kinds = kinds;
	l->allow = allow;
	if ((l->name = strdup(zone)) == NULL || (l->zone = strdup(zone)) == NULL ||
	    (l->query_zone = strdup(zone)) == NULL)
		goto oom;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

int
dnsbl_list_set_key(struct dnsbl_list *l, const char *key, char *err,
    size_t errlen)
{
	const char *base = l->catalog && l->catalog->key_zone &&
	    strcmp(l->zone, l->catalog->zone) == 0 ? l->catalog->key_zone : l->zone;
	size_t n;
	char *qz;

	/* A key is one DNS label; anything else would change the query. */
	if (*key == '\0' || strlen(key) > 63 || strchr(key, '.') != NULL ||
	    !target_valid_name(key)) {
		snprintf(err, errlen, "%s: the key is not a single DNS label"
		    " (letters, digits, hyphens; at most 63)", l->name);
		return -1;
	}
	n = strlen(key) + 1 + strlen(base) + 1;
	if ((qz = malloc(n)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(qz, n, "%s.%s", key, base);
	free(l->query_zone);
	l->query_zone = qz;
	free(l->secret);
	if ((l->secret = strdup(key)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void
dnsbl_lists_free(struct dnsbl_lists *ls)
{
	if (ls == NULL)
		return;
	for (size_t i = 0; i < ls->n; i++)
		dnsbl_list_free_fields(&ls->v[i]);
	free(ls->v);
	ls->v = NULL;
	ls->n = 0;
}
