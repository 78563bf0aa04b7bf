/*
 * tlsrpt_record.c -- the grammar of a TLS-RPT record (RFC 8460 §3, see
 * tlsrpt_record.h):
 *
 *   tlsrpt-record = "v=TLSRPTv1" 1*(field-delim tlsrpt-field) [field-delim]
 *   field-delim   = *WSP ";" *WSP
 *   tlsrpt-field  = "rua=" uri *(*WSP "," *WSP uri) / ext-name "=" ext-value
 *
 * Names and the version are case-sensitive. Only mailto: and https:
 * destinations are defined (§3); a "," or ";" inside a URI must be
 * percent-encoded, so splitting at them is exact. https URLs are parsed
 * with libcurl's URL API.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "probes/dns/dnsname.h"
#include "probes/tls/tlsrpt_record.h"

#define TLSRPT_VERSION		"v=TLSRPTv1"
#define TLSRPT_VERSION_LEN	(sizeof(TLSRPT_VERSION) - 1)
#define TLSRPT_EXT_NAME_MAX	32	/* 1 + *31 */

static bool
tlsrpt_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* Offset just past "v=TLSRPTv1" *WSP ";", or 0 when text does not start so. */
static size_t
tlsrpt_after_version(const char *text, size_t len)
{
	size_t i = TLSRPT_VERSION_LEN;

	if (len < i || memcmp(text, TLSRPT_VERSION, i) != 0)
		return 0;
	while (i < len && tlsrpt_wsp(text[i]))
		i++;
	return i < len && text[i] == ';' ? i + 1 : 0;
}

bool
tlsrpt_record_is_tlsrpt(const char *text, size_t len)
{
	return tlsrpt_after_version(text, len) > 0;
}

const char *
tlsrpt_record_near_miss(const char *text, size_t len)
{
	size_t i = 0;

	if (tlsrpt_record_is_tlsrpt(text, len))
		return NULL;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (len - i < TLSRPT_VERSION_LEN ||
	    strncasecmp(text + i, TLSRPT_VERSION, TLSRPT_VERSION_LEN) != 0)
		return NULL;
	if (i > 0)
		return "it starts with whitespace before v=TLSRPTv1";
	if (memcmp(text, TLSRPT_VERSION, TLSRPT_VERSION_LEN) != 0)
		return "the version is not written exactly \"v=TLSRPTv1\" "
		    "(it is case-sensitive)";
	return "\"v=TLSRPTv1\" is not followed by \";\" and a field";
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
	CURLU	*u;
	char	*url, *host = NULL, *out = NULL, norm[256];

	if ((url = strndup(s, n)) == NULL || (u = curl_url()) == NULL) {
		free(url);
		*why = "out of memory";
		return NULL;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		*why = "it is not a valid URL";
	else if (dnsname_is_ip_literal(host) ||
	    !dnsname_valid(host, strlen(host)) ||
	    dnsname_normalize(host, norm, sizeof(norm)) == -1)
		*why = "its host is not a host name (the server's "
		    "certificate must name it)";
	else if ((out = strdup(norm)) == NULL)
		*why = "out of memory";
	curl_free(host);
	curl_url_cleanup(u);
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

/* ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".") */
static bool
tlsrpt_ext_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > TLSRPT_EXT_NAME_MAX || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("_-.", s[i]) == NULL)
			return false;
	return true;
}

/* One field (n bytes, trimmed). */
static int
tlsrpt_parse_field(struct tlsrpt_record *r, const char *f, size_t n,
    struct verdict *v)
{
	const char	*eq = memchr(f, '=', n);
	size_t		 nn, vn;

	if (eq == NULL || !tlsrpt_ext_name_ok(f, (size_t)(eq - f))) {
		verdict_add(v, FINDING_WARNING,
		    "\"%.*s\" is not a field (name=value)\nSenders that "
		    "parse strictly ignore the whole record. Fix: write "
		    "\"v=TLSRPTv1; rua=mailto:tlsrpt@your-domain\".",
		    (int)(n > 60 ? 60 : n), f);
		return 0;
	}
	nn = (size_t)(eq - f);
	vn = n - nn - 1;
	if (nn == 3 && memcmp(f, "rua", 3) == 0)
		return tlsrpt_parse_rua(r, eq + 1, vn, v);
	if (nn == 3 && strncasecmp(f, "rua", 3) == 0)
		verdict_add(v, FINDING_WARNING,
		    "field \"%.*s=\" is not rua= (field names are "
		    "case-sensitive, RFC 8460 §3)\nSenders do not see a "
		    "destination in it. Fix: write rua= in lower case.",
		    (int)nn, f);
	else
		verdict_note(v, "extension field %.*s= (ignored by senders "
		    "that do not know it)", (int)nn, f);
	return 0;
}

int
tlsrpt_record_parse(const char *text, size_t len, struct tlsrpt_record *r,
    struct verdict *v)
{
	size_t i = tlsrpt_after_version(text, len);

	memset(r, 0, sizeof(*r));
	while (i > 0 && i < len) {
		size_t s, e;

		while (i < len && tlsrpt_wsp(text[i]))
			i++;
		s = i;
		while (i < len && text[i] != ';')
			i++;
		e = i;
		while (e > s && tlsrpt_wsp(text[e - 1]))
			e--;
		if (e > s && tlsrpt_parse_field(r, text + s, e - s, v) == -1)
			return -1;
		if (i < len)
			i++;		/* the ';' */
	}
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
