/*
 * dkim.c -- DKIM probe (RFC 6376 §3.6.2). Without configured selectors
 * it asks whether _domainkey.<domain> exists at all (NOERROR, even
 * without data, means something lies below it; NXDOMAIN means nothing
 * does) and tries the selectors big providers and common MTAs use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/dkim.h"
#include "probes/auth/dkim_key.h"
#include "probes/verdict.h"

/* Selectors of common providers and signers, tried when none is set. */
static const char *const dkim_common_selectors[] = {
	"google", "selector1", "selector2", "default", "k1", "k2", "s1",
	"s2", "mail", "dkim", "smtp", "mx", "key1", "sig1", "everlytickey1",
	"mandrill", "pm", "zoho", "protonmail",
};

static bool
dkim_in(const char *sel, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(list[i], sel) == 0)
			return true;
	return false;
}

/*
 * Checks one selector. configured: a missing key is critical (the user
 * said the signer uses it). Returns 1 when a key record exists, 0 when
 * not, -1 when out of memory.
 */
static int
dkim_selector(struct authdns *ad, const char *domain, const char *sel,
    bool configured, bool retired, struct finding_list *l)
{
	struct dns_answer	*a;
	struct verdict		 v;
	struct dkim_key		 key;
	char			 name[300], key_s[600], summary[400];
	size_t			 nkeys = 0;
	int			 rc = 1;

	snprintf(name, sizeof(name), "%s._domainkey.%s", sel, domain);
	if ((a = authdns_query(ad, name, DNS_T_TXT)) == NULL)
		return -1;
	if (!configured && a->status != DNS_DATA) {
		authdns_release(ad, a);
		return 0;
	}
	verdict_init(&v);
	if (a->status == DNS_FAILURE)
		verdict_add(&v, FINDING_UNKNOWN, "lookup of %s failed: %s\n"
		    "Verifiers seeing this fail temporarily. Fix: check that "
		    "the domain's name servers answer.", name, a->reason);
	else if (a->status != DNS_DATA)
		verdict_add(&v, retired ? FINDING_OK : FINDING_CRITICAL,
		    "no DKIM key at %s (%s)\nEvery message signed with "
		    "s=%s fails DKIM. Fix: publish the selector's public key "
		    "as TXT \"v=DKIM1; k=rsa; p=...\" at %s%s.", name,
		    a->status == DNS_NXDOMAIN ? "NXDOMAIN" : "no TXT record",
		    sel, name, retired ? " (it is marked retired: fine)" : "");
	if (a->canonname != NULL)
		verdict_note(&v, "%s is a CNAME to %s (delegated key)", name,
		    a->canonname);
	for (size_t i = 0; a->status == DNS_DATA && i < a->nrr; i++) {
		char *text = strndup(a->rr[i].u.txt.data, a->rr[i].u.txt.len);
		if (text == NULL) {
			rc = -1;
			break;
		}
		if (nkeys++ == 0) {
			verdict_note(&v, "key record: %.80s%s", text,
			    strlen(text) > 80 ? "..." : "");
			(void)dkim_key_check(text, retired, &key, &v);
		}
		free(text);
	}
	if (nkeys > 1)
		verdict_add(&v, FINDING_WARNING,
		    "%zu TXT records at %s\nWhich one a verifier uses is "
		    "undefined (RFC 6376 §3.6.2.2). Fix: keep one key per "
		    "selector.", nkeys, name);
	if (a->status == DNS_DATA)
		verdict_note(&v, "DNSSEC: %s", a->secure ? "validated" :
		    "not validated (unsigned or not checked)");
	snprintf(key_s, sizeof(key_s), "dkim/%s/%s", domain, sel);
	snprintf(summary, sizeof(summary), "DKIM key %s is in order", name);
	if (verdict_emit(&v, l, key_s, "dkim", domain, summary) == -1)
		rc = -1;
	else if (a->status != DNS_DATA)
		rc = 0;
	verdict_free(&v);
	authdns_release(ad, a);
	return rc;
}

/* No selectors configured: look for common ones. */
static int
dkim_discover(struct authdns *ad, const char *domain, const char *const
    *retired, size_t nretired, struct finding_list *l)
{
	struct dns_answer	*a;
	struct verdict		 v;
	char			 name[300], key[300], found[600] = "";
	char			 summary[1000];
	size_t			 nfound = 0, off = 0;
	bool			 nx;
	int			 r, rc = 0;

	snprintf(name, sizeof(name), "_domainkey.%s", domain);
	if ((a = authdns_query(ad, name, DNS_T_TXT)) == NULL)
		return -1;
	nx = a->status == DNS_NXDOMAIN;
	authdns_release(ad, a);
	for (size_t i = 0; !nx && i < sizeof(dkim_common_selectors) /
	    sizeof(dkim_common_selectors[0]); i++) {
		const char *sel = dkim_common_selectors[i];
		r = dkim_selector(ad, domain, sel, false,
		    dkim_in(sel, retired, nretired), l);
		if (r == -1)
			return -1;
		if (r == 1 && off < sizeof(found)) {
			off += (size_t)snprintf(found + off, sizeof(found) - off,
			    "%s%s", nfound ? ", " : "", sel);
			nfound++;
		}
	}
	verdict_init(&v);
	if (nx)
		verdict_add(&v, FINDING_WARNING,
		    "%s does not exist (NXDOMAIN): no DKIM keys are published "
		    "for %s\nUnsigned mail fails DMARC whenever SPF does not "
		    "align (forwarding). Fix: enable DKIM signing and publish "
		    "the key; then list the selector in dkim_selectors.",
		    name, domain);
	else if (nfound == 0)
		verdict_add(&v, FINDING_WARNING,
		    "no DKIM selector configured and none of the common ones "
		    "found under %s\nWithout knowing the selector the key "
		    "cannot be checked. Fix: set dkim_selectors (or "
		    "--dkim-selector) to the s= value in your signatures.",
		    name);
	else
		verdict_note(&v, "selectors found under %s: %s", name, found);
	snprintf(key, sizeof(key), "dkim/%s", domain);
	snprintf(summary, sizeof(summary), "DKIM selectors found for %s: %s "
	    "(set dkim_selectors to check only yours)", domain, found);
	if (verdict_emit(&v, l, key, "dkim", domain, summary) == -1)
		rc = -1;
	verdict_free(&v);
	return rc;
}

int
dkim_probe(struct authdns *ad, const char *domain, const struct dkim_opts *o,
    struct finding_list *l)
{
	if (o == NULL || o->nselectors == 0)
		return dkim_discover(ad, domain, o ? o->retired : NULL,
		    o ? o->nretired : 0, l);
	for (size_t i = 0; i < o->nselectors; i++)
		if (dkim_selector(ad, domain, o->selectors[i], true,
		    dkim_in(o->selectors[i], o->retired, o->nretired),
		    l) == -1)
			return -1;
	return 0;
}
