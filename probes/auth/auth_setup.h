/*
 * auth_setup.h -- the authentication probes' options for one domain,
 * from the config's [domain NAME] (spf_senders, dkim_selectors,
 * dkim_retired, helo, mail_from; [general] helo as the fallback) plus
 * what the command line adds. Used by check and audit.
 */
#ifndef SENDWATCH_AUTH_SETUP_H
#define SENDWATCH_AUTH_SETUP_H

#include <stddef.h>

#include "config/config.h"
#include "probes/auth/auth.h"

struct auth_setup {
	struct auth_opts	 opts;		/* points into the arrays below */
	char			**senders;	/* IP strings, owned */
	size_t			 nsenders;
	const char		**selectors;	/* borrowed from cfg / argv */
	size_t			 nselectors;
};

/*
 * Fills s for domain (may be NULL: only [general] helo). extra_* come
 * from the command line and are added to the config's. Returns 0, or -1
 * when out of memory. Free with auth_setup_free().
 */
int	auth_setup_for(struct auth_setup *s, const struct config *cfg,
	    const char *domain, const char *const *extra_senders,
	    size_t nextra_senders, const char *const *extra_selectors,
	    size_t nextra_selectors, const char *helo);
void	auth_setup_free(struct auth_setup *);	/* NULL does nothing */

#endif
