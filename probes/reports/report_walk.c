/*
 * report_walk.c -- tells from the first bytes of a stream what it is
 * (XML, gzip, zip, a mail message or an mbox file) and walks into
 * archives and messages, to a bounded depth; every XML found is handed
 * to the caller (see report_walk.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/reports/report_walk.h"

#define HEAD_BYTES	1024
#define MAX_NESTING	6
#define ZIP_MAX_MEMBERS	1000

static const char *const format_names[] = {
	[REPORT_FMT_EMPTY] = "empty",
	[REPORT_FMT_UNKNOWN] = "unknown",
	[REPORT_FMT_XML] = "xml",
	[REPORT_FMT_JSON] = "json",
	[REPORT_FMT_GZIP] = "gzip",
	[REPORT_FMT_ZIP] = "zip",
	[REPORT_FMT_MAIL] = "mail",
	[REPORT_FMT_MBOX] = "mbox",
};

/* Byte signatures, checked in order against the start of the content. */
static const struct magic {
	const char		*bytes;
	size_t			 len;
	enum report_format	 fmt;
} magics[] = {
	{ "\x1f\x8b", 2, REPORT_FMT_GZIP },
	{ "PK\x03\x04", 4, REPORT_FMT_ZIP },
	{ "PK\x05\x06", 4, REPORT_FMT_ZIP },	/* empty zip */
	{ "\xef\xbb\xbf", 3, REPORT_FMT_XML },	/* UTF-8 BOM */
	{ "\xff\xfe", 2, REPORT_FMT_XML },	/* UTF-16 BOMs */
	{ "\xfe\xff", 2, REPORT_FMT_XML },
	{ "From ", 5, REPORT_FMT_MBOX },
};

const char *
report_format_name(enum report_format f)
{
	return format_names[f];
}

/* An RFC 5322 header field name (printable, no colon) then a colon. */
static int
looks_like_header(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len && p[i] > 32 && p[i] < 127 && p[i] != ':'; i++)
		;
	return i > 0 && i < len && p[i] == ':';
}

enum report_format
report_format_detect(const void *head, size_t len)
{
	const unsigned char *p = head;
	size_t i = 0;

	if (len == 0)
		return REPORT_FMT_EMPTY;
	/* a UTF-8 BOM starts XML, or JSON (TLS-RPT) when a '{' follows */
	if (len > 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 &&
	    report_format_detect(p + 3, len - 3) == REPORT_FMT_JSON)
		return REPORT_FMT_JSON;
	for (size_t k = 0; k < sizeof(magics) / sizeof(magics[0]); k++)
		if (len >= magics[k].len &&
		    memcmp(p, magics[k].bytes, magics[k].len) == 0)
			return magics[k].fmt;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	if (i < len && p[i] == '<')
		return REPORT_FMT_XML;
	if (i < len && p[i] == '{')
		return REPORT_FMT_JSON;
	if (i == len)
		return REPORT_FMT_EMPTY;
	if (i == 0 && looks_like_header(p, len))
		return REPORT_FMT_MAIL;
	return REPORT_FMT_UNKNOWN;
}

void
report_walk_error(struct report_walk *w, const char *where, const char *fmt,
    ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	w->failures++;
	if (w->cb->error != NULL)
		w->cb->error(w->cb->arg, where, reason);
}

/* JSON is read whole (TLS-RPT reports are small) and handed over. */
static void
walk_json(struct report_walk *w, struct report_stream *s, const char *where)
{
	char *data, err[256];
	size_t len;

	if (w->cb->found_tlsrpt == NULL) {
		report_walk_error(w, where, "not a DMARC report: JSON (a "
		    "TLS-RPT report is not read here)");
		return;
	}
	if (report_stream_slurp(s, w->cb->max_bytes, &data, &len, err,
	    sizeof(err)) < 0) {
		report_walk_error(w, where, "%s", err);
		return;
	}
	w->cb->found_tlsrpt(w->cb->arg, where, data, len);
	free(data);
}

void
report_walk_stream(struct report_walk *w, struct report_stream *s,
    const char *where, int depth)
{
	char head[HEAD_BYTES], err[256];
	size_t len = 0;
	ssize_t n = 0;
	struct report_src src;
	struct report_stream *z;
	enum report_format fmt;

	if (depth > MAX_NESTING) {
		report_walk_error(w, where, "nested more than %d levels deep "
		    "(archives in messages in archives ...)", MAX_NESTING);
		return;
	}
	while (len < sizeof(head) &&
	    (n = s->read(s, head + len, sizeof(head) - len, err, sizeof(err))) > 0)
		len += (size_t)n;
	if (n < 0 || s->rewind(s) < 0) {
		report_walk_error(w, where, "%s", n < 0 ? err : "cannot rewind");
		return;
	}
	fmt = report_format_detect(head, len);
	switch (fmt) {
	case REPORT_FMT_EMPTY:
		report_walk_error(w, where, "empty (no bytes, or only "
		    "whitespace): not a DMARC report");
		break;
	case REPORT_FMT_UNKNOWN:
		report_walk_error(w, where, "not a DMARC report: neither XML, "
		    "JSON, gzip, zip nor a mail message");
		break;
	case REPORT_FMT_XML:
		report_stream_src(&src, s);
		w->cb->found(w->cb->arg, where, &src);
		break;
	case REPORT_FMT_JSON:
		walk_json(w, s, where);
		break;
	case REPORT_FMT_GZIP:
		if ((z = report_stream_gzip(s)) == NULL) {
			report_walk_error(w, where, "gzip: cannot decompress");
			break;
		}
		report_walk_stream(w, z, where, depth + 1);
		report_stream_close(z);
		break;
	case REPORT_FMT_ZIP:
		report_walk_zip(w, s, where, depth);
		break;
	case REPORT_FMT_MAIL:
	case REPORT_FMT_MBOX:
		report_walk_mail(w, s, where, depth, fmt == REPORT_FMT_MBOX);
		break;
	}
}

void
report_walk_zip(struct report_walk *w, struct report_stream *s,
    const char *where, int depth)
{
	size_t index, files = 0;

	/* Each member is opened on its own: names are never looked at. */
	for (index = 0; index < ZIP_MAX_MEMBERS; index++) {
		struct report_stream *z;
		char sub[512];
		bool is_file, end;

		if ((z = report_stream_zip_member(s, index, &is_file,
		    &end)) == NULL) {
			if (!end)
				report_walk_error(w, where, "zip: %s",
				    files > 0 ? "broken after the last member"
				    : "broken archive");
			break;
		}
		if (is_file) {
			files++;
			snprintf(sub, sizeof(sub), "%s: zip member %zu", where,
			    index + 1);
			report_walk_stream(w, z, sub, depth + 1);
		}
		report_stream_close(z);
	}
	if (index == ZIP_MAX_MEMBERS)
		report_walk_error(w, where, "zip: more than %d members, the "
		    "rest is skipped", ZIP_MAX_MEMBERS);
	else if (files == 0)
		report_walk_error(w, where, "zip: no files in the archive");
}
