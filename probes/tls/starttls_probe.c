/*
 * starttls_probe.c -- the starttls probe (see starttls_probe.h).
 *
 * Each address of a host gets one session (tls_smtp.c); what each saw is
 * judged on its own, and the host's finding is the worst of them, with
 * one detail line per address. A connection that fails or times out is
 * unknown: we could not tell, so never ok. The summary may carry the
 * days left (it changes daily); the detail carries only dates, since a
 * changed detail is an event in `run`.
 *
 * The finding's result is the earliest notAfter of the host's
 * certificates in unix seconds (JSON "cert_not_after"); `check
 * starttls` turns it into cert_days_left perfdata and `run` into the
 * metric sendwatch_tls_cert_expiry_seconds.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/x509.h>

#include "probes/dns/dns.h"
#include "probes/tls/starttls_probe.h"
#include "probes/tls/tls_hosts.h"
#include "probes/tls/tls_smtp.h"
#include "probes/tls/x509_dates.h"

/* What one address showed: its state, one line for the summary. */
struct addr_verdict {
	enum finding_state	 state;
	char			 summary[200];
	char			 line[600];	/* the detail line */
};

/*
 * Appends one problem: raises v->state, keeps the first worst summary.
 * stable is the detail's wording when text changes by itself (days
 * left), NULL when text is stable.
 */
static void
problem_text(struct addr_verdict *v, enum finding_state s, const char *text,
    const char *stable)
{
	size_t o = strlen(v->line);
	bool raises = finding_state_worse(s, v->state);

	if (raises || v->summary[0] == '\0')
		snprintf(v->summary, sizeof(v->summary), "%s", text);
	if (raises)
		v->state = s;
	snprintf(v->line + o, sizeof(v->line) - o, "; %s",
	    stable != NULL ? stable : text);
}

static void
problem(struct addr_verdict *v, enum finding_state s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
problem(struct addr_verdict *v, enum finding_state s, const char *fmt, ...)
{
	char text[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	problem_text(v, s, text, NULL);
}

/* Expiring soon: the summary counts the days, the detail names the date. */
static void
problem_expiry(struct addr_verdict *v, enum finding_state s, int64_t days,
    const char *date, int limit)
{
	char text[120], stable[120];

	snprintf(text, sizeof(text), "certificate expires in %" PRId64
	    " days (%s)", days, date);
	snprintf(stable, sizeof(stable), "certificate expires on %s, within %d "
	    "days", date, limit);
	problem_text(v, s, text, stable);
}

/* The certificate of a finished handshake. */
static void
judge_cert(const struct tls_smtp_result *r, const char *host, time_t now,
    struct addr_verdict *v)
{
	char date[16];
	int64_t days = x509_days_left(r->not_after, now);

	x509_format_date(r->not_after, date, sizeof(date));
	if (!r->have_cert) {
		problem(v, FINDING_CRITICAL, "no certificate presented");
		return;
	}
	if (r->not_after == 0)
		problem(v, FINDING_UNKNOWN, "certificate expiry unreadable");
	else if (days < 0)
		problem(v, FINDING_CRITICAL, "certificate expired on %s", date);
	else if (days < STARTTLS_CRIT_DAYS)
		problem_expiry(v, FINDING_CRITICAL, days, date,
		    STARTTLS_CRIT_DAYS);
	else if (days < STARTTLS_WARN_DAYS)
		problem_expiry(v, FINDING_WARNING, days, date,
		    STARTTLS_WARN_DAYS);
	if (r->verify != X509_V_OK && r->verify != X509_V_ERR_CERT_HAS_EXPIRED)
		problem(v, FINDING_CRITICAL, "certificate not trusted: %s",
		    r->verify_text);
	if (!r->name_ok && !tls_is_address(host))
		problem(v, FINDING_CRITICAL, "certificate is for %s, not %s",
		    r->names[0] ? r->names : "no name", host);
	else if (!r->name_ok)
		problem(v, FINDING_CRITICAL, "certificate is for %s, not %s, "
		    "the name it greets with", r->names[0] ? r->names :
		    "no name", r->greeting_host[0] ? r->greeting_host :
		    "(none)");
	if (tls_smtp_old_protocol(r->version))
		problem(v, FINDING_WARNING, "only %s negotiated (TLS 1.2 or "
		    "newer expected; RFC 8996 deprecates TLS 1.0 and 1.1)",
		    r->protocol);
}

static void
judge(const struct tls_smtp_result *r, const char *host, time_t now,
    struct addr_verdict *v)
{
	char date[16];

	v->state = FINDING_OK;
	switch (r->stage) {
	case TLS_SMTP_CONNECT:
	case TLS_SMTP_GREETING:
	case TLS_SMTP_EHLO:
		problem(v, FINDING_UNKNOWN, "could not check: %s", r->error);
		return;
	case TLS_SMTP_STARTTLS:
		if (r->timed_out || r->starttls_offered)
			problem(v, r->timed_out ? FINDING_UNKNOWN :
			    FINDING_CRITICAL, "%s", r->error);
		else
			problem(v, FINDING_CRITICAL, "STARTTLS not offered: mail "
			    "to it travels unencrypted");
		return;
	case TLS_SMTP_HANDSHAKE:
		problem(v, r->timed_out ? FINDING_UNKNOWN : FINDING_CRITICAL,
		    "%s", r->error);
		return;
	case TLS_SMTP_DONE:
		break;
	}
	judge_cert(r, host, now, v);
	if (v->state == FINDING_OK) {
		x509_format_date(r->not_after, date, sizeof(date));
		snprintf(v->summary, sizeof(v->summary), "STARTTLS with %s, "
		    "certificate valid until %s (%" PRId64 " days)",
		    r->protocol, date, x509_days_left(r->not_after, now));
	}
}

/* One address: the session and its verdict. */
static void
check_addr(const struct probe_ctx *ctx, const struct tls_host *h, size_t i,
    const char *ehlo, struct addr_verdict *v, int64_t *not_after)
{
	struct tls_smtp_req req = {
		.host = tls_is_address(h->name) ? NULL : h->name,
		.addr = h->addr[i], .addrlen = h->addrlen[i],
		.ehlo = ehlo, .ca_file = ctx->cfg ? ctx->cfg->general.ca_file :
		    NULL,
	};
	struct tls_smtp_result r;
	char addr[64], date[32];
	uint64_t now = dns_now_ms();

	req.deadline_ms = now + STARTTLS_SESSION_MS;
	if (ctx->deadline_ms != 0 && ctx->deadline_ms < req.deadline_ms)
		req.deadline_ms = ctx->deadline_ms;
	memset(v, 0, sizeof(*v));
	tls_addr_string(&h->addr[i], addr, sizeof(addr));
	if (tls_smtp_session(&req, &r) == -1) {
		problem(v, FINDING_UNKNOWN, "could not check: %s", r.error);
		snprintf(v->line, sizeof(v->line), "%s: %s", addr, r.error);
		return;
	}
	judge(&r, h->name, time(NULL), v);
	/* the stable facts first, then the problems judge() appended */
	{
		char problems[600];
		snprintf(problems, sizeof(problems), "%s", v->line);
		x509_format_time(r.not_after, date, sizeof(date));
		if (r.stage == TLS_SMTP_DONE)
			snprintf(v->line, sizeof(v->line), "%s: greeting %s, %s "
			    "%s, certificate for %s until %s%s", addr,
			    r.greeting_host, r.protocol, r.cipher, r.names,
			    date, problems);
		else
			snprintf(v->line, sizeof(v->line), "%s: %s%s%s", addr,
			    r.greeting_host[0] ? "greeting " : "",
			    r.greeting_host, r.greeting_host[0] ? problems :
			    problems + 2);
	}
	if (r.stage == TLS_SMTP_DONE && r.have_cert && r.not_after != 0 &&
	    (*not_after == 0 || r.not_after < *not_after))
		*not_after = r.not_after;
}

static bool
already_reported(const struct finding_list *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return true;
	return false;
}

/* One host: every address, one finding. 0, or -1 when out of memory. */
static int
check_host(const struct probe_ctx *ctx, const struct tls_host *h,
    const char *ehlo, uint16_t port)
{
	enum finding_state state = FINDING_OK;
	char key[300], summary[400], detail[4096] = "", portnote[80] = "";
	const char *worst = "";
	struct addr_verdict v[TLS_HOST_MAX_ADDRS];
	int64_t not_after = 0;
	size_t o = 0;
	struct finding *f;

	snprintf(key, sizeof(key), "starttls/%s", h->name);
	if (already_reported(ctx->findings, key))
		return 0;	/* an MX of two domains is checked once */
	if (port != 25)
		snprintf(portnote, sizeof(portnote), " (port %u from "
		    "SENDWATCH_TEST_SMTP_PORT)", port);
	if (h->naddr == 0)
		return finding_list_add(ctx->findings, key, "starttls", h->name,
		    FINDING_UNKNOWN, h->why, "Without an address its STARTTLS "
		    "cannot be checked.") == NULL ? -1 : 0;
	for (size_t i = 0; i < h->naddr; i++) {
		check_addr(ctx, h, i, ehlo, &v[i], &not_after);
		if (i == 0 || finding_state_worse(v[i].state, state)) {
			state = v[i].state;
			worst = v[i].summary;
		}
		int w = snprintf(detail + o, sizeof(detail) - o, "%s%s",
		    o ? "\n" : "", v[i].line);
		if (w > 0 && (size_t)w < sizeof(detail) - o)
			o += (size_t)w;
	}
	if (h->failed && state == FINDING_OK) {
		state = FINDING_UNKNOWN;
		worst = h->why;
	}
	snprintf(summary, sizeof(summary), "%s: %s%s", h->name, worst,
	    portnote);
	if ((f = finding_list_add(ctx->findings, key, "starttls", h->name,
	    state, summary, detail)) == NULL)
		return -1;
	if (not_after != 0) {
		snprintf(f->result, sizeof(f->result), "%" PRId64, not_after);
		f->result_key = "cert_not_after";
	}
	return 0;
}

/*
 * One of the admin's MTAs ([targets] ip or host): the address, or every
 * address of the name, checked as an MX host is (key starttls/<target>).
 */
static int
starttls_mta(const struct probe_ctx *ctx, uint16_t port)
{
	struct tls_host h;
	char key[300];
	int rv;

	snprintf(key, sizeof(key), "starttls/%s", ctx->target);
	if (already_reported(ctx->findings, key))
		return 0;	/* also an MX host or smtp_hosts entry */
	if (tls_host_of(ctx->resolver, ctx->target, port, &h) == -1)
		return -1;
	rv = check_host(ctx, &h, tls_ehlo_name(ctx->cfg, NULL), port);
	free(h.name);
	return rv;
}

static int
starttls_run(const struct probe_ctx *ctx)
{
	struct tls_hosts hs;
	char key[300], err[160];
	uint16_t port;
	int rv = 0;

	snprintf(key, sizeof(key), "starttls/%s", ctx->target);
	if (tls_smtp_port(&port, err, sizeof(err)) == -1)
		return finding_list_add(ctx->findings, key, "starttls",
		    ctx->target, FINDING_UNKNOWN, err, NULL) == NULL ? -1 : 0;
	/* check and /probe do not say: an address is an MTA, a name a domain */
	if (ctx->on == PROBE_ON_MTA || (ctx->on == 0 &&
	    tls_is_address(ctx->target)))
		return starttls_mta(ctx, port);
	if (tls_hosts_of_domain(ctx->resolver, ctx->cfg, ctx->target, port,
	    &hs) == -1)
		return -1;
	if (hs.failed && hs.n == 0)
		rv = finding_list_add(ctx->findings, key, "starttls",
		    ctx->target, FINDING_UNKNOWN, hs.why, "Without its MX hosts "
		    "their STARTTLS cannot be checked.") == NULL ? -1 : 0;
	for (size_t i = 0; rv == 0 && i < hs.n; i++)
		rv = check_host(ctx, &hs.v[i], tls_ehlo_name(ctx->cfg,
		    ctx->target), port);
	tls_hosts_free(&hs);
	return rv;
}

/* Not when [schedule] tls is 0s (it connects to other people's servers). */
static bool
starttls_wanted(const struct config *c)
{
	return (c->ndomains > 0 || c->targets.nips > 0 ||
	    c->targets.nhosts > 0) && c->schedule.tls_ms > 0;
}

/* cert_days_left: the fewest days any certificate of the run has left. */
static void
starttls_perfdata(const struct probe_ctx *ctx, char *buf, size_t len)
{
	int64_t least = INT64_MAX;
	time_t now = time(NULL);

	for (size_t i = 0; i < ctx->findings->n; i++) {
		const struct finding *f = &ctx->findings->v[i];
		char *end;
		long long na;

		if (f->result_key == NULL || strcmp(f->result_key,
		    "cert_not_after") != 0)
			continue;
		na = strtoll(f->result, &end, 10);
		if (*end == '\0' && x509_days_left(na, now) < least)
			least = x509_days_left(na, now);
	}
	if (least == INT64_MAX)
		snprintf(buf, len, " cert_days_left=U;%d;%d", STARTTLS_WARN_DAYS,
		    STARTTLS_CRIT_DAYS);
	else
		snprintf(buf, len, " cert_days_left=%" PRId64 ";%d:;%d:", least,
		    STARTTLS_WARN_DAYS, STARTTLS_CRIT_DAYS);
}

const struct probe probe_starttls = {
	.name = "starttls",
	.summary = "STARTTLS of each domain's MX hosts and smtp_hosts and of"
	    " the [targets] ip and host entries: offered, TLS 1.2 or newer, a"
	    " trusted certificate for the host name, days until it expires",
	.targets = PROBE_ON_DOMAIN | PROBE_ON_MTA,
	.schedule = "tls",
	.schedule_off = offsetof(struct cfg_schedule, tls_ms),
	.wanted = starttls_wanted,
	.run = starttls_run,
	.nagios = PROBE_NAGIOS_WORST,
	.perfdata = starttls_perfdata,
};
