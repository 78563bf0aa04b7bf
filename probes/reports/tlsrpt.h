/*
 * tlsrpt.h -- the TLS-RPT aggregate report data model (RFC 8460 §4):
 * who reported, the date range, and per policy (sts, tlsa,
 * no-policy-found) the successful and failed session counts with the
 * failure details. Parsed from JSON by tlsrpt_parse.c, stored by
 * monitor/store/tlsrpt_store.c. Strings are owned by the struct that
 * holds them; tlsrpt_report_clear() releases everything.
 */
#ifndef SENDWATCH_TLSRPT_H
#define SENDWATCH_TLSRPT_H

#include <stddef.h>
#include <stdint.h>

/* One failure-details entry (RFC 8460 §4.3). Optional fields NULL. */
struct tlsrpt_failure {
	char		*result_type;		/* certificate-expired, ... */
	char		*sending_mta_ip;
	char		*receiving_mx_hostname;
	char		*receiving_mx_helo;
	char		*receiving_ip;
	char		*failure_reason_code;
	char		*additional_information;
	uint64_t	 failed_sessions;
};

/* One entry of policies[]. */
struct tlsrpt_policy {
	char			*type;		/* sts, tlsa, no-policy-found */
	char			*domain;	/* policy-domain, lowercased */
	char			*policy_string;	/* lines joined by "\n", or NULL */
	char			*mx_host;	/* hosts joined by " ", or NULL */
	uint64_t		 successful;
	uint64_t		 failed;
	struct tlsrpt_failure	*fail;
	size_t			 nfail;
};

struct tlsrpt_report {
	char			*org_name;
	char			*contact_info;	/* NULL when absent */
	char			*report_id;
	int64_t			 begin, end;	/* Unix time */
	struct tlsrpt_policy	*pol;
	size_t			 npol;
};

/* Frees what the report holds (not the struct) and zeroes it. */
void	tlsrpt_report_clear(struct tlsrpt_report *);

#endif
