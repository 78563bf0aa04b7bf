/*
 * report_auth.c -- authorized senders of a domain for the DMARC report
 * summaries (see report_auth.h): the config's spf_senders first, then an
 * SPF evaluation (RFC 7208) through our resolver. Allocates nothing.
 */
#include <stdbool.h>
#include <string.h>

#include <arpa/inet.h>

#include "probes/reports/report_auth.h"
#include "probes/auth/spf_check.h"

void
report_auth_init(struct report_auth *a, const struct config *cfg,
    struct dns_resolver *res, uint64_t deadline_ms)
{
	memset(a, 0, sizeof(*a));
	a->cfg = cfg;
	a->deadline_ms = deadline_ms;
	if (res != NULL)
		authdns_from_resolver(&a->ad, res);
}

/* True when ip (text) is inside cidr. */
static bool
cidr_has(const struct cfg_cidr *c, const char *ip)
{
	unsigned char a[16];
	const unsigned char *net = c->addr.af == AF_INET ?
	    (const unsigned char *)&c->addr.u.v4 :
	    (const unsigned char *)&c->addr.u.v6;
	unsigned bits = c->prefix;

	if (inet_pton(c->addr.af, ip, a) != 1)
		return false;
	for (unsigned i = 0; bits > 0; i++, bits = bits > 8 ? bits - 8 : 0) {
		unsigned char mask = (unsigned char)(0xff << (bits >= 8 ? 0 :
		    8 - bits));
		if ((a[i] & mask) != (net[i] & mask))
			return false;
	}
	return true;
}

/* 1: ip is in the [domain NAME] spf_senders, 0: not, -1: none given. */
static int
in_spf_senders(const struct config *cfg, const char *domain, const char *ip)
{
	for (size_t i = 0; i < cfg->ndomains; i++) {
		const struct cfg_domain *d = &cfg->domains[i];
		if (strcmp(d->name, domain) != 0 || d->nspf_senders == 0)
			continue;
		for (size_t k = 0; k < d->nspf_senders; k++)
			if (cidr_has(&d->spf_senders[k], ip))
				return 1;
		return 0;
	}
	return -1;
}

int
report_auth_authorized(void *arg, const char *domain, const char *ip)
{
	struct report_auth *a = arg;
	struct spf_request req = { .ip = ip, .domain = domain };
	struct spf_outcome res;
	int listed = in_spf_senders(a->cfg, domain, ip);

	if (listed == 1 || a->ad.query == NULL ||
	    a->evals >= REPORT_AUTH_MAX_EVALS || dns_now_ms() >= a->deadline_ms)
		return listed;
	a->evals++;
	if (spf_check_host(&a->ad, &req, &res) < 0 ||
	    res.result == SPF_TEMPERROR)
		return listed;
	return res.result == SPF_PASS ? 1 : 0;
}
