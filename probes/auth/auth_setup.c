/*
 * auth_setup.c -- options for the authentication probes from the config
 * and the command line (see auth_setup.h). A spf_senders network is
 * evaluated at its first address (ip4:... in the record must cover it).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/auth_setup.h"

static const struct cfg_domain *
auth_setup_domain(const struct config *cfg, const char *domain)
{
	for (size_t i = 0; cfg != NULL && domain != NULL &&
	    i < cfg->ndomains; i++)
		if (strcasecmp(cfg->domains[i].name, domain) == 0)
			return &cfg->domains[i];
	return NULL;
}

static int
auth_setup_add_sender(struct auth_setup *s, const char *ip)
{
	char **v = realloc(s->senders, (s->nsenders + 1) * sizeof(*v));

	if (v == NULL)
		return -1;
	s->senders = v;
	if ((v[s->nsenders] = strdup(ip)) == NULL)
		return -1;
	s->nsenders++;
	return 0;
}

int
auth_setup_for(struct auth_setup *s, const struct config *cfg,
    const char *domain, const char *const *extra_senders, size_t nextra,
    const char *const *extra_selectors, size_t nextra_sel, const char *helo)
{
	const struct cfg_domain	*d = auth_setup_domain(cfg, domain);
	size_t			 nsel = nextra_sel + (d ? d->ndkim_selectors : 0);
	char			 buf[INET6_ADDRSTRLEN];

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; d != NULL && i < d->nspf_senders; i++) {
		const struct cfg_addr *a = &d->spf_senders[i].addr;
		if (inet_ntop(a->af, &a->u, buf, sizeof(buf)) == NULL ||
		    auth_setup_add_sender(s, buf) == -1)
			goto fail;
	}
	for (size_t i = 0; i < nextra; i++)
		if (auth_setup_add_sender(s, extra_senders[i]) == -1)
			goto fail;
	if (nsel > 0 && (s->selectors = calloc(nsel, sizeof(char *))) == NULL)
		goto fail;
	for (size_t i = 0; d != NULL && i < d->ndkim_selectors; i++)
		s->selectors[s->nselectors++] = d->dkim_selectors[i];
	for (size_t i = 0; i < nextra_sel; i++)
		s->selectors[s->nselectors++] = extra_selectors[i];
	s->opts.senders = (const char *const *)s->senders;
	s->opts.nsenders = s->nsenders;
	s->opts.dkim_selectors = s->selectors;
	s->opts.ndkim_selectors = s->nselectors;
	if (d != NULL) {
		s->opts.dkim_retired = (const char *const *)d->dkim_retired;
		s->opts.ndkim_retired = d->ndkim_retired;
	}
	s->opts.mail_from = d ? d->mail_from : NULL;
	s->opts.helo = helo ? helo : d && d->helo ? d->helo :
	    cfg ? cfg->general.helo : NULL;
	return 0;
fail:
	auth_setup_free(s);
	return -1;
}

void
auth_setup_free(struct auth_setup *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nsenders; i++)
		free(s->senders[i]);
	free(s->senders);
	free(s->selectors);
	memset(s, 0, sizeof(*s));
}
