/*
 * auth.c -- runs the authentication probes for a domain or an IP (see
 * auth.h); one table maps probe names to the functions.
 */
#include <string.h>

#include "probes/auth/auth.h"
#include "probes/auth/dkim.h"
#include "probes/auth/dmarc.h"
#include "probes/auth/mx.h"
#include "probes/auth/ptr.h"

static const char *const auth_probe_names[] = {
	[AUTH_SPF] = "spf",
	[AUTH_DKIM] = "dkim",
	[AUTH_DMARC] = "dmarc",
	[AUTH_MX] = "mx",
	[AUTH_PTR] = "ptr",
};

int
auth_probe_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(auth_probe_names) /
	    sizeof(auth_probe_names[0]); i++)
		if (strcmp(name, auth_probe_names[i]) == 0)
			return (int)i;
	return -1;
}

int
auth_probe_one(struct authdns *ad, enum auth_probe p,
    const struct auth_opts *o, const char *target, struct finding_list *l,
    struct spf_probe_result *spf)
{
	static const struct auth_opts none;
	struct dkim_opts dk;
	struct spf_sender_id id;

	if (o == NULL)
		o = &none;
	switch (p) {
	case AUTH_SPF:
		id.mail_from = o->mail_from;
		id.helo = o->helo;
		return spf_probe(ad, target, o->senders, o->nsenders, &id, spf,
		    l);
	case AUTH_DKIM:
		dk.selectors = o->dkim_selectors;
		dk.nselectors = o->ndkim_selectors;
		dk.retired = o->dkim_retired;
		dk.nretired = o->ndkim_retired;
		return dkim_probe(ad, target, &dk, l);
	case AUTH_DMARC:
		return dmarc_probe(ad, target, l);
	case AUTH_MX:
		return mx_probe(ad, target, l);
	case AUTH_PTR:
		return ptr_probe(ad, target, o->helo, l);
	}
	return -1;
}

int
auth_probe_domain(struct dns_resolver *r, const struct auth_opts *o,
    const char *domain, struct finding_list *l, struct spf_probe_result *spf)
{
	static const enum auth_probe domain_probes[] = {
		AUTH_SPF, AUTH_DKIM, AUTH_DMARC, AUTH_MX,
	};
	struct authdns	 ad;

	authdns_from_resolver(&ad, r);
	for (size_t i = 0; i < sizeof(domain_probes) /
	    sizeof(domain_probes[0]); i++)
		if (auth_probe_one(&ad, domain_probes[i], o, domain, l,
		    spf) == -1)
			return -1;
	return 0;
}

int
auth_probe_ip(struct dns_resolver *r, const struct auth_opts *o,
    const char *ip, struct finding_list *l)
{
	struct authdns	 ad;

	authdns_from_resolver(&ad, r);
	return auth_probe_one(&ad, AUTH_PTR, o, ip, l, NULL);
}
