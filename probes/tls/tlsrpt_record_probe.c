/*
 * tlsrpt_record_probe.c -- the tlsrpt probe (key tlsrpt/<domain>): the
 * TLS-RPT record at _smtp._tls.<domain> (RFC 8460 §3). Senders use the
 * record only when exactly one TXT record there starts with
 * "v=TLSRPTv1;"; its rua= destinations must be able to receive: a
 * mailto: domain needs MX records, an https: host an address.
 *
 * Severity: TLS-RPT carries reports about failed TLS sessions, not mail,
 * so a broken record is a warning (reports are lost), never critical.
 * A domain without a record is ok: the record is optional (it matters
 * beside MTA-STS or DANE, and the detail says so). A lookup that fails
 * is unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/tls/tlsrpt_record.h"

/* What the TXT RRset at _smtp._tls.<domain> holds. */
struct tlsrpt_found {
	enum dns_status	 status;
	char		 reason[160];
	size_t		 nrecords;
	char		*text;		/* the first TLS-RPT record */
	size_t		 len;
	const char	*near_miss;	/* why a would-be record is skipped */
	char		*near_text;	/* that record */
};

static int
tlsrpt_fetch(struct authdns *ad, const char *name, struct tlsrpt_found *f)
{
	struct dns_answer *a = authdns_query(ad, name, DNS_T_TXT);

	memset(f, 0, sizeof(*f));
	if (a == NULL)
		return -1;
	f->status = a->status;
	snprintf(f->reason, sizeof(f->reason), "%s", a->reason);
	for (size_t i = 0; a->status == DNS_DATA && i < a->nrr; i++) {
		const char *d = a->rr[i].u.txt.data;
		size_t n = a->rr[i].u.txt.len;

		if (!tlsrpt_record_is_tlsrpt(d, n)) {
			const char *why = tlsrpt_record_near_miss(d, n);
			if (why != NULL && f->near_miss == NULL) {
				f->near_miss = why;
				if ((f->near_text = strndup(d, n)) == NULL)
					goto oom;
			}
			continue;
		}
		if (f->nrecords++ == 0) {
			if ((f->text = strndup(d, n)) == NULL)
				goto oom;
			f->len = n;
		}
	}
	authdns_release(ad, a);
	return 0;
oom:
	authdns_release(ad, a);
	free(f->text);
	free(f->near_text);
	return -1;
}

/* A mailto: destination's domain must receive mail. */
static void
tlsrpt_check_mailto(struct authdns *ad, const struct tlsrpt_dest *d,
    struct verdict *v)
{
	struct dns_answer *a = authdns_query(ad, d->host, DNS_T_MX);

	if (a == NULL)
		return;
	if (a->status == DNS_FAILURE)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not look up the MX of %s (rua %s): %s\nFix: check "
		    "that %s's name servers answer.", d->host, d->uri,
		    a->reason, d->host);
	else if (a->status != DNS_DATA)
		verdict_add(v, FINDING_WARNING,
		    "rua destination %s has no MX records\nReports are sent "
		    "by mail; without an MX at %s most senders will not "
		    "deliver them. Fix: publish MX records for %s or use an "
		    "address in a domain that receives mail.", d->uri,
		    d->host, d->host);
	else if (a->nrr == 1 && (a->rr[0].u.mx.host[0] == '\0' ||
	    strcmp(a->rr[0].u.mx.host, ".") == 0))
		verdict_add(v, FINDING_WARNING,
		    "rua destination %s publishes a null MX\nIt accepts no "
		    "mail (RFC 7505), so TLS reports to %s are lost. Fix: use "
		    "an address in a domain that receives mail.", d->host,
		    d->uri);
	else
		verdict_note(v, "rua %s: %s receives mail (MX)", d->uri,
		    d->host);
	authdns_release(ad, a);
}

/* An https: destination's host must have an address. */
static void
tlsrpt_check_https(struct authdns *ad, const struct tlsrpt_dest *d,
    struct verdict *v)
{
	static const uint16_t	 types[] = { DNS_T_A, DNS_T_AAAA };
	size_t			 naddr = 0;
	bool			 failed = false;
	char			 reason[160] = "";

	for (size_t i = 0; i < 2; i++) {
		struct dns_answer *a = authdns_query(ad, d->host, types[i]);
		if (a == NULL)
			return;
		if (a->status == DNS_FAILURE) {
			failed = true;
			snprintf(reason, sizeof(reason), "%s", a->reason);
		} else if (a->status == DNS_DATA)
			naddr += a->nrr;
		authdns_release(ad, a);
	}
	if (naddr > 0)
		verdict_note(v, "rua %s: %s has %zu address%s", d->uri,
		    d->host, naddr, naddr == 1 ? "" : "es");
	else if (failed)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not look up the address of %s (rua %s): %s\nFix: "
		    "check that its name servers answer.", d->host, d->uri,
		    reason);
	else
		verdict_add(v, FINDING_WARNING,
		    "rua destination %s: %s has no address\nSenders cannot "
		    "post reports to it. Fix: publish an A or AAAA record "
		    "for %s, or correct the URL.", d->uri, d->host, d->host);
}

/* The record found: grammar, then each destination once. */
static int
tlsrpt_check_record(struct authdns *ad, const struct tlsrpt_found *f,
    struct verdict *v)
{
	struct tlsrpt_record r;

	verdict_note(v, "record: %s", f->text);
	if (tlsrpt_record_parse(f->text, f->len, &r, v) == -1) {
		tlsrpt_record_free(&r);
		return -1;
	}
	for (size_t i = 0; i < r.nrua; i++) {
		const struct tlsrpt_dest *d = &r.rua[i];
		bool seen = false;

		for (size_t k = 0; k < i && !seen; k++)
			seen = r.rua[k].host != NULL && d->host != NULL &&
			    r.rua[k].scheme == d->scheme &&
			    strcmp(r.rua[k].host, d->host) == 0;
		if (seen || d->scheme == TLSRPT_BAD)
			continue;
		if (d->scheme == TLSRPT_MAILTO)
			tlsrpt_check_mailto(ad, d, v);
		else
			tlsrpt_check_https(ad, d, v);
	}
	tlsrpt_record_free(&r);
	return 0;
}

int
tlsrpt_probe(struct authdns *ad, const char *domain, struct finding_list *l)
{
	struct tlsrpt_found	 f;
	struct verdict		 v;
	char			 name[300], key[300], ok[400];
	int			 rc = -1;

	verdict_init(&v);
	snprintf(name, sizeof(name), "_smtp._tls.%s", domain);
	snprintf(key, sizeof(key), "tlsrpt/%s", domain);
	if (tlsrpt_fetch(ad, name, &f) == -1)
		goto done;
	snprintf(ok, sizeof(ok), "TLS-RPT record of %s is in order", domain);
	if (f.status == DNS_FAILURE)
		verdict_add(&v, FINDING_UNKNOWN,
		    "lookup of %s failed: %s\nSenders that see the same "
		    "failure send no TLS reports. Fix: check that the domain's "
		    "name servers answer.", name, f.reason);
	else if (f.nrecords == 0 && f.near_miss != NULL)
		verdict_add(&v, FINDING_WARNING,
		    "the TXT record at %s is not a TLS-RPT record: %s\n"
		    "Senders only use a record that starts exactly with "
		    "\"v=TLSRPTv1;\" (RFC 8460 §3), so they send no TLS reports. "
		    "Record: %s. Fix: publish \"v=TLSRPTv1; rua=mailto:tlsrpt@"
		    "%s\".", name, f.near_miss, f.near_text, domain);
	else if (f.nrecords == 0) {
		snprintf(ok, sizeof(ok), "no TLS-RPT record at %s (optional)",
		    name);
		verdict_note(&v, "Without it, senders cannot tell you when "
		    "TLS to your MX fails. It matters with MTA-STS or DANE: "
		    "publish TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@%s\" at %s.",
		    domain, name);
	} else if (f.nrecords > 1)
		verdict_add(&v, FINDING_WARNING,
		    "%zu TLS-RPT records at %s\nWith more than one, senders "
		    "assume TLS reporting is not implemented (RFC 8460 §3) and "
		    "send nothing. Fix: merge them into one record.",
		    f.nrecords, name);
	else if (tlsrpt_check_record(ad, &f, &v) == -1)
		goto done;
	rc = verdict_emit(&v, l, key, "tlsrpt", domain, ok);
done:
	free(f.text);
	free(f.near_text);
	verdict_free(&v);
	return rc;
}

static int
tlsrpt_run(const struct probe_ctx *ctx)
{
	struct authdns ad;

	authdns_from_resolver(&ad, ctx->resolver);
	return tlsrpt_probe(&ad, ctx->target, ctx->findings);
}

/* Like starttls and dane: not when [schedule] tls is 0s. */
static bool
tlsrpt_wanted(const struct config *c)
{
	return c->ndomains > 0 && c->schedule.tls_ms > 0;
}

const struct probe probe_tlsrpt = {
	.name = "tlsrpt",
	.summary = "the TLS-RPT record of each domain (_smtp._tls): one"
	    " record, its syntax, and rua destinations that can receive",
	.targets = PROBE_ON_DOMAIN,
	.schedule = "tls",
	.schedule_off = offsetof(struct cfg_schedule, tls_ms),
	.wanted = tlsrpt_wanted,
	.run = tlsrpt_run,
	.nagios = PROBE_NAGIOS_WORST,
};
