/*
 * dnsbl_catalog_lookup.c -- lookups over the built-in DNSBL catalog
 * (dnsbl_catalog.c holds the data): find an entry by name or zone, and
 * turn an A answer into the code or error the operator documents (with
 * reserved octets ignored, bitmask answers split into their lists, and
 * dnswl-style category octets named). The table keeps dotted quads for
 * readability; they are parsed here with inet_pton at lookup time.
 * Nothing is allocated.
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
	for (size_t i = 0; i < dnsbl_catalog_size(); i++) {
		const struct dnsbl_entry *e = dnsbl_catalog_entry(i);

		if (strcasecmp(e->name, name_or_zone) == 0 ||
		    dnsbl_catalog_zone_eq(e->zone, name_or_zone))
			return e;
	}
	return NULL;
}

/* The code whose range holds a, or NULL. */
static const struct dnsbl_code *
dnsbl_catalog_range_code(const struct dnsbl_entry *e, uint32_t a)
{
	for (size_t i = 0; i < e->ncodes; i++)
		if (dnsbl_catalog_in_range(e->codes[i].first, e->codes[i].last, a))
			return &e->codes[i];
	return NULL;
}

void
dnsbl_catalog_decode(const struct dnsbl_entry *e, uint32_t a,
    struct dnsbl_decoded *out)
{
	uint32_t m;

	memset(out, 0, sizeof(*out));
	if (e == NULL)
		return;
	m = a & ~e->reserved_bits;
	for (size_t i = 0; i < e->nerrors; i++)
		if (dnsbl_catalog_in_range(e->errors[i].first, e->errors[i].last, m)) {
			out->error = &e->errors[i];
			return;
		}
	if (e->categories != NULL) {
		unsigned cat = (m >> 8) & 0xff;

		for (size_t i = 0; i < e->ncategories; i++)
			if (e->categories[i].value == cat)
				out->category = e->categories[i].name;
		if (out->category == NULL)
			return;		/* a category the operator does not name */
		m &= ~(uint32_t)0xff00;
	}
	if (!e->bitmask) {
		if ((out->codes[0] = dnsbl_catalog_range_code(e, m)) != NULL)
			out->ncodes = 1;
		return;
	}
	for (unsigned bit = 1; bit <= 0x80; bit <<= 1) {
		const struct dnsbl_code *c;

		if ((m & bit) == 0)
			continue;
		c = dnsbl_catalog_range_code(e, (m & ~(uint32_t)0xff) | bit);
		if (c != NULL && out->ncodes < DNSBL_DECODE_MAX)
			out->codes[out->ncodes++] = c;
		else
			out->unknown_bits |= bit;
	}
}

const struct dnsbl_code *
dnsbl_catalog_code(const struct dnsbl_entry *e, uint32_t a)
{
	struct dnsbl_decoded d;

	dnsbl_catalog_decode(e, a, &d);
	return d.ncodes > 0 ? d.codes[0] : NULL;
}

const struct dnsbl_error_code *
dnsbl_catalog_error(const struct dnsbl_entry *e, uint32_t a)
{
	struct dnsbl_decoded d;

	dnsbl_catalog_decode(e, a, &d);
	return d.error;
}

static const char *const dnsbl_policy_names[] = {
	[DNSBL_POLICY_OPEN] = "open",
	[DNSBL_POLICY_NO_PUBLIC_RESOLVER] = "no public resolver",
	[DNSBL_POLICY_REGISTERED] = "registered",
	[DNSBL_POLICY_KEY] = "key",
};

const char *
dnsbl_policy_name(enum dnsbl_policy p)
{
	if ((size_t)p >= sizeof(dnsbl_policy_names) / sizeof(dnsbl_policy_names[0]))
		return "unknown";
	return dnsbl_policy_names[p];
}
