/*
 * fakezone.h -- a fixture zone for unit tests of the authentication
 * probes: "name TYPE data" lines answered through struct authdns, so
 * parsers and walkers can be tested without a DNS server. (Integration
 * tests use the real lab servers.)
 *
 * Lines: "name TXT text" (one record; "|" separates character-strings),
 * "name A 192.0.2.1", "name AAAA 2001:db8::1", "name MX 10 host",
 * "name PTR host", "name CNAME target", "name FAIL" (every query for the
 * name is a failure). A name with other records answers NODATA, an
 * unknown one NXDOMAIN.
 */
#ifndef SENDWATCH_FAKEZONE_H
#define SENDWATCH_FAKEZONE_H

#include "probes/dns/authdns.h"

/* lines ends with NULL; the array must outlive ad. */
void	fakezone_init(struct authdns *ad, const char *const *lines);

#endif
