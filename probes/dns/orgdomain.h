/*
 * orgdomain.h -- the organizational domain of a name (RFC 7489 §3.2),
 * from Debian's public suffix list through libopendmarc. A name under a
 * suffix the list does not know (the lab's ".test") falls back to its
 * last two labels.
 */
#ifndef SENDWATCH_ORGDOMAIN_H
#define SENDWATCH_ORGDOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#define ORGDOMAIN_PSL_PATH "/usr/share/publicsuffix/public_suffix_list.dat"

/*
 * Loads the public suffix list once (and initializes libopendmarc).
 * Returns 0, or -1 when the list cannot be read (the fallback is then
 * used for every name).
 */
int	orgdomain_init(void);

/* Writes the organizational domain of name into buf. Returns 0 or -1. */
int	orgdomain_of(const char *name, char *buf, size_t buflen);

/* True when a and b have the same organizational domain. */
bool	orgdomain_same(const char *a, const char *b);

#endif
