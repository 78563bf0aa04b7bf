/*
 * http_server.c -- libmicrohttpd set-up for [http] (see http_server.h):
 * a thread per connection (at most HTTP_MAX_CONNECTIONS), so a client
 * that never reads, or a /probe that waits for DNS, holds only its own
 * connection until the timeout. The run loop never waits for any of
 * them. Every answer goes through http_route().
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/config_load.h"
#include "monitor/http/http_route.h"
#include "monitor/log.h"
#include "monitor/http/http_server.h"

#define HTTP_MAX_CONNECTIONS	64
#define HTTP_MAX_PER_ADDRESS	8
#define HTTP_TIMEOUT_S		10
#define HTTP_MEMORY_LIMIT	(16 * 1024)

struct http_server {
	struct MHD_Daemon	*d;
	struct http_env		 env;
	char			*token;
	char			*state_path;
	struct config		*cfg;		/* /probe's own copy */
	struct http_rate	*rate;
};

/*
 * The server's own copy of the config for /probe: the run loop replaces
 * and frees its own on reload while a probe may be running. NULL (no
 * /probe, said in the log) when the file no longer loads cleanly.
 */
static struct config *
own_config(const struct config *cfg)
{
	struct cfg_errors errs = { 0 };
	struct config *copy;

	if (cfg->path == NULL)
		return cfg_defaults();
	copy = config_load_checked(cfg->path, false, &errs);
	if (copy != NULL && errs.n > 0) {
		log_warnx("[http] /probe is off: %s", errs.v[0]);
		cfg_free(copy);
		copy = NULL;
	}
	cfg_errors_free(&errs);
	return copy;
}

/* Collects the query parameters into the request (MHD iterator). */
static enum MHD_Result
take_param(void *cls, enum MHD_ValueKind kind, const char *name,
    const char *value)
{
	struct http_request *q = cls;

	(void)kind;
	if (q->nparams == HTTP_MAX_PARAMS || strlen(name) > HTTP_MAX_PARAM_LEN ||
	    (value != NULL && strlen(value) > HTTP_MAX_PARAM_LEN)) {
		q->params_bad = true;
		return MHD_NO;
	}
	q->params[q->nparams].name = name;
	q->params[q->nparams].value = value != NULL ? value : "";
	q->nparams++;
	return MHD_YES;
}

static enum MHD_Result
http_answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct http_request q = { .method = method, .path = url };
	struct http_reply r = { 0 };
	struct MHD_Response *resp;
	enum MHD_Result ret;
	const union MHD_ConnectionInfo *info;
	char *user, *password = NULL;
	const char *body;
	char retry[16];

	(void)version;
	(void)upload;
	/* answer on the first call; a request body is never read */
	if (*con_cls == NULL)
		*con_cls = srv;
	*upload_size = 0;
	q.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	/* libmicrohttpd decodes "Basic": the user name is not used */
	if ((user = MHD_basic_auth_get_username_password(c, &password)) !=
	    NULL)
		q.basic_password = password;
	info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	q.client = info != NULL ? info->client_addr : NULL;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, take_param, &q);
	http_route(&srv->env, &q, &r);
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		MHD_free(password);
	}
	MHD_free(user);
	body = r.body != NULL ? r.body : r.text;
	resp = MHD_create_response_from_buffer(strlen(body), (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	free(r.body);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r.type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (r.csp != NULL)
		MHD_add_response_header(resp, "Content-Security-Policy", r.csp);
	if (r.status == 401 && r.challenge != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    r.challenge);
	if (r.retry_after != 0) {
		snprintf(retry, sizeof(retry), "%u", r.retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	}
	if (r.status == 405)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, r.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

struct http_server *
http_server_start(const struct config *cfg, const struct cmd_globals *g,
    struct http_snapshot *snap, const char *state_path, char *err,
    size_t errlen)
{
	const struct cfg_http *h = &cfg->http;
	struct http_server *srv;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	const struct sockaddr *sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	const struct http_rate_limit limits[HTTP_RATE_NBUCKETS] = {
		[HTTP_RATE_REQUESTS] = { h->requests_per_minute,
		    h->requests_burst },
		[HTTP_RATE_PROBES] = { h->probes_per_minute, h->probes_burst },
	};
	char shown[64];

	if ((srv = calloc(1, sizeof(*srv))) == NULL ||
	    (h->token != NULL && (srv->token = strdup(h->token)) == NULL) ||
	    (state_path != NULL &&
	    (srv->state_path = strdup(state_path)) == NULL)) {
		snprintf(err, errlen, "out of memory");
		if (srv != NULL) {
			free(srv->token);
			free(srv);
		}
		return NULL;
	}
	srv->env.snap = snap;
	srv->env.token = srv->token;
	srv->env.state_path = srv->state_path;
	srv->env.g = g;
	srv->env.cfg = srv->cfg = own_config(cfg);
	pthread_mutex_init(&srv->env.mu, NULL);
	if ((srv->env.rate = srv->rate = http_rate_new(limits,
	    HTTP_RATE_CLIENTS)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (h->listen.addr.af == AF_INET6) {
		sin6.sin6_addr = h->listen.addr.u.v6;
		sin6.sin6_port = htons(h->listen.port);
		sa = (const struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		sin.sin_addr = h->listen.addr.u.v4;
		sin.sin_port = htons(h->listen.port);
		sa = (const struct sockaddr *)&sin;
	}
	if (h->tls_cert != NULL) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			snprintf(err, errlen, "[http] tls_cert_file: this "
			    "libmicrohttpd is built without TLS");
			goto fail;
		}
		flags |= MHD_USE_TLS;
	}
	errno = 0;
	srv->d = MHD_start_daemon(flags, h->listen.port, NULL, NULL,
	    http_answer, srv,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_MAX_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_MAX_PER_ADDRESS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY_LIMIT,
	    h->tls_cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
	    h->tls_cert, MHD_OPTION_HTTPS_MEM_KEY, h->tls_key,
	    MHD_OPTION_END);
	if (srv->d == NULL) {
		cfg_format_addr(&h->listen.addr, shown, sizeof(shown));
		snprintf(err, errlen, "[http] listen: cannot serve on %s port %u"
		    "%s%s", shown, (unsigned)h->listen.port,
		    errno != 0 ? ": " : " (in use, or the certificate or key"
		    " is not valid PEM)", errno != 0 ? strerror(errno) : "");
		goto fail;
	}
	return srv;
fail:
	pthread_mutex_destroy(&srv->env.mu);
	http_rate_free(srv->rate);
	cfg_free(srv->cfg);
	free(srv->token);
	free(srv->state_path);
	free(srv);
	return NULL;
}

void
http_server_stop(struct http_server *srv)
{
	if (srv == NULL)
		return;
	MHD_stop_daemon(srv->d);
	if (srv->token != NULL) {
		explicit_bzero(srv->token, strlen(srv->token));
		free(srv->token);
	}
	pthread_mutex_destroy(&srv->env.mu);
	http_rate_free(srv->rate);
	cfg_free(srv->cfg);
	free(srv->state_path);
	free(srv);
}
