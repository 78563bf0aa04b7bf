/*
 * spf_check.h -- RFC 7208 check_host(): the SPF result for one client
 * IP, domain and sender, evaluated by us over the resolver layer
 * (authdns), with the record parser of spf_record.c (one syntax
 * judgement for the record finding and the sender result) and the
 * RFC's limits as evaluation meets them: 10 DNS-querying terms, 2 void
 * lookups, 10 MX and PTR names. libspf2 is not used (see README: it
 * fails the RFC 7208 suite and has the unfixed CVE-2023-42118).
 */
#ifndef SENDWATCH_SPF_CHECK_H
#define SENDWATCH_SPF_CHECK_H

#include "probes/dns/authdns.h"

enum spf_result {
	SPF_NONE, SPF_NEUTRAL, SPF_PASS, SPF_FAIL, SPF_SOFTFAIL,
	SPF_TEMPERROR, SPF_PERMERROR,
};

/* "none", "neutral", "pass", "fail", "softfail", "temperror", "permerror". */
const char *spf_result_name(enum spf_result);

struct spf_request {
	const char	*ip;		/* client address (IPv4-mapped: IPv4) */
	const char	*domain;	/* check_host's <domain> */
	const char	*sender;	/* MAIL FROM; NULL or "": postmaster@domain */
	const char	*helo;		/* HELO/EHLO name, or NULL */
};

struct spf_outcome {
	enum spf_result	 result;
	char		 reason[400];	 /* why: the term that matched, the error */
	char		 explanation[800]; /* a fail's exp= text, "" for none */
	unsigned	 lookups;	 /* DNS-querying terms evaluated */
	unsigned	 voids;		 /* void lookups met */
};

/*
 * Evaluates the request into out. Returns 0, or -1 when ip is not an
 * address (out->reason says so).
 */
int	spf_check_host(struct authdns *, const struct spf_request *,
	    struct spf_outcome *out);

#endif
