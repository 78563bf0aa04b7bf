/*
 * dnsbl_setup.h -- decides which DNSBLs a run queries: the built-in
 * catalog's default lists, changed or extended by [dnsbl NAME] sections,
 * or exactly the zones given with --dnsbl on the command line.
 */
#ifndef SENDWATCH_DNSBL_SETUP_H
#define SENDWATCH_DNSBL_SETUP_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "probes/dnsbl/dnsbl.h"

struct dnsbl_lists {
	struct dnsbl_list	*v;
	size_t			 n;
};

/*
 * Adds "ZONE" or "ZONE:KIND" (KIND: ip4, ip6, ip, domain, allow) as a
 * list. A zone or name found in the catalog takes the catalog's codes and
 * meanings. Returns 0, or -1 with a message naming the value.
 */
int	dnsbl_lists_add_zone(struct dnsbl_lists *, const char *spec,
	    char *err, size_t errlen);

/* Finds a list by config name or public zone; NULL if absent. */
struct dnsbl_list *dnsbl_lists_find(struct dnsbl_lists *, const char *name);

/* Removes the list at index i. */
void	dnsbl_lists_remove(struct dnsbl_lists *, size_t i);

/*
 * Sets the list to query KEY.<key zone> (Spamhaus DQS): the key is kept
 * only to be scrubbed from output. Returns 0, or -1 with a message.
 */
int	dnsbl_list_set_key(struct dnsbl_list *, const char *key, char *err,
	    size_t errlen);

/* Parses "ip4", "ip6", "ip", "domain", "allow" into kinds/allow. */
int	dnsbl_kind_parse(const char *, unsigned *kinds, bool *allow);

/*
 * Every list the config knows of: the whole catalog (enabled as the
 * catalog says, or none when [general] dnsbl_catalog = no) with the
 * [dnsbl NAME] sections applied; a section enables its list unless it
 * says enabled = no. Returns 0, or -1 with a message naming file:line.
 */
int	dnsbl_lists_configure(struct dnsbl_lists *, const struct config *,
	    char *err, size_t errlen);

/*
 * The config's validation of its [dnsbl NAME] sections, which config check
 * and every command run alike: appends each problem (a name neither in
 * the catalog nor given a zone, a defunct list enabled, a list that needs
 * a key without one, a key that is not one DNS label) to errs as
 * "file:line: message". Returns 0, or -1 when out of memory.
 */
int	dnsbl_config_check(const struct config *, struct cfg_errors *errs);

/*
 * Copies into out the lists a run uses: for each spec given (a name or
 * zone known to `known`, else a bare zone as in dnsbl_lists_add_zone),
 * or, with none given, every enabled list of `known`. 0 or -1 (message).
 */
int	dnsbl_lists_select(const struct dnsbl_lists *known,
	    const char *const *specs, size_t nspecs, struct dnsbl_lists *out,
	    char *err, size_t errlen);

void	dnsbl_lists_free(struct dnsbl_lists *);

#endif
