/*
 * mta_sts_policy.h -- the two halves of an MTA-STS policy (RFC 8461):
 * the TXT record at _mta-sts.<domain> ("v=STSv1; id=...", §3.1) that
 * says a policy exists and which version it is, and the policy itself
 * (§3.2), fetched from https://mta-sts.<domain>/.well-known/mta-sts.txt:
 *
 *   version: STSv1
 *   mode: enforce
 *   mx: mail.example.com
 *   mx: *.example.net
 *   max_age: 604800
 *
 * and how an MX host matches an mx pattern (§4.1). Parsing reports to
 * the caller's verdict; a policy senders would discard is a warning
 * (they then act as if the domain had none: mail flows, unprotected).
 * The policy owns its strings.
 */
#ifndef SENDWATCH_MTA_STS_POLICY_H
#define SENDWATCH_MTA_STS_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/verdict.h"

#define MTA_STS_VERSION		"v=STSv1"
#define MTA_STS_ID_MAX		32		/* 1*32(ALPHA / DIGIT) */
#define MTA_STS_MAX_AGE_MAX	31557600L	/* about a year, §3.2 */
#define MTA_STS_POLICY_MAX	65536		/* bytes we fetch */

enum mta_sts_mode {
	MTA_STS_MODE_UNSET,
	MTA_STS_MODE_ENFORCE,	/* no delivery to an MX that fails */
	MTA_STS_MODE_TESTING,	/* deliver anyway, report failures */
	MTA_STS_MODE_NONE,	/* the policy is withdrawn */
};

struct mta_sts_policy {
	bool			 version_ok;
	enum mta_sts_mode	 mode;
	long			 max_age;	/* seconds; -1 when unusable */
	char			**mx;		/* valid patterns, as written */
	size_t			 nmx;
	bool			 usable;	/* senders would apply it */
};

/*
 * The id of a TXT record that satisfies tls_txt_is(MTA_STS_VERSION)
 * into id (MTA_STS_ID_MAX + 1 bytes); problems with it (a missing or
 * bad id) go to v as warnings. Returns 0 when the id is usable, -1 not.
 */
int	mta_sts_record_id(const char *text, size_t len, char *id,
	    struct verdict *v);

/* Parses len bytes of policy. Returns 0, or -1 when out of memory. */
int	mta_sts_policy_parse(const char *body, size_t len,
	    struct mta_sts_policy *, struct verdict *v);
void	mta_sts_policy_free(struct mta_sts_policy *);	/* NULL: nothing */

/* "enforce", "testing", "none" or "(none given)". */
const char *mta_sts_mode_name(enum mta_sts_mode);

/*
 * RFC 8461 §4.1: does MX host name host (no trailing dot) match pattern?
 * Case-insensitive; "*.example.com" matches exactly one more label.
 */
bool	mta_sts_mx_match(const char *pattern, const char *host);

/* The first pattern of p that host matches, or NULL. */
const char *mta_sts_policy_match(const struct mta_sts_policy *,
	    const char *host);

#endif
