/*
 * tls_hosts.c -- the SMTP hosts of a domain and their addresses (see
 * tls_hosts.h). Lookups go through the resolver layer one at a time.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "probes/tls/tls_hosts.h"

int
tls_smtp_port(uint16_t *port, char *err, size_t errlen)
{
	const char *s = getenv("SENDWATCH_TEST_SMTP_PORT");
	char *end;
	long v;

	*port = 25;
	if (s == NULL || s[0] == '\0')
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 65535) {
		snprintf(err, errlen, "SENDWATCH_TEST_SMTP_PORT=%s: expected a "
		    "port from 1 to 65535", s);
		return -1;
	}
	*port = (uint16_t)v;
	return 0;
}

static const struct cfg_domain *
domain_config(const struct config *cfg, const char *domain)
{
	for (size_t i = 0; cfg != NULL && domain != NULL && i < cfg->ndomains;
	    i++)
		if (strcasecmp(cfg->domains[i].name, domain) == 0)
			return &cfg->domains[i];
	return NULL;
}

const char *
tls_ehlo_name(const struct config *cfg, const char *domain)
{
	static char name[256];
	const struct cfg_domain *d = domain_config(cfg, domain);

	if (d != NULL && d->helo != NULL)
		return d->helo;
	if (cfg != NULL && cfg->general.helo != NULL)
		return cfg->general.helo;
	if (gethostname(name, sizeof(name) - 1) == -1 || name[0] == '\0')
		snprintf(name, sizeof(name), "localhost");
	return name;
}

void
tls_addr_string(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const void *a = ss->ss_family == AF_INET6 ?
	    (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr :
	    (const void *)&((const struct sockaddr_in *)ss)->sin_addr;

	if (inet_ntop(ss->ss_family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}

bool
tls_is_address(const char *s)
{
	struct in6_addr a;

	return inet_pton(AF_INET, s, &a) == 1 || inet_pton(AF_INET6, s, &a) == 1;
}

static bool
addr_is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
		    &((const struct sockaddr_in6 *)ss)->sin6_addr);
	return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >>
	    24) == 127;
}

/*
 * With SENDWATCH_TEST_SMTP_PORT set (a test against the lab), only
 * loopback addresses are connected to: a lab MX host elsewhere (a
 * documentation address) is not tried, so no test sends packets off
 * the machine. Such a host is unknown, as an unreachable one is.
 */
static void
host_keep_loopback(struct tls_host *h)
{
	const char *env = getenv("SENDWATCH_TEST_SMTP_PORT");
	char first[INET6_ADDRSTRLEN] = "";
	size_t kept = 0, dropped = 0;

	if (env == NULL || env[0] == '\0')
		return;
	for (size_t i = 0; i < h->naddr; i++) {
		if (!addr_is_loopback(&h->addr[i])) {
			if (dropped++ == 0)
				tls_addr_string(&h->addr[i], first,
				    sizeof(first));
			continue;
		}
		h->addr[kept] = h->addr[i];
		h->addrlen[kept++] = h->addrlen[i];
	}
	h->naddr = kept;
	if (dropped > 0 && !h->failed) {
		h->failed = true;
		snprintf(h->why, sizeof(h->why), "%s%s not tried: not a loopback"
		    " address, and SENDWATCH_TEST_SMTP_PORT (tests) is set",
		    first, dropped > 1 ? " and others" : "");
	}
}

/* The A and AAAA records of h->name on port. */
static void
host_resolve(struct dns_resolver *r, struct tls_host *h, uint16_t port)
{
	static const uint16_t types[] = { DNS_T_A, DNS_T_AAAA };
	struct sockaddr_in *lit4 = (struct sockaddr_in *)&h->addr[0];
	struct sockaddr_in6 *lit6 = (struct sockaddr_in6 *)&h->addr[0];

	/* an smtp_hosts entry may be an address itself */
	memset(&h->addr[0], 0, sizeof(h->addr[0]));
	if (inet_pton(AF_INET, h->name, &lit4->sin_addr) == 1) {
		lit4->sin_family = AF_INET;
		lit4->sin_port = htons(port);
		h->addrlen[h->naddr++] = sizeof(*lit4);
		host_keep_loopback(h);
		return;
	}
	if (inet_pton(AF_INET6, h->name, &lit6->sin6_addr) == 1) {
		lit6->sin6_family = AF_INET6;
		lit6->sin6_port = htons(port);
		h->addrlen[h->naddr++] = sizeof(*lit6);
		host_keep_loopback(h);
		return;
	}
	for (size_t t = 0; t < 2; t++) {
		struct dns_answer *a = dns_query(r, h->name, types[t]);

		if (a != NULL && a->bogus)
			h->addr_bogus = true;
		else if (a != NULL && (a->status == DNS_DATA ||
		    a->status == DNS_NODATA) && !a->secure)
			h->addr_insecure = true;
		if (a == NULL || a->status == DNS_FAILURE) {
			h->failed = true;
			snprintf(h->why, sizeof(h->why), "%s lookup failed: %s",
			    t == 0 ? "A" : "AAAA", a ? a->reason : "out of memory");
		}
		for (size_t i = 0; a != NULL && a->status == DNS_DATA &&
		    i < a->nrr && h->naddr < TLS_HOST_MAX_ADDRS; i++) {
			struct sockaddr_storage *ss = &h->addr[h->naddr];

			memset(ss, 0, sizeof(*ss));
			if (a->rr[i].type == DNS_T_A) {
				struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
				s4->sin_family = AF_INET;
				s4->sin_port = htons(port);
				s4->sin_addr = a->rr[i].u.a;
				h->addrlen[h->naddr++] = sizeof(*s4);
			} else if (a->rr[i].type == DNS_T_AAAA) {
				struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
				s6->sin6_family = AF_INET6;
				s6->sin6_port = htons(port);
				s6->sin6_addr = a->rr[i].u.aaaa;
				h->addrlen[h->naddr++] = sizeof(*s6);
			}
		}
		dns_answer_free(a);
	}
	if (h->naddr == 0 && !h->failed)
		snprintf(h->why, sizeof(h->why), "%s has no A or AAAA record",
		    h->name);
	host_keep_loopback(h);
}

/* Adds name unless present; 0, or -1 when out of memory. */
static int
hosts_add(struct tls_hosts *hs, const char *name)
{
	for (size_t i = 0; i < hs->n; i++)
		if (strcasecmp(hs->v[i].name, name) == 0)
			return 0;
	if (hs->n == TLS_MAX_HOSTS)
		return 0;
	memset(&hs->v[hs->n], 0, sizeof(hs->v[hs->n]));
	if ((hs->v[hs->n].name = strdup(name)) == NULL)
		return -1;
	hs->n++;
	return 0;
}

/* MX hosts in preference order, the domain itself when it has none. */
static int
hosts_mx(struct dns_resolver *r, const char *domain, struct tls_hosts *hs)
{
	struct dns_answer *a = dns_query(r, domain, DNS_T_MX);
	int rv = 0;

	if (a == NULL)
		return -1;
	if (a->status == DNS_FAILURE) {
		hs->failed = true;
		snprintf(hs->why, sizeof(hs->why), "MX lookup of %s failed: %s",
		    domain, a->reason);
	} else if (a->status == DNS_NODATA) {
		rv = hosts_add(hs, domain);	/* RFC 5321 §5.1 implicit MX */
	} else if (a->status == DNS_DATA) {
		/* lowest preference first, as senders try them */
		for (size_t k = 0; k < a->nrr; k++)
			for (size_t i = k + 1; i < a->nrr; i++)
				if (a->rr[i].u.mx.preference <
				    a->rr[k].u.mx.preference) {
					struct dns_rr t = a->rr[k];
					a->rr[k] = a->rr[i];
					a->rr[i] = t;
				}
		for (size_t i = 0; rv == 0 && i < a->nrr; i++)
			/* a null MX ("0 .", RFC 7505) accepts no mail */
			if (strcmp(a->rr[i].u.mx.host, ".") != 0 &&
			    a->rr[i].u.mx.host[0] != '\0')
				rv = hosts_add(hs, a->rr[i].u.mx.host);
	}
	dns_answer_free(a);
	return rv;
}

int
tls_hosts_of_domain(struct dns_resolver *r, const struct config *cfg,
    const char *domain, uint16_t port, struct tls_hosts *hs)
{
	const struct cfg_domain *d = domain_config(cfg, domain);

	memset(hs, 0, sizeof(*hs));
	if (hosts_mx(r, domain, hs) == -1)
		return -1;
	for (size_t i = 0; d != NULL && i < d->nsmtp_hosts; i++)
		if (hosts_add(hs, d->smtp_hosts[i]) == -1)
			return -1;
	for (size_t i = 0; i < hs->n; i++)
		host_resolve(r, &hs->v[i], port);
	return 0;
}

int
tls_host_of(struct dns_resolver *r, const char *name, uint16_t port,
    struct tls_host *h)
{
	memset(h, 0, sizeof(*h));
	if ((h->name = strdup(name)) == NULL)
		return -1;
	host_resolve(r, h, port);
	return 0;
}

void
tls_hosts_free(struct tls_hosts *hs)
{
	for (size_t i = 0; hs != NULL && i < hs->n; i++)
		free(hs->v[i].name);
	if (hs != NULL)
		hs->n = 0;
}
