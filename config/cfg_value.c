/*
 * cfg_value.c -- typed parsers for config values (see cfg_value.h).
 * Pure functions: no file, no global state. Every failure explains what
 * was expected and quotes what was given. Unit tests: test_cfg_value.c.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "config/cfg_value.h"

#define GOT(why, whylen, s, ...) \
	snprintf(why, whylen, __VA_ARGS__), \
	got_append(why, whylen, s)

static void
got_append(char *why, size_t whylen, const char *s)
{
	size_t l = strlen(why);

	if (l < whylen)
		snprintf(why + l, whylen - l, ", got \"%s\"", s);
}

/* Reads decimal digits at *p into *out; false when none or on overflow. */
static bool
read_digits(const char **p, uint64_t *out, bool *overflow)
{
	uint64_t n = 0;
	const char *s = *p;

	*overflow = false;
	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		unsigned d = (unsigned)(*s - '0');
		if (n > (UINT64_MAX - d) / 10)
			*overflow = true;
		else
			n = n * 10 + d;
	}
	*p = s;
	*out = n;
	return !*overflow;
}

struct unit {
	const char	*name;
	uint64_t	 mult;
};

/* Longest names first so "ms" wins over "m". */
static const struct unit duration_units[] = {
	{ "ms", 1 },
	{ "s", 1000 },
	{ "m", 60 * 1000 },
	{ "h", 3600 * 1000 },
	{ "d", 86400 * 1000 },
	{ "w", 7 * 86400ULL * 1000 },
};

bool
cfg_parse_duration(const char *s, uint64_t *ms, char *why, size_t whylen)
{
	const char *p = s;
	uint64_t total = 0;
	bool overflow;

	if (*p == '\0') {
		GOT(why, whylen, s, "expected a duration such as 15m");
		return false;
	}
	while (*p != '\0') {
		uint64_t n;
		const struct unit *u = NULL;

		if (!read_digits(&p, &n, &overflow)) {
			if (overflow)
				GOT(why, whylen, s, "duration too large");
			else
				GOT(why, whylen, s, "expected a duration such as 15m");
			return false;
		}
		for (size_t i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++) {
			size_t l = strlen(duration_units[i].name);
			if (strncmp(p, duration_units[i].name, l) == 0 &&
			    !isalpha((unsigned char)p[l])) {
				u = &duration_units[i];
				p += l;
				break;
			}
		}
		if (u == NULL) {
			GOT(why, whylen, s, "expected a duration such as 15m");
			return false;
		}
		if (n > UINT64_MAX / u->mult || total > UINT64_MAX - n * u->mult) {
			GOT(why, whylen, s, "duration too large");
			return false;
		}
		total += n * u->mult;
	}
	*ms = total;
	return true;
}

void
cfg_format_duration(uint64_t ms, char *buf, size_t buflen)
{
	size_t off = 0;

	if (buflen == 0)
		return;
	buf[0] = '\0';
	if (ms == 0) {
		snprintf(buf, buflen, "0s");
		return;
	}
	for (size_t i = sizeof(duration_units) / sizeof(duration_units[0]); i-- > 0;) {
		uint64_t m = duration_units[i].mult;
		int w;

		if (ms < m)
			continue;
		w = snprintf(buf + off, buflen - off, "%llu%s",
		    (unsigned long long)(ms / m), duration_units[i].name);
		if (w < 0 || (size_t)w >= buflen - off)
			return;
		off += (size_t)w;
		ms %= m;
		if (ms == 0)
			break;
	}
}

struct bool_name {
	const char	*name;
	bool		 value;
};

static const struct bool_name bool_names[] = {
	{ "yes", true }, { "no", false }, { "true", true }, { "false", false },
	{ "on", true }, { "off", false }, { "1", true }, { "0", false },
};

bool
cfg_parse_bool(const char *s, bool *out, char *why, size_t whylen)
{
	for (size_t i = 0; i < sizeof(bool_names) / sizeof(bool_names[0]); i++)
		if (strcasecmp(s, bool_names[i].name) == 0) {
			*out = bool_names[i].value;
			return true;
		}
	GOT(why, whylen, s, "expected yes or no");
	return false;
}

bool
cfg_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    char *why, size_t whylen)
{
	const char *p = s;
	uint64_t n;
	bool overflow;

	if (!read_digits(&p, &n, &overflow) || *p != '\0' || n < min || n > max) {
		GOT(why, whylen, s, "expected a whole number from %llu to %llu",
		    (unsigned long long)min, (unsigned long long)max);
		return false;
	}
	*out = n;
	return true;
}

static const struct unit size_units[] = {
	{ "", 1 }, { "K", 1ULL << 10 }, { "M", 1ULL << 20 }, { "G", 1ULL << 30 },
	{ "T", 1ULL << 40 },
};

bool
cfg_parse_size(const char *s, uint64_t *bytes, char *why, size_t whylen)
{
	const char *p = s;
	uint64_t n;
	bool overflow;

	if (!read_digits(&p, &n, &overflow)) {
		GOT(why, whylen, s, overflow ? "size too large" :
		    "expected a size such as 100M (K, M, G, T)");
		return false;
	}
	for (size_t i = 0; i < sizeof(size_units) / sizeof(size_units[0]); i++) {
		const char *u = size_units[i].name;
		size_t l = strlen(u);

		if (strncasecmp(p, u, l) != 0)
			continue;
		if (p[l] != '\0' && !((p[l] == 'B' || p[l] == 'b') && p[l + 1] == '\0'))
			continue;
		if (n > UINT64_MAX / size_units[i].mult) {
			GOT(why, whylen, s, "size too large");
			return false;
		}
		*bytes = n * size_units[i].mult;
		return true;
	}
	GOT(why, whylen, s, "expected a size such as 100M (K, M, G, T)");
	return false;
}

void
cfg_format_size(uint64_t bytes, char *buf, size_t buflen)
{
	size_t i = sizeof(size_units) / sizeof(size_units[0]);

	while (--i > 0)
		if (bytes != 0 && bytes % size_units[i].mult == 0)
			break;
	snprintf(buf, buflen, "%llu%s",
	    (unsigned long long)(bytes / size_units[i].mult), size_units[i].name);
}

bool
cfg_parse_percent(const char *s, double *pct, char *why, size_t whylen)
{
	char *end;
	double d;

	errno = 0;
	if (!isdigit((unsigned char)s[0])) {
		GOT(why, whylen, s, "expected a percentage such as 2%%");
		return false;
	}
	d = strtod(s, &end);
	if (errno != 0 || end == s || strcmp(end, "%") != 0 || !isfinite(d) ||
	    d < 0 || d > 100) {
		GOT(why, whylen, s, "expected a percentage such as 2%% (0%% to 100%%)");
		return false;
	}
	*pct = d;
	return true;
}

bool
cfg_parse_addr(const char *s, struct cfg_addr *out, char *why, size_t whylen)
{
	struct cfg_addr a = { 0 };

	if (inet_pton(AF_INET, s, &a.u.v4) == 1)
		a.af = AF_INET;
	else if (inet_pton(AF_INET6, s, &a.u.v6) == 1)
		a.af = AF_INET6;
	else {
		GOT(why, whylen, s, "expected an IPv4 or IPv6 address");
		return false;
	}
	*out = a;
	return true;
}

void
cfg_format_addr(const struct cfg_addr *a, char *buf, size_t buflen)
{
	if (inet_ntop(a->af, a->af == AF_INET ? (const void *)&a->u.v4 :
	    (const void *)&a->u.v6, buf, (socklen_t)buflen) == NULL && buflen > 0)
		buf[0] = '\0';
}

static unsigned char *
addr_bytes(struct cfg_addr *a, size_t *len)
{
	*len = a->af == AF_INET ? 4 : 16;
	return a->af == AF_INET ? (unsigned char *)&a->u.v4 :
	    (unsigned char *)&a->u.v6;
}

/* Clears host bits; returns true when any were set. */
static bool
clear_host_bits(struct cfg_addr *a, unsigned prefix)
{
	size_t len;
	unsigned char *b = addr_bytes(a, &len);
	bool had = false;

	for (size_t i = 0; i < len; i++) {
		unsigned keep = prefix >= (i + 1) * 8 ? 8 :
		    prefix <= i * 8 ? 0 : prefix - (unsigned)i * 8;
		unsigned char mask = (unsigned char)(keep == 0 ? 0 : 0xff << (8 - keep));
		if (b[i] & (unsigned char)~mask)
			had = true;
		b[i] &= mask;
	}
	return had;
}

bool
cfg_parse_cidr(const char *s, bool allow_bare, struct cfg_cidr *out,
    char *why, size_t whylen)
{
	const char *slash = strchr(s, '/');
	char addr[INET6_ADDRSTRLEN + 1], fixed[INET6_ADDRSTRLEN];
	struct cfg_cidr c = { 0 };
	const char *p;
	uint64_t prefix;
	unsigned max;
	bool overflow;

	if (slash == NULL) {
		if (allow_bare && cfg_parse_addr(s, &c.addr, why, whylen)) {
			c.prefix = c.addr.af == AF_INET ? 32 : 128;
			*out = c;
			return true;
		}
		GOT(why, whylen, s, allow_bare ?
		    "expected an address or a network such as 192.0.2.0/24" :
		    "expected a network such as 192.0.2.0/24");
		return false;
	}
	if ((size_t)(slash - s) >= sizeof(addr)) {
		GOT(why, whylen, s, "expected a network such as 192.0.2.0/24");
		return false;
	}
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	if (!cfg_parse_addr(addr, &c.addr, why, whylen)) {
		GOT(why, whylen, s, "expected a network such as 192.0.2.0/24 or "
		    "2001:db8::/32");
		return false;
	}
	max = c.addr.af == AF_INET ? 32 : 128;
	p = slash + 1;
	if (!read_digits(&p, &prefix, &overflow) || *p != '\0' || prefix > max) {
		GOT(why, whylen, s, "expected a prefix length from 0 to %u", max);
		return false;
	}
	c.prefix = (unsigned)prefix;
	if (clear_host_bits(&c.addr, c.prefix)) {
		cfg_format_addr(&c.addr, fixed, sizeof(fixed));
		snprintf(why, whylen, "%s: host bits set, did you mean %s/%u?", s,
		    fixed, c.prefix);
		return false;
	}
	*out = c;
	return true;
}

/*
 * Checks LDH (plus '_' when allow_underscore) labels; writes a lowercased
 * copy without the trailing dot to *out. Returns the number of labels, or
 * 0 with a message in why.
 */
static size_t
check_labels(const char *s, bool allow_underscore, const char *what,
    char **out, char *why, size_t whylen)
{
	size_t len = strlen(s), nlabels = 0, labellen = 0;
	char *copy;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253) {
		GOT(why, whylen, s, "expected %s (1 to 253 characters)", what);
		return 0;
	}
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : '.';

		if (c == '.') {
			if (labellen == 0 || labellen > 63) {
				GOT(why, whylen, s, "expected %s (labels of 1 to 63 "
				    "characters between dots)", what);
				return 0;
			}
			if (s[i - 1] == '-' || s[i - labellen] == '-') {
				GOT(why, whylen, s, "expected %s (a label cannot "
				    "start or end with '-')", what);
				return 0;
			}
			nlabels++;
			labellen = 0;
			continue;
		}
		if (c >= 0x80) {
			GOT(why, whylen, s, "expected %s in ASCII (write an "
			    "international name in its xn-- form)", what);
			return 0;
		}
		if (!isalnum(c) && c != '-' && !(allow_underscore && c == '_')) {
			GOT(why, whylen, s, "expected %s (letters, digits, '-'%s)",
			    what, allow_underscore ? ", '_'" : "");
			return 0;
		}
		labellen++;
	}
	if ((copy = strndup(s, len)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return 0;
	}
	for (char *p = copy; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	*out = copy;
	return nlabels;
}

/*
 * Digits and dots only, with a dot, that inet_pton refuses (999.1.1.1):
 * a mistyped address, never a name (no top-level domain is all digits, RFC 3696
 * section 2). Says so in why.
 */
static bool
mistyped_address(const char *s, char *why, size_t whylen)
{
	struct in_addr a;

	if (strchr(s, '.') == NULL || strspn(s, "0123456789.") != strlen(s) ||
	    inet_pton(AF_INET, s, &a) == 1)
		return false;
	snprintf(why, whylen, "\"%s\": not an IP address (an IPv4 address is"
	    " four numbers from 0 to 255, such as 192.0.2.10)", s);
	return true;
}

bool
cfg_parse_hostname(const char *s, char **out, char *why, size_t whylen)
{
	if (mistyped_address(s, why, whylen))
		return false;
	return check_labels(s, false, "a host name", out, why, whylen) > 0;
}

bool
cfg_parse_domain(const char *s, char **out, char *why, size_t whylen)
{
	char *name = NULL;
	size_t n;
	const char *tld;

	if (mistyped_address(s, why, whylen))
		return false;
	if ((n = check_labels(s, false, "a domain name", &name, why,
	    whylen)) == 0)
		return false;
	tld = strrchr(name, '.');
	if (n < 2 || strspn(tld + 1, "0123456789") == strlen(tld + 1)) {
		free(name);
		GOT(why, whylen, s, "expected a domain name such as example.com");
		return false;
	}
	*out = name;
	return true;
}

bool
cfg_parse_selector(const char *s, char **out, char *why, size_t whylen)
{
	return check_labels(s, true, "a DKIM selector", out, why, whylen) > 0;
}

bool
cfg_parse_mailaddr(const char *s, char **out, char *why, size_t whylen)
{
	const char *at = strrchr(s, '@');
	char *domain = NULL, *copy;

	if (at == NULL || at == s || strcspn(s, " \t<>\"(),;:") < (size_t)(at - s) ||
	    !cfg_parse_domain(at + 1, &domain, why, whylen)) {
		GOT(why, whylen, s, "expected a mail address such as "
		    "alerts@example.com");
		return false;
	}
	free(domain);
	if ((copy = strdup(s)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return false;
	}
	*out = copy;
	return true;
}

/* One item of a range list: A, A-B or A/N, all IPv4 inside 127/8. */
static bool
parse_range_item(const char *item, struct cfg_range *r, char *why, size_t whylen)
{
	char lo[INET_ADDRSTRLEN];
	const char *dash = strchr(item, '-');
	struct in_addr a, b;
	struct cfg_cidr c;

	if (strchr(item, '/') != NULL) {
		if (!cfg_parse_cidr(item, false, &c, why, whylen))
			return false;
		if (c.addr.af != AF_INET) {
			GOT(why, whylen, item, "expected IPv4 answers");
			return false;
		}
		r->lo = ntohl(c.addr.u.v4.s_addr);
		r->hi = r->lo | (c.prefix == 0 ? UINT32_MAX :
		    (uint32_t)((1ULL << (32 - c.prefix)) - 1));
	} else if (dash != NULL) {
		if ((size_t)(dash - item) >= sizeof(lo))
			goto bad;
		memcpy(lo, item, (size_t)(dash - item));
		lo[dash - item] = '\0';
		if (inet_pton(AF_INET, lo, &a) != 1 || inet_pton(AF_INET, dash + 1, &b) != 1)
			goto bad;
		r->lo = ntohl(a.s_addr);
		r->hi = ntohl(b.s_addr);
		if (r->lo > r->hi) {
			GOT(why, whylen, item, "range runs backwards (expected "
			    "LOW-HIGH such as 127.0.0.2-127.0.0.11)");
			return false;
		}
	} else {
		if (inet_pton(AF_INET, item, &a) != 1)
			goto bad;
		r->lo = r->hi = ntohl(a.s_addr);
	}
	if ((r->lo >> 24) != 127 || (r->hi >> 24) != 127) {
		GOT(why, whylen, item, "DNSBL answers are inside 127.0.0.0/8");
		return false;
	}
	return true;
bad:
	GOT(why, whylen, item, "expected answer addresses such as "
	    "127.0.0.2-127.0.0.11, 127.0.0.2 or 127.0.0.0/24");
	return false;
}

bool
cfg_parse_ranges(const char *s, struct cfg_range **v, size_t *n, char *why,
    size_t whylen)
{
	struct cfg_range *out = NULL, *tmp;
	size_t nout = 0;
	const char *p = s;
	char item[64];

	while (*p != '\0') {
		size_t l;

		p += strspn(p, ", \t");
		l = strcspn(p, ", \t");
		if (l == 0)
			break;
		if (l >= sizeof(item)) {
			GOT(why, whylen, s, "expected answer addresses such as "
			    "127.0.0.2-127.0.0.11");
			goto fail;
		}
		memcpy(item, p, l);
		item[l] = '\0';
		p += l;
		if ((tmp = realloc(out, (nout + 1) * sizeof(*out))) == NULL) {
			snprintf(why, whylen, "out of memory");
			goto fail;
		}
		out = tmp;
		if (!parse_range_item(item, &out[nout], why, whylen))
			goto fail;
		nout++;
	}
	if (nout == 0) {
		GOT(why, whylen, s, "expected answer addresses such as "
		    "127.0.0.2-127.0.0.11");
		goto fail;
	}
	if ((tmp = realloc(*v, (*n + nout) * sizeof(*tmp))) == NULL) {
		snprintf(why, whylen, "out of memory");
		goto fail;
	}
	memcpy(tmp + *n, out, nout * sizeof(*out));
	*v = tmp;
	*n += nout;
	free(out);
	return true;
fail:
	free(out);
	return false;
}

struct severity_name {
	const char		*name;
	enum finding_state	 state;
};

static const struct severity_name severity_names[] = {
	{ "ok", FINDING_OK },
	{ "warning", FINDING_WARNING },
	{ "critical", FINDING_CRITICAL },
};

bool
cfg_parse_severity(const char *s, enum finding_state *out, char *why,
    size_t whylen)
{
	for (size_t i = 0; i < sizeof(severity_names) / sizeof(severity_names[0]); i++)
		if (strcasecmp(s, severity_names[i].name) == 0) {
			*out = severity_names[i].state;
			return true;
		}
	GOT(why, whylen, s, "expected ok, warning or critical");
	return false;
}

bool
cfg_parse_resolver(const char *s, struct cfg_resolver *out, char *why,
    size_t whylen)
{
	struct cfg_resolver r = { .port = 53 };
	char addr[INET6_ADDRSTRLEN + 1];
	const char *at = strrchr(s, '@'), *p;
	size_t alen = at != NULL ? (size_t)(at - s) : strlen(s);
	uint64_t port;
	bool overflow;

	if (strcasecmp(s, "recursive") == 0)
		r.kind = CFG_RESOLVER_RECURSIVE;
	else if (strcasecmp(s, "system") == 0)
		r.kind = CFG_RESOLVER_SYSTEM;
	else {
		r.kind = CFG_RESOLVER_FORWARD;
		if (alen >= sizeof(addr) || alen == 0)
			goto bad;
		memcpy(addr, s, alen);
		addr[alen] = '\0';
		if (!cfg_parse_addr(addr, &r.addr, why, whylen))
			goto bad;
		if (at != NULL) {
			p = at + 1;
			if (!read_digits(&p, &port, &overflow) || *p != '\0' ||
			    port < 1 || port > 65535) {
				GOT(why, whylen, s, "expected a port from 1 to "
				    "65535 after '@'");
				return false;
			}
			r.port = (uint16_t)port;
		}
	}
	if ((r.spec = strdup(s)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return false;
	}
	*out = r;
	return true;
bad:
	GOT(why, whylen, s, "expected recursive, system, or ADDR[@PORT] such "
	    "as 127.0.0.1@5353 or ::1");
	return false;
}

void
cfg_resolver_free(struct cfg_resolver *r)
{
	if (r == NULL)
		return;
	free(r->spec);
	r->spec = NULL;
}
