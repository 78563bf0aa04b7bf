/*
 * metrics.h -- Prometheus text exposition format (version 0.0.4) for
 * node_exporter's textfile collector ([general] metrics_file).
 *
 * Build a set of families (name, type, help) with samples (labels and a
 * value), then metrics_write_file() writes them all at once: to a
 * temporary file in the same directory, fsync'ed, then renamed over the
 * target, so the collector never reads half a file. Names and label
 * names are checked against the format's rules; label values and help
 * text are escaped. Everything the set holds is freed by metrics_free().
 */
#ifndef SENDWATCH_METRICS_H
#define SENDWATCH_METRICS_H

#include <stddef.h>
#include <stdio.h>

enum metrics_type {
	METRICS_GAUGE,
	METRICS_COUNTER,
};

struct metrics_label {
	const char	*name;
	const char	*value;
};

struct metrics_family;

struct metrics {
	struct metrics_family	*fam;
	size_t			 n, cap;
	char			 err[256];	/* the first error, or "" */
};

void	metrics_init(struct metrics *);

/*
 * Adds a sample to the family `name` (created on first use with type and
 * help; later calls must agree on the type). Returns 0, or -1 with the
 * reason in m->err (bad name, type clash, out of memory); after an
 * error, writing fails too, so callers may check once at the end.
 */
int	metrics_add(struct metrics *, const char *name, enum metrics_type,
	    const char *help, const struct metrics_label *labels,
	    size_t nlabels, double value);

/* Writes the text format to fp. */
void	metrics_print(FILE *, const struct metrics *);

/* Replaces path atomically. Returns 0, or -1 with "path: reason" in err. */
int	metrics_write_file(const struct metrics *, const char *path,
	    char *err, size_t errlen);

void	metrics_free(struct metrics *);

#endif
