/*
 * dnsbl_catalog_domain.c -- the domain (URI) block lists of the DNSBL
 * catalog other than Spamhaus's (data only; see dnsbl_catalog.h). These
 * list domains seen in message bodies: for a sender, its own links.
 */
#include "probes/dnsbl/dnsbl_catalog_parts.h"

/*
 * ---- SURBL (surbl.org/lists) ----
 * multi.surbl.org answers a bitmask in the last octet: 8 PH, 16 MW,
 * 64 ABUSE, 128 CR; a domain on several lists gets the sum (80 = MW +
 * ABUSE). SURBL reserves the second and third octets and says to ignore
 * them. Other bits belonged to retired lists and are not listings today.
 */
static const struct dnsbl_code surbl_codes[] = {
	{ "127.0.0.8", "127.0.0.8", "SURBL-PH",
	  "SURBL PH: domain seen in phishing messages or hosting phishing", FINDING_CRITICAL },
	{ "127.0.0.16", "127.0.0.16", "SURBL-MW",
	  "SURBL MW: domain hosting or distributing malware", FINDING_CRITICAL },
	{ "127.0.0.64", "127.0.0.64", "SURBL-ABUSE",
	  "SURBL ABUSE: domain advertised in spam or used for other abuse", FINDING_CRITICAL },
	{ "127.0.0.128", "127.0.0.128", "SURBL-CR",
	  "SURBL CR: cracked (compromised) site used in spam", FINDING_CRITICAL },
};
static const struct dnsbl_error_code surbl_errors[] = {
	{ "127.0.0.1", "127.0.0.1",
	  "query blocked: SURBL answers 127.0.0.1 (bit 1 is no list) to heavy users and to shared or "
	  "public resolvers; use your own resolver, or SURBL's data feed" },
};

/*
 * ---- URIBL (uribl.com/about.shtml, uribl.com/refused.shtml) ----
 * A bitmask too: 2 black, 4 grey, 8 red; 1 is the refused query.
 */
static const struct dnsbl_code uribl_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "URIBL-BLACK",
	  "URIBL black: domain belonging to or used by spammers", FINDING_CRITICAL },
	{ "127.0.0.4", "127.0.0.4", "URIBL-GREY",
	  "URIBL grey: domain seen in bulk mail that may honour opt-out (false positives expected)", FINDING_WARNING },
	{ "127.0.0.8", "127.0.0.8", "URIBL-RED",
	  "URIBL red: very young or whois-private domain active in mail flow (automated, not yet black)", FINDING_WARNING },
};
static const struct dnsbl_error_code uribl_errors[] = {
	{ "127.0.0.1", "127.0.0.1",
	  "query refused: URIBL refuses heavy users and shared/public resolvers; use your own resolver" },
};

/* ---- SpamEatingMonkey (spameatingmonkey.com lists and FAQ) ---- */

static const struct dnsbl_code sem_uri_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "SEM-URI",
	  "SpamEatingMonkey SEM-URI: domain found in mail to its spamtraps", FINDING_CRITICAL },
};

/* ---- NordSpam (nordspam.com/usage) ---- */

static const struct dnsbl_code nordspam_dbl_codes[] = {
	{ "127.0.0.2", "127.0.0.2", "NORDSPAM-DBL",
	  "NordSpam DBL: domain used for spam, phishing, scams or other abuse (manually moderated listing)", FINDING_CRITICAL },
};

const struct dnsbl_entry dnsbl_catalog_domain[] = {
	{
		.name = "surbl",
		.zone = "multi.surbl.org",
		.kinds = DNSBL_DOMAIN,
		CODES(surbl_codes), ERRORS(surbl_errors),
		.reserved_bits = 0x00ffff00,
		.bitmask = true,
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.lookup_url = "https://www.surbl.org/",
		.enabled_by_default = true,
		.note = "domains found in message bodies (not senders); each set bit of the last octet is one "
		    "list; the middle octets are reserved and ignored",
		.terms = "public DNS queries for small sites only; heavy users and shared/public resolvers are "
		    "blocked (127.0.0.1) and need SURBL's data feed",
		.summary = "domains in message bodies (your links); the last octet's bits name the lists "
		    "(PH, MW, ABUSE, CR); `127.0.0.1` means the query was blocked, not listed",
		.source = "https://www.surbl.org/lists", .checked = "2026-12-04",
	},
	{
		.name = "uribl",
		.zone = "multi.uribl.com",
		.kinds = DNSBL_DOMAIN,
		CODES(uribl_codes), ERRORS(uribl_errors),
		.bitmask = true,
		.policy = DNSBL_POLICY_NO_PUBLIC_RESOLVER,
		.lookup_url = "https://uribl.com/",
		.enabled_by_default = true,
		.note = "domains found in message bodies; URIBL says it is meant for tagging, not blocking",
		.terms = "low-volume public DNS only; public/shared resolvers get 127.0.0.1 (refused); data feed otherwise",
		.summary = "domains in message bodies; `127.0.0.1` means the query was refused, not listed",
		.source = "https://uribl.com/about.shtml; https://uribl.com/refused.shtml", .checked = "2026-12-04",
	},
	{
		.name = "sem-uri",
		.zone = "uribl.spameatingmonkey.net",
		.kinds = DNSBL_DOMAIN,
		CODES(sem_uri_codes),
		.policy = DNSBL_POLICY_OPEN,
		.test_listed = "_DNSBL_.test",
		.test_clean = "_DNSBLNEG_.test",
		.note = "its RFC 5782 test names are _DNSBL_.test (listed) and _DNSBLNEG_.test (never listed), "
		    "which sendwatch queries instead of TEST/INVALID; the answer 127.0.0.2 was not confirmed from "
		    "the pages read",
		.terms = "free; contact SpamEatingMonkey first above 100,000 queries a day or 5 a second "
		    "for more than a few minutes",
		.summary = "small domain list",
		.source = "http://spameatingmonkey.com/lists.html; http://spameatingmonkey.com/faq.html",
		.checked = "2026-12-04",
	},
	{
		.name = "nordspam-dbl",
		.zone = "dbl.nordspam.com",
		.kinds = DNSBL_DOMAIN,
		CODES(nordspam_dbl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.note = "RFC 5782 domain list (TEST listed); manually moderated, removed on request once the cause is fixed",
		.terms = "free for commercial and non-commercial use; contact NordSpam first above 10,000 queries a day",
		.summary = "small, mostly Nordic/European receiver base",
		.source = "https://nordspam.com/usage", .checked = "2026-12-04",
	},
};

const size_t dnsbl_catalog_domain_count = NELEM(dnsbl_catalog_domain);
