/*
 * test_config.c -- loading sendwatch.conf: the full good example into
 * typed structs, the broken examples with every message and line asserted,
 * inih's edges (cut lines, continuation lines, BOM, repeated keys and
 * sections), secret files, defaults, and that every option of the table
 * is documented in contrib/sendwatch.conf.5. Files: tests/data/config/.
 * Runs from the source tree ($SENDWATCH_TOP, or the current directory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "config/cfg_options.h"
#include "config/config.h"

#define DATA "tests/data/config/"

static int
to_top(void **state)
{
	const char *top = getenv("SENDWATCH_TOP");

	(void)state;
	return top != NULL && chdir(top) != 0 ? -1 : 0;
}

/* Loads path and asserts the messages are exactly want (NULL-terminated). */
static struct config *
load_expect(const char *path, const char *const *want)
{
	struct cfg_errors errs = { 0 };
	struct config *cfg = cfg_load(path, false, &errs);
	size_t nwant = 0;

	while (want[nwant] != NULL)
		nwant++;
	for (size_t i = 0; i < errs.n || i < nwant; i++) {
		const char *got = i < errs.n ? errs.v[i] : "(none)";
		const char *exp = i < nwant ? want[i] : "(none)";
		if (strcmp(got, exp) != 0)
			print_error("message %zu:\n  got  %s\n  want %s\n", i, got, exp);
		assert_string_equal(got, exp);
	}
	cfg_errors_free(&errs);
	return cfg;
}

static void
assert_addr(const struct cfg_addr *a, const char *text)
{
	char buf[64];

	cfg_format_addr(a, buf, sizeof(buf));
	assert_string_equal(buf, text);
}

static void
test_config_good_file_fills_every_section(void **state)
{
	static const char *const none[] = { NULL };
	struct config *cfg = load_expect(DATA "good.conf", none);
	const struct cfg_dnsbl *zen, *lab, *barracuda;
	const struct cfg_alert *hook, *mail;

	(void)state;
	assert_non_null(cfg);
	assert_string_equal(cfg->path, DATA "good.conf");
	/* [general] */
	assert_int_equal(cfg->general.nresolvers, 2);
	assert_int_equal(cfg->general.resolvers[0].kind, CFG_RESOLVER_FORWARD);
	assert_string_equal(cfg->general.resolvers[0].spec, "127.0.0.1@5353");
	assert_int_equal(cfg->general.resolvers[1].port, 5353);
	assert_int_equal(cfg->general.resolvers[1].addr.af, AF_INET6);
	assert_int_equal(cfg->general.timeout_ms, 2500);
	assert_int_equal(cfg->general.concurrency, 500);
	assert_false(cfg->general.dnsbl_catalog);
	assert_string_equal(cfg->general.state, "/tmp/sendwatch-test/state.db");
	assert_string_equal(cfg->general.metrics_file,
	    "/tmp/sendwatch-test/metrics.prom");
	assert_string_equal(cfg->general.helo, "mail.example.com");
	assert_null(cfg->general.root_hints);
	/* [targets] */
	assert_int_equal(cfg->targets.nips, 2);
	assert_addr(&cfg->targets.ips[0], "192.0.2.10");
	assert_addr(&cfg->targets.ips[1], "2001:db8::25");
	assert_int_equal(cfg->targets.nnetworks, 1);
	assert_addr(&cfg->targets.networks[0].addr, "198.51.100.0");
	assert_int_equal(cfg->targets.networks[0].prefix, 28);
	assert_int_equal(cfg->targets.nhosts, 1);
	assert_string_equal(cfg->targets.hosts[0], "mail.example.com");
	assert_int_equal(cfg->targets.ndomains, 1);
	assert_int_equal(cfg_ntargets(cfg), 5);
	/* [domain NAME] */
	assert_int_equal(cfg->ndomains, 2);
	assert_string_equal(cfg->domains[0].name, "example.com");
	assert_int_equal(cfg->domains[0].line, 19);
	assert_int_equal(cfg->domains[0].nspf_senders, 3);
	assert_int_equal(cfg->domains[0].spf_senders[0].prefix, 32);
	assert_int_equal(cfg->domains[0].spf_senders[1].prefix, 28);
	assert_int_equal(cfg->domains[0].spf_senders[2].prefix, 128);
	assert_int_equal(cfg->domains[0].ndkim_selectors, 3);
	assert_string_equal(cfg->domains[0].dkim_selectors[0], "s2024");
	assert_string_equal(cfg->domains[0].dkim_selectors[1], "s2025");
	assert_string_equal(cfg->domains[0].dkim_selectors[2], "mail");
	assert_int_equal(cfg->domains[0].ndkim_retired, 1);
	assert_string_equal(cfg->domains[1].name, "example.org");
	assert_null(cfg->domains[1].helo);
	/* [dnsbl NAME] */
	assert_int_equal(cfg->ndnsbls, 3);
	zen = &cfg->dnsbls[0];
	lab = &cfg->dnsbls[1];
	barracuda = &cfg->dnsbls[2];
	assert_string_equal(zen->name, "spamhaus-zen");
	assert_string_equal(zen->zone, "zen.dq.spamhaus.net");
	assert_string_equal(zen->key_file, DATA "dqs.key");
	assert_string_equal(zen->key, "dqs0123456789abcdef");
	assert_int_equal(zen->set, CFG_DNSBL_SET_ZONE | CFG_DNSBL_SET_KEY |
	    CFG_DNSBL_SET_LISTED | CFG_DNSBL_SET_SEVERITY);
	assert_int_equal(zen->nlisted, 1);
	assert_int_equal(zen->listed[0].lo, 0x7F000002);
	assert_int_equal(zen->listed[0].hi, 0x7F00000B);
	assert_int_equal(zen->kind, CFG_DNSBL_IP4);	/* default */
	assert_true(zen->enabled);			/* default */
	assert_int_equal(lab->kind, CFG_DNSBL_IP);
	assert_int_equal(lab->nlisted, 3);
	assert_int_equal(lab->listed[2].lo, 0x7F000100);
	assert_int_equal(lab->severity, FINDING_WARNING);
	assert_string_equal(lab->description,
	    "the loopback lab's list, spread over two lines");
	assert_string_equal(lab->lookup_url, "https://lab.example.test/lookup");
	assert_int_equal(lab->max_queries_per_day, 5000);
	assert_true(lab->set & CFG_DNSBL_SET_MAX_QUERIES);
	assert_int_equal(zen->max_queries_per_day, 0);	/* default: no limit */
	assert_int_equal(barracuda->set, CFG_DNSBL_SET_ENABLED);
	assert_false(barracuda->enabled);
	assert_null(barracuda->zone);
	assert_int_equal(barracuda->line, 47);
	/* [alert NAME] */
	assert_int_equal(cfg->nalerts, 2);
	hook = &cfg->alerts[0];
	mail = &cfg->alerts[1];
	assert_int_equal(hook->type, CFG_ALERT_WEBHOOK);
	assert_string_equal(hook->url,
	    "https://hooks.example.test/T000/B000/XXXXsecrettoken");
	assert_string_equal(hook->headers, "Authorization: Bearer hunter2token");
	assert_int_equal(hook->format, CFG_FORMAT_SLACK);
	assert_int_equal(hook->timeout_ms, 15000);
	assert_int_equal(hook->min_severity, FINDING_CRITICAL);
	assert_true(hook->tls_verify);
	assert_int_equal(hook->nprobes, 2);
	assert_string_equal(hook->probes[1], "spf");
	assert_int_equal(hook->ntargets, 1);
	assert_int_equal(mail->type, CFG_ALERT_MAIL);
	assert_string_equal(mail->smtp_url, "smtp://127.0.0.1:2525");
	assert_string_equal(mail->from, "sendwatch@example.com");
	assert_int_equal(mail->nto, 2);
	assert_string_equal(mail->to[1], "noc@example.net");
	assert_int_equal(mail->starttls, CFG_STARTTLS_REQUIRED);
	assert_string_equal(mail->username, "sendwatch");
	assert_string_equal(mail->password, "s3cretpassw0rd");
	assert_false(mail->tls_verify);
	assert_int_equal(mail->timeout_ms, 10000);	/* default */
	assert_int_equal(mail->min_severity, FINDING_WARNING);
	/* [schedule], [reports], [bounces] */
	assert_int_equal(cfg->schedule.dnsbl_ms, 600000);
	assert_int_equal(cfg->schedule.auth_ms, 3600000);
	assert_int_equal(cfg->schedule.jitter_ms, 30000);
	assert_int_equal(cfg->schedule.confirm_listing, 3);
	assert_int_equal(cfg->schedule.confirm_delisting, 2);
	assert_int_equal(cfg->schedule.unknown_after_ms, 86400000);
	assert_string_equal(cfg->reports.maildir, "/var/mail/dmarc");
	assert_int_equal(cfg->reports.max_decompressed, 50ULL << 20);
	assert_int_equal(cfg->reports.max_records, 5000);
	assert_int_equal(cfg->bounces.nlogs, 2);
	assert_string_equal(cfg->bounces.logs[1], "/var/log/mail.log.1");
	assert_int_equal(cfg->bounces.window_ms, 7200000);
	assert_true(cfg->bounces.warn_rate == 1.5);
	assert_true(cfg->bounces.crit_rate == 10.0);
	cfg_free(cfg);
	cfg_free(NULL);
}

static void
test_config_defaults(void **state)
{
	struct config *cfg = cfg_defaults();
	struct cfg_errors errs = { 0 };

	(void)state;
	assert_non_null(cfg);
	assert_null(cfg->path);
	assert_int_equal(cfg->general.nresolvers, 0);
	assert_int_equal(cfg->general.timeout_ms, 5000);
	assert_int_equal(cfg->general.concurrency, 1000);
	assert_true(cfg->general.dnsbl_catalog);
	assert_string_equal(cfg->general.state, "/var/lib/sendwatch/state.db");
	assert_int_equal(cfg->schedule.dnsbl_ms, 30 * 60000);
	assert_int_equal(cfg->schedule.auth_ms, 6 * 3600000);
	assert_int_equal(cfg->schedule.reports_ms, 15 * 60000);
	assert_int_equal(cfg->schedule.confirm_listing, 2);
	assert_int_equal(cfg->schedule.confirm_delisting, 1);
	assert_int_equal(cfg->reports.max_decompressed, 100ULL << 20);
	assert_true(cfg->bounces.warn_rate == 2.0);
	assert_true(cfg->bounces.crit_rate == 5.0);
	cfg_free(cfg);

	/* a missing default file is fine for one-shot commands ... */
	cfg = cfg_load(DATA "does-not-exist.conf", true, &errs);
	assert_non_null(cfg);
	assert_int_equal(errs.n, 0);
	assert_int_equal(cfg->general.timeout_ms, 5000);
	cfg_free(cfg);
	/* ... but not a file the user named */
	cfg = cfg_load(DATA "does-not-exist.conf", false, &errs);
	assert_null(cfg);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.v[0], DATA "does-not-exist.conf: cannot open: "
	    "No such file or directory");
	cfg_errors_free(&errs);
	/* a directory is not a config file */
	cfg = cfg_load(DATA, false, &errs);
	assert_null(cfg);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.v[0], DATA ": cannot read: Is a directory");
	cfg_errors_free(&errs);
	cfg_errors_free(NULL);
}

static void
test_config_broken_file_reports_every_line(void **state)
{
	static const char *const want[] = {
		DATA "broken.conf:4: timeout: expected a duration such as 15m, "
		    "got \"5 minutes\"",
		DATA "broken.conf:5: concurrency: expected a whole number from 1 "
		    "to 10000, got \"20000\"",
		DATA "broken.conf:6: resolver: expected a port from 1 to 65535 "
		    "after '@', got \"8.8.8.8@99999\"",
		DATA "broken.conf:7: unknown key \"colour\" in [general] (expected "
		    "one of: resolver, timeout, concurrency, dnsbl_catalog, "
		    "root_hints, trust_anchor, state, metrics_file, helo, ca_file)",
		DATA "broken.conf:8: timeout given twice (first at line 4); only "
		    "list keys may repeat",
		DATA "broken.conf:11: ip: expected an IPv4 or IPv6 address, got "
		    "\"192.0.2.300\"",
		DATA "broken.conf:12: network: 192.0.2.1/24: host bits set, did "
		    "you mean 192.0.2.0/24?",
		DATA "broken.conf:13: network: 2001:db8::1/64: host bits set, did "
		    "you mean 2001:db8::/64?",
		DATA "broken.conf:14: host: expected a host name (a label cannot "
		    "start or end with '-'), got \"-bad-.example.com\"",
		DATA "broken.conf:16: unknown section [foo] (expected one of: "
		    "general, targets, domain NAME, dnsbl NAME, alert NAME, "
		    "schedule, reports, bounces, http)",
		DATA "broken.conf:21: key_file: cannot read "
		    "/nonexistent/sendwatch/dqs.key: No such file or directory",
		DATA "broken.conf:22: listed: range runs backwards (expected "
		    "LOW-HIGH such as 127.0.0.2-127.0.0.11), got "
		    "\"127.0.0.11-127.0.0.2\"",
		DATA "broken.conf:23: kind: expected ip4, ip6, ip, domain or "
		    "allow, got \"ipv4\"",
		DATA "broken.conf:25: duplicate section [dnsbl zen] (first at "
		    "line 19)",
		DATA "broken.conf:28: [domain] needs a name, such as [domain "
		    "example.com]",
		DATA "broken.conf:31: [alert ops]: url_file or url is required for "
		    "type = webhook",
		DATA "broken.conf:33: smtp_url: only for type = mail (this is "
		    "type = webhook)",
		DATA "broken.conf:34: cannot parse this line (expected [section] "
		    "or key = value)",
		NULL,
	};

	(void)state;
	cfg_free(load_expect(DATA "broken.conf", want));
}

static void
test_config_alert_mistakes(void **state)
{
	static const char *const want[] = {
		DATA "alerts.conf:2: [alert nohook]: type is required",
		DATA "alerts.conf:5: [alert mailer]: from is required for "
		    "type = mail",
		DATA "alerts.conf:7: smtp_url: the URL holds a password; put it in "
		    "password_file and the user in username",
		DATA "alerts.conf:8: to: expected a mail address such as "
		    "alerts@example.com, got \"not-an-address\"",
		DATA "alerts.conf:9: starttls: expected yes, no or required, got "
		    "\"maybe\"",
		DATA "alerts.conf:10: probes: expected a probe name (dnsbl, "
		    "dnsbl-health, spf, spf-sender, dkim, dmarc, ptr, mx, reports, "
		    "bounces, starttls, dane, mta-sts, tlsrpt, bimi), got \"spam\"",
		DATA "alerts.conf:12: [alert bad_name]: expected a name of "
		    "letters, digits and '-', got \"bad_name\"",
		DATA "alerts.conf:17: url_file: cannot read tests/data/config: "
		    "Is a directory",
		DATA "alerts.conf:18: min_severity: expected warning, critical or "
		    "unknown, got \"ok\"",
		DATA "alerts.conf:20: [bounces]: warn_rate (10%) is above "
		    "crit_rate (5%)",
		DATA "alerts.conf:22: crit_rate: expected a percentage such as 2% "
		    "(0% to 100%), got \"5\"",
		NULL,
	};
	struct config *cfg;

	(void)state;
	cfg = load_expect(DATA "alerts.conf", want);
	assert_non_null(cfg);
	/* the password in the URL was refused, not stored */
	assert_int_equal(cfg->nalerts, 3);
	assert_null(cfg->alerts[1].smtp_url);
	cfg_free(cfg);
}

static void
test_config_long_lines_are_errors_not_cut_values(void **state)
{
	static const char *const want[] = {
		DATA "long_line.conf:3: line too long (max 199 chars); put long "
		    "values in a file",
		DATA "long_line.conf:6: line too long (max 199 chars); put long "
		    "values in a file",
		DATA "long_line.conf:7: unknown key \"type\" in [dnsbl lab] "
		    "(expected one of: zone, kind, listed, severity, key_file, "
		    "enabled, description, lookup_url, max_queries_per_day)",
		NULL,
	};
	struct config *cfg;

	(void)state;
	cfg = load_expect(DATA "long_line.conf", want);
	assert_non_null(cfg);
	assert_int_equal(cfg->ndnsbls, 1);
	/* the cut value was not used; the 199-character line was whole */
	assert_null(cfg->dnsbls[0].lookup_url);
	assert_int_equal(strlen(cfg->dnsbls[0].description), 199 - 14);
	assert_string_equal(cfg->dnsbls[0].zone, "lab.example.test");
	assert_int_equal(cfg->nalerts, 0);
	cfg_free(cfg);
}

static void
test_config_continuation_lines(void **state)
{
	static const char *const want[] = {
		DATA "continuation.conf:13: kind: only lists and text may continue "
		    "on an indented line",
		DATA "continuation.conf:15: this indented line is read as more of "
		    "\"severity\" (line 14); remove the indentation",
		NULL,
	};
	struct config *cfg;

	(void)state;
	cfg = load_expect(DATA "continuation.conf", want);
	assert_non_null(cfg);
	assert_int_equal(cfg->targets.nips, 3);
	assert_addr(&cfg->targets.ips[2], "192.0.2.3");
	assert_int_equal(cfg->targets.nhosts, 2);
	assert_string_equal(cfg->targets.hosts[1], "b.example.com");
	assert_string_equal(cfg->dnsbls[0].description, "first part second part");
	assert_int_equal(cfg->dnsbls[0].kind, CFG_DNSBL_IP4);
	assert_int_equal(cfg->dnsbls[0].severity, FINDING_WARNING);
	assert_true(cfg->dnsbls[0].enabled);	/* the indented key was not taken */
	cfg_free(cfg);
}

static void
test_config_bom_and_crlf(void **state)
{
	static const char *const want[] = {
		DATA "bom.conf:3: concurrency: expected a whole number from 1 to "
		    "10000, got \"many\"",
		NULL,
	};
	struct config *cfg;

	(void)state;
	cfg = load_expect(DATA "bom.conf", want);
	assert_non_null(cfg);
	assert_int_equal(cfg->general.timeout_ms, 3000);
	cfg_free(cfg);
}

static void
test_config_repeated_keys_and_sections(void **state)
{
	static const char *const want[] = {
		DATA "repeated.conf:10: helo given twice (first at line 9); only "
		    "list keys may repeat",
		DATA "repeated.conf:12: duplicate section [general] (first at "
		    "line 8)",
		DATA "repeated.conf:19: duplicate section [dnsbl a] (first at "
		    "line 15)",
		NULL,
	};
	struct config *cfg;

	(void)state;
	cfg = load_expect(DATA "repeated.conf", want);
	assert_non_null(cfg);
	assert_int_equal(cfg->targets.nips, 2);
	assert_int_equal(cfg->targets.ndomains, 2);
	assert_string_equal(cfg->targets.domains[1], "example.net");
	assert_string_equal(cfg->general.helo, "mail.example.com");
	assert_int_equal(cfg->general.timeout_ms, 5000);	/* dup section skipped */
	assert_int_equal(cfg->ndnsbls, 2);
	assert_string_equal(cfg->dnsbls[1].zone, "b.example.test");
	cfg_free(cfg);
}

static void
test_config_sections_without_keys(void **state)
{
	static const char *const want[] = {
		DATA "empty_sections.conf:4: unknown section [foo] (expected one "
		    "of: general, targets, domain NAME, dnsbl NAME, alert NAME, "
		    "schedule, reports, bounces, http)",
		DATA "empty_sections.conf:6: [dnsbl] needs a name, such as [dnsbl "
		    "NAME]",
		DATA "empty_sections.conf:7: [alert pager]: type is required",
		DATA "empty_sections.conf:12: duplicate section [general] (first "
		    "at line 2)",
		NULL,
	};
	struct config *cfg;

	(void)state;
	cfg = load_expect(DATA "empty_sections.conf", want);
	assert_non_null(cfg);
	assert_int_equal(cfg->targets.nips, 1);
	assert_int_equal(cfg->general.timeout_ms, 1000);
	/* an empty [dnsbl NAME] overrides nothing */
	assert_int_equal(cfg->ndnsbls, 1);
	assert_string_equal(cfg->dnsbls[0].name, "spamhaus-pbl");
	assert_int_equal(cfg->dnsbls[0].set, 0);
	assert_int_equal(cfg->dnsbls[0].line, 11);
	cfg_free(cfg);
}

/* Writes text to a new temporary file; returns its path (static buffer). */
static const char *
temp_file(char *path, size_t len, const char *text)
{
	FILE *fp;
	int fd;

	snprintf(path, len, "/tmp/sendwatch-cfgtest-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void
test_config_secret_files(void **state)
{
	char keypath[64], emptypath[64], confpath[64], conf[512], want[3][256];
	struct cfg_errors errs = { 0 };
	struct config *cfg;

	(void)state;
	temp_file(keypath, sizeof(keypath), "sEcReTkEy42\r\n");
	temp_file(emptypath, sizeof(emptypath), "\n");
	snprintf(conf, sizeof(conf),
	    "[dnsbl one]\nkey_file = %s\n"
	    "[dnsbl two]\nkey_file = /nonexistent/dir/key\n"
	    "[dnsbl three]\nkey_file = /tmp\n"
	    "[dnsbl four]\nkey_file = %s\n", keypath, emptypath);
	temp_file(confpath, sizeof(confpath), conf);

	cfg = cfg_load(confpath, false, &errs);
	assert_non_null(cfg);
	assert_string_equal(cfg->dnsbls[0].key, "sEcReTkEy42");
	assert_string_equal(cfg->dnsbls[0].key_file, keypath);
	assert_null(cfg->dnsbls[1].key);
	snprintf(want[0], sizeof(want[0]), "%s:4: key_file: cannot read "
	    "/nonexistent/dir/key: No such file or directory", confpath);
	snprintf(want[1], sizeof(want[1]), "%s:6: key_file: cannot read /tmp: "
	    "Is a directory", confpath);
	snprintf(want[2], sizeof(want[2]), "%s:8: key_file: cannot read %s: "
	    "the file is empty", confpath, emptypath);
	assert_int_equal(errs.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(errs.v[i], want[i]);
		assert_null(strstr(errs.v[i], "sEcReTkEy42"));
	}
	cfg_errors_free(&errs);
	cfg_free(cfg);
	unlink(keypath);
	unlink(emptypath);
	unlink(confpath);
}

/* template_file: read and kept; an unknown placeholder names both files' lines. */
static void
test_config_template_file(void **state)
{
	char good[64], bad[64], confpath[64], conf[512], want[2][512];
	struct cfg_errors errs = { 0 };
	struct config *cfg;

	(void)state;
	temp_file(good, sizeof(good), "{to}: {summary}\n{detail}\n");
	temp_file(bad, sizeof(bad), "{to}\n{summary} {nope}\n");
	snprintf(conf, sizeof(conf),
	    "[alert one]\ntype = webhook\nurl_file = " DATA "webhook.url\n"
	    "format = text\ntemplate_file = %s\n"
	    "[alert two]\ntype = webhook\nurl_file = " DATA "webhook.url\n"
	    "format = text\ntemplate_file = %s\n"
	    "[alert three]\ntype = webhook\nurl_file = " DATA "webhook.url\n"
	    "template_file = %s\n", good, bad, good);
	temp_file(confpath, sizeof(confpath), conf);

	cfg = cfg_load(confpath, false, &errs);
	assert_non_null(cfg);
	assert_string_equal(cfg->alerts[0].template, "{to}: {summary}\n{detail}");
	assert_string_equal(cfg->alerts[0].template_file, good);
	assert_null(cfg->alerts[1].template);
	snprintf(want[0], sizeof(want[0]), "%s:10: template_file: %s: line 2: "
	    "unknown placeholder {nope} (expected one of: {event_id}, {key}, "
	    "{probe}, {target}, {from}, {to}, {summary}, {detail}, {time})",
	    confpath, bad);
	snprintf(want[1], sizeof(want[1]), "%s:11: [alert three]: "
	    "template_file needs format = text", confpath);
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.v[0], want[0]);
	assert_string_equal(errs.v[1], want[1]);
	cfg_errors_free(&errs);
	cfg_free(cfg);
	unlink(good);
	unlink(bad);
	unlink(confpath);
}

/*
 * A webhook's URL inline (url =) or from a file (url_file =): one of the
 * two, never both; an inline URL must be http(s), has no password, and a
 * message about it leaves out its query string.
 */
static void
test_config_webhook_url_inline_or_file(void **state)
{
	char confpath[64], want[5][256];
	struct cfg_errors errs = { 0 };
	struct config *cfg;

	(void)state;
	temp_file(confpath, sizeof(confpath),
	    "[alert am]\ntype = webhook\n"
	    "url = http://hooks.internal:8080/sendwatch\n"		/* 3 */
	    "[alert file]\ntype = webhook\nurl_file = " DATA "webhook.url\n"
	    "[alert both]\ntype = webhook\n"				/* 7 */
	    "url = http://hooks.internal/x\n"
	    "url_file = " DATA "webhook.url\n"				/* 10 */
	    "[alert none]\ntype = webhook\n"				/* 11 */
	    "[alert ftp]\ntype = webhook\n"
	    "url = ftp://hooks.internal/x?token=tok3n\n"		/* 15 */
	    "[alert pw]\ntype = webhook\n"
	    "url = https://me:pa55@hooks.internal/x\n");		/* 18 */
	snprintf(want[0], sizeof(want[0]), "%s:10: url and url_file both "
	    "given (lines 9 and 10); give one of them", confpath);
	snprintf(want[1], sizeof(want[1]), "%s:11: [alert none]: url_file or "
	    "url is required for type = webhook", confpath);
	snprintf(want[2], sizeof(want[2]), "%s:15: url: expected "
	    "http://HOST/PATH or https://HOST/PATH, got "
	    "\"ftp://hooks.internal/x?...\"", confpath);
	snprintf(want[3], sizeof(want[3]), "%s:18: url: the URL holds a "
	    "password; put the URL in a file named by url_file", confpath);

	cfg = cfg_load(confpath, false, &errs);
	assert_non_null(cfg);
	assert_int_equal(errs.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(errs.v[i], want[i]);
	assert_string_equal(cfg->alerts[0].url,
	    "http://hooks.internal:8080/sendwatch");
	assert_null(cfg->alerts[0].url_file);
	assert_string_equal(cfg->alerts[1].url,
	    "https://hooks.example.test/T000/B000/XXXXsecrettoken");
	assert_non_null(cfg->alerts[1].url_file);
	cfg_errors_free(&errs);
	cfg_free(cfg);
	unlink(confpath);
}

static void
test_config_keys_outside_sections_and_names(void **state)
{
	char confpath[64], want[4][256];
	struct cfg_errors errs = { 0 };
	struct config *cfg;

	(void)state;
	temp_file(confpath, sizeof(confpath),
	    "timeout = 5s\n"
	    "[general extra]\n"
	    "timeout = 5s\n"
	    "[domain localhost]\n"
	    "helo = x.example\n"
	    "[DNSBL Upper]\n"
	    "zone = Upper.Example.Test.\n"
	    "[alert with.dot]\n"
	    "type = webhook\n");
	cfg = cfg_load(confpath, false, &errs);
	assert_non_null(cfg);
	snprintf(want[0], sizeof(want[0]), "%s:1: settings before the first "
	    "section (start the file with a section such as [general])", confpath);
	snprintf(want[1], sizeof(want[1]), "%s:2: [general extra]: [general] "
	    "takes no name", confpath);
	snprintf(want[2], sizeof(want[2]), "%s:4: [domain localhost]: expected "
	    "a domain name such as example.com, got \"localhost\"", confpath);
	snprintf(want[3], sizeof(want[3]), "%s:8: [alert with.dot]: expected a "
	    "name of letters, digits and '-', got \"with.dot\"", confpath);
	assert_int_equal(errs.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(errs.v[i], want[i]);
	/* section kinds and names are case-insensitive, names lowercased */
	assert_int_equal(cfg->ndnsbls, 1);
	assert_string_equal(cfg->dnsbls[0].name, "upper");
	assert_string_equal(cfg->dnsbls[0].zone, "upper.example.test");
	cfg_errors_free(&errs);
	cfg_free(cfg);
	unlink(confpath);
}

/* [http] listen: a bare port is loopback; an address is taken as given;
 * the mistakes are named; a certificate without its key is an error. */
static void
test_config_http_listen(void **state)
{
	static const struct {
		const char *val, *addr, *err;
		unsigned port;
	} cases[] = {
		{ "9115", "127.0.0.1", NULL, 9115 },
		{ "0.0.0.0:9117", "0.0.0.0", NULL, 9117 },
		{ "[::1]:9116", "::1", NULL, 9116 },
		{ "::1:80", NULL, "listen: write an IPv6 address in brackets, "
		    "such as [::1]:9115, got \"::1:80\"", 0 },
		{ "192.0.2.1:0", NULL, "listen: expected a port from 1 to "
		    "65535, got \"0\"", 0 },
		{ "127.0.0.1:http", NULL, "listen: expected a port from 1 to "
		    "65535, got \"http\"", 0 },
		{ "65536", NULL, "listen: expected a port from 1 to 65535, got "
		    "\"65536\"", 0 },
		{ "9115\ntls_cert_file = /etc/hostname", NULL, "[http]: "
		    "tls_cert_file and tls_key_file go together: give both or "
		    "neither", 9115 },
	};
	char confpath[64], conf[256], want[256];
	struct config *def;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cfg_errors errs = { 0 };
		struct config *cfg;

		snprintf(conf, sizeof(conf), "[http]\nlisten = %s\n",
		    cases[i].val);
		temp_file(confpath, sizeof(confpath), conf);
		cfg = cfg_load(confpath, false, &errs);
		assert_non_null(cfg);
		if (cases[i].err != NULL) {
			snprintf(want, sizeof(want), "%s:%d: %s", confpath,
			    cases[i].port ? 1 : 2, cases[i].err);
			assert_int_equal(errs.n, 1);
			assert_string_equal(errs.v[0], want);
		} else {
			assert_int_equal(errs.n, 0);
			assert_true(cfg->http.listen.set);
			assert_addr(&cfg->http.listen.addr, cases[i].addr);
			assert_int_equal(cfg->http.listen.port, cases[i].port);
		}
		cfg_errors_free(&errs);
		cfg_free(cfg);
		unlink(confpath);
	}
	def = cfg_defaults();
	assert_false(def->http.listen.set);
	cfg_free(def);
}

/* Every option in the table has an entry in its section of the man page. */
static void
test_config_every_option_documented(void **state)
{
	FILE *fp = fopen("contrib/sendwatch.conf.5", "r");
	char *man = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(fp);
	assert_int_equal(getdelim(&man, &len, '\0', fp) > 0, 1);
	fclose(fp);
	for (size_t i = 0; i < cfg_noptions; i++) {
		const struct cfg_option *o = &cfg_options[i];
		const struct cfg_section *s = &cfg_sections[o->section];
		char heading[64], item[64];
		const char *start, *end;

		snprintf(heading, sizeof(heading), "\n.SH \"[%s%s]\"\n", s->name,
		    s->named ? " NAME" : "");
		snprintf(item, sizeof(item), "\n.TP\n.B %s = ", o->key);
		start = strstr(man, heading);
		if (start == NULL)
			fail_msg("contrib/sendwatch.conf.5 has no section %s",
			    heading + 1);
		end = strstr(start + 1, "\n.SH ");
		start = strstr(start, item);
		if (start == NULL || (end != NULL && start > end))
			fail_msg("contrib/sendwatch.conf.5 does not document "
			    "\"%s\" in [%s]", o->key, s->name);
		assert_non_null(o->help);
	}
	free(man);
}

static void
test_config_example_is_valid(void **state)
{
	static const char *const none[] = { NULL };
	struct config *cfg;

	(void)state;
	cfg = load_expect("contrib/sendwatch.conf.example", none);
	assert_non_null(cfg);
	assert_true(cfg_ntargets(cfg) > 0);
	assert_true(cfg->ndomains > 0);
	cfg_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_good_file_fills_every_section),
		cmocka_unit_test(test_config_defaults),
		cmocka_unit_test(test_config_broken_file_reports_every_line),
		cmocka_unit_test(test_config_alert_mistakes),
		cmocka_unit_test(test_config_long_lines_are_errors_not_cut_values),
		cmocka_unit_test(test_config_continuation_lines),
		cmocka_unit_test(test_config_bom_and_crlf),
		cmocka_unit_test(test_config_repeated_keys_and_sections),
		cmocka_unit_test(test_config_sections_without_keys),
		cmocka_unit_test(test_config_secret_files),
		cmocka_unit_test(test_config_template_file),
		cmocka_unit_test(test_config_webhook_url_inline_or_file),
		cmocka_unit_test(test_config_keys_outside_sections_and_names),
		cmocka_unit_test(test_config_http_listen),
		cmocka_unit_test(test_config_every_option_documented),
		cmocka_unit_test(test_config_example_is_valid),
	};

	return cmocka_run_group_tests_name("config", tests, to_top, NULL);
}
