/*
 * dnsbl_catalog_allow.c -- the allow-lists of the DNSBL catalog (data
 * only; see dnsbl_catalog.h). A hit is good news and never a listing;
 * the finding says how much the list vouches for the sender.
 */
#include "probes/dnsbl/dnsbl_catalog_parts.h"

/* ---- Mailspike (mailspike.org/usage.html) ---- */

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

/*
 * ---- dnswl.org ----
 * Answers are 127.0.<category>.<trust>; codes are matched with the
 * category octet cleared, so each code is one trust level. Trust 0
 * ("none") only asks receivers not to block outright.
 */
static const struct dnsbl_code dnswl_codes[] = {
	{ "127.0.0.0", "127.0.0.0", "DNSWL-NONE",
	  "dnswl.org trust none (0): legitimate, but also sends some spam: only avoid blocking it outright", FINDING_OK },
	{ "127.0.0.1", "127.0.0.1", "DNSWL-LOW",
	  "dnswl.org trust low (1): reduces the chance of false positives", FINDING_OK },
	{ "127.0.0.2", "127.0.0.2", "DNSWL-MED",
	  "dnswl.org trust medium (2): avoid false positives but allow override for clear cases", FINDING_OK },
	{ "127.0.0.3", "127.0.0.3", "DNSWL-HI",
	  "dnswl.org trust high (3): avoid override", FINDING_OK },
};
static const struct dnsbl_error_code dnswl_errors[] = {
	{ "127.0.0.255", "127.0.0.255",
	  "blocked: the querying resolver exceeded dnswl.org's free limit of 100,000 queries a day" },
};
static const struct dnsbl_octet_name dnswl_categories[] = {
	{ 2, "financial services" },
	{ 3, "email service providers" },
	{ 4, "organisations (for-profit and non-profit)" },
	{ 5, "service/network providers" },
	{ 6, "personal/private servers" },
	{ 7, "travel/leisure industry" },
	{ 8, "public sector/governments" },
	{ 9, "media and tech companies" },
	{ 10, "some special cases" },
	{ 11, "education, academic" },
	{ 12, "healthcare" },
	{ 13, "manufacturing/industrial" },
	{ 14, "retail/wholesale/services" },
	{ 15, "email marketing providers" },
	{ 20, "added through self-service without a specific category" },
};

/* ---- Spamhaus Whitelist (spamhauswhitelist.com technical FAQ) ---- */

static const struct dnsbl_code spamhaus_swl_codes[] = {
	{ "127.0.2.2", "127.0.2.2", "SWL",
	  "Spamhaus Whitelist: vetted IP sending individual mail", FINDING_OK },
	{ "127.0.2.3", "127.0.2.3", "SWL",
	  "Spamhaus Whitelist: vetted IP sending transactional mail", FINDING_OK },
	{ "127.0.2.102", "127.0.2.102", "SWL-TEMP",
	  "Spamhaus Whitelist: IP sending individual mail, temporary listing (will expire)", FINDING_OK },
	{ "127.0.2.103", "127.0.2.103", "SWL-TEMP",
	  "Spamhaus Whitelist: IP sending transactional mail, temporary listing (will expire)", FINDING_OK },
};

const struct dnsbl_entry dnsbl_catalog_allow[] = {
	{
		.name = "mailspike-wl",
		.zone = "wl.mailspike.net",
		.kinds = DNSBL_IP4,
		.allow = true,
		CODES(mailspike_wl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://mailspike.org/",
		.note = "allow-list of reputation H2-H5; Mailspike says never to use it alone for whitelisting",
		.terms = "free while under 100,000 messages and 100,000 DNS queries a day",
		.summary = "allow-list (reputation H2-H5); adds little to the default set",
		.source = "https://mailspike.org/usage.html", .checked = "2026-11-23",
	},
	{
		.name = "dnswl",
		.zone = "list.dnswl.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		.allow = true,
		CODES(dnswl_codes), ERRORS(dnswl_errors), CATEGORIES(dnswl_categories),
		.policy = DNSBL_POLICY_OPEN,
		.lookup_url = "https://www.dnswl.org/",
		.enabled_by_default = true,
		.note = "allow-list: a hit is good news, never a listing; the answer 127.0.<category>.<trust> "
		    "gives the trust level (none, low, medium, high) and the category, both shown; categories "
		    "2-15 are on the page read, 20 (self-service) is not",
		.terms = "free for non-commercial use under 100,000 queries a day; over that the resolver gets "
		    "127.0.0.255 and a subscription is needed",
		.summary = "allow-list: a hit is good news with its trust level and category; `127.0.0.255` means "
		    "the resolver was blocked (over 100,000 queries a day)",
		.source = "https://www.dnswl.org/?page_id=15", .checked = "2026-12-04",
	},
	{
		.name = "spamhaus-swl",
		.zone = "swl.spamhaus.org",
		.kinds = DNSBL_IP4 | DNSBL_IP6,
		.allow = true,
		CODES(spamhaus_swl_codes),
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.note = "Spamhaus's IP allow-list (its domain twin is dwl.spamhaus.org); Spamhaus reserves "
		    "127.0.2.0/24 for allow-list answers and documents the four codes shown; whether the "
		    "service is still maintained was not confirmed from the pages read",
		.terms = "not stated on the page read; Spamhaus's public mirrors refuse public and unattributable resolvers",
		.summary = "allow-list of vetted senders; current status unconfirmed",
		.source = "http://www.spamhauswhitelist.com/en/techfaq.php; https://spamhauswhitelist.com/how-to-use/",
		.checked = "2026-12-04",
	},
};

const size_t dnsbl_catalog_allow_count = NELEM(dnsbl_catalog_allow);
