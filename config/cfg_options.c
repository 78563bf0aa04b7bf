/*
 * cfg_options.c -- the table of config sections and options (see
 * cfg_options.h). Defaults are written in config syntax and parsed by the
 * same code as the file, so the man page, config check and the loader
 * cannot disagree about them.
 */
#include <stddef.h>
#include <strings.h>

#include "config/cfg_options.h"
#include "config/config.h"

#define SEC_ONE(id, nm, member, hlp) \
	[id] = { .name = nm, .off = offsetof(struct config, member), .help = hlp }
#define SEC_NAMED(id, nm, type, arr, cnt, hlp, ...) \
	[id] = { .name = nm, .named = true, \
	    .off = offsetof(struct config, arr), \
	    .noff = offsetof(struct config, cnt), .size = sizeof(type), \
	    .name_off = offsetof(type, name), .line_off = offsetof(type, line), \
	    .help = hlp, __VA_ARGS__ }

static enum cfg_variant
alert_variant(const void *inst)
{
	const struct cfg_alert *a = inst;

	return a->type == CFG_ALERT_MAIL ? CFG_V_MAIL : CFG_V_WEBHOOK;
}

const struct cfg_section cfg_sections[CFG_S_COUNT] = {
	SEC_ONE(CFG_S_GENERAL, "general", general,
	    "resolver, timeouts, state file"),
	SEC_ONE(CFG_S_TARGETS, "targets", targets,
	    "IPs, networks, hosts and domains checked against blocklists"),
	SEC_NAMED(CFG_S_DOMAIN, "domain", struct cfg_domain, domains, ndomains,
	    "a sending domain: SPF senders, DKIM selectors",
	    .name_is_domain = true),
	SEC_NAMED(CFG_S_DNSBL, "dnsbl", struct cfg_dnsbl, dnsbls, ndnsbls,
	    "add a blocklist or override a catalog entry",
	    .has_set = true, .set_off = offsetof(struct cfg_dnsbl, set)),
	SEC_NAMED(CFG_S_ALERT, "alert", struct cfg_alert, alerts, nalerts,
	    "a webhook or mail alert sink", .variant = alert_variant),
	SEC_ONE(CFG_S_SCHEDULE, "schedule", schedule,
	    "how often `sendwatch run` checks, confirmation counts"),
	SEC_ONE(CFG_S_REPORTS, "reports", reports,
	    "where DMARC aggregate reports arrive"),
	SEC_ONE(CFG_S_BOUNCES, "bounces", bounces,
	    "MTA logs read for bounces"),
	SEC_ONE(CFG_S_HTTP, "http", http,
	    "the HTTP endpoint of `sendwatch run`: /healthz, /metrics, findings"),
};

static const struct cfg_enum_name dnsbl_kinds[] = {
	{ "ip4", CFG_DNSBL_IP4 }, { "ip6", CFG_DNSBL_IP6 }, { "ip", CFG_DNSBL_IP },
	{ "domain", CFG_DNSBL_DOMAIN }, { "allow", CFG_DNSBL_ALLOW }, { NULL, 0 },
};
static const struct cfg_enum_name alert_types[] = {
	{ "webhook", CFG_ALERT_WEBHOOK }, { "mail", CFG_ALERT_MAIL }, { NULL, 0 },
};
static const struct cfg_enum_name alert_formats[] = {
	{ "json", CFG_FORMAT_JSON }, { "slack", CFG_FORMAT_SLACK },
	{ "text", CFG_FORMAT_TEXT }, { NULL, 0 },
};
static const struct cfg_enum_name starttls_modes[] = {
	{ "yes", CFG_STARTTLS_YES }, { "no", CFG_STARTTLS_NO },
	{ "required", CFG_STARTTLS_REQUIRED }, { NULL, 0 },
};
static const struct cfg_enum_name min_severities[] = {
	{ "warning", FINDING_WARNING }, { "critical", FINDING_CRITICAL },
	{ "unknown", FINDING_UNKNOWN }, { NULL, 0 },
};

const char *const cfg_probe_names[] = {
	"dnsbl", "dnsbl-health", "spf", "spf-sender", "dkim", "dmarc", "ptr",
	"mx", "reports", "bounces", "starttls", "dane", "mta-sts", "tlsrpt",
	"bimi", NULL,
};

#define SEC	1000ULL
#define MIN	(60 * SEC)
#define HOUR	(60 * MIN)
#define DAY	(24 * HOUR)

#define G(field)	offsetof(struct cfg_general, field)
#define T(field)	offsetof(struct cfg_targets, field)
#define D(field)	offsetof(struct cfg_domain, field)
#define B(field)	offsetof(struct cfg_dnsbl, field)
#define A(field)	offsetof(struct cfg_alert, field)
#define S(field)	offsetof(struct cfg_schedule, field)
#define R(field)	offsetof(struct cfg_reports, field)
#define N(field)	offsetof(struct cfg_bounces, field)
#define H(field)	offsetof(struct cfg_http, field)

const struct cfg_option cfg_options[] = {
	/* [general] */
	{ CFG_S_GENERAL, "resolver", CFG_T_RESOLVER, CFG_F_LIST, 0,
	  G(resolvers), G(nresolvers), .def = NULL,
	  .help = "recursive (default), system, or ADDR[@PORT] to forward to; repeatable" },
	{ CFG_S_GENERAL, "timeout", CFG_T_DURATION, 0, 0, G(timeout_ms), 0,
	  .def = "5s", .min = 100, .max = 10 * MIN,
	  .help = "how long one DNS query may take" },
	{ CFG_S_GENERAL, "concurrency", CFG_T_UINT, 0, 0, G(concurrency), 0,
	  .def = "1000", .min = 1, .max = 10000,
	  .help = "DNS queries in flight at once" },
	{ CFG_S_GENERAL, "dnsbl_catalog", CFG_T_BOOL, 0, 0, G(dnsbl_catalog), 0,
	  .def = "yes", .help = "use the built-in catalog of well-known blocklists" },
	{ CFG_S_GENERAL, "root_hints", CFG_T_FILE, 0, 0, G(root_hints), 0,
	  .help = "root hints file for recursive mode" },
	{ CFG_S_GENERAL, "trust_anchor", CFG_T_FILE, 0, 0, G(trust_anchor), 0,
	  .help = "DNSSEC trust anchor file" },
	{ CFG_S_GENERAL, "state", CFG_T_PATH, 0, 0, G(state), 0,
	  .def = "/var/lib/sendwatch/state.db",
	  .help = "SQLite file holding findings, history and the alert outbox" },
	{ CFG_S_GENERAL, "metrics_file", CFG_T_PATH, 0, 0, G(metrics_file), 0,
	  .help = "write metrics in Prometheus text format to this file" },
	{ CFG_S_GENERAL, "helo", CFG_T_HOST, 0, 0, G(helo), 0,
	  .help = "the name the MTA says in HELO; PTR records should match it" },
	{ CFG_S_GENERAL, "ca_file", CFG_T_FILE, 0, 0, G(ca_file), 0,
	  .help = "PEM file of CA certificates that TLS checks trust instead of the system's" },

	/* [targets] */
	{ CFG_S_TARGETS, "ip", CFG_T_ADDR, CFG_F_LIST, 0, T(ips), T(nips),
	  .help = "an IPv4 or IPv6 address to check; repeatable" },
	{ CFG_S_TARGETS, "network", CFG_T_CIDR, CFG_F_LIST, 0, T(networks),
	  T(nnetworks), .help = "a network such as 192.0.2.0/28; repeatable" },
	{ CFG_S_TARGETS, "host", CFG_T_HOST, CFG_F_LIST, 0, T(hosts), T(nhosts),
	  .help = "a host name; each A and AAAA it has is checked; repeatable" },
	{ CFG_S_TARGETS, "domain", CFG_T_DOMAIN, CFG_F_LIST, 0, T(domains),
	  T(ndomains), .help = "a domain checked against domain blocklists; repeatable" },

	/* [domain NAME] */
	{ CFG_S_DOMAIN, "spf_senders", CFG_T_SENDER, CFG_F_LIST, 0,
	  D(spf_senders), D(nspf_senders),
	  .help = "IPs or networks that send for the domain; SPF must pass for each" },
	{ CFG_S_DOMAIN, "dkim_selectors", CFG_T_SELECTOR, CFG_F_LIST, 0,
	  D(dkim_selectors), D(ndkim_selectors),
	  .help = "DKIM selectors to check; a list or repeated" },
	{ CFG_S_DOMAIN, "dkim_retired", CFG_T_SELECTOR, CFG_F_LIST, 0,
	  D(dkim_retired), D(ndkim_retired),
	  .help = "selectors deliberately revoked (empty p= is ok)" },
	{ CFG_S_DOMAIN, "helo", CFG_T_HOST, 0, 0, D(helo), 0,
	  .help = "HELO name of this domain's senders, overrides [general] helo" },
	{ CFG_S_DOMAIN, "mail_from", CFG_T_MAILADDR, 0, 0, D(mail_from), 0,
	  .help = "MAIL FROM of this domain's senders in SPF (default postmaster@NAME)" },
	{ CFG_S_DOMAIN, "smtp_hosts", CFG_T_HOST, CFG_F_LIST, 0, D(smtp_hosts),
	  D(nsmtp_hosts),
	  .help = "SMTP hosts whose STARTTLS is checked besides the MX hosts, such as outbound relays; a list or repeated" },

	/* [dnsbl NAME] */
	{ CFG_S_DNSBL, "zone", CFG_T_DOMAIN, 0, 0, B(zone), 0,
	  .setbit = CFG_DNSBL_SET_ZONE, .help = "the list's DNS zone" },
	{ CFG_S_DNSBL, "kind", CFG_T_ENUM, 0, 0, B(kind), 0, .def = "ip4",
	  .names = dnsbl_kinds, .setbit = CFG_DNSBL_SET_KIND,
	  .help = "what the list holds: ip4, ip6, ip, domain, or allow (an allow-list)" },
	{ CFG_S_DNSBL, "listed", CFG_T_RANGES, CFG_F_LIST, 0, B(listed),
	  B(nlisted), .setbit = CFG_DNSBL_SET_LISTED,
	  .help = "answers that mean listed, such as 127.0.0.2-127.0.0.11" },
	{ CFG_S_DNSBL, "severity", CFG_T_SEVERITY, 0, 0, B(severity), 0,
	  .def = "critical", .setbit = CFG_DNSBL_SET_SEVERITY,
	  .help = "state of a listing: ok, warning or critical" },
	{ CFG_S_DNSBL, "key_file", CFG_T_SECRET, 0, 0, B(key_file), B(key),
	  .setbit = CFG_DNSBL_SET_KEY,
	  .help = "file holding an access key such as a Spamhaus DQS key" },
	{ CFG_S_DNSBL, "enabled", CFG_T_BOOL, 0, 0, B(enabled), 0, .def = "yes",
	  .setbit = CFG_DNSBL_SET_ENABLED, .help = "check this list" },
	{ CFG_S_DNSBL, "description", CFG_T_TEXT, 0, 0, B(description), 0,
	  .setbit = CFG_DNSBL_SET_DESCRIPTION, .help = "shown with its findings" },
	{ CFG_S_DNSBL, "lookup_url", CFG_T_TEXT, 0, 0, B(lookup_url), 0,
	  .setbit = CFG_DNSBL_SET_LOOKUP_URL,
	  .help = "where to look up or request delisting" },
	{ CFG_S_DNSBL, "max_queries_per_day", CFG_T_UINT, 0, 0,
	  B(max_queries_per_day), 0, .def = "0", .min = 0, .max = 4000000000U,
	  .setbit = CFG_DNSBL_SET_MAX_QUERIES,
	  .help = "`run` skips the list for the rest of the UTC day past this many queries; 0: no limit" },

	/* [alert NAME] */
	{ CFG_S_ALERT, "type", CFG_T_ENUM, CFG_F_REQUIRED, 0, A(type), 0,
	  .names = alert_types, .help = "webhook or mail" },
	/* url and url_file fill the same field: one of them, never both */
	{ CFG_S_ALERT, "url_file", CFG_T_SECRET, CFG_F_REQUIRED, CFG_V_WEBHOOK,
	  A(url_file), A(url), .alt = "url",
	  .help = "file holding the webhook URL (it often carries a token)" },
	{ CFG_S_ALERT, "url", CFG_T_HTTP_URL, CFG_F_REQUIRED, CFG_V_WEBHOOK,
	  A(url), 0, .alt = "url_file",
	  .help = "the webhook URL itself, for receivers without a token "
	  "(such as an internal Alertmanager); a URL with a token belongs in "
	  "url_file" },
	{ CFG_S_ALERT, "format", CFG_T_ENUM, 0, CFG_V_WEBHOOK, A(format), 0,
	  .def = "json", .names = alert_formats,
	  .help = "body format: json, slack (Slack/Mattermost) or text" },
	{ CFG_S_ALERT, "template_file", CFG_T_TEMPLATE, 0, CFG_V_WEBHOOK,
	  A(template_file), A(template),
	  .help = "format = text: file with the body, {placeholders} filled per event" },
	{ CFG_S_ALERT, "headers_file", CFG_T_SECRET, 0, CFG_V_WEBHOOK,
	  A(headers_file), A(headers),
	  .help = "file of extra HTTP headers, one \"Name: value\" a line" },
	{ CFG_S_ALERT, "tls_verify", CFG_T_BOOL, 0, 0, A(tls_verify), 0,
	  .def = "yes", .help = "verify the server's TLS certificate" },
	{ CFG_S_ALERT, "timeout", CFG_T_DURATION, 0, 0, A(timeout_ms), 0,
	  .def = "10s", .min = 1 * SEC, .max = 10 * MIN,
	  .help = "how long one delivery may take" },
	{ CFG_S_ALERT, "min_severity", CFG_T_ENUM, 0, 0, A(min_severity), 0,
	  .def = "warning", .names = min_severities,
	  .help = "send events from this state up: warning, critical or unknown" },
	{ CFG_S_ALERT, "probes", CFG_T_PROBE, CFG_F_LIST, 0, A(probes), A(nprobes),
	  .help = "only events of these probes (default: all)" },
	{ CFG_S_ALERT, "targets", CFG_T_TARGET, CFG_F_LIST, 0, A(targets),
	  A(ntargets), .help = "only events about these targets (default: all)" },
	{ CFG_S_ALERT, "smtp_url", CFG_T_SMTP_URL, CFG_F_REQUIRED, CFG_V_MAIL,
	  A(smtp_url), 0,
	  .help = "submission server, smtp://host:587 or smtps://host:465" },
	{ CFG_S_ALERT, "from", CFG_T_MAILADDR, CFG_F_REQUIRED, CFG_V_MAIL,
	  A(from), 0, .help = "sender address of alert mail" },
	{ CFG_S_ALERT, "to", CFG_T_MAILADDR, CFG_F_LIST | CFG_F_REQUIRED,
	  CFG_V_MAIL, A(to), A(nto), .help = "recipient; repeatable" },
	{ CFG_S_ALERT, "starttls", CFG_T_ENUM, 0, CFG_V_MAIL, A(starttls), 0,
	  .def = "yes", .names = starttls_modes,
	  .help = "yes (when offered), no, or required" },
	{ CFG_S_ALERT, "username", CFG_T_TEXT, 0, CFG_V_MAIL, A(username), 0,
	  .help = "SMTP AUTH user name" },
	{ CFG_S_ALERT, "password_file", CFG_T_SECRET, 0, CFG_V_MAIL,
	  A(password_file), A(password), .help = "file holding the SMTP password" },

	/* [schedule] */
	{ CFG_S_SCHEDULE, "dnsbl", CFG_T_DURATION, 0, 0, S(dnsbl_ms), 0,
	  .def = "30m", .min = 1 * SEC, .max = 7 * DAY,
	  .help = "how often blocklists are checked" },
	{ CFG_S_SCHEDULE, "auth", CFG_T_DURATION, 0, 0, S(auth_ms), 0,
	  .def = "6h", .min = 1 * SEC, .max = 7 * DAY,
	  .help = "how often SPF, DKIM, DMARC, PTR and MX are checked" },
	{ CFG_S_SCHEDULE, "reports", CFG_T_DURATION, 0, 0, S(reports_ms), 0,
	  .def = "15m", .min = 1 * SEC, .max = 7 * DAY,
	  .help = "how often new DMARC reports are read" },
	{ CFG_S_SCHEDULE, "bounces", CFG_T_DURATION, 0, 0, S(bounces_ms), 0,
	  .def = "5m", .min = 1 * SEC, .max = 7 * DAY,
	  .help = "how often the mail logs are read" },
	{ CFG_S_SCHEDULE, "tls", CFG_T_DURATION, 0, 0, S(tls_ms), 0,
	  .def = "6h", .min = 0, .max = 7 * DAY,
	  .help = "how often the transport-security probes (STARTTLS, DANE, MTA-STS, TLS-RPT, BIMI) run; 0s: only when named (audit --probe, check)" },
	{ CFG_S_SCHEDULE, "jitter", CFG_T_DURATION, 0, 0, S(jitter_ms), 0,
	  .def = "1m", .min = 0, .max = 1 * DAY,
	  .help = "random delay added to each run, so a fleet is not in lockstep" },
	{ CFG_S_SCHEDULE, "confirm_listing", CFG_T_UINT, 0, 0,
	  S(confirm_listing), 0, .def = "2", .min = 1, .max = 100,
	  .help = "observations a new problem must hold before it is an event" },
	{ CFG_S_SCHEDULE, "confirm_delisting", CFG_T_UINT, 0, 0,
	  S(confirm_delisting), 0, .def = "1", .min = 1, .max = 100,
	  .help = "observations a recovery must hold before it is an event" },
	{ CFG_S_SCHEDULE, "unknown_after", CFG_T_DURATION, 0, 0,
	  S(unknown_after_ms), 0, .def = "2h", .min = 1 * SEC, .max = 30 * DAY,
	  .help = "a target unknown this long gives one \"cannot check\" event" },

	/* [reports] */
	{ CFG_S_REPORTS, "maildir", CFG_T_PATH, 0, 0, R(maildir), 0,
	  .help = "Maildir receiving DMARC aggregate reports" },
	{ CFG_S_REPORTS, "directory", CFG_T_PATH, 0, 0, R(directory), 0,
	  .help = "directory of report files (.xml, .gz, .zip, .eml)" },
	{ CFG_S_REPORTS, "max_decompressed", CFG_T_SIZE, 0, 0,
	  R(max_decompressed), 0, .def = "100M", .min = 1ULL << 20,
	  .max = 16ULL << 30, .help = "largest report accepted after decompression" },
	{ CFG_S_REPORTS, "max_records", CFG_T_UINT, 0, 0, R(max_records), 0,
	  .def = "100000", .min = 1, .max = 100000000,
	  .help = "most records read from one report" },
	{ CFG_S_REPORTS, "window", CFG_T_DURATION, 0, 0, R(window_ms), 0,
	  .def = "7d", .min = 1 * HOUR, .max = 365 * DAY,
	  .help = "the service judges sources over the reports of this window" },
	{ CFG_S_REPORTS, "new_source_min_messages", CFG_T_UINT, 0, 0,
	  R(new_source_min_messages), 0, .def = "10", .min = 0,
	  .max = 1000000000,
	  .help = "failing messages above which an unauthorized source is a warning" },
	{ CFG_S_REPORTS, "min_pass_rate", CFG_T_PERCENT, 0, 0,
	  R(min_pass_rate), 0, .def = "90%",
	  .help = "DMARC pass rate below which an authorized source is a warning" },
	/* [reports] TLS-RPT (issue 13) */
	{ CFG_S_REPORTS, "tlsrpt_failure_threshold", CFG_T_PERCENT, 0, 0,
	  R(tlsrpt_failure_threshold), 0, .def = "1%",
	  .help = "share of a domain's TLS sessions failing (TLS-RPT) above "
	  "which it is a warning" },
	{ CFG_S_REPORTS, "tlsrpt_min_failed_sessions", CFG_T_UINT, 0, 0,
	  R(tlsrpt_min_failed_sessions), 0, .def = "10", .min = 1,
	  .max = 1000000000,
	  .help = "failed TLS sessions a domain needs before the share counts" },
	/* [reports] IMAP intake (probes/reports/imap_fetch.h) */
	{ CFG_S_REPORTS, "imap_url", CFG_T_IMAP_URL, 0, 0, R(imap_url), 0,
	  .help = "IMAP mailbox receiving reports: imaps://HOST[:PORT]/MAILBOX (imap:// needs STARTTLS)" },
	{ CFG_S_REPORTS, "imap_username", CFG_T_TEXT, 0, 0, R(imap_username), 0,
	  .help = "the IMAP user name (for XOAUTH2 the account's address)" },
	{ CFG_S_REPORTS, "imap_password_file", CFG_T_SECRET, 0, 0,
	  R(imap_password_file), R(imap_password),
	  .help = "file holding the IMAP password" },
	{ CFG_S_REPORTS, "imap_oauth2_token_file", CFG_T_SECRET, 0, 0,
	  R(imap_oauth2_token_file), R(imap_oauth2_token),
	  .help = "file holding an OAuth 2.0 access token (XOAUTH2), re-read at each fetch" },
	{ CFG_S_REPORTS, "imap_done_folder", CFG_T_MAILBOX, 0, 0,
	  R(imap_done_folder), 0, .def = "reports-imported",
	  .help = "where imported messages are moved (created if missing)" },
	{ CFG_S_REPORTS, "imap_failed_folder", CFG_T_MAILBOX, 0, 0,
	  R(imap_failed_folder), 0, .def = "reports-failed",
	  .help = "where messages without a usable report are moved (created if missing)" },
	{ CFG_S_REPORTS, "imap_ca_file", CFG_T_FILE, 0, 0, R(imap_ca_file), 0,
	  .help = "CA certificates (PEM) the IMAP server's certificate is checked against; default: [general] ca_file, else the system's" },
	{ CFG_S_REPORTS, "imap_batch", CFG_T_UINT, 0, 0, R(imap_batch), 0,
	  .def = "200", .min = 1, .max = 100000,
	  .help = "most messages read from the mailbox in one run" },

	/* [bounces] */
	{ CFG_S_BOUNCES, "log", CFG_T_PATH, CFG_F_LIST, 0, N(logs), N(nlogs),
	  .help = "an MTA log file to read; repeatable" },
	{ CFG_S_BOUNCES, "window", CFG_T_DURATION, 0, 0, N(window_ms), 0,
	  .def = "1h", .min = 1 * MIN, .max = 30 * DAY,
	  .help = "bounce rates are computed over this window" },
	{ CFG_S_BOUNCES, "warn_rate", CFG_T_PERCENT, 0, 0, N(warn_rate), 0,
	  .def = "2%", .help = "bounce rate that is a warning" },
	{ CFG_S_BOUNCES, "crit_rate", CFG_T_PERCENT, 0, 0, N(crit_rate), 0,
	  .def = "5%", .help = "bounce rate that is critical" },

	/* [http] */
	{ CFG_S_HTTP, "listen", CFG_T_LISTEN, 0, 0, H(listen), 0,
	  .help = "serve HTTP on [ADDR:]PORT (ADDR defaults to 127.0.0.1); unset: no HTTP" },
	{ CFG_S_HTTP, "token_file", CFG_T_SECRET, 0, 0, H(token_file), H(token),
	  .help = "file holding a bearer token required for all but /healthz" },
	{ CFG_S_HTTP, "tls_cert_file", CFG_T_SECRET, 0, 0, H(tls_cert_file),
	  H(tls_cert), .help = "PEM certificate (chain): serve HTTPS; needs tls_key_file" },
	{ CFG_S_HTTP, "tls_key_file", CFG_T_SECRET, 0, 0, H(tls_key_file),
	  H(tls_key), .help = "PEM private key of tls_cert_file" },
	/* [http] request rate per client address (monitor/http/http_rate.h) */
	{ CFG_S_HTTP, "requests_per_minute", CFG_T_UINT, 0, 0,
	  H(requests_per_minute), 0, .def = "600", .min = 0, .max = 1000000,
	  .help = "requests one address (IPv6: one /64) may make a minute, any path; more get 429; 0: no bound" },
	{ CFG_S_HTTP, "requests_burst", CFG_T_UINT, 0, 0, H(requests_burst), 0,
	  .def = "60", .min = 1, .max = 1000000,
	  .help = "requests one address may make at once before requests_per_minute paces it" },
	{ CFG_S_HTTP, "probes_per_minute", CFG_T_UINT, 0, 0,
	  H(probes_per_minute), 0, .def = "30", .min = 0, .max = 1000000,
	  .help = "/probe requests (DNS work) one address may make a minute; more get 429; 0: no bound" },
	{ CFG_S_HTTP, "probes_burst", CFG_T_UINT, 0, 0, H(probes_burst), 0,
	  .def = "20", .min = 1, .max = 1000000,
	  .help = "/probe requests one address may make at once before probes_per_minute paces it" },
};

const size_t cfg_noptions = sizeof(cfg_options) / sizeof(cfg_options[0]);

const struct cfg_option *
cfg_option_find(enum cfg_section_id sec, const char *key)
{
	for (size_t i = 0; i < cfg_noptions; i++)
		if (cfg_options[i].section == sec &&
		    strcasecmp(cfg_options[i].key, key) == 0)
			return &cfg_options[i];
	return NULL;
}

static const char *const type_descriptions[] = {
	[CFG_T_DURATION] = "a duration such as 15m",
	[CFG_T_BOOL] = "yes or no",
	[CFG_T_UINT] = "a whole number",
	[CFG_T_SIZE] = "a size such as 100M",
	[CFG_T_PERCENT] = "a percentage such as 2%",
	[CFG_T_ADDR] = "an IPv4 or IPv6 address",
	[CFG_T_CIDR] = "a network such as 192.0.2.0/24",
	[CFG_T_SENDER] = "an address or a network",
	[CFG_T_HOST] = "a host name",
	[CFG_T_DOMAIN] = "a domain name",
	[CFG_T_SELECTOR] = "DKIM selectors",
	[CFG_T_MAILADDR] = "a mail address",
	[CFG_T_TARGET] = "an address, network, host or domain",
	[CFG_T_PROBE] = "probe names",
	[CFG_T_RANGES] = "answer addresses such as 127.0.0.2-127.0.0.11",
	[CFG_T_SEVERITY] = "ok, warning or critical",
	[CFG_T_ENUM] = "one of the names listed",
	[CFG_T_RESOLVER] = "recursive, system or ADDR[@PORT]",
	[CFG_T_PATH] = "a path",
	[CFG_T_FILE] = "a readable file",
	[CFG_T_SECRET] = "a readable file holding a secret",
	[CFG_T_TEXT] = "text",
	[CFG_T_SMTP_URL] = "an smtp:// or smtps:// URL",
	[CFG_T_TEMPLATE] = "a readable text file with {placeholders}",
	[CFG_T_HTTP_URL] = "an http:// or https:// URL",
	[CFG_T_LISTEN] = "PORT, ADDR:PORT or [ADDR6]:PORT",
	[CFG_T_IMAP_URL] = "an imaps://HOST[:PORT]/MAILBOX URL",
	[CFG_T_MAILBOX] = "an IMAP mailbox name",
};

const char *
cfg_type_describe(enum cfg_type t)
{
	return type_descriptions[t];
}
