/*
 * http_route.c -- the path table and the checks every request passes
 * (see http_route.h). Paths are matched exactly: nothing is served from
 * the file system, so no path can reach outside the table. Query
 * parameters are checked here against the route's list, so a handler
 * only sees names it knows, each at most once.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/dns/dns.h"
#include "monitor/http/http_route.h"
#include "monitor/log.h"

#define TEXT	"text/plain; charset=utf-8"

/*
 * How a path is let in. The dashboard is opened by people in browsers,
 * which cannot send a bearer token but ask their user for a password
 * when told "Basic": the token is that password (any user name). Only
 * there: a browser sends remembered Basic credentials with every request
 * to the address, so the other paths (the API, /probe, which runs DNS
 * work) keep to the bearer token that a program sends on purpose.
 */
enum route_access {
	ACCESS_OPEN,		/* no token */
	ACCESS_BEARER,		/* Authorization: Bearer TOKEN */
	ACCESS_BROWSER,		/* that, or Basic with TOKEN as the password */
};

static const struct {
	const char		*path;
	http_handler		 fn;
	enum route_access	 access;
	const char		*const params[4];	/* the names it takes */
} routes[] = {
	{ "/", http_dashboard, ACCESS_BROWSER, { "days", NULL } },
	{ "/healthz", http_healthz, ACCESS_OPEN, { NULL } },
	{ "/metrics", http_metrics, ACCESS_BEARER, { NULL } },
	{ "/api/v1/findings", http_findings, ACCESS_BEARER, { NULL } },
	{ "/api/v1/events", http_events, ACCESS_BEARER, { "since", NULL } },
	{ "/api/v1/reports/summary", http_reports_summary, ACCESS_BEARER,
	    { "domain", "since", NULL } },
	{ "/probe", http_probe, ACCESS_BEARER,
	    { "probe", "target", "list", NULL } },
};

/* Compares in time independent of where the strings differ. */
static bool
token_equal(const char *given, const char *token)
{
	size_t n = strlen(token), m = strlen(given);
	unsigned char diff = (unsigned char)(n != m);

	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(token[i] ^ (i < m ? given[i] : 0));
	return diff == 0;
}

static bool
authorized(const char *token, enum route_access access,
    const struct http_request *q)
{
	if (token == NULL || access == ACCESS_OPEN)
		return true;
	if (access == ACCESS_BROWSER && q->basic_password != NULL &&
	    token_equal(q->basic_password, token))
		return true;
	if (q->authorization == NULL ||
	    strncasecmp(q->authorization, "Bearer ", 7) != 0)
		return false;
	return token_equal(q->authorization + 7, token);
}

static void
reply_text(struct http_reply *r, unsigned status, const char *text)
{
	r->status = status;
	r->type = TEXT;
	r->body = NULL;
	r->text = text;
}

void
http_reply_printf(struct http_reply *r, unsigned status, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	reply_text(r, status, status == 400 ? "bad request\n" :
	    status == 429 ? "too many requests\n" : "cannot answer now\n");
	if (n >= 0)
		r->body = s;
}

FILE *
http_stream_open(struct http_stream *s, struct http_reply *r)
{
	s->buf = NULL;
	if ((s->fp = open_memstream(&s->buf, &s->len)) == NULL)
		http_reply_printf(r, 503, "out of memory\n");
	return s->fp;
}

void
http_stream_reply(struct http_stream *s, struct http_reply *r,
    const char *type)
{
	/* fclose sets buf */
	if (fclose(s->fp) != 0 || s->buf == NULL) {
		free(s->buf);
		http_reply_printf(r, 503, "out of memory\n");
		return;
	}
	r->status = 200;
	r->type = type;
	r->body = s->buf;
}

void
http_stream_drop(struct http_stream *s)
{
	fclose(s->fp);
	free(s->buf);
}

const char *
http_param(const struct http_request *q, const char *name)
{
	for (size_t i = 0; i < q->nparams; i++)
		if (strcmp(q->params[i].name, name) == 0)
			return q->params[i].value;
	return NULL;
}

/* The client's address as text (a /64 is logged as the address seen). */
static const char *
client_text(const struct sockaddr *sa, char *buf, size_t len)
{
	const struct sockaddr_in *sin = (const void *)sa;
	const struct sockaddr_in6 *sin6 = (const void *)sa;
	const void *a = sa->sa_family == AF_INET ? (const void *)&sin->sin_addr :
	    (const void *)&sin6->sin6_addr;

	if (inet_ntop(sa->sa_family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "an address");
	return buf;
}

bool
http_rate_allows(struct http_env *env, const struct http_request *q,
    enum http_rate_bucket b, struct http_reply *r)
{
	static const char *const what[HTTP_RATE_NBUCKETS] = {
		[HTTP_RATE_REQUESTS] = "requests",
		[HTTP_RATE_PROBES] = "/probe requests",
	};
	struct http_rate_limit lim;
	unsigned wait;
	bool first;
	char shown[INET6_ADDRSTRLEN];

	if (env->rate == NULL || (wait = http_rate_take(env->rate, q->client,
	    b, dns_now_ms(), &first)) == 0)
		return true;
	lim = http_rate_limit_of(env->rate, b);
	/* one line when an address starts going too fast, not one a 429 */
	if (first)
		log_warnx("[http] %s goes over %s_per_minute (%u a minute, %u "
		    "at once): answering 429 until it slows down",
		    client_text(q->client, shown, sizeof(shown)),
		    b == HTTP_RATE_PROBES ? "probes" : "requests",
		    lim.per_minute, lim.burst);
	http_reply_printf(r, 429, "too many requests: an address may make %u "
	    "%s a minute, %u at once ([http] %s_per_minute, %s_burst); try "
	    "again in %u s\n", lim.per_minute, what[b], lim.burst,
	    b == HTTP_RATE_PROBES ? "probes" : "requests",
	    b == HTTP_RATE_PROBES ? "probes" : "requests", wait);
	r->retry_after = wait;
	return false;
}

/* 0, or -1 with a 400 in r naming the parameter that is not taken. */
static int
check_params(const char *const *taken, const struct http_request *q,
    struct http_reply *r)
{
	char names[128] = "";
	size_t o = 0;

	if (q->params_bad) {
		http_reply_printf(r, 400, "bad request: more than %d query "
		    "parameters, or one longer than %d bytes\n",
		    HTTP_MAX_PARAMS, HTTP_MAX_PARAM_LEN);
		return -1;
	}
	for (size_t k = 0; taken[k] != NULL; k++) {
		int w = snprintf(names + o, sizeof(names) - o, "%s%s",
		    k == 0 ? "" : ", ", taken[k]);
		if (w > 0 && (size_t)w < sizeof(names) - o)
			o += (size_t)w;
	}
	for (size_t i = 0; i < q->nparams; i++) {
		size_t k;
		for (k = 0; taken[k] != NULL; k++)
			if (strcmp(taken[k], q->params[i].name) == 0)
				break;
		if (taken[k] == NULL) {
			/* the name is the client's: not echoed */
			http_reply_printf(r, 400, "bad request: unknown query "
			    "parameter; %s%s\n", o > 0 ? "this path takes " :
			    "this path takes none", names);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(q->params[j].name, q->params[i].name) == 0) {
				http_reply_printf(r, 400, "bad request: %s "
				    "given twice\n", taken[k]);
				return -1;
			}
	}
	return 0;
}

void
http_route(struct http_env *env, const struct http_request *q,
    struct http_reply *r)
{
	if (!http_rate_allows(env, q, HTTP_RATE_REQUESTS, r))
		return;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(q->path, routes[i].path) != 0)
			continue;
		if (strcmp(q->method, "GET") != 0 &&
		    strcmp(q->method, "HEAD") != 0)
			reply_text(r, 405, "method not allowed: only GET\n");
		else if (!authorized(env->token, routes[i].access, q) &&
		    routes[i].access == ACCESS_BROWSER) {
			reply_text(r, 401, "unauthorized: log in with the token "
			    "of [http] token_file as the password (any user "
			    "name), or send \"Authorization: Bearer TOKEN\"\n");
			r->challenge = "Basic realm=\"sendwatch\", "
			    "charset=\"UTF-8\"";
		} else if (!authorized(env->token, routes[i].access, q)) {
			reply_text(r, 401, "unauthorized: send \"Authorization:"
			    " Bearer TOKEN\" with the token of [http] "
			    "token_file\n");
			r->challenge = "Bearer";
		} else if (check_params(routes[i].params, q, r) == 0)
			routes[i].fn(env, q, r);
		return;
	}
	reply_text(r, 404, "not found: the paths are /, /healthz, /metrics,"
	    " /probe, /api/v1/findings, /api/v1/events and"
	    " /api/v1/reports/summary\n");
}
