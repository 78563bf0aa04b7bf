/*
 * https_fetch.c -- one bounded HTTPS GET (see https_fetch.h). libcurl
 * does HTTP and TLS; we give it the addresses our resolver found
 * (CURLOPT_RESOLVE), so it never asks the system resolver, and no proxy.
 * The certificate is always verified (peer and host name).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "probes/dns/dnsname.h"
#include "probes/tls/https_fetch.h"

#define HTTPS_FETCH_MAX_ADDRS	8
#define HTTPS_FETCH_DEFAULT_MS	10000

int
https_url_host(const char *url, char *buf, size_t len, const char **why)
{
	CURLU	*u = curl_url();
	char	*scheme = NULL, *host = NULL;
	int	 rc = -1;

	*why = "out of memory";
	if (u == NULL)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		*why = "it is not a valid URL";
	else if (strcasecmp(scheme, "https") != 0)
		*why = "it is not an https: URL";
	else if (dnsname_is_ip_literal(host) ||
	    !dnsname_valid(host, strlen(host)) ||
	    dnsname_normalize(host, buf, len) == -1)
		*why = "its host is not a host name";
	else
		rc = 0;
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

/* The port the URL names (443 by default), or -1. */
static long
https_url_port(const char *url)
{
	CURLU	*u = curl_url();
	char	*port = NULL, *end;
	long	 p = -1;

	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK) {
		p = strtol(port, &end, 10);
		if (*end != '\0' || p < 1 || p > 65535)
			p = -1;
	}
	curl_free(port);
	curl_url_cleanup(u);
	return p;
}

/* The addresses of host through ad, as "a,[b]" for CURLOPT_RESOLVE. */
struct https_addrs {
	char	 list[HTTPS_FETCH_MAX_ADDRS * (INET6_ADDRSTRLEN + 3)];
	size_t	 n;
	bool	 all_loopback;
	bool	 failed;
	char	 reason[160];
};

static int
https_resolve(struct authdns *ad, const char *host, struct https_addrs *h)
{
	static const uint16_t types[] = { DNS_T_A, DNS_T_AAAA };

	memset(h, 0, sizeof(*h));
	h->all_loopback = true;
	for (size_t t = 0; t < 2; t++) {
		struct dns_answer *a = authdns_query(ad, host, types[t]);

		if (a == NULL)
			return -1;
		if (a->status == DNS_FAILURE) {
			h->failed = true;
			snprintf(h->reason, sizeof(h->reason), "%s", a->reason);
		}
		for (size_t i = 0; a->status == DNS_DATA && i < a->nrr &&
		    h->n < HTTPS_FETCH_MAX_ADDRS; i++) {
			char s[INET6_ADDRSTRLEN];
			size_t o = strlen(h->list);

			if (a->rr[i].type == DNS_T_A) {
				inet_ntop(AF_INET, &a->rr[i].u.a, s, sizeof(s));
				h->all_loopback &= (ntohl(a->rr[i].u.a.s_addr) >>
				    24) == 127;
				snprintf(h->list + o, sizeof(h->list) - o, "%s%s",
				    h->n ? "," : "", s);
			} else if (a->rr[i].type == DNS_T_AAAA) {
				inet_ntop(AF_INET6, &a->rr[i].u.aaaa, s,
				    sizeof(s));
				h->all_loopback &= IN6_IS_ADDR_LOOPBACK(
				    &a->rr[i].u.aaaa);
				snprintf(h->list + o, sizeof(h->list) - o,
				    "%s[%s]", h->n ? "," : "", s);
			} else
				continue;
			h->n++;
		}
		authdns_release(ad, a);
	}
	return 0;
}

/* The port to connect to: the test port for a loopback-only host. */
static long
https_connect_port(const struct https_addrs *h, long port)
{
	const char	*env = getenv(HTTPS_FETCH_TEST_PORT_ENV);
	char		*end;
	long		 p;

	if (env == NULL || *env == '\0' || !h->all_loopback)
		return port;
	p = strtol(env, &end, 10);
	return *end == '\0' && p > 0 && p <= 65535 ? p : port;
}

struct https_sink {
	struct https_fetch_result	*r;
	size_t				 max;
	size_t				 cap;
	bool				 oom;
};

static size_t
https_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct https_sink	*s = arg;
	struct https_fetch_result *r = s->r;
	size_t			 n = size * nmemb;

	if (r->len + n > s->max) {
		r->too_big = true;
		return 0;		/* libcurl stops: CURLE_WRITE_ERROR */
	}
	if (r->len + n + 1 > s->cap) {
		size_t cap = (r->len + n + 1) * 2;
		char *b;

		if (cap > s->max + 1)
			cap = s->max + 1;
		if ((b = realloc(r->body, cap)) == NULL) {
			s->oom = true;
			return 0;
		}
		r->body = b;
		s->cap = cap;
	}
	memcpy(r->body + r->len, data, n);
	r->len += n;
	r->body[r->len] = '\0';
	return n;
}

/* Which stage a libcurl error ended. */
static enum https_fetch_stage
https_stage_of(CURL *c, CURLcode e)
{
	curl_off_t connect = 0, app = 0;

	switch (e) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
		return HTTPS_FETCH_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return HTTPS_FETCH_TLS;
	default:
		break;
	}
	curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect);
	curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &app);
	if (connect == 0)
		return HTTPS_FETCH_CONNECT;
	if (app == 0)
		return HTTPS_FETCH_TLS;
	return HTTPS_FETCH_HTTP;
}

static void
https_set_options(CURL *c, const struct https_fetch_req *req,
    struct https_sink *sink, char *cerr, long timeout_ms)
{
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (req->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, req->ca_file);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "sendwatch");
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)req->max_bytes);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, https_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
}

/* Runs the transfer on the resolved addresses; fills r. */
static int
https_transfer(const struct https_fetch_req *req, const char *host,
    const struct https_addrs *h, long timeout_ms,
    struct https_fetch_result *r)
{
	char			 resolve[sizeof(h->list) + 300], to[600];
	char			 cerr[CURL_ERROR_SIZE] = "";
	struct curl_slist	*rl = NULL, *cl = NULL;
	struct https_sink	 sink = { .r = r, .max = req->max_bytes };
	long			 port = https_url_port(req->url), cport;
	char			*s = NULL;
	CURL			*c;
	CURLcode		 e;
	int			 rc = -1;

	cport = https_connect_port(h, port);
	snprintf(resolve, sizeof(resolve), "%s:%ld:%s", host, cport, h->list);
	snprintf(to, sizeof(to), "%s:%ld:%s:%ld", host, port, host, cport);
	if ((c = curl_easy_init()) == NULL ||
	    (rl = curl_slist_append(NULL, resolve)) == NULL ||
	    (cport != port && (cl = curl_slist_append(NULL, to)) == NULL))
		goto done;
	https_set_options(c, req, &sink, cerr, timeout_ms);
	curl_easy_setopt(c, CURLOPT_RESOLVE, rl);
	if (cl != NULL)
		curl_easy_setopt(c, CURLOPT_CONNECT_TO, cl);
	e = curl_easy_perform(c);
	if (sink.oom)
		goto done;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (curl_easy_getinfo(c, CURLINFO_PRIMARY_IP, &s) == CURLE_OK &&
	    s != NULL)
		snprintf(r->addr, sizeof(r->addr), "%s", s);
	if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK &&
	    s != NULL)
		snprintf(r->content_type, sizeof(r->content_type), "%s", s);
	if (curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &s) == CURLE_OK &&
	    s != NULL)
		snprintf(r->location, sizeof(r->location), "%s", s);
	if (e == CURLE_OK && r->status == 200) {
		r->stage = HTTPS_FETCH_DONE;
		if (r->body == NULL && (r->body = calloc(1, 1)) == NULL)
			goto done;
	} else if (e == CURLE_OK) {
		r->stage = HTTPS_FETCH_HTTP;
		snprintf(r->error, sizeof(r->error), "HTTP status %ld%s%s",
		    r->status, r->location[0] ? ", a redirect to " : "",
		    r->location);
	} else {
		r->timed_out = e == CURLE_OPERATION_TIMEDOUT;
		r->too_big |= e == CURLE_FILESIZE_EXCEEDED;
		r->stage = r->too_big ? HTTPS_FETCH_HTTP : https_stage_of(c, e);
		if (r->too_big)
			snprintf(r->error, sizeof(r->error), "the body is "
			    "larger than %zu bytes", req->max_bytes);
		else
			snprintf(r->error, sizeof(r->error), "%s",
			    cerr[0] ? cerr : curl_easy_strerror(e));
	}
	rc = 0;
done:
	curl_slist_free_all(rl);
	curl_slist_free_all(cl);
	curl_easy_cleanup(c);
	return rc;
}

int
https_fetch(struct authdns *ad, const struct https_fetch_req *req,
    struct https_fetch_result *r)
{
	struct https_addrs	 h;
	char			 host[256];
	const char		*why;
	long			 timeout_ms = HTTPS_FETCH_DEFAULT_MS;

	memset(r, 0, sizeof(*r));
	if (https_url_host(req->url, host, sizeof(host), &why) == -1 ||
	    https_url_port(req->url) == -1) {
		r->stage = HTTPS_FETCH_URL;
		snprintf(r->error, sizeof(r->error), "%s: %s", req->url,
		    why);
		return strcmp(why, "out of memory") == 0 ? -1 : 0;
	}
	if (https_resolve(ad, host, &h) == -1)
		return -1;
	if (h.n == 0) {
		r->stage = HTTPS_FETCH_DNS;
		r->dns_failed = h.failed;
		if (h.failed)
			snprintf(r->error, sizeof(r->error), "could not look "
			    "up %s: %s", host, h.reason);
		else
			snprintf(r->error, sizeof(r->error), "%s has no "
			    "address (A or AAAA)", host);
		return 0;
	}
	if (req->deadline_ms != 0) {
		uint64_t now = dns_now_ms();
		if (now >= req->deadline_ms) {
			r->stage = HTTPS_FETCH_CONNECT;
			r->timed_out = true;
			snprintf(r->error, sizeof(r->error), "no time left");
			return 0;
		}
		if (req->deadline_ms - now < (uint64_t)timeout_ms)
			timeout_ms = (long)(req->deadline_ms - now);
	}
	if (https_transfer(req, host, &h, timeout_ms, r) == -1) {
		https_fetch_result_free(r);
		return -1;
	}
	return 0;
}

void
https_fetch_result_free(struct https_fetch_result *r)
{
	if (r == NULL)
		return;
	free(r->body);
	r->body = NULL;
	r->len = 0;
}
