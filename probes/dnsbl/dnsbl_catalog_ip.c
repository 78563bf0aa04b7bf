/*
 * dnsbl_catalog_ip.c -- the IP block lists of the DNSBL catalog other
 * than Spamhaus's (data only; see dnsbl_catalog.h). Each entry names the
 * operator page it was researched from and when; where a fact could not
 * be confirmed from the operator, the note says so.
 */
#include "probes/dnsbl/dnsbl_catalog_parts.h"

/* ---- SpamCop (spamcop.net/bl.shtml) ---- */

static const struct dnsbl_code spamcop_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "SCBL",
	  "SpamCop: address sent mail reported as spam by SpamCop users or traps", FINDING_CRITICAL },
};

/* ---- Barracuda (barracudacentral.org/rbl/how-to-use) ---- */

static const struct dnsbl_code barracuda_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "BRBL",
	  "Barracuda BRBL: address seen sending spam (automated listing)", FINDING_CRITICAL },
};

/* ---- PSBL (psbl.surriel.com/howto/) ---- */

static const struct dnsbl_code psbl_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "PSBL",
	  "PSBL: address sent mail to a PSBL spamtrap and is not a known mail server", FINDING_CRITICAL },
};

/* ---- Mailspike (mailspike.org/usage.html) ---- */

static const struct dnsbl_code mailspike_bl_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "MSPIKE-Z",
	  "Mailspike: address seen taking part in a distributed spam wave", FINDING_CRITICAL },
	{ "127.0.0.10", "127.0.0.10", "MSPIKE-L5",
	  "Mailspike reputation L5: worst possible reputation", FINDING_CRITICAL },
	{ "127.0.0.11", "127.0.0.11", "MSPIKE-L4",
	  "Mailspike reputation L4: very bad reputation", FINDING_CRITICAL },
	{ "127.0.0.12", "127.0.0.12", "MSPIKE-L3",
	  "Mailspike reputation L3: bad reputation", FINDING_CRITICAL },
};

/* ---- UCEPROTECT (uceprotect.net policy pages for levels 1-3) ---- */

static const struct dnsbl_code uceprotect1_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "UCEPROTECT-L1",
	  "UCEPROTECT level 1: this single address hit spamtraps, attacked UCEPROTECT or was listed manually", FINDING_CRITICAL },
};
static const struct dnsbl_code uceprotect2_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "UCEPROTECT-L2",
	  "UCEPROTECT level 2: the surrounding allocation holds too many level 1 listed addresses", FINDING_WARNING },
};
static const struct dnsbl_code uceprotect3_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "UCEPROTECT-L3",
	  "UCEPROTECT level 3: the whole ASN is listed for the spam volume its network emits", FINDING_WARNING },
};

/* ---- s5h (s5h.net/rblcheck, usenix.org.uk) ---- */

static const struct dnsbl_code s5h_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "S5H",
	  "s5h: address sent spam by mail or HTTP to s5h's systems", FINDING_CRITICAL },
};

/*
 * ---- Hostkarma (wiki.junkemailfilter.com "Spam DNS Lists") ----
 * A mixed list: its white answer is 127.0.0.1, which RFC 5782 reserves,
 * and an answer may carry a second A record 127.0.2.1-.3 giving the age
 * of the listing. Neither is a listing on its own.
 */
static const struct dnsbl_code hostkarma_codes[] = {
	{ "127.0.0.1", "127.0.0.1", "HOSTKARMA-WHITE",
	  "Hostkarma white: trusted source of non-spam; not a listing", FINDING_OK },
	{ "127.0.0.2", "127.0.0.2", "HOSTKARMA-BLACK",
	  "Hostkarma black: known source of spam", FINDING_CRITICAL },
	{ "127.0.0.3", "127.0.0.3", "HOSTKARMA-YELLOW",
	  "Hostkarma yellow: mixed source of spam and good mail (large providers); not a listing", FINDING_OK },
	{ "127.0.0.4", "127.0.0.4", "HOSTKARMA-BROWN",
	  "Hostkarma brown: spam source not yet on the black list", FINDING_WARNING },
	{ "127.0.0.5", "127.0.0.5", "HOSTKARMA-NOBL",
	  "Hostkarma NOBL: should not be blocklisted; not a listing", FINDING_OK },
	{ "127.0.2.1", "127.0.2.3", "HOSTKARMA-AGE",
	  "Hostkarma age record: how long the address has been on its list (1 to 3), sent next to the "
	  "colour code; not a listing on its own", FINDING_OK },
};

/* ---- Abusix Mail Intelligence (docs.abusix.com production zones) ---- */

static const struct dnsbl_code abusix_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "ABUSIX-BLACK",
	  "Abusix black: address sent mail to Abusix's primary spamtraps", FINDING_CRITICAL },
	{ "127.0.0.3", "127.0.0.3", "ABUSIX-BLACK",
	  "Abusix black (heuristic): very low reputation or next to trap-hitting hosts", FINDING_CRITICAL },
	{ "127.0.0.4", "127.0.0.4", "ABUSIX-EXPLOIT",
	  "Abusix exploit: compromised host, open proxy or botnet", FINDING_CRITICAL },
	{ "127.0.0.11", "127.0.0.11", "ABUSIX-POLICY",
	  "Abusix policy: generic rDNS, should relay through its provider's smarthost", FINDING_WARNING },
	{ "127.0.0.12", "127.0.0.12", "ABUSIX-POLICY",
	  "Abusix policy: no rDNS, should relay through its provider's smarthost", FINDING_WARNING },
	{ "127.0.0.200", "127.0.0.200", "ABUSIX-BLACK",
	  "Abusix black: semi-permanent manual listing", FINDING_CRITICAL },
};

/* ---- 0spam (0spam.org) ---- */

static const struct dnsbl_code ospam_codes[] = {
	{ "127.0.0.2", "127.0.0.255", "0SPAM",
	  "0spam: address sent mail to 0spam's spamtraps (the last octet's meaning is not documented)", FINDING_CRITICAL },
};

/* ---- Truncate (GBUdb) ---- */

static const struct dnsbl_code truncate_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "TRUNCATE",
	  "Truncate: substantially all mail seen from this address by GBUdb was spam, scam or malware", FINDING_CRITICAL },
};

/* ---- CBL (abuseat.org cut-over page) ---- */

static const struct dnsbl_code cbl_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "CBL",
	  "CBL: infected or exploited host (spambot, open proxy)", FINDING_CRITICAL },
};

/* ---- SpamEatingMonkey (spameatingmonkey.com lists and FAQ) ---- */

static const struct dnsbl_code sem_black_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "SEM-BLACK",
	  "SpamEatingMonkey SEM-BLACK: sent mail to its spamtraps over the threshold, reported by trusted users, "
	  "or listed by policy (residential ranges, known spam groups, ignored unsubscribes, scraped lists)", FINDING_CRITICAL },
};
static const struct dnsbl_code sem_ipv6_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "SEM-IPV6BL",
	  "SpamEatingMonkey SEM-IPV6BL: the /64 sent unwanted mail to its spamtraps", FINDING_CRITICAL },
};

/*
 * ---- SpamRATS (spamrats.com lists and configuration pages) ----
 * One code per list; all.spamrats.com answers the codes of every list
 * the address is on.
 */
#define SPAMRATS_DYNA \
	{ "127.0.0.36", "127.0.0.36", "RATS-DYNA", \
	  "SpamRATS RATS-Dyna: abusive connections from an address whose rDNS looks like a home or dynamic line", FINDING_CRITICAL }
#define SPAMRATS_NOPTR \
	{ "127.0.0.37", "127.0.0.37", "RATS-NOPTR", \
	  "SpamRATS RATS-NoPtr: abusive connections from an address without reverse DNS", FINDING_CRITICAL }
#define SPAMRATS_SPAM \
	{ "127.0.0.38", "127.0.0.38", "RATS-SPAM", \
	  "SpamRATS RATS-Spam: address shown to be abusive (compromised host, open relay); SpamRATS warns of false positives", FINDING_CRITICAL }
#define SPAMRATS_AUTH \
	{ "127.0.0.43", "127.0.0.43", "RATS-AUTH", \
	  "SpamRATS RATS-Auth: address seen guessing passwords against authentication; not meant for inbound mail", FINDING_CRITICAL }
static const struct dnsbl_code spamrats_all_codes[] = {
	SPAMRATS_DYNA, SPAMRATS_NOPTR, SPAMRATS_SPAM, SPAMRATS_AUTH,
};
static const struct dnsbl_code spamrats_dyna_codes[] = { SPAMRATS_DYNA };
static const struct dnsbl_code spamrats_noptr_codes[] = { SPAMRATS_NOPTR };
static const struct dnsbl_code spamrats_spam_codes[] = { SPAMRATS_SPAM };
static const struct dnsbl_code spamrats_auth_codes[] = { SPAMRATS_AUTH };

/* ---- NordSpam (nordspam.com/usage) ---- */

static const struct dnsbl_code nordspam_bl_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "NORDSPAM",
	  "NordSpam: address used for spam or other abuse (manually moderated listing)", FINDING_CRITICAL },
};

/* ---- Backscatterer (backscatterer.org, run with UCEPROTECT) ---- */

static const struct dnsbl_code backscatterer_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "BACKSCATTERER",
	  "Backscatterer: address sent misdirected bounces, autoresponders or sender callouts (listed for 4 weeks); "
	  "receivers use it against such messages, not all mail", FINDING_WARNING },
};

#define SEM_SOURCE	"http://spameatingmonkey.com/lists.html; http://spameatingmonkey.com/faq.html"
#define SEM_TERMS	"free; contact SpamEatingMonkey first above 100,000 queries a day or 5 a second " \
	"for more than a few minutes"
#define SPAMRATS_SOURCE	"https://www.spamrats.com/lists.php; https://spamrats.com/communigate-configuration.php"
#define SPAMRATS_TERMS	"free for most users (a free API key is recommended, some resolvers are refused " \
	"without one); large organisations with very high query rates or commercial filtering services need a " \
	"subscription (SpamRATS's terms of service)"
#define SPAMRATS_CODES_NOTE	"127.0.0.36 (Dyna) is confirmed on SpamRATS's pages; .37 NoPtr, .38 Spam and " \
	".43 Auth were not confirmed from the pages read"

const struct dnsbl_entry dnsbl_catalog_ip[] = {
	{
		.name = "spamcop",
		.zone = "bl.spamcop.net",
		.kinds = DNSBL_IP4,
		CODES(spamcop_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.spamcop.net/bl.shtml?%s",
		.enabled_by_default = true,
		.note = "time-based: listings expire automatically once reports stop; "
		    "SpamCop calls the list aggressive and suggests tagging rather than rejecting",
		.terms = "no account or registration named on SpamCop's page",
		.summary = "open, widely consulted by receivers; listings expire by themselves once reports stop",
		.source = "https://www.spamcop.net/bl.shtml", .checked = "2026-11-23",
	},
	{
		.name = "barracuda",
		.zone = "b.barracudacentral.org",
		.kinds = DNSBL_IP4,
		CODES(barracuda_codes),
		.policy = DNSBL_POLICY_REGISTERED,
		.lookup_url = "https://www.barracudacentral.org/rbl/removal-request",
		.note = "off by default because the querying DNS server must be registered first",
		.terms = "free, but the querying DNS server's IP must be registered with Barracuda Central and approved",
		.summary = "free, but only after registering the querying resolver's IP with Barracuda Central",
		.source = "https://www.barracudacentral.org/rbl/how-to-use", .checked = "2026-11-23",
	},
	{
		.name = "psbl",
		.zone = "psbl.surriel.com",
		.kinds = DNSBL_IP4,
		CODES(psbl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://psbl.org/listing?ip=%s",
		.enabled_by_default = true,
		.note = "anyone can remove an address through the web form",
		.terms = "free: \"anybody is free to use PSBL\"",
		.summary = "open, spamtrap-driven, self-service removal",
		.source = "https://psbl.surriel.com/howto/", .checked = "2026-11-23",
	},
	{
		.name = "mailspike-bl",
		.zone = "bl.mailspike.net",
		.kinds = DNSBL_IP4,
		CODES(mailspike_bl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://mailspike.org/",
		.enabled_by_default = true,
		.note = "z.mailspike.net (spam waves) plus rep.mailspike.net levels L3-L5",
		.terms = "free while under 100,000 messages and 100,000 DNS queries a day",
		.summary = "open for under 100,000 messages/queries a day; spam waves plus reputation L3-L5",
		.source = "https://mailspike.org/usage.html", .checked = "2026-11-23",
	},
	{
		.name = "uceprotect-1",
		.zone = "dnsbl-1.uceprotect.net",
		.kinds = DNSBL_IP4,
		CODES(uceprotect1_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.uceprotect.net/en/rblcheck.php",
		.enabled_by_default = true,
		.note = "single addresses only; listings expire when abuse stops (UCEPROTECT sells faster delisting)",
		.terms = "free-use query limits not confirmed from UCEPROTECT's pages",
		.summary = "single addresses only, so a hit is about your own IP",
		.source = "https://www.uceprotect.net/en/index.php?m=3&s=3", .checked = "2026-11-23",
	},
	{
		.name = "uceprotect-2",
		.zone = "dnsbl-2.uceprotect.net",
		.kinds = DNSBL_IP4,
		CODES(uceprotect2_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.uceprotect.net/en/rblcheck.php",
		.note = "lists whole allocations around level 1 listings (collateral damage by design; policy text "
		    "quoted by a third party)",
		.terms = "free-use query limits not confirmed from UCEPROTECT's pages",
		.summary = "lists whole allocations around level 1 hits; warning, not about your own sending",
		.source = "http://whatismyipaddress.com/staticpages/index.php/dnsbl-details?dnsbl=dnsbl-2.uceprotect.net",
		.checked = "2026-11-23",
	},
	{
		.name = "uceprotect-3",
		.zone = "dnsbl-3.uceprotect.net",
		.kinds = DNSBL_IP4,
		CODES(uceprotect3_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.uceprotect.net/en/rblcheck.php",
		.note = "lists entire ASNs (every customer of a provider); described from a third-party summary "
		    "of UCEPROTECT's level 3 policy",
		.terms = "free-use query limits not confirmed from UCEPROTECT's pages",
		.summary = "lists entire ASNs; warning, not about your own sending",
		.source = "https://www.suped.com/learn/blocklists/uceprotect-dnsbl-level-3", .checked = "2026-11-23",
	},
	{
		.name = "s5h",
		.zone = "all.s5h.net",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(s5h_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.usenix.org.uk/content/rblremove",
		.note = "RFC 5782 list; self-removal by visiting the removal page from the listed address; "
		    "the exact answer code is assumed to be RFC 5782's 127.0.0.2 (not stated on s5h's page)",
		.terms = "not stated on the page read",
		.summary = "small list with little receiver use",
		.source = "http://www.s5h.net/rblcheck", .checked = "2026-11-23",
	},
	{
		.name = "hostkarma",
		.zone = "hostkarma.junkemailfilter.com",
		.kinds = DNSBL_IP4,
		CODES(hostkarma_codes),
		.policy = DNSBL_POLICY_OPEN,
		.note = "mixed list: 127.0.0.1 is white (trusted), 127.0.0.3/.5 yellow/NOBL, and an extra "
		    "127.0.2.1-.3 record gives the listing's age: none of these is a listing; third parties "
		    "report the service discontinued, not confirmed by the operator",
		.terms = "free for non-profits, non-commercial sites and small businesses; over 1,000 mail "
		    "accounts or 250,000 queries a day needs a licence",
		.summary = "mixed white/black list; third parties report it discontinued (unconfirmed)",
		.source = "http://wiki.junkemailfilter.com/index.php?title=Spam_DNS_Lists", .checked = "2026-12-04",
	},
	{
		.name = "abusix",
		.zone = "combined.mail.abusix.zone",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(abusix_codes),
		.policy = DNSBL_POLICY_KEY,
		.key_zone = "combined.mail.abusix.zone",
		.note = "Abusix Mail Intelligence black+exploit+policy in one zone; queried as "
		    "<target>.<key>.combined.mail.abusix.zone",
		.terms = "needs an Abusix account key",
		.summary = "needs an Abusix key: `<target>.<key>.combined.mail.abusix.zone`",
		.source = "https://docs.abusix.com/docs/guardian-mail/production-zones", .checked = "2026-11-23",
	},
	{
		.name = "0spam",
		.zone = "bl.0spam.org",
		.kinds = DNSBL_IP4,
		CODES(ospam_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://check.0spam.org/q?ipaddr=%s",
		.note = "formerly 0spam.fusionzero.com (still a mirror); networks go to nbl.0spam.org; "
		    "the answer codes are only documented as 127.0.0.#",
		.terms = "free",
		.summary = "answer codes not documented beyond \"127.0.0.#\"",
		.source = "https://0spam.org/how-does-the-0spam-service-work", .checked = "2026-11-23",
	},
	{
		.name = "truncate",
		.zone = "truncate.gbudb.net",
		.kinds = DNSBL_IP4,
		CODES(truncate_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.gbudb.com/truncate/index.jsp",
		.note = "fully automated, no manual removal; small receiver footprint (Message Sniffer users); "
		    "a third-party checker reports it discontinued, not confirmed by the operator",
		.terms = "not stated on the page read",
		.summary = "small receiver footprint; current status unconfirmed",
		.source = "https://www.gbudb.com/truncate/index.jsp", .checked = "2026-11-23",
	},
	{
		.name = "cbl",
		.zone = "cbl.abuseat.org",
		.kinds = DNSBL_IP4,
		CODES(cbl_codes),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.lookup_url = "https://check.spamhaus.org/",
		.note = "the CBL now runs wholly on Spamhaus infrastructure under Spamhaus's access rules; its "
		    "cut-over page tells users to query XBL or ZEN (better through DQS) instead; contained in "
		    "Spamhaus XBL, so in spamhaus-zen",
		.terms = "Spamhaus's access rules (see spamhaus-zen); abuseat.org recommends XBL, ZEN or DQS instead",
		.summary = "contained in Spamhaus XBL, so in ZEN; abuseat.org itself says to use XBL/ZEN/DQS",
		.source = "https://www.abuseat.org/cutover.html", .checked = "2026-12-04",
	},
	{
		.name = "sem-black",
		.zone = "bl.spameatingmonkey.net",
		.kinds = DNSBL_IP4,
		CODES(sem_black_codes),
		.policy = DNSBL_POLICY_OPEN,
		.note = "trap listings expire after 7 days without hits, policy listings do not; SpamEatingMonkey "
		    "says its lists recommend, they do not block",
		.terms = SEM_TERMS,
		.summary = "small list; includes policy listings (residential ranges)",
		.source = SEM_SOURCE, .checked = "2026-12-04",
	},
	{
		.name = "sem-ipv6",
		.zone = "bl.ipv6.spameatingmonkey.net",
		.kinds = DNSBL_IP6,
		CODES(sem_ipv6_codes),
		.policy = DNSBL_POLICY_OPEN,
		.note = "SEM-IPV6BL lists /64 networks (announced February 2010); the zone name and the answer "
		    "127.0.0.2 were not confirmed from the pages read",
		.terms = SEM_TERMS,
		.summary = "small IPv6 list of whole /64 networks",
		.source = "http://spameatingmonkey.com/", .checked = "2026-12-04",
	},
	{
		.name = "spamrats-all",
		.zone = "all.spamrats.com",
		.kinds = DNSBL_IP4,
		CODES(spamrats_all_codes),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "all.spamrats.com",
		.note = "RATS-Dyna, NoPtr, Spam and Auth in one query; " SPAMRATS_CODES_NOTE,
		.terms = SPAMRATS_TERMS,
		.summary = "the four SpamRATS lists in one query; terms limit free use",
		.source = SPAMRATS_SOURCE, .checked = "2026-12-04",
	},
	{
		.name = "spamrats-dyna",
		.zone = "dyna.spamrats.com",
		.kinds = DNSBL_IP4,
		CODES(spamrats_dyna_codes),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "dyna.spamrats.com",
		.note = "contained in spamrats-all; fixing the reverse DNS is the way off the list",
		.terms = SPAMRATS_TERMS,
		.summary = "contained in `spamrats-all`",
		.source = SPAMRATS_SOURCE, .checked = "2026-12-04",
	},
	{
		.name = "spamrats-noptr",
		.zone = "noptr.spamrats.com",
		.kinds = DNSBL_IP4,
		CODES(spamrats_noptr_codes),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "noptr.spamrats.com",
		.note = "contained in spamrats-all; removal only once the address has reverse DNS; " SPAMRATS_CODES_NOTE,
		.terms = SPAMRATS_TERMS,
		.summary = "contained in `spamrats-all`",
		.source = SPAMRATS_SOURCE, .checked = "2026-12-04",
	},
	{
		.name = "spamrats-spam",
		.zone = "spam.spamrats.com",
		.kinds = DNSBL_IP4,
		CODES(spamrats_spam_codes),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "spam.spamrats.com",
		.note = "contained in spamrats-all; SpamRATS suggests it only for an aggressive stance; " SPAMRATS_CODES_NOTE,
		.terms = SPAMRATS_TERMS,
		.summary = "contained in `spamrats-all`",
		.source = SPAMRATS_SOURCE, .checked = "2026-12-04",
	},
	{
		.name = "spamrats-auth",
		.zone = "auth.spamrats.com",
		.kinds = DNSBL_IP4,
		CODES(spamrats_auth_codes),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "auth.spamrats.com",
		.note = "for logins (SMTP AUTH, IMAP, POP, SSH), SpamRATS says not for inbound mail; " SPAMRATS_CODES_NOTE,
		.terms = SPAMRATS_TERMS,
		.summary = "password-guessing sources, not an inbound-mail list",
		.source = SPAMRATS_SOURCE, .checked = "2026-12-04",
	},
	{
		.name = "nordspam-bl",
		.zone = "bl.nordspam.com",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(nordspam_bl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.note = "RFC 5782 list with IPv4 and IPv6 test points; listings are manually moderated and removed "
		    "on request once the cause is fixed; focus on Nordic and European abuse",
		.terms = "free for commercial and non-commercial use; contact NordSpam first above 10,000 queries a day",
		.summary = "small, mostly Nordic/European receiver base",
		.source = "https://nordspam.com/usage", .checked = "2026-12-04",
	},
	{
		.name = "backscatterer",
		.zone = "ips.backscatterer.org",
		.kinds = DNSBL_IP4,
		CODES(backscatterer_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "http://www.backscatterer.org/?target=test",
		.note = "lists servers that send misdirected bounces, autoresponders or sender callouts, for 4 weeks; "
		    "run with UCEPROTECT; the answer 127.0.0.2 is assumed (RFC 5782), not stated on the page read",
		.terms = "free to query; operators of big mail servers are asked to use the zone from UCEPROTECT's mirrors",
		.summary = "about your bounces and autoreplies only; warning",
		.source = "http://www.backscatterer.org/index.php", .checked = "2026-12-04",
	},
};

const size_t dnsbl_catalog_ip_count = NELEM(dnsbl_catalog_ip);
