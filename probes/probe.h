/*
 * probe.h -- THE probe interface and the one table of probes.
 *
 * The flow is probe -> finding -> diff -> event -> sink, and the tree
 * follows it:
 *
 *   probes/     what is observed; knows nothing of modes, state or alerts
 *     probe.h   this interface; probe.c the table of every probe
 *     finding.h the data model (key, probe, target, state, text)
 *     dns/      the resolver layer (libunbound + ldns), targets, names
 *     dnsbl/    the blocklist probe, its catalog, answers and quota
 *     auth/     SPF, DKIM, DMARC, MX and PTR records
 *     reports/  DMARC aggregate reports: intake, XML, judgement
 *     bounces/  MTA logs and SMTP replies: reading, classifying, judging
 *   config/     the config file (probes may read it; it includes nothing
 *               of probes/, monitor/ or alerts/)
 *   alerts/     events and their sinks (webhook, mail); sees events only
 *   monitor/    the front ends (audit, check, run, ...), the engine that
 *               fills a probe_ctx and runs probes, the scheduler,
 *               store/ (SQLite) and output/ (text, JSON, Nagios, metrics)
 *
 * A probe observes targets and appends findings to ctx->findings. It
 * knows nothing of modes: `audit --probe`, `check PROBE`, the [schedule]
 * of `run` and the man page's PROBES section all come from probe_table.
 *
 * Adding a probe: a new folder under probes/ (or a file in a family's
 * folder) exporting one `const struct probe probe_NAME`, plus one line in
 * probe_table (probe.c) and its entry in the man page's PROBES section
 * (test_probe fails until they agree). A probe that needs an input the
 * engine does not give yet adds a field to struct probe_ctx, filled by
 * monitor/engine.c; a new [schedule] key is one option in
 * config/cfg_options.c and struct cfg_schedule.
 */
#ifndef SENDWATCH_PROBE_H
#define SENDWATCH_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "probes/finding.h"

struct dns_resolver;
struct target_set;
struct dnsbl_list;
struct dnsbl_run_opts;
struct dnsbl_run_stats;
struct auth_opts;
struct spf_probe_result;

/* What a probe takes as targets, and so which front ends can run it. */
enum probe_targets {
	PROBE_ON_SET = 1u << 0,		/* the whole target set at once:
					 * addresses, networks, hosts, domains */
	PROBE_ON_DOMAIN = 1u << 1,	/* one sending domain at a time */
	PROBE_ON_SENDER = 1u << 2,	/* one sending address at a time */
	PROBE_ON_LOGS = 1u << 3,	/* the MTA logs of [bounces] */
	PROBE_ON_REPORTS = 1u << 4,	/* the DMARC reports of [reports] */
	PROBE_ON_MTA = 1u << 5,		/* one of the admin's own MTAs at a
					 * time: an address or a host name
					 * ([targets] ip and host; in audit
					 * an address or host:NAME) */
};

/* How `check PROBE` folds the findings into one Nagios status. */
enum probe_nagios {
	PROBE_NAGIOS_NONE,	/* no check for this probe */
	PROBE_NAGIOS_COUNT,	/* listings counted against -w/-c */
	PROBE_NAGIOS_WORST,	/* the worst finding's state */
	PROBE_NAGIOS_RATE,	/* a rate against -w/-c percentages */
};

/*
 * What the engine gives a probe run: borrowed, filled for the probe's
 * kind of targets; fields a probe does not use stay NULL.
 */
struct probe_ctx {
	struct dns_resolver		*resolver;	/* shared; queries batch */
	const struct config		*cfg;
	struct finding_list		*findings;	/* appended to */
	uint64_t			 deadline_ms;	/* monotonic; 0: none */

	/* PROBE_ON_SET */
	const struct target_set		*targets;
	const struct dnsbl_list		*lists;		/* dnsbl: chosen lists */
	size_t				 nlists;
	const struct dnsbl_run_opts	*dnsbl_opts;
	struct dnsbl_run_stats		*dnsbl_stats;	/* added to */
	/*
	 * `run`: when set, a set larger than batch_targets is probed
	 * batch_targets at a time, and flush(flush_arg, findings) stores
	 * and empties the findings after each batch, so that memory
	 * follows the batch, not the set. 0, or -1 (the probe stops).
	 */
	int				(*flush)(void *arg,
					    struct finding_list *);
	void				*flush_arg;
	size_t				 batch_targets;

	/* PROBE_ON_DOMAIN, PROBE_ON_SENDER, PROBE_ON_MTA */
	const char			*target;
	/*
	 * Which of those target is, for a probe that takes several; 0 when
	 * the front end does not say (check, /probe): such a probe tells by
	 * the target's form (an address is an MTA, a name a domain).
	 */
	enum probe_targets		 on;
	const struct auth_opts		*auth;		/* NULL: defaults */
	struct spf_probe_result		*spf;		/* NULL, or gets the
							 * SPF lookup counts */
};

struct probe {
	const char		*name;		/* CLI, finding keys, --probe */
	const char		*summary;	/* one line: man page, --help */
	enum probe_targets	 targets;
	/* `run`: the [schedule] key it runs under and its interval there */
	const char		*schedule;
	size_t			 schedule_off;	/* in struct cfg_schedule */
	/* `run`: whether the config gives it anything to watch */
	bool			(*wanted)(const struct config *);
	/*
	 * Appends findings to ctx->findings; 0, or -1 when out of memory
	 * (an answer it could not get is an unknown finding, not -1). NULL:
	 * the probe's inputs come from the state store, and monitor/ runs
	 * it (bounces, reports) until its judgement moves here.
	 */
	int			(*run)(const struct probe_ctx *);
	enum probe_nagios	 nagios;
	/*
	 * Perfdata of its own after a run, " name=value;warn;crit;min;max"
	 * (leading space) into buf; NULL: none.
	 */
	void			(*perfdata)(const struct probe_ctx *, char *buf,
				    size_t len);
};

/* Every probe, in the order they are listed and run; NULL-terminated. */
extern const struct probe *const probe_table[];

/* The probe of that name, or NULL. */
const struct probe *probe_find(const char *name);

/* Its position in probe_table, for masks (1u << probe_index(p)). */
size_t	probe_index(const struct probe *);

/*
 * "a, b, c or d": the names of the probes whose targets intersect mask
 * (or, with nagios set, that have a check), for messages and usage.
 */
void	probe_list_names(unsigned targets_mask, bool nagios, const char *sep,
	    const char *last_sep, char *buf, size_t len);

/* Its [schedule] interval in cfg. */
uint64_t probe_interval_ms(const struct probe *, const struct config *);

#endif
