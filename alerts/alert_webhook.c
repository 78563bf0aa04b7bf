/*
 * alert_webhook.c -- POSTs one event to an HTTP(S) URL with libcurl:
 * JSON (carrying event_id, "ORIGIN-SEQ" and unique for the life of the
 * installation, so a receiver can drop duplicates; seq is its number), a
 * Slack/Mattermost body (both written with json-c), or plain text (the sink's template_file filled
 * in, or a built-in paragraph). Extra headers come from the
 * headers file ("Name: value" lines: tokens). TLS verification is on
 * unless tls_verify = no. HTTP 503 is CURLE_OK to libcurl: the response
 * code decides. Connect errors, timeouts, 408, 429 and 5xx are retried
 * (honouring Retry-After); other 4xx are refused for good, except 401
 * and 403 (a token being fixed). The URL, which may hold a token, never
 * appears in an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <glib.h>
#include <json-c/json.h>

#include "alerts/alert.h"
#include "config/cfg_template.h"

/*
 * Adds name: value to o; text that is not valid UTF-8 gets U+FFFD for
 * each bad byte, so the body is always valid JSON (RFC 8259 section 8.1).
 * false when out of memory.
 */
static bool
json_add_text(json_object *o, const char *name, const char *value)
{
	gchar *clean = g_utf8_make_valid(value != NULL ? value : "", -1);
	json_object *v = json_object_new_string(clean);

	g_free(clean);
	if (v == NULL || json_object_object_add(o, name, v) != 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

/* Writes o as one line of JSON; false when out of memory. */
static bool
json_put(FILE *fp, json_object *o, bool ok)
{
	const char *text = ok ? json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;

	if (text != NULL)
		fprintf(fp, "%s\n", text);
	json_object_put(o);
	return text != NULL;
}

static bool
body_json(FILE *fp, const struct event *e)
{
	json_object *o = json_object_new_object();
	char when[32], id[EVENT_ID_LEN];
	bool ok = o != NULL;

	alert_format_time(e->time, when, sizeof(when));
	ok = ok && json_add_text(o, "event_id", event_id_text(e, id));
	ok = ok && json_object_object_add(o, "seq",
	    json_object_new_int64(e->id)) == 0;
	ok = ok && json_add_text(o, "key", e->key);
	ok = ok && json_add_text(o, "probe", e->probe);
	ok = ok && json_add_text(o, "target", e->target);
	ok = ok && json_add_text(o, "kind", event_kind_name(e->kind));
	ok = ok && json_add_text(o, "from", event_from_name(e));
	ok = ok && json_add_text(o, "to", finding_state_name(e->to));
	ok = ok && json_add_text(o, "severity",
	    finding_state_name(event_severity(e)));
	ok = ok && json_add_text(o, "summary", e->summary);
	ok = ok && json_add_text(o, "detail", e->detail);
	ok = ok && json_add_text(o, "time", when);
	return json_put(fp, o, ok);
}

/* {"text": ...} for Slack and Mattermost. */
static bool
body_slack(FILE *fp, const char *text)
{
	json_object *o = json_object_new_object();

	return json_put(fp, o, o != NULL && json_add_text(o, "text", text));
}

/* format = text with template_file: the template, filled in. */
static bool
body_template(FILE *fp, const char *tpl, const struct event *e)
{
	char when[32], id[EVENT_ID_LEN];
	const char *values[CFG_TPL_COUNT] = {
		[CFG_TPL_EVENT_ID] = id,
		[CFG_TPL_KEY] = e->key,
		[CFG_TPL_PROBE] = e->probe,
		[CFG_TPL_TARGET] = e->target,
		[CFG_TPL_FROM] = event_from_name(e),
		[CFG_TPL_TO] = finding_state_name(e->to),
		[CFG_TPL_SUMMARY] = e->summary,
		[CFG_TPL_DETAIL] = e->detail,
		[CFG_TPL_TIME] = when,
	};
	char *text;

	alert_format_time(e->time, when, sizeof(when));
	event_id_text(e, id);
	if ((text = cfg_template_render(tpl, values)) == NULL)
		return false;
	fputs(text, fp);
	free(text);
	return true;
}

/* The one-paragraph text shared by the slack and text formats. */
static void
body_text(FILE *fp, const struct event *e, bool markdown)
{
	char when[32], id[EVENT_ID_LEN];

	alert_format_time(e->time, when, sizeof(when));
	fprintf(fp, "%s[%s]%s %s (%s -> %s)\n", markdown ? "*" : "",
	    alert_severity_tag(e), markdown ? "*" : "", e->summary,
	    event_from_name(e), finding_state_name(e->to));
	if (e->detail[0] != '\0')
		fprintf(fp, "%s\n", e->detail);
	fprintf(fp, "key %s, event %s, %s\n", e->key, event_id_text(e, id),
	    when);
}

char *
alert_webhook_body(const struct cfg_alert *a, const struct event *e,
    const char **content_type)
{
	char *buf = NULL, *text = NULL;
	size_t len = 0, tlen = 0;
	bool ok = true;
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	switch (a->format) {
	case CFG_FORMAT_SLACK: {
		FILE *tp = open_memstream(&text, &tlen);
		if (tp == NULL)
			break;
		body_text(tp, e, true);
		if (fclose(tp) != 0 || !body_slack(fp, text))
			ok = false;
		free(text);
		*content_type = "Content-Type: application/json";
		break;
	}
	case CFG_FORMAT_TEXT:
		if (a->template != NULL)
			ok = body_template(fp, a->template, e);
		else
			body_text(fp, e, false);
		*content_type = "Content-Type: text/plain; charset=utf-8";
		break;
	case CFG_FORMAT_JSON:
	default:
		ok = body_json(fp, e);
		*content_type = "Content-Type: application/json";
		break;
	}
	if (fclose(fp) != 0 || !ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* "Name: value" lines of the headers secret, appended to list. */
static struct curl_slist *
add_secret_headers(struct curl_slist *list, const char *headers)
{
	const char *p = headers;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, '\n');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		char *line;
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (n > 0 && strchr(p, ':') != NULL &&
		    (line = strndup(p, n)) != NULL) {
			struct curl_slist *l = curl_slist_append(list, line);
			free(line);
			if (l != NULL)
				list = l;
		}
		p = end != NULL ? end + 1 : NULL;
	}
	return list;
}

static void
classify(CURLcode rc, long code, curl_off_t retry_after, const char *cerr,
    struct alert_outcome *out)
{
	out->retry_after_s = retry_after > 0 ? (int64_t)retry_after : 0;
	if (rc != CURLE_OK) {
		out->result = ALERT_RETRY;
		snprintf(out->error, sizeof(out->error), "webhook: %s",
		    cerr[0] != '\0' ? cerr : curl_easy_strerror(rc));
		return;
	}
	if (code >= 200 && code < 300) {
		out->result = ALERT_SENT;
		return;
	}
	out->result = code == 408 || code == 429 || code == 401 ||
	    code == 403 || code >= 500 ? ALERT_RETRY : ALERT_REFUSED;
	snprintf(out->error, sizeof(out->error), "webhook: HTTP %ld", code);
}

static void
webhook_deliver(const struct cfg_alert *a, const struct event *ev, size_t n,
    int64_t now, const atomic_bool *cancel, struct alert_outcome *out)
{
	char cerr[CURL_ERROR_SIZE] = "";
	const char *ctype = NULL;
	struct curl_slist *hdr = NULL;
	curl_off_t retry_after = 0;
	long code = 0;
	char *body;
	CURL *c;
	CURLcode rc;

	(void)n;
	(void)now;
	memset(out, 0, sizeof(*out));
	out->result = ALERT_RETRY;
	if ((body = alert_webhook_body(a, ev, &ctype)) == NULL ||
	    (c = curl_easy_init()) == NULL) {
		snprintf(out->error, sizeof(out->error), "webhook: out of memory");
		free(body);
		return;
	}
	hdr = curl_slist_append(hdr, ctype);
	hdr = curl_slist_append(hdr, "User-Agent: sendwatch/" SENDWATCH_VERSION);
	hdr = add_secret_headers(hdr, a->headers);
	curl_easy_setopt(c, CURLOPT_URL, a->url != NULL ? a->url : "");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	alert_curl_cancel_on(c, cancel);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(a->timeout_ms > 0 ?
	    a->timeout_ms : 10000));
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, a->tls_verify ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, a->tls_verify ? 2L : 0L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry_after);
	classify(rc, code, retry_after, cerr, out);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	free(body);
}

const struct alert_sink_type alert_webhook_type = {
	.type = CFG_ALERT_WEBHOOK,
	.name = "webhook",
	.whole_cycle = false,
	.deliver = webhook_deliver,
};
