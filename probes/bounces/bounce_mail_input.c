/*
 * bounce_mail_input.c -- where bounce mail comes from (see bounce_mail.h):
 * one message file, an mbox file, a directory (a Maildir's cur/ and new/,
 * or any folder of message files, walked in name order to a bounded
 * depth) or stdin. The kind is told from the first bytes, never from a
 * name: "From " starts an mbox, a header line a message. Each file is
 * read whole, up to BOUNCE_MAIL_MAX bytes.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "probes/bounces/bounce_mail.h"

#define BOUNCE_MAIL_MAX		(64 * 1024 * 1024)
#define BOUNCE_MAIL_DEPTH	4

/* A header field name then ':' at the start of the first line. */
static bool
looks_like_header(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= 'a' && s[0] <= 'z')))
		return false;
	while (i < n && s[i] != ':' && s[i] != ' ' && s[i] != '\n')
		i++;
	return i < n && s[i] == ':';
}

static bool
looks_like_mbox(const char *s, size_t n)
{
	return n >= 5 && memcmp(s, "From ", 5) == 0;
}

bool
bounce_path_is_mail(const char *path)
{
	struct stat sb;
	char head[256];
	size_t n;
	FILE *fp;

	if (strcmp(path, "-") == 0 || stat(path, &sb) == -1)
		return false;
	if (S_ISDIR(sb.st_mode))
		return true;
	if ((fp = fopen(path, "rb")) == NULL)
		return false;
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	return looks_like_mbox(head, n) || looks_like_header(head, n);
}

/* Reads fp whole into *buf (caller frees). Returns 0, or -1 with err. */
static int
read_all(FILE *fp, const char *name, char **buf, size_t *len, char *err,
    size_t errlen)
{
	size_t cap = 65536, n = 0, got;
	char *b = malloc(cap), *nb;

	while (b != NULL && (got = fread(b + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n > BOUNCE_MAIL_MAX) {
			snprintf(err, errlen, "%s: larger than %d MiB, not read",
			    name, BOUNCE_MAIL_MAX / (1024 * 1024));
			free(b);
			return -1;
		}
		if (n == cap) {
			if ((nb = realloc(b, cap * 2)) == NULL) {
				free(b);
				b = NULL;
				break;
			}
			b = nb;
			cap *= 2;
		}
	}
	if (b == NULL || ferror(fp)) {
		snprintf(err, errlen, "%s: %s", name, b == NULL ?
		    "out of memory" : strerror(errno));
		free(b);
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

static int
read_stream(struct bounce_stats *st, FILE *fp, const char *name,
    struct bounce_mail_counts *mc, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	int rc;

	if (read_all(fp, name, &buf, &len, err, errlen) == -1)
		return -1;
	rc = bounce_mail_add(st, buf, len, looks_like_mbox(buf, len), mc);
	free(buf);
	if (rc == -1)
		snprintf(err, errlen, "%s: out of memory", name);
	return rc;
}

static int read_path(struct bounce_stats *, const char *, int,
    struct bounce_mail_counts *, char *, size_t);

/* Dot files are Maildir's state and the directory's own entries. */
static int
not_dot(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/* Every entry but dot files, in name order (scandir with alphasort). */
static int
read_dir(struct bounce_stats *st, const char *path, int depth,
    struct bounce_mail_counts *mc, char *err, size_t errlen)
{
	struct dirent **names;
	int n = scandir(path, &names, not_dot, alphasort), rc = 0;

	if (n == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char sub[4096];
		int w = snprintf(sub, sizeof(sub), "%s/%s", path,
		    names[i]->d_name);

		/* Maildir's tmp/ holds messages still being written */
		if (rc == 0 && w > 0 && (size_t)w < sizeof(sub) &&
		    strcmp(names[i]->d_name, "tmp") != 0)
			rc = read_path(st, sub, depth + 1, mc, err, errlen);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int
read_path(struct bounce_stats *st, const char *path, int depth,
    struct bounce_mail_counts *mc, char *err, size_t errlen)
{
	struct stat sb;
	FILE *fp;
	int rc;

	if (stat(path, &sb) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		if (depth >= BOUNCE_MAIL_DEPTH)
			return 0;
		return read_dir(st, path, depth, mc, err, errlen);
	}
	if (!S_ISREG(sb.st_mode))
		return 0;
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = read_stream(st, fp, path, mc, err, errlen);
	fclose(fp);
	return rc;
}

int
bounce_read_mail(struct bounce_stats *st, const char *path,
    struct bounce_mail_counts *mc, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0)
		return read_stream(st, stdin, "stdin", mc, err, errlen);
	return read_path(st, path, 0, mc, err, errlen);
}
