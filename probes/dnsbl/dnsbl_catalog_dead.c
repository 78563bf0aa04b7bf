/*
 * dnsbl_catalog_dead.c -- defunct lists in the DNSBL catalog (data only;
 * see dnsbl_catalog.h). They are kept so that a config naming one gets a
 * clear message, never on by default. A dead zone may do anything: time
 * out, answer nothing, or list every address once its domain lapses. None
 * of that is trusted: a dead list switched on anyway is judged like any
 * other by its RFC 5782 test points, so whatever it does ends as
 * "unknown" with the reason, plus the date it died.
 */
#include "probes/dnsbl/dnsbl_catalog_parts.h"

/* Historical codes: what a listing looked like while the list lived. */
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

#define DEAD_TERMS	"none: the list is dead"

const struct dnsbl_entry dnsbl_catalog_dead[] = {
	{
		.name = "sorbs",
		.zone = "dnsbl.sorbs.net",
		.kinds = DNSBL_IP4,
		CODES(sorbs_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "decommissioned by Proofpoint on 5 June 2024; its zones no longer contain reputation data",
		.note = "Proofpoint's statement as quoted by the press; an expired or squatted domain would make it list the world",
		.terms = DEAD_TERMS,
		.summary = "defunct: decommissioned by Proofpoint on 5 June 2024",
		.source = "https://www.techzine.eu/news/security/120916/proofpoint-discontinues-anti-spam-service-sorbs/",
		.checked = "2026-11-23",
	},
	{
		.name = "nixspam",
		.zone = "ix.dnsbl.manitu.net",
		.kinds = DNSBL_IP4,
		CODES(generic_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "NiX Spam (iX/heise, run by manitu) ended: the zone is empty since 16 January 2025; the "
		    "grace period of \"not listed\" answers ran to mid-2025 and what the zone does since is unverified",
		.note = "no successor zone was announced",
		.terms = DEAD_TERMS,
		.summary = "defunct: NiX Spam ended, the zone is empty since 16 January 2025, state since mid-2025 unverified",
		.source = "https://heise.de/-10248714", .checked = "2026-12-04",
	},
	{
		.name = "ahbl",
		.zone = "dnsbl.ahbl.org",
		.kinds = DNSBL_IP4,
		CODES(ahbl_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "shut down in 2014; since 1 January 2015 every AHBL zone is wildcarded and lists the whole Internet",
		.note = "any use rejects all mail",
		.terms = DEAD_TERMS,
		.summary = "defunct: shut down 2014, wildcarded since 1 January 2015 (lists the world)",
		.source = "http://www.ahbl.org/documents/dnsbl", .checked = "2026-11-23",
	},
	{
		.name = "spamcannibal",
		.zone = "bl.spamcannibal.org",
		.kinds = DNSBL_IP4,
		CODES(generic_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "abandoned by its operator; the domain expired in 2018 and squatters' wildcard DNS lists the whole Internet",
		.note = "any use rejects all mail",
		.terms = DEAD_TERMS,
		.summary = "defunct: abandoned, domain expired 2018 and squatted (lists the world)",
		.source = "https://wordtothewise.com/2018/05/spamcannibal-is-dead/", .checked = "2026-11-23",
	},
	{
		.name = "dsbl",
		.zone = "list.dsbl.org",
		.kinds = DNSBL_IP4,
		CODES(generic_codes),
		.policy = DNSBL_POLICY_OPEN,
		.defunct = "closed in May 2008; its nameservers went offline in March 2009",
		.note = "third parties report the zone answering \"listed\" for every address since 2012; "
		    "whatever it answers, the test points show it",
		.terms = DEAD_TERMS,
		.summary = "defunct: closed May 2008; reported to list every address since 2012",
		.source = "https://vamsoft.com/company/news/dsbl-shutdown", .checked = "2026-12-04",
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
		.terms = DEAD_TERMS,
		.summary = "defunct: emptied March 2013, domain squatted January 2024 (lists the world)",
		.source = "https://en.wikipedia.org/wiki/Not_Just_Another_Bogus_List",	/* the operator's site is gone */
		.checked = "2026-11-23",
	},
};

const size_t dnsbl_catalog_dead_count = NELEM(dnsbl_catalog_dead);
