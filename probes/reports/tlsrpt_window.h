/*
 * tlsrpt_window.h -- what the stored TLS-RPT reports (RFC 8460) and DMARC
 * failure reports (RFC 6591) say over a window, as plain data: per
 * policy domain and policy type the sessions, failure types, sending
 * and receiving MTAs; per source IP the failure reports. The store
 * fills it (monitor/store/tlsrpt_summary.c), the reports probe judges
 * it (tlsrpt_findings.h) and the output formats print it.
 */
#ifndef SENDWATCH_TLSRPT_WINDOW_H
#define SENDWATCH_TLSRPT_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A failure type, a sending MTA or a receiving MX with its sessions. */
struct tlsrpt_count {
	char		*name;		/* result type, IP, or MX host name */
	char		*ip;		/* receiving MX: its IP, or NULL */
	uint64_t	 sessions;	/* failed sessions in the window */
};

/* One policy domain and policy type (sts, tlsa, no-policy-found). */
struct tlsrpt_window {
	char			*domain;
	char			*type;
	uint64_t		 reports, successful, failed;
	struct tlsrpt_count	*types;		/* most sessions first */
	size_t			 ntypes;
	struct tlsrpt_count	*senders;
	size_t			 nsenders;
	struct tlsrpt_count	*receivers;
	size_t			 nreceivers;
};

/* One failure report, as summarized under its source. */
struct ruf_sample {
	char	*reporter, *domain, *auth_failure, *delivery_result;
	char	*from;		/* the original's From (full: redact to print) */
	char	*mail_from;	/* Original-Mail-From (idem) */
	char	*subject;
	int64_t	 arrival;
};

/* The failure reports about messages from one source IP. */
struct ruf_source {
	char			*ip;		/* "" when reports named none */
	uint64_t		 reports;
	char			*domains;	/* distinct, joined by "," */
	char			*failures;	/* auth failures, idem */
	char			*reporters;	/* idem */
	int64_t			 first, last;	/* arrival */
	struct ruf_sample	*samples;	/* most recent first */
	size_t			 nsamples;
};

#endif
