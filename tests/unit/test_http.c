/*
 * test_http.c -- the [http] routing and /healthz's judgement, on
 * snapshots set up as the run loop publishes them: the token (exact, not
 * a prefix, never for /healthz), 404 and 405, 503 before a cycle for
 * /metrics, and /healthz 503 when a cycle failed or is overdue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "probes/dns/dns.h"
#include "monitor/http/http_route.h"

#define TOKEN	"s3cr3t-token"

/* The status of one request; the body is checked to hold want (or NULL). */
static unsigned
ask(struct http_snapshot *s, const char *method, const char *path,
    const char *auth, const char *want)
{
	struct http_reply r = { 0 };
	const char *body;

	http_route(s, TOKEN, method, path, auth, &r);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_routes_and_token),
		cmocka_unit_test(test_http_healthz),
	};

	return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
