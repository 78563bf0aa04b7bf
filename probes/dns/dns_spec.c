/*
 * dns_spec.c -- parses resolver specs ("--resolver SPEC", "resolver =
 * SPEC") into struct dns_options: "recursive", "system" or ADDR[@PORT]
 * (an IPv4 or IPv6 address, port 1-65535, default 53). A mode keyword
 * replaces whatever was set before; addresses accumulate as forwarders.
 * The options own their forwarder strings; dns_options_free() frees them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dns/dns.h"

static const struct {
	const char	*name;
	enum dns_mode	 mode;
} dns_spec_modes[] = {
	{ "recursive", DNS_MODE_RECURSIVE },
	{ "system", DNS_MODE_SYSTEM },
};

void
dns_options_free(struct dns_options *opt)
{
	if (opt == NULL)
		return;
	for (size_t i = 0; i < opt->nforwarders; i++)
		free(opt->forwarders[i]);
	free(opt->forwarders);
	opt->forwarders = NULL;
	opt->nforwarders = 0;
}

/* Checks "ADDR" or "ADDR@PORT"; returns 0 or -1 with a message in err. */
static int
dns_spec_check_addr(const char *spec, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 1];
	unsigned char buf[sizeof(struct in6_addr)];
	const char *at = strrchr(spec, '@');
	size_t alen = at != NULL ? (size_t)(at - spec) : strlen(spec);

	if (alen == 0 || alen >= sizeof(addr))
		goto bad;
	memcpy(addr, spec, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, buf) != 1 &&
	    inet_pton(AF_INET6, addr, buf) != 1)
		goto bad;
	if (at != NULL) {
		char *end;
		long port;

		errno = 0;
		port = strtol(at + 1, &end, 10);
		if (at[1] == '\0' || *end != '\0' || errno != 0 ||
		    port < 1 || port > 65535) {
			snprintf(err, errlen, "%s: expected a port 1-65535 "
			    "after @, got \"%s\"", spec, at + 1);
			return -1;
		}
	}
	return 0;
bad:
	snprintf(err, errlen, "%s: expected recursive, system or ADDR[@PORT]",
	    spec);
	return -1;
}

int
dns_options_add_spec(struct dns_options *opt, const char *spec, char *err,
    size_t errlen)
{
	char **v, *s;

	for (size_t i = 0; i < sizeof(dns_spec_modes) /
	    sizeof(dns_spec_modes[0]); i++) {
		if (strcmp(spec, dns_spec_modes[i].name) == 0) {
			dns_options_free(opt);
			opt->mode = dns_spec_modes[i].mode;
			return 0;
		}
	}
	if (dns_spec_check_addr(spec, err, errlen) == -1)
		return -1;
	if (opt->mode != DNS_MODE_FORWARD) {
		dns_options_free(opt);
		opt->mode = DNS_MODE_FORWARD;
	}
	if ((s = strdup(spec)) == NULL)
		goto nomem;
	v = reallocarray(opt->forwarders, opt->nforwarders + 1, sizeof(*v));
	if (v == NULL) {
		free(s);
		goto nomem;
	}
	opt->forwarders = v;
	opt->forwarders[opt->nforwarders++] = s;
	return 0;
nomem:
	snprintf(err, errlen, "%s: out of memory", spec);
	return -1;
}
