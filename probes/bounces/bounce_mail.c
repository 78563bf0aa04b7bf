/*
 * bounce_mail.c -- one bounce message into bounce_stats (see
 * bounce_mail.h), read with GMime 3. A message/delivery-status part
 * (RFC 3464; also message/global-delivery-status, RFC 6533) is decoded
 * and its field blocks parsed as header blocks by GMime; each recipient
 * block with Action failed or delayed (delivered and relayed count as
 * deliveries) becomes one entry, its reply the Diagnostic-Code without
 * the "smtp;" type, or the Status code when there is none. Without such
 * a part the first text/plain part goes to dsn_text_scan(). A message
 * that is neither, but carries RFC 3834 or vacation markers, is an
 * auto-reply. Nothing here keeps the message.
 */
#include <glib.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/bounces/bounce_mail.h"
#include "probes/mime_part.h"

static void
bounce_mail_init(void)
{
	static gsize done;

	if (g_once_init_enter(&done)) {
		g_mime_init();
		g_once_init_leave(&done, 1);
	}
}

/* What one message walk collects. */
struct mail_walk {
	char		*dsn;		/* decoded delivery-status, or NULL */
	size_t		 dsn_len;
	char		*text;		/* first text/plain part, or NULL */
	size_t		 text_len;
};

static void
walk_part(GMimeObject *parent, GMimeObject *obj, gpointer arg)
{
	struct mail_walk *w = arg;
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	const char *why;	/* a part we cannot decode is one we skip */
	(void)parent;

	if (!GMIME_IS_PART(obj) || ct == NULL)
		return;
	if (w->dsn == NULL && (g_mime_content_type_is_type(ct, "message",
	    "delivery-status") || g_mime_content_type_is_type(ct, "message",
	    "global-delivery-status")))
		w->dsn = mime_part_bytes(GMIME_PART(obj), &w->dsn_len, &why);
	else if (w->text == NULL && g_mime_content_type_is_type(ct, "text",
	    "plain"))
		w->text = mime_part_bytes(GMIME_PART(obj), &w->text_len,
		    &why);
}

/* "rfc822; a@b" -> "a@b"; also strips <> and spaces. */
static const char *
field_value(const char *v, size_t *len)
{
	const char *semi, *end;

	if (v == NULL) {
		*len = 0;
		return "";
	}
	if ((semi = strchr(v, ';')) != NULL)
		v = semi + 1;
	while (*v == ' ' || *v == '\t' || *v == '<')
		v++;
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n' || end[-1] == '>'))
		end--;
	*len = (size_t)(end - v);
	return v;
}

static const struct {
	const char		*action;
	enum mtalog_status	 status;
} dsn_actions[] = {
	{ "failed", MTALOG_BOUNCED },
	{ "delayed", MTALOG_DEFERRED },
	{ "delivered", MTALOG_SENT },
	{ "relayed", MTALOG_SENT },
	{ "expanded", MTALOG_SENT },
};

/* One per-recipient block, parsed as headers by GMime. */
static int
dsn_block(GMimeObject *block, bounce_mail_rcpt_fn fn, void *arg)
{
	const char *action = g_mime_object_get_header(block, "Action");
	const char *diag = g_mime_object_get_header(block, "Diagnostic-Code");
	const char *status = g_mime_object_get_header(block, "Status");
	const char *rcpt = g_mime_object_get_header(block, "Final-Recipient");
	struct bounce_mail_rcpt r = { 0 };
	size_t alen;

	if (rcpt == NULL)
		rcpt = g_mime_object_get_header(block, "Original-Recipient");
	if (rcpt == NULL || action == NULL)
		return 0;
	action = field_value(action, &alen);
	r.status = MTALOG_NONE;
	for (size_t i = 0; i < sizeof(dsn_actions) / sizeof(dsn_actions[0]);
	    i++)
		if (alen == strlen(dsn_actions[i].action) &&
		    strncasecmp(action, dsn_actions[i].action, alen) == 0)
			r.status = dsn_actions[i].status;
	if (r.status == MTALOG_NONE)
		return 0;
	r.rcpt = field_value(rcpt, &r.rcpt_len);
	if (diag != NULL)
		r.reply = field_value(diag, &r.reply_len);
	if (r.reply_len == 0)
		r.reply = field_value(status, &r.reply_len);
	r.relay = field_value(g_mime_object_get_header(block, "Remote-MTA"),
	    &r.relay_len);
	return fn(arg, &r) == -1 ? -1 : 1;
}

/*
 * The delivery-status body: blank-line separated blocks of fields, the
 * first about the message, the others one per recipient. Returns the
 * recipients reported, or -1 when fn stopped.
 */
static int
dsn_scan(const char *dsn, size_t len, bounce_mail_rcpt_fn fn, void *arg)
{
	GMimeStream *stream;
	GMimeParser *parser;
	const char *p = dsn, *end = dsn + len;
	int found = 0;

	while (p < end) {
		const char *sep = strstr(p, "\n\n"), *crlf = strstr(p,
		    "\r\n\r\n"), *stop;
		GMimeObject *block;
		GString *one;
		int rc;

		if (crlf != NULL && (sep == NULL || crlf < sep))
			sep = crlf;
		stop = sep != NULL ? sep : end;
		one = g_string_new_len(p, stop - p);
		g_string_append(one, "\n\n");
		stream = g_mime_stream_mem_new_with_buffer(one->str, one->len);
		parser = g_mime_parser_new_with_stream(stream);
		block = g_mime_parser_construct_part(parser, NULL);
		rc = block != NULL ? dsn_block(block, fn, arg) : 0;
		if (block != NULL)
			g_object_unref(block);
		g_object_unref(parser);
		g_object_unref(stream);
		g_string_free(one, TRUE);
		if (rc == -1) {
			found = -1;
			break;
		}
		found += rc;
		p = sep != NULL ? sep + (sep == crlf ? 4 : 2) : end;
		while (p < end && (*p == '\r' || *p == '\n'))
			p++;
	}
	return found;
}

/* RFC 3834 and the vacation programs' markers. */
static bool
is_auto_reply(GMimeMessage *msg)
{
	static const char *const subjects[] = {
		"auto:", "automatic reply", "autoreply", "auto-reply",
		"out of office", "out of the office", "vacation",
		"abwesenheitsnotiz", "automatische antwort",
		"réponse automatique", "absence", "respuesta automática",
	};
	GMimeObject *o = GMIME_OBJECT(msg);
	const char *v, *subject = g_mime_message_get_subject(msg);

	if ((v = g_mime_object_get_header(o, "Auto-Submitted")) != NULL &&
	    strncasecmp(v, "auto-replied", 12) == 0)
		return true;
	if (g_mime_object_get_header(o, "X-Autoreply") != NULL ||
	    g_mime_object_get_header(o, "X-Autorespond") != NULL ||
	    g_mime_object_get_header(o, "X-Vacation") != NULL)
		return true;
	if ((v = g_mime_object_get_header(o, "Precedence")) != NULL &&
	    strncasecmp(v, "auto_reply", 10) == 0)
		return true;
	if (subject == NULL)
		return false;
	for (size_t i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++)
		if (strncasecmp(subject, subjects[i], strlen(subjects[i])) == 0)
			return true;
	return false;
}

struct add_arg {
	struct bounce_stats	*st;
	uint64_t		 failed;	/* failed or delayed rcpts */
};

static int
add_rcpt(void *arg, const struct bounce_mail_rcpt *r)
{
	struct add_arg *a = arg;
	struct mtalog_entry e = { 0 };

	e.status = r->status;
	e.rcpt = r->rcpt;
	e.rcpt_len = r->rcpt_len;
	e.reply = r->reply;
	e.reply_len = r->reply_len;
	e.relay = r->relay;
	e.relay_len = r->relay_len;
	if (r->status != MTALOG_SENT)
		a->failed++;
	return bounce_stats_add(a->st, &e);
}

static int
bounce_mail_message(struct bounce_stats *st, GMimeMessage *msg,
    struct bounce_mail_counts *mc)
{
	struct mail_walk w = { NULL, 0, NULL, 0 };
	struct add_arg a = { st, 0 };
	int found = 0;

	mc->messages++;
	g_mime_message_foreach(msg, walk_part, &w);
	if (w.dsn != NULL)
		found = dsn_scan(w.dsn, w.dsn_len, add_rcpt, &a);
	if (found == 0 && w.text != NULL)
		found = dsn_text_scan(w.text, w.text_len, add_rcpt, &a);
	if (found > 0) {
		if (a.failed > 0)
			mc->bounces++;
		mc->recipients += (uint64_t)found;
	} else if (found == 0 && is_auto_reply(msg))
		mc->auto_replies++;
	else if (found == 0)
		mc->other++;
	free(w.dsn);
	free(w.text);
	return found < 0 ? -1 : 0;
}

int
bounce_mail_add(struct bounce_stats *st, const char *data, size_t len,
    bool mbox, struct bounce_mail_counts *mc)
{
	GMimeStream *stream;
	GMimeParser *parser;
	int rc = 0;

	bounce_mail_init();
	stream = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, mbox ? GMIME_FORMAT_MBOX :
	    GMIME_FORMAT_MESSAGE);
	do {
		GMimeMessage *msg = g_mime_parser_construct_message(parser,
		    NULL);
		if (msg == NULL) {
			if (!mbox) {
				mc->messages++;
				mc->other++;
			}
			break;
		}
		rc = bounce_mail_message(st, msg, mc);
		g_object_unref(msg);
	} while (rc == 0 && mbox && !g_mime_parser_eos(parser));
	g_object_unref(parser);
	g_object_unref(stream);
	return rc;
}
