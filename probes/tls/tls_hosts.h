/*
 * tls_hosts.h -- which SMTP hosts the starttls and dane probes connect
 * to for a domain, and at which addresses: its MX hosts (RFC 5321 §5.1:
 * the domain itself when it has no MX, none for a null MX, RFC 7505)
 * plus the [domain NAME] smtp_hosts of the config; and one host of
 * [targets] (an address, or a name and its addresses).
 *
 * The port is 25. Tests point it elsewhere with the environment variable
 * SENDWATCH_TEST_SMTP_PORT (the lab's SMTP servers cannot listen on 25,
 * which needs root and would collide between labs); every finding made
 * on another port names it, and with it set only loopback addresses are
 * connected to (others are not tried: the host is unknown).
 */
#ifndef SENDWATCH_TLS_HOSTS_H
#define SENDWATCH_TLS_HOSTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "config/config.h"
#include "probes/dns/dns.h"

#define TLS_HOST_MAX_ADDRS	8	/* more A/AAAA records are not tried */
#define TLS_MAX_HOSTS		16	/* more MX hosts are not checked */

struct tls_host {
	char			*name;
	struct sockaddr_storage	 addr[TLS_HOST_MAX_ADDRS];
	socklen_t		 addrlen[TLS_HOST_MAX_ADDRS];
	size_t			 naddr;
	bool			 failed;	/* an address lookup failed */
	char			 why[160];	/* then, or when naddr == 0 */
	/* DNSSEC of the A and AAAA answers (DANE needs them validated) */
	bool			 addr_insecure;	/* one was not validated */
	bool			 addr_bogus;	/* one failed validation */
};

struct tls_hosts {
	struct tls_host		 v[TLS_MAX_HOSTS];
	size_t			 n;
	bool			 failed;	/* the MX lookup failed */
	char			 why[160];	/* why */
};

/*
 * The SMTP port: 25, or SENDWATCH_TEST_SMTP_PORT. Returns -1 with a
 * message in err when that variable is no port.
 */
int	tls_smtp_port(uint16_t *port, char *err, size_t errlen);

/*
 * Fills hosts for domain (MX hosts, then cfg's smtp_hosts of the
 * domain), each with its addresses on port. Returns 0, or -1 when out
 * of memory; lookup failures are recorded in hosts. tls_hosts_free()
 * frees the names.
 */
int	tls_hosts_of_domain(struct dns_resolver *, const struct config *,
	    const char *domain, uint16_t port, struct tls_hosts *);
void	tls_hosts_free(struct tls_hosts *);

/*
 * One host given by name or as an address (a [targets] entry), with its
 * addresses on port: an address is itself, a name every A and AAAA.
 * Returns 0, or -1 when out of memory; the caller frees h->name.
 */
int	tls_host_of(struct dns_resolver *, const char *name, uint16_t port,
	    struct tls_host *h);

/* Whether s is an IPv4 or IPv6 address (not a name). */
bool	tls_is_address(const char *s);

/* "127.0.0.1" or "::1" (no port) of one address, into buf. */
void	tls_addr_string(const struct sockaddr_storage *, char *buf,
	    size_t len);

/* The EHLO name: [domain] helo, [general] helo, or this host's name. */
const char *tls_ehlo_name(const struct config *, const char *domain);

#endif
