/*
 * report_mail.c -- DMARC reports inside mail (RFC 5322 messages, mbox
 * files) read with GMime 3: every MIME part in any layout is decoded
 * (base64, quoted-printable) and walked when its bytes are XML, JSON
 * (TLS-RPT: application/tlsrpt+json, or +gzip through gzip), gzip or
 * zip; attached messages (message/rfc822) are walked in turn. A message
 * that is a DMARC failure report (ruf_parse.h) is handed over whole.
 * Attachment file names are never used.
 */
#include <glib.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/mime_part.h"
#include "probes/reports/report_walk.h"
#include "probes/reports/ruf_parse.h"

static void
mail_init(void)
{
	static int done;

	if (!done) {
		g_mime_init();
		done = 1;
	}
}

static void
collect_part(GMimeObject *parent, GMimeObject *part, gpointer arg)
{
	(void)parent;
	g_ptr_array_add(arg, g_object_ref(part));
}

static size_t walk_message(struct report_walk *, GMimeMessage *,
    const char *where, int depth);

/* One leaf part: returns 1 when it held something we could read. */
static size_t
walk_part(struct report_walk *w, GMimePart *part, const char *where, int depth)
{
	struct report_stream *s;
	enum report_format fmt;
	const char *why;
	size_t len;
	char *bytes = mime_part_bytes(part, &len, &why);

	if (bytes == NULL) {
		if (why == NULL)
			return 0;	/* no content */
		report_walk_error(w, where, "%s", why);
		return 1;
	}
	fmt = report_format_detect(bytes, len < 1024 ? len : 1024);
	if (fmt != REPORT_FMT_XML && fmt != REPORT_FMT_GZIP &&
	    fmt != REPORT_FMT_ZIP && (fmt != REPORT_FMT_JSON ||
	    w->cb->found_tlsrpt == NULL)) {
		free(bytes);
		return 0;
	}
	if ((s = report_stream_mem(bytes, len, 1)) == NULL) {
		free(bytes);
		report_walk_error(w, where, "out of memory");
		return 1;
	}
	report_walk_stream(w, s, where, depth + 1);
	report_stream_close(s);
	return 1;
}

/* Walks every part; returns how many held a report (or tried to). */
static size_t
walk_message(struct report_walk *w, GMimeMessage *msg, const char *where,
    int depth)
{
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_object_unref);
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	size_t found = 0;
	char sub[600];

	/* a failure report is one report: its attached original is not */
	if (w->cb->found_failure != NULL) {
		struct ruf_report ruf = { .arrival = 0 };
		char err[256];
		int rc = ruf_parse_message(msg, &ruf, err, sizeof(err));

		if (rc != 0) {
			g_ptr_array_free(parts, TRUE);
			if (rc > 0)
				w->cb->found_failure(w->cb->arg, where, &ruf);
			else
				report_walk_error(w, where, "%s", err);
			ruf_report_clear(&ruf);
			return 1;
		}
	}
	if (body != NULL) {
		g_ptr_array_add(parts, g_object_ref(body));
		if (GMIME_IS_MULTIPART(body))
			g_mime_multipart_foreach(GMIME_MULTIPART(body),
			    collect_part, parts);
	}
	for (guint i = 0; i < parts->len; i++) {
		GMimeObject *o = g_ptr_array_index(parts, i);

		snprintf(sub, sizeof(sub), "%s: part %u", where, i + 1);
		if (GMIME_IS_MESSAGE_PART(o)) {
			GMimeMessage *inner = g_mime_message_part_get_message(
			    GMIME_MESSAGE_PART(o));
			if (inner != NULL && depth < 6)
				found += walk_message(w, inner, sub, depth + 1);
		} else if (GMIME_IS_PART(o)) {
			found += walk_part(w, GMIME_PART(o), sub, depth);
		}
	}
	g_ptr_array_free(parts, TRUE);
	return found;
}

/* A GMime stream over the input: the file itself, or a copy in memory. */
static GMimeStream *
open_gmime_stream(struct report_walk *w, struct report_stream *s,
    const char *where)
{
	struct stat st;
	char *data, err[256];
	size_t len;
	GMimeStream *gs;
	int fd;

	if (s->fd >= 0) {
		if (fstat(s->fd, &st) == 0 &&
		    (unsigned long long)st.st_size > w->cb->max_bytes) {
			report_walk_error(w, where, "larger than %llu bytes (the "
			    "bound is max_decompressed / --max-size)",
			    w->cb->max_bytes);
			return NULL;
		}
		if (lseek(s->fd, 0, SEEK_SET) != 0 || (fd = dup(s->fd)) < 0) {
			report_walk_error(w, where, "cannot read the file again");
			return NULL;
		}
		return g_mime_stream_fs_new(fd);
	}
	if (report_stream_slurp(s, w->cb->max_bytes, &data, &len, err,
	    sizeof(err)) < 0) {
		report_walk_error(w, where, "%s", err);
		return NULL;
	}
	gs = g_mime_stream_mem_new_with_buffer(data, len);
	free(data);
	return gs;
}

void
report_walk_mail(struct report_walk *w, struct report_stream *s,
    const char *where, int depth, int mbox)
{
	GMimeStream *gs;
	GMimeParser *parser;
	size_t n = 0;
	char sub[560];

	mail_init();
	if ((gs = open_gmime_stream(w, s, where)) == NULL)
		return;
	parser = g_mime_parser_new_with_stream(gs);
	g_mime_parser_set_format(parser, mbox ? GMIME_FORMAT_MBOX :
	    GMIME_FORMAT_MESSAGE);
	while (!g_mime_parser_eos(parser)) {
		GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);

		if (msg == NULL) {
			if (n == 0)
				report_walk_error(w, where, "not a mail message "
				    "(no header could be parsed)");
			break;
		}
		n++;
		if (mbox)
			snprintf(sub, sizeof(sub), "%s: message %zu", where, n);
		else
			snprintf(sub, sizeof(sub), "%s", where);
		if (walk_message(w, msg, sub, depth) == 0)
			report_walk_error(w, sub, "no DMARC report in this "
			    "message (no part is XML, JSON, gzip or zip, and "
			    "it is no failure report)");
		g_object_unref(msg);
		if (!mbox)
			break;
	}
	g_object_unref(parser);
	g_object_unref(gs);
}
