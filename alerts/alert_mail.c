/*
 * alert_mail.c -- one mail per cycle per sink (RFC 5322, built with
 * GMime: headers encoded per RFC 2047 when needed, CRLF line ends),
 * submitted over SMTP with libcurl: starttls yes|no|required maps to
 * CURLUSESSL_TRY|NONE|ALL (TRY can be downgraded by an attacker:
 * "required" is the safe choice off loopback), AUTH with username and
 * the password secret. The subject names the worst event; the body lists
 * every event with its fix. A 5xx reply is refused for good, anything
 * else is retried.
 */
#include <glib.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "alerts/alert.h"

static const long starttls_modes[] = {
	[CFG_STARTTLS_YES] = CURLUSESSL_TRY,
	[CFG_STARTTLS_NO] = CURLUSESSL_NONE,
	[CFG_STARTTLS_REQUIRED] = CURLUSESSL_ALL,
};

static void
mail_init_once(void)
{
	g_mime_init();
}

/* Each sink delivers from its own thread: GMime is set up once. */
static void
mail_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, mail_init_once);
}

/* The worst event: highest severity, the first of equals. */
static const struct event *
worst(const struct event *ev, size_t n)
{
	const struct event *w = &ev[0];

	for (size_t i = 1; i < n; i++)
		if (event_severity(&ev[i]) > event_severity(w))
			w = &ev[i];
	return w;
}

static char *
mail_subject(const struct event *ev, size_t n)
{
	const struct event *w = worst(ev, n);
	char *s = NULL;

	if (n > 1)
		s = g_strdup_printf("[sendwatch] %s: %s (and %zu more)",
		    alert_severity_tag(w), w->summary, n - 1);
	else
		s = g_strdup_printf("[sendwatch] %s: %s",
		    alert_severity_tag(w), w->summary);
	return s;
}

static char *
mail_body(const struct event *ev, size_t n)
{
	GString *b = g_string_new(NULL);
	char when[32];

	alert_format_time(ev[0].time, when, sizeof(when));
	g_string_append_printf(b, "sendwatch saw %zu change%s at %s:\n\n", n,
	    n == 1 ? "" : "s", when);
	for (size_t i = 0; i < n; i++) {
		const struct event *e = &ev[i];
		char id[EVENT_ID_LEN];
		g_string_append_printf(b, "[%s] %s\n  %s -> %s, %s\n",
		    alert_severity_tag(e), e->summary,
		    event_from_name(e), finding_state_name(e->to), e->key);
		if (e->detail[0] != '\0')
			g_string_append_printf(b, "  Fix: %s\n", e->detail);
		g_string_append_printf(b, "  (event %s)\n\n",
		    event_id_text(e, id));
	}
	g_string_append(b, "-- \nsendwatch " SENDWATCH_VERSION "; `sendwatch"
	    " events` lists recent events and their delivery.\n");
	return g_string_free(b, FALSE);
}

/* The domain of an address, for the Message-ID. */
static const char *
mail_domain(const char *from)
{
	const char *at = from != NULL ? strrchr(from, '@') : NULL;

	return at != NULL && at[1] != '\0' ? at + 1 : "sendwatch.invalid";
}

char *
alert_mail_message(const struct cfg_alert *a, const struct event *ev,
    size_t n, int64_t now)
{
	GMimeMessage *m;
	GMimeTextPart *part;
	GMimeFormatOptions *fo;
	GDateTime *date;
	char *subject, *body, *mid, *domain, *out, *gt;

	if (n == 0)
		return NULL;
	mail_init();
	m = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_FROM, NULL,
	    a->from != NULL ? a->from : "sendwatch");
	for (size_t i = 0; i < a->nto; i++)
		g_mime_message_add_mailbox(m, GMIME_ADDRESS_TYPE_TO, NULL,
		    a->to[i]);
	subject = mail_subject(ev, n);
	g_mime_message_set_subject(m, subject, "utf-8");
	date = g_date_time_new_from_unix_utc(now);
	g_mime_message_set_date(m, date);
	g_date_time_unref(date);
	domain = g_strdup(mail_domain(a->from));
	if ((gt = strchr(domain, '>')) != NULL)
		*gt = '\0';
	mid = g_mime_utils_generate_message_id(domain);
	g_mime_message_set_message_id(m, mid);
	part = g_mime_text_part_new_with_subtype("plain");
	body = mail_body(ev, n);
	/* GMime labels the charset (us-ascii, iso-8859-1 or utf-8) */
	g_mime_text_part_set_text(part, body);
	/* 7-bit clean on the wire: no reliance on the server's 8BITMIME */
	g_mime_part_set_content_encoding(GMIME_PART(part),
	    g_mime_part_get_best_content_encoding(GMIME_PART(part),
	    GMIME_ENCODING_CONSTRAINT_7BIT));
	g_mime_message_set_mime_part(m, GMIME_OBJECT(part));
	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	gt = g_mime_object_to_string(GMIME_OBJECT(m), fo);
	out = gt != NULL ? strdup(gt) : NULL;
	g_free(gt);
	g_mime_format_options_free(fo);
	g_object_unref(part);
	g_object_unref(m);
	g_free(subject);
	g_free(body);
	g_free(mid);
	g_free(domain);
	return out;
}

struct mail_reader {
	const char	*p;
	size_t		 left;
};

static size_t
mail_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct mail_reader *r = arg;
	size_t n = size * nitems;

	if (n > r->left)
		n = r->left;
	memcpy(buf, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/* "<addr>" for the SMTP envelope, from "addr" or "Name <addr>". */
static char *
envelope(const char *addr)
{
	const char *lt = strchr(addr, '<');

	if (lt != NULL)
		return strdup(lt);
	return g_strdup_printf("<%s>", addr);
}

static void
mail_deliver(const struct cfg_alert *a, const struct event *ev, size_t n,
    int64_t now, const atomic_bool *cancel, struct alert_outcome *out)
{
	char cerr[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = NULL;
	struct mail_reader r;
	char *msg, *from = NULL;
	long code = 0;
	CURL *c;
	CURLcode rc;

	memset(out, 0, sizeof(*out));
	out->result = ALERT_RETRY;
	if ((msg = alert_mail_message(a, ev, n, now)) == NULL ||
	    (c = curl_easy_init()) == NULL) {
		snprintf(out->error, sizeof(out->error), "mail: out of memory");
		free(msg);
		return;
	}
	r.p = msg;
	r.left = strlen(msg);
	from = envelope(a->from != NULL ? a->from : "");
	for (size_t i = 0; i < a->nto; i++) {
		char *to = envelope(a->to[i]);
		struct curl_slist *l = curl_slist_append(rcpt, to);
		if (l != NULL)
			rcpt = l;
		g_free(to);
	}
	curl_easy_setopt(c, CURLOPT_URL, a->smtp_url != NULL ? a->smtp_url : "");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, mail_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &r);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, starttls_modes[a->starttls]);
	if (a->username != NULL)
		curl_easy_setopt(c, CURLOPT_USERNAME, a->username);
	if (a->password != NULL)
		curl_easy_setopt(c, CURLOPT_PASSWORD, a->password);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	alert_curl_cancel_on(c, cancel);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(a->timeout_ms > 0 ?
	    a->timeout_ms : 30000));
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, a->tls_verify ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, a->tls_verify ? 2L : 0L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK)
		out->result = ALERT_SENT;
	else {
		out->result = code >= 500 && code < 600 ? ALERT_REFUSED :
		    ALERT_RETRY;
		snprintf(out->error, sizeof(out->error), "mail: %s%s%.0ld",
		    cerr[0] != '\0' ? cerr : curl_easy_strerror(rc),
		    code > 0 ? ", last reply " : "", code > 0 ? code : 0L);
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	g_free(from);
	free(msg);
}

const struct alert_sink_type alert_mail_type = {
	.type = CFG_ALERT_MAIL,
	.name = "mail",
	.whole_cycle = true,
	.deliver = mail_deliver,
};
