/*
 * smtp_rules.c -- the table that classifies SMTP replies (see
 * smtp_reply.h), and the loop that runs it.
 *
 * Each rule is data: an optional basic-code pattern ("451", "55x", "5xx"),
 * an optional enhanced-code pattern ("x.7.26", "5.7.606-649", "x.1.*"), an
 * optional POSIX extended regular expression matched case-insensitively
 * against the reply text, and what a match means: category, the side that
 * must act, and the fix. The first rule whose every given part matches
 * wins, so the table runs from specific wording (a receiver's own words,
 * blocklist names) to the generic meaning of the enhanced code and then
 * of the basic code; the last rule matches everything. Patterns are
 * compiled once, on first use.
 */
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "probes/bounces/smtp_reply.h"
#include "probes/bounces/smtp_rules.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Fixes shared by several rules. */
#define FIX_BAD_MAILBOX	"The address does not exist or no longer takes mail:" \
	" remove it from your lists (sendwatch bounces --suppress) or ask the" \
	" recipient for a correct one; resending will not help."
#define FIX_FULL	"The recipient's mailbox is full: the message may be" \
	" retried later; if it keeps bouncing, treat the address as inactive."
#define FIX_BLOCKLIST	"The receiver rejects your sending IP or domain" \
	" because a blocklist names it: check it with `sendwatch audit IP`," \
	" remove the cause (compromised account, open relay, bad list" \
	" hygiene, missing unsubscribe), then ask the list named here to" \
	" delist you."
#define FIX_AUTH	"Publish and align authentication for the From" \
	" domain: an SPF record covering this IP, DKIM signing with a" \
	" published key, and a DMARC record; check with `sendwatch audit" \
	" DOMAIN`."
#define FIX_SPF		"Your SPF record does not allow this sending IP:" \
	" add the IP (ip4:/ip6:) or your provider's include: to the SPF" \
	" record of the envelope sender's domain."
#define FIX_DKIM	"No valid DKIM signature: sign outgoing mail with a" \
	" key whose public half is published at selector._domainkey.DOMAIN," \
	" and make the signing domain align with the From domain."
#define FIX_DMARC	"The message failed DMARC for the From domain: make" \
	" SPF or DKIM pass for a domain aligned with the From header."
#define FIX_PTR		"Give the sending IP a PTR record (ask whoever owns" \
	" the IP range) whose name resolves back to the same IP, and use that" \
	" name as the HELO name."
#define FIX_HELO	"Use a fully qualified HELO/EHLO name that resolves in" \
	" DNS (Postfix: smtp_helo_name / myhostname)."
#define FIX_RATE	"The receiver limits how fast it accepts your mail:" \
	" lower the connection and message rate to this domain (Postfix:" \
	" destination concurrency and rate delay); the queue retries."
#define FIX_REPUTATION	"The receiver distrusts mail from this IP or domain" \
	" (complaints, spam traps, sudden volume): send only to opted-in" \
	" recipients, remove inactive addresses, warm up new IPs slowly and" \
	" watch the receiver's postmaster tools."
#define FIX_GREY	"Greylisting: the receiver asks every new sender to" \
	" come back later; the queue retries by itself, nothing to fix unless" \
	" it never succeeds."
#define FIX_CONTENT	"The receiver's filter judged the message as spam or" \
	" dangerous: check links, attachments and wording, list hygiene and" \
	" complaint rates; test the message against a spam filter."
#define FIX_RELAY	"The server does not accept mail for this domain from" \
	" you: if you relay through a smarthost, authenticate to it (SMTP" \
	" AUTH); otherwise the domain's MX points at a server that is not" \
	" set up for it."
#define FIX_TLS		"The receiver (or your own policy) requires an" \
	" encrypted connection: enable STARTTLS on the sending side (Postfix:" \
	" smtp_tls_security_level = may or encrypt) with a working CA bundle."
#define FIX_POLICY	"The receiver refused by its own policy; the reply" \
	" text says which. Nothing is wrong in general: contact the" \
	" receiver's postmaster if the mail is legitimate."
#define FIX_SENDER_ADDR	"The receiver rejects your envelope sender: it must" \
	" be a deliverable address in a domain that resolves (MX or A)."
#define FIX_SIZE	"The message is larger than the receiver accepts:" \
	" send a link instead of the attachment."
#define FIX_THEIR_SIDE	"The receiving mail system has a problem of its own;" \
	" the queue retries temporary failures. Tell the recipient by other" \
	" means if it persists."
#define FIX_NETWORK	"The receiving server could not be reached or the" \
	" connection broke: the queue retries; check your outbound port 25" \
	" and the recipient domain's MX if it persists."
#define FIX_NONE	"Nothing to fix: the receiver accepted the message."
#define FIX_UNKNOWN	"The reply does not say why; read the text above and" \
	" ask the receiver's postmaster if it persists."

/* Wordings used by more than one rule. */
#define RE_USER_UNKNOWN "user (is )?unknown|unknown (user|recipient|address" \
	"|mailbox)|no such (user|mailbox|recipient|address|account)|" \
	"(mailbox|address|user|recipient|account) (does not|doesn't) exist|" \
	"(recipient|user|mailbox|address) not found|recip(ient)?notfound|" \
	"invalid (recipient|mailbox|address)|unrouteable address|" \
	"addressee unknown|not a valid (mailbox|recipient|user)|" \
	"no mailbox here|mailbox (unavailable|not available|not found)|" \
	"undeliverable address|(account|mailbox) (is |has been )?" \
	"(disabled|deactivated|suspended|inactive)|account that you tried to" \
	" reach (does not exist|is disabled)|doesn't have an? [a-z.]+ account"

static const struct smtp_rule smtp_rules[] = {
	/* --- a success is a success ---------------------------------- */
	{ "accepted", .code = "2xx", .cat = SMTP_CAT_OTHER,
	  .side = SMTP_SIDE_UNKNOWN, .fix = FIX_NONE },

	/* --- sender-side addressing that mentions "blacklist" -------- */
	{ "cpanel-not-deliverable", .code = "5xx",
	  .re = "could not deliver mail to .* account or domain may not exist",
	  .cat = SMTP_CAT_BAD_MAILBOX, .side = SMTP_SIDE_RECIPIENT,
	  .fix = FIX_BAD_MAILBOX },

	/* --- blocklists, named or by operator wording ---------------- */
	{ "microsoft-banned-ip", .enh = "x.7.606-649",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .list = "Microsoft", .fix = "Microsoft (Outlook.com, Microsoft 365)"
	  " bans this sending IP: request removal at https://sender.office.com"
	  " after fixing the cause." },
	{ "microsoft-block-list", .re = "banned sending ip|on our block list|"
	  "\\((S3150|S3140|S3114)\\)|traffic not accepted from this ip",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .list = "Microsoft", .fix = "Microsoft (Outlook.com, Hotmail) blocks"
	  " this IP: fill in the delisting form at"
	  " https://sender.office.com (or olcsupport.office.com for"
	  " Outlook.com) after fixing the cause." },
	{ "yahoo-permanent-block", .re = "\\[(TSS09|TS03|BL21|BL22|BL23)\\]",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .list = "Yahoo", .fix = "Yahoo blocks all mail from this IP:"
	  " fix the cause, then ask for review through"
	  " https://senders.yahooinc.com." },
	{ "named-dnsbl", .re = "spamhaus|barracuda|spamcop|\\<sorbs\\>|"
	  "uceprotect|abusix|mailspike|invaluement|spamrats|psbl\\.surriel|"
	  "abuseat|gbudb|\\<cloudmark\\>|ipcheck\\.proofpoint|"
	  "\\<(ers-)?rbl\\+?\\>|\\<dnsbl\\>|blocked using |"
	  "(black|block) ?list(ed)?( at| by| on| in|:)|"
	  "\\<blacklisted\\>|\\<blocklisted\\>|listed (at|on|in|by) "
	  "[a-z0-9-]+\\.[a-z0-9.-]+|found (in|on) a dns ?bl|"
	  "in a dns (black|block) ?list|poor reputation.*(black|block) ?list",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .fix = FIX_BLOCKLIST },
	{ "proofpoint-blocked", .re = "proofpoint",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .list = "Proofpoint", .fix = FIX_BLOCKLIST },

	/* --- relaying (before "authentication" wording) ------------- */
	{ "relay-denied", .re = "relay(ing)? (access )?(denied|not permitted|"
	  "prohibited|forbidden|refused)|not (permitted|allowed) to relay|"
	  "unable to relay|we do not relay|relaying to .* (denied|prohibited)|"
	  "relay not (permitted|allowed)|not allowed to relay",
	  .cat = SMTP_CAT_RELAY_DENIED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = FIX_RELAY },
	{ "relay-enh", .enh = "x.7.54", .cat = SMTP_CAT_RELAY_DENIED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_RELAY },

	/* --- rate limits and reputation deferrals --------------------- */
	{ "gmail-rate-limit", .enh = "4.7.28", .cat = SMTP_CAT_RATE_LIMITED,
	  .side = SMTP_SIDE_SENDER_REPUTATION, .fix = FIX_REPUTATION },
	{ "unsolicited-rate", .code = "4xx", .re = "unusual rate of "
	  "unsolicited|unexpected volume|user complaints|\\[TSS0[0-9]\\]|"
	  "rate limited due to ip reputation",
	  .cat = SMTP_CAT_RATE_LIMITED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .fix = FIX_REPUTATION },
	{ "gmail-unsolicited-block", .code = "5xx", .re = "unusual rate of "
	  "unsolicited|likely unsolicited mail|bulk mail|"
	  "(low|poor|bad) reputation",
	  .cat = SMTP_CAT_CONTENT, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .fix = FIX_REPUTATION },
	{ "low-reputation", .re = "(low|poor|bad) reputation|reputation of "
	  "the sending",
	  .cat = SMTP_CAT_POLICY, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .fix = FIX_REPUTATION },
	{ "rate-limit", .re = "rate.?limit|too many (connections|messages|"
	  "concurrent|mails|emails)|too much mail|throttl|"
	  "exceeded .*(rate|sending limit)|sending rate|server busy|"
	  "try again later, closing connection|connection rate|"
	  "too many recipients from",
	  .cat = SMTP_CAT_RATE_LIMITED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = FIX_RATE },
	{ "microsoft-busy", .enh = "4.7.500-699", .cat = SMTP_CAT_RATE_LIMITED,
	  .side = SMTP_SIDE_SENDER_REPUTATION, .fix = FIX_RATE },

	/* --- greylisting ---------------------------------------------- */
	{ "greylisted", .re = "gr[ae]y.?list|not yet authorized to deliver|"
	  "try again in [0-9]+ s|come back later|please retry later, .*grey",
	  .cat = SMTP_CAT_GREYLISTED, .side = SMTP_SIDE_UNKNOWN,
	  .fix = FIX_GREY },

	/* --- authentication ------------------------------------------ */
	{ "dmarc", .re = "dmarc", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_DMARC },
	{ "unauthenticated", .re = "unauthenticated|not authenticated|"
	  "authentication (check|requirement|information)|"
	  "required authentication level|anti-spoofing|spoof",
	  .cat = SMTP_CAT_AUTHENTICATION, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_AUTH },

	{ "spf", .re = "\\<spf\\>|sender policy framework",
	  .cat = SMTP_CAT_AUTHENTICATION, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_SPF },
	{ "dkim", .re = "\\<dkim\\>|domainkeys",
	  .cat = SMTP_CAT_AUTHENTICATION, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_DKIM },
	/* --- reverse DNS and HELO ------------------------------------- */
	{ "reverse-dns", .re = "\\<ptr\\>|reverse (dns|hostname|lookup|"
	  "mapping)|\\<rdns\\>|cannot find your hostname|"
	  "(no|missing|without) reverse|client host name|"
	  "hostname .* does not resolve|generic .*hostname|dynamic ip|"
	  "does not resolve to your (ip|address)",
	  .cat = SMTP_CAT_REVERSE_DNS, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_PTR },
	{ "helo", .re = "helo command rejected|invalid helo|helo name|"
	  "ehlo (name|hostname)|bad helo|fully-qualified hostname",
	  .cat = SMTP_CAT_REVERSE_DNS, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_HELO },

	/* --- TLS ------------------------------------------------------ */
	{ "tls-required", .re = "starttls|tls (is )?required|requires? tls|"
	  "encryption (is )?required|must use tls|"
	  "certificate (not verified|verification failed)|"
	  "tls is required, but",
	  .cat = SMTP_CAT_TLS_REQUIRED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = FIX_TLS },

	/* --- the recipient's mailbox (several languages) ------------- */
	{ "mailbox-full", .re = "mailbox (is |was )?full|over ?quota|"
	  "quota (exceeded|exceed|full)|exceeded (storage|quota|the quota)|"
	  "quotaexceeded|insufficient (user )?storage for|"
	  "mailbox has exceeded|out of storage|(blocks|inode|disk) limit|"
	  "mailbox size limit|not enough (space|storage)|"
	  "postfach (ist )?(voll|überfüllt)|speicher(platz)? .*(voll|"
	  "überschritten)|quota überschritten|"
	  "bo(i|î)te( aux lettres| mail)? (est )?pleine|quota d(e|é)pass(e|é)|"
	  "buz(o|ó)n (est(a|á) )?lleno|cuota excedida|"
	  "casella( di posta)? (è )?piena|quota superata|"
	  "caixa (postal|de correio) (est(a|á) )?cheia|"
	  "(postbus|mailbox) (is )?vol\\>|skrzynka .*pe(l|ł)na|"
	  "przepe(l|ł)nion|ящик переполнен|переполнен",
	  .cat = SMTP_CAT_MAILBOX_FULL, .side = SMTP_SIDE_RECIPIENT,
	  .fix = FIX_FULL },
	{ "dns-temporary", .re = "not found, try again|temporary failure in "
	  "name resolution", .cat = SMTP_CAT_OTHER, .side = SMTP_SIDE_UNKNOWN,
	  .fix = FIX_NETWORK },
	{ "sender-address", .re = "sender address rejected|sender verify "
	  "failed|verification failed for|sender domain (not found|"
	  "must resolve)|domain of sender address .* does not (exist|resolve)",
	  .cat = SMTP_CAT_POLICY, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = FIX_SENDER_ADDR },
	{ "user-unknown", .re = RE_USER_UNKNOWN "|"
	  "benutzer (ist )?unbekannt|empf(a|ä)nger (ist )?unbekannt|"
	  "unbekannte[rn]? (empf(a|ä)nger|benutzer)|postfach (existiert "
	  "nicht|nicht vorhanden|unbekannt)|"
	  "utilisateur inconnu|destinataire inconnu|adresse inconnue|"
	  "bo(i|î)te aux lettres inexistante|n'existe pas|"
	  "usuario (desconocido|inexistente)|no existe|"
	  "utente (sconosciuto|inesistente)|non esiste|"
	  "(usu(a|á)rio|utilizador) (desconhecido|inexistente)|"
	  "n(a|ã)o existe|onbekende (gebruiker|ontvanger)|gebruiker onbekend|"
	  "nieznany u(z|ż)ytkownik|u(z|ż)ytkownik nie istnieje|"
	  "пользователь не найден|нет такого пользователя|"
	  "host or domain name not found|domain (does not exist|not found)",
	  .cat = SMTP_CAT_BAD_MAILBOX, .side = SMTP_SIDE_RECIPIENT,
	  .fix = FIX_BAD_MAILBOX },
	{ "microsoft-dbeb", .enh = "x.4.1", .re = "recipient address rejected:"
	  " access denied", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "mailbox-full-enh", .enh = "x.2.2", .cat = SMTP_CAT_MAILBOX_FULL,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_FULL },

	/* --- content and spam ---------------------------------------- */
	{ "content-spam", .re = "\\<spam\\>|\\<ube\\>|unsolicited|"
	  "junk ?mail|virus|malware|infected|phishing|"
	  "content (rejected|filter|policy)|message (was |has been )?"
	  "(classified|identified|detected|flagged) as|"
	  "suspicious|security issue|prohibited attachment|"
	  "blocked (attachment|file type)|message rejected due to content",
	  .cat = SMTP_CAT_CONTENT, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = FIX_CONTENT },
	{ "message-size", .re = "message (size|too (big|large))|size limit|"
	  "exceeds .*(size|maximum)|too large",
	  .cat = SMTP_CAT_POLICY, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = FIX_SIZE },

	/* --- network trouble (Postfix's own status texts) ------------ */
	{ "network", .re = "connection (timed out|refused|reset)|"
	  "lost connection|no route to host|network is unreachable|"
	  "conversation with .* timed out|temporary failure in name resolution|"
	  "name service error|try again$",
	  .cat = SMTP_CAT_OTHER, .side = SMTP_SIDE_UNKNOWN,
	  .fix = FIX_NETWORK },

	/* --- the enhanced code alone -------------------------------- */
	{ "bad-mailbox-enh", .enh = "x.1.0-6", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "null-mx-enh", .enh = "x.1.10", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "disabled-enh", .enh = "x.2.1", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "no-route-enh", .enh = "5.4.4", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "sender-addr-enh", .enh = "x.1.7-8", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_SENDER_ADDR },
	{ "size-enh", .enh = "x.2.3", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_SIZE },
	{ "size-enh-system", .enh = "x.3.4", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_SIZE },
	{ "system-enh", .enh = "x.3.*", .cat = SMTP_CAT_OTHER,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_THEIR_SIDE },
	{ "network-enh", .enh = "x.4.*", .cat = SMTP_CAT_OTHER,
	  .side = SMTP_SIDE_UNKNOWN, .fix = FIX_NETWORK },
	{ "too-many-rcpts-enh", .enh = "x.5.3", .cat = SMTP_CAT_RATE_LIMITED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_RATE },
	{ "protocol-enh", .enh = "x.5.*", .cat = SMTP_CAT_OTHER,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_UNKNOWN },
	{ "media-enh", .enh = "x.6.*", .cat = SMTP_CAT_CONTENT,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_CONTENT },
	{ "tls-enh", .enh = "x.7.10-11", .cat = SMTP_CAT_TLS_REQUIRED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_TLS },
	{ "requiretls-enh", .enh = "x.7.30", .cat = SMTP_CAT_TLS_REQUIRED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_TLS },
	{ "dkim-enh", .enh = "x.7.20-22", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_DKIM },
	{ "spf-enh", .enh = "x.7.23-24", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_SPF },
	{ "ptr-enh", .enh = "x.7.25", .cat = SMTP_CAT_REVERSE_DNS,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_PTR },
	{ "auth-enh", .enh = "x.7.26", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_AUTH },
	{ "arc-enh", .enh = "x.7.29", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_AUTH },
	{ "sender-null-mx-enh", .enh = "x.7.27", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_SENDER_ADDR },
	{ "flood-enh", .enh = "x.7.28", .cat = SMTP_CAT_RATE_LIMITED,
	  .side = SMTP_SIDE_SENDER_REPUTATION, .fix = FIX_REPUTATION },
	{ "greylist-451-471", .code = "451", .enh = "4.7.1",
	  .cat = SMTP_CAT_GREYLISTED, .side = SMTP_SIDE_UNKNOWN,
	  .fix = FIX_GREY },
	{ "list-expansion-enh", .enh = "x.7.2", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_POLICY },
	{ "security-enh", .enh = "x.7.*", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_UNKNOWN, .fix = FIX_POLICY },

	/* --- the basic code alone ------------------------------------ */
	{ "user-not-local", .code = "551", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "storage-allocation", .code = "552", .cat = SMTP_CAT_MAILBOX_FULL,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_FULL },
	{ "name-not-allowed", .code = "553", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "no-mail-domain", .code = "521", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "no-mail-domain-556", .code = "556", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_BAD_MAILBOX },
	{ "auth-required", .code = "53x", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_SENDER_CONFIG, .fix = FIX_RELAY },
	{ "policy-words", .re = "access denied|not authori[sz]ed|"
	  "administrative prohibition|policy|refused|prohibited|blocked|"
	  "rejected",
	  .cat = SMTP_CAT_POLICY, .side = SMTP_SIDE_UNKNOWN,
	  .fix = FIX_POLICY },
	{ "storage-452", .code = "452", .cat = SMTP_CAT_OTHER,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_THEIR_SIDE },
	{ "local-error-451", .code = "451", .cat = SMTP_CAT_OTHER,
	  .side = SMTP_SIDE_RECIPIENT, .fix = FIX_THEIR_SIDE },
	{ "anything", .cat = SMTP_CAT_OTHER, .side = SMTP_SIDE_UNKNOWN,
	  .fix = FIX_UNKNOWN },
};

/* A compiled rule: the enhanced-code pattern parsed, the regex built. */
struct smtp_rule_state {
	int	 enh_class;	/* 0: any */
	int	 enh_subject;	/* -1: any */
	int	 enh_lo, enh_hi;	/* -1: any */
	bool	 has_re;
	regex_t	 re;
};

static struct smtp_rule_state smtp_rule_states[NITEMS(smtp_rules)];
static pthread_once_t smtp_rules_once = PTHREAD_ONCE_INIT;
static char smtp_rules_error[256];

/* "x.7.606-649", "5.4.4", "x.3.*" -> state. Returns 0 or -1. */
static int
smtp_parse_enh_pattern(const char *p, struct smtp_rule_state *st)
{
	int cls = 0, subj, lo, hi, n = 0;

	if (p[0] == 'x' && p[1] == '.')
		p += 2;
	else if (sscanf(p, "%1d.%n", &cls, &n) == 1 && n == 2 &&
	    (cls == 2 || cls == 4 || cls == 5))
		p += 2;
	else
		return -1;
	n = 0;
	if (sscanf(p, "%3d.%n", &subj, &n) != 1 || n == 0)
		return -1;
	p += n;
	st->enh_class = cls;
	st->enh_subject = subj;
	if (strcmp(p, "*") == 0) {
		st->enh_lo = st->enh_hi = -1;
		return 0;
	}
	n = 0;
	if (sscanf(p, "%3d-%3d%n", &lo, &hi, &n) == 2 && p[n] == '\0' &&
	    lo <= hi) {
		st->enh_lo = lo;
		st->enh_hi = hi;
		return 0;
	}
	n = 0;
	if (sscanf(p, "%3d%n", &lo, &n) == 1 && p[n] == '\0') {
		st->enh_lo = st->enh_hi = lo;
		return 0;
	}
	return -1;
}

static void
smtp_rules_compile(void)
{
	for (size_t i = 0; i < NITEMS(smtp_rules); i++) {
		const struct smtp_rule *r = &smtp_rules[i];
		struct smtp_rule_state *st = &smtp_rule_states[i];
		int rc;

		st->enh_class = 0;
		st->enh_subject = st->enh_lo = st->enh_hi = -1;
		if (r->enh != NULL && smtp_parse_enh_pattern(r->enh, st) == -1 &&
		    smtp_rules_error[0] == '\0')
			snprintf(smtp_rules_error, sizeof(smtp_rules_error),
			    "rule %s: enhanced code pattern \"%s\": expected"
			    " C.S.D, C.S.LO-HI or C.S.* (C a digit or x)",
			    r->name, r->enh);
		if (r->code != NULL && (strlen(r->code) != 3 ||
		    strspn(r->code, "0123456789x") != 3) &&
		    smtp_rules_error[0] == '\0')
			snprintf(smtp_rules_error, sizeof(smtp_rules_error),
			    "rule %s: code pattern \"%s\": expected three"
			    " digits or x", r->name, r->code);
		if (r->re == NULL)
			continue;
		rc = regcomp(&st->re, r->re, REG_EXTENDED | REG_ICASE |
		    REG_NOSUB | REG_NEWLINE);
		if (rc != 0) {
			char msg[128];
			regerror(rc, &st->re, msg, sizeof(msg));
			if (smtp_rules_error[0] == '\0')
				snprintf(smtp_rules_error,
				    sizeof(smtp_rules_error),
				    "rule %s: regex: %s", r->name, msg);
			continue;
		}
		st->has_re = true;
	}
}

static bool
smtp_code_matches(const char *pat, int code)
{
	char digits[4];

	if (pat == NULL)
		return true;
	if (code < 100 || code > 999)
		return false;
	snprintf(digits, sizeof(digits), "%d", code);
	for (int i = 0; i < 3; i++)
		if (pat[i] != 'x' && pat[i] != digits[i])
			return false;
	return true;
}

static bool
smtp_enh_matches(const struct smtp_rule *r, const struct smtp_rule_state *st,
    const struct smtp_reply *rep)
{
	if (r->enh == NULL)
		return true;
	if (!rep->has_enh || st->enh_subject < 0)
		return false;
	if (st->enh_class != 0 && st->enh_class != rep->enh_class)
		return false;
	if (st->enh_subject != rep->enh_subject)
		return false;
	return st->enh_lo < 0 ||
	    (rep->enh_detail >= st->enh_lo && rep->enh_detail <= st->enh_hi);
}

const struct smtp_rule *
smtp_rules_match(const struct smtp_reply *rep)
{
	pthread_once(&smtp_rules_once, smtp_rules_compile);
	for (size_t i = 0; i < NITEMS(smtp_rules); i++) {
		const struct smtp_rule *r = &smtp_rules[i];
		const struct smtp_rule_state *st = &smtp_rule_states[i];

		if (!smtp_code_matches(r->code, rep->code) ||
		    !smtp_enh_matches(r, st, rep))
			continue;
		if (r->re != NULL && (!st->has_re ||
		    regexec(&st->re, rep->text, 0, NULL, 0) != 0))
			continue;
		return r;
	}
	return &smtp_rules[NITEMS(smtp_rules) - 1];
}

const char *
smtp_rules_check(void)
{
	pthread_once(&smtp_rules_once, smtp_rules_compile);
	return smtp_rules_error[0] ? smtp_rules_error : NULL;
}

void
smtp_classify(const struct smtp_reply *rep, struct smtp_verdict *v)
{
	const struct smtp_rule *r = smtp_rules_match(rep);

	memset(v, 0, sizeof(*v));
	v->category = r->cat;
	v->side = r->side;
	v->rule = r->name;
	v->fix = r->fix;
	smtp_extract_ip(rep->text, v->ip, sizeof(v->ip));
	if (v->category == SMTP_CAT_BLOCKLISTED)
		smtp_extract_list(rep->text, r->list, v->list, sizeof(v->list));
}
