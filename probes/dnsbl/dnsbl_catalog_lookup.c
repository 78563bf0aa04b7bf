/*
 * dnsbl_catalog_lookup.c -- lookups over the built-in DNSBL catalog
 * (dnsbl_catalog.c holds the data): find an entry by name or zone, and
 * turn an A answer into the code or error the operator documents.
 * The table keeps dotted quads for readability; they are parsed here with
 * inet_pton at lookup time. Nothing is allocated.
 */
#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "probes/dnsbl/dnsbl_catalog.h"

bool
dnsbl_catalog_addr(const char *quad, uint32_t *out)
{
	struct in_addr in;

	if (quad == NULL || inet_pton(AF_INET, quad, &in) != 1)
		return false;
	*out = ntohl(in.s_addr);
	return true;
}

/* True when a lies in [first, last]; a range that does not parse never matches. */
static bool
dnsbl_catalog_in_range(const char *first, const char *last, uint32_t a)
{
	uint32_t lo, hi;

	if (!dnsbl_catalog_addr(first, &lo) || !dnsbl_catalog_addr(last, &hi))
		return false;
	return lo <= a && a <= hi;
}

/* Compares a zone with s, ignoring case and one trailing dot on s. */
static bool
dnsbl_catalog_zone_eq(const char *zone, const char *s)
{
	size_t zl = strlen(zone), sl = strlen(s);

	if (sl > 0 && s[sl - 1] == '.')
		sl--;
	return zl == sl && strncasecmp(zone, s, zl) == 0;
}

const struct dnsbl_entry *
dnsbl_catalog_find(const char *name_or_zone)
{
	if (name_or_zone == NULL || *name_or_zone == '\0')
		return NULL;
	for (size_t i = 0; i < dnsbl_catalog_count; i++) {
		const struct dnsbl_entry *e = &dnsbl_catalog[i];

		if (strcasecmp(e->name, name_or_zone) == 0 ||
		    dnsbl_catalog_zone_eq(e->zone, name_or_zone))
			return e;
	}
	return NULL;
}

const struct dnsbl_code *
dnsbl_catalog_code(const struct dnsbl_entry *e, uint32_t a)
{
	if (e == NULL)
		return NULL;
	for (size_t i = 0; i < e->ncodes; i++)
		if (dnsbl_catalog_in_range(e->codes[i].first, e->codes[i].last, a))
			return &e->codes[i];
	return NULL;
}

const struct dnsbl_error_code *
dnsbl_catalog_error(const struct dnsbl_entry *e, uint32_t a)
{
	if (e == NULL)
		return NULL;
	for (size_t i = 0; i < e->nerrors; i++)
		if (dnsbl_catalog_in_range(e->errors[i].first, e->errors[i].last, a))
			return &e->errors[i];
	return NULL;
}
