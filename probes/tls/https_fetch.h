/*
 * https_fetch.h -- one bounded HTTPS GET for the policy probes: an
 * MTA-STS policy (RFC 8461 §3.3), a BIMI logo or its certificate. The
 * host is resolved through our resolver (the same answers as every other
 * probe, no system resolver), libcurl connects to those addresses only,
 * validates the certificate against the system CAs or ca_file, follows
 * no redirect, stops past max_bytes and at the deadline.
 *
 * Tests: the lab cannot listen on port 443 unprivileged. When the
 * environment variable SENDWATCH_TEST_HTTPS_PORT is set and every
 * address the host resolved to is a loopback address, the connection
 * goes to that port instead (the URL, Host header and certificate name
 * stay the same). Real hosts never resolve to loopback, so outside the
 * lab the variable changes nothing.
 */
#ifndef SENDWATCH_HTTPS_FETCH_H
#define SENDWATCH_HTTPS_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/dns/authdns.h"

#define HTTPS_FETCH_TEST_PORT_ENV	"SENDWATCH_TEST_HTTPS_PORT"

struct https_fetch_req {
	const char	*url;		/* https://host[:port]/path */
	const char	*ca_file;	/* NULL: the system CAs */
	size_t		 max_bytes;	/* a bigger body is an error */
	uint64_t	 deadline_ms;	/* dns_now_ms() clock; 0: 10 s */
};

/* How far the fetch got. */
enum https_fetch_stage {
	HTTPS_FETCH_URL,	/* not an https URL we can fetch */
	HTTPS_FETCH_DNS,	/* the host did not resolve (see dns_failed) */
	HTTPS_FETCH_CONNECT,	/* no TCP connection */
	HTTPS_FETCH_TLS,	/* handshake or certificate failed */
	HTTPS_FETCH_HTTP,	/* an answer, but not 200 with a body we took */
	HTTPS_FETCH_DONE,	/* 200 and the body */
};

struct https_fetch_result {
	enum https_fetch_stage	 stage;
	bool			 dns_failed;	/* a lookup failed: unknown */
	bool			 timed_out;
	bool			 too_big;	/* over max_bytes */
	char			 error[256];	/* why it stopped short */
	long			 status;	/* HTTP status, or 0 */
	char			 location[256];	/* a redirect's target, or "" */
	char			 content_type[128];
	char			 addr[64];	/* the address connected to */
	char			*body;		/* NUL-terminated; may hold NULs */
	size_t			 len;
};

/*
 * Fetches req->url, resolving through ad. Fills r (free its body with
 * https_fetch_result_free()). Returns 0 whatever the server did, -1
 * only when out of memory.
 */
int	https_fetch(struct authdns *ad, const struct https_fetch_req *req,
	    struct https_fetch_result *r);
void	https_fetch_result_free(struct https_fetch_result *);

/*
 * The host of an https:// URL, lowercased, into buf; 0, or -1 with the
 * reason in why (not https, no host, an IP address literal).
 */
int	https_url_host(const char *url, char *buf, size_t len,
	    const char **why);

#endif
