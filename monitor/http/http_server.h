/*
 * http_server.h -- the [http] server of `sendwatch run`, with
 * libmicrohttpd, a thread per connection: bounded connections (64, 8
 * per address), 10 s per connection, 16 KiB per request's headers, and
 * each address's request rate ([http] requests_per_minute and
 * probes_per_minute, http_rate.h: 429 with Retry-After past them).
 */
#ifndef SENDWATCH_HTTP_SERVER_H
#define SENDWATCH_HTTP_SERVER_H

#include <stddef.h>

#include "config/config.h"
#include "monitor/cmd.h"
#include "monitor/http/http_snapshot.h"

struct http_server;

/*
 * Starts serving cfg's [http] from snap and the state database at
 * state_path (NULL: none); cfg and g are borrowed only during the call.
 * NULL with the reason in err.
 */
struct http_server *http_server_start(const struct config *cfg,
	    const struct cmd_globals *g, struct http_snapshot *snap,
	    const char *state_path, char *err, size_t errlen);
void	http_server_stop(struct http_server *);

#endif
