/*
 * test_alert_format.c -- what receivers get: the mail (headers, RFC 2047
 * subject, CRLF, every event with its fix; parsed back with GMime), the
 * webhook bodies (JSON, Slack, text), and the per-sink filters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gmime/gmime.h>
#include <json-c/json.h>

#include "alerts/alert.h"
#include "config/cfg_template.h"

static struct event
ev(int64_t id, enum finding_state from, enum finding_state to,
    const char *summary, const char *detail)
{
	struct event e = {
		.id = id, .cycle = 1, .time = 1763906400, /* 2025-11-23T14:00:00Z */
		.kind = EVENT_CHANGE, .key = "dnsbl/bl.lab.test/192.0.2.10",
		.probe = "dnsbl", .target = "192.0.2.10", .from = from,
		.to = to, .summary = (char *)summary, .detail = (char *)detail,
	};
	return e;
}

static char *to_list[] = { "postmaster@example.com", "ops@example.com" };

static struct cfg_alert
mail_sink(void)
{
	struct cfg_alert a = {
		.name = "pm", .type = CFG_ALERT_MAIL,
		.from = "sendwatch@example.com", .to = to_list, .nto = 2,
		.min_severity = FINDING_WARNING,
	};
	return a;
}

/* The body a webhook sink of this format (and template) sends for e. */
static char *
webhook_body(enum cfg_alert_format format, const char *tpl,
    const struct event *e, const char **ct)
{
	struct cfg_alert a = { .name = "hook", .type = CFG_ALERT_WEBHOOK,
	    .format = format, .template = (char *)tpl };

	return alert_webhook_body(&a, e, ct);
}

static GMimeMessage *
parse(const char *text)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

	g_object_unref(p);
	g_object_unref(s);
	return m;
}

static void
test_alert_mail_headers_and_body(void **state)
{
	struct cfg_alert a = mail_sink();
	struct event v[] = {
		ev(7, FINDING_OK, FINDING_WARNING, "192.0.2.10 listed on pbl",
		    "policy listing: send through your relay"),
		ev(8, FINDING_OK, FINDING_CRITICAL,
		    "192.0.2.10 listed on bl.lab.test (127.0.0.2)",
		    "Check and request delisting: https://bl.lab.test/lookup"),
	};
	GMimeMessage *m;
	GMimeObject *body;
	char *msg, *text;
	(void)state;

	msg = alert_mail_message(&a, v, 2, 1763906460);
	assert_non_null(msg);
	/* CRLF everywhere, no bare LF */
	for (const char *p = msg; (p = strchr(p, '\n')) != NULL; p++)
		assert_true(p > msg && p[-1] == '\r');
	assert_non_null(strstr(msg, "From: sendwatch@example.com\r\n"));
	assert_non_null(strstr(msg, "To: postmaster@example.com, ops@example.com\r\n"));
	assert_non_null(strstr(msg, "Date: Sun, 23 Nov 2025 14:01:00 +0000\r\n"));
	assert_non_null(strcasestr(msg, "\r\nMessage-ID: <"));
	assert_non_null(strstr(msg, "@example.com>\r\n"));
	assert_non_null(m = parse(msg));
	assert_string_equal(g_mime_message_get_subject(m), "[sendwatch]"
	    " CRITICAL: 192.0.2.10 listed on bl.lab.test (127.0.0.2) (and 1"
	    " more)");
	body = g_mime_message_get_body(m);
	assert_true(GMIME_IS_TEXT_PART(body));
	text = g_mime_text_part_get_text(GMIME_TEXT_PART(body));
	assert_non_null(strstr(text, "sendwatch saw 2 changes at 2025-11-23T14:00:00Z"));
	assert_non_null(strstr(text, "[WARNING] 192.0.2.10 listed on pbl"));
	assert_non_null(strstr(text, "Fix: policy listing: send through your relay"));
	assert_non_null(strstr(text, "[CRITICAL] 192.0.2.10 listed on bl.lab.test"));
	assert_non_null(strstr(text, "ok -> critical, dnsbl/bl.lab.test/192.0.2.10"));
	assert_non_null(strstr(text, "Fix: Check and request delisting:"
	    " https://bl.lab.test/lookup"));
	assert_non_null(strstr(text, "(event 8)"));
	/* events in the order given */
	assert_true(strstr(text, "(event 7)") < strstr(text, "(event 8)"));
	g_free(text);
	g_object_unref(m);
	free(msg);
}

static void
test_alert_mail_encodes_non_ascii_subject(void **state)
{
	struct cfg_alert a = mail_sink();
	struct event v[] = {
		ev(9, FINDING_CRITICAL, FINDING_OK,
		    "m\xc3\xbcller.example not listed on dbl", "D\xc3\xa9tail"),
	};
	GMimeMessage *m;
	GMimeObject *body;
	char *msg, *text;
	const char *subject;
	(void)state;

	msg = alert_mail_message(&a, v, 1, 1763906460);
	assert_non_null(msg);
	for (const char *p = msg; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);	/* 7-bit clean */
	assert_non_null(strcasestr(msg, "Subject: [sendwatch] CRITICAL: =?utf-8?"));
	assert_non_null(m = parse(msg));
	subject = g_mime_message_get_subject(m);
	/* a recovery from critical is a CRITICAL-severity event */
	assert_string_equal(subject, "[sendwatch] CRITICAL: m\xc3\xbcller.example"
	    " not listed on dbl");
	body = g_mime_message_get_body(m);
	text = g_mime_text_part_get_text(GMIME_TEXT_PART(body));
	assert_non_null(strstr(text, "Fix: D\xc3\xa9tail"));
	assert_non_null(strstr(text, "critical -> ok"));
	g_free(text);
	g_object_unref(m);
	free(msg);
	assert_null(alert_mail_message(&a, v, 0, 0));
}

/* The member name of the JSON object body, as a string ("" when absent). */
static const char *
member(json_object *o, const char *name)
{
	json_object *v;

	return json_object_object_get_ex(o, name, &v) ? json_object_get_string(v)
	    : "";
}

static void
test_alert_webhook_bodies(void **state)
{
	struct event e = ev(42, FINDING_OK, FINDING_CRITICAL,
	    "192.0.2.10 listed \"now\"", "line1\nline2");
	const char *ct = NULL;
	json_object *o;
	char *b;
	(void)state;

	snprintf(e.origin, sizeof(e.origin), "0123456789abcdef");
	b = webhook_body(CFG_FORMAT_JSON, NULL, &e, &ct);
	assert_string_equal(ct, "Content-Type: application/json");
	assert_non_null(o = json_tokener_parse(b));
	assert_int_equal(json_object_object_length(o), 12);
	/* the origin makes the id unique; seq is its number alone */
	assert_string_equal(member(o, "event_id"), "0123456789abcdef-42");
	assert_true(json_object_is_type(json_object_object_get(o, "event_id"),
	    json_type_string));
	assert_string_equal(member(o, "seq"), "42");
	assert_true(json_object_is_type(json_object_object_get(o, "seq"),
	    json_type_int));
	assert_string_equal(member(o, "key"), "dnsbl/bl.lab.test/192.0.2.10");
	assert_string_equal(member(o, "probe"), "dnsbl");
	assert_string_equal(member(o, "target"), "192.0.2.10");
	assert_string_equal(member(o, "kind"), "change");
	assert_string_equal(member(o, "from"), "ok");
	assert_string_equal(member(o, "to"), "critical");
	assert_string_equal(member(o, "severity"), "critical");
	assert_string_equal(member(o, "summary"), "192.0.2.10 listed \"now\"");
	assert_string_equal(member(o, "detail"), "line1\nline2");
	assert_string_equal(member(o, "time"), "2025-11-23T14:00:00Z");
	json_object_put(o);
	free(b);
	e.from_none = true;
	b = webhook_body(CFG_FORMAT_JSON, NULL, &e, &ct);
	assert_non_null(o = json_tokener_parse(b));
	assert_string_equal(member(o, "from"), "none");
	json_object_put(o);
	free(b);
	/* a byte that is not UTF-8 still gives valid JSON: U+FFFD */
	e.summary = "bad \xff byte";
	b = webhook_body(CFG_FORMAT_JSON, NULL, &e, &ct);
	assert_non_null(o = json_tokener_parse(b));
	assert_string_equal(member(o, "summary"), "bad \xef\xbf\xbd byte");
	json_object_put(o);
	free(b);
	e.summary = "192.0.2.10 listed \"now\"";
	b = webhook_body(CFG_FORMAT_SLACK, NULL, &e, &ct);
	assert_string_equal(ct, "Content-Type: application/json");
	assert_non_null(o = json_tokener_parse(b));
	assert_int_equal(json_object_object_length(o), 1);
	assert_non_null(strstr(member(o, "text"), "*[CRITICAL]* 192.0.2.10 "
	    "listed \"now\" (none -> critical)\nline1\nline2\n"));
	json_object_put(o);
	free(b);
	b = webhook_body(CFG_FORMAT_TEXT, NULL, &e, &ct);
	assert_string_equal(ct, "Content-Type: text/plain; charset=utf-8");
	assert_non_null(strstr(b, "[CRITICAL] 192.0.2.10 listed \"now\""
	    " (none -> critical)\nline1\nline2\nkey dnsbl/bl.lab.test/192.0.2.10,"
	    " event 0123456789abcdef-42, 2025-11-23T14:00:00Z\n"));
	free(b);
}

/* format = text with a template: every placeholder filled, user text as is. */
static void
test_alert_webhook_template(void **state)
{
	struct event e = ev(7, FINDING_CRITICAL, FINDING_OK,
	    "delisted %s %n 100%", "{summary} stays {summary}");
	const char *ct = NULL;
	char *b;
	(void)state;

	b = webhook_body(CFG_FORMAT_TEXT, "#{event_id} {key} {probe} {target}"
	    " {from}->{to}\n{summary}|{detail}|{time} {x {} {{to}}", &e, &ct);
	assert_string_equal(ct, "Content-Type: text/plain; charset=utf-8");
	assert_string_equal(b, "#7 dnsbl/bl.lab.test/192.0.2.10 dnsbl "
	    "192.0.2.10 critical->ok\ndelisted %s %n 100%|{summary} stays "
	    "{summary}|2025-11-23T14:00:00Z {x {} {ok}");
	free(b);
	/* without a template, format = text is the built-in paragraph */
	b = webhook_body(CFG_FORMAT_TEXT, NULL, &e, &ct);
	assert_non_null(strstr(b, "[CRITICAL] delisted %s %n 100% "
	    "(critical -> ok)\n"));
	free(b);
	/* a template is only for format = text */
	b = webhook_body(CFG_FORMAT_JSON, "{key}", &e, &ct);
	assert_non_null(strstr(b, "\"event_id\": \"7\", \"seq\": 7, "));
	free(b);
}

/* The load-time check names the template's line and the known names. */
static void
test_alert_template_check(void **state)
{
	char why[512];
	(void)state;

	assert_true(cfg_template_check("plain {time} { x } {} {9", why,
	    sizeof(why)));
	assert_false(cfg_template_check("{key}\n\nlisted {Target} {nope}",
	    why, sizeof(why)));
	assert_string_equal(why, "line 3: unknown placeholder {Target} "
	    "(expected one of: {event_id}, {key}, {probe}, {target}, {from}, "
	    "{to}, {summary}, {detail}, {time})");
}

static void
test_alert_filters(void **state)
{
	char *probes[] = { "dnsbl-health", "spf" };
	char *targets[] = { "192.0.2.11" };
	struct cfg_alert a = mail_sink();
	struct event w = ev(1, FINDING_OK, FINDING_WARNING, "s", "");
	struct event c = ev(2, FINDING_OK, FINDING_CRITICAL, "s", "");
	struct event rec = ev(3, FINDING_CRITICAL, FINDING_OK, "s", "");
	struct event unk = ev(4, FINDING_OK, FINDING_UNKNOWN, "s", "");
	(void)state;

	assert_true(alert_wants(&a, &w));
	a.min_severity = FINDING_CRITICAL;
	assert_false(alert_wants(&a, &w));
	assert_true(alert_wants(&a, &c));
	assert_true(alert_wants(&a, &rec));	/* recovery from critical */
	assert_true(alert_wants(&a, &unk));
	a.min_severity = FINDING_UNKNOWN;
	assert_false(alert_wants(&a, &c));
	assert_true(alert_wants(&a, &unk));
	a.min_severity = FINDING_WARNING;
	a.probes = probes;
	a.nprobes = 2;
	assert_false(alert_wants(&a, &c));	/* dnsbl not listed */
	c.probe = "spf";
	assert_true(alert_wants(&a, &c));
	a.targets = targets;
	a.ntargets = 1;
	assert_false(alert_wants(&a, &c));
	c.target = "192.0.2.11";
	assert_true(alert_wants(&a, &c));
	assert_ptr_equal(alert_sink_type_of(&a), &alert_mail_type);
	assert_true(alert_mail_type.whole_cycle);
	a.type = CFG_ALERT_WEBHOOK;
	assert_ptr_equal(alert_sink_type_of(&a), &alert_webhook_type);
	assert_false(alert_webhook_type.whole_cycle);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alert_mail_headers_and_body),
		cmocka_unit_test(test_alert_mail_encodes_non_ascii_subject),
		cmocka_unit_test(test_alert_webhook_bodies),
		cmocka_unit_test(test_alert_webhook_template),
		cmocka_unit_test(test_alert_template_check),
		cmocka_unit_test(test_alert_filters),
	};

	return cmocka_run_group_tests_name("alert_format", tests, NULL, NULL);
}
