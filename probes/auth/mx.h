/*
 * mx.h -- the MX probe: the domain has MX records (or a null MX, RFC
 * 7505, "accepts no mail"), no MX points at a CNAME or an IP literal
 * (RFC 2181 §10.3, RFC 5321 §5.1), and each MX host has an address.
 * One finding, key mx/<domain>.
 */
#ifndef SENDWATCH_MX_H
#define SENDWATCH_MX_H

#include "probes/dns/authdns.h"
#include "probes/finding.h"

/* Appends mx/<domain>. Returns 0, or -1 when out of memory. */
int	mx_probe(struct authdns *, const char *domain, struct finding_list *);

#endif
