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
#include "probes/dnsbl_catalog.h"

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
	  "Spamhaus ZRD: domain first seen within the last 24 hours (the last octet is its age in hours)", FINDING_WARNING },
};

static const struct dnsbl_code spamhaus_authbl_codes[] = {
	{ "127.0.0.20", "127.0.0.20", "AuthBL",
	  "Spamhaus AuthBL: address seen using stolen credentials against SMTP AUTH (bot)", FINDING_CRITICAL },
};

#define SPAMHAUS_NOTE \
	"free only for low-volume, non-commercial use through your own resolver; " \
	"public resolvers get 127.255.255.254; otherwise use a free DQS key"

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
		.note = "SBL+CSS+DROP+BCL+XBL+PBL in one zone; " SPAMHAUS_NOTE,
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
		.note = "listings expire automatically about 24 hours after reports stop; "
		    "SpamCop calls the list aggressive and suggests tagging rather than rejecting",
		.source = "https://www.spamcop.net/bl.shtml",
	},
	{
		.name = "barracuda",
		.zone = "b.barracudacentral.org",
		.kinds = DNSBL_IP4,
		CODES(barracuda_codes),
		.policy = DNSBL_POLICY_REGISTERED,
		.lookup_url = "https://www.barracudacentral.org/lookups/lookup-reputation",
		.note = "free, but the querying DNS server's IP must be registered at "
		    "barracudacentral.org first; off by default because an unregistered resolver gets no reliable answers",
		.source = "https://www.barracudacentral.org/rbl/how-to-use",
	},
};

const size_t dnsbl_catalog_count = NELEM(dnsbl_catalog);
