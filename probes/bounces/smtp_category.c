/*
 * smtp_category.c -- the categories smtp_classify() sorts replies into
 * (see smtp_reply.h): one row each, in the order people read them, with
 * the name shown everywhere (text, --json, metrics, README, man page),
 * what it means and the fix a mail admin applies. A rule may give a more
 * specific fix (smtp_rules.c); this one is the category's own.
 */
#include <string.h>

#include "probes/bounces/smtp_reply.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	enum smtp_category	 cat;
	const char		*name;
	const char		*meaning;
	const char		*fix;
} smtp_categories[] = {
	{ SMTP_CAT_BAD_MAILBOX, "bad-mailbox",
	  "the address does not exist at the receiver",
	  "Remove the address from your lists (sendwatch bounces --suppress)"
	  " or ask the recipient for a correct one; resending will not help." },
	{ SMTP_CAT_MAILBOX_DISABLED, "mailbox-disabled",
	  "the mailbox exists but is suspended, inactive, locked or frozen",
	  "Stop sending to the address (suppress it); if the recipient"
	  " matters, reach them by other means: only they can reactivate it." },
	{ SMTP_CAT_MAILBOX_FULL, "mailbox-full",
	  "the recipient's mailbox is over its quota",
	  "Nothing on your side: the queue retries; if it keeps bouncing for"
	  " weeks, treat the address as inactive." },
	{ SMTP_CAT_HOST_UNKNOWN, "host-unknown",
	  "the recipient domain does not exist or has no mail server",
	  "Check the domain for typos (gmial.com); a domain without MX or A"
	  " records takes no mail: suppress the address." },
	{ SMTP_CAT_MESSAGE_TOO_BIG, "message-too-big",
	  "the message is larger than the receiver accepts",
	  "Send smaller messages: a link instead of a large attachment." },
	{ SMTP_CAT_SENDER_REJECTED, "sender-rejected",
	  "our envelope sender (MAIL FROM) address or domain was refused",
	  "Use an envelope sender that exists, in a domain that resolves (MX"
	  " or A) and that you are allowed to send for." },
	{ SMTP_CAT_BLOCKLISTED, "blocklisted",
	  "a blocklist named in the reply lists the sending IP or domain",
	  "Check the listing with `sendwatch audit IP`, remove the cause"
	  " (compromised account, open relay, poor list hygiene), then ask the"
	  " named list to delist you." },
	{ SMTP_CAT_REPUTATION, "reputation",
	  "the receiver distrusts the sending IP or domain; no list named",
	  "Send only to opted-in recipients, remove inactive addresses, warm"
	  " up new IPs slowly and watch the receiver's postmaster tools." },
	{ SMTP_CAT_AUTHENTICATION, "authentication",
	  "SPF, DKIM or DMARC failed or is missing",
	  "Publish SPF covering the sending IP, sign with DKIM and align both"
	  " with the From domain under DMARC; check with `sendwatch audit"
	  " DOMAIN`." },
	{ SMTP_CAT_REVERSE_DNS, "reverse-dns",
	  "the sending IP has no or a generic PTR record, or a bad HELO name",
	  "Give the sending IP a PTR record whose name resolves back to it,"
	  " and use that name as HELO." },
	{ SMTP_CAT_RATE_LIMITED, "rate-limited",
	  "too many connections, messages or recipients per time",
	  "Lower the connection and message rate to this receiver (Postfix:"
	  " destination concurrency and rate delay); the queue retries." },
	{ SMTP_CAT_GREYLISTED, "greylisted",
	  "the receiver asks every new sender to come back later",
	  "Nothing: the queue retries by itself; look only if it never"
	  " succeeds." },
	{ SMTP_CAT_CONTENT, "content",
	  "the message itself was refused: spam, virus, a listed URL, a"
	  " malformed header",
	  "Check the message's links, attachments, headers and wording, and"
	  " test it against a spam filter before sending again." },
	{ SMTP_CAT_RELAY_DENIED, "relay-denied",
	  "the server does not take mail for this domain from us",
	  "If you send through a smarthost, authenticate to it (SMTP AUTH);"
	  " otherwise the domain's MX points at a server not set up for it." },
	{ SMTP_CAT_TLS_REQUIRED, "tls-required",
	  "an encrypted (or verified) connection is required",
	  "Enable STARTTLS on the sending side (Postfix:"
	  " smtp_tls_security_level = may or encrypt) with a working CA"
	  " bundle." },
	{ SMTP_CAT_POLICY, "policy",
	  "the receiver refused by a local policy the reply explains",
	  "Read the reply: nothing is wrong in general; contact the"
	  " receiver's postmaster if the mail is legitimate." },
	{ SMTP_CAT_NETWORK, "network",
	  "the receiver could not be reached: connection, DNS or timeout",
	  "The queue retries; if it persists, check outbound port 25 and the"
	  " recipient domain's MX hosts." },
	{ SMTP_CAT_SYSTEM, "system",
	  "the receiving mail system failed on its own side",
	  "Nothing on your side: the queue retries temporary failures; tell"
	  " the recipient by other means if it persists." },
	{ SMTP_CAT_OTHER, "other",
	  "the reply does not say why",
	  "Read the reply text; ask the receiver's postmaster if it"
	  " persists." },
};

_Static_assert(NITEMS(smtp_categories) == SMTP_CAT_COUNT,
    "one row per category");

static size_t
smtp_category_row(enum smtp_category c)
{
	for (size_t i = 0; i < NITEMS(smtp_categories); i++)
		if (smtp_categories[i].cat == c)
			return i;
	return NITEMS(smtp_categories) - 1;	/* "other" */
}

const char *
smtp_category_name(enum smtp_category c)
{
	return smtp_categories[smtp_category_row(c)].name;
}

const char *
smtp_category_meaning(enum smtp_category c)
{
	return smtp_categories[smtp_category_row(c)].meaning;
}

const char *
smtp_category_fix(enum smtp_category c)
{
	return smtp_categories[smtp_category_row(c)].fix;
}

enum smtp_category
smtp_category_at(size_t i)
{
	return i < NITEMS(smtp_categories) ? smtp_categories[i].cat :
	    SMTP_CAT_OTHER;
}

bool
smtp_category_by_name(const char *name, enum smtp_category *out)
{
	for (size_t i = 0; i < NITEMS(smtp_categories); i++)
		if (strcmp(smtp_categories[i].name, name) == 0) {
			*out = smtp_categories[i].cat;
			return true;
		}
	return false;
}
