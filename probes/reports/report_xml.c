/*
 * report_xml.c -- DMARC aggregate report parser (RFC 7489 appendix C, the
 * older draft schema, RFC 9990 namespace urn:ietf:params:xml:ns:dmarc-2.0).
 *
 * libxml2's xmlTextReader streams the document; elements are matched on
 * their local names only (any namespace or prefix), through two tables:
 * containers (which element opens which context) and leaves (which
 * element fills which field, normalised how). Records go to the caller's
 * sink one by one, so memory stays flat in the report size.
 *
 * Safety: XML_PARSE_NONET, never NOENT/DTDLOAD/DTDATTR/DTDVALID/XINCLUDE/
 * HUGE; a DOCTYPE is refused (XXE, billion laughs) and the external entity
 * loader refuses everything; bytes and records are bounded.
 *
 * Broken XML (receivers send it): the streaming reader gives up at the
 * first fatal error, so the report is read again with libxml2's recover
 * mode into a tree, walked by the same code, and the errors libxml2
 * stepped over are reported in report_parse_info.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>

#include "probes/reports/report_xml.h"

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | \
	XML_PARSE_COMPACT | XML_PARSE_RECOVER | XML_PARSE_NOBLANKS)
#define MAX_DEPTH	64
#define MAX_VALUE	4096

enum ctx {
	CTX_IGNORE,	/* inside something we do not read */
	CTX_DOC,	/* outside <feedback> */
	CTX_FEEDBACK,
	CTX_META,
	CTX_RANGE,
	CTX_POLICY,
	CTX_RECORD,
	CTX_ROW,
	CTX_PE,		/* policy_evaluated */
	CTX_IDENT,
	CTX_AUTH,
	CTX_ADKIM,	/* auth_results/dkim */
	CTX_ASPF,	/* auth_results/spf */
};

static const char *const ctx_names[] = {
	[CTX_IGNORE] = "?", [CTX_DOC] = "", [CTX_FEEDBACK] = "feedback",
	[CTX_META] = "report_metadata", [CTX_RANGE] = "date_range",
	[CTX_POLICY] = "policy_published", [CTX_RECORD] = "record",
	[CTX_ROW] = "row", [CTX_PE] = "policy_evaluated",
	[CTX_IDENT] = "identifiers", [CTX_AUTH] = "auth_results",
	[CTX_ADKIM] = "dkim", [CTX_ASPF] = "spf",
};

static const struct container {
	enum ctx	 parent;
	const char	*name;
	enum ctx	 child;
} containers[] = {
	{ CTX_DOC, "feedback", CTX_FEEDBACK },
	{ CTX_FEEDBACK, "report_metadata", CTX_META },
	{ CTX_FEEDBACK, "policy_published", CTX_POLICY },
	{ CTX_FEEDBACK, "record", CTX_RECORD },
	{ CTX_META, "date_range", CTX_RANGE },
	{ CTX_RECORD, "row", CTX_ROW },
	{ CTX_RECORD, "identifiers", CTX_IDENT },
	{ CTX_RECORD, "auth_results", CTX_AUTH },
	{ CTX_ROW, "policy_evaluated", CTX_PE },
	{ CTX_AUTH, "dkim", CTX_ADKIM },
	{ CTX_AUTH, "spf", CTX_ASPF },
};

/* Which object a leaf's field lives in. */
enum obj { OBJ_REPORT, OBJ_RECORD, OBJ_DKIM, OBJ_SPF };
enum kind { KIND_STR, KIND_TIME, KIND_COUNT };

#define R(f)	OBJ_REPORT, offsetof(struct report, f)
#define REC(f)	OBJ_RECORD, offsetof(struct report_record, f)
#define DK(f)	OBJ_DKIM, offsetof(struct report_dkim, f)
#define SP(f)	OBJ_SPF, offsetof(struct report_spf, f)

static const struct leaf {
	enum ctx	 ctx;
	const char	*name;
	enum obj	 obj;
	size_t		 off;
	enum kind	 kind;
	enum report_norm norm;
} leaves[] = {
	{ CTX_FEEDBACK, "version", R(version), KIND_STR, REPORT_NORM_TRIM },
	{ CTX_META, "org_name", R(org_name), KIND_STR, REPORT_NORM_TRIM },
	{ CTX_META, "email", R(email), KIND_STR, REPORT_NORM_TRIM },
	{ CTX_META, "report_id", R(report_id), KIND_STR, REPORT_NORM_TRIM },
	{ CTX_RANGE, "begin", R(begin), KIND_TIME, REPORT_NORM_TRIM },
	{ CTX_RANGE, "end", R(end), KIND_TIME, REPORT_NORM_TRIM },
	{ CTX_POLICY, "domain", R(policy.domain), KIND_STR, REPORT_NORM_DOMAIN },
	{ CTX_POLICY, "adkim", R(policy.adkim), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_POLICY, "aspf", R(policy.aspf), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_POLICY, "p", R(policy.p), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_POLICY, "sp", R(policy.sp), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_POLICY, "np", R(policy.np), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_POLICY, "pct", R(policy.pct), KIND_STR, REPORT_NORM_TRIM },
	{ CTX_POLICY, "fo", R(policy.fo), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_POLICY, "testing", R(policy.testing), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_POLICY, "discovery_method", R(policy.discovery_method), KIND_STR,
	    REPORT_NORM_LOWER },
	{ CTX_ROW, "source_ip", REC(source_ip), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_ROW, "count", REC(count), KIND_COUNT, REPORT_NORM_TRIM },
	{ CTX_ROW, "header_from", REC(header_from), KIND_STR, REPORT_NORM_DOMAIN },
	{ CTX_PE, "disposition", REC(disposition), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_PE, "dkim", REC(dkim), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_PE, "spf", REC(spf), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_IDENT, "header_from", REC(header_from), KIND_STR, REPORT_NORM_DOMAIN },
	{ CTX_IDENT, "envelope_from", REC(envelope_from), KIND_STR,
	    REPORT_NORM_DOMAIN },
	{ CTX_IDENT, "envelope_to", REC(envelope_to), KIND_STR, REPORT_NORM_DOMAIN },
	{ CTX_ADKIM, "domain", DK(domain), KIND_STR, REPORT_NORM_DOMAIN },
	{ CTX_ADKIM, "selector", DK(selector), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_ADKIM, "result", DK(result), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_ADKIM, "human_result", DK(human_result), KIND_STR, REPORT_NORM_TRIM },
	{ CTX_ASPF, "domain", SP(domain), KIND_STR, REPORT_NORM_DOMAIN },
	{ CTX_ASPF, "scope", SP(scope), KIND_STR, REPORT_NORM_LOWER },
	{ CTX_ASPF, "result", SP(result), KIND_STR, REPORT_NORM_LOWER },
};

#define NCONTAINERS	(sizeof(containers) / sizeof(containers[0]))
#define NLEAVES		(sizeof(leaves) / sizeof(leaves[0]))

static const char doctype_refused[] = "has a DOCTYPE: refused (DMARC "
    "reports have none; entities and external files are never loaded)";

/* What the element at one depth is. */
struct frame {
	enum ctx		 ctx;	/* context for its children */
	const struct leaf	*leaf;	/* non-NULL: collect its text */
};

struct parser {
	const struct report_src		*src;
	const struct report_limits	*lim;
	const struct report_sink	*sink;
	struct report			*rep;
	struct report_parse_info	*info;
	char				*err;
	size_t				 errlen;

	struct frame	 frames[MAX_DEPTH];
	bool		 interned;	/* cnames/lnames are the reader's */
	const xmlChar	*cnames[NCONTAINERS];
	const xmlChar	*lnames[NLEAVES];
	bool		 seen_feedback;
	bool		 in_record;
	bool		 header_sent;
	bool		 own_error;	/* failed for our reason, not libxml2's */
	bool		 stopped;
	bool		 src_error;
	bool		 over_size;
	bool		 doctype;
	struct report_record rec;
	char		 text[MAX_VALUE + 1];
	size_t		 textlen;
	uint64_t	 bytes;
};

static int fail(struct parser *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Records our own failure reason; returns -1. */
static int
fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	p->own_error = true;
	return -1;
}

/* Refuses every external entity, DTD or XInclude load. */
static xmlParserInputPtr
no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static void
on_xml_error(void *arg, xmlErrorPtr e)
{
	struct parser *p = arg;
	struct report_parse_info *info = p->info;
	size_t used, len;
	char msg[120];

	if (e == NULL || e->level == XML_ERR_WARNING)
		return;
	info->xml_errors++;
	used = strlen(info->dropped);
	if (info->xml_errors > 3 || used + 8 >= sizeof(info->dropped))
		return;
	snprintf(msg, sizeof(msg), "%s", e->message != NULL ? e->message : "?");
	for (len = 0; msg[len] != '\0'; len++)
		if (msg[len] == '\n' || msg[len] == '\r')
			msg[len] = ' ';
	while (len > 0 && msg[len - 1] == ' ')
		msg[--len] = '\0';
	if (strstr(info->dropped, msg) != NULL)	/* said already */
		return;
	snprintf(info->dropped + used, sizeof(info->dropped) - used,
	    "%sline %d: %s", used > 0 ? "; " : "", e->line, msg);
}

/* Recover mode: libxml2 passes the parser context, which points at us. */
static void
on_ctxt_error(void *ctx, xmlErrorPtr e)
{
	on_xml_error(((xmlParserCtxtPtr)ctx)->_private, e);
}

static int
io_read(void *arg, char *buf, int len)
{
	struct parser *p = arg;
	ssize_t n;

	if (p->bytes >= p->lim->max_bytes) {
		/* One more byte tells "exactly at the bound" from "over". */
		char c;
		n = p->src->read(p->src->arg, &c, 1, p->err, p->errlen);
		if (n == 0)
			return 0;
		if (n > 0)
			p->over_size = true;
		else
			p->src_error = true;
		return -1;
	}
	if ((uint64_t)len > p->lim->max_bytes - p->bytes)
		len = (int)(p->lim->max_bytes - p->bytes);
	n = p->src->read(p->src->arg, buf, (size_t)len, p->err, p->errlen);
	if (n < 0) {
		p->src_error = true;
		return -1;
	}
	p->bytes += (uint64_t)n;
	return (int)n;
}

static int
io_close(void *arg)
{
	(void)arg;
	return 0;
}

/*
 * Element names are matched by pointer when the reader interned the
 * tables' names in its dictionary (streaming: every element name comes
 * from that dictionary), by strcmp otherwise (the recover-mode tree).
 */
static bool
name_is(const struct parser *p, const xmlChar *const *interned, size_t i,
    const char *want, const char *name)
{
	if (p->interned)
		return (const char *)interned[i] == name;
	return strcmp(want, name) == 0;
}

static const struct container *
find_container(const struct parser *p, enum ctx parent, const char *name)
{
	for (size_t i = 0; i < NCONTAINERS; i++)
		if (containers[i].parent == parent && name_is(p, p->cnames, i,
		    containers[i].name, name))
			return &containers[i];
	return NULL;
}

static const struct leaf *
find_leaf(const struct parser *p, enum ctx ctx, const char *name)
{
	for (size_t i = 0; i < NLEAVES; i++)
		if (leaves[i].ctx == ctx && name_is(p, p->lnames, i,
		    leaves[i].name, name))
			return &leaves[i];
	return NULL;
}

/* What a sink callback answered: 0 to go on, -1 to stop (quietly or not). */
static int
sink_said(struct parser *p, int rc)
{
	if (rc == REPORT_SINK_GO)
		return 0;
	if (rc == REPORT_SINK_STOP)
		p->stopped = true;
	p->own_error = true;
	return -1;
}

/* Hands the header to the sink once it is complete enough, or at the end. */
static int
send_header(struct parser *p)
{
	struct report *r = p->rep;

	if (p->header_sent)
		return 0;
	if (r->report_id == NULL || r->report_id[0] == '\0')
		return fail(p, "report_metadata: no report_id");
	if (r->begin < 0 || r->end < 0)
		return fail(p, "report_metadata: no date_range begin/end");
	if (r->policy.domain == NULL || r->policy.domain[0] == '\0')
		return fail(p, "policy_published: no domain");
	if (r->org_name == NULL && (r->org_name = strdup("")) == NULL)
		return fail(p, "out of memory");
	p->header_sent = true;
	if (p->sink == NULL || p->sink->header == NULL)
		return 0;
	return sink_said(p, p->sink->header(p->sink->arg, r, p->err,
	    p->errlen));
}

/* Gives held records to the sink (after the header went). */
static int
flush_records(struct parser *p)
{
	struct report *r = p->rep;
	int rc = REPORT_SINK_GO;

	if (p->sink == NULL || !p->header_sent)
		return 0;
	for (size_t i = 0; i < r->nrecords; i++) {
		if (rc == REPORT_SINK_GO && p->sink->record != NULL)
			rc = p->sink->record(p->sink->arg, r, &r->records[i],
			    p->err, p->errlen);
		report_record_clear(&r->records[i]);
	}
	r->nrecords = 0;
	return sink_said(p, rc);
}

static int
end_record(struct parser *p)
{
	struct report *r = p->rep;

	p->in_record = false;
	if (r->record_total >= p->lim->max_records) {
		return fail(p, "more than %llu records in one report "
		    "(the bound is max_records / --max-records)",
		    (unsigned long long)p->lim->max_records);
	}
	if (r->nrecords == r->records_cap) {
		size_t cap = r->records_cap ? r->records_cap * 2 : 16;
		struct report_record *nr = reallocarray(r->records, cap,
		    sizeof(*nr));
		if (nr == NULL)
			return fail(p, "out of memory");
		r->records = nr;
		r->records_cap = cap;
	}
	r->records[r->nrecords++] = p->rec;
	memset(&p->rec, 0, sizeof(p->rec));
	r->record_total++;
	r->count_sum += r->records[r->nrecords - 1].count;
	if (p->sink == NULL)
		return 0;
	if (!p->header_sent && r->report_id != NULL && r->begin >= 0 &&
	    r->end >= 0 && r->policy.domain != NULL && send_header(p) < 0)
		return -1;
	return flush_records(p);
}

/* Appends an empty entry to a record's auth list; NULL when out of memory. */
static void *
grow(void **arr, size_t *n, size_t size)
{
	char *na = realloc(*arr, (*n + 1) * size);

	if (na == NULL)
		return NULL;
	memset(na + *n * size, 0, size);
	*arr = na;
	return na + (*n)++ * size;
}

static void *
leaf_object(struct parser *p, enum obj obj)
{
	switch (obj) {
	case OBJ_REPORT:
		return p->rep;
	case OBJ_RECORD:
		return p->in_record ? &p->rec : NULL;
	case OBJ_DKIM:
		return p->rec.ndkim_auth ?
		    &p->rec.dkim_auth[p->rec.ndkim_auth - 1] : NULL;
	case OBJ_SPF:
		return p->rec.nspf_auth ?
		    &p->rec.spf_auth[p->rec.nspf_auth - 1] : NULL;
	}
	return NULL;
}

static int
end_leaf(struct parser *p, const struct leaf *lf)
{
	char *obj = leaf_object(p, lf->obj);
	uint64_t v;

	p->text[p->textlen] = '\0';
	report_normalise(p->text, lf->norm);
	p->textlen = 0;
	if (obj == NULL)
		return 0;
	if (lf->kind == KIND_STR) {
		char **slot = (char **)(void *)(obj + lf->off);
		if (*slot != NULL)	/* the first one counts */
			return 0;
		if ((*slot = strdup(p->text)) == NULL)
			return fail(p, "out of memory");
		return 0;
	}
	if (report_parse_uint(p->text, &v) < 0 || v > INT64_MAX) {
		return fail(p, "%s/%s: expected %s, got \"%.40s\"",
		    ctx_names[lf->ctx], lf->name, lf->kind == KIND_TIME ?
		    "a Unix time" : "a count", p->text);
	}
	if (lf->kind == KIND_TIME)
		*(int64_t *)(void *)(obj + lf->off) = (int64_t)v;
	else
		*(uint64_t *)(void *)(obj + lf->off) = v;
	return 0;
}

static int
on_start(struct parser *p, int depth, const char *name, bool empty)
{
	enum ctx parent = depth == 0 ? CTX_DOC : p->frames[depth - 1].ctx;
	struct frame *f = &p->frames[depth];
	const struct container *c = find_container(p, parent, name);

	f->leaf = NULL;
	f->ctx = parent == CTX_DOC ? CTX_DOC : CTX_IGNORE;
	if (c != NULL) {
		f->ctx = c->child;
		if (c->child == CTX_FEEDBACK) {
			if (p->seen_feedback)
				return fail(p, "more than one <feedback>");
			p->seen_feedback = true;
		} else if (c->child == CTX_RECORD) {
			report_record_clear(&p->rec);
			p->in_record = true;
		} else if (c->child == CTX_ADKIM && p->in_record) {
			if (grow((void **)&p->rec.dkim_auth, &p->rec.ndkim_auth,
			    sizeof(struct report_dkim)) == NULL)
				return fail(p, "out of memory");
		} else if (c->child == CTX_ASPF && p->in_record) {
			if (grow((void **)&p->rec.spf_auth, &p->rec.nspf_auth,
			    sizeof(struct report_spf)) == NULL)
				return fail(p, "out of memory");
		}
		if (empty && c->child == CTX_RECORD)
			return end_record(p);
		return 0;
	}
	if ((f->leaf = find_leaf(p, parent, name)) != NULL) {
		p->textlen = 0;
		if (empty)
			return end_leaf(p, f->leaf);
	}
	return 0;
}

static int
on_end(struct parser *p, int depth)
{
	struct frame *f = &p->frames[depth];

	if (f->leaf != NULL) {
		const struct leaf *lf = f->leaf;
		f->leaf = NULL;
		return end_leaf(p, lf);
	}
	if (f->ctx == CTX_RECORD && p->in_record)
		return end_record(p);
	return 0;
}

static void
on_text(struct parser *p, int depth, const char *s)
{
	size_t len;

	if (depth == 0 || depth > MAX_DEPTH || p->frames[depth - 1].leaf == NULL)
		return;
	len = strlen(s);
	if (len > MAX_VALUE - p->textlen)
		len = MAX_VALUE - p->textlen;
	memcpy(p->text + p->textlen, s, len);
	p->textlen += len;
}

/* Walks the reader's nodes: 0 at the end, -1 on error (ours or libxml2's). */
static int
walk(struct parser *p, xmlTextReaderPtr r)
{
	int ret;

	while ((ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		int depth = xmlTextReaderDepth(r);
		const xmlChar *v;

		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			p->doctype = true;
			return fail(p, "%s", doctype_refused);
		}
		if (depth < 0 || depth >= MAX_DEPTH)
			continue;
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			v = xmlTextReaderConstLocalName(r);
			if (on_start(p, depth, (const char *)v,
			    xmlTextReaderIsEmptyElement(r) == 1) < 0)
				return -1;
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (on_end(p, depth) < 0)
				return -1;
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			/* Only text inside a leaf we read is looked at. */
			if (depth > 0 && p->frames[depth - 1].leaf != NULL &&
			    (v = xmlTextReaderConstValue(r)) != NULL)
				on_text(p, depth, (const char *)v);
			break;
		default:
			break;
		}
	}
	return ret == 0 ? 0 : -1;
}

/* Refuses a DOCTYPE in recover mode before libxml2 looks inside it. */
static void
refuse_subset(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parser *p = ctxt->_private;

	(void)name;
	(void)eid;
	(void)sid;
	p->doctype = true;
	xmlStopParser(ctxt);
}

static int
parse_stream(struct parser *p)
{
	xmlTextReaderPtr r;
	int rc;

	r = xmlReaderForIO(io_read, io_close, p, NULL, NULL, XML_OPTIONS);
	if (r == NULL)
		return fail(p, "cannot create the XML reader");
	xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, p);
	p->interned = true;
	for (size_t i = 0; i < NCONTAINERS; i++)
		if ((p->cnames[i] = xmlTextReaderConstString(r,
		    (const xmlChar *)containers[i].name)) == NULL)
			p->interned = false;
	for (size_t i = 0; i < NLEAVES; i++)
		if ((p->lnames[i] = xmlTextReaderConstString(r,
		    (const xmlChar *)leaves[i].name)) == NULL)
			p->interned = false;
	rc = walk(p, r);
	p->interned = false;
	xmlFreeTextReader(r);
	return rc;
}

static int
parse_recover(struct parser *p)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlTextReaderPtr r;
	int rc;

	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return fail(p, "out of memory");
	ctxt->_private = p;
	ctxt->sax->internalSubset = refuse_subset;
	ctxt->sax->externalSubset = refuse_subset;
	ctxt->sax->serror = on_ctxt_error;
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	doc = xmlCtxtReadIO(ctxt, io_read, io_close, p, NULL, NULL, XML_OPTIONS);
	if (p->doctype) {
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return fail(p, "%s", doctype_refused);
	}
	xmlFreeParserCtxt(ctxt);
	if (doc == NULL)
		return -1;
	if ((r = xmlReaderWalker(doc)) == NULL) {
		xmlFreeDoc(doc);
		return fail(p, "out of memory");
	}
	rc = walk(p, r);
	xmlFreeTextReader(r);
	xmlFreeDoc(doc);
	return rc;
}

static void
reset(struct parser *p)
{
	report_clear(p->rep);
	report_record_clear(&p->rec);
	memset(p->frames, 0, sizeof(p->frames));
	p->seen_feedback = p->in_record = p->header_sent = false;
	p->textlen = 0;
	p->bytes = 0;
}

/* Turns an unexplained failure into the message the user reads. */
static void
explain(struct parser *p)
{
	if (p->over_size) {
		snprintf(p->err, p->errlen, "larger than %llu bytes of XML "
		    "(the bound is max_decompressed / --max-size)",
		    (unsigned long long)p->lim->max_bytes);
	} else if (p->src_error || p->own_error) {
		return;
	} else if (p->bytes == 0) {
		snprintf(p->err, p->errlen, "empty: no XML in it");
	} else if (p->info->dropped[0] != '\0') {
		snprintf(p->err, p->errlen, "not well-formed XML: %s",
		    p->info->dropped);
	} else {
		snprintf(p->err, p->errlen, "not well-formed XML");
	}
}

enum report_parse_status
report_xml_parse(const struct report_src *src, const struct report_limits *lim,
    const struct report_sink *sink, struct report *out,
    struct report_parse_info *info, char *err, size_t errlen)
{
	static const struct report_limits defaults = {
		REPORT_DEFAULT_MAX_BYTES, REPORT_DEFAULT_MAX_RECORDS,
	};
	struct report_parse_info info_local;
	struct parser p = {
		.src = src, .lim = lim != NULL ? lim : &defaults, .sink = sink,
		.rep = out, .info = info != NULL ? info : &info_local,
		.err = err, .errlen = errlen,
	};
	int rc;

	memset(p.info, 0, sizeof(*p.info));
	err[0] = '\0';
	xmlSetExternalEntityLoader(no_loader);
	report_clear(out);
	rc = parse_stream(&p);
	if (rc < 0 && !p.own_error && !p.src_error && !p.over_size &&
	    src->rewind != NULL && p.bytes > 0) {
		/* Broken XML: read it again in recover mode, into a tree. */
		if (sink != NULL && sink->restart != NULL)
			sink->restart(sink->arg);
		reset(&p);
		memset(p.info, 0, sizeof(*p.info));
		p.info->recovered = 1;
		if (src->rewind(src->arg) < 0)
			fail(&p, "cannot read the input again for recovery");
		else
			rc = parse_recover(&p);
	}
	if (rc == 0 && !p.seen_feedback) {
		fail(&p, "%s", p.bytes == 0 ? "empty: no XML in it" :
		    "no <feedback> element: not a DMARC aggregate report");
		rc = -1;
	}
	if (rc == 0 && p.in_record)
		rc = end_record(&p);
	if (rc == 0)
		rc = send_header(&p);
	if (rc == 0)
		rc = flush_records(&p);
	report_record_clear(&p.rec);
	p.info->bytes = p.bytes;
	if (p.stopped)
		return REPORT_STOPPED;
	if (rc < 0) {
		explain(&p);
		return REPORT_FAILED;
	}
	return REPORT_PARSED;
}
