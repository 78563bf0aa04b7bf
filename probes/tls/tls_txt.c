/*
 * tls_txt.c -- the shared grammar of the MTA-STS and TLS-RPT TXT records
 * (see tls_txt.h). No allocation: fields point into the caller's text.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "probes/tls/tls_txt.h"

#define TLS_TXT_NAME_MAX	32	/* 1 + *31 */

static bool
tls_txt_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* Offset just past version *WSP ";", or 0. */
static size_t
tls_txt_after_version(const char *text, size_t len, const char *version)
{
	size_t i = strlen(version);

	if (len < i || memcmp(text, version, i) != 0)
		return 0;
	while (i < len && tls_txt_wsp(text[i]))
		i++;
	return i < len && text[i] == ';' ? i + 1 : 0;
}

bool
tls_txt_is(const char *text, size_t len, const char *version)
{
	return tls_txt_after_version(text, len, version) > 0;
}

const char *
tls_txt_near_miss(const char *text, size_t len, const char *version)
{
	size_t i = 0, vl = strlen(version);

	if (tls_txt_is(text, len, version))
		return NULL;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (len - i < vl || strncasecmp(text + i, version, vl) != 0)
		return NULL;
	if (i > 0)
		return "it starts with whitespace before the version";
	if (memcmp(text, version, vl) != 0)
		return "the version is not written exactly as the RFC spells "
		    "it (it is case-sensitive)";
	return "the version is not followed by \";\" and a field";
}

bool
tls_txt_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > TLS_TXT_NAME_MAX || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("_-.", s[i]) == NULL)
			return false;
	return true;
}

int
tls_txt_fields(const char *text, size_t len, const char *version,
    int (*fn)(void *arg, const struct tls_txt_field *), void *arg)
{
	size_t i = tls_txt_after_version(text, len, version);

	while (i > 0 && i < len) {
		struct tls_txt_field	 f = { 0 };
		const char		*eq;
		size_t			 s, e;

		while (i < len && tls_txt_wsp(text[i]))
			i++;
		s = i;
		while (i < len && text[i] != ';')
			i++;
		e = i;
		while (e > s && tls_txt_wsp(text[e - 1]))
			e--;
		if (i < len)
			i++;		/* the ';' */
		if (e == s)
			continue;
		f.piece = text + s;
		f.plen = e - s;
		eq = memchr(f.piece, '=', f.plen);
		if (eq != NULL && tls_txt_name_ok(f.piece,
		    (size_t)(eq - f.piece))) {
			f.name = f.piece;
			f.nlen = (size_t)(eq - f.piece);
			f.value = eq + 1;
			f.vlen = f.plen - f.nlen - 1;
		}
		if (fn(arg, &f) == -1)
			return -1;
	}
	return 0;
}
