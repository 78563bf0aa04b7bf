/*
 * http_route.h -- the endpoints of [http]: one table of paths, each with
 * its handler, the query parameters it takes and whether it needs the
 * bearer token. A handler fills a reply from the environment (the run
 * loop's snapshot, the state database, the server's own config for
 * /probe); http_server.c turns it into the response.
 */
#ifndef SENDWATCH_HTTP_ROUTE_H
#define SENDWATCH_HTTP_ROUTE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config/config.h"
#include "monitor/cmd.h"
#include "monitor/http/http_rate.h"
#include "monitor/http/http_snapshot.h"

#define HTTP_MAX_PARAMS		8	/* more in one query string: 400 */
#define HTTP_MAX_PARAM_LEN	256	/* a longer name or value: 400 */
#define HTTP_PROBES_IN_FLIGHT	4	/* more /probe at once: 503 */

/* What every handler may use; shared by the server's threads. */
struct http_env {
	struct http_snapshot	*snap;
	const char		*token;		/* NULL: none required */
	const char		*state_path;	/* events, reports; NULL: none */
	/* /probe: the config as the server started (NULL: no /probe) */
	struct config		*cfg;
	const struct cmd_globals *g;
	pthread_mutex_t		 mu;		/* guards probes */
	unsigned		 probes;	/* /probe requests running */
	struct http_rate	*rate;		/* per address; NULL: no bound */
};

struct http_param {
	const char	*name;
	const char	*value;
};

struct http_request {
	const char		*method;
	const char		*path;
	const char		*authorization;	/* the header, or NULL */
	const char		*basic_password; /* of a Basic one, or NULL */
	const struct sockaddr	*client;	/* its address, or NULL */
	struct http_param	 params[HTTP_MAX_PARAMS];
	size_t			 nparams;
	bool			 params_bad;	/* too many or too long */
};

struct http_reply {
	unsigned	 status;
	const char	*type;		/* Content-Type */
	char		*body;		/* malloc'd, or NULL with a static text */
	const char	*text;		/* static body when body is NULL */
	const char	*csp;		/* Content-Security-Policy, or NULL */
	unsigned	 retry_after;	/* a 429's Retry-After (s), or 0 */
	const char	*challenge;	/* a 401's WWW-Authenticate */
};

typedef void (*http_handler)(struct http_env *, const struct http_request *,
	    struct http_reply *);

void	http_healthz(struct http_env *, const struct http_request *,
	    struct http_reply *);
void	http_metrics(struct http_env *, const struct http_request *,
	    struct http_reply *);
void	http_findings(struct http_env *, const struct http_request *,
	    struct http_reply *);
void	http_events(struct http_env *, const struct http_request *,
	    struct http_reply *);
void	http_reports_summary(struct http_env *, const struct http_request *,
	    struct http_reply *);
void	http_probe(struct http_env *, const struct http_request *,
	    struct http_reply *);
void	http_dashboard(struct http_env *, const struct http_request *,
	    struct http_reply *);

/* The value of query parameter name, or NULL. */
const char *http_param(const struct http_request *, const char *name);

/*
 * A reply of status with a message made by printf (a 400's reason); a
 * static fallback when out of memory.
 */
void	http_reply_printf(struct http_reply *, unsigned status,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Takes a token of bucket b for q's client: true when the request may go
 * on, false with a 429 in r saying the bound and when to come back.
 */
bool	http_rate_allows(struct http_env *, const struct http_request *,
	    enum http_rate_bucket b, struct http_reply *);

/* A reply body written with stdio into memory. */
struct http_stream {
	FILE		*fp;
	char		*buf;
	size_t		 len;
};

/* Opens s: its FILE, or NULL with a 503 in r. */
FILE	*http_stream_open(struct http_stream *, struct http_reply *);
/* Closes s: its text becomes r's 200 body of that type, or a 503. */
void	http_stream_reply(struct http_stream *, struct http_reply *,
	    const char *type);
/* Closes s and drops what it holds. */
void	http_stream_drop(struct http_stream *);

/*
 * Answers one request: 429 when the client's address went over its rate
 * (every request counts, whatever its path), 404 for a path not in the
 * table, 405 (GET only) for another method, 401 when the path needs the
 * token and the request does not carry it (as a bearer token, or for the
 * dashboard also as the password of Basic authentication, which a
 * browser asks its user for), 400 for a query parameter the
 * path does not take, given twice, or too long.
 */
void	http_route(struct http_env *, const struct http_request *,
	    struct http_reply *);

#endif
