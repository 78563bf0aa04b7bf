/*
 * verdict.c -- many problems about one target folded into one finding
 * (see verdict.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/verdict.h"

void
verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->state = FINDING_OK;
}

void
verdict_free(struct verdict *v)
{
	if (v == NULL)
		return;
	free(v->summary);
	free(v->detail);
	verdict_init(v);
}

static void
verdict_append(struct verdict *v, const char *s, size_t n)
{
	if (v->oom)
		return;
	if (v->len + n + 1 > v->cap) {
		size_t cap = v->cap ? v->cap : 256;
		while (cap < v->len + n + 1)
			cap *= 2;
		char *p = realloc(v->detail, cap);
		if (p == NULL) {
			v->oom = true;
			return;
		}
		v->detail = p;
		v->cap = cap;
	}
	memcpy(v->detail + v->len, s, n);
	v->len += n;
	v->detail[v->len] = '\0';
}

/* A problem (note false) or a note (note true), already formatted. */
static void
verdict_line(struct verdict *v, enum finding_state st, bool note,
    const char *s)
{
	const char	*nl = strchr(s, '\n');
	size_t		 first = nl ? (size_t)(nl - s) : strlen(s);
	char		*line = NULL;

	if (note) {
		verdict_append(v, s, strlen(s));
		verdict_append(v, "\n", 1);
		return;
	}
	if (st != FINDING_OK)
		v->nproblems++;
	if (st != FINDING_OK && (v->summary == NULL ||
	    finding_state_worse(st, v->state))) {
		free(v->summary);
		if ((v->summary = strndup(s, first)) == NULL)
			v->oom = true;
	}
	if (finding_state_worse(st, v->state))
		v->state = st;
	if (asprintf(&line, "%s: %s\n", finding_state_name(st), s) < 0) {
		v->oom = true;
		return;
	}
	/* Indent continuation lines so each problem reads as one block. */
	for (char *p = line; *p != '\0'; ) {
		char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
		if (p != line)
			verdict_append(v, "  ", 2);
		verdict_append(v, p, n);
		p += n;
	}
	free(line);
}

static void
verdict_vline(struct verdict *v, enum finding_state st, bool note,
    const char *fmt, va_list ap)
{
	char	*s = NULL;

	if (vasprintf(&s, fmt, ap) < 0) {
		v->oom = true;
		return;
	}
	verdict_line(v, st, note, s);
	free(s);
}

void
verdict_add(struct verdict *v, enum finding_state st, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	verdict_vline(v, st, false, fmt, ap);
	va_end(ap);
}

void
verdict_note(struct verdict *v, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	verdict_vline(v, FINDING_OK, true, fmt, ap);
	va_end(ap);
}

int
verdict_emit(const struct verdict *v, struct finding_list *l,
    const char *key, const char *probe, const char *target,
    const char *ok_summary)
{
	const char *summary = v->summary ? v->summary : ok_summary;

	if (v->oom)
		return -1;
	if (finding_list_add(l, key, probe, target, v->state, summary,
	    v->detail) == NULL)
		return -1;
	return 0;
}
