/*
 * dnsbl_setup.c -- builds the run's DNSBL lists (see dnsbl_setup.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dnsbl/dnsbl_setup.h"
#include "probes/dns/target.h"

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
	l->enabled = e->enabled_by_default && e->defunct == NULL &&
	    e->policy != DNSBL_POLICY_KEY;
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

static char *
dnsbl_strdup_or_null(const char *s, int *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*oom = 1;
	return d;
}

/* Deep copy of src into a zeroed dst. Returns 0 or -1 (memory). */
static int
dnsbl_list_copy(struct dnsbl_list *dst, const struct dnsbl_list *src)
{
	int oom = 0;

	*dst = *src;
	dst->name = dnsbl_strdup_or_null(src->name, &oom);
	dst->zone = dnsbl_strdup_or_null(src->zone, &oom);
	dst->query_zone = dnsbl_strdup_or_null(src->query_zone, &oom);
	dst->secret = dnsbl_strdup_or_null(src->secret, &oom);
	dst->description = dnsbl_strdup_or_null(src->description, &oom);
	dst->lookup_url = dnsbl_strdup_or_null(src->lookup_url, &oom);
	dst->listed = NULL;
	if (src->nlisted > 0) {
		if ((dst->listed = calloc(src->nlisted, sizeof(*dst->listed))) == NULL)
			oom = 1;
		else
			memcpy(dst->listed, src->listed,
			    src->nlisted * sizeof(*dst->listed));
	}
	return oom ? -1 : 0;
}

static const struct {
	enum cfg_dnsbl_kind	 cfg;
	unsigned		 kinds;
	bool			 allow;
} dnsbl_cfg_kinds[] = {
	{ CFG_DNSBL_IP4, DNSBL_IP4, false },
	{ CFG_DNSBL_IP6, DNSBL_IP6, false },
	{ CFG_DNSBL_IP, DNSBL_IP4 | DNSBL_IP6, false },
	{ CFG_DNSBL_DOMAIN, DNSBL_DOMAIN, false },
	{ CFG_DNSBL_ALLOW, DNSBL_IP4 | DNSBL_IP6, true },
};

/*
 * Applies one [dnsbl NAME] section to l (a catalog copy or a new list).
 * A problem with the section is appended to errs as "file:line: ..." and
 * the section's remaining checks still run. Returns 0, or -1 when out of
 * memory.
 */
static int
dnsbl_apply_section(struct dnsbl_list *l, const struct cfg_dnsbl *c,
    const char *file, struct cfg_errors *errs)
{
	char kerr[256];

	if (c->set & CFG_DNSBL_SET_ZONE) {
		free(l->zone);
		free(l->query_zone);
		if ((l->zone = strdup(c->zone)) == NULL ||
		    (l->query_zone = strdup(c->zone)) == NULL)
			return -1;
	}
	if (c->set & CFG_DNSBL_SET_KIND)
		for (size_t i = 0; i < sizeof(dnsbl_cfg_kinds) /
		    sizeof(dnsbl_cfg_kinds[0]); i++)
			if (dnsbl_cfg_kinds[i].cfg == c->kind) {
				l->kinds = dnsbl_cfg_kinds[i].kinds;
				l->allow = dnsbl_cfg_kinds[i].allow;
			}
	if (c->set & CFG_DNSBL_SET_LISTED) {
		free(l->listed);
		l->nlisted = 0;
		if ((l->listed = calloc(c->nlisted ? c->nlisted : 1,
		    sizeof(*l->listed))) == NULL)
			return -1;
		for (size_t i = 0; i < c->nlisted; i++) {
			l->listed[i].first = c->listed[i].lo;
			l->listed[i].last = c->listed[i].hi;
		}
		l->nlisted = c->nlisted;
	}
	if (c->set & CFG_DNSBL_SET_SEVERITY) {
		l->severity = c->severity;
		l->severity_set = true;
	}
	if (c->set & CFG_DNSBL_SET_DESCRIPTION) {
		free(l->description);
		if ((l->description = strdup(c->description)) == NULL)
			return -1;
	}
	if (c->set & CFG_DNSBL_SET_MAX_QUERIES)
		l->max_queries_per_day = c->max_queries_per_day;
	if (c->set & CFG_DNSBL_SET_LOOKUP_URL) {
		free(l->lookup_url);
		if ((l->lookup_url = strdup(c->lookup_url)) == NULL)
			return -1;
	}
	if ((c->set & CFG_DNSBL_SET_KEY) && c->key != NULL &&
	    dnsbl_list_set_key(l, c->key, kerr, sizeof(kerr)) == -1 &&
	    cfg_errors_addf(errs, file, c->line, "[dnsbl %s] key_file %s: %s",
	    c->name, c->key_file ? c->key_file : "", kerr) == -1)
		return -1;
	/* A section means "use this list" unless it says otherwise. */
	l->enabled = (c->set & CFG_DNSBL_SET_ENABLED) ? c->enabled : true;
	if (l->enabled && l->catalog != NULL && l->catalog->defunct != NULL &&
	    !(c->set & CFG_DNSBL_SET_ZONE) &&
	    cfg_errors_addf(errs, file, c->line, "[dnsbl %s]: %s is defunct"
	    " (%s); remove the section or set enabled = no", c->name, l->zone,
	    l->catalog->defunct) == -1)
		return -1;
	if (l->enabled && l->catalog != NULL &&
	    l->catalog->policy == DNSBL_POLICY_KEY && l->secret == NULL &&
	    !(c->set & CFG_DNSBL_SET_ZONE) &&
	    cfg_errors_addf(errs, file, c->line, "[dnsbl %s]: %s needs an"
	    " account key: add key_file = /path/to/key", c->name,
	    l->zone) == -1)
		return -1;
	return 0;
}

/*
 * The lists of cfg (see dnsbl_lists_configure), every problem of its
 * [dnsbl NAME] sections appended to errs. Returns 0, or -1 when out of
 * memory.
 */
static int
dnsbl_lists_build(struct dnsbl_lists *ls, const struct config *cfg,
    struct cfg_errors *errs)
{
	const char *file = cfg->path ? cfg->path : "(defaults)";

	if (cfg->general.dnsbl_catalog)
		for (size_t i = 0; i < dnsbl_catalog_size(); i++) {
			struct dnsbl_list *l = dnsbl_lists_push(ls);
			if (l == NULL ||
			    dnsbl_list_from_catalog(l, dnsbl_catalog_entry(i)) == -1)
				return -1;
		}
	for (size_t i = 0; i < cfg->ndnsbls; i++) {
		const struct cfg_dnsbl *c = &cfg->dnsbls[i];
		const struct dnsbl_entry *e = dnsbl_catalog_find(c->name);
		struct dnsbl_list *l = dnsbl_lists_find(ls, c->name);

		if (l == NULL && e == NULL && !(c->set & CFG_DNSBL_SET_ZONE)) {
			if (cfg_errors_addf(errs, file, c->line, "[dnsbl %s]:"
			    " zone is required: \"%s\" is not a list of the"
			    " built-in catalog (such as spamhaus-zen or"
			    " barracuda)", c->name, c->name) == -1)
				return -1;
			continue;
		}
		if (l == NULL) {
			if ((l = dnsbl_lists_push(ls)) == NULL)
				return -1;
			if (e != NULL) {
				if (dnsbl_list_from_catalog(l, e) == -1)
					return -1;
			} else {
				l->kinds = DNSBL_IP4;
				if ((l->name = strdup(c->name)) == NULL)
					return -1;
			}
		}
		if (dnsbl_apply_section(l, c, file, errs) == -1)
			return -1;
	}
	return 0;
}

int
dnsbl_lists_configure(struct dnsbl_lists *ls, const struct config *cfg,
    char *err, size_t errlen)
{
	struct cfg_errors errs = { 0 };
	int rv = 0;

	if (dnsbl_lists_build(ls, cfg, &errs) == -1) {
		snprintf(err, errlen, "out of memory");
		rv = -1;
	} else if (errs.n > 0) {
		snprintf(err, errlen, "%s", errs.v[0]);
		rv = -1;
	}
	cfg_errors_free(&errs);
	return rv;
}

int
dnsbl_config_check(const struct config *cfg, struct cfg_errors *errs)
{
	struct dnsbl_lists ls = { 0 };
	int rv;

	rv = dnsbl_lists_build(&ls, cfg, errs);
	dnsbl_lists_free(&ls);
	return rv;
}

int
dnsbl_lists_select(const struct dnsbl_lists *known, const char *const *specs,
    size_t nspecs, struct dnsbl_lists *out, char *err, size_t errlen)
{
	for (size_t i = 0; i < known->n && nspecs == 0; i++) {
		struct dnsbl_list *l;
		if (!known->v[i].enabled)
			continue;
		if ((l = dnsbl_lists_push(out)) == NULL ||
		    dnsbl_list_copy(l, &known->v[i]) == -1)
			goto oom;
	}
	for (size_t i = 0; i < nspecs; i++) {
		const struct dnsbl_list *k = NULL;
		struct dnsbl_list *l;

		/* "NAME" or "ZONE" of a known list, exactly as given */
		for (size_t j = 0; j < known->n && k == NULL; j++)
			if (strcmp(known->v[j].name, specs[i]) == 0 ||
			    strcmp(known->v[j].zone, specs[i]) == 0)
				k = &known->v[j];
		if (k == NULL) {
			if (dnsbl_lists_add_zone(out, specs[i], err, errlen) == -1)
				return -1;
			continue;
		}
		if (dnsbl_lists_find(out, k->name) != NULL)
			continue;
		if ((l = dnsbl_lists_push(out)) == NULL ||
		    dnsbl_list_copy(l, k) == -1)
			goto oom;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
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
