/*
 * test_http.c -- the [http] routing and /healthz's judgement, on
 * snapshots set up as the run loop publishes them: the token (exact, not
 * a prefix, never for /healthz; as a Basic password only for the
 * dashboard), 404 and 405, 503 before a cycle for
 * /metrics, and /healthz 503 when a cycle failed or is overdue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "probes/dns/dns.h"
#include "monitor/http/http_route.h"

#define TOKEN	"s3cr3t-token"

static const char *state_path;	/* the events and reports tests' */
static struct config *probe_cfg;	/* /probe's; NULL: none */
static unsigned probes_running;		/* /probe requests said to run */

/*
 * The status of one request to path, which may end in "?a=b&c=d" (not
 * decoded: the server decodes); the body is checked to hold want (or
 * NULL).
 */
static unsigned
ask(struct http_snapshot *s, const char *method, const char *path,
    const char *auth, const char *want)
{
	struct http_env env = { .snap = s, .token = TOKEN,
	    .state_path = state_path, .cfg = probe_cfg,
	    .probes = probes_running };
	struct http_request q = { .method = method, .authorization = auth };
	struct http_reply r = { 0 };
	char buf[1024], *qs;
	const char *body;

	snprintf(buf, sizeof(buf), "%s", path);
	q.path = buf;
	if ((qs = strchr(buf, '?')) != NULL) {
		*qs++ = '\0';
		for (char *kv; (kv = strsep(&qs, "&")) != NULL;) {
			char *eq = strchr(kv, '=');
			if (q.nparams == HTTP_MAX_PARAMS) {
				q.params_bad = true;
				break;
			}
			if (eq != NULL)
				*eq++ = '\0';
			q.params[q.nparams].name = kv;
			q.params[q.nparams++].value = eq != NULL ? eq : "";
		}
	}
	http_route(&env, &q, &r);
	body = r.body != NULL ? r.body : r.text;
	assert_non_null(body);
	assert_non_null(r.type);
	if (want != NULL && strstr(body, want) == NULL)
		fail_msg("%s %s: \"%s\" not in \"%s\"", method, path, want, body);
	assert_null(strstr(body, TOKEN));
	free(r.body);
	return r.status;
}

static void
test_http_routes_and_token(void **state)
{
	struct http_snapshot s;
	const char *good = "Bearer " TOKEN;

	(void)state;
	http_snapshot_init(&s);
	assert_int_equal(ask(&s, "GET", "/metrics", good, "no cycle"), 503);
	http_snapshot_publish(&s, strdup("sendwatch_x 1\n"),
	    strdup("{\"findings\": []}\n"), 1700000000);
	assert_int_equal(ask(&s, "GET", "/metrics", good, "sendwatch_x 1"), 200);
	assert_int_equal(ask(&s, "GET", "/api/v1/findings", good,
	    "\"findings\""), 200);
	assert_int_equal(ask(&s, "GET", "/metrics", NULL, "Bearer"), 401);
	assert_int_equal(ask(&s, "GET", "/metrics", "Bearer s3cr3t", NULL), 401);
	assert_int_equal(ask(&s, "GET", "/metrics", "Bearer " TOKEN "x", NULL),
	    401);
	assert_int_equal(ask(&s, "GET", "/metrics", "Basic " TOKEN, NULL), 401);
	assert_int_equal(ask(&s, "GET", "/api/v1/findings", "", NULL), 401);
	assert_int_equal(ask(&s, "GET", "/healthz", NULL, "ok"), 200);
	assert_int_equal(ask(&s, "GET", "/metrics/", good, "not found"), 404);
	assert_int_equal(ask(&s, "GET", "/healthz/../metrics", good, NULL), 404);
	assert_int_equal(ask(&s, "POST", "/metrics", good, "only GET"), 405);
	assert_int_equal(ask(&s, "HEAD", "/healthz", NULL, NULL), 200);
	http_snapshot_free(&s);
}

/* The status and WWW-Authenticate of path with a Basic password. */
static unsigned
ask_basic(struct http_snapshot *s, const char *path, const char *password,
    const char **challenge)
{
	struct http_env env = { .snap = s, .token = TOKEN };
	struct http_request q = { .method = "GET", .path = path,
	    .basic_password = password };
	struct http_reply r = { 0 };

	http_route(&env, &q, &r);
	*challenge = r.challenge;
	free(r.body);
	return r.status;
}

/*
 * The dashboard takes the token as a Basic password, so a browser can
 * ask for it; no other path does, and a 401 there asks for Basic.
 */
static void
test_http_dashboard_basic_login(void **state)
{
	struct http_snapshot s;
	const char *ch;

	(void)state;
	http_snapshot_init(&s);
	http_snapshot_publish(&s, strdup("sendwatch_x 1\n"),
	    strdup("{\"findings\": []}\n"), 1700000000);
	assert_int_equal(ask_basic(&s, "/", NULL, &ch), 401);
	assert_string_equal(ch, "Basic realm=\"sendwatch\", charset=\"UTF-8\"");
	assert_int_equal(ask_basic(&s, "/", "wrong", &ch), 401);
	assert_int_equal(ask_basic(&s, "/", TOKEN "x", &ch), 401);
	assert_int_equal(ask_basic(&s, "/", "s3cr3t", &ch), 401);
	assert_int_not_equal(ask_basic(&s, "/", TOKEN, &ch), 401);
	assert_int_equal(ask_basic(&s, "/metrics", TOKEN, &ch), 401);
	assert_string_equal(ch, "Bearer");
	assert_int_equal(ask_basic(&s, "/api/v1/findings", TOKEN, &ch), 401);
	assert_int_equal(ask_basic(&s, "/probe", TOKEN, &ch), 401);
	assert_int_equal(ask_basic(&s, "/healthz", NULL, &ch), 200);
	assert_null(ch);
	http_snapshot_free(&s);
}

static void
test_http_healthz(void **state)
{
	struct http_snapshot s;

	(void)state;
	http_snapshot_init(&s);
	assert_int_equal(ask(&s, "GET", "/healthz", NULL, "starting"), 200);
	http_snapshot_schedule(&s, 0, true, NULL);
	assert_int_equal(ask(&s, "GET", "/healthz", NULL, "idle"), 200);
	http_snapshot_publish(&s, NULL, NULL, 1700000000);
	http_snapshot_schedule(&s, dns_now_ms() + 60000, false, NULL);
	assert_int_equal(ask(&s, "GET", "/healthz", NULL, "1700000000"), 200);
	http_snapshot_schedule(&s, dns_now_ms() - 5000, false, NULL);
	assert_int_equal(ask(&s, "GET", "/healthz", NULL, "late"), 503);
	http_snapshot_schedule(&s, dns_now_ms() + 60000, false,
	    "the last cycle could not be stored");
	assert_int_equal(ask(&s, "GET", "/healthz", NULL,
	    "unhealthy: the last cycle could not be stored"), 503);
	http_snapshot_free(&s);
}

/* The parameters each path takes, and 400s that say why. */
static void
test_http_params(void **state)
{
	struct http_snapshot s;
	const char *good = "Bearer " TOKEN;

	(void)state;
	http_snapshot_init(&s);
	assert_int_equal(ask(&s, "GET", "/api/v1/events?since=2h", good,
	    "{\"events\": ["), 200);
	assert_int_equal(ask(&s, "GET", "/api/v1/events", good,
	    "{\"events\": ["), 200);
	assert_int_equal(ask(&s, "GET", "/api/v1/events?since=soon", good,
	    "since: "), 400);
	assert_int_equal(ask(&s, "GET", "/api/v1/events?since=1h&since=2h",
	    good, "since given twice"), 400);
	assert_int_equal(ask(&s, "GET", "/api/v1/events?until=1h", good,
	    "unknown query parameter; this path takes since"), 400);
	assert_int_equal(ask(&s, "GET", "/metrics?x=1", good,
	    "this path takes none"), 400);
	assert_int_equal(ask(&s, "GET", "/api/v1/events?since=1h", NULL,
	    "unauthorized"), 401);
	assert_int_equal(ask(&s, "GET", "/api/v1/events?a&b&c&d&e&f&g&h&i",
	    good, "more than 8"), 400);
	assert_int_equal(ask(&s, "GET",
	    "/api/v1/reports/summary?domain=example.com&since=7d", good,
	    "{"), 200);
	assert_int_equal(ask(&s, "GET",
	    "/api/v1/reports/summary?domain=../../etc/passwd", good,
	    "domain: expected a domain name"), 400);
	assert_int_equal(ask(&s, "GET",
	    "/api/v1/reports/summary?domain=a%0d%0aX:%20y", good,
	    "domain: expected a domain name"), 400);
	assert_int_equal(ask(&s, "GET", "/api/v1/reports/summary?since=never",
	    good, "since: "), 400);
	http_snapshot_free(&s);
}

/* /probe's 400s name the parameter; the in-flight bound gives 503. */
static void
test_http_probe_params(void **state)
{
	struct http_snapshot s;
	const char *good = "Bearer " TOKEN;

	(void)state;
	http_snapshot_init(&s);
	assert_int_equal(ask(&s, "GET", "/probe?target=192.0.2.1", good,
	    "probe: missing; expected dnsbl, spf, dkim, dmarc, mx"),
	    400);
	assert_int_equal(ask(&s, "GET", "/probe?probe=bounces&target=x.test",
	    good, "probe: not a probe /probe runs"), 400);
	assert_int_equal(ask(&s, "GET", "/probe?probe=dnsbl", good,
	    "target: missing"), 400);
	assert_int_equal(ask(&s, "GET", "/probe?probe=dnsbl&target=192.0.2.0/16",
	    good, "target: expected an IP address or a host or domain name"),
	    400);
	assert_int_equal(ask(&s, "GET", "/probe?probe=ptr&target=example.com",
	    good, "probe=ptr takes an IP address"), 400);
	assert_int_equal(ask(&s, "GET", "/probe?probe=spf&target=192.0.2.1",
	    good, "probe=spf takes a domain"), 400);
	assert_int_equal(ask(&s, "GET", "/probe?probe=spf&target=a.test&list=x",
	    good, "list: only for probe=dnsbl"), 400);
	assert_int_equal(ask(&s, "GET",
	    "/probe?probe=dnsbl&target=192.0.2.1&list=../x", good,
	    "list: expected a DNS zone"), 400);
	assert_int_equal(ask(&s, "GET", "/probe?probe=dnsbl&target=192.0.2.1",
	    NULL, "unauthorized"), 401);
	assert_int_equal(ask(&s, "GET", "/probe?probe=dnsbl&target=192.0.2.1",
	    good, "not available"), 503);
	probe_cfg = cfg_defaults();
	probes_running = HTTP_PROBES_IN_FLIGHT;
	assert_int_equal(ask(&s, "GET", "/probe?probe=dnsbl&target=192.0.2.1",
	    good, "busy: 4 probes are running"), 503);
	cfg_free(probe_cfg);
	probe_cfg = NULL;
	probes_running = 0;
	http_snapshot_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_routes_and_token),
		cmocka_unit_test(test_http_healthz),
		cmocka_unit_test(test_http_dashboard_basic_login),
		cmocka_unit_test(test_http_params),
		cmocka_unit_test(test_http_probe_params),
	};
	char dir[] = "/tmp/test_http.XXXXXX", path[64], wal[80];
	int failed;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/state.db", dir);
	state_path = path;
	failed = cmocka_run_group_tests_name("http", tests, NULL, NULL);
	unlink(path);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	rmdir(dir);
	return failed;
}
