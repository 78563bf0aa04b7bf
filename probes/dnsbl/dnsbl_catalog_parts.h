/*
 * dnsbl_catalog_parts.h -- internal to the DNSBL catalog: the entry
 * arrays each dnsbl_catalog_*.c file holds (one family of lists per
 * file), concatenated in this order by dnsbl_catalog.c, and the
 * initializer helpers those files share. Not for use outside probes/dnsbl.
 */
#ifndef SENDWATCH_DNSBL_CATALOG_PARTS_H
#define SENDWATCH_DNSBL_CATALOG_PARTS_H

#include "probes/dnsbl/dnsbl_catalog.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define CODES(a)	.codes = (a), .ncodes = NELEM(a)
#define ERRORS(a)	.errors = (a), .nerrors = NELEM(a)
#define CATEGORIES(a)	.categories = (a), .ncategories = NELEM(a)

extern const struct dnsbl_entry dnsbl_catalog_spamhaus[];	/* Spamhaus zones */
extern const size_t dnsbl_catalog_spamhaus_count;
extern const struct dnsbl_entry dnsbl_catalog_ip[];		/* other IP block lists */
extern const size_t dnsbl_catalog_ip_count;
extern const struct dnsbl_entry dnsbl_catalog_domain[];	/* domain (URI) block lists */
extern const size_t dnsbl_catalog_domain_count;
extern const struct dnsbl_entry dnsbl_catalog_allow[];		/* allow-lists */
extern const size_t dnsbl_catalog_allow_count;
extern const struct dnsbl_entry dnsbl_catalog_dead[];		/* defunct lists */
extern const size_t dnsbl_catalog_dead_count;

#endif
