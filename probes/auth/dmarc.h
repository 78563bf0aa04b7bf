/*
 * dmarc.h -- the DMARC probe (RFC 7489, RFC 9989): finds the record that
 * applies to a domain (its own, or the organizational domain's), checks
 * it (dmarc_record.c) and the authorization of external report
 * destinations (RFC 7489 §7.1). One finding, key dmarc/<domain>.
 */
#ifndef SENDWATCH_DMARC_H
#define SENDWATCH_DMARC_H

#include "probes/dns/authdns.h"
#include "probes/finding.h"

/* Appends the dmarc/<domain> finding. Returns 0, or -1 out of memory. */
int	dmarc_probe(struct authdns *, const char *domain, struct finding_list *);

#endif
