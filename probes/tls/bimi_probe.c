/*
 * bimi_probe.c -- the bimi probe (key bimi/<domain>): the BIMI record at
 * default._bimi.<domain> (or at the organizational domain's, as mail
 * clients fall back), "v=BIMI1; l=<logo URL>; a=<certificate URL>"; the
 * DMARC policy BIMI needs (p=quarantine or reject, at 100%, not t=y);
 * the logo fetched over HTTPS and checked as SVG Tiny PS (bimi_svg.c);
 * the a= mark certificate fetched and its dates shown (bimi_vmc.c).
 *
 * BIMI only decides whether a logo is shown: every problem is a warning,
 * never critical. A lookup or fetch that fails or times out is unknown.
 * No record is ok (BIMI is optional), and so is an explicit declination
 * ("v=BIMI1; l=; a=;").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/auth/dmarc_record.h"
#include "probes/dns/orgdomain.h"
#include "probes/tls/bimi.h"
#include "probes/tls/bimi_svg.h"
#include "probes/tls/bimi_vmc.h"
#include "probes/tls/https_fetch.h"
#include "probes/tls/tls_txt.h"

#define BIMI_VERSION	"v=BIMI1"
#define BIMI_FETCH_MAX	(2 * BIMI_SVG_MAX)	/* bigger: reported, not read */

/* What a TXT RRset holds: records of one kind (BIMI or DMARC). */
struct bimi_found {
	enum dns_status	 status;
	char		 reason[160];
	size_t		 nrecords;
	char		*text;
	size_t		 len;
};

static int
bimi_fetch_txt(struct authdns *ad, const char *name,
    bool (*is)(const char *, size_t), struct bimi_found *f)
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

		if (!is(d, n) || f->nrecords++ > 0)
			continue;
		if ((f->text = strndup(d, n)) == NULL) {
			authdns_release(ad, a);
			return -1;
		}
		f->len = n;
	}
	authdns_release(ad, a);
	return 0;
}

static bool
bimi_is_bimi(const char *text, size_t len)
{
	return tls_txt_is(text, len, BIMI_VERSION);
}

/* The l= and a= of a record (pointing into the record's text). */
struct bimi_tags {
	const char	*l, *a;
	size_t		 llen, alen;
	bool		 has_l, has_a;
};

static int
bimi_tag(void *arg, const struct tls_txt_field *f)
{
	struct bimi_tags *t = arg;

	if (f->name != NULL && f->nlen == 1 && f->name[0] == 'l' && !t->has_l) {
		t->has_l = true;
		t->l = f->value;
		t->llen = f->vlen;
	} else if (f->name != NULL && f->nlen == 1 && f->name[0] == 'a' &&
	    !t->has_a) {
		t->has_a = true;
		t->a = f->value;
		t->alen = f->vlen;
	}
	return 0;
}

/* BIMI needs DMARC enforcement at the domain (or its org domain). */
static void
bimi_check_dmarc(struct authdns *ad, const char *domain, struct verdict *v)
{
	static const char why[] = "Mail clients show BIMI logos only for "
	    "mail under a DMARC policy of quarantine or reject applied to "
	    "all of it. Fix: \"p=quarantine\" or \"p=reject\", without pct "
	    "below 100 or t=y.";
	struct bimi_found	 f;
	struct dmarc_record	 rec;
	struct verdict		 ignored;	/* the dmarc probe reports it */
	char			 name[300], org[256];
	const char		*at = domain;
	enum dmarc_policy	 p;

	snprintf(name, sizeof(name), "_dmarc.%s", domain);
	if (bimi_fetch_txt(ad, name, dmarc_record_is_dmarc, &f) == -1)
		return;
	if (f.status != DNS_FAILURE && f.nrecords == 0 &&
	    orgdomain_of(domain, org, sizeof(org)) == 0 &&
	    strcmp(org, domain) != 0) {
		free(f.text);
		at = org;
		snprintf(name, sizeof(name), "_dmarc.%s", org);
		if (bimi_fetch_txt(ad, name, dmarc_record_is_dmarc, &f) == -1)
			return;
	}
	if (f.status == DNS_FAILURE) {
		verdict_add(v, FINDING_UNKNOWN, "could not look up %s: %s\n"
		    "Whether DMARC allows BIMI is unknown.", name, f.reason);
		free(f.text);
		return;
	}
	if (f.nrecords != 1) {
		verdict_add(v, FINDING_WARNING, "%s has %s DMARC record\n%s",
		    domain, f.nrecords == 0 ? "no" : "more than one", why);
		free(f.text);
		return;
	}
	verdict_init(&ignored);
	if (dmarc_record_check(at, f.text, &rec, &ignored) == -1) {
		verdict_add(v, FINDING_WARNING, "the DMARC record at %s is "
		    "unusable (see the dmarc probe)\n%s", name, why);
		goto done;
	}
	p = at == domain ? rec.p : rec.sp;
	if (p != DMARC_P_QUARANTINE && p != DMARC_P_REJECT)
		verdict_add(v, FINDING_WARNING, "DMARC policy %s=%s at %s is "
		    "not enforcing\n%s", at == domain ? "p" : "sp",
		    dmarc_policy_name(p), name, why);
	else if (rec.pct != 100)
		verdict_add(v, FINDING_WARNING, "DMARC pct=%d at %s applies the "
		    "policy to part of the mail only\n%s", rec.pct, name, why);
	else if (rec.testing)
		verdict_add(v, FINDING_WARNING, "DMARC t=y at %s: the policy "
		    "is in testing\n%s", name, why);
	else
		verdict_note(v, "DMARC %s=%s at %s: enforcing, as BIMI "
		    "requires", at == domain ? "p" : "sp",
		    dmarc_policy_name(p), name);
	dmarc_record_free(&rec);
done:
	verdict_free(&ignored);
	free(f.text);
}

/*
 * Fetches url (n bytes of a tag, what names the tag) over HTTPS. Returns
 * 1 with the body in r, 0 when it failed (reported), -1 out of memory.
 */
static int
bimi_get(struct authdns *ad, const struct bimi_opts *o, const char *what,
    const char *url, size_t n, struct https_fetch_result *r,
    struct verdict *v)
{
	struct https_fetch_req	 req = {
		.ca_file = o->ca_file,
		.max_bytes = BIMI_FETCH_MAX,
		.deadline_ms = o->deadline_ms,
	};
	char			*u = strndup(url, n);

	if (u == NULL)
		return -1;
	req.url = u;
	if (https_fetch(ad, &req, r) == -1) {
		free(u);
		return -1;
	}
	if (r->stage == HTTPS_FETCH_DONE) {
		verdict_note(v, "%s %s: %zu bytes, %s", what, u, r->len,
		    r->content_type[0] ? r->content_type : "no type");
		free(u);
		return 1;
	}
	if (r->dns_failed || r->timed_out || r->stage == HTTPS_FETCH_CONNECT)
		verdict_add(v, FINDING_UNKNOWN, "could not fetch the BIMI %s "
		    "%s: %s\nWhether mail clients can is unknown.", what, u,
		    r->error);
	else
		verdict_add(v, FINDING_WARNING, "could not fetch the BIMI %s "
		    "%s: %s\nMail clients cannot either, and show no logo. "
		    "Fix: serve it over HTTPS with a valid certificate, status "
		    "200, no redirect.", what, u, r->error);
	https_fetch_result_free(r);
	free(u);
	return 0;
}

/* The record's tags: the logo, then the certificate. */
static int
bimi_check_record(struct authdns *ad, const struct bimi_opts *o,
    const char *domain, const struct bimi_found *f, struct verdict *v)
{
	struct bimi_tags		 t = { 0 };
	struct https_fetch_result	 r;
	int				 got;

	verdict_note(v, "record: %s", f->text);
	(void)tls_txt_fields(f->text, f->len, BIMI_VERSION, bimi_tag, &t);
	if (t.llen == 0 && t.alen == 0) {
		verdict_note(v, "the record declines BIMI (empty l= and a=)");
		return 0;
	}
	bimi_check_dmarc(ad, domain, v);
	if (t.llen == 0)
		verdict_add(v, FINDING_WARNING, "the BIMI record has no logo "
		    "(l=)\nMail clients have nothing to show. Fix: l=https://"
		    "your-host/logo.svg");
	else if ((got = bimi_get(ad, o, "logo", t.l, t.llen, &r, v)) == -1)
		return -1;
	else if (got == 1) {
		bimi_svg_check(r.body, r.len, v);
		https_fetch_result_free(&r);
	}
	if (t.alen == 0)
		verdict_note(v, "no a= certificate: Gmail and Apple Mail show "
		    "logos only with a mark certificate (VMC or CMC)");
	else if ((got = bimi_get(ad, o, "certificate", t.a, t.alen, &r,
	    v)) == -1)
		return -1;
	else if (got == 1) {
		bimi_vmc_check(r.body, r.len, domain, v);
		https_fetch_result_free(&r);
	}
	return 0;
}

/* default._bimi.<name>: the record found, and where. */
static int
bimi_lookup(struct authdns *ad, const char *domain, struct bimi_found *f,
    char *name, size_t len)
{
	char org[256];

	snprintf(name, len, "default._bimi.%s", domain);
	if (bimi_fetch_txt(ad, name, bimi_is_bimi, f) == -1)
		return -1;
	if (f->status == DNS_FAILURE || f->nrecords > 0 ||
	    orgdomain_of(domain, org, sizeof(org)) != 0 ||
	    strcmp(org, domain) == 0)
		return 0;
	free(f->text);
	snprintf(name, len, "default._bimi.%s", org);
	return bimi_fetch_txt(ad, name, bimi_is_bimi, f);
}

int
bimi_probe(struct authdns *ad, const struct bimi_opts *o, const char *domain,
    struct finding_list *l)
{
	static const struct bimi_opts none;
	struct bimi_found	 f;
	struct verdict		 v;
	char			 name[300], key[300], ok[400];
	int			 rc = -1;

	if (o == NULL)
		o = &none;
	verdict_init(&v);
	snprintf(key, sizeof(key), "bimi/%s", domain);
	snprintf(ok, sizeof(ok), "BIMI of %s is in order", domain);
	if (bimi_lookup(ad, domain, &f, name, sizeof(name)) == -1)
		goto done;
	if (f.status == DNS_FAILURE)
		verdict_add(&v, FINDING_UNKNOWN, "lookup of %s failed: %s\n"
		    "Mail clients that see the same failure show no logo. Fix: "
		    "check that the domain's name servers answer.", name,
		    f.reason);
	else if (f.nrecords == 0) {
		snprintf(ok, sizeof(ok), "no BIMI record for %s (optional)",
		    domain);
		verdict_note(&v, "To show a logo in supporting mail clients: "
		    "TXT \"v=BIMI1; l=https://...svg; a=https://...pem\" at "
		    "default._bimi.%s, with DMARC at quarantine or reject.",
		    domain);
	} else if (f.nrecords > 1)
		verdict_add(&v, FINDING_WARNING, "%zu BIMI records at %s\nMail "
		    "clients use none of them. Fix: keep one.", f.nrecords,
		    name);
	else if (bimi_check_record(ad, o, domain, &f, &v) == -1)
		goto done;
	rc = verdict_emit(&v, l, key, "bimi", domain, ok);
done:
	free(f.text);
	verdict_free(&v);
	return rc;
}

static int
bimi_run(const struct probe_ctx *ctx)
{
	struct bimi_opts o = {
		.ca_file = ctx->cfg != NULL ? ctx->cfg->general.ca_file : NULL,
		.deadline_ms = ctx->deadline_ms,
	};
	struct authdns ad;

	authdns_from_resolver(&ad, ctx->resolver);
	return bimi_probe(&ad, &o, ctx->target, ctx->findings);
}

/* Like starttls and dane: not when [schedule] tls is 0s. */
static bool
bimi_wanted(const struct config *c)
{
	return c->ndomains > 0 && c->schedule.tls_ms > 0;
}

const struct probe probe_bimi = {
	.name = "bimi",
	.summary = "the BIMI record of each domain: DMARC enforcing, the logo"
	    " over HTTPS as SVG Tiny PS, the mark certificate's dates",
	.targets = PROBE_ON_DOMAIN,
	.schedule = "tls",
	.schedule_off = offsetof(struct cfg_schedule, tls_ms),
	.wanted = bimi_wanted,
	.run = bimi_run,
	.nagios = PROBE_NAGIOS_WORST,
};
