/*
 * dnsbl_run.h -- what the files of one DNSBL run share, and only they
 * (dnsbl.c runs the queries, dnsbl_health.c judges each list's test
 * points and sweeps, dnsbl_findings.c turns a pair's answer into its
 * finding). The public interface is dnsbl.h.
 */
#ifndef SENDWATCH_DNSBL_RUN_H
#define SENDWATCH_DNSBL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/dnsbl/dnsbl.h"

#define DNSBL_MAX_ADDRS		4
/*
 * A list claiming this share of at least DNSBL_SWEEP_MIN targets at once is
 * asked about the control addresses before its answers are believed.
 */
#define DNSBL_SWEEP_MIN		10
#define DNSBL_SWEEP_PERCENT	90

/* Control addresses per IP family (dnsbl_health.c lists them). */
#define DNSBL_NCONTROLS	3

struct dnsbl_answer {
	uint8_t		 status;	/* enum dns_status; 0xff: not answered */
	uint8_t		 naddrs;
	uint32_t	 addrs[DNSBL_MAX_ADDRS];
	char		*failure;	/* DNS_FAILURE reason */
	char		*txt;		/* TXT reason, listed pairs only */
};

struct dnsbl_job;

struct dnsbl_run_state {
	struct dns_resolver		*r;
	const struct dnsbl_list		*lists;
	size_t				 nlists;
	const struct target_set		*ts;
	const struct dnsbl_run_opts	*opts;
	struct dnsbl_job		*jobs;
	size_t				 njobs;
	size_t				 done;
	size_t				 total;
	size_t				 queries;
	size_t				 next;		/* next job to submit */
	size_t				 outstanding;	/* submitted, not answered */
	size_t				 cut;		/* pairs left out: stopped */
	int				 oom;
};

/* A pair, a test point (target == NULL) or a zone apex probe. */
enum dnsbl_job_kind {
	DNSBL_JOB_PAIR,
	DNSBL_JOB_TEST_LISTED,		/* 127.0.0.2 / ::ffff:7f00:2 / TEST */
	DNSBL_JOB_TEST_CLEAN,		/* 127.0.0.1 / ::ffff:7f00:1 / INVALID */
	DNSBL_JOB_APEX,			/* SOA of the zone: does it exist? */
	DNSBL_JOB_CONTROL,		/* a control address (target: which) */
};

struct dnsbl_job {
	struct dnsbl_run_state	*rs;
	uint32_t		 list;
	uint32_t		 target;	/* PAIR only */
	uint8_t			 kind;
	uint8_t			 family;	/* test points: which kind */
	uint8_t			 txt_pending;	/* its TXT query not answered */
	uint8_t			 cut;		/* stopped run: left out */
	struct dnsbl_answer	 ans;
};

struct dnsbl_health {
	bool	 used;		/* the run had a target of a kind it takes */
	bool	 broken;
	char	 why[400];
	size_t	 listed;
	size_t	 checked_ips;
	bool	 controls_asked;	/* a sweep made us ask the controls */
	bool	 cut;		/* stopped before its test points answered */
};

/* dnsbl.c */

/* A domain list's test point: TEST/INVALID or the operator's own. */
const char	*dnsbl_test_domain(const struct dnsbl_list *, bool listed);

/* dnsbl_health.c */

/* The i-th control address (below DNSBL_NCONTROLS) of an IP family. */
const char	*dnsbl_control_addr(enum target_kind family, size_t i);
/* Whether the list claimed most targets at once (ask the controls). */
bool		 dnsbl_is_sweep(const struct dnsbl_health *);
/* Counts, per list, the IP targets checked and those listed. */
void		 dnsbl_count_listed(const struct dnsbl_run_state *,
		    struct dnsbl_health *);
/* Reads list li's test points, apex and controls into h. */
void		 dnsbl_judge_health(const struct dnsbl_run_state *, size_t li,
		    struct dnsbl_health *h);
/* Judges every list used and appends its finding; 0, or -1 (memory). */
int		 dnsbl_health_findings(const struct dnsbl_run_state *,
		    struct dnsbl_health *, struct finding_list *,
		    struct dnsbl_run_stats *);

/* dnsbl_findings.c */

/* Adds a finding, with every string scrubbed of the list's key; 0/-1. */
int		 dnsbl_add(struct finding_list *, const struct dnsbl_list *,
		    const char *probe, const char *target, enum finding_state,
		    const char *summary, const char *detail);
/* The finding of one (list, target) pair, given its list's health. */
int		 dnsbl_pair_finding(const struct dnsbl_run_state *,
		    const struct dnsbl_job *, const struct dnsbl_health *,
		    struct finding_list *, struct dnsbl_run_stats *);

#endif
