/*
 * dnsbl_catalog.c -- the built-in catalog of DNS block and allow lists
 * (RFC 5782) as one sequence: the families of lists live in their own
 * files (dnsbl_catalog_spamhaus.c, _ip.c, _domain.c, _allow.c, _dead.c),
 * each entry researched from the operator's own pages (the .source and
 * .checked fields). This file only strings them together in the order
 * `sendwatch dnsbl list` and README.md show them. Lookups over the
 * entries live in dnsbl_catalog_lookup.c.
 */
#include "probes/dnsbl/dnsbl_catalog_parts.h"

static const struct {
	const struct dnsbl_entry	*v;
	const size_t			*n;
} dnsbl_catalog_parts[] = {
	{ dnsbl_catalog_spamhaus, &dnsbl_catalog_spamhaus_count },
	{ dnsbl_catalog_ip, &dnsbl_catalog_ip_count },
	{ dnsbl_catalog_domain, &dnsbl_catalog_domain_count },
	{ dnsbl_catalog_allow, &dnsbl_catalog_allow_count },
	{ dnsbl_catalog_dead, &dnsbl_catalog_dead_count },
};

size_t
dnsbl_catalog_size(void)
{
	size_t n = 0;

	for (size_t p = 0; p < NELEM(dnsbl_catalog_parts); p++)
		n += *dnsbl_catalog_parts[p].n;
	return n;
}

const struct dnsbl_entry *
dnsbl_catalog_entry(size_t i)
{
	for (size_t p = 0; p < NELEM(dnsbl_catalog_parts); p++) {
		if (i < *dnsbl_catalog_parts[p].n)
			return &dnsbl_catalog_parts[p].v[i];
		i -= *dnsbl_catalog_parts[p].n;
	}
	return NULL;
}
