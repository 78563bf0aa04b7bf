/*
 * dnsbl_catalog.c -- the built-in catalog of DNS block and allow lists
 * (RFC 5782). Data only: one const entry per list, each researched from the
 * operator's own documentation (the .source field names the page). Where a
 * fact could not be confirmed from the operator, the entry's note says so.
 * Lookups over this table live in dnsbl_catalog_lookup.c.
 *
 * Severity: reputation listings are FINDING_CRITICAL, policy listings
 * (e.g. Spamhaus PBL: "this IP should not send mail directly") are
 * FINDING_WARNING, allow-list hits are FINDING_OK.
 */
#include "probes/dnsbl/dnsbl_catalog.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define CODES(a)	.codes = (a), .ncodes = NELEM(a)
#define ERRORS(a)	.errors = (a), .nerrors = NELEM(a)

/* ---- Spamhaus (docs.spamhaus.com "Available Zones", spamhaus.org news 788) ---- */

/*
 * 127.255.255.0/24 carries errors about the query on every Spamhaus zone.
 * Spamhaus documents .252, .254, .255 on the public mirrors and two codes
 * for invalid DQS keys; the rest of the /24 is reserved for errors.
 */
#define SPAMHAUS_ERRORS \
	{ "127.255.255.0", "127.255.255.249", \
	  "unassigned code in Spamhaus's error range 127.255.255.0/24: an error about the query, not a listing" }, \
	{ "127.255.255.250", "127.255.255.251", \
	  "Spamhaus refused the DQS key (disabled or not valid for this zone)" }, \
	{ "127.255.255.252", "127.255.255.252", \
	  "typing error in the DNSBL name: this zone does not exist at Spamhaus" }, \
	{ "127.255.255.253", "127.255.255.253", \
	  "unassigned code in Spamhaus's error range 127.255.255.0/24: an error about the query, not a listing" }, \
	{ "127.255.255.254", "127.255.255.254", \
	  "query via a public resolver (or one without attributable rDNS): Spamhaus refuses public resolvers; use your own resolver or a DQS key" }, \
	{ "127.255.255.255", "127.255.255.255", \
	  "excessive number of queries: over Spamhaus's free-use limit; use a DQS key" }

static const struct dnsbl_error_code spamhaus_errors[] = { SPAMHAUS_ERRORS };

static const struct dnsbl_error_code spamhaus_dbl_errors[] = {
	SPAMHAUS_ERRORS,
	{ "127.0.1.255", "127.0.1.255",
	  "IP queries are not allowed: the DBL lists domain names only" },
};

#define SPAMHAUS_SBL_CODES \
	{ "127.0.0.2", "127.0.0.2", "SBL", \
	  "Spamhaus SBL: direct spam source, spam operation or spam service", FINDING_CRITICAL }, \
	{ "127.0.0.3", "127.0.0.3", "CSS", \
	  "Spamhaus CSS: spam source detected automatically (snowshoe, poor sending practices)", FINDING_CRITICAL }, \
	{ "127.0.0.9", "127.0.0.9", "DROP", \
	  "Spamhaus DROP: hijacked or leased to criminals; do not route or peer (always with SBL)", FINDING_CRITICAL }, \
	{ "127.0.0.30", "127.0.0.30", "BCL", \
	  "Spamhaus BCL: botnet command-and-control server", FINDING_CRITICAL }
#define SPAMHAUS_XBL_CODES \
	{ "127.0.0.4", "127.0.0.4", "XBL", \
	  "Spamhaus XBL: exploited host (malware, botnet, open proxy)", FINDING_CRITICAL }, \
	{ "127.0.0.5", "127.0.0.7", "XBL", \
	  "Spamhaus XBL: exploited host (code reserved by Spamhaus, currently unused)", FINDING_CRITICAL }
#define SPAMHAUS_PBL_CODES \
	{ "127.0.0.10", "127.0.0.10", "PBL", \
	  "Spamhaus PBL (set by the ISP): end-user address that should not send mail directly to MX servers", FINDING_WARNING }, \
	{ "127.0.0.11", "127.0.0.11", "PBL", \
	  "Spamhaus PBL (set by Spamhaus): end-user address that should not send mail directly to MX servers", FINDING_WARNING }

static const struct dnsbl_code spamhaus_zen_codes[] = {
	SPAMHAUS_SBL_CODES, SPAMHAUS_XBL_CODES, SPAMHAUS_PBL_CODES,
};
static const struct dnsbl_code spamhaus_sbl_codes[] = { SPAMHAUS_SBL_CODES };
static const struct dnsbl_code spamhaus_xbl_codes[] = { SPAMHAUS_XBL_CODES };
static const struct dnsbl_code spamhaus_pbl_codes[] = { SPAMHAUS_PBL_CODES };

static const struct dnsbl_code spamhaus_dbl_codes[] = {
	{ "127.0.1.2", "127.0.1.2", "DBL",
	  "Spamhaus DBL: low-reputation (spam) domain", FINDING_CRITICAL },
	{ "127.0.1.3", "127.0.1.3", "DBL",
	  "Spamhaus DBL: listed domain (code not documented by Spamhaus today)", FINDING_CRITICAL },
	{ "127.0.1.4", "127.0.1.4", "DBL-phish",
	  "Spamhaus DBL: phishing domain", FINDING_CRITICAL },
	{ "127.0.1.5", "127.0.1.5", "DBL-malware",
	  "Spamhaus DBL: malware domain", FINDING_CRITICAL },
	{ "127.0.1.6", "127.0.1.6", "DBL-botnet",
	  "Spamhaus DBL: botnet command-and-control domain", FINDING_CRITICAL },
	{ "127.0.1.7", "127.0.1.99", "DBL",
	  "Spamhaus DBL: listed domain (code reserved by Spamhaus for bad domains)", FINDING_CRITICAL },
	{ "127.0.1.102", "127.0.1.102", "DBL-abused",
	  "Spamhaus DBL: abused legitimate domain (spam)", FINDING_CRITICAL },
	{ "127.0.1.103", "127.0.1.103", "DBL-abused",
	  "Spamhaus DBL: abused legitimate redirector or URL shortener", FINDING_CRITICAL },
	{ "127.0.1.104", "127.0.1.104", "DBL-abused",
	  "Spamhaus DBL: abused legitimate domain used in phishing", FINDING_CRITICAL },
	{ "127.0.1.105", "127.0.1.105", "DBL-abused",
	  "Spamhaus DBL: abused legitimate domain used by malware", FINDING_CRITICAL },
	{ "127.0.1.106", "127.0.1.106", "DBL-abused",
	  "Spamhaus DBL: abused legitimate domain hosting botnet C&C", FINDING_CRITICAL },
};

static const struct dnsbl_code spamhaus_zrd_codes[] = {
	{ "127.0.2.2", "127.0.2.24", "ZRD",
	  "Spamhaus ZRD: domain first seen within the last 24 hours (the last octet bounds its age in hours)", FINDING_WARNING },
};

static const struct dnsbl_code spamhaus_authbl_codes[] = {
	{ "127.0.0.20", "127.0.0.20", "AuthBL",
	  "Spamhaus AuthBL: address seen using stolen credentials against SMTP AUTH (bot)", FINDING_CRITICAL },
};

#define SPAMHAUS_NOTE \
	"free only for non-commercial use under 100,000 SMTP connections and 300,000 queries a day, " \
	"through your own resolver: public resolvers get 127.255.255.254; otherwise use a free DQS key"

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

static const struct dnsbl_code mailspike_wl_codes[] = {
	{ "127.0.0.17", "127.0.0.17", "MSPIKE-H2",
	  "Mailspike reputation H2: possibly legitimate sender", FINDING_OK },
	{ "127.0.0.18", "127.0.0.18", "MSPIKE-H3",
	  "Mailspike reputation H3: good reputation", FINDING_OK },
	{ "127.0.0.19", "127.0.0.19", "MSPIKE-H4",
	  "Mailspike reputation H4: very good reputation", FINDING_OK },
	{ "127.0.0.20", "127.0.0.20", "MSPIKE-H5",
	  "Mailspike reputation H5: excellent reputation", FINDING_OK },
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

/* ---- SURBL (surbl.org lists and implementation guidelines) ---- */

/*
 * multi.surbl.org answers a bitmask in the last octet: 8 PH (phishing),
 * 16 MW (malware), 64 ABUSE, 128 CR (cracked sites). Single-list values
 * get their own names; sums of several lists fall in the ranges between.
 * Bits 2, 4 and 32 belonged to retired lists (SC, WS, AB/JP).
 */
#define SURBL_SEVERAL "SURBL: listed on several SURBL lists (bitmask: 8 phishing, 16 malware, 64 abuse, 128 cracked)"
static const struct dnsbl_code surbl_codes[] = {
	{ "127.0.0.2", "127.0.0.7", "SURBL",
	  "SURBL: listed (bit from a retired SURBL list)", FINDING_CRITICAL },
	{ "127.0.0.8", "127.0.0.8", "SURBL-PH",
	  "SURBL PH: domain seen in phishing messages or hosting phishing", FINDING_CRITICAL },
	{ "127.0.0.9", "127.0.0.15", "SURBL", SURBL_SEVERAL, FINDING_CRITICAL },
	{ "127.0.0.16", "127.0.0.16", "SURBL-MW",
	  "SURBL MW: domain hosting or distributing malware", FINDING_CRITICAL },
	{ "127.0.0.17", "127.0.0.63", "SURBL", SURBL_SEVERAL, FINDING_CRITICAL },
	{ "127.0.0.64", "127.0.0.64", "SURBL-ABUSE",
	  "SURBL ABUSE: domain advertised in spam or used for other abuse", FINDING_CRITICAL },
	{ "127.0.0.65", "127.0.0.127", "SURBL", SURBL_SEVERAL, FINDING_CRITICAL },
	{ "127.0.0.128", "127.0.0.128", "SURBL-CR",
	  "SURBL CR: cracked (compromised) site used in spam", FINDING_CRITICAL },
	{ "127.0.0.129", "127.0.0.255", "SURBL", SURBL_SEVERAL, FINDING_CRITICAL },
};
static const struct dnsbl_error_code surbl_errors[] = {
	{ "127.0.0.1", "127.0.0.1",
	  "not a SURBL listing: bit 1 is not a list; treated as a refused or blocked query (not confirmed from SURBL's own pages)" },
};

/* ---- URIBL (uribl.com/about.shtml, uribl.com/refused.shtml) ---- */

static const struct dnsbl_code uribl_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "URIBL-BLACK",
	  "URIBL black: domain belonging to or used by spammers", FINDING_CRITICAL },
	{ "127.0.0.4", "127.0.0.4", "URIBL-GREY",
	  "URIBL grey: domain seen in bulk mail that may honour opt-out (false positives expected)", FINDING_WARNING },
	{ "127.0.0.6", "127.0.0.6", "URIBL-BLACK",
	  "URIBL black and grey", FINDING_CRITICAL },
	{ "127.0.0.8", "127.0.0.8", "URIBL-RED",
	  "URIBL red: very young or whois-private domain active in mail flow (automated, not yet black)", FINDING_WARNING },
	{ "127.0.0.10", "127.0.0.10", "URIBL-BLACK",
	  "URIBL black and red", FINDING_CRITICAL },
	{ "127.0.0.12", "127.0.0.12", "URIBL-GREY",
	  "URIBL grey and red", FINDING_WARNING },
	{ "127.0.0.14", "127.0.0.14", "URIBL-BLACK",
	  "URIBL black, grey and red", FINDING_CRITICAL },
};
static const struct dnsbl_error_code uribl_errors[] = {
	{ "127.0.0.1", "127.0.0.1",
	  "query refused: URIBL refuses heavy users and shared/public resolvers; use your own resolver" },
};

/* ---- dnswl.org (dnswl.org, its "Am I blocked?" notice) ---- */

/* 127.0.<category>.<trust>: trust 0 none, 1 low, 2 medium, 3 high. */
static const struct dnsbl_code dnswl_codes[] = {
	{ "127.0.1.0", "127.0.254.255", "DNSWL",
	  "dnswl.org: known good mail server (answer 127.0.<category>.<trust>, trust 0 none .. 3 high)", FINDING_OK },
};
static const struct dnsbl_error_code dnswl_errors[] = {
	{ "127.0.0.255", "127.0.0.255",
	  "blocked: the querying resolver exceeded dnswl.org's free limit of 100,000 queries a day" },
};

/* ---- Hostkarma (wiki.junkemailfilter.com "Spam DNS Lists") ---- */

static const struct dnsbl_code hostkarma_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "HOSTKARMA-BLACK",
	  "Hostkarma black: known source of spam", FINDING_CRITICAL },
	{ "127.0.0.3", "127.0.0.3", "HOSTKARMA-YELLOW",
	  "Hostkarma yellow: mixed source of spam and good mail (large providers); not a listing", FINDING_OK },
	{ "127.0.0.4", "127.0.0.4", "HOSTKARMA-BROWN",
	  "Hostkarma brown: spam source not yet on the black list", FINDING_WARNING },
	{ "127.0.0.5", "127.0.0.5", "HOSTKARMA-NOBL",
	  "Hostkarma NOBL: should not be blocklisted; not a listing", FINDING_OK },
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

/* ---- CBL (abuseat.org FAQ) ---- */

static const struct dnsbl_code cbl_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "CBL",
	  "CBL: infected or exploited host (spambot, open proxy)", FINDING_CRITICAL },
};

/* ---- Defunct lists: historical codes, kept so a config naming them gets a clear message ---- */

static const struct dnsbl_code generic_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "LISTED",
	  "listed (historical generic code)", FINDING_CRITICAL },
};
static const struct dnsbl_code sorbs_codes[] = {
	{ "127.0.0.2", "127.0.0.14", "SORBS",
	  "SORBS: listed (the 127.0.0.x category codes of the aggregate zone, historical)", FINDING_CRITICAL },
};
static const struct dnsbl_code ahbl_codes[] = {
	{ "127.0.0.2", "127.0.0.19", "AHBL",
	  "AHBL: listed (open relay, open proxy, spam source, compromised host, ...; historical codes)", FINDING_CRITICAL },
};

const struct dnsbl_entry dnsbl_catalog[] = {
	{
		.name = "spamhaus-zen",
		.zone = "zen.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_zen_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "zen.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.enabled_by_default = true,
		.note = "SBL+CSS+DROP+BCL+XBL+PBL in one zone; IPv6 per RFC 5782 (Spamhaus statement S012); " SPAMHAUS_NOTE,
		.source = "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
	},
	{
		.name = "spamhaus-sbl",
		.zone = "sbl.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_sbl_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "sbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.note = "part of spamhaus-zen (off by default so a listing is not reported twice); " SPAMHAUS_NOTE,
		.source = "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
	},
	{
		.name = "spamhaus-xbl",
		.zone = "xbl.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_xbl_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "xbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.note = "part of spamhaus-zen (off by default so a listing is not reported twice); " SPAMHAUS_NOTE,
		.source = "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
	},
	{
		.name = "spamhaus-pbl",
		.zone = "pbl.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_pbl_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "pbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.note = "policy list, not reputation; part of spamhaus-zen (off by default so a listing is not reported twice); " SPAMHAUS_NOTE,
		.source = "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
	},
	{
		.name = "spamhaus-dbl",
		.zone = "dbl.spamhaus.org",
		.kinds = DNSBL_DOMAIN,
		CODES(spamhaus_dbl_codes), ERRORS(spamhaus_dbl_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "dbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/domain/%s",
		.enabled_by_default = true,
		.note = "domains only (an IP query answers 127.0.1.255); " SPAMHAUS_NOTE,
		.source = "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
	},
	{
		.name = "spamhaus-zrd",
		.zone = "zrd.dq.spamhaus.net",
		.kinds = DNSBL_DOMAIN,
		CODES(spamhaus_zrd_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_KEY,
		.key_zone = "zrd.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/domain/%s",
		.note = "Zero Reputation Domains: only through DQS (free key for non-commercial use); "
		    "a newly registered sending domain shows up here for its first 24 hours",
		.source = "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
	},
	{
		.name = "spamhaus-authbl",
		.zone = "authbl.dq.spamhaus.net",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_authbl_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_KEY,
		.key_zone = "authbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.note = "only through DQS (free key for non-commercial use); meant for submission servers",
		.source = "https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html",
	},
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
		.source = "https://www.spamcop.net/bl.shtml",
	},
	{
		.name = "barracuda",
		.zone = "b.barracudacentral.org",
		.kinds = DNSBL_IP4,
		CODES(barracuda_codes),
		.policy = DNSBL_POLICY_REGISTERED,
		.lookup_url = "https://www.barracudacentral.org/rbl/removal-request",
		.note = "free, but the querying DNS server's IP must be registered with Barracuda Central "
		    "and approved first; off by default because it needs that step",
		.source = "https://www.barracudacentral.org/rbl/how-to-use",
	},
	{
		.name = "psbl",
		.zone = "psbl.surriel.com",
		.kinds = DNSBL_IP4,
		CODES(psbl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://psbl.org/listing?ip=%s",
		.enabled_by_default = true,
		.note = "\"anybody is free to use PSBL\"; anyone can remove an address through the web form",
		.source = "https://psbl.surriel.com/howto/",
	},
	{
		.name = "mailspike-bl",
		.zone = "bl.mailspike.net",
		.kinds = DNSBL_IP4,
		CODES(mailspike_bl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://mailspike.org/",
		.enabled_by_default = true,
		.note = "z.mailspike.net (spam waves) plus rep.mailspike.net levels L3-L5; free while under "
		    "100,000 messages and 100,000 DNS queries a day",
		.source = "https://mailspike.org/usage.html",
	},
	{
		.name = "mailspike-wl",
		.zone = "wl.mailspike.net",
		.kinds = DNSBL_IP4,
		.allow = true,
		CODES(mailspike_wl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://mailspike.org/",
		.note = "allow-list of reputation H2-H5; Mailspike says never to use it alone for whitelisting; "
		    "free while under 100,000 messages and 100,000 DNS queries a day",
		.source = "https://mailspike.org/usage.html",
	},
	{
		.name = "uceprotect-1",
		.zone = "dnsbl-1.uceprotect.net",
		.kinds = DNSBL_IP4,
		CODES(uceprotect1_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.uceprotect.net/en/rblcheck.php",
		.enabled_by_default = true,
		.note = "single addresses only; listings expire when abuse stops (UCEPROTECT sells faster delisting); "
		    "free-use query limits not confirmed from UCEPROTECT's pages",
		.source = "https://www.uceprotect.net/en/index.php?m=3&s=3",
	},
	{
		.name = "uceprotect-2",
		.zone = "dnsbl-2.uceprotect.net",
		.kinds = DNSBL_IP4,
		CODES(uceprotect2_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.uceprotect.net/en/rblcheck.php",
		.note = "lists whole allocations around level 1 listings (collateral damage by design; policy text quoted by a third party); "
		    "off by default: a hit says little about your own sending",
		.source = "http://whatismyipaddress.com/staticpages/index.php/dnsbl-details?dnsbl=dnsbl-2.uceprotect.net",
	},
	{
		.name = "uceprotect-3",
		.zone = "dnsbl-3.uceprotect.net",
		.kinds = DNSBL_IP4,
		CODES(uceprotect3_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.uceprotect.net/en/rblcheck.php",
		.note = "lists entire ASNs (every customer of a provider); off by default: a hit says nothing about your own sending; "
		    "described from a third-party summary of UCEPROTECT's level 3 policy",
		.source = "https://www.suped.com/learn/blocklists/uceprotect-dnsbl-level-3",
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
		.source = "http://www.s5h.net/rblcheck",
	},
	{
		.name = "surbl",
		.zone = "multi.surbl.org",
		.kinds = DNSBL_DOMAIN,
		CODES(surbl_codes), ERRORS(surbl_errors),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.surbl.org/",
		.enabled_by_default = true,
		.note = "domains found in message bodies (not senders); public DNS for small sites only, "
		    "heavy users need the rsync feed",
		.source = "https://www.surbl.org/lists",
	},
	{
		.name = "uribl",
		.zone = "multi.uribl.com",
		.kinds = DNSBL_DOMAIN,
		CODES(uribl_codes), ERRORS(uribl_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.lookup_url = "https://uribl.com/",
		.enabled_by_default = true,
		.note = "domains found in message bodies; low-volume public DNS only, public/shared resolvers "
		    "get 127.0.0.1 (refused); URIBL says it is meant for tagging, not blocking",
		.source = "https://uribl.com/about.shtml",
	},
	{
		.name = "dnswl",
		.zone = "list.dnswl.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		.allow = true,
		CODES(dnswl_codes), ERRORS(dnswl_errors),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.dnswl.org/",
		.enabled_by_default = true,
		.note = "allow-list: a hit is good news, never a listing; free for non-commercial use under "
		    "100,000 queries a day, over that the resolver gets 127.0.0.255",
		.source = "https://www.dnswl.org/?p=152",
	},
	{
		.name = "hostkarma",
		.zone = "hostkarma.junkemailfilter.com",
		.kinds = DNSBL_IP4,
		CODES(hostkarma_codes),
		.policy = DNSBL_POLICY_OPEN,
		.note = "mixed list: 127.0.0.1 means white (trusted), but RFC 5782 reserves 127.0.0.1 and sendwatch "
		    "treats it as unknown, hence off by default; free under 1,000 accounts / 250,000 queries a day; "
		    "yellow/brown/NOBL codes from a third-party summary; a third-party checker reports the service "
		    "discontinued, not confirmed by the operator",
		.source = "http://wiki.junkemailfilter.com/index.php?title=Spam_DNS_Lists",
	},
	{
		.name = "abusix",
		.zone = "combined.mail.abusix.zone",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(abusix_codes),
		.policy = DNSBL_POLICY_KEY,
		.key_zone = "combined.mail.abusix.zone",
		.note = "Abusix Mail Intelligence black+exploit+policy in one zone; queried as "
		    "<target>.<key>.combined.mail.abusix.zone, so it needs an Abusix key",
		.source = "https://docs.abusix.com/docs/guardian-mail/production-zones",
	},
	{
		.name = "0spam",
		.zone = "bl.0spam.org",
		.kinds = DNSBL_IP4,
		CODES(ospam_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://check.0spam.org/q?ipaddr=%s",
		.note = "free; formerly 0spam.fusionzero.com (still a mirror); networks go to nbl.0spam.org; "
		    "the answer codes are only documented as 127.0.0.#",
		.source = "https://0spam.org/how-does-the-0spam-service-work",
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
		.source = "https://www.gbudb.com/truncate/index.jsp",
	},
	{
		.name = "cbl",
		.zone = "cbl.abuseat.org",
		.kinds = DNSBL_IP4,
		CODES(cbl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "http://cbl.abuseat.org/lookup.cgi",
		.note = "contained in Spamhaus XBL (and so in spamhaus-zen): off by default so a listing is not reported twice",
		.source = "https://www.abuseat.org/faq.html",
	},
	{
		.name = "sorbs",
		.zone = "dnsbl.sorbs.net",
		.kinds = DNSBL_IP4,
		CODES(sorbs_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "decommissioned by Proofpoint on 5 June 2024; its zones no longer contain reputation data",
		.note = "Proofpoint's statement as quoted by the press; an expired or squatted domain would make it list the world",
		.source = "https://www.techzine.eu/news/security/120916/proofpoint-discontinues-anti-spam-service-sorbs/",
	},
	{
		.name = "nixspam",
		.zone = "ix.dnsbl.manitu.net",
		.kinds = DNSBL_IP4,
		CODES(generic_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "NiX Spam (iX/heise, run by manitu) ended: the zone is empty since 16 January 2025 "
		    "and answers nothing but \"not listed\" for at least six months, per RFC 6471",
		.note = "no successor zone was announced",
		.source = "https://heise.de/-10248714",
	},
	{
		.name = "ahbl",
		.zone = "dnsbl.ahbl.org",
		.kinds = DNSBL_IP4,
		CODES(ahbl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "shut down in 2014; since 1 January 2015 every AHBL zone is wildcarded and lists the whole Internet",
		.note = "any use rejects all mail",
		.source = "http://www.ahbl.org/documents/dnsbl",
	},
	{
		.name = "spamcannibal",
		.zone = "bl.spamcannibal.org",
		.kinds = DNSBL_IP4,
		CODES(generic_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "abandoned by its operator; the domain expired in 2018 and squatters' wildcard DNS lists the whole Internet",
		.note = "any use rejects all mail",
		.source = "https://wordtothewise.com/2018/05/spamcannibal-is-dead/",
	},
	{
		.name = "dsbl",
		.zone = "list.dsbl.org",
		.kinds = DNSBL_IP4,
		CODES(generic_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "closed in May 2008; its nameservers went offline in March 2009",
		.note = "queries fail or time out",
		.source = "https://vamsoft.com/company/news/dsbl-shutdown",
	},
	{
		.name = "njabl",
		.zone = "dnsbl.njabl.org",
		.kinds = DNSBL_IP4,
		CODES(generic_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "emptied on 1 March 2013 and shut down; the domain was taken by a squatter in January 2024 "
		    "whose wildcard DNS lists the whole Internet",
		.note = "any use rejects all mail",
		.source = "https://en.wikipedia.org/wiki/Not_Just_Another_Bogus_List",	/* the operator's site is gone */
	},
};

const size_t dnsbl_catalog_count = NELEM(dnsbl_catalog);
