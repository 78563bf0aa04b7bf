/*
 * fuzz_http_request.c -- one request as the [http] routes see it after
 * libmicrohttpd has read it: the method, the path, up to eight query
 * parameters, the Authorization header and the password libmicrohttpd
 * decodes from a Basic one, from input lines
 * "METHOD\nPATH?A=B&C=D\nAUTHORIZATION\nBASIC PASSWORD". No /probe
 * configuration and no state file are given, so nothing leaves the
 * process.
 */
#include <stdlib.h>
#include <string.h>

#include "monitor/http/http_route.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_snapshot snap;
	static int ready;
	struct http_env env = { .snap = &snap, .token = "fuzz-token",
	    .state_path = "/nonexistent/sendwatch/state.db" };
	struct http_request q = { 0 };
	struct http_reply r = { 0 };
	char *s = fuzz_cstring(data, size), *rest = s, *qs;

	if (!ready) {
		http_snapshot_init(&snap);
		http_snapshot_publish(&snap, strdup("sendwatch_up 1\n"),
		    strdup("{\"findings\": []}\n"), 1700000000);
		ready = 1;
	}
	q.method = strsep(&rest, "\n");
	q.path = rest != NULL ? strsep(&rest, "\n") : "/";
	q.authorization = rest != NULL ? strsep(&rest, "\n") : NULL;
	q.basic_password = rest;
	if ((qs = strchr(q.path, '?')) != NULL) {
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
	free(r.body);
	free(s);
	return 0;
}
