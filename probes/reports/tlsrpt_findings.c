/*
 * tlsrpt_findings.c -- TLS-RPT window -> findings (rules in
 * tlsrpt_findings.h). What each failure type means and what to do about
 * it comes from one table (RFC 8460 §4.3); a type the table does not
 * know is reported with the RFC's general advice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/reports/tlsrpt_findings.h"

#define PROBE	"reports"

static const struct {
	const char	*type;
	const char	*meaning;
} failure_types[] = {
	{ "starttls-not-supported", "the MX did not offer STARTTLS: enable "
	  "TLS on every MX the policy names" },
	{ "certificate-host-mismatch", "the MX's certificate does not name "
	  "the MX host: get a certificate whose names include it" },
	{ "certificate-expired", "the MX's certificate has expired: renew "
	  "it (and automate the renewal)" },
	{ "certificate-not-trusted", "the MX's certificate does not chain "
	  "to a CA senders trust: serve the full chain from a public CA" },
	{ "validation-failure", "the MX's certificate failed validation for "
	  "another reason: see failure-reason-code in the reports" },
	{ "tlsa-invalid", "a TLSA record of the MX is invalid or matches no "
	  "certificate the MX serves: publish TLSA records before rolling "
	  "keys" },
	{ "dnssec-invalid", "the DNSSEC chain of the TLSA records did not "
	  "validate: fix the zone's signatures or DS records" },
	{ "dane-required", "the sender requires DANE and found no usable "
	  "TLSA records" },
	{ "sts-policy-fetch-error", "the MTA-STS policy could not be fetched "
	  "from https://mta-sts.DOMAIN/.well-known/mta-sts.txt: check the "
	  "web server, its certificate and the _mta-sts TXT record" },
	{ "sts-policy-invalid", "the MTA-STS policy file does not parse: "
	  "check its version, mode, mx and max_age lines" },
	{ "sts-webpki-invalid", "the certificate of the MTA-STS policy host "
	  "did not validate: renew or fix mta-sts.DOMAIN's certificate" },
};

static const char *
meaning(const char *type)
{
	for (size_t i = 0; i < sizeof(failure_types) /
	    sizeof(failure_types[0]); i++)
		if (strcmp(failure_types[i].type, type) == 0)
			return failure_types[i].meaning;
	return "a failure type RFC 8460 does not name: see the reports' "
	    "failure details";
}

static double
pct(uint64_t part, uint64_t whole)
{
	return whole == 0 ? 0.0 : 100.0 * (double)part / (double)whole;
}

static int
add(struct finding_list *fl, const char *domain, const char *kind,
    const char *what, enum finding_state st, const char *summary,
    const char *detail)
{
	char key[600];

	snprintf(key, sizeof(key), "%s/%s/%s%s%s", PROBE, domain, kind,
	    what ? "/" : "", what ? what : "");
	return finding_list_add(fl, key, PROBE, domain, st, summary, st == FINDING_OK ? NULL : detail) == NULL ? -1 : 0;
}

/* One failure type of a domain, sessions summed over policy types. */
struct type_sum {
	const char	*type;
	uint64_t	 sessions;
};

static int
domain_findings(const struct tlsrpt_rules *r, const struct tlsrpt_window *v,
    size_t n, struct finding_list *fl)
{
	const char *domain = v[0].domain;
	uint64_t ok = 0, failed = 0, reports = 0, total;
	struct type_sum *types = NULL;
	size_t ntypes = 0, cap = 0;
	enum finding_state st;
	char summary[768], detail[768];
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		ok += v[i].successful;
		failed += v[i].failed;
		reports += v[i].reports;
		for (size_t k = 0; k < v[i].ntypes; k++) {
			size_t j;
			for (j = 0; j < ntypes; j++)
				if (strcmp(types[j].type, v[i].types[k].name) == 0)
					break;
			if (j == ntypes) {
				if (ntypes == cap) {
					struct type_sum *nt;
					cap = cap ? cap * 2 : 8;
					if ((nt = reallocarray(types, cap,
					    sizeof(*nt))) == NULL) {
						free(types);
						return -1;
					}
					types = nt;
				}
				types[ntypes++] = (struct type_sum){
				    v[i].types[k].name, 0 };
			}
			types[j].sessions += v[i].types[k].sessions;
		}
	}
	total = ok + failed;
	st = failed >= r->min_failed && failed > 0 &&
	    pct(failed, total) > r->max_failure_rate ? FINDING_WARNING :
	    FINDING_OK;
	if (reports == 0)
		snprintf(summary, sizeof(summary), "%s: no TLS-RPT reports in "
		    "the last %s", domain, r->window);
	else
		snprintf(summary, sizeof(summary), "%s: %llu of %llu TLS "
		    "sessions failed (%.1f%%) in the last %s, by TLS-RPT "
		    "reports", domain, (unsigned long long)failed,
		    (unsigned long long)total, pct(failed, total), r->window);
	snprintf(detail, sizeof(detail), "senders report that more than "
	    "%.4g%% of their TLS sessions to %s's MX failed (at least %llu "
	    "sessions): mail to %s may be delayed or refused; see "
	    "\"sendwatch reports summary --domain %s\" for the failure "
	    "types and MX hosts", r->max_failure_rate, domain,
	    (unsigned long long)r->min_failed, domain, domain);
	if (add(fl, domain, "tls-failures", NULL, st, summary, detail) < 0)
		rc = -1;
	for (size_t j = 0; j < ntypes && rc == 0; j++) {
		st = types[j].sessions > 0 ? FINDING_WARNING : FINDING_OK;
		if (st == FINDING_WARNING)
			snprintf(summary, sizeof(summary), "%s: %llu TLS "
			    "sessions failed with %s in the last %s",
			    domain, (unsigned long long)types[j].sessions,
			    types[j].type, r->window);
		else
			snprintf(summary, sizeof(summary), "%s: no TLS "
			    "sessions failed with %s in the last %s", domain,
			    types[j].type, r->window);
		snprintf(detail, sizeof(detail), "TLS-RPT: sending MTAs "
		    "report %s for %s: %s", types[j].type, domain,
		    meaning(types[j].type));
		rc = add(fl, domain, "tls-failure", types[j].type, st, summary,
		    detail);
	}
	free(types);
	return rc;
}

int
tlsrpt_findings(const struct tlsrpt_rules *r, const struct tlsrpt_window *v,
    size_t n, struct finding_list *fl)
{
	size_t i = 0;

	while (i < n) {
		size_t k = i + 1;
		while (k < n && strcmp(v[k].domain, v[i].domain) == 0)
			k++;
		if (domain_findings(r, v + i, k - i, fl) < 0)
			return -1;
		i = k;
	}
	return 0;
}
