/*
 * mta_sts_probe.c -- the mta-sts probe (key mta-sts/<domain>, RFC 8461):
 * the _mta-sts TXT record, the policy fetched over HTTPS from
 * mta-sts.<domain> (https_fetch.c: certificate validated against the
 * system CAs or [general] ca_file, no redirect, 64 KiB, bounded in
 * time), its grammar (mta_sts_policy.c), and whether senders that apply
 * it can deliver: every MX host must match an mx pattern, and in
 * enforce mode every MX must pass certificate validation.
 *
 * States, by what senders do:
 *  - critical: mode enforce and an MX that senders will refuse (not in
 *    the policy, or its STARTTLS certificate fails): mail is held back.
 *    The certificate verdict is the starttls probe's finding
 *    starttls/<mx> from the same run when there is one (audit, run);
 *    otherwise the detail says it was not checked.
 *  - warning: senders ignore the policy (several records, a bad id, a
 *    policy they cannot fetch or parse): mail flows, unprotected; and
 *    the same MX problems in mode testing (only reported).
 *  - unknown: a lookup failed, the policy host timed out or could not be
 *    connected to: we could not tell.
 *  - ok: no record (MTA-STS is optional), or a policy senders can apply.
 * The detail names the id and the policy; `run` makes a change of
 * either an event (finding.track_detail).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/tls/https_fetch.h"
#include "probes/tls/mta_sts.h"
#include "probes/tls/mta_sts_policy.h"
#include "probes/tls/tls_txt.h"

/* What the TXT RRset at _mta-sts.<domain> holds. */
struct mta_sts_found {
	enum dns_status	 status;
	char		 reason[160];
	size_t		 nrecords;
	char		*text;		/* the first STS record */
	size_t		 len;
	const char	*near_miss;
};

static int
mta_sts_fetch_txt(struct authdns *ad, const char *name,
    struct mta_sts_found *f)
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

		if (!tls_txt_is(d, n, MTA_STS_VERSION)) {
			if (f->near_miss == NULL)
				f->near_miss = tls_txt_near_miss(d, n,
				    MTA_STS_VERSION);
			continue;
		}
		if (f->nrecords++ == 0 && (f->text = strndup(d, n)) == NULL) {
			authdns_release(ad, a);
			return -1;
		}
		f->len = n;
	}
	authdns_release(ad, a);
	return 0;
}

/* Reports why the policy could not be fetched. */
static void
mta_sts_fetch_failed(const char *url, const struct https_fetch_result *r,
    struct verdict *v)
{
	static const char fix[] = "Senders that cannot fetch the policy "
	    "deliver without it (RFC 8461 §3.3): MTA-STS does not protect "
	    "the domain.";

	if (r->dns_failed || r->timed_out || r->stage == HTTPS_FETCH_CONNECT)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not fetch the MTA-STS policy %s: %s\nWe cannot tell "
		    "whether senders can. Fix: check that the policy host "
		    "answers on port 443.", url, r->error);
	else if (r->stage == HTTPS_FETCH_TLS)
		verdict_add(v, FINDING_WARNING,
		    "the MTA-STS policy host's certificate is not valid: %s\n"
		    "%s Fix: serve %s with a certificate from a public CA that "
		    "names the host and has not expired.", r->error, fix, url);
	else if (r->location[0] != '\0')
		verdict_add(v, FINDING_WARNING,
		    "the MTA-STS policy %s redirects (HTTP %ld to %s)\n"
		    "Senders must not follow redirects (RFC 8461 §3.3). %s "
		    "Fix: serve the policy at that URL itself.", url,
		    r->status, r->location, fix);
	else
		verdict_add(v, FINDING_WARNING,
		    "could not fetch the MTA-STS policy %s: %s\n%s Fix: serve "
		    "the policy at that URL with status 200.", url, r->error,
		    fix);
}

/* The starttls probe's finding for host in this run, or NULL. */
static const struct finding *
mta_sts_starttls_of(const struct finding_list *l, const char *host)
{
	char key[300];

	if (l == NULL)
		return NULL;
	snprintf(key, sizeof(key), "starttls/%s", host);
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	return NULL;
}

/*
 * One MX host under a policy: matched by a pattern, and its STARTTLS
 * certificate as the starttls probe saw it. *unchecked counts the MX
 * without a starttls finding.
 */
static void
mta_sts_check_mx(const struct mta_sts_policy *p, const char *host,
    const struct finding_list *seen, size_t *unchecked, struct verdict *v)
{
	enum finding_state	 bad = p->mode == MTA_STS_MODE_ENFORCE ?
				    FINDING_CRITICAL : FINDING_WARNING;
	const char		*pat = mta_sts_policy_match(p, host);
	const struct finding	*st;

	if (pat == NULL) {
		verdict_add(v, bad,
		    "MX %s is not matched by any mx pattern of the MTA-STS "
		    "policy (mode %s)\n%s Fix: add \"mx: %s\" to the policy "
		    "and change the id of the _mta-sts record.", host,
		    mta_sts_mode_name(p->mode), bad == FINDING_CRITICAL ?
		    "Senders that apply the policy will not deliver to it "
		    "(RFC 8461 §4.1)." : "In testing mode senders deliver "
		    "anyway and report the failure.", host);
		return;
	}
	verdict_note(v, "MX %s matches mx: %s", host, pat);
	if ((st = mta_sts_starttls_of(seen, host)) == NULL) {
		(*unchecked)++;
		return;
	}
	if (st->state == FINDING_CRITICAL)
		verdict_add(v, bad,
		    "MX %s fails STARTTLS validation under an MTA-STS policy "
		    "in %s mode (starttls/%s is critical)\n%s Fix: renew or "
		    "correct the certificate of %s.", host,
		    mta_sts_mode_name(p->mode), host,
		    bad == FINDING_CRITICAL ? "Senders that apply the policy "
		    "will not deliver to it (RFC 8461 §4.2)." : "In testing "
		    "mode senders deliver anyway and report the failure.",
		    host);
	else if (st->state == FINDING_UNKNOWN)
		verdict_note(v, "MX %s: its STARTTLS certificate could not be "
		    "checked (starttls/%s is unknown)", host, host);
	else
		verdict_note(v, "MX %s: STARTTLS certificate valid (starttls/"
		    "%s)", host, host);
}

/* Every MX of the domain against the policy. */
static void
mta_sts_check_mxs(struct authdns *ad, const char *domain,
    const struct mta_sts_policy *p, const struct finding_list *seen,
    struct verdict *v)
{
	struct dns_answer	*a;
	size_t			 unchecked = 0;

	if (p->mode == MTA_STS_MODE_NONE) {
		verdict_note(v, "mode none: the policy is withdrawn; senders "
		    "drop what they cached");
		return;
	}
	if ((a = authdns_query(ad, domain, DNS_T_MX)) == NULL)
		return;
	if (a->status == DNS_FAILURE)
		verdict_add(v, FINDING_UNKNOWN,
		    "could not look up the MX of %s: %s\nWhether they match "
		    "the policy is unknown. Fix: check that the domain's name "
		    "servers answer.", domain, a->reason);
	else if (a->status != DNS_DATA)
		verdict_add(v, FINDING_WARNING,
		    "%s has an MTA-STS policy but no MX records\nThe policy "
		    "covers nothing. Fix: publish MX records or withdraw the "
		    "policy.", domain);
	for (size_t i = 0; a->status == DNS_DATA && i < a->nrr; i++) {
		const char *host = a->rr[i].u.mx.host;
		if (host[0] == '\0' || strcmp(host, ".") == 0)
			continue;	/* a null MX receives nothing */
		mta_sts_check_mx(p, host, seen, &unchecked, v);
	}
	if (unchecked > 0)
		verdict_note(v, "the STARTTLS certificates of %zu MX were not "
		    "checked in this run (the starttls probe did not run): %s "
		    "mode %s", unchecked, p->mode == MTA_STS_MODE_ENFORCE ?
		    "an invalid one would be critical in" : "an invalid one "
		    "would be reported in", mta_sts_mode_name(p->mode));
	authdns_release(ad, a);
}

/* The policy fetched: its grammar, its age, then the MX; *mode out. */
static int
mta_sts_check_policy(struct authdns *ad, const char *domain,
    const struct https_fetch_result *r, const struct finding_list *seen,
    enum mta_sts_mode *mode, struct verdict *v)
{
	struct mta_sts_policy p;

	if (strncmp(r->content_type, "text/plain", 10) != 0)
		verdict_add(v, FINDING_WARNING,
		    "the MTA-STS policy is served as \"%s\", not text/plain\n"
		    "RFC 8461 §3.2 requires text/plain; strict senders "
		    "discard anything else. Fix: serve mta-sts.txt as "
		    "text/plain.", r->content_type[0] ? r->content_type :
		    "(no type)");
	if (mta_sts_policy_parse(r->body, r->len, &p, v) == -1)
		return -1;
	verdict_note(v, "policy: mode %s, max_age %ld, mx %zu pattern%s",
	    mta_sts_mode_name(p.mode), p.max_age, p.nmx, p.nmx == 1 ? "" :
	    "s");
	for (size_t i = 0; i < p.nmx; i++)
		verdict_note(v, "policy mx: %s", p.mx[i]);
	if (p.max_age >= 0 && p.max_age < 86400 &&
	    p.mode != MTA_STS_MODE_NONE)
		verdict_add(v, FINDING_WARNING,
		    "MTA-STS max_age is %ld seconds, less than a day\n"
		    "Senders forget the policy that soon, and an attacker who "
		    "blocks the next fetch gets unprotected delivery (RFC 8461 "
		    "§3.2 expects weeks). Fix: \"max_age: 604800\" or more.",
		    p.max_age);
	*mode = p.mode;
	if (p.usable)
		mta_sts_check_mxs(ad, domain, &p, seen, v);
	mta_sts_policy_free(&p);
	return 0;
}

/*
 * The record is in order: its id, then the policy over HTTPS. The ok
 * summary names the mode and the id, so an event about a new policy
 * says which.
 */
static int
mta_sts_check_record(struct authdns *ad, const struct mta_sts_opts *o,
    const char *domain, const struct mta_sts_found *f, char *ok,
    size_t oklen, struct verdict *v)
{
	enum mta_sts_mode		 mode = MTA_STS_MODE_UNSET;
	struct https_fetch_req		 req = {
		.ca_file = o->ca_file,
		.max_bytes = MTA_STS_POLICY_MAX,
		.deadline_ms = o->deadline_ms,
	};
	struct https_fetch_result	 r;
	char				 url[320], id[MTA_STS_ID_MAX + 1];
	int				 rc;

	verdict_note(v, "record: %s", f->text);
	(void)mta_sts_record_id(f->text, f->len, id, v);
	snprintf(url, sizeof(url), "https://mta-sts.%s/.well-known/"
	    "mta-sts.txt", domain);
	req.url = url;
	if (https_fetch(ad, &req, &r) == -1)
		return -1;
	if (r.stage != HTTPS_FETCH_DONE)
		mta_sts_fetch_failed(url, &r, v);
	rc = r.stage == HTTPS_FETCH_DONE ? mta_sts_check_policy(ad, domain,
	    &r, o->seen, &mode, v) : 0;
	https_fetch_result_free(&r);
	snprintf(ok, oklen, "MTA-STS policy of %s is in order (mode %s, id "
	    "%s)", domain, mta_sts_mode_name(mode), id);
	return rc;
}

int
mta_sts_probe(struct authdns *ad, const struct mta_sts_opts *o,
    const char *domain, struct finding_list *l)
{
	static const struct mta_sts_opts none;
	struct mta_sts_found	 f;
	struct verdict		 v;
	char			 name[300], key[300], ok[400];
	int			 rc = -1;

	if (o == NULL)
		o = &none;
	verdict_init(&v);
	snprintf(name, sizeof(name), "_mta-sts.%s", domain);
	snprintf(key, sizeof(key), "mta-sts/%s", domain);
	snprintf(ok, sizeof(ok), "MTA-STS policy of %s is in order", domain);
	if (mta_sts_fetch_txt(ad, name, &f) == -1)
		goto done;
	if (f.status == DNS_FAILURE)
		verdict_add(&v, FINDING_UNKNOWN,
		    "lookup of %s failed: %s\nSenders that see the same failure "
		    "deliver without MTA-STS. Fix: check that the domain's name "
		    "servers answer.", name, f.reason);
	else if (f.nrecords == 0 && f.near_miss != NULL)
		verdict_add(&v, FINDING_WARNING,
		    "the TXT record at %s is not an MTA-STS record: %s\nSenders "
		    "only use a record that starts exactly with \"v=STSv1;\" "
		    "(RFC 8461 §3.1), so they see no policy. Fix: publish "
		    "\"v=STSv1; id=20261204T120000;\".", name, f.near_miss);
	else if (f.nrecords == 0) {
		snprintf(ok, sizeof(ok), "no MTA-STS policy for %s (optional)",
		    domain);
		verdict_note(&v, "Without one, a network attacker can strip "
		    "STARTTLS from mail sent to %s. To publish one: TXT "
		    "\"v=STSv1; id=...\" at %s and the policy at https://"
		    "mta-sts.%s/.well-known/mta-sts.txt (RFC 8461).", domain,
		    name, domain);
	} else if (f.nrecords > 1)
		verdict_add(&v, FINDING_WARNING,
		    "%zu MTA-STS records at %s\nWith more than one, senders "
		    "assume there is no policy (RFC 8461 §3.1). Fix: keep one "
		    "record.", f.nrecords, name);
	else if (mta_sts_check_record(ad, o, domain, &f, ok, sizeof(ok),
	    &v) == -1)
		goto done;
	/* a new id or policy is an event in `run`, even while ok */
	if ((rc = verdict_emit(&v, l, key, "mta-sts", domain, ok)) == 0)
		l->v[l->n - 1].track_detail = true;
done:
	free(f.text);
	verdict_free(&v);
	return rc;
}

static int
mta_sts_run(const struct probe_ctx *ctx)
{
	struct mta_sts_opts	 o = {
		.ca_file = ctx->cfg != NULL ? ctx->cfg->general.ca_file : NULL,
		.deadline_ms = ctx->deadline_ms,
		.seen = ctx->findings,
	};
	struct authdns		 ad;

	authdns_from_resolver(&ad, ctx->resolver);
	return mta_sts_probe(&ad, &o, ctx->target, ctx->findings);
}

/* Like starttls and dane: not when [schedule] tls is 0s. */
static bool
mta_sts_wanted(const struct config *c)
{
	return c->ndomains > 0 && c->schedule.tls_ms > 0;
}

const struct probe probe_mta_sts = {
	.name = "mta-sts",
	.summary = "the MTA-STS policy of each domain: the _mta-sts record,"
	    " the policy over HTTPS, its grammar, every MX in it and, in"
	    " enforce mode, passing STARTTLS",
	.targets = PROBE_ON_DOMAIN,
	.schedule = "tls",
	.schedule_off = offsetof(struct cfg_schedule, tls_ms),
	.wanted = mta_sts_wanted,
	.run = mta_sts_run,
	.nagios = PROBE_NAGIOS_WORST,
};
