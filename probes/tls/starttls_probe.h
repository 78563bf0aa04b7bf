/*
 * starttls_probe.h -- the starttls probe: whether each SMTP host of a
 * domain (its MX hosts and [domain] smtp_hosts) offers STARTTLS (RFC
 * 3207), with which protocol, and a certificate that is valid for the
 * host name and not about to expire. One finding per host, key
 * starttls/<host>, covering every address (IPv4 and IPv6) of the host.
 */
#ifndef SENDWATCH_STARTTLS_PROBE_H
#define SENDWATCH_STARTTLS_PROBE_H

#include "probes/probe.h"

/* The certificate checks' thresholds (issue 14). */
#define STARTTLS_WARN_DAYS	14	/* expires sooner: warning */
#define STARTTLS_CRIT_DAYS	3	/* expires sooner: critical */
#define STARTTLS_SESSION_MS	10000	/* one address, greeting to QUIT */

extern const struct probe probe_starttls;

#endif
