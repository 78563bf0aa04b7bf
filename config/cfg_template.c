/*
 * cfg_template.c -- placeholders of the plain-text webhook template (see
 * cfg_template.h). One scanner finds placeholders for both the load-time
 * check and the substitution, so they cannot disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfg_template.h"

#define NAME_CHARS	"abcdefghijklmnopqrstuvwxyz" \
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

const char *const cfg_tpl_names[CFG_TPL_COUNT] = {
	[CFG_TPL_EVENT_ID] = "event_id",
	[CFG_TPL_KEY] = "key",
	[CFG_TPL_PROBE] = "probe",
	[CFG_TPL_TARGET] = "target",
	[CFG_TPL_FROM] = "from",
	[CFG_TPL_TO] = "to",
	[CFG_TPL_SUMMARY] = "summary",
	[CFG_TPL_DETAIL] = "detail",
	[CFG_TPL_TIME] = "time",
};

/*
 * Finds the next placeholder at or after p: returns its '{' (NULL when
 * there is none), its name length in *len and its field in *field
 * (CFG_TPL_COUNT when the name is unknown).
 */
static const char *
next_placeholder(const char *p, size_t *len, int *field)
{
	for (; (p = strchr(p, '{')) != NULL; p++) {
		size_t l = strspn(p + 1, NAME_CHARS);
		if (l == 0 || p[1 + l] != '}')
			continue;
		*len = l;
		*field = CFG_TPL_COUNT;
		for (int i = 0; i < CFG_TPL_COUNT; i++)
			if (strlen(cfg_tpl_names[i]) == l &&
			    strncmp(cfg_tpl_names[i], p + 1, l) == 0)
				*field = i;
		return p;
	}
	return NULL;
}

bool
cfg_template_check(const char *text, char *why, size_t whylen)
{
	const char *p = text, *ph;
	unsigned line = 1;
	size_t len, off;
	int field;

	while ((ph = next_placeholder(p, &len, &field)) != NULL) {
		if (field == CFG_TPL_COUNT)
			break;
		p = ph + len + 2;
	}
	if (ph == NULL)
		return true;
	for (const char *q = text; q < ph; q++)
		line += *q == '\n';
	off = (size_t)snprintf(why, whylen, "line %u: unknown placeholder "
	    "{%.*s} (expected one of:", line, (int)len, ph + 1);
	for (int i = 0; i < CFG_TPL_COUNT && off < whylen; i++)
		off += (size_t)snprintf(why + off, whylen - off, "%s {%s}",
		    i > 0 ? "," : "", cfg_tpl_names[i]);
	if (off < whylen)
		snprintf(why + off, whylen - off, ")");
	return false;
}

char *
cfg_template_render(const char *text, const char *const values[CFG_TPL_COUNT])
{
	const char *p = text, *ph;
	char *buf = NULL;
	size_t buflen = 0, len;
	FILE *fp;
	int field;

	if ((fp = open_memstream(&buf, &buflen)) == NULL)
		return NULL;
	while ((ph = next_placeholder(p, &len, &field)) != NULL) {
		const char *v = field < CFG_TPL_COUNT ? values[field] : NULL;
		size_t end = field < CFG_TPL_COUNT ? 0 : len + 2;
		fwrite(p, 1, (size_t)(ph - p) + end, fp);
		if (v != NULL)
			fputs(v, fp);
		p = ph + len + 2;
	}
	fputs(p, fp);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
