/*
 * ruf.h -- a DMARC failure report (the "ruf" of a DMARC record) as plain
 * data: RFC 6591's authentication failure report (an ARF message,
 * RFC 5965, with Feedback-Type: auth-failure) or one of the common
 * non-ARF forms, read by ruf_parse.c. Strings are owned by the struct
 * (NULL when the report did not say); ruf_report_clear() frees them.
 */
#ifndef SENDWATCH_RUF_H
#define SENDWATCH_RUF_H

#include <stdint.h>

struct ruf_report {
	/*
	 * What makes it unique: SHA-256 (hex) of the report's Message-ID
	 * with the source IP, or of the report's bytes when it has no
	 * Message-ID.
	 */
	char	 key[65];
	char	*form;			/* "arf" or "non-arf" */
	char	*feedback_type;		/* auth-failure, ... */
	char	*reporter;		/* the report's From domain */
	char	*user_agent;
	char	*source_ip;
	char	*reported_domain;
	char	*auth_failure;		/* dkim, spf, dmarc, ... (joined by ",") */
	char	*auth_results;		/* Authentication-Results */
	char	*delivery_result;
	char	*dkim_domain;
	char	*dkim_selector;
	char	*dkim_identity;
	char	*spf_dns;
	char	*original_mail_from;
	char	*original_rcpt_to;
	char	*identity_alignment;
	char	*arrival_date;		/* Arrival-Date, as written */
	/* The original message's header. */
	char	*orig_from;
	char	*orig_subject;
	char	*orig_message_id;
	int64_t	 arrival;		/* Arrival-Date, else the report's Date; 0 */
	int64_t	 orig_date;		/* the original's Date; 0 unknown */
};

void	ruf_report_clear(struct ruf_report *);

#endif
