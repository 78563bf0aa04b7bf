/*
 * dnsbl_catalog_spamhaus.c -- the Spamhaus zones of the DNSBL catalog
 * (data only; see dnsbl_catalog.h). Researched from Spamhaus's own pages:
 * docs.spamhaus.com "Available Zones" (codes), spamhaus.org news 788 (the
 * 127.255.255.0/24 error range) and Spamhaus's notices on public, cloud
 * and unattributable resolvers.
 *
 * Severity: reputation listings are FINDING_CRITICAL, policy listings
 * (PBL: "this IP should not send mail directly") FINDING_WARNING.
 */
#include "probes/dnsbl/dnsbl_catalog_parts.h"

#define SPAMHAUS_ZONES_PAGE \
	"https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html"
#define SPAMHAUS_RESOLVER_PAGES \
	SPAMHAUS_ZONES_PAGE "; https://www.spamhaus.org/news/article/788/; " \
	"https://www.spamhaus.com/resource-center/help-for-spamhaus-projects-legacy-blocklist-users"

/*
 * 127.255.255.0/24 carries errors about the query on every Spamhaus zone.
 * Spamhaus documents .252, .254, .255 on the public mirrors and two codes
 * for invalid DQS keys; the rest of the /24 is reserved for errors.
 * .254 is not only public resolvers: Spamhaus also answers it to
 * resolvers with generic or no reverse DNS and to networks whose queries
 * it cannot attribute (its notices name AWS, DigitalOcean, OVHcloud and
 * Cloudflare DNS), so running one's own resolver is no guarantee.
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
	  "query refused: it came through a public or shared resolver, one with generic or no reverse DNS, " \
	  "or a network Spamhaus cannot attribute (AWS, DigitalOcean, OVHcloud, Cloudflare DNS are named); " \
	  "use a resolver with its own specific rDNS, or a DQS key" }, \
	{ "127.255.255.255", "127.255.255.255", \
	  "excessive number of queries: over Spamhaus's free-use limit; use a DQS key" }

static const struct dnsbl_error_code spamhaus_errors[] = { SPAMHAUS_ERRORS };

static const struct dnsbl_error_code spamhaus_dbl_errors[] = {
	SPAMHAUS_ERRORS,
	{ "127.0.1.255", "127.0.1.255",
	  "IP queries are not allowed: the DBL lists domain names only" },
};

static const struct dnsbl_error_code spamhaus_zrd_errors[] = {
	SPAMHAUS_ERRORS,
	{ "127.0.2.255", "127.0.2.255",
	  "IP queries are not allowed: ZRD lists domain names only" },
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

/* Only the codes Spamhaus documents today: 127.0.1.3 and .7-.99 are not. */
static const struct dnsbl_code spamhaus_dbl_codes[] = {
	{ "127.0.1.2", "127.0.1.2", "DBL",
	  "Spamhaus DBL: low-reputation (spam) domain", FINDING_CRITICAL },
	{ "127.0.1.4", "127.0.1.4", "DBL-phish",
	  "Spamhaus DBL: phishing domain", FINDING_CRITICAL },
	{ "127.0.1.5", "127.0.1.5", "DBL-malware",
	  "Spamhaus DBL: malware domain", FINDING_CRITICAL },
	{ "127.0.1.6", "127.0.1.6", "DBL-botnet",
	  "Spamhaus DBL: botnet command-and-control domain", FINDING_CRITICAL },
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

#define SPAMHAUS_TERMS \
	"free only for non-commercial use under 100,000 SMTP connections and 300,000 queries a day, " \
	"queried through a resolver Spamhaus can attribute (no public, cloud or generic-rDNS resolvers); " \
	"commercial use needs a subscription; a free DQS key (non-commercial) replaces the resolver rule"
#define SPAMHAUS_DQS_TERMS \
	"only through DQS: a free key for non-commercial use, a subscription otherwise"

const struct dnsbl_entry dnsbl_catalog_spamhaus[] = {
	{
		.name = "spamhaus-zen",
		.zone = "zen.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_zen_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "zen.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.enabled_by_default = true,
		.note = "SBL+CSS+DROP+BCL+XBL+PBL in one zone; IPv6 per RFC 5782 (Spamhaus statement S012); "
		    "127.255.255.254 means Spamhaus refused our resolver, which can happen on a host with its "
		    "own address too (generic rDNS, cloud networks): then use a DQS key",
		.terms = SPAMHAUS_TERMS,
		.summary = "SBL, CSS, DROP, BCL, XBL and PBL in one query; PBL hits are warnings (policy), the rest "
		    "critical; free only for non-commercial use; with a DQS key: `zen.dq.spamhaus.net`",
		.source = SPAMHAUS_RESOLVER_PAGES, .checked = "2026-12-04",
	},
	{
		.name = "spamhaus-sbl",
		.zone = "sbl.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_sbl_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "sbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.note = "part of spamhaus-zen (off by default so a listing is not reported twice)",
		.terms = SPAMHAUS_TERMS,
		.summary = "contained in ZEN (would report the same listing twice)",
		.source = SPAMHAUS_ZONES_PAGE, .checked = "2026-12-04",
	},
	{
		.name = "spamhaus-xbl",
		.zone = "xbl.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_xbl_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "xbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.note = "part of spamhaus-zen (off by default so a listing is not reported twice); includes the CBL",
		.terms = SPAMHAUS_TERMS,
		.summary = "contained in ZEN",
		.source = SPAMHAUS_ZONES_PAGE, .checked = "2026-12-04",
	},
	{
		.name = "spamhaus-pbl",
		.zone = "pbl.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_pbl_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.key_zone = "pbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.note = "policy list, not reputation; part of spamhaus-zen (off by default so a listing is not reported twice)",
		.terms = SPAMHAUS_TERMS,
		.summary = "contained in ZEN; policy, not reputation",
		.source = SPAMHAUS_ZONES_PAGE, .checked = "2026-12-04",
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
		.note = "domains only (an IP query answers 127.0.1.255); codes Spamhaus does not document "
		    "(such as 127.0.1.3 or 127.0.1.7-99) are reported as unknown, not as listings",
		.terms = SPAMHAUS_TERMS,
		.summary = "the sending domain's reputation; free only for non-commercial use; `127.0.1.255` "
		    "(IP query) is an error, not a listing",
		.source = SPAMHAUS_ZONES_PAGE, .checked = "2026-12-04",
	},
	{
		.name = "spamhaus-zrd",
		.zone = "zrd.dq.spamhaus.net",
		.kinds = DNSBL_DOMAIN,
		CODES(spamhaus_zrd_codes), ERRORS(spamhaus_zrd_errors),
		.policy = DNSBL_POLICY_KEY,
		.key_zone = "zrd.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/domain/%s",
		.note = "Zero Reputation Domains: a newly registered sending domain shows up here for its "
		    "first 24 hours; 127.0.2.255 is ZRD's own error (an IP query), never a listing",
		.terms = SPAMHAUS_DQS_TERMS,
		.summary = "needs a DQS key; flags domains first seen in the last 24 hours",
		.source = SPAMHAUS_ZONES_PAGE, .checked = "2026-12-04",
	},
	{
		.name = "spamhaus-authbl",
		.zone = "authbl.dq.spamhaus.net",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		CODES(spamhaus_authbl_codes), ERRORS(spamhaus_errors),
		.policy = DNSBL_POLICY_KEY,
		.key_zone = "authbl.dq.spamhaus.net",
		.lookup_url = "https://www.spamhaus.org/query/ip/%s",
		.note = "meant for submission servers",
		.terms = SPAMHAUS_DQS_TERMS,
		.summary = "needs a DQS key; for submission servers",
		.source = SPAMHAUS_ZONES_PAGE, .checked = "2026-12-04",
	},
};

const size_t dnsbl_catalog_spamhaus_count = NELEM(dnsbl_catalog_spamhaus);
