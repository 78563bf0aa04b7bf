/*
 * dnsname.h -- host name syntax checks shared by the probes (RFC 1035
 * §2.3.1 letters/digits/hyphen labels, as used in mail: RFC 5321 §4.1.2).
 */
#ifndef SENDWATCH_DNSNAME_H
#define SENDWATCH_DNSNAME_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when the len bytes at s are a host name: dot-separated labels of
 * 1..63 letters, digits, hyphens or underscores (not starting or ending
 * with a hyphen), 253 bytes at most, at least two labels, a trailing dot
 * allowed, and a last label that is not all digits.
 */
bool	dnsname_valid(const char *s, size_t len);

/* True when s is an IPv4 or IPv6 address literal (optionally in []). */
bool	dnsname_is_ip_literal(const char *s);

/*
 * Copies name lowercased, without a trailing dot, into buf. Returns 0,
 * or -1 when it does not fit.
 */
int	dnsname_normalize(const char *name, char *buf, size_t buflen);

#endif
