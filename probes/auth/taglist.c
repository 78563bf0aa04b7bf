/*
 * taglist.c -- tag-list parsing (RFC 6376 §3.2), used for DKIM keys and
 * DMARC records. tag-name = ALPHA *(ALPHA / DIGIT / "_"); the value runs
 * to the next ";" and may not contain one.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/taglist.h"

static bool
taglist_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t
taglist_count(const struct taglist *tl, const char *name)
{
	size_t	 n = 0;

	for (size_t i = 0; i < tl->n; i++)
		if (strcasecmp(tl->v[i].name, name) == 0)
			n++;
	return n;
}

/* Adds name to the list of repeated tags (called on its second use). */
static int
taglist_note_dup(struct taglist *tl, const char *name)
{
	char	*s = NULL;

	if (asprintf(&s, "%s%s%s", tl->dups ? tl->dups : "",
	    tl->dups ? ", " : "", name) < 0)
		return -1;
	free(tl->dups);
	tl->dups = s;
	return 0;
}

static int
taglist_push(struct taglist *tl, const char *name, size_t nlen,
    const char *val, size_t vlen)
{
	struct taglist_tag	*v;

	v = realloc(tl->v, (tl->n + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	tl->v = v;
	v[tl->n].name = strndup(name, nlen);
	v[tl->n].value = strndup(val, vlen);
	if (v[tl->n].name == NULL || v[tl->n].value == NULL) {
		free(v[tl->n].name);
		free(v[tl->n].value);
		return -1;
	}
	if (taglist_count(tl, v[tl->n].name) == 1 &&
	    taglist_note_dup(tl, v[tl->n].name) == -1) {
		free(v[tl->n].name);
		free(v[tl->n].value);
		return -1;
	}
	tl->n++;
	return 0;
}

int
taglist_parse(struct taglist *tl, const char *text, size_t len, char *err,
    size_t errlen)
{
	size_t	 i = 0;

	memset(tl, 0, sizeof(*tl));
	while (i < len) {
		size_t ns, ne, vs, ve;

		while (i < len && taglist_is_ws(text[i]))
			i++;
		if (i == len)
			break;
		if (text[i] == ';') {		/* empty tag-spec: ";;" */
			i++;
			continue;
		}
		ns = i;
		while (i < len && (isalnum((unsigned char)text[i]) ||
		    text[i] == '_'))
			i++;
		ne = i;
		while (i < len && taglist_is_ws(text[i]))
			i++;
		if (ne == ns || !isalpha((unsigned char)text[ns]) ||
		    i == len || text[i] != '=') {
			size_t e = i;
			while (e < len && text[e] != ';')
				e++;
			snprintf(err, errlen, "\"%.*s\": expected tag=value",
			    (int)(e - ns > 60 ? 60 : e - ns), text + ns);
			return -1;
		}
		i++;
		while (i < len && taglist_is_ws(text[i]))
			i++;
		vs = i;
		while (i < len && text[i] != ';')
			i++;
		ve = i;
		while (ve > vs && taglist_is_ws(text[ve - 1]))
			ve--;
		if (memchr(text + vs, '\0', ve - vs) != NULL) {
			snprintf(err, errlen, "%.*s: value contains a NUL byte",
			    (int)(ne - ns), text + ns);
			return -1;
		}
		if (taglist_push(tl, text + ns, ne - ns, text + vs,
		    ve - vs) == -1) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (i < len)
			i++;			/* the ';' */
	}
	return 0;
}

const char *
taglist_get(const struct taglist *tl, const char *name)
{
	for (size_t i = 0; i < tl->n; i++)
		if (strcasecmp(tl->v[i].name, name) == 0)
			return tl->v[i].value;
	return NULL;
}

const char *
taglist_get_exact(const struct taglist *tl, const char *name)
{
	for (size_t i = 0; i < tl->n; i++)
		if (strcmp(tl->v[i].name, name) == 0)
			return tl->v[i].value;
	return NULL;
}

void
taglist_free(struct taglist *tl)
{
	if (tl == NULL)
		return;
	for (size_t i = 0; i < tl->n; i++) {
		free(tl->v[i].name);
		free(tl->v[i].value);
	}
	free(tl->v);
	free(tl->dups);
	memset(tl, 0, sizeof(*tl));
}
