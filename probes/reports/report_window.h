/*
 * report_window.h -- what the stored DMARC aggregate reports say about
 * one policy domain over a window, as plain data: totals, the sources
 * (with their PTR names and whether they are authorized senders) and
 * the DKIM selectors seen. The store fills it (monitor/store/
 * report_summary.c), the reports probe judges it (report_findings.h)
 * and the output formats print it.
 */
#ifndef SENDWATCH_REPORT_WINDOW_H
#define SENDWATCH_REPORT_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct summary_source {
	char		*ip;
	char		*ptr;		/* NULL unknown, "" none */
	char		 ptr_org[256];	/* its organizational domain */
	int		 authorized;	/* 1, 0, -1 unknown */
	uint64_t	 messages;	/* in the window */
	uint64_t	 spf, dkim;	/* aligned pass, in the window */
	uint64_t	 dmarc;		/* DMARC pass, in the window */
	int64_t		 first_seen;	/* begin of its first report ever */
	bool		 is_new;	/* first seen inside the window */
};

struct summary_selector {
	char		*domain;	/* the d= of the signature */
	char		*selector;
	uint64_t	 messages, pass;
};

/* An organization that sent reports about the domain in the window. */
struct summary_reporter {
	char		*org_name;	/* "" when the reports named none */
	uint64_t	 reports, messages;
};

/* One policy domain over the window; owned by summary_each. */
struct summary_domain {
	const char		*domain;
	struct {
		uint64_t	 messages, pass, none, quarantine, reject,
				 reports;
	}			 t;
	struct summary_source	*src;		/* busiest first */
	size_t			 nsrc;
	struct summary_selector	*sel;		/* busiest first */
	size_t			 nsel;
	struct summary_reporter	*rep;		/* most messages first */
	size_t			 nrep;
};

#endif
