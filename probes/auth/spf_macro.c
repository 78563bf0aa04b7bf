/*
 * spf_macro.c -- SPF macro expansion (RFC 7208 §7.1-§7.4); see
 * spf_macro.h. Works on caller buffers only; nothing is allocated.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "probes/auth/spf_macro.h"

/* Output cursor; overflow is remembered, not written. */
struct spf_out {
	char	*buf;
	size_t	 len, cap;
	bool	 full;
};

static void
spf_out_char(struct spf_out *o, char c)
{
	if (o->len + 1 >= o->cap) {
		o->full = true;
		return;
	}
	o->buf[o->len++] = c;
	o->buf[o->len] = '\0';
}

static void
spf_out_str(struct spf_out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		spf_out_char(o, s[i]);
}

/* Upper-case macro letters are URL-escaped (RFC 3986 unreserved kept). */
static void
spf_out_escaped(struct spf_out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) || strchr("-._~", c) != NULL) {
			spf_out_char(o, (char)c);
			continue;
		}
		spf_out_char(o, '%');
		spf_out_char(o, hex[c >> 4]);
		spf_out_char(o, hex[c & 15]);
	}
}

/* The value of one macro letter (lower-cased), or NULL when unknown. */
static const char *
spf_macro_value(char letter, const struct spf_macro_env *env, bool explain,
    char *tmp, size_t tmplen)
{
	switch (letter) {
	case 's': return env->sender;
	case 'l': return env->local;
	case 'o': return env->sender_domain;
	case 'd': return env->domain;
	case 'i': return env->ip_dotted;
	case 'v': return env->v6 ? "ip6" : "in-addr";
	case 'h': return env->helo ? env->helo : "unknown";
	case 'p': return env->ptr_name ? env->ptr_name(env->ptr_arg,
		    env->domain) : "unknown";
	default: break;
	}
	if (!explain)
		return NULL;
	switch (letter) {
	case 'c': return env->ip_text;
	case 'r': return "unknown";	/* the receiving host: not ours */
	case 't':
		snprintf(tmp, tmplen, "%lld", (long long)time(NULL));
		return tmp;
	default: return NULL;
	}
}

/*
 * Applies the transformers to value: split at the delimiters, reverse
 * when asked, keep the rightmost keep parts (0: all), join with dots.
 */
static void
spf_macro_transform(struct spf_out *o, const char *value, long keep,
    bool reverse, const char *delims, size_t ndelims, bool escape)
{
	const char	*part[128];
	size_t		 plen[128], n = 0, first;
	const char	*p = value, *start = value;
	char		 dl[8] = ".";
	char		 joined[1024];
	struct spf_out	 j = { joined, 0, sizeof(joined), false };

	joined[0] = '\0';
	if (ndelims > 0) {
		memcpy(dl, delims, ndelims < 7 ? ndelims : 7);
		dl[ndelims < 7 ? ndelims : 7] = '\0';
	}
	for (;; p++) {
		if (*p == '\0' || strchr(dl, *p) != NULL) {
			if (n < 128) {
				part[n] = start;
				plen[n++] = (size_t)(p - start);
			}
			if (*p == '\0')
				break;
			start = p + 1;
		}
	}
	if (reverse)
		for (size_t i = 0; i < n / 2; i++) {
			const char *t = part[i];
			size_t tl = plen[i];
			part[i] = part[n - 1 - i];
			plen[i] = plen[n - 1 - i];
			part[n - 1 - i] = t;
			plen[n - 1 - i] = tl;
		}
	first = keep > 0 && (size_t)keep < n ? n - (size_t)keep : 0;
	for (size_t i = first; i < n; i++) {
		if (i > first)
			spf_out_char(&j, '.');
		spf_out_str(&j, part[i], plen[i]);
	}
	if (j.full)
		o->full = true;
	if (escape)
		spf_out_escaped(o, joined, j.len);
	else
		spf_out_str(o, joined, j.len);
}

int
spf_macro_expand(const char *s, const struct spf_macro_env *env,
    bool explain, char *out, size_t outlen)
{
	struct spf_out	 o = { out, 0, outlen, false };
	char		 tmp[32];

	if (outlen == 0)
		return -2;
	out[0] = '\0';
	for (const char *p = s; *p != '\0'; p++) {
		const char	*value, *delims;
		char		 letter;
		long		 keep = 0;
		bool		 reverse = false, upper;

		if (*p != '%') {
			spf_out_char(&o, *p);
			continue;
		}
		p++;
		if (*p == '%' || *p == '_' || *p == '-') {
			spf_out_str(&o, *p == '%' ? "%" : *p == '_' ? " " :
			    "%20", *p == '-' ? 3 : 1);
			continue;
		}
		if (*p != '{' || p[1] == '\0')
			return -1;
		p++;
		upper = isupper((unsigned char)*p) != 0;
		letter = (char)tolower((unsigned char)*p);
		if ((value = spf_macro_value(letter, env, explain, tmp,
		    sizeof(tmp))) == NULL)
			return -1;
		p++;
		if (*p == '0')
			return -1;
		while (isdigit((unsigned char)*p)) {
			keep = keep * 10 + (*p - '0');
			if (keep > 128)
				keep = 128;	/* more parts than any name has */
			p++;
		}
		if (*p == 'r' || *p == 'R') {
			reverse = true;
			p++;
		}
		delims = p;
		while (*p != '\0' && strchr(".-+,/_=", *p) != NULL)
			p++;
		if (*p != '}')
			return -1;
		spf_macro_transform(&o, value, keep, reverse, delims,
		    (size_t)(p - delims), upper);
	}
	return o.full ? -2 : 0;
}

int
spf_macro_domain(const char *spec, const struct spf_macro_env *env,
    char *out, size_t outlen)
{
	char	 buf[2048];
	char	*p = buf;
	size_t	 n;

	if (spf_macro_expand(spec, env, false, buf, sizeof(buf)) != 0)
		return -1;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	while (n > 253) {
		char *dot = strchr(p, '.');
		if (dot == NULL)
			break;
		n -= (size_t)(dot + 1 - p);
		p = dot + 1;
	}
	if (n >= outlen)
		return -1;
	memcpy(out, p, n + 1);
	return 0;
}
