/*
 * dkim_key.h -- checks one DKIM key record's text (RFC 6376 §3.6.1,
 * RFC 8463 Ed25519, RFC 8301 key sizes and hashes): tags, key type and
 * size decoded with OpenSSL, revoked and testing keys. No DNS here:
 * dkim.c fetches the records.
 */
#ifndef SENDWATCH_DKIM_KEY_H
#define SENDWATCH_DKIM_KEY_H

#include <stdbool.h>

#include "probes/verdict.h"

struct dkim_key {
	char	 type[16];	/* "rsa", "ed25519" (k=, default rsa) */
	int	 bits;		/* decoded key size, 0 when not decoded */
	bool	 revoked;	/* empty p= */
	bool	 testing;	/* t=y */
};

/*
 * Checks text (the TXT record joined); retired says the user expects the
 * key to be revoked. Adds problems to v and fills key. Returns 0 when a
 * verifier can use the key (or it is a revoked, retired one), -1 when not.
 */
int	dkim_key_check(const char *text, bool retired, struct dkim_key *key,
	    struct verdict *v);

#endif
