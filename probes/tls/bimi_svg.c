/*
 * bimi_svg.c -- the SVG Tiny Portable/Secure check of a BIMI logo (see
 * bimi_svg.h). One pass of libxml2's xmlTextReader over the document:
 * the root element, then every element and attribute against two
 * tables (elements the profile excludes, attributes that reach outside
 * the document). Options: XML_PARSE_NONET, no NOENT/DTDLOAD, so no entity
 * is expanded and nothing is fetched; a DOCTYPE is reported (the profile
 * has none and it is where entities hide).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "probes/tls/bimi_svg.h"

#define SVG_NS		"http://www.w3.org/2000/svg"
#define XLINK_NS	"http://www.w3.org/1999/xlink"
#define SVG_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOCDATA | \
	XML_PARSE_COMPACT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* Elements SVG Tiny PS excludes, and why a client refuses them. */
static const struct {
	const char	*name;
	const char	*why;
} bimi_svg_banned[] = {
	{ "script", "scripts are not allowed" },
	{ "foreignObject", "foreign content is not allowed" },
	{ "image", "embedded or linked images are not allowed" },
	{ "video", "media is not allowed" },
	{ "audio", "media is not allowed" },
	{ "iframe", "embedded documents are not allowed" },
	{ "a", "links are not allowed" },
	{ "animate", "animation is not allowed" },
	{ "animateColor", "animation is not allowed" },
	{ "animateMotion", "animation is not allowed" },
	{ "animateTransform", "animation is not allowed" },
	{ "set", "animation is not allowed" },
	{ "handler", "event handlers are not allowed" },
	{ "listener", "event handlers are not allowed" },
};

struct bimi_svg_walk {
	struct verdict	*v;
	size_t		 problems;
	bool		 root_seen;
	bool		 title_seen;
	int		 root_depth;
	int		 xml_error;	/* libxml2 reported a fatal error */
	char		 xml_msg[160];
};

static void
bimi_svg_problem(struct bimi_svg_walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One problem: a warning whose fix is always the same. */
static void
bimi_svg_problem(struct bimi_svg_walk *w, const char *fmt, ...)
{
	char	 what[300];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	w->problems++;
	verdict_add(w->v, FINDING_WARNING,
	    "the BIMI logo is not SVG Tiny PS: %s\nMail clients do not "
	    "show a logo outside the profile (draft-svg-tiny-ps). Fix: "
	    "export the logo as SVG Tiny 1.2 Portable/Secure (root <svg "
	    "version=\"1.2\" baseProfile=\"tiny-ps\">, a <title>, no "
	    "scripts, links or external references).", what);
}

static void
bimi_svg_on_error(void *arg, xmlErrorPtr e)
{
	struct bimi_svg_walk *w = arg;

	if (e == NULL || e->level < XML_ERR_ERROR || w->xml_error)
		return;
	w->xml_error = e->line > 0 ? e->line : 1;
	snprintf(w->xml_msg, sizeof(w->xml_msg), "%s", e->message ?
	    e->message : "malformed XML");
	w->xml_msg[strcspn(w->xml_msg, "\n")] = '\0';
}

/* The root: <svg> in the SVG namespace, version 1.2, baseProfile tiny-ps. */
static void
bimi_svg_root(struct bimi_svg_walk *w, xmlTextReaderPtr r,
    const char *name)
{
	const char	*ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	xmlChar		*prof, *ver;

	w->root_seen = true;
	w->root_depth = xmlTextReaderDepth(r);
	if (strcmp(name, "svg") != 0 || ns == NULL || strcmp(ns, SVG_NS) != 0) {
		bimi_svg_problem(w, "the root element is <%s>%s, not <svg> in "
		    "the SVG namespace", name, ns == NULL ? " without a "
		    "namespace" : "");
		return;
	}
	prof = xmlTextReaderGetAttribute(r, BAD_CAST "baseProfile");
	ver = xmlTextReaderGetAttribute(r, BAD_CAST "version");
	if (prof == NULL || strcmp((const char *)prof, "tiny-ps") != 0)
		bimi_svg_problem(w, "the root's baseProfile is %s%s%s, not "
		    "\"tiny-ps\"", prof ? "\"" : "", prof ? (const char *)prof :
		    "missing", prof ? "\"" : "");
	if (ver == NULL || strcmp((const char *)ver, "1.2") != 0)
		bimi_svg_problem(w, "the root's version is %s%s%s, not \"1.2\"",
		    ver ? "\"" : "", ver ? (const char *)ver : "missing",
		    ver ? "\"" : "");
	xmlFree(prof);
	xmlFree(ver);
}

/* Event handlers and references that leave the document. */
static void
bimi_svg_attributes(struct bimi_svg_walk *w, xmlTextReaderPtr r,
    const char *elem)
{
	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return;
	do {
		const char *an = (const char *)xmlTextReaderConstLocalName(r);
		const char *val = (const char *)xmlTextReaderConstValue(r);

		if (an == NULL || val == NULL)
			continue;
		if (strncasecmp(an, "on", 2) == 0 && an[2] != '\0')
			bimi_svg_problem(w, "<%s> has an event handler %s=",
			    elem, an);
		else if (strcmp(an, "href") == 0 && val[0] != '#')
			bimi_svg_problem(w, "<%s> refers outside the document "
			    "(href=\"%.80s\")", elem, val);
		else if (strstr(val, "url(") != NULL &&
		    strstr(val, "url(#") == NULL)
			bimi_svg_problem(w, "<%s> %s= refers outside the "
			    "document (%.80s)", elem, an, val);
	} while (xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
}

static void
bimi_svg_element(struct bimi_svg_walk *w, xmlTextReaderPtr r)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(r);

	if (name == NULL)
		return;
	if (!w->root_seen)
		bimi_svg_root(w, r, name);
	else if (strcmp(name, "title") == 0 &&
	    xmlTextReaderDepth(r) == w->root_depth + 1)
		w->title_seen = true;
	for (size_t i = 0; i < sizeof(bimi_svg_banned) /
	    sizeof(bimi_svg_banned[0]); i++)
		if (strcmp(name, bimi_svg_banned[i].name) == 0)
			bimi_svg_problem(w, "it has <%s>: %s", name,
			    bimi_svg_banned[i].why);
	bimi_svg_attributes(w, r, name);
}

size_t
bimi_svg_check(const char *svg, size_t len, struct verdict *v)
{
	struct bimi_svg_walk	 w = { .v = v };
	xmlTextReaderPtr	 r;
	int			 rc;

	if (len > BIMI_SVG_MAX)
		bimi_svg_problem(&w, "it is %zu bytes, more than %d", len,
		    BIMI_SVG_MAX);
	if ((r = xmlReaderForMemory(svg, (int)len, NULL, NULL,
	    SVG_OPTIONS)) == NULL) {
		bimi_svg_problem(&w, "it cannot be read as XML");
		return w.problems;
	}
	xmlTextReaderSetStructuredErrorHandler(r, bimi_svg_on_error, &w);
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			bimi_svg_problem(&w, "it has a DOCTYPE (the profile "
			    "has none, and entities hide there)");
		else if (type == XML_READER_TYPE_ELEMENT)
			bimi_svg_element(&w, r);
	}
	if (rc == -1 || w.xml_error)
		bimi_svg_problem(&w, "it is not well-formed XML (line %d: %s)",
		    w.xml_error, w.xml_msg[0] ? w.xml_msg : "parse error");
	else if (!w.root_seen)
		bimi_svg_problem(&w, "it has no root element");
	else if (!w.title_seen)
		bimi_svg_problem(&w, "it has no <title> (the profile "
		    "requires one, naming the brand)");
	xmlFreeTextReader(r);
	return w.problems;
}
