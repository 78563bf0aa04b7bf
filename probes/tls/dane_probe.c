/*
 * dane_probe.c -- the dane probe (see dane_probe.h).
 *
 * What senders do (RFC 7672 §2.2): a TLSA answer that validates
 * (secure), for an MX host whose address records validate too (§2.2.2;
 * otherwise DANE does not apply, a warning, and a bogus address answer
 * is critical), makes DANE mandatory for that MX: the certificate must match
 * a usable record or the sender defers the mail; a bogus answer makes
 * it defer the mail too; records in an insecure (unsigned) zone are
 * ignored, so publishing them there protects nothing. The match is
 * OpenSSL's (SSL_dane_enable, SSL_dane_tlsa_add), on a session of its
 * own (tls_smtp.c) for each address of the host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dns/dns.h"
#include "probes/tls/dane_probe.h"
#include "probes/tls/starttls_probe.h"
#include "probes/tls/tls_hosts.h"
#include "probes/tls/tls_smtp.h"

/* RFC 7218's names of the certificate usages, for messages */
static const char *const usage_name[] = {
	"PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE",
};
/* "3 1 1 a865...0022" of one record, shortened, for messages. */
static void
tlsa_string(const struct dns_rr *rr, char *buf, size_t len)
{
	size_t o;
	int w = snprintf(buf, len, "%u %u %u ", rr->u.tlsa.usage,
	    rr->u.tlsa.selector, rr->u.tlsa.mtype);

	if (w < 0 || (size_t)w >= len)
		return;
	o = (size_t)w;
	for (size_t i = 0; i < rr->u.tlsa.len && o + 3 < len; i++, o += 2)
		snprintf(buf + o, len - o, "%02x", rr->u.tlsa.data[i]);
}

/* "3 1 1 a865f0e1c2d3b4a5..." of one record, for summaries. */
static void
tlsa_short(const struct dns_rr *rr, char *buf, size_t len)
{
	char full[160];

	tlsa_string(rr, full, sizeof(full));
	snprintf(buf, len, "%.22s%s", full, strlen(full) > 22 ? "..." : "");
}

/* What one record names in what the server presented, for the detail. */
static void
tlsa_line(const struct dns_rr *rr, bool presented, int depth, bool matched,
    char *buf, size_t len)
{
	char rec[160], where[48];
	const char *usage = rr->u.tlsa.usage < 4 ?
	    usage_name[rr->u.tlsa.usage] : "unknown usage";

	tlsa_string(rr, rec, sizeof(rec));
	if (!presented) {
		snprintf(buf, len, "TLSA %s (%s)", rec, usage);
		return;
	}
	if (depth < 0) {
		snprintf(buf, len, "TLSA %s (%s): names no certificate the "
		    "server presents (stale, or for another server)", rec, usage);
		return;
	}
	if (depth == 0)
		snprintf(where, sizeof(where), "the server's certificate");
	else
		snprintf(where, sizeof(where), "the certificate at chain depth "
		    "%d", depth);
	snprintf(buf, len, "TLSA %s (%s): names %s%s", rec, usage, where,
	    matched ? "; the record OpenSSL matched" : "");
}

static bool
already_reported(const struct finding_list *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return true;
	return false;
}

/*
 * One address against the records: its state and a detail line; adds
 * to named[] the records that name a certificate it presented and to
 * matched[] the one OpenSSL matched.
 */
static enum finding_state
dane_addr(const struct probe_ctx *ctx, const struct tls_host *h, size_t i,
    const struct tls_smtp_tlsa *tlsa, size_t ntlsa, int *named, bool *matched,
    bool *presented, char *line, size_t len)
{
	struct tls_smtp_req req = {
		.host = h->name, .addr = h->addr[i], .addrlen = h->addrlen[i],
		.ehlo = tls_ehlo_name(ctx->cfg, ctx->target), .tlsa = tlsa,
		.ntlsa = ntlsa,
	};
	struct tls_smtp_result r;
	char addr[64];

	req.deadline_ms = dns_now_ms() + STARTTLS_SESSION_MS;
	if (ctx->deadline_ms != 0 && ctx->deadline_ms < req.deadline_ms)
		req.deadline_ms = ctx->deadline_ms;
	tls_addr_string(&h->addr[i], addr, sizeof(addr));
	if (tls_smtp_session(&req, &r) == -1) {
		snprintf(line, len, "%s: could not check: %s", addr, r.error);
		return FINDING_UNKNOWN;
	}
	for (size_t k = 0; k < ntlsa; k++)
		if (r.tlsa_depth[k] >= 0 && (named[k] < 0 ||
		    r.tlsa_depth[k] < named[k]))
			named[k] = r.tlsa_depth[k];
	if (r.dane_record >= 0)
		matched[r.dane_record] = true;
	if (r.stage == TLS_SMTP_DONE && r.have_cert)
		*presented = true;
	if (r.stage == TLS_SMTP_DONE && r.dane_ok) {
		snprintf(line, len, "%s: the certificate matches a TLSA record "
		    "(at chain depth %d)", addr, r.dane_depth);
		return FINDING_OK;
	}
	if (r.stage == TLS_SMTP_DONE) {
		snprintf(line, len, "%s: the certificate (key SHA-256 %s) "
		    "matches none of the TLSA records (%s)", addr, r.spki_sha256,
		    r.verify_text);
		return FINDING_CRITICAL;
	}
	if (r.stage == TLS_SMTP_STARTTLS && !r.timed_out) {
		snprintf(line, len, "%s: %s, yet TLSA records require it",
		    addr, r.error);
		return FINDING_CRITICAL;
	}
	if (r.stage == TLS_SMTP_HANDSHAKE && !r.timed_out) {
		snprintf(line, len, "%s: %s", addr, r.error);
		return FINDING_CRITICAL;
	}
	snprintf(line, len, "%s: could not check: %s", addr, r.error);
	return FINDING_UNKNOWN;
}

/* Appends one line to detail at *o. */
static void
detail_add(char *detail, size_t len, size_t *o, const char *line)
{
	int w = snprintf(detail + *o, len - *o, "%s\n", line);

	if (w > 0 && (size_t)w < len - *o)
		*o += (size_t)w;
}

/*
 * The records no address presented a certificate for, shortened, into
 * buf ("3 1 1 a865f0e1c2d3b4a5..., ..."); how many.
 */
static size_t
stale_records(const struct dns_answer *a, size_t n, const int *named,
    char *buf, size_t len)
{
	size_t nstale = 0, o = 0;
	char rec[40];

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w;

		if (named[i] >= 0)
			continue;
		tlsa_short(&a->rr[i], rec, sizeof(rec));
		w = snprintf(buf + o, len - o, "%s%s", nstale++ ? ", " : "", rec);
		if (w > 0 && (size_t)w < len - o)
			o += (size_t)w;
	}
	return nstale;
}

/* Secure records: every address must present a matching certificate. */
static int
dane_match(const struct probe_ctx *ctx, const struct tls_host *h,
    const struct dns_answer *a, const char *key)
{
	struct tls_smtp_tlsa tlsa[TLS_SMTP_MAX_TLSA];
	enum finding_state state = FINDING_OK;
	char detail[4096] = "", addrs[3072] = "", summary[400], line[400];
	char stale[200];
	int named[TLS_SMTP_MAX_TLSA];
	bool matched[TLS_SMTP_MAX_TLSA] = { false }, presented = false;
	size_t n = 0, o = 0, ao = 0, nstale;
	struct finding *f;

	for (size_t i = 0; i < a->nrr && n < TLS_SMTP_MAX_TLSA; i++) {
		tlsa[n].usage = a->rr[i].u.tlsa.usage;
		tlsa[n].selector = a->rr[i].u.tlsa.selector;
		tlsa[n].mtype = a->rr[i].u.tlsa.mtype;
		tlsa[n].data = a->rr[i].u.tlsa.data;
		tlsa[n].len = a->rr[i].u.tlsa.len;
		named[n++] = -1;
	}
	if (h->naddr == 0)
		state = FINDING_UNKNOWN;
	for (size_t i = 0; i < h->naddr; i++) {
		enum finding_state st = dane_addr(ctx, h, i, tlsa, n, named,
		    matched, &presented, line, sizeof(line));

		if (finding_state_worse(st, state))
			state = st;
		detail_add(addrs, sizeof(addrs), &ao, line);
	}
	/* the records first, with what each names; then each address */
	for (size_t i = 0; i < n; i++) {
		tlsa_line(&a->rr[i], presented, named[i], matched[i], line,
		    sizeof(line));
		detail_add(detail, sizeof(detail), &o, line);
	}
	detail_add(detail, sizeof(detail), &o, addrs);
	while (o > 0 && detail[o - 1] == '\n')
		detail[--o] = '\0';
	/* a record is stale only against a certificate some address showed */
	nstale = presented ? stale_records(a, n, named, stale, sizeof(stale)) :
	    0;
	if (state == FINDING_OK && nstale == 0)
		snprintf(summary, sizeof(summary), "%s: the certificate matches "
		    "its DNSSEC-signed TLSA records", h->name);
	else if (state == FINDING_OK)
		snprintf(summary, sizeof(summary), "%s: the certificate matches "
		    "its DNSSEC-signed TLSA records (TLSA %s names no certificate "
		    "presented: left over from a rollover?)", h->name, stale);
	else if (state == FINDING_CRITICAL && nstale > 0)
		snprintf(summary, sizeof(summary), "%s: the certificate does not"
		    " match its DNSSEC-signed TLSA records: DANE senders will not"
		    " deliver; TLSA %s names no certificate the server presents "
		    "(stale after a key rollover?)", h->name, stale);
	else if (state == FINDING_CRITICAL && !presented)
		snprintf(summary, sizeof(summary), "%s: DNSSEC-signed TLSA "
		    "records, but no certificate to match them (see the detail): "
		    "DANE senders will not deliver", h->name);
	else if (state == FINDING_CRITICAL)
		snprintf(summary, sizeof(summary), "%s: the certificate does not"
		    " match its DNSSEC-signed TLSA records: DANE senders will not"
		    " deliver", h->name);
	else
		snprintf(summary, sizeof(summary), "%s: TLSA records published; "
		    "could not check the certificate against them: %s", h->name,
		    h->naddr == 0 ? h->why : "see the detail");
	if ((f = finding_list_add(ctx->findings, key, "dane", h->name, state,
	    summary, detail)) == NULL)
		return -1;
	/* DANE applies to this host: how many of its records are stale */
	snprintf(f->result, sizeof(f->result), "%zu", nstale);
	f->result_key = "tlsa_stale";
	return 0;
}

/* One host: its TLSA answer, judged, and matched when secure. */
static int
dane_host(const struct probe_ctx *ctx, const struct tls_host *h)
{
	char key[300], qname[300], summary[400];
	const char *detail = NULL;
	enum finding_state state;
	struct dns_answer *a;
	int rv;

	snprintf(key, sizeof(key), "dane/%s", h->name);
	if (already_reported(ctx->findings, key))
		return 0;
	snprintf(qname, sizeof(qname), "_25._tcp.%s", h->name);
	if ((a = dns_query(ctx->resolver, qname, DNS_T_TLSA)) == NULL)
		return -1;
	if (a->bogus) {
		state = FINDING_CRITICAL;
		snprintf(summary, sizeof(summary), "%s: the TLSA answer fails "
		    "DNSSEC validation (bogus: %s): DANE senders defer mail to "
		    "it", h->name, a->reason);
		detail = "RFC 7672 §2.2.2: a validating sender treats a bogus "
		    "TLSA answer as a failure and does not deliver. Fix the "
		    "zone's signatures (or its DS at the parent).";
	} else if (a->status == DNS_FAILURE) {
		state = FINDING_UNKNOWN;
		snprintf(summary, sizeof(summary), "%s: TLSA lookup of %s "
		    "failed: %s", h->name, qname, a->reason);
	} else if (a->status != DNS_DATA) {
		state = FINDING_OK;
		snprintf(summary, sizeof(summary), "%s: no TLSA records: DANE "
		    "not used", h->name);
	} else if (!a->secure) {
		state = FINDING_WARNING;
		snprintf(summary, sizeof(summary), "%s: %zu TLSA record%s in a "
		    "zone without DNSSEC: senders ignore them", h->name, a->nrr,
		    a->nrr == 1 ? "" : "s");
		detail = "RFC 7672 §2.2: TLSA records count only when their "
		    "answer is DNSSEC-validated. Sign the zone (and publish its "
		    "DS), or remove the records.";
	} else if (h->addr_bogus) {
		state = FINDING_CRITICAL;
		snprintf(summary, sizeof(summary), "%s: its address records fail "
		    "DNSSEC validation (bogus): validating senders cannot reach "
		    "it", h->name);
		detail = "RFC 7672 §2.2.2: the A/AAAA lookup of the MX host comes "
		    "first; a bogus answer leaves a validating sender no address "
		    "to deliver to. Fix the signatures of the host's zone.";
	} else if (h->addr_insecure) {
		state = FINDING_WARNING;
		snprintf(summary, sizeof(summary), "%s: TLSA records are "
		    "DNSSEC-signed but its address records are not: senders do "
		    "not use DANE for it", h->name);
		detail = "RFC 7672 §2.2.2: a sender looks for TLSA records only "
		    "when the MX host's A/AAAA answer is DNSSEC-validated; here it "
		    "is insecure, so the signed TLSA records protect nothing. "
		    "Sign the zone of the host's address records, or name an MX "
		    "host in a signed zone.";
	} else {
		rv = dane_match(ctx, h, a, key);
		dns_answer_free(a);
		return rv;
	}
	dns_answer_free(a);
	return finding_list_add(ctx->findings, key, "dane", h->name, state,
	    summary, detail) == NULL ? -1 : 0;
}

static int
dane_run(const struct probe_ctx *ctx)
{
	struct tls_hosts hs;
	char key[300], err[160];
	uint16_t port;
	int rv = 0;

	snprintf(key, sizeof(key), "dane/%s", ctx->target);
	if (tls_smtp_port(&port, err, sizeof(err)) == -1)
		return finding_list_add(ctx->findings, key, "dane", ctx->target,
		    FINDING_UNKNOWN, err, NULL) == NULL ? -1 : 0;
	if (tls_hosts_of_domain(ctx->resolver, ctx->cfg, ctx->target, port,
	    &hs) == -1)
		return -1;
	if (hs.failed && hs.n == 0)
		rv = finding_list_add(ctx->findings, key, "dane", ctx->target,
		    FINDING_UNKNOWN, hs.why, NULL) == NULL ? -1 : 0;
	for (size_t i = 0; rv == 0 && i < hs.n; i++)
		rv = dane_host(ctx, &hs.v[i]);
	tls_hosts_free(&hs);
	return rv;
}

/* Not when [schedule] tls is 0s (it connects to other people's servers). */
static bool
dane_wanted(const struct config *c)
{
	return c->ndomains > 0 && c->schedule.tls_ms > 0;
}

/*
 * dane_hosts: the MX hosts DANE applies to (validated TLSA records and
 * address records); tlsa_stale: their records that name no certificate
 * presented (a rollover left over, or the reason for a critical).
 */
static void
dane_perfdata(const struct probe_ctx *ctx, char *buf, size_t len)
{
	size_t hosts = 0, stale = 0;

	for (size_t i = 0; i < ctx->findings->n; i++) {
		const struct finding *f = &ctx->findings->v[i];
		char *end;
		unsigned long long n;

		if (f->result_key == NULL || strcmp(f->result_key,
		    "tlsa_stale") != 0)
			continue;
		n = strtoull(f->result, &end, 10);
		if (*end != '\0')
			continue;
		hosts++;
		stale += (size_t)n;
	}
	snprintf(buf, len, " dane_hosts=%zu;;;0 tlsa_stale=%zu;;;0", hosts,
	    stale);
}

const struct probe probe_dane = {
	.name = "dane",
	.summary = "the DNSSEC-validated TLSA records of each domain's MX hosts"
	    " (RFC 7672) and whether the certificate each presents matches them",
	.targets = PROBE_ON_DOMAIN,
	.schedule = "tls",
	.schedule_off = offsetof(struct cfg_schedule, tls_ms),
	.wanted = dane_wanted,
	.run = dane_run,
	.nagios = PROBE_NAGIOS_WORST,
	.perfdata = dane_perfdata,
};
