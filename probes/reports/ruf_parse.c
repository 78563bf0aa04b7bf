/*
 * ruf_parse.c -- DMARC failure reports in mail (see ruf_parse.h). The
 * MIME structure is GMime's; the feedback fields (RFC 5965 §3.1, RFC
 * 6591 §3.1) are "Name: value" lines read by one table, with the
 * spellings non-ARF reporters use ("Source IP", "Sender IP Address",
 * "Reported Domain"). A report is one when:
 *   ARF      its top part is multipart/report with report-type=
 *            feedback-report and a message/feedback-report part
 *            (typed text/plain by some senders) whose Feedback-Type is
 *            auth-failure;
 *   non-ARF  a text part gives Feedback-Type: auth-failure, or a source
 *            IP and a reported domain, and the original is attached
 *            (message/rfc822 or text/rfc822-headers).
 * Other feedback types (abuse, fraud: spam complaints) are not failure
 * reports and are left to the rest of the walk.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "probes/mime_part.h"
#include "probes/reports/report.h"
#include "probes/reports/ruf_parse.h"

#define FIELD_NAME_MAX	40
#define FIELD_VALUE_MAX	4096

enum join { JOIN_FIRST, JOIN_COMMA, JOIN_SEMI };

/* Field names (lowercase, dashes) and where they go. */
static const struct field {
	const char	*name;
	size_t		 off;
	enum join	 join;
	enum report_norm norm;
} fields[] = {
	{ "feedback-type", offsetof(struct ruf_report, feedback_type),
	  JOIN_FIRST, REPORT_NORM_LOWER },
	{ "user-agent", offsetof(struct ruf_report, user_agent), JOIN_FIRST,
	  REPORT_NORM_TRIM },
	{ "source-ip", offsetof(struct ruf_report, source_ip), JOIN_FIRST,
	  REPORT_NORM_LOWER },
	{ "source-ip-address", offsetof(struct ruf_report, source_ip),
	  JOIN_FIRST, REPORT_NORM_LOWER },
	{ "sender-ip", offsetof(struct ruf_report, source_ip),
	  JOIN_FIRST, REPORT_NORM_LOWER },
	{ "sender-ip-address", offsetof(struct ruf_report, source_ip),
	  JOIN_FIRST, REPORT_NORM_LOWER },
	{ "reported-domain", offsetof(struct ruf_report, reported_domain),
	  JOIN_FIRST, REPORT_NORM_DOMAIN },
	{ "sender-domain", offsetof(struct ruf_report, reported_domain),
	  JOIN_FIRST, REPORT_NORM_DOMAIN },
	{ "report-domain", offsetof(struct ruf_report, reported_domain),
	  JOIN_FIRST, REPORT_NORM_DOMAIN },
	{ "auth-failure", offsetof(struct ruf_report, auth_failure),
	  JOIN_COMMA, REPORT_NORM_LOWER },
	{ "authentication-results", offsetof(struct ruf_report, auth_results),
	  JOIN_SEMI, REPORT_NORM_TRIM },
	{ "delivery-result", offsetof(struct ruf_report, delivery_result),
	  JOIN_FIRST, REPORT_NORM_LOWER },
	{ "dmarc-results", offsetof(struct ruf_report, delivery_result),
	  JOIN_FIRST, REPORT_NORM_LOWER },
	{ "dkim-domain", offsetof(struct ruf_report, dkim_domain), JOIN_FIRST,
	  REPORT_NORM_DOMAIN },
	{ "dkim-selector", offsetof(struct ruf_report, dkim_selector),
	  JOIN_FIRST, REPORT_NORM_LOWER },
	{ "dkim-identity", offsetof(struct ruf_report, dkim_identity),
	  JOIN_FIRST, REPORT_NORM_TRIM },
	{ "spf-dns", offsetof(struct ruf_report, spf_dns), JOIN_SEMI,
	  REPORT_NORM_TRIM },
	{ "original-mail-from", offsetof(struct ruf_report,
	  original_mail_from), JOIN_FIRST, REPORT_NORM_TRIM },
	{ "original-rcpt-to", offsetof(struct ruf_report, original_rcpt_to),
	  JOIN_COMMA, REPORT_NORM_TRIM },
	{ "arrival-date", offsetof(struct ruf_report, arrival_date),
	  JOIN_FIRST, REPORT_NORM_TRIM },
	{ "received-date", offsetof(struct ruf_report, arrival_date),
	  JOIN_FIRST, REPORT_NORM_TRIM },
	{ "identity-alignment", offsetof(struct ruf_report,
	  identity_alignment), JOIN_FIRST, REPORT_NORM_LOWER },
};

static const char *const join_sep[] = {
	[JOIN_FIRST] = "", [JOIN_COMMA] = ",", [JOIN_SEMI] = "; ",
};

static void
field_set(struct ruf_report *r, const struct field *f, char *value)
{
	char **dst = (char **)((char *)r + f->off), *nv;
	size_t a, b;

	report_normalise(value, f->norm);
	if (*value == '\0')
		return;
	if (*dst == NULL) {
		*dst = strdup(value);
		return;
	}
	if (f->join == JOIN_FIRST)
		return;
	a = strlen(*dst);
	b = strlen(join_sep[f->join]);
	if (a > FIELD_VALUE_MAX || (nv = realloc(*dst, a + b +
	    strlen(value) + 1)) == NULL)
		return;
	memcpy(nv + a, join_sep[f->join], b);
	memcpy(nv + a + b, value, strlen(value) + 1);
	*dst = nv;
}

static const struct field *
field_find(const char *name)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

/* One logical line "Name: value" (continuations already joined). */
static size_t
field_line(struct ruf_report *r, char *line)
{
	char name[FIELD_NAME_MAX + 1], *colon = strchr(line, ':');
	const struct field *f;
	size_t n = 0, i;

	if (colon == NULL)
		return 0;
	for (i = 0; line + i < colon && n < FIELD_NAME_MAX; i++) {
		char ch = line[i];
		if (ch == ' ' || ch == '_' || ch == '\t')
			ch = '-';
		else if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch == '-' && (n == 0 || name[n - 1] == '-'))
			continue;	/* leading or doubled separators */
		name[n++] = ch;
	}
	while (n > 0 && name[n - 1] == '-')
		n--;
	name[n] = '\0';
	if (line + i != colon || (f = field_find(name)) == NULL)
		return 0;
	field_set(r, f, colon + 1);
	return 1;
}

size_t
ruf_parse_fields(const char *text, size_t len, struct ruf_report *r)
{
	char *line = malloc(FIELD_VALUE_MAX + 1);
	size_t found = 0, at = 0, n = 0;

	if (line == NULL)
		return 0;
	while (at <= len) {
		size_t end = at;
		while (end < len && text[end] != '\n')
			end++;
		/* a line starting with blank space continues the last one */
		if (at < len && (text[at] == ' ' || text[at] == '\t') && n > 0) {
			for (size_t i = at; i < end && n < FIELD_VALUE_MAX; i++)
				if (text[i] != '\r')
					line[n++] = text[i] == '\t' ? ' ' : text[i];
		} else {
			if (n > 0) {
				line[n] = '\0';
				found += field_line(r, line);
			}
			n = 0;
			for (size_t i = at; i < end && n < FIELD_VALUE_MAX; i++)
				if (text[i] != '\r')
					line[n++] = text[i];
		}
		at = end + 1;
	}
	if (n > 0) {
		line[n] = '\0';
		found += field_line(r, line);
	}
	free(line);
	return found;
}

static bool
type_is(GMimeObject *o, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);

	return ct != NULL && g_mime_content_type_is_type(ct, type, subtype);
}

/* The domain of the first mailbox of a list, lowercased; NULL. */
static char *
list_domain(InternetAddressList *l)
{
	InternetAddress *a;
	const char *addr, *at;

	if (l == NULL || internet_address_list_length(l) == 0)
		return NULL;
	a = internet_address_list_get_address(l, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(a))
		return NULL;
	addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
	if (addr == NULL || (at = strrchr(addr, '@')) == NULL)
		return NULL;
	return report_normalise(strdup(at + 1), REPORT_NORM_DOMAIN);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? strdup(s) : NULL;
}

static int64_t
date_unix(GDateTime *dt)
{
	return dt != NULL ? (int64_t)g_date_time_to_unix(dt) : 0;
}

/* Arrival-Date (RFC 5965 §3.2) when it parses, else the report's Date. */
static int64_t
arrival_time(const struct ruf_report *r, GMimeMessage *msg)
{
	GDateTime *dt;
	int64_t t = 0;

	if (r->arrival_date != NULL &&
	    (dt = g_mime_utils_header_decode_date(r->arrival_date)) != NULL) {
		t = (int64_t)g_date_time_to_unix(dt);
		g_date_time_unref(dt);
	}
	return t > 0 ? t : date_unix(g_mime_message_get_date(msg));
}

/* The original message's header: From, Subject, Date, Message-ID. */
static void
take_original(struct ruf_report *r, GMimeMessage *orig)
{
	InternetAddressList *from = g_mime_message_get_from(orig);
	char *s;

	if (from != NULL && internet_address_list_length(from) > 0 &&
	    (s = internet_address_list_to_string(from, NULL, FALSE)) != NULL) {
		r->orig_from = strdup(s);
		g_free(s);
	}
	r->orig_subject = dup_or_null(g_mime_message_get_subject(orig));
	r->orig_message_id = dup_or_null(g_mime_message_get_message_id(orig));
	r->orig_date = date_unix(g_mime_message_get_date(orig));
}

/* text/rfc822-headers: the header block parsed as a message by GMime. */
static void
take_original_headers(struct ruf_report *r, const char *text, size_t len)
{
	GMimeStream *gs = g_mime_stream_mem_new_with_buffer(text, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(gs);
	GMimeMessage *orig = g_mime_parser_construct_message(parser, NULL);

	if (orig != NULL) {
		take_original(r, orig);
		g_object_unref(orig);
	}
	g_object_unref(parser);
	g_object_unref(gs);
}

static void
collect(GMimeObject *parent, GMimeObject *part, gpointer arg)
{
	(void)parent;
	g_ptr_array_add(arg, part);
}

/* What the walk over a message's parts found. */
struct scan {
	bool		 arf;		/* multipart/report feedback-report */
	bool		 feedback_part;	/* a message/feedback-report part */
	bool		 original;	/* the original found */
	size_t		 fields;
};

static void
scan_part(struct ruf_report *r, struct scan *sc, GMimeObject *o)
{
	const char *why;	/* a part we cannot decode is one we skip */
	char *text;
	size_t len;

	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *orig = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(o));
		if (orig != NULL && !sc->original) {
			take_original(r, orig);
			sc->original = true;
		}
		return;
	}
	if (!GMIME_IS_PART(o))
		return;
	if (type_is(o, "text", "rfc822-headers")) {
		if (!sc->original && (text = mime_part_bytes(GMIME_PART(o),
		    &len, &why)) != NULL) {
			take_original_headers(r, text, len);
			sc->original = true;
			free(text);
		}
		return;
	}
	if (type_is(o, "message", "feedback-report") || type_is(o, "text",
	    "plain")) {
		if ((text = mime_part_bytes(GMIME_PART(o), &len, &why)) == NULL)
			return;
		if (type_is(o, "message", "feedback-report"))
			sc->feedback_part = true;
		sc->fields += ruf_parse_fields(text, len, r);
		free(text);
	}
}

static void
make_key(struct ruf_report *r, GMimeMessage *msg)
{
	const char *mid = g_mime_message_get_message_id(msg);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	char *whole = NULL;

	if (ctx == NULL)
		return;
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	if (mid != NULL && *mid != '\0') {
		EVP_DigestUpdate(ctx, "message-id\n", 11);
		EVP_DigestUpdate(ctx, mid, strlen(mid));
		EVP_DigestUpdate(ctx, "\n", 1);
		if (r->source_ip != NULL)
			EVP_DigestUpdate(ctx, r->source_ip,
			    strlen(r->source_ip));
	} else {
		whole = g_mime_object_to_string(GMIME_OBJECT(msg), NULL);
		EVP_DigestUpdate(ctx, "message\n", 8);
		if (whole != NULL)
			EVP_DigestUpdate(ctx, whole, strlen(whole));
		g_free(whole);
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	for (unsigned int i = 0; i < mdlen && i < 32; i++)
		snprintf(r->key + 2 * i, 3, "%02x", md[i]);
}

int
ruf_parse_message(GMimeMessage *msg, struct ruf_report *r, char *err,
    size_t errlen)
{
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	GPtrArray *parts;
	struct scan sc = { .arf = false };
	struct ruf_report t = { .arrival = 0 };
	const char *rtype;
	bool auth_failure;

	if (body == NULL)
		return 0;
	if (type_is(body, "multipart", "report") && (rtype =
	    g_mime_object_get_content_type_parameter(body, "report-type")) !=
	    NULL && strcasecmp(rtype, "feedback-report") == 0)
		sc.arf = true;
	parts = g_ptr_array_new();
	g_ptr_array_add(parts, body);
	if (GMIME_IS_MULTIPART(body))
		g_mime_multipart_foreach(GMIME_MULTIPART(body), collect, parts);
	for (guint i = 0; i < parts->len; i++)
		scan_part(&t, &sc, g_ptr_array_index(parts, i));
	g_ptr_array_free(parts, TRUE);
	auth_failure = t.feedback_type != NULL &&
	    strcmp(t.feedback_type, "auth-failure") == 0;
	if (!(sc.arf && (sc.feedback_part || sc.fields > 0) && auth_failure) &&
	    !(!sc.arf && sc.original && (auth_failure ||
	    (t.feedback_type == NULL && t.source_ip != NULL &&
	    t.reported_domain != NULL)))) {
		ruf_report_clear(&t);
		return 0;
	}
	t.form = strdup(sc.arf ? "arf" : "non-arf");
	t.reporter = list_domain(g_mime_message_get_from(msg));
	t.arrival = arrival_time(&t, msg);
	if (t.source_ip == NULL && t.reported_domain == NULL) {
		snprintf(err, errlen, "failure report (Feedback-Type: "
		    "auth-failure) names neither Source-IP nor Reported-Domain");
		ruf_report_clear(&t);
		return -1;
	}
	make_key(&t, msg);
	*r = t;
	return 1;
}

void
ruf_report_clear(struct ruf_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char **p = (char **)((char *)r + fields[i].off);
		free(*p);
		*p = NULL;	/* several names share a field */
	}
	free(r->form);
	free(r->reporter);
	free(r->orig_from);
	free(r->orig_subject);
	free(r->orig_message_id);
	memset(r, 0, sizeof(*r));
}
