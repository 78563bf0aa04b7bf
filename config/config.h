/*
 * config.h -- sendwatch's configuration, parsed once into typed structs.
 *
 * cfg_load() reads an INI file (inih), checks every value against the
 * option table (cfg_options.c), loads the secret files it names, and
 * collects every problem as "file:line: message" before giving up.
 * Durations are milliseconds (*_ms), sizes bytes. A struct config owns
 * all its memory: cfg_free() frees it, wiping secrets first.
 */
#ifndef SENDWATCH_CONFIG_H
#define SENDWATCH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/cfg_value.h"
#include "probes/finding.h"

/* [general] */
struct cfg_general {
	struct cfg_resolver	*resolvers;	/* resolver = SPEC, repeatable */
	size_t			 nresolvers;	/* 0: recursive (the default) */
	uint64_t		 timeout_ms;	/* per DNS query, default 5s */
	unsigned		 concurrency;	/* queries in flight, default 1000 */
	bool			 dnsbl_catalog;	/* use the built-in catalog */
	char			*root_hints;	/* NULL or a readable file */
	char			*trust_anchor;	/* NULL or a readable file */
	char			*state;		/* SQLite state file */
	char			*metrics_file;	/* NULL or a path */
	char			*helo;		/* NULL or a host name */
	char			*ca_file;	/* NULL: the system CAs; else PEM
						 * CAs trusted instead (TLS probes) */
};

/* [targets] */
struct cfg_targets {
	struct cfg_addr		*ips;
	size_t			 nips;
	struct cfg_cidr		*networks;
	size_t			 nnetworks;
	char			**hosts;	/* lowercased host names */
	size_t			 nhosts;
	char			**domains;	/* checked against domain lists */
	size_t			 ndomains;
};

/* [domain NAME]: a sending domain for the authentication probes. */
struct cfg_domain {
	char			*name;		/* lowercased, no trailing dot */
	unsigned		 line;		/* of the [domain NAME] header */
	struct cfg_cidr		*spf_senders;	/* a bare IP is a /32 or /128 */
	size_t			 nspf_senders;
	char			**dkim_selectors;
	size_t			 ndkim_selectors;
	char			**dkim_retired;	/* p= empty is expected here */
	size_t			 ndkim_retired;
	char			*helo;		/* NULL or a host name */
	char			*mail_from;	/* NULL or local@domain: SPF sender */
	char			**smtp_hosts;	/* relays checked by starttls too */
	size_t			 nsmtp_hosts;
};

enum cfg_dnsbl_kind {
	CFG_DNSBL_IP4,
	CFG_DNSBL_IP6,
	CFG_DNSBL_IP,		/* both IPv4 and IPv6 */
	CFG_DNSBL_DOMAIN,
	CFG_DNSBL_ALLOW,	/* an allow-list: a hit is never a listing */
};

/* Bits of cfg_dnsbl.set: which keys the file gave (override a catalog entry). */
enum {
	CFG_DNSBL_SET_ZONE = 1u << 0,
	CFG_DNSBL_SET_KIND = 1u << 1,
	CFG_DNSBL_SET_LISTED = 1u << 2,
	CFG_DNSBL_SET_SEVERITY = 1u << 3,
	CFG_DNSBL_SET_KEY = 1u << 4,
	CFG_DNSBL_SET_ENABLED = 1u << 5,
	CFG_DNSBL_SET_DESCRIPTION = 1u << 6,
	CFG_DNSBL_SET_LOOKUP_URL = 1u << 7,
	CFG_DNSBL_SET_MAX_QUERIES = 1u << 8,
};

/* [dnsbl NAME]: a list of our own, or an override of a catalog entry. */
struct cfg_dnsbl {
	char			*name;		/* [a-z0-9-]+ */
	unsigned		 line;		/* of the [dnsbl NAME] header */
	unsigned		 set;		/* CFG_DNSBL_SET_* */
	char			*zone;		/* NULL when not given */
	enum cfg_dnsbl_kind	 kind;		/* default ip4 */
	struct cfg_range	*listed;	/* empty: any 127/8 answer */
	size_t			 nlisted;
	enum finding_state	 severity;	/* default critical */
	char			*key_file;	/* path; shown, the key never */
	char			*key;		/* Spamhaus DQS key, secret */
	bool			 enabled;	/* default yes */
	char			*description;
	char			*lookup_url;
	unsigned		 max_queries_per_day;	/* `run`; 0: no limit */
};

enum cfg_alert_type {
	CFG_ALERT_WEBHOOK,
	CFG_ALERT_MAIL,
};

enum cfg_alert_format {
	CFG_FORMAT_JSON,
	CFG_FORMAT_SLACK,
	CFG_FORMAT_TEXT,
};

enum cfg_starttls {
	CFG_STARTTLS_YES,	/* use it when offered */
	CFG_STARTTLS_NO,
	CFG_STARTTLS_REQUIRED,
};

/* [alert NAME] */
struct cfg_alert {
	char			*name;
	unsigned		 line;		/* of the [alert NAME] header */
	enum cfg_alert_type	 type;
	/* webhook */
	char			*url_file;	/* path; shown */
	char			*url;		/* secret: may carry tokens */
	enum cfg_alert_format	 format;	/* default json */
	char			*template_file;	/* path; format = text only */
	char			*template;	/* its text, placeholders checked */
	char			*headers_file;	/* path; shown */
	char			*headers;	/* secret: "Name: value" lines */
	bool			 tls_verify;	/* default yes */
	uint64_t		 timeout_ms;	/* default 10s */
	/* filters */
	enum finding_state	 min_severity;	/* default warning */
	char			**probes;	/* empty: every probe */
	size_t			 nprobes;
	char			**targets;	/* empty: every target */
	size_t			 ntargets;
	/* mail */
	char			*smtp_url;	/* smtp:// or smtps://, no password */
	char			*from;
	char			**to;
	size_t			 nto;
	enum cfg_starttls	 starttls;	/* default yes */
	char			*username;
	char			*password_file;	/* path; shown */
	char			*password;	/* secret */
};

/* [schedule] */
struct cfg_schedule {
	uint64_t		 dnsbl_ms;	/* default 30m */
	uint64_t		 auth_ms;	/* default 6h */
	uint64_t		 reports_ms;	/* default 15m */
	uint64_t		 bounces_ms;	/* default 5m */
	uint64_t		 tls_ms;	/* default 6h; 0: TLS probes only
						 * when named */
	uint64_t		 jitter_ms;	/* default 1m */
	unsigned		 confirm_listing;	/* default 2 */
	unsigned		 confirm_delisting;	/* default 1 */
	uint64_t		 unknown_after_ms;	/* default 2h */
};

/* [reports] */
struct cfg_reports {
	char			*maildir;
	char			*directory;
	uint64_t		 max_decompressed;	/* bytes, default 100M */
	unsigned		 max_records;		/* default 100000 */
	uint64_t		 window_ms;		/* default 7d */
	unsigned		 new_source_min_messages; /* default 10 */
	double			 min_pass_rate;		/* percent, default 90 */
	double			 tlsrpt_failure_threshold; /* percent, default 1 */
	unsigned		 tlsrpt_min_failed_sessions; /* default 10 */
	/* IMAP intake (imap_fetch.h); imap_url NULL: none */
	char			*imap_url;		/* imaps://HOST[:PORT]/MAILBOX */
	char			*imap_username;
	char			*imap_password_file;
	char			*imap_password;		/* its contents, wiped */
	char			*imap_oauth2_token_file; /* re-read each fetch */
	char			*imap_oauth2_token;	/* contents at load */
	char			*imap_done_folder;	/* default reports-imported */
	char			*imap_failed_folder;	/* default reports-failed */
	char			*imap_ca_file;		/* NULL: the system's CAs */
	unsigned		 imap_batch;		/* messages per run */
};

/* [bounces] */
struct cfg_bounces {
	char			**logs;		/* log = PATH, repeatable */
	size_t			 nlogs;
	uint64_t		 window_ms;	/* default 1h */
	double			 warn_rate;	/* percent, default 2 */
	double			 crit_rate;	/* percent, default 5 */
};

/* [http] listen: set when given. */
struct cfg_listen {
	bool			 set;
	struct cfg_addr		 addr;		/* default 127.0.0.1 */
	uint16_t		 port;
};

struct cfg_http {
	struct cfg_listen	 listen;
	char			*token_file;
	char			*token;		/* its contents, wiped on free */
	char			*tls_cert_file;
	char			*tls_cert;	/* PEM */
	char			*tls_key_file;
	char			*tls_key;	/* PEM, wiped on free */
	/* per client address (IPv4, or IPv6 /64); per_minute 0: no bound */
	unsigned		 requests_per_minute;	/* default 600 */
	unsigned		 requests_burst;	/* default 60 */
	unsigned		 probes_per_minute;	/* default 30 */
	unsigned		 probes_burst;		/* default 20 */
};

struct config {
	char			*path;		/* NULL for cfg_defaults() */
	struct cfg_general	 general;
	struct cfg_targets	 targets;
	struct cfg_domain	*domains;
	size_t			 ndomains;
	struct cfg_dnsbl	*dnsbls;
	size_t			 ndnsbls;
	struct cfg_alert	*alerts;
	size_t			 nalerts;
	struct cfg_schedule	 schedule;
	struct cfg_reports	 reports;
	struct cfg_bounces	 bounces;
	struct cfg_http		 http;
};

/* Problems found while loading, each "file:line: message". */
struct cfg_errors {
	char			**v;
	size_t			 n;
};

/*
 * Loads path. A missing file with missing_ok gives the defaults. Every
 * problem is appended to errs; when errs->n grew, the file is invalid:
 * the returned config holds what could be parsed and should not be used
 * to run. Returns NULL only when out of memory or the file cannot be
 * read (the reason is in errs). The caller frees with cfg_free().
 */
struct config	*cfg_load(const char *path, bool missing_ok,
		    struct cfg_errors *errs);

/* The built-in defaults, as if from an empty file. NULL when out of memory. */
struct config	*cfg_defaults(void);

/* Frees everything, wiping secrets first; NULL does nothing. */
void		 cfg_free(struct config *);

/*
 * Appends a message "file:line: ..." (line 0: "file: ...") for checks made
 * outside config/, such as against the DNSBL catalog. Returns 0 or -1.
 */
int		 cfg_errors_addf(struct cfg_errors *, const char *file,
		    unsigned line, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

/*
 * Sorts the messages from index first on by their line in path (stable),
 * as the user reads the file; for checks added after cfg_load().
 */
void		 cfg_errors_sort(struct cfg_errors *, size_t first,
		    const char *path);

/* Frees the messages and empties the list; NULL does nothing. */
void		 cfg_errors_free(struct cfg_errors *);

/* Number of targets in [targets] (ips + networks + hosts + domains). */
size_t		 cfg_ntargets(const struct config *);

/* The [alert NAME] section named name, or NULL. */
const struct cfg_alert *cfg_alert_named(const struct config *,
		    const char *name);

#endif
