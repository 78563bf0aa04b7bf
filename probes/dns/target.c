/*
 * target.c -- parses and expands targets (see target.h).
 *
 * Networks are expanded address by address; a hash set over the kind and
 * canonical text drops duplicates, so an address given twice, or given
 * literally and also reached through a host name, is checked once. Host
 * names are collected first and resolved together in one batch.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probes/dns/target.h"

static uint64_t
target_hash(enum target_kind kind, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)kind;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static int
target_seen_grow(struct target_set *ts)
{
	size_t cap = ts->seen_cap ? ts->seen_cap * 2 : 64;
	size_t *seen = calloc(cap, sizeof(*seen));

	if (seen == NULL)
		return -1;
	for (size_t i = 0; i < ts->n; i++) {
		size_t h = target_hash(ts->v[i].kind, ts->v[i].name) & (cap - 1);
		while (seen[h] != 0)
			h = (h + 1) & (cap - 1);
		seen[h] = i + 1;
	}
	free(ts->seen);
	ts->seen = seen;
	ts->seen_cap = cap;
	return 0;
}

/* Returns the slot where (kind, name) is or would go. */
static size_t *
target_seen_slot(struct target_set *ts, enum target_kind kind, const char *name)
{
	size_t h = target_hash(kind, name) & (ts->seen_cap - 1);

	while (ts->seen[h] != 0) {
		const struct target *t = &ts->v[ts->seen[h] - 1];
		if (t->kind == kind && strcmp(t->name, name) == 0)
			break;
		h = (h + 1) & (ts->seen_cap - 1);
	}
	return &ts->seen[h];
}

/* Adds unless present. Returns 1 added, 0 duplicate, -1 out of memory. */
static int
target_push(struct target_set *ts, enum target_kind kind,
    const struct target_addr *addr, const char *name, const char *origin)
{
	size_t *slot;
	struct target *t;

	if ((ts->n + 1) * 3 >= ts->seen_cap * 2 && target_seen_grow(ts) == -1)
		return -1;
	slot = target_seen_slot(ts, kind, name);
	if (*slot != 0)
		return 0;
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 16;
		struct target *v = realloc(ts->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		ts->v = v;
		ts->cap = cap;
	}
	t = &ts->v[ts->n];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	if (addr != NULL)
		t->addr = *addr;
	if ((t->name = strdup(name)) == NULL)
		return -1;
	if (origin != NULL && strcmp(origin, name) != 0 &&
	    (t->origin = strdup(origin)) == NULL) {
		free(t->name);
		return -1;
	}
	*slot = ++ts->n;
	return 1;
}

static int
target_push_addr(struct target_set *ts, const struct target_addr *a,
    const char *origin, bool sender)
{
	char text[INET6_ADDRSTRLEN];
	int r;

	if (inet_ntop(a->family, &a->u, text, sizeof(text)) == NULL)
		return -1;
	r = target_push(ts, a->family == AF_INET ? TARGET_IP4 : TARGET_IP6,
	    a, text, origin);
	/* a duplicate keeps the strongest reason it was given for */
	if (r >= 0 && sender) {
		size_t *slot = target_seen_slot(ts, a->family == AF_INET ?
		    TARGET_IP4 : TARGET_IP6, text);
		ts->v[*slot - 1].sender = true;
	}
	return r;
}

bool
target_valid_name(const char *s)
{
	size_t len = strlen(s), label = 0;

	if (len == 0 || len > 253 || s[0] == '.' || s[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!(c == '-' || c == '_' || (c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
		if (++label > 63)
			return false;
	}
	return s[len - 1] != '-';
}

/*
 * A name that inet_pton refused but that is written as an address: only
 * digits and dots (999.1.1.1, 1.2.3), or a colon (an IPv6 address that
 * does not parse). Such a text is a mistyped address, never a domain: no
 * top-level domain is all digits (RFC 3696 section 2).
 */
static bool
target_looks_like_address(const char *s)
{
	return strchr(s, ':') != NULL || strspn(s, "0123456789.") == strlen(s);
}

int
target_bad_address(const char *text, char *err, size_t errlen)
{
	struct in6_addr a;

	if (!target_looks_like_address(text) ||
	    inet_pton(AF_INET, text, &a) == 1 ||
	    inet_pton(AF_INET6, text, &a) == 1)
		return 0;
	snprintf(err, errlen, "\"%s\": not an IP address (%s)", text,
	    strchr(text, ':') != NULL ? "an IPv6 address is groups of hex"
	    " digits separated by colons, such as 2001:db8::25" : "an IPv4"
	    " address is four numbers from 0 to 255, such as 192.0.2.10");
	return -1;
}

/* The last label is all digits: not a domain name (RFC 3696 section 2). */
static bool
target_numeric_tld(const char *s)
{
	const char *tld = strrchr(s, '.');

	tld = tld != NULL ? tld + 1 : s;
	return *tld != '\0' && strspn(tld, "0123456789") == strlen(tld);
}

static int
target_add_network(struct target_set *ts, const char *text, char *err,
    size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	struct target_addr base = { 0 };
	long prefix;
	unsigned bits, hostbits;
	uint64_t count;

	if (strlen(text) >= sizeof(buf)) {
		snprintf(err, errlen, "%s: not an address or network", text);
		return -1;
	}
	memcpy(buf, text, strlen(text) + 1);
	slash = strchr(buf, '/');
	*slash = '\0';
	if (inet_pton(AF_INET, buf, &base.u.v4) == 1) {
		base.family = AF_INET;
		bits = 32;
	} else if (inet_pton(AF_INET6, buf, &base.u.v6) == 1) {
		base.family = AF_INET6;
		bits = 128;
	} else {
		snprintf(err, errlen, "%s: \"%s\" is not an IPv4 or IPv6 address",
		    text, buf);
		return -1;
	}
	errno = 0;
	prefix = strtol(slash + 1, &end, 10);
	if (errno != 0 || end == slash + 1 || *end != '\0' || prefix < 0 ||
	    (unsigned long)prefix > bits) {
		snprintf(err, errlen, "%s: prefix length must be 0-%u", text, bits);
		return -1;
	}
	hostbits = bits - (unsigned)prefix;
	if (hostbits > 16) {
		snprintf(err, errlen, "%s: network has more than %d addresses;"
		    " split it into /%u networks or smaller", text,
		    TARGET_MAX_NETWORK, bits - 16);
		return -1;
	}
	count = (uint64_t)1 << hostbits;

	/* Host bits must be zero, as in every CIDR the user meant. */
	unsigned char *b = base.family == AF_INET ?
	    (unsigned char *)&base.u.v4 : (unsigned char *)&base.u.v6;
	size_t nbytes = bits / 8;
	for (unsigned i = (unsigned)prefix; i < bits; i++) {
		if (b[i / 8] & (0x80 >> (i % 8))) {
			snprintf(err, errlen, "%s: host bits are set (the network"
			    " would start lower)", text);
			return -1;
		}
	}
	for (uint64_t k = 0; k < count; k++) {
		struct target_addr a = base;
		unsigned char *ab = a.family == AF_INET ?
		    (unsigned char *)&a.u.v4 : (unsigned char *)&a.u.v6;
		uint64_t carry = k;
		for (size_t i = nbytes; i-- > 0 && carry != 0;) {
			uint64_t sum = ab[i] + (carry & 0xff);
			ab[i] = (unsigned char)sum;
			carry = (carry >> 8) + (sum >> 8);
		}
		if (target_push_addr(ts, &a, text, false) == -1) {
			snprintf(err, errlen, "%s: out of memory", text);
			return -1;
		}
	}
	return 0;
}

static int
target_add_host(struct target_set *ts, const char *name, bool explicit)
{
	struct target_host *v;

	for (size_t i = 0; i < ts->nhosts; i++)
		if (strcmp(ts->hosts[i].name, name) == 0) {
			ts->hosts[i].explicit |= explicit;
			return 0;
		}
	v = realloc(ts->hosts, (ts->nhosts + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	ts->hosts = v;
	if ((v[ts->nhosts].name = strdup(name)) == NULL)
		return -1;
	v[ts->nhosts].explicit = explicit;
	ts->nhosts++;
	return 0;
}

int
target_set_add(struct target_set *ts, const char *text,
    enum target_name_use use, char *err, size_t errlen)
{
	struct target_addr a = { 0 };
	char name[256];
	size_t len;

	if (strchr(text, '/') != NULL)
		return target_add_network(ts, text, err, errlen);
	if (inet_pton(AF_INET, text, &a.u.v4) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, text, &a.u.v6) == 1)
		a.family = AF_INET6;
	if (a.family != 0) {
		if (target_push_addr(ts, &a, NULL, true) == -1) {
			snprintf(err, errlen, "%s: out of memory", text);
			return -1;
		}
		return 0;
	}

	if (strncmp(text, "host:", 5) == 0) {
		use = TARGET_NAME_HOST;
		text += 5;
	} else if (strncmp(text, "domain:", 7) == 0) {
		use = TARGET_NAME_DOMAIN;
		text += 7;
	}
	len = strlen(text);
	if (len > 0 && text[len - 1] == '.')
		len--;
	if (len == 0 || len >= sizeof(name)) {
		snprintf(err, errlen, "\"%s\": expected an IP address, a network"
		    " such as 192.0.2.0/24, or a domain name", text);
		return -1;
	}
	for (size_t i = 0; i < len; i++)
		name[i] = (char)((text[i] >= 'A' && text[i] <= 'Z') ?
		    text[i] - 'A' + 'a' : text[i]);
	name[len] = '\0';
	if (target_bad_address(name, err, errlen) == -1)
		return -1;
	if (!target_valid_name(name) || strchr(name, '.') == NULL ||
	    target_numeric_tld(name)) {
		snprintf(err, errlen, "\"%s\": expected an IP address, a network"
		    " such as 192.0.2.0/24, or a domain name", text);
		return -1;
	}
	if (use != TARGET_NAME_HOST &&
	    target_push(ts, TARGET_DOMAIN, NULL, name, NULL) == -1) {
		snprintf(err, errlen, "%s: out of memory", text);
		return -1;
	}
	if (use != TARGET_NAME_DOMAIN &&
	    target_add_host(ts, name, use == TARGET_NAME_HOST) == -1) {
		snprintf(err, errlen, "%s: out of memory", text);
		return -1;
	}
	return 0;
}

struct target_host_query {
	struct target_set	*ts;
	const char		*host;
	bool			 explicit;
	unsigned		 found;
	bool			 dns_failed;
	unsigned		 pending;
	char			 reason[160];
	int			 oom;
};

static void
target_host_answer(void *arg, const struct dns_answer *ans)
{
	struct target_host_query *q = arg;

	q->pending--;
	if (ans->status != DNS_DATA) {
		if (ans->status == DNS_FAILURE)
			q->dns_failed = true;
		if (ans->status == DNS_FAILURE || q->reason[0] == '\0')
			snprintf(q->reason, sizeof(q->reason), "%s %s: %s",
			    ans->qtype == DNS_T_A ? "A" : "AAAA",
			    dns_status_name(ans->status),
			    ans->status == DNS_FAILURE ? ans->reason : "no address");
		return;
	}
	for (size_t i = 0; i < ans->nrr; i++) {
		struct target_addr a = { 0 };
		if (ans->rr[i].type == DNS_T_A) {
			a.family = AF_INET;
			a.u.v4 = ans->rr[i].u.a;
		} else if (ans->rr[i].type == DNS_T_AAAA) {
			a.family = AF_INET6;
			a.u.v6 = ans->rr[i].u.aaaa;
		} else
			continue;
		if (target_push_addr(q->ts, &a, q->host, q->explicit) == -1)
			q->oom = 1;
		q->found++;
	}
}

size_t
target_set_resolve_hosts(struct target_set *ts, struct dns_resolver *r,
    uint64_t deadline_ms,
    void (*failed)(void *arg, const char *host, const char *reason), void *arg)
{
	struct target_host_query *q;
	size_t nfailed = 0;

	if (ts->nhosts == 0)
		return 0;
	if ((q = calloc(ts->nhosts, sizeof(*q))) == NULL) {
		if (failed != NULL)
			failed(arg, ts->hosts[0].name, "out of memory");
		return ts->nhosts;
	}
	for (size_t i = 0; i < ts->nhosts; i++) {
		q[i].ts = ts;
		q[i].host = ts->hosts[i].name;
		q[i].explicit = ts->hosts[i].explicit;
		if (dns_submit(r, q[i].host, DNS_T_A, target_host_answer, &q[i]) == 0)
			q[i].pending++;
		if (dns_submit(r, q[i].host, DNS_T_AAAA, target_host_answer, &q[i]) == 0)
			q[i].pending++;
	}
	dns_run(r, deadline_ms);
	for (size_t i = 0; i < ts->nhosts; i++) {
		if ((q[i].found > 0 || (!ts->hosts[i].explicit &&
		    !q[i].dns_failed)) && !q[i].oom)
			continue;
		nfailed++;
		if (failed != NULL)
			failed(arg, q[i].host, q[i].oom ? "out of memory" :
			    q[i].reason[0] ? q[i].reason : "no address");
	}
	for (size_t i = 0; i < ts->nhosts; i++)
		free(ts->hosts[i].name);
	free(ts->hosts);
	ts->hosts = NULL;
	ts->nhosts = 0;
	free(q);
	return nfailed;
}

size_t
target_set_count(const struct target_set *ts, enum target_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].kind == kind)
			n++;
	return n;
}

void
target_set_free(struct target_set *ts)
{
	if (ts == NULL)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->v[i].name);
		free(ts->v[i].origin);
	}
	for (size_t i = 0; i < ts->nhosts; i++)
		free(ts->hosts[i].name);
	free(ts->v);
	free(ts->hosts);
	free(ts->seen);
	memset(ts, 0, sizeof(*ts));
}

int
target_reverse_name(const struct target_addr *a, const char *zone, char *buf,
    size_t len)
{
	static const char hex[] = "0123456789abcdef";
	int n;

	if (a->family == AF_INET) {
		const unsigned char *b = (const unsigned char *)&a->u.v4;
		n = snprintf(buf, len, "%u.%u.%u.%u.%s", b[3], b[2], b[1], b[0],
		    zone);
		return n < 0 || (size_t)n >= len ? -1 : 0;
	}
	if (len < 64 + strlen(zone) + 1)
		return -1;
	for (int i = 15, k = 0; i >= 0; i--) {
		buf[k++] = hex[a->u.v6.s6_addr[i] & 0xf];
		buf[k++] = '.';
		buf[k++] = hex[a->u.v6.s6_addr[i] >> 4];
		buf[k++] = '.';
	}
	memcpy(buf + 64, zone, strlen(zone) + 1);
	return 0;
}
