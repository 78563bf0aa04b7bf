/*
 * tlsrpt_record.h -- the SMTP TLS Reporting record (RFC 8460 §3), the
 * TXT record at _smtp._tls.<domain> that tells sending MTAs where to
 * send reports of failed TLS sessions:
 *
 *   v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://r.example.net/x
 *
 * tlsrpt_record_parse() checks the grammar and splits the rua URIs;
 * tlsrpt_probe() (tlsrpt_record_probe.c) looks the record up and checks
 * that the destinations can receive. Problems go to the caller's
 * verdict; the record owns its strings (tlsrpt_record_free()).
 */
#ifndef SENDWATCH_TLSRPT_RECORD_H
#define SENDWATCH_TLSRPT_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/dns/authdns.h"
#include "probes/finding.h"
#include "probes/probe.h"
#include "probes/verdict.h"

enum tlsrpt_scheme {
	TLSRPT_MAILTO,
	TLSRPT_HTTPS,
	TLSRPT_BAD,		/* unusable: see the verdict */
};

struct tlsrpt_dest {
	char			*uri;		/* as written */
	enum tlsrpt_scheme	 scheme;
	char			*host;		/* mailto: domain, https: host,
						 * lowercased; NULL when bad */
};

struct tlsrpt_record {
	struct tlsrpt_dest	*rua;
	size_t			 nrua;
	size_t			 nusable;	/* rua with a usable URI */
};

/*
 * True when the len bytes of a TXT record start a TLS-RPT record as
 * senders pick them: "v=TLSRPTv1" then ";" (RFC 8460 §3; whitespace
 * before the ";" is allowed by the grammar).
 */
bool	tlsrpt_record_is_tlsrpt(const char *text, size_t len);

/*
 * Why a record that looks like a TLS-RPT record is skipped by senders
 * (a version in other case, a missing ";", a leading space), or NULL.
 */
const char *tlsrpt_record_near_miss(const char *text, size_t len);

/*
 * Parses one record (already known to be TLS-RPT). Grammar problems
 * and unusable URIs are added to v as warnings: TLS-RPT only carries
 * reports, a broken record loses them but no mail. Returns 0, or -1
 * when out of memory.
 */
int	tlsrpt_record_parse(const char *text, size_t len,
	    struct tlsrpt_record *, struct verdict *v);
void	tlsrpt_record_free(struct tlsrpt_record *);	/* NULL does nothing */

/*
 * The probe for one domain: appends the finding tlsrpt/<domain>.
 * Returns 0, or -1 when out of memory.
 */
int	tlsrpt_probe(struct authdns *, const char *domain,
	    struct finding_list *);

/* Its row of the probe table (probes/probe.h). */
extern const struct probe probe_tlsrpt;

#endif
