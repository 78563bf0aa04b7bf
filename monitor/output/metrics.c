/*
 * metrics.c -- Prometheus text format writer (see metrics.h). Samples are
 * rendered to text as they are added and kept per family, so families
 * come out whole, in the order they were first used.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/atomic_file.h"
#include "monitor/output/metrics.h"

struct metrics_family {
	char			*name;
	char			*help;
	enum metrics_type	 type;
	char			*text;		/* rendered samples */
	size_t			 len, cap;
};

void
metrics_init(struct metrics *m)
{
	memset(m, 0, sizeof(*m));
}

static int
metrics_fail(struct metrics *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
metrics_fail(struct metrics *m, const char *fmt, ...)
{
	va_list ap;

	if (m->err[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(m->err, sizeof(m->err), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* [a-zA-Z_:][a-zA-Z0-9_:]* for metrics, without ':' for labels. */
static bool
metrics_valid_name(const char *s, bool colon)
{
	if (s == NULL || *s == '\0' || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' ||
		    (colon && *s == ':')))
			return false;
	return true;
}

/* Appends to f->text; -1 when out of memory. */
static int
metrics_append(struct metrics_family *f, const char *s, size_t n)
{
	if (f->len + n + 1 > f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		char *t;
		while (cap < f->len + n + 1)
			cap *= 2;
		if ((t = realloc(f->text, cap)) == NULL)
			return -1;
		f->text = t;
		f->cap = cap;
	}
	memcpy(f->text + f->len, s, n);
	f->len += n;
	f->text[f->len] = '\0';
	return 0;
}

/* A label value: \ " and newline escaped. */
static int
metrics_append_escaped(struct metrics_family *f, const char *s)
{
	for (; *s; s++) {
		const char *e = *s == '\\' ? "\\\\" : *s == '"' ? "\\\"" :
		    *s == '\n' ? "\\n" : NULL;
		if (metrics_append(f, e ? e : s, e ? 2 : 1) == -1)
			return -1;
	}
	return 0;
}

static struct metrics_family *
metrics_family(struct metrics *m, const char *name, enum metrics_type type,
    const char *help)
{
	struct metrics_family *f;

	for (size_t i = 0; i < m->n; i++) {
		if (strcmp(m->fam[i].name, name) != 0)
			continue;
		if (m->fam[i].type != type) {
			metrics_fail(m, "metric %s: added as gauge and as"
			    " counter", name);
			return NULL;
		}
		return &m->fam[i];
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct metrics_family *v = realloc(m->fam, cap * sizeof(*v));
		if (v == NULL)
			goto oom;
		m->fam = v;
		m->cap = cap;
	}
	f = &m->fam[m->n];
	memset(f, 0, sizeof(*f));
	f->type = type;
	if ((f->name = strdup(name)) == NULL ||
	    (f->help = strdup(help ? help : "")) == NULL) {
		free(f->name);
		goto oom;
	}
	m->n++;
	return f;
oom:
	metrics_fail(m, "metric %s: out of memory", name);
	return NULL;
}

int
metrics_add(struct metrics *m, const char *name, enum metrics_type type,
    const char *help, const struct metrics_label *labels, size_t nlabels,
    double value)
{
	struct metrics_family *f;
	char num[64];
	int rc = 0;

	if (!metrics_valid_name(name, true))
		return metrics_fail(m, "metric name \"%s\": expected"
		    " [a-zA-Z_:][a-zA-Z0-9_:]*", name ? name : "");
	for (size_t i = 0; i < nlabels; i++)
		if (!metrics_valid_name(labels[i].name, false) ||
		    strncmp(labels[i].name, "__", 2) == 0)
			return metrics_fail(m, "metric %s: label name \"%s\":"
			    " expected [a-zA-Z_][a-zA-Z0-9_]* not starting"
			    " with __", name, labels[i].name ?
			    labels[i].name : "");
	if ((f = metrics_family(m, name, type, help)) == NULL)
		return -1;
	if (isnan(value))
		snprintf(num, sizeof(num), "NaN");
	else if (isinf(value))
		snprintf(num, sizeof(num), "%sInf", value > 0 ? "+" : "-");
	else {
		/* the shortest of %.15g / %.17g that reads back the same */
		snprintf(num, sizeof(num), "%.15g", value);
		if (strtod(num, NULL) != value)
			snprintf(num, sizeof(num), "%.17g", value);
	}
	rc |= metrics_append(f, name, strlen(name));
	for (size_t i = 0; i < nlabels; i++) {
		rc |= metrics_append(f, i ? "," : "{", 1);
		rc |= metrics_append(f, labels[i].name, strlen(labels[i].name));
		rc |= metrics_append(f, "=\"", 2);
		rc |= metrics_append_escaped(f, labels[i].value ?
		    labels[i].value : "");
		rc |= metrics_append(f, "\"", 1);
	}
	if (nlabels > 0)
		rc |= metrics_append(f, "}", 1);
	rc |= metrics_append(f, " ", 1);
	rc |= metrics_append(f, num, strlen(num));
	rc |= metrics_append(f, "\n", 1);
	return rc ? metrics_fail(m, "metric %s: out of memory", name) : 0;
}

void
metrics_print(FILE *fp, const struct metrics *m)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct metrics_family *f = &m->fam[i];
		fprintf(fp, "# HELP %s ", f->name);
		for (const char *h = f->help; *h; h++) {
			if (*h == '\\')
				fputs("\\\\", fp);
			else if (*h == '\n')
				fputs("\\n", fp);
			else
				fputc(*h, fp);
		}
		fprintf(fp, "\n# TYPE %s %s\n%s", f->name,
		    f->type == METRICS_COUNTER ? "counter" : "gauge",
		    f->text ? f->text : "");
	}
}

int
metrics_write_file(const struct metrics *m, const char *path, char *err,
    size_t errlen)
{
	struct atomic_file af;

	if (m->err[0] != '\0') {
		snprintf(err, errlen, "%s: not written: %s", path, m->err);
		return -1;
	}
	if (atomic_file_open(&af, path, err, errlen) == -1)
		return -1;
	metrics_print(af.fp, m);
	/* node_exporter runs as another user: 0644, not mkstemp's 0600 */
	return atomic_file_commit(&af, 0644, err, errlen);
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->fam[i].name);
		free(m->fam[i].help);
		free(m->fam[i].text);
	}
	free(m->fam);
	memset(m, 0, sizeof(*m));
}
