/*
 * ptr.h -- the PTR / rDNS probe for a sending IP: a PTR exists,
 * resolves back to the IP (forward-confirmed), is single, does not look
 * like a generic/dynamic name, and matches the configured HELO name.
 * One finding, key ptr/<ip>.
 */
#ifndef SENDWATCH_PTR_H
#define SENDWATCH_PTR_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/dns/authdns.h"
#include "probes/finding.h"

/* Appends ptr/<ip>; helo may be NULL. Returns 0, or -1 out of memory. */
int	ptr_probe(struct authdns *, const char *ip, const char *helo,
	    struct finding_list *);

/*
 * True when name looks like an ISP's generic name for ip: the address
 * embedded in it (1-2-3-4, 4.3.2.1, 001002003004, hex) or a word such
 * as dsl, dynamic, pool, dhcp, ppp, cable. why gets the reason.
 */
bool	ptr_name_is_generic(const char *ip, const char *name, char *why,
	    size_t whylen);

/* The reverse-lookup name of ip ("4.3.2.1.in-addr.arpa"). 0 or -1. */
int	ptr_reverse_name(const char *ip, char *buf, size_t buflen);

#endif
