/*
 * smtp_enhanced.c -- the meaning of SMTP codes (see smtp_reply.h): basic
 * reply codes (RFC 5321 §4.2.2-4.2.3, RFC 7504, RFC 4954), the enhanced
 * status codes of the IANA "SMTP Enhanced Status Codes" registry (RFC 3463,
 * RFC 5248 and the RFCs that registered codes since), and the names of the
 * sides that smtp_classify() gives.
 */
#include <stddef.h>

#include "probes/bounces/smtp_reply.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	int		 code;
	const char	*name;
} smtp_basic_codes[] = {
	{ 211, "system status" },
	{ 214, "help message" },
	{ 220, "service ready" },
	{ 221, "service closing transmission channel" },
	{ 235, "authentication succeeded" },
	{ 250, "requested mail action okay, completed" },
	{ 251, "user not local; will forward" },
	{ 252, "cannot verify the user, but will accept the message" },
	{ 354, "start mail input" },
	{ 421, "service not available, closing transmission channel" },
	{ 450, "mailbox unavailable (busy or temporarily blocked)" },
	{ 451, "local error in processing" },
	{ 452, "insufficient system storage" },
	{ 454, "temporary authentication or TLS failure" },
	{ 455, "server unable to accommodate parameters" },
	{ 500, "syntax error, command unrecognized" },
	{ 501, "syntax error in parameters or arguments" },
	{ 502, "command not implemented" },
	{ 503, "bad sequence of commands" },
	{ 504, "command parameter not implemented" },
	{ 521, "host does not accept mail" },
	{ 530, "authentication or encryption required" },
	{ 534, "authentication mechanism is too weak" },
	{ 535, "authentication credentials invalid" },
	{ 538, "encryption required for requested authentication mechanism" },
	{ 550, "mailbox unavailable, or refused by policy" },
	{ 551, "user not local" },
	{ 552, "exceeded storage allocation" },
	{ 553, "mailbox name not allowed" },
	{ 554, "transaction failed" },
	{ 555, "MAIL FROM/RCPT TO parameters not recognized" },
	{ 556, "domain does not accept mail" },
};

static const struct {
	int		 subject;
	const char	*name;
} smtp_subjects[] = {
	{ 0, "other or undefined status" },
	{ 1, "addressing status" },
	{ 2, "mailbox status" },
	{ 3, "mail system status" },
	{ 4, "network and routing status" },
	{ 5, "mail delivery protocol status" },
	{ 6, "message content or media status" },
	{ 7, "security or policy status" },
};

/* X.subject.detail as the IANA registry names them. */
static const struct {
	int		 subject, detail;
	const char	*name;
} smtp_enh_codes[] = {
	{ 0, 0, "Other undefined Status" },
	{ 1, 0, "Other address status" },
	{ 1, 1, "Bad destination mailbox address" },
	{ 1, 2, "Bad destination system address" },
	{ 1, 3, "Bad destination mailbox address syntax" },
	{ 1, 4, "Destination mailbox address ambiguous" },
	{ 1, 5, "Destination address valid" },
	{ 1, 6, "Destination mailbox has moved, No forwarding address" },
	{ 1, 7, "Bad sender's mailbox address syntax" },
	{ 1, 8, "Bad sender's system address" },
	{ 1, 9, "Message relayed to non-compliant mailer" },
	{ 1, 10, "Recipient address has null MX" },
	{ 2, 0, "Other or undefined mailbox status" },
	{ 2, 1, "Mailbox disabled, not accepting messages" },
	{ 2, 2, "Mailbox full" },
	{ 2, 3, "Message length exceeds administrative limit" },
	{ 2, 4, "Mailing list expansion problem" },
	{ 3, 0, "Other or undefined mail system status" },
	{ 3, 1, "Mail system full" },
	{ 3, 2, "System not accepting network messages" },
	{ 3, 3, "System not capable of selected features" },
	{ 3, 4, "Message too big for system" },
	{ 3, 5, "System incorrectly configured" },
	{ 3, 6, "Requested priority was changed" },
	{ 4, 0, "Other or undefined network or routing status" },
	{ 4, 1, "No answer from host" },
	{ 4, 2, "Bad connection" },
	{ 4, 3, "Directory server failure" },
	{ 4, 4, "Unable to route" },
	{ 4, 5, "Mail system congestion" },
	{ 4, 6, "Routing loop detected" },
	{ 4, 7, "Delivery time expired" },
	{ 5, 0, "Other or undefined protocol status" },
	{ 5, 1, "Invalid command" },
	{ 5, 2, "Syntax error" },
	{ 5, 3, "Too many recipients" },
	{ 5, 4, "Invalid command arguments" },
	{ 5, 5, "Wrong protocol version" },
	{ 5, 6, "Authentication Exchange line is too long" },
	{ 6, 0, "Other or undefined media error" },
	{ 6, 1, "Media not supported" },
	{ 6, 2, "Conversion required and prohibited" },
	{ 6, 3, "Conversion required but not supported" },
	{ 6, 4, "Conversion with loss performed" },
	{ 6, 5, "Conversion Failed" },
	{ 6, 6, "Message content not available" },
	{ 6, 7, "Non-ASCII addresses not permitted for that sender/recipient" },
	{ 6, 8, "UTF-8 string reply is required, but not permitted by the"
	    " SMTP client" },
	{ 6, 9, "UTF-8 header message cannot be transferred to one or more"
	    " recipients, so the message must be rejected" },
	{ 7, 0, "Other or undefined security status" },
	{ 7, 1, "Delivery not authorized, message refused" },
	{ 7, 2, "Mailing list expansion prohibited" },
	{ 7, 3, "Security conversion required but not possible" },
	{ 7, 4, "Security features not supported" },
	{ 7, 5, "Cryptographic failure" },
	{ 7, 6, "Cryptographic algorithm not supported" },
	{ 7, 7, "Message integrity failure" },
	{ 7, 8, "Authentication credentials invalid" },
	{ 7, 9, "Authentication mechanism is too weak" },
	{ 7, 10, "Encryption Needed" },
	{ 7, 11, "Encryption required for requested authentication"
	    " mechanism" },
	{ 7, 12, "A password transition is needed" },
	{ 7, 13, "User Account Disabled" },
	{ 7, 14, "Trust relationship required" },
	{ 7, 15, "Priority Level is too low" },
	{ 7, 16, "Message is too big for the specified priority" },
	{ 7, 17, "Mailbox owner has changed" },
	{ 7, 18, "Domain owner has changed" },
	{ 7, 19, "RRVS test cannot be completed" },
	{ 7, 20, "No passing DKIM signature found" },
	{ 7, 21, "No acceptable DKIM signature found" },
	{ 7, 22, "No valid author-matched DKIM signature found" },
	{ 7, 23, "SPF validation failed" },
	{ 7, 24, "SPF validation error" },
	{ 7, 25, "Reverse DNS validation failed" },
	{ 7, 26, "Multiple authentication checks failed" },
	{ 7, 27, "Sender address has null MX" },
	{ 7, 28, "Mail flood detected" },
	{ 7, 29, "ARC validation failure" },
	{ 7, 30, "REQUIRETLS support required" },
};

static const struct {
	const char	*name;
	const char	*text;
} smtp_sides[SMTP_SIDE_COUNT] = {
	[SMTP_SIDE_RECIPIENT] = { "recipient",
	    "the recipient's address or mailbox (nothing to fix on the"
	    " sending side but the address list)" },
	[SMTP_SIDE_SENDER_REPUTATION] = { "sender-reputation",
	    "the sender's reputation (sending IP or domain)" },
	[SMTP_SIDE_SENDER_DNS] = { "sender-dns",
	    "the sender's DNS records (SPF, DKIM, DMARC, PTR)" },
	[SMTP_SIDE_SENDER_CONFIG] = { "sender-config",
	    "the sender's mail server setup or the message itself" },
	[SMTP_SIDE_UNKNOWN] = { "unknown",
	    "unclear from the reply alone" },
};

const char *
smtp_code_meaning(int code)
{
	switch (code / 100) {
	case 2:
		return "success: the receiver accepted it";
	case 3:
		return "intermediate: the receiver waits for more";
	case 4:
		return "temporary failure: the sending server will retry";
	case 5:
		return "permanent failure: it will not be retried";
	}
	return "no SMTP reply code";
}

const char *
smtp_code_name(int code)
{
	for (size_t i = 0; i < NITEMS(smtp_basic_codes); i++)
		if (smtp_basic_codes[i].code == code)
			return smtp_basic_codes[i].name;
	return NULL;
}

const char *
smtp_enh_meaning(int subject, int detail)
{
	for (size_t i = 0; i < NITEMS(smtp_enh_codes); i++)
		if (smtp_enh_codes[i].subject == subject &&
		    smtp_enh_codes[i].detail == detail)
			return smtp_enh_codes[i].name;
	return NULL;
}

const char *
smtp_enh_subject_meaning(int subject)
{
	for (size_t i = 0; i < NITEMS(smtp_subjects); i++)
		if (smtp_subjects[i].subject == subject)
			return smtp_subjects[i].name;
	return NULL;
}

const char *
smtp_side_name(enum smtp_side s)
{
	return (unsigned)s < SMTP_SIDE_COUNT ? smtp_sides[s].name : "unknown";
}

const char *
smtp_side_text(enum smtp_side s)
{
	return (unsigned)s < SMTP_SIDE_COUNT ? smtp_sides[s].text :
	    smtp_sides[SMTP_SIDE_UNKNOWN].text;
}
