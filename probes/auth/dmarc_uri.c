/*
 * dmarc_uri.c -- rua=/ruf= URI lists (see dmarc_uri.h). Receivers send
 * reports only to mailto: URIs; RFC 7489 §6.2 lets them stop after two
 * URIs; RFC 9989 removed the "!size" limit and tells reporters to
 * ignore it, while RFC 7489 reporters may still drop reports bigger
 * than it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/dmarc_uri.h"
#include "probes/dns/dnsname.h"

/* RFC 7489 §6.2: receivers must support at least this many URIs. */
#define DMARC_URI_MAX_HONOURED	2

/*
 * Checks one "mailto:addr[!size]" URI of len bytes. Returns the
 * lowercased host part (caller frees), or NULL with the reason in why.
 * *size is set to the "!size" suffix's offset, or -1 without one.
 */
static char *
dmarc_mailto_domain(const char *s, size_t len, const char **why,
    long *size)
{
	const char	*at, *end, *bang;
	char		 host[256];

	*size = -1;
	if (len < 7 || strncasecmp(s, "mailto:", 7) != 0) {
		*why = "only mailto: URIs are supported by report senders";
		return NULL;
	}
	end = s + len;
	bang = memchr(s, '!', len);
	if (bang != NULL) {
		const char *q = bang + 1;
		while (q < end && isdigit((unsigned char)*q))
			q++;
		if (q == bang + 1 || (q < end && strchr("kmgtKMGT", *q) ==
		    NULL) || (q < end && q + 1 != end)) {
			*why = "the size limit after '!' must be digits with "
			    "an optional k, m, g or t unit";
			return NULL;
		}
		*size = bang - s;
		end = bang;
	}
	at = memchr(s + 7, '@', (size_t)(end - (s + 7)));
	if (at == NULL || at == s + 7) {
		*why = "expected mailto:local-part@domain";
		return NULL;
	}
	if (!dnsname_valid(at + 1, (size_t)(end - at - 1)) ||
	    (size_t)(end - at - 1) >= sizeof(host)) {
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

/* Reports one URI's problem, or its obsolete size suffix. */
static void
dmarc_uri_report(const char *tag, const char *p, size_t n, const char *why,
    long size, struct verdict *v)
{
	if (why != NULL)
		verdict_add(v, FINDING_WARNING,
		    "%s URI \"%.*s\" is not usable: %s\n"
		    "Reports for this destination will not be sent "
		    "(RFC 9989 §4.7). Fix: write it as %s=mailto:"
		    "dmarc-reports@your-domain.example", tag, (int)n, p, why,
		    tag);
	else if (size >= 0)
		verdict_add(v, FINDING_WARNING,
		    "%s URI \"%.*s\" carries the obsolete size limit \"%.*s\"\n"
		    "RFC 9989 removed the \"!size\" suffix and reporters must "
		    "ignore it, but RFC 7489 reporters may still skip reports "
		    "bigger than it. Fix: write %s=%.*s.", tag, (int)n, p,
		    (int)(n - (size_t)size), p + size, tag, (int)size, p);
}

int
dmarc_uri_list(const char *tag, const char *value, struct dmarc_uri **out,
    size_t *nout, struct verdict *v)
{
	const char	*p = value;
	size_t		 first = *nout;

	while (*p != '\0') {
		const char	*e, *why = NULL;
		size_t		 n;
		long		 size;
		struct dmarc_uri *u;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		u = realloc(*out, (*nout + 1) * sizeof(*u));
		if (u == NULL)
			return -1;
		*out = u;
		u[*nout].uri = strndup(p, n);
		if (u[*nout].uri == NULL)
			return -1;
		u[*nout].domain = dmarc_mailto_domain(p, n, &why, &size);
		(*nout)++;
		dmarc_uri_report(tag, p, n, u[*nout - 1].domain == NULL ? why :
		    NULL, size, v);
		p += n;
	}
	if (*nout - first > DMARC_URI_MAX_HONOURED)
		verdict_add(v, FINDING_WARNING,
		    "%s= lists %zu URIs\nReceivers need only send to the "
		    "first %d (RFC 7489 §6.2), so \"%s\" and later ones may "
		    "get nothing. Fix: keep at most %d %s URIs, or have one "
		    "address forward to the others.", tag, *nout - first,
		    DMARC_URI_MAX_HONOURED, (*out)[first +
		    DMARC_URI_MAX_HONOURED].uri, DMARC_URI_MAX_HONOURED, tag);
	return 0;
}

void
dmarc_uri_free(struct dmarc_uri *u, size_t n)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(u[i].uri);
		free(u[i].domain);
	}
	free(u);
}
