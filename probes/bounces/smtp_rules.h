/*
 * smtp_rules.h -- the reply classification table's row (smtp_rules.c),
 * the matcher that runs it (smtp_match.c) and the extraction of
 * blocklist names and IP addresses from reply text (smtp_extract.c). smtp_reply.h is the public interface; this header is
 * for the rule code and its tests.
 */
#ifndef SENDWATCH_SMTP_RULES_H
#define SENDWATCH_SMTP_RULES_H

#include <stddef.h>

#include "probes/bounces/smtp_reply.h"

struct smtp_rule {
	const char		*name;	/* stable, shown with --json */
	const char		*code;	/* "550", "55x", "5xx"; NULL: any */
	const char		*enh;	/* "x.7.26", "5.7.606-649", "x.3.*" */
	const char		*stage;	/* "MAIL FROM", ...; NULL: any */
	const char		*re;	/* POSIX ERE, case-insensitive */
	enum smtp_category	 cat;
	enum smtp_side		 side;
	const char		*list;	/* the operator when the text names none */
	const char		*fix;	/* NULL: the category's fix */
	const char		*source;	/* who documents such replies */
	const char		*example;	/* a reply this rule must take */
};

/* The rule table (smtp_rules.c), *n rows; the last matches anything. */
const struct smtp_rule	*smtp_rules_table(size_t *n);

/* The first rule that matches (the last rule matches anything). */
const struct smtp_rule	*smtp_rules_match(const struct smtp_reply *);

/* NULL when every rule's patterns compiled, else what is wrong. */
const char		*smtp_rules_check(void);

/*
 * The sending IP a reply names (IPv4 outside 127/8, or an IPv6 address
 * in brackets or after "ip/" / "ip="), as text into out; "" when none.
 */
void	smtp_extract_ip(const char *text, char *out, size_t outlen);

/*
 * The blocklist a reply names: a DNS zone ("blocked using
 * zen.spamhaus.org", "in a black list at bl.spamcop.net"), else the
 * operator found in the text ("Spamhaus"), else fallback (may be NULL).
 */
void	smtp_extract_list(const char *text, const char *fallback, char *out,
	    size_t outlen);

#endif
