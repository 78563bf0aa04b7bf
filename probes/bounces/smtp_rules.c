/*
 * smtp_rules.c -- the one table that classifies SMTP replies (see
 * smtp_reply.h); smtp_match.c runs it.
 *
 * Each rule is data: an optional basic-code pattern ("451", "55x",
 * "5xx"), an optional enhanced-code pattern ("x.7.26", "5.7.606-649",
 * "x.1.*"), an optional SMTP stage ("MAIL FROM": the command the reply
 * answered, when the log or DSN shows it), an optional POSIX extended
 * regular expression matched case-insensitively against the reply text,
 * and what a match means: category, the side that must act, a fix when
 * the category's own (smtp_category.c) is not specific enough. Each rule
 * also names its source (the receiver or document that gives such
 * replies) and an example reply, which the unit test runs through the
 * table and expects this very rule to take.
 *
 * The first rule whose every given part matches wins, so the table runs
 * from specific wording (a receiver's own words, blocklist names) to the
 * SMTP stage, then the generic meaning of the enhanced code and of the
 * basic code; the last rule matches everything. Wording comes first
 * because receivers reuse generic codes: "550 5.1.1 ... sent to too many
 * recipients this hour" is a rate limit, not a bad mailbox.
 */
#include <stddef.h>

#include "probes/bounces/smtp_reply.h"
#include "probes/bounces/smtp_rules.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Fixes more specific than their category's. */
#define FIX_SPF		"Your SPF record does not allow this sending IP:" \
	" add the IP (ip4:/ip6:) or your provider's include: to the SPF" \
	" record of the envelope sender's domain."
#define FIX_DKIM	"No valid DKIM signature: sign outgoing mail with a" \
	" key whose public half is published at selector._domainkey.DOMAIN," \
	" and make the signing domain align with the From domain."
#define FIX_DMARC	"The message failed DMARC for the From domain: make" \
	" SPF or DKIM pass for a domain aligned with the From header."
#define FIX_HELO	"Use a fully qualified HELO/EHLO name that resolves in" \
	" DNS (Postfix: smtp_helo_name / myhostname)."
#define FIX_FORMAT	"The message is not well formed (RFC 5322): a header" \
	" is duplicated, missing or malformed; fix what generates it."
#define FIX_URL		"A link or domain in the message body is on a URL" \
	" blocklist (SURBL, URIBL, Spamhaus DBL): remove or replace the link;" \
	" the sending IP is not the problem."
#define FIX_GROUP	"The recipient (often a group or distribution list)" \
	" accepts mail only from authenticated senders of its own" \
	" organisation or from an allowed list: ask its owner to let you in."
#define FIX_NONE	"Nothing to fix: the receiver accepted the message."
#define FIX_NULLMX_SENDER "Your envelope sender's domain publishes a null" \
	" MX (it takes no mail), so receivers refuse it as a sender: send" \
	" from a domain that can receive bounces."

/* Sources, as the rules cite them. */
#define SRC_RFC		"RFC 3463 and the IANA enhanced status code registry"
#define SRC_RFC5321	"RFC 5321 section 4.2.2 (reply codes)"
#define SRC_POSTFIX	"Postfix documentation (postconf(5), access(5)," \
	" ADDRESS_VERIFICATION_README, postscreen(8))"
#define SRC_EXIM	"Exim specification (ACLs, routers, verify)"
#define SRC_SENDMAIL	"Sendmail operations guide and its DSN texts"
#define SRC_QMAIL	"qmail documentation (qmail-smtpd, qmail-remote)"
#define SRC_GMAIL	"Google Workspace: SMTP error reference"
#define SRC_MS		"Microsoft 365: email non-delivery reports and SMTP" \
	" errors in Exchange Online"
#define SRC_OUTLOOK	"Outlook.com postmaster: SMTP errors (S3150, ...)"
#define SRC_YAHOO	"Yahoo Sender Hub: SMTP error codes"
#define SRC_SPAMHAUS	"Spamhaus: rejection texts of mail servers using" \
	" its lists"
#define SRC_BARRACUDA	"Barracuda Central: Barracuda Reputation Block List"
#define SRC_PROOFPOINT	"Proofpoint: ipcheck rejection notices"
#define SRC_MIMECAST	"Mimecast: SMTP error codes"
#define SRC_CPANEL	"cPanel/Exim: default rejection texts"
#define SRC_DOMINO	"HCL Domino: delivery failure reports"
#define SRC_GREY	"Postgrey and Exim greylisting documentation"
#define SRC_SURBL	"SURBL and URIBL: rejection texts of filters using them"
#define SRC_RSPAMD	"rspamd and amavis: rejection texts"
#define SRC_LOCALE	"receivers' localized replies (GMX, web.de, Orange," \
	" Libero, Terra, WP, Mail.ru)"

/* Wordings used by more than one rule. */
#define RE_USER_UNKNOWN "user (is )?unknown|unknown (user|recipient|address" \
	"|mailbox|local part)|no such (user|mailbox|recipient|address|" \
	"account|person)|" \
	"(mailbox|address|user|recipient|account|e-?mail) (does not|doesn't|" \
	"did not) exist|(recipient|user|mailbox|address|addressee) (was )?" \
	"not found|recip(ient)?notfound|" \
	"invalid (recipient|mailbox|address|user)|unrouteable address|" \
	"addressee unknown|not a valid (mailbox|recipient|user)|" \
	"no mailbox here|mailbox (unavailable|not available|not found)|" \
	"undeliverable address|account that you tried to reach does not exist|" \
	"doesn't have an? [a-z.]+ account|not listed in (the )?" \
	"(domino )?(public )?directory|not our customer|" \
	"no (valid|such) local (user|recipient)|user not local|" \
	"recipient (is )?unknown|address unknown|bad destination mailbox|" \
	"no longer (a valid|an active) (address|user|account)|" \
	"(user|recipient) (doesn't|does not) have an account|" \
	"mailbox name not allowed|unknown or illegal alias|" \
	"sorry, no mailbox|not a known user|user doesn't exist|" \
	"the email address you entered couldn't be found|recipient address " \
	"rejected: need fully|not listed in (the )?public name"
#define RE_USER_UNKNOWN_INTL "benutzer (ist )?unbekannt|empf(a|ä)nger " \
	"(ist )?unbekannt|unbekannte[rn]? (empf(a|ä)nger|benutzer)|" \
	"postfach (existiert nicht|nicht vorhanden|unbekannt)|" \
	"utilisateur inconnu|destinataire inconnu|adresse inconnue|" \
	"bo(i|î)te aux lettres inexistante|n'existe pas|" \
	"usuario (desconocido|inexistente)|no existe|" \
	"utente (sconosciuto|inesistente)|non esiste|" \
	"(usu(a|á)rio|utilizador) (desconhecido|inexistente)|" \
	"n(a|ã)o existe|onbekende (gebruiker|ontvanger)|gebruiker onbekend|" \
	"nieznany u(z|ż)ytkownik|u(z|ż)ytkownik nie istnieje|" \
	"пользователь не найден|нет такого пользователя"
#define RE_FULL "mailbox (is |was )?(full|over ?quota)|over ?quota|" \
	"quota (exceeded|exceed|full|violation)|exceeded (storage|quota|" \
	"the quota|(his|her|their|the) storage)|" \
	"quotaexceeded|insufficient (user )?storage for|" \
	"mailbox (has )?exceed|out of storage|(blocks|inode|disk) limit|" \
	"mailbox size limit|not enough (space|storage)|mailbox .*exceeds|" \
	"(mail ?box|inbox|account) (is )?(full|over( its)? (quota|limit))|" \
	"storage (quota|limit|space)|full mailbox|size of the mailbox|" \
	"over the allowed quota|over (its|the) quota|exceeds its quota|" \
	"postfach (ist )?(voll|überfüllt)|speicher(platz)? .*(voll|" \
	"überschritten)|quota überschritten|" \
	"bo(i|î)te( aux lettres| mail)? (est )?pleine|quota d(e|é)pass(e|é)|" \
	"buz(o|ó)n (est(a|á) )?lleno|cuota excedida|" \
	"casella( di posta)? (è )?piena|quota superata|" \
	"caixa (postal|de correio) (est(a|á) )?cheia|" \
	"(postbus|mailbox) (is )?vol\\>|skrzynka .*pe(l|ł)na|" \
	"przepe(l|ł)nion|ящик переполнен|переполнен"

static const struct smtp_rule smtp_rules[] = {
	/* --- a success is a success ---------------------------------- */
	{ "accepted", .code = "2xx", .cat = SMTP_CAT_OTHER,
	  .side = SMTP_SIDE_UNKNOWN, .fix = FIX_NONE, .source = SRC_RFC5321,
	  .example = "250 2.0.0 OK 1700000000 si1234 - gsmtp" },

	/* --- wordings whose keywords would mislead later rules ------- */
	{ "sender-verify", .re = "sender verify (failed|callout)|"
	  "verification failed for|unresolvable rfc\\.?5321 from|"
	  "could not complete sender verify",
	  .cat = SMTP_CAT_SENDER_REJECTED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_EXIM, .example = "550-Verification failed for"
	  " <news@example.org>\n550-Unrouteable address\n550 Sender verify"
	  " failed" },
	{ "outlook-policy-codes", .re = "\\<(SC|OU|DY|RD)-00[0-9]\\>",
	  .cat = SMTP_CAT_REPUTATION, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .fix = "Outlook.com refuses mail from this IP for its reputation or"
	  " content: check it in Microsoft's SNDS and ask for mitigation at"
	  " https://olcsupport.office.com.", .source = SRC_OUTLOOK,
	  .example = "550 SC-001 (BAY004-MC1F20) Unfortunately, messages from"
	  " 192.0.2.10 weren't sent." },
	{ "cpanel-not-deliverable", .code = "5xx",
	  .re = "could not deliver mail to .* account or domain may not exist",
	  .cat = SMTP_CAT_BAD_MAILBOX, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_CPANEL, .example = "550 The mail server could not"
	  " deliver mail to jdoe@example.com. The account or domain may not"
	  " exist, they may be blacklisted, or missing the proper dns"
	  " entries." },
	{ "url-blocklist", .re = "uribl|surbl|"
	  "(black|block) ?listed (url|uri|link|domain in (the )?(body|"
	  "message))|url (in (the )?message|blacklist|blocklist)|"
	  "domain in the (message|body)|url in message body|"
	  "contains? (a )?(listed|blocked|blacklisted) "
	  "(url|domain|link)|(url|uri|link)s? (is |are )?(black|block) ?listed",
	  .cat = SMTP_CAT_CONTENT, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = FIX_URL, .source = SRC_SURBL,
	  .example = "554 5.7.1 Blacklisted URL in message. (uribl)" },
	{ "rfc5322-format", .re = "duplicate header|not rfc ?5322 compliant|"
	  "not rfc compliant|"
	  "rfc ?5322|rfc ?2822|malformed (header|message|mime)|"
	  "(header|headers) (is |are )?(missing|malformed|invalid|"
	  "not valid)|(missing|invalid|multiple) (from|date|message-id|"
	  "subject) header|bare (lf|line ?feed)|8-?bit (data|characters) "
	  "not (allowed|accepted)",
	  .cat = SMTP_CAT_CONTENT, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = FIX_FORMAT, .source = SRC_GMAIL,
	  .example = "550 5.7.1 Duplicate header 'DKIM-Signature'" },
	{ "too-many-recipients", .re = "too many (recipients|rcpt)|"
	  "recipients? (limit|count|per (message|hour|day))|"
	  "(sent|send) to too many|"
	  "(number of )?recipients? (exceeds|exceeded|over)",
	  .cat = SMTP_CAT_RATE_LIMITED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_RFC5321, .example = "550 5.1.1 <news@example.org> has"
	  " sent to too many recipients this hour" },
	{ "receiving-too-fast", .re = "receiving mail (too quickly|at a rate)|"
	  "receiving (too many|more) messages",
	  .cat = SMTP_CAT_RATE_LIMITED, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_GMAIL, .example = "450 4.2.1 The user you are trying"
	  " to contact is receiving mail too quickly. Please resend your"
	  " message at a later time. - gsmtp" },
	{ "ms-auth-required-group", .re = "resolver\\.rst\\.(authrequired|"
	  "notauthorized|restrictedtorecipientspermission|"
	  "sendernotallowed|dlexpansionblocked|"
	  "sendernotauthenticatedfor(group|mailbox))|"
	  "not authenticated by (the )?organi[sz]ation|"
	  "not in (the )?allowed.?senders|"
	  "not authorized to send to (this|the) (recipient|group|"
	  "distribution list)|only accepts? (mail|messages) from "
	  "(authenticated|internal|its own)|delivery restrictions",
	  .cat = SMTP_CAT_POLICY, .side = SMTP_SIDE_RECIPIENT,
	  .fix = FIX_GROUP, .source = SRC_MS,
	  .example = "550 5.7.1 RESOLVER.RST.AuthRequired; authentication"
	  " required [Stage: CreateMessage]" },

	/* --- blocklists, named or by operator wording ---------------- */
	{ "microsoft-banned-ip", .enh = "x.7.606-649",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .list = "Microsoft", .fix = "Microsoft (Outlook.com, Microsoft 365)"
	  " bans this sending IP: request removal at https://sender.office.com"
	  " after fixing the cause.", .source = SRC_MS,
	  .example = "550 5.7.606 Access denied, banned sending IP"
	  " [192.0.2.10]" },
	{ "microsoft-block-list", .re = "banned sending ip|banned sender|"
	  "on our block list|"
	  "\\((S3150|S3140|S3114|S844)\\)|traffic not accepted from this ip",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .list = "Microsoft", .fix = "Microsoft (Outlook.com, Hotmail) blocks"
	  " this IP: fill in the delisting form at"
	  " https://sender.office.com (or olcsupport.office.com for"
	  " Outlook.com) after fixing the cause.", .source = SRC_OUTLOOK,
	  .example = "550 5.7.1 Unfortunately, messages from [192.0.2.10]"
	  " weren't sent. Please contact your Internet service provider since"
	  " part of their network is on our block list (S3150)." },
	{ "yahoo-permanent-block", .re = "\\[(TSS09|TS03|BL21|BL22|BL23)\\]",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .list = "Yahoo", .fix = "Yahoo blocks all mail from this IP:"
	  " fix the cause, then ask for review through"
	  " https://senders.yahooinc.com.", .source = SRC_YAHOO,
	  .example = "553 5.7.2 [TSS09] All messages from 192.0.2.10 will be"
	  " permanently deferred; Retrying will NOT succeed." },
	{ "named-dnsbl", .re = "spamhaus|barracuda|spamcop|\\<sorbs\\>|"
	  "uceprotect|abusix|mailspike|invaluement|spamrats|psbl\\.surriel|"
	  "abuseat|gbudb|\\<cloudmark\\>|ipcheck\\.proofpoint|"
	  "\\<(ers-)?rbl\\+?\\>|\\<dnsbl\\>|\\<rbl\\>|blocked using |"
	  "(black|block) ?list(ed)?( at| by| on| in|:)|"
	  "\\<blacklisted\\>|\\<blocklisted\\>|listed (at|on|in|by) "
	  "[a-z0-9-]+\\.[a-z0-9.-]+|found (in|on) a dns ?bl|"
	  "in a dns (black|block) ?list|poor reputation.*(black|block) ?list|"
	  "\\<dnsbls\\>|block for spam|on (the|a|our) [a-z]+ (block|black) "
	  "?list",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .source = SRC_SPAMHAUS, .example = "554 5.7.1 Service unavailable;"
	  " Client host [192.0.2.10] blocked using zen.spamhaus.org" },
	{ "proofpoint-blocked", .re = "blocked - see .*proofpoint",
	  .cat = SMTP_CAT_BLOCKLISTED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .list = "Proofpoint", .source = SRC_PROOFPOINT,
	  .example = "554 5.7.0 Blocked - see https://www.proofpoint.com/" },

	/* --- relaying (before "authentication" wording) ------------- */
	{ "relay-denied", .re = "relay(ing)? (access )?(denied|not permitted|"
	  "prohibited|forbidden|refused|not allowed)|not (permitted|allowed|"
	  "authori[sz]ed) to relay|unable to relay|we do not relay|"
	  "relaying to .* (denied|prohibited)|\\<no relaying\\>|"
	  "not configured to relay|relay not (permitted|allowed)|"
	  "not allowed to relay|list of allowed rcpthosts|"
	  "not in my (list of )?(allowed )?rcpthosts|cannot relay|"
	  "not a gateway|relaying denied|we do not accept mail for|"
	  "not an? (accepted|local) domain|non-accepted domain|"
	  "does not accept mail for this domain|relay access|as a relay",
	  .cat = SMTP_CAT_RELAY_DENIED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_QMAIL, .example = "553 sorry, that domain isn't in my"
	  " list of allowed rcpthosts (#5.7.1)" },
	{ "relay-enh", .enh = "x.7.54", .cat = SMTP_CAT_RELAY_DENIED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_MS,
	  .example = "550 5.7.54 Requested action not taken" },

	/* --- rate limits and reputation ------------------------------ */
	{ "gmail-rate-limit", .enh = "4.7.28", .cat = SMTP_CAT_RATE_LIMITED,
	  .side = SMTP_SIDE_SENDER_REPUTATION, .source = SRC_GMAIL,
	  .example = "421 4.7.28 Our system has detected an unusual rate of"
	  " unsolicited mail originating from your IP address." },
	{ "unsolicited-rate", .code = "4xx", .re = "unusual rate of "
	  "unsolicited|unexpected volume|user complaints|\\[TSS0[0-9]\\]|"
	  "rate limited due to ip reputation",
	  .cat = SMTP_CAT_RATE_LIMITED, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .source = SRC_YAHOO, .example = "421 4.7.0 [TSS04] Messages from"
	  " 192.0.2.10 temporarily deferred due to unexpected volume or user"
	  " complaints" },
	{ "reputation", .re = "(low|poor|bad|negative) (ip |domain |sender "
	  ")?reputation|reputation of the (sending|sender)|"
	  "(ip|domain|sender|sending) reputation|reputation (is )?too low|"
	  "unusual rate of unsolicited|sender ?score|"
	  "(ip|address) (is )?not (trusted|accepted)|"
	  "poor sending (history|practices)|sender (is )?not trusted|"
	  "excessive unknown recipients|possible open relay",
	  .cat = SMTP_CAT_REPUTATION, .side = SMTP_SIDE_SENDER_REPUTATION,
	  .source = SRC_GMAIL, .example = "421 4.7.0 [192.0.2.10] Our system"
	  " has detected that this message is suspicious due to the very low"
	  " reputation of the sending IP address. - gsmtp" },
	{ "rate-limit", .re = "rate.?limit|sending quota|daily (sending |smtp "
	  "relay )?(quota|limit)|(email|sending) quota exceeded|relay limit|"
	  "rate overlimit|allowable connection time|"
	  "too many (connections|messages|"
	  "concurrent|mails|emails|sessions|errors|invalid)|too much mail|"
	  "throttl|exceeded .*(rate|sending limit)|sending rate|"
	  "try again later, closing connection|connection rate|"
	  "too fast|too frequent|(message|connection|sending) limit|"
	  "limit (exceeded|reached) for|maximum (number of )?connections|"
	  "slow down|max(imum)? (message|connection)s? (per|rate)",
	  .cat = SMTP_CAT_RATE_LIMITED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_POSTFIX, .example = "421 4.7.0 mail.example.com"
	  " Error: too many connections from 192.0.2.10" },
	{ "microsoft-busy", .enh = "4.7.500-699", .cat = SMTP_CAT_RATE_LIMITED,
	  .side = SMTP_SIDE_SENDER_REPUTATION, .source = SRC_MS,
	  .example = "451 4.7.500 Server busy. Please try again later from"
	  " [192.0.2.10]. (S77714)" },

	/* --- greylisting ---------------------------------------------- */
	{ "greylisted", .re = "gr[ae]y.?list|not yet authorized to deliver|"
	  "try again in [0-9]+ s|come back later|please retry later, .*grey|"
	  "deferred for [0-9]+ seconds|temporarily rejected.*(new|unknown) "
	  "(sender|triplet)",
	  .cat = SMTP_CAT_GREYLISTED, .side = SMTP_SIDE_UNKNOWN,
	  .source = SRC_GREY, .example = "451 4.7.1 Greylisted, please try"
	  " again in 300 seconds" },

	/* --- the SMTP dialogue itself ------------------------------- */
	{ "smtp-protocol", .re = "unrecognized (command|authentication)|"
	  "no identity changes|syntax error|bad sequence|(send )?(helo/ehlo|"
	  "ehlo/helo) first|\\<(mail|rcpt) first|unimplemented command|"
	  "unauthenticated commands|protocol violation|pipelin|"
	  "synchroni[sz]ation error|command not (implemented|recognized)|"
	  "starttls may not be repeated|cannot decode response|"
	  "no valid recipients|optional argument not permitted",
	  .cat = SMTP_CAT_OTHER, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_GMAIL, .example = "503 5.5.1 EHLO/HELO first. -"
	  " gsmtp" },
	{ "smtp-auth", .re = "authentication required|username and password|"
	  "password (not accepted|required|incorrect)|application-specific "
	  "password|invalid credentials|credentials (invalid|rejected)|"
	  "client (was )?not authenticated|authentication (unsuccessful|"
	  "failed)|log in with your web browser|"
	  "smtp auth(entication)? (is )?required",
	  .cat = SMTP_CAT_RELAY_DENIED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .fix = "The server wants SMTP authentication (a smarthost or"
	  " submission service): set the right user and password (or app"
	  " password) for it in your MTA (Postfix: smtp_sasl_password_maps).",
	  .source = SRC_GMAIL, .example = "535 5.7.8 Username and Password not"
	  " accepted. - gsmtp" },

	/* --- reverse DNS before authentication ("unauthenticated
	 * connections" names what is exempt, not what failed) -------- */
	{ "reverse-dns", .re = "\\<ptr\\>|reverse (dns|hostname|lookup|"
	  "mapping|name|record)|\\<rdns\\>|cannot find your hostname|"
	  "(no|missing|without|bad|invalid) reverse|client host name|"
	  "hostname .* does not resolve|generic .*hostname|dynamic ip|"
	  "does not resolve to your (ip|address)|"
	  "(ip|address) (has|have) no (dns )?name|no (dns|host) ?name for|"
	  "unable to (verify|resolve) (your|the) (host ?name|ip)|"
	  "dynamic( or residential)? (ip|address|range|pool)|"
	  "residential (ip|address|range)|dial-?up|\\<dul\\>|"
	  "forward-confirmed|fcrdns|hostname (looks|appears) (dynamic|generic)",
	  .cat = SMTP_CAT_REVERSE_DNS, .side = SMTP_SIDE_SENDER_DNS,
	  .source = SRC_POSTFIX, .example = "450 4.7.1 Client host rejected:"
	  " cannot find your reverse hostname, [192.0.2.10]" },
	{ "helo", .re = "helo command rejected|invalid helo|helo name|"
	  "ehlo (name|hostname)|bad helo|fully-qualified hostname|"
	  "helo/ehlo|\\<helo\\> .*(invalid|rejected|forged|not)|"
	  "(ehlo|helo) (is )?required",
	  .cat = SMTP_CAT_REVERSE_DNS, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_HELO, .source = SRC_POSTFIX, .example = "504 5.5.2"
	  " <localhost>: Helo command rejected: need fully-qualified"
	  " hostname" },

	/* --- authentication ------------------------------------------ */
	{ "dmarc", .re = "dmarc", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_DMARC, .source = SRC_MS,
	  .example = "550 5.7.509 Access denied, sending domain example.org"
	  " does not pass DMARC verification and has a DMARC policy of"
	  " reject." },
	{ "unauthenticated", .re = "unauthenticated (email|mail|message)|"
	  "sender is unauthenticated|not authenticated|"
	  "authentication (check|requirement|information|results)|"
	  "required authentication level|anti-spoofing|spoof|"
	  "(fails?|failed) (sender )?authentication|"
	  "authenticate with (either )?spf|sender authentication",
	  .cat = SMTP_CAT_AUTHENTICATION, .side = SMTP_SIDE_SENDER_DNS,
	  .source = SRC_GMAIL, .example = "550 5.7.26 This mail has been"
	  " blocked because the sender is unauthenticated. Gmail requires all"
	  " senders to authenticate with either SPF or DKIM." },
	{ "spf", .re = "\\<spf\\>|sender policy framework|openspf",
	  .cat = SMTP_CAT_AUTHENTICATION, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_SPF, .source = SRC_EXIM, .example = "550 SPF: 192.0.2.10"
	  " is not allowed to send mail from example.org" },
	{ "dkim", .re = "\\<dkim\\>|domainkeys",
	  .cat = SMTP_CAT_AUTHENTICATION, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_DKIM, .source = SRC_GMAIL, .example = "550 5.7.20 No"
	  " passing DKIM signature found" },

	/* --- TLS ------------------------------------------------------ */
	{ "tls-required", .re = "(issue|use|send) (a )?starttls|starttls (is )?"
	  "required|requires? starttls|starttls first|tls (is )?required|"
	  "requires? tls|"
	  "encryption (is )?required|must use tls|"
	  "certificate (not verified|verification failed)|"
	  "tls is required, but|(secure|encrypted) connection (is )?required|"
	  "requiretls|tls (handshake|negotiation) fail|"
	  "tls (version|cipher)|must (be )?(encrypted|use encryption)",
	  .cat = SMTP_CAT_TLS_REQUIRED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_GMAIL, .example = "530 5.7.0 Must issue a STARTTLS"
	  " command first. - gsmtp" },

	/* --- the recipient's mailbox (several languages) ------------- */
	{ "mailbox-full", .re = RE_FULL,
	  .cat = SMTP_CAT_MAILBOX_FULL, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_GMAIL, .example = "552 5.2.2 The email account that"
	  " you tried to reach is over quota." },
	{ "mailbox-disabled", .re = "(account|mailbox|user|recipient)"
	  " (is |has been |was )?(temporarily )?(disabled|deactivated|"
	  "suspended|inactive|locked|frozen|closed|terminated|"
	  "expired|de-?activated|on hold)|"
	  "(disabled|inactive|suspended|deactivated|locked|frozen|expired) "
	  "(recipient|user|account|mailbox|address)|"
	  "(mailbox|account) (is )?(not active|no longer active|"
	  "unavailable due to inactivity)|account that you tried to reach is "
	  "disabled|not accepting (any )?(mail|messages|email)|"
	  "(conta|compte|cuenta|konto) (desativada|désactivé|desactivada|"
	  "gesperrt|deaktiviert)",
	  .cat = SMTP_CAT_MAILBOX_DISABLED, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_GMAIL, .example = "550 5.2.1 The email account that"
	  " you tried to reach is disabled." },
	{ "dns-temporary", .re = "not found, try again|temporary failure in "
	  "name resolution|dns (lookup )?(timeout|temporary|servfail)|"
	  "(temporary|transient) dns (failure|error)",
	  .cat = SMTP_CAT_NETWORK, .side = SMTP_SIDE_UNKNOWN,
	  .source = SRC_POSTFIX, .example = "Host or domain name not found."
	  " Name service error for name=example.com type=MX: Host not found,"
	  " try again" },
	{ "sender-address", .re = "sender address rejected|sender "
	  "verif(y|ication)|verification failed for|sender domain|"
	  "domain of sender address|sender (is |was )?(rejected|refused|"
	  "denied|blocked|not allowed|invalid|unknown)|"
	  "(invalid|unknown|bad|illegal|unverified|unroutable) sender|"
	  "envelope (sender|from)|mail from (address )?(rejected|refused|"
	  "not accepted)|from address (rejected|not allowed|is invalid)|"
	  "return.?path|sender (address|domain) (must|does not|doesn't|"
	  "has no|has (a )?null)|(your|the) (envelope )?sender address|"
	  "senders? (is )?(not permitted|not authorized)|"
	  "sender (mailbox|address) (is )?(unavailable|not (found|valid))|"
	  "sender.*(is )?on (the|our) (block|reject|deny)|sendasdenied|"
	  "permissions? to send as|not allowed to send as|"
	  "(required|needed) for sender address",
	  .cat = SMTP_CAT_SENDER_REJECTED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_POSTFIX, .example = "550 5.1.0 <news@example.org>:"
	  " Sender address rejected: Domain not found" },
	{ "message-size", .re = "message (size|too (big|large)|length)|"
	  "size limit|exceeds .*(size|maximum)|too large|too big|"
	  "larger than|maximum (message )?size|message is bigger|"
	  "(mail|message|e-?mail) (is )?too long|size exceeds|"
	  "(email|message|mail) size exceeded|maximum (email|mail) size",
	  .cat = SMTP_CAT_MESSAGE_TOO_BIG, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_POSTFIX, .example = "552 5.3.4 Message size exceeds"
	  " fixed limit" },
	/* --- the SMTP stage: a refusal of MAIL FROM is about us ------ */
	{ "mail-from-addressing", .stage = "MAIL FROM", .enh = "x.1.*",
	  .cat = SMTP_CAT_SENDER_REJECTED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_RFC, .example = "SMTP error from remote mail server"
	  " after MAIL FROM:<news@example.org> SIZE=1234: 553 5.1.0"
	  " Requested action not taken" },
	{ "mail-from-other", .stage = "MAIL FROM", .enh = "x.0.*",
	  .cat = SMTP_CAT_SENDER_REJECTED, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_RFC, .example = "host mx.example.com[192.0.2.25] said:"
	  " 550 5.0.0 Requested action not taken (in reply to MAIL FROM"
	  " command)" },
	{ "mail-from-refused", .stage = "MAIL FROM", .code = "553",
	  .cat = SMTP_CAT_SENDER_REJECTED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC5321,
	  .example = "host mx.example.com[192.0.2.25] said: 553 Requested"
	  " action not taken (in reply to MAIL FROM command)" },

	{ "host-temporary", .enh = "4.1.2", .cat = SMTP_CAT_NETWORK,
	  .side = SMTP_SIDE_UNKNOWN, .source = SRC_QMAIL, .example = "Sorry,"
	  " I couldn't find any host by that name. (#4.1.2)" },
	{ "host-unknown", .re = "host (is )?unknown|unknown host|"
	  "host not found|(domain|host) (name )?(does not|doesn't) exist|"
	  "no such (domain|host)|couldn't find any host|"
	  "host or domain name not found|domain (not found|unknown|is invalid)|"
	  "unknown (domain|mail domain)|dns lookup fail|"
	  "no (mx|mail exchanger|mail server)( record)?s? (for|found)|"
	  "mx (record )?(not found|lookup failed)|null mx|"
	  "does not accept (e-?)?mail|unrouteable (mail )?domain|"
	  "(bad|invalid) destination (system|domain|host)|"
	  "name or service not known|nxdomain|"
	  "authoritative answer from name server|unable to route|"
	  "domain (has|with) no (mx|mail)|no route for (the )?domain|"
	  "nonexistent domain|non-existent (domain|host)|domain [^ ]+ "
	  "(does not|doesn't) exist|find a mail exchanger|"
	  "no route found to domain",
	  .cat = SMTP_CAT_HOST_UNKNOWN, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_SENDMAIL, .example = "550 Host unknown (Authoritative"
	  " answer from name server)" },
	{ "user-unknown", .re = RE_USER_UNKNOWN "|" RE_USER_UNKNOWN_INTL,
	  .cat = SMTP_CAT_BAD_MAILBOX, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_POSTFIX, .example = "550 5.1.1 <jdoe@example.com>:"
	  " Recipient address rejected: User unknown in virtual alias table" },
	{ "microsoft-dbeb", .enh = "x.4.1", .re = "recipient address rejected:"
	  " access denied", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_MS,
	  .example = "550 5.4.1 Recipient address rejected: Access denied."
	  " AS(201806281)" },
	{ "mailbox-full-enh", .enh = "x.2.2", .cat = SMTP_CAT_MAILBOX_FULL,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "552 5.2.2 Requested mail action aborted" },

	/* --- the message itself -------------------------------------- */
	{ "content-spam", .re = "\\<spam\\>|\\<ube\\>|unsolicited|"
	  "junk ?mail|virus|malware|infected|phishing|"
	  "content (rejected|filter|policy)|message (was |has been )?"
	  "(classified|identified|detected|flagged) as|"
	  "suspicious|security issue|prohibited attachment|"
	  "blocked (attachment|file type)|message rejected due to content|"
	  "(bulk|spam|junk) (mail|message|score)|high (spam )?score|"
	  "looks like spam|spam-?like|dangerous|executable|illegal attachment|"
	  "- banned:|rejected due to security polic|message filtered|"
	  "attachment (type )?"
	  "(is )?not (allowed|permitted)|(message|mail|content) (was |is )?"
	  "(considered|deemed)|message (filtered|refused|blocked) by|"
	  "filter(ed)? (rejected|refused|the message)",
	  .cat = SMTP_CAT_CONTENT, .side = SMTP_SIDE_SENDER_CONFIG,
	  .source = SRC_RSPAMD, .example = "554 5.7.1 Spam message rejected" },

	/* --- the receiver's own trouble (MTA status texts too) ------- */
	{ "network", .re = "connection (timed out|refused|reset|closed|"
	  "dropped|lost)|lost connection|no route to host|network is "
	  "unreachable|conversation with .* timed out|name service error|"
	  "try again$|timed? ?out|timeout|host (is )?unreachable|"
	  "could not connect|cannot connect|unable to connect|"
	  "connect to .* failed|delivery time expired|retry time(out)? "
	  "exceeded|message expired|too long in (the )?queue|"
	  "could not be delivered (within|for)|routing loop|mail loop|"
	  "too many hops|loop detected|loops back to myself|looping|"
	  "have been failing|cannot send message for|establish an smtp "
	  "connection|connection died|queue too long|best-preference mx",
	  .cat = SMTP_CAT_NETWORK, .side = SMTP_SIDE_UNKNOWN,
	  .source = SRC_POSTFIX, .example = "connect to"
	  " mx.example.com[192.0.2.25]:25: Connection timed out" },
	{ "system-busy", .code = "4xx", .re = "service (is )?(not |"
	  "temporarily )?(available|unavailable)|temporary (system|local) "
	  "problem|(system|server) (is )?(busy|"
	  "unavailable|not available|shutting down)|temporar(il)?y "
	  "(unavailable|failure|not available)|resources? (temporarily )?"
	  "unavailable|queue (is )?full|unable to (process|accept) .*(now|"
	  "at this time)",
	  .cat = SMTP_CAT_SYSTEM, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_RFC5321, .example = "421 Service not available" },
	{ "system", .re = "system (error|failure)|internal (server )?error|"
	  "local error|insufficient system storage|out of memory|disk full|"
	  "mail system (is )?(full|down|problem)|server error|storedrv|"
	  "mailbox (is )?busy|processing error|configuration error|"
	  "transport unavailable|insufficient (disk|system|storage)|"
	  "disk space",
	  .cat = SMTP_CAT_SYSTEM, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_MS, .example = "432 4.3.2 STOREDRV.Deliver; mailbox"
	  " database thread limit exceeded" },

	/* --- the enhanced code alone -------------------------------- */
	{ "host-unknown-enh", .enh = "x.1.2", .cat = SMTP_CAT_HOST_UNKNOWN,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "550 5.1.2 Requested action not taken" },
	{ "null-mx-enh", .enh = "x.1.10", .cat = SMTP_CAT_HOST_UNKNOWN,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "556 5.1.10 Requested action not taken" },
	{ "sender-addr-enh", .enh = "x.1.7-8", .cat = SMTP_CAT_SENDER_REJECTED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC,
	  .example = "553 5.1.8 Requested action not taken" },
	{ "bad-mailbox-enh", .enh = "x.1.0-6", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "550 5.1.1 Requested action not taken" },
	{ "disabled-enh", .enh = "x.2.1", .cat = SMTP_CAT_MAILBOX_DISABLED,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "550 5.2.1 Requested action not taken" },
	{ "account-disabled-enh", .enh = "x.7.13",
	  .cat = SMTP_CAT_MAILBOX_DISABLED, .side = SMTP_SIDE_RECIPIENT,
	  .source = SRC_RFC, .example = "525 5.7.13 Requested action not"
	  " taken" },
	{ "no-route-enh", .enh = "5.4.4", .cat = SMTP_CAT_HOST_UNKNOWN,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "550 5.4.4 Requested action not taken" },
	{ "size-enh", .enh = "x.2.3", .cat = SMTP_CAT_MESSAGE_TOO_BIG,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC,
	  .example = "552 5.2.3 Requested mail action aborted" },
	{ "size-enh-system", .enh = "x.3.4", .cat = SMTP_CAT_MESSAGE_TOO_BIG,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC,
	  .example = "552 5.3.4 Requested mail action aborted" },
	{ "system-enh", .enh = "x.3.*", .cat = SMTP_CAT_SYSTEM,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "452 4.3.1 Requested action aborted" },
	{ "list-expansion-enh", .enh = "x.2.4", .cat = SMTP_CAT_SYSTEM,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "550 5.2.4 Requested action not taken" },
	{ "network-enh", .enh = "x.4.*", .cat = SMTP_CAT_NETWORK,
	  .side = SMTP_SIDE_UNKNOWN, .source = SRC_RFC,
	  .example = "451 4.4.2 Requested action aborted" },
	{ "too-many-rcpts-enh", .enh = "x.5.3", .cat = SMTP_CAT_RATE_LIMITED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC,
	  .example = "452 4.5.3 Requested action not taken" },
	{ "protocol-enh", .enh = "x.5.*", .cat = SMTP_CAT_OTHER,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC,
	  .example = "501 5.5.4 Requested action not taken" },
	{ "media-enh", .enh = "x.6.*", .cat = SMTP_CAT_CONTENT,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC,
	  .example = "554 5.6.0 Requested action not taken" },
	{ "tls-enh", .enh = "x.7.10-11", .cat = SMTP_CAT_TLS_REQUIRED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC,
	  .example = "530 5.7.11 Requested action not taken" },
	{ "requiretls-enh", .enh = "x.7.30", .cat = SMTP_CAT_TLS_REQUIRED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC,
	  .example = "550 5.7.30 Requested action not taken" },
	{ "dkim-enh", .enh = "x.7.20-22", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_DKIM, .source = SRC_RFC,
	  .example = "550 5.7.21 Requested action not taken" },
	{ "spf-enh", .enh = "x.7.23-24", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .fix = FIX_SPF, .source = SRC_RFC,
	  .example = "550 5.7.23 failed" },
	{ "ptr-enh", .enh = "x.7.25", .cat = SMTP_CAT_REVERSE_DNS,
	  .side = SMTP_SIDE_SENDER_DNS, .source = SRC_RFC,
	  .example = "550 5.7.25 failed" },
	{ "auth-enh", .enh = "x.7.26", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .source = SRC_RFC,
	  .example = "550 5.7.26 failed" },
	{ "arc-enh", .enh = "x.7.29", .cat = SMTP_CAT_AUTHENTICATION,
	  .side = SMTP_SIDE_SENDER_DNS, .source = SRC_RFC,
	  .example = "550 5.7.29 failed" },
	{ "sender-null-mx-enh", .enh = "x.7.27",
	  .cat = SMTP_CAT_SENDER_REJECTED, .side = SMTP_SIDE_SENDER_DNS,
	  .fix = FIX_NULLMX_SENDER, .source = SRC_RFC,
	  .example = "550 5.7.27 Requested action not taken" },
	{ "flood-enh", .enh = "x.7.28", .cat = SMTP_CAT_RATE_LIMITED,
	  .side = SMTP_SIDE_SENDER_REPUTATION, .source = SRC_RFC,
	  .example = "550 5.7.28 Mail flood detected" },
	{ "greylist-451-471", .code = "451", .enh = "4.7.1",
	  .cat = SMTP_CAT_GREYLISTED, .side = SMTP_SIDE_UNKNOWN,
	  .source = SRC_GREY, .example = "451 4.7.1 Please try again later" },
	{ "list-expansion-policy-enh", .enh = "x.7.2", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC,
	  .example = "550 5.7.2 Mailing list expansion prohibited" },
	{ "security-enh", .enh = "x.7.*", .cat = SMTP_CAT_POLICY,
	  .side = SMTP_SIDE_UNKNOWN, .source = SRC_RFC,
	  .example = "550 5.7.1 Delivery not authorized, message refused" },

	/* --- the basic code alone ------------------------------------ */
	{ "user-not-local", .code = "551", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC5321,
	  .example = "551 please try <jdoe@example.net>" },
	{ "storage-allocation", .code = "552", .cat = SMTP_CAT_MAILBOX_FULL,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC5321,
	  .example = "552 Requested mail action aborted" },
	{ "name-not-allowed", .code = "553", .cat = SMTP_CAT_BAD_MAILBOX,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC5321,
	  .example = "553 Requested action not taken" },
	{ "no-mail-domain", .code = "521", .cat = SMTP_CAT_HOST_UNKNOWN,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC5321,
	  .example = "521 mx.example.com" },
	{ "no-mail-domain-556", .code = "556", .cat = SMTP_CAT_HOST_UNKNOWN,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC5321,
	  .example = "556 example.com" },
	{ "auth-required", .code = "53x", .cat = SMTP_CAT_RELAY_DENIED,
	  .side = SMTP_SIDE_SENDER_CONFIG, .source = SRC_RFC5321,
	  .example = "530 Requested action not taken" },
	{ "policy-words", .re = "access denied|not authori[sz]ed|"
	  "administrative prohibition|policy|refused|prohibited|blocked|"
	  "rejected|not allowed|denied|not permitted",
	  .cat = SMTP_CAT_POLICY, .side = SMTP_SIDE_UNKNOWN,
	  .source = SRC_EXIM, .example = "550 Administrative prohibition" },
	{ "service-421", .code = "421", .cat = SMTP_CAT_SYSTEM,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC5321,
	  .example = "421 mx.example.com closing transmission channel" },
	{ "storage-452", .code = "452", .cat = SMTP_CAT_SYSTEM,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC5321,
	  .example = "452 Requested action not taken" },
	{ "local-error-451", .code = "451", .cat = SMTP_CAT_SYSTEM,
	  .side = SMTP_SIDE_RECIPIENT, .source = SRC_RFC5321,
	  .example = "451 Requested action aborted" },
	{ "anything", .cat = SMTP_CAT_OTHER, .side = SMTP_SIDE_UNKNOWN,
	  .source = SRC_RFC5321, .example = "550 Requested action not taken" },
};

const struct smtp_rule *
smtp_rules_table(size_t *n)
{
	*n = NITEMS(smtp_rules);
	return smtp_rules;
}
