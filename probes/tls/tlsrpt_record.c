/*
 * tlsrpt_record.c -- the grammar of a TLS-RPT record (RFC 8460 §3, see
 * tlsrpt_record.h):
 *
 *   tlsrpt-record = "v=TLSRPTv1" 1*(field-delim tlsrpt-field) [field-delim]
 *   field-delim   = *WSP ";" *WSP
 *   tlsrpt-field  = "rua=" uri *(*WSP "," *WSP uri) / ext-name "=" ext-value
 *
 * (the shared grammar is in tls_txt.c). Only mailto: and https:
 * destinations are defined (§3); a "," or ";" inside a URI must be
 * percent-encoded, so splitting at them is exact. https URLs are parsed
 * with libcurl's URL API (https_url_host).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/dns/dnsname.h"
#include "probes/tls/https_fetch.h"
#include "probes/tls/tls_txt.h"
#include "probes/tls/tlsrpt_record.h"

#define TLSRPT_VERSION	"v=TLSRPTv1"

static bool
tlsrpt_wsp(char c)
{
	return c == ' ' || c == '\t';
}

bool
tlsrpt_record_is_tlsrpt(const char *text, size_t len)
{
	return tls_txt_is(text, len, TLSRPT_VERSION);
}

const char *
tlsrpt_record_near_miss(const char *text, size_t len)
{
	return tls_txt_near_miss(text, len, TLSRPT_VERSION);
}

/* "mailto:local@domain[?hfields]": the lowercased domain, or NULL. */
static char *
tlsrpt_mailto_host(const char *s, size_t n, const char **why)
{
	const char	*end = s + n, *q, *at;
	char		 host[256];

	if ((q = memchr(s, '?', n)) != NULL)
		end = q;
	at = memchr(s + 7, '@', (size_t)(end - (s + 7)));
	if (at == NULL || at == s + 7) {
		*why = "expected mailto:local-part@domain";
		return NULL;
	}
	if ((size_t)(end - at - 1) >= sizeof(host) ||
	    !dnsname_valid(at + 1, (size_t)(end - at - 1))) {
		*why = "the address's domain is not a valid host name";
		return NULL;
	}
	memcpy(host, at + 1, (size_t)(end - at - 1));
	host[end - at - 1] = '\0';
	if (dnsname_normalize(host, host, sizeof(host)) == -1) {
		*why = "the address's domain is too long";
		return NULL;
	}
	return strdup(host);
}

/* "https://host[:port]/path": the lowercased host, or NULL. */
static char *
tlsrpt_https_host(const char *s, size_t n, const char **why)
{
	char	*url, *out = NULL, host[256];

	*why = "out of memory";
	if ((url = strndup(s, n)) == NULL)
		return NULL;
	if (https_url_host(url, host, sizeof(host), why) == 0 &&
	    (out = strdup(host)) == NULL)
		*why = "out of memory";
	free(url);
	return out;
}

/* Adds one URI of rua= (n bytes at s) to r; problems to v. */
static int
tlsrpt_add_uri(struct tlsrpt_record *r, const char *s, size_t n,
    struct verdict *v)
{
	struct tlsrpt_dest	*d;
	const char		*why = NULL;

	if ((d = realloc(r->rua, (r->nrua + 1) * sizeof(*d))) == NULL)
		return -1;
	r->rua = d;
	d = &r->rua[r->nrua];
	memset(d, 0, sizeof(*d));
	if ((d->uri = strndup(s, n)) == NULL)
		return -1;
	r->nrua++;
	d->scheme = TLSRPT_BAD;
	if (n > 7 && strncasecmp(s, "mailto:", 7) == 0) {
		if ((d->host = tlsrpt_mailto_host(s, n, &why)) != NULL)
			d->scheme = TLSRPT_MAILTO;
	} else if (n > 8 && strncasecmp(s, "https://", 8) == 0) {
		if ((d->host = tlsrpt_https_host(s, n, &why)) != NULL)
			d->scheme = TLSRPT_HTTPS;
	} else if (n > 7 && strncasecmp(s, "http://", 7) == 0)
		why = "reports are only posted over https: (RFC 8460 §3)";
	else
		why = "only mailto: and https: destinations are defined "
		    "(RFC 8460 §3)";
	if (d->scheme != TLSRPT_BAD) {
		r->nusable++;
		return 0;
	}
	if (why != NULL && strcmp(why, "out of memory") == 0)
		return -1;
	verdict_add(v, FINDING_WARNING,
	    "rua destination \"%.*s\" is not usable: %s\nSenders cannot "
	    "deliver TLS reports there. Fix: use rua=mailto:tlsrpt@your-"
	    "domain or rua=https://host/path.", (int)n, s, why);
	return 0;
}

/* Splits the value of one rua= field at commas. */
static int
tlsrpt_parse_rua(struct tlsrpt_record *r, const char *val, size_t n,
    struct verdict *v)
{
	size_t i = 0;

	if (n == 0) {
		verdict_add(v, FINDING_WARNING, "rua= is empty\nSenders have "
		    "nowhere to send TLS reports. Fix: rua=mailto:tlsrpt@"
		    "your-domain.");
		return 0;
	}
	while (i < n) {
		size_t s, e;

		while (i < n && tlsrpt_wsp(val[i]))
			i++;
		s = i;
		while (i < n && val[i] != ',')
			i++;
		e = i;
		while (e > s && tlsrpt_wsp(val[e - 1]))
			e--;
		if (e == s)
			verdict_add(v, FINDING_WARNING, "rua= has an empty "
			    "destination between commas\nStrict senders "
			    "reject the whole record. Fix: remove the extra "
			    "comma.");
		else if (tlsrpt_add_uri(r, val + s, e - s, v) == -1)
			return -1;
		if (i < n)
			i++;		/* the ',' */
	}
	return 0;
}

struct tlsrpt_parse {
	struct tlsrpt_record	*r;
	struct verdict		*v;
};

/* One field of the record (tls_txt_fields). */
static int
tlsrpt_parse_field(void *arg, const struct tls_txt_field *f)
{
	struct tlsrpt_parse *p = arg;

	if (f->name == NULL) {
		verdict_add(p->v, FINDING_WARNING,
		    "\"%.*s\" is not a field (name=value)\nSenders that "
		    "parse strictly ignore the whole record. Fix: write "
		    "\"v=TLSRPTv1; rua=mailto:tlsrpt@your-domain\".",
		    (int)(f->plen > 60 ? 60 : f->plen), f->piece);
		return 0;
	}
	if (f->nlen == 3 && memcmp(f->name, "rua", 3) == 0)
		return tlsrpt_parse_rua(p->r, f->value, f->vlen, p->v);
	if (f->nlen == 3 && strncasecmp(f->name, "rua", 3) == 0)
		verdict_add(p->v, FINDING_WARNING,
		    "field \"%.*s=\" is not rua= (field names are "
		    "case-sensitive, RFC 8460 §3)\nSenders do not see a "
		    "destination in it. Fix: write rua= in lower case.",
		    (int)f->nlen, f->name);
	else
		verdict_note(p->v, "extension field %.*s= (ignored by senders "
		    "that do not know it)", (int)f->nlen, f->name);
	return 0;
}

int
tlsrpt_record_parse(const char *text, size_t len, struct tlsrpt_record *r,
    struct verdict *v)
{
	struct tlsrpt_parse p = { .r = r, .v = v };

	memset(r, 0, sizeof(*r));
	if (tls_txt_fields(text, len, TLSRPT_VERSION, tlsrpt_parse_field,
	    &p) == -1)
		return -1;
	if (r->nrua == 0)
		verdict_add(v, FINDING_WARNING,
		    "the TLS-RPT record has no rua= destination\nrua is "
		    "required (RFC 8460 §3): senders have nowhere to send "
		    "reports. Fix: \"v=TLSRPTv1; rua=mailto:tlsrpt@your-"
		    "domain\".");
	else if (r->nusable == 0)
		verdict_add(v, FINDING_WARNING,
		    "no rua= destination of the TLS-RPT record is usable\n"
		    "No TLS report can be delivered. Fix: use a mailto: or "
		    "https: destination.");
	return 0;
}

void
tlsrpt_record_free(struct tlsrpt_record *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nrua; i++) {
		free(r->rua[i].uri);
		free(r->rua[i].host);
	}
	free(r->rua);
	memset(r, 0, sizeof(*r));
}
