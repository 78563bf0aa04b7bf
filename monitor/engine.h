/*
 * engine.h -- what audit, check and (later) run share: load the config,
 * build the resolver from it and the command line, pick the DNSBLs and
 * expand the targets, run the probes, collect findings.
 */
#ifndef SENDWATCH_ENGINE_H
#define SENDWATCH_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "monitor/cmd.h"
#include "probes/bounces/bounce_follow.h"
#include "probes/dnsbl/dnsbl_setup.h"
#include "probes/dns/dns.h"
#include "probes/dnsbl/dnsbl.h"
#include "probes/finding.h"
#include "probes/probe.h"
#include "probes/dns/target.h"

struct engine {
	struct config		*cfg;
	bool			 cfg_borrowed;	/* engine_open_config: not freed */
	bool			 cli_targets;	/* targets came from the command line */
	struct dns_resolver	*resolver;
	struct dnsbl_lists	 lists;
	struct target_set	 targets;
	struct finding_list	 findings;
	struct dnsbl_run_stats	 dnsbl_stats;
	uint64_t		 started_ms;
	uint64_t		 deadline_ms;	/* 0: none */
	/* progress on stderr: queries done, total; NULL for none */
	void			(*progress)(void *, size_t, size_t);
	/*
	 * `run` only: the queries a zone had today (UTC) so far, for the
	 * lists' max_queries_per_day (probes/dnsbl/dnsbl_quota.c); NULL: no limits.
	 * Returns 0, or -1 (logged: the list is then checked as usual).
	 */
	int			(*queries_today)(void *arg, const char *zone,
				    uint64_t *n);
	void			*queries_arg;
	/*
	 * `run` only: the DNSBL sweep of a set larger than batch_targets
	 * goes batch by batch, flush storing and emptying the findings
	 * after each (struct probe_ctx); NULL: all findings at once.
	 */
	int			(*flush)(void *arg, struct finding_list *);
	void			*flush_arg;
	size_t			 batch_targets;
	/* after engine_run_dnsbl: queries sent to each of lists.v[] */
	size_t			*list_queries;
	/*
	 * `run` only: the bounces follower's state, loaded from the state
	 * store before the cycle and stored with its findings; the bounces
	 * probe reads the logs on from there. NULL: no state to go on from.
	 */
	struct bounce_follow	*bounces;
	/*
	 * audit --mail-from / --helo: who the senders claim to be in SPF
	 * (NULL: postmaster@domain, the config's helo). Its domain (the
	 * MAIL FROM's, or the HELO name for a null sender "") is checked
	 * even when it is not a target.
	 */
	const char		*spf_mail_from;
	const char		*spf_helo;
};

/*
 * Loads the config (a missing default file is fine) and creates the
 * resolver: --resolver options win over [general] resolver. overall_s
 * bounds the whole run (0: none). Errors are printed to stderr; returns
 * 0, or -1 when the run cannot start.
 */
int	engine_open(struct engine *, const struct cmd_globals *,
	    unsigned overall_s);

/*
 * The same with a config already loaded (`run` keeps one until SIGHUP):
 * cfg is borrowed, engine_close() does not free it.
 */
int	engine_open_config(struct engine *, struct config *cfg,
	    const struct cmd_globals *, unsigned overall_s);

/*
 * Chooses the lists: the zones given (exactly those) or the catalog's
 * defaults plus the config's [dnsbl] sections. Returns 0 or -1 (printed).
 */
int	engine_select_lists(struct engine *, const char *const *zones,
	    size_t nzones);

/*
 * Adds targets from the command line, or from the config's [targets] when
 * none are given, and resolves host names. A name that does not resolve
 * becomes an unknown finding. Returns 0 or -1 (printed).
 */
int	engine_add_targets(struct engine *, const char *const *args,
	    size_t nargs);

/*
 * The probes the engine runs on targets (audit's, PROBE_ON_SET, _DOMAIN,
 * _SENDER, _MTA), as a mask of 1u << probe_index(p).
 */
#define ENGINE_TARGET_PROBES	(PROBE_ON_SET | PROBE_ON_DOMAIN | \
				 PROBE_ON_SENDER | PROBE_ON_MTA)
#define ENGINE_BIT(p)		(1u << probe_index(p))
unsigned	engine_all_probes(void);

/*
 * Adds "dnsbl,spf,..." (names of the probe table that the engine runs on
 * targets) to *mask. Returns 0, or -1 with a message naming the unknown
 * probe.
 */
int	engine_parse_probes(const char *list, unsigned *mask, char *err,
	    size_t errlen);

/*
 * Runs the DNSBL probe over the selected lists and targets; with
 * queries_today set, lists past their daily limit are left out first
 * (their findings are unknown). Counts each list's queries in
 * list_queries.
 */
int	engine_run_dnsbl(struct engine *);

/*
 * Runs the authentication probes in mask: SPF, DKIM, DMARC and MX for
 * each domain target (with its [domain] section: senders, selectors,
 * helo), PTR for each sending address: given singly or through "host:"
 * (not the addresses of a network, nor of a name given as a domain). dkim_selectors, when given,
 * replace the configured ones. Returns 0 or -1 (printed).
 */
int	engine_run_auth(struct engine *, unsigned mask,
	    const char *const *dkim_selectors, size_t nselectors);

/*
 * Runs the probes in mask whose targets include `on` (PROBE_ON_DOMAIN,
 * PROBE_ON_SENDER or PROBE_ON_MTA) on one target with options o (NULL: defaults), in
 * table order. Returns 0, or -1 when out of memory (not printed).
 */
int	engine_run_probes_on(struct engine *, unsigned mask,
	    enum probe_targets on, const char *target,
	    const struct auth_opts *o);

/* What every probe run gets; the caller adds its kind of targets. */
struct probe_ctx	engine_probe_ctx(struct engine *);

/* Milliseconds since engine_open. */
double	engine_elapsed_s(const struct engine *);

void	engine_close(struct engine *);

#endif
