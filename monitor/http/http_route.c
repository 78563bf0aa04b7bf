/*
 * http_route.c -- the path table and the checks every request passes
 * (see http_route.h). Paths are matched exactly: nothing is served from
 * the file system, so no path can reach outside the table.
 */
#include <string.h>
#include <strings.h>

#include "monitor/http/http_route.h"

#define TEXT	"text/plain; charset=utf-8"

static const struct {
	const char	*path;
	http_handler	 fn;
	bool		 needs_token;
} routes[] = {
	{ "/healthz", http_healthz, false },
	{ "/metrics", http_metrics, true },
	{ "/api/v1/findings", http_findings, true },
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
authorized(const char *token, const char *authorization)
{
	if (token == NULL)
		return true;
	if (authorization == NULL ||
	    strncasecmp(authorization, "Bearer ", 7) != 0)
		return false;
	return token_equal(authorization + 7, token);
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
http_route(struct http_snapshot *s, const char *token, const char *method,
    const char *path, const char *authorization, struct http_reply *r)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(path, routes[i].path) != 0)
			continue;
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
			reply_text(r, 405, "method not allowed: only GET\n");
		else if (routes[i].needs_token && !authorized(token,
		    authorization))
			reply_text(r, 401, "unauthorized: send \"Authorization:"
			    " Bearer TOKEN\" with the token of [http] "
			    "token_file\n");
		else
			routes[i].fn(s, r);
		return;
	}
	reply_text(r, 404, "not found: the paths are /healthz, /metrics and"
	    " /api/v1/findings\n");
}
