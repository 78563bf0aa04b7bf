/*
 * http_route.h -- the endpoints of [http]: one table of paths, each with
 * its handler and whether it needs the bearer token. A handler fills a
 * reply from the snapshot; http_server.c turns it into the response.
 */
#ifndef SENDWATCH_HTTP_ROUTE_H
#define SENDWATCH_HTTP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "monitor/http/http_snapshot.h"

struct http_reply {
	unsigned	 status;
	const char	*type;		/* Content-Type */
	char		*body;		/* malloc'd, or NULL with a static text */
	const char	*text;		/* static body when body is NULL */
};

typedef void (*http_handler)(struct http_snapshot *, struct http_reply *);

void	http_healthz(struct http_snapshot *, struct http_reply *);
void	http_metrics(struct http_snapshot *, struct http_reply *);
void	http_findings(struct http_snapshot *, struct http_reply *);

/*
 * Answers one request: 404 for a path not in the table, 405 (GET only)
 * for another method, 401 when the path needs the token and authorization
 * (the Authorization header, or NULL) does not carry it.
 */
void	http_route(struct http_snapshot *, const char *token,
	    const char *method, const char *path, const char *authorization,
	    struct http_reply *);

#endif
