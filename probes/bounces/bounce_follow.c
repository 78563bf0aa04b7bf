/*
 * bounce_follow.c -- follows the mail logs across cycles and restarts
 * (see bounce_follow.h).
 *
 * The text file of earlier versions (read once, then the state lives in
 * the database) has one record per line, fields split by tabs:
 *   log     DEV INO OFFSET PATH
 *   bucket  MINUTE DELIVERED DEFERRED BOUNCED
 *   mention CATEGORY FIRST LAST COUNT WHAT IP
 * Paths and texts with tabs or newlines are never kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/bounces/bounce_follow.h"

#define FOLLOW_MENTION_KEEP_S	(7 * 86400)

void
bounce_follow_init(struct bounce_follow *f)
{
	memset(f, 0, sizeof(*f));
	strmap_init(&f->mentions, sizeof(struct bounce_mention));
}

void
bounce_follow_free(struct bounce_follow *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nlogs; i++)
		free(f->logs[i].path);
	free(f->logs);
	free(f->buckets);
	strmap_free(&f->mentions);
	memset(f, 0, sizeof(*f));
}

static struct bounce_follow_log *
follow_log(struct bounce_follow *f, const char *path, bool add)
{
	struct bounce_follow_log *v;

	for (size_t i = 0; i < f->nlogs; i++)
		if (strcmp(f->logs[i].path, path) == 0)
			return &f->logs[i];
	if (!add || (v = realloc(f->logs, (f->nlogs + 1) * sizeof(*v))) == NULL)
		return NULL;
	f->logs = v;
	v = &f->logs[f->nlogs];
	memset(v, 0, sizeof(*v));
	if ((v->path = strdup(path)) == NULL)
		return NULL;
	f->nlogs++;
	return v;
}

/* The bucket of minute m, added in order when absent; NULL on OOM. */
static struct bounce_bucket *
follow_bucket(struct bounce_follow *f, int64_t m)
{
	size_t i = f->nbuckets;

	while (i > 0 && f->buckets[i - 1].minute > m)
		i--;
	if (i > 0 && f->buckets[i - 1].minute == m)
		return &f->buckets[i - 1];
	if (f->nbuckets == f->capbuckets) {
		size_t cap = f->capbuckets ? f->capbuckets * 2 : 64;
		struct bounce_bucket *v = realloc(f->buckets, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		f->buckets = v;
		f->capbuckets = cap;
	}
	memmove(&f->buckets[i + 1], &f->buckets[i],
	    (f->nbuckets - i) * sizeof(*f->buckets));
	f->nbuckets++;
	memset(&f->buckets[i], 0, sizeof(f->buckets[i]));
	f->buckets[i].minute = m;
	return &f->buckets[i];
}

static bool
follow_clean(const char *s)
{
	return strpbrk(s, "\t\n\r") == NULL;
}

static struct bounce_mention *
follow_mention(struct bounce_follow *f, enum smtp_category cat,
    const char *what, const char *ip)
{
	struct bounce_mention *mn;
	char key[256];
	int n, added;

	if (!follow_clean(what) || !follow_clean(ip))
		return NULL;
	n = snprintf(key, sizeof(key), "%d\t%s\t%s", (int)cat, what, ip);
	if (n < 0 || (size_t)n >= sizeof(key) ||
	    (mn = strmap_put(&f->mentions, key, (size_t)n, &added)) == NULL)
		return NULL;
	if (added) {
		mn->cat = cat;
		snprintf(mn->what, sizeof(mn->what), "%s", what);
		snprintf(mn->ip, sizeof(mn->ip), "%s", ip);
	}
	return mn;
}

/* ------------------------------------------------------------- load */

/* Splits line at tabs into at most max fields; returns the count. */
static size_t
follow_fields(char *line, char **fv, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *tab = strchr(line, '\t');
		fv[n++] = line;
		if (tab == NULL)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

static bool
follow_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && s[0] != '-';
}

static bool
follow_i64(const char *s, int64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && end != s && *end == '\0';
}

/* One record; false when it does not parse. */
static bool
follow_record(struct bounce_follow *f, char *line)
{
	char *fv[8];
	size_t n = follow_fields(line, fv, 8);
	uint64_t a, b, c;
	int64_t m, first, last;

	if (n == 5 && strcmp(fv[0], "log") == 0) {
		struct bounce_follow_log *l;
		if (!follow_u64(fv[1], &a) || !follow_u64(fv[2], &b) ||
		    !follow_u64(fv[3], &c) ||
		    (l = follow_log(f, fv[4], true)) == NULL)
			return false;
		l->dev = a;
		l->ino = b;
		l->offset = c;
		return true;
	}
	if (n == 5 && strcmp(fv[0], "bucket") == 0) {
		struct bounce_bucket *bk;
		if (!follow_i64(fv[1], &m) || !follow_u64(fv[2], &a) ||
		    !follow_u64(fv[3], &b) || !follow_u64(fv[4], &c) ||
		    (bk = follow_bucket(f, m)) == NULL)
			return false;
		bk->delivered = a;
		bk->deferred = b;
		bk->bounced = c;
		return true;
	}
	if (n == 7 && strcmp(fv[0], "mention") == 0) {
		struct bounce_mention *mn;
		if (!follow_u64(fv[1], &a) || a >= SMTP_CAT_COUNT ||
		    !follow_i64(fv[2], &first) || !follow_i64(fv[3], &last) ||
		    !follow_u64(fv[4], &c) || (mn = follow_mention(f,
		    (enum smtp_category)a, fv[5], fv[6])) == NULL)
			return false;
		mn->first_seen = first;
		mn->last_seen = last;
		mn->count = c;
		return true;
	}
	return false;
}

int
bounce_follow_load_file(struct bounce_follow *f, const char *path, char *err,
    size_t errlen)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rc = 0;

	if (fp == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (!follow_record(f, line)) {
			snprintf(err, errlen, "%s:%zu: expected a log, bucket or"
			    " mention record", path, lineno);
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(fp);
	return rc;
}

/* ------------------------------------------------------------- read */

/* Counts one entry written at t. -1 when out of memory. */
static int
follow_count(struct bounce_follow *f, struct bounce_stats *st,
    const struct mtalog_entry *e, int64_t t)
{
	struct bounce_bucket *bk;
	struct bounce_mention *mn;
	const struct bounce_reply *r;
	char dom[256];

	if (bounce_stats_add(st, e) == -1)
		return -1;
	if (e->status != MTALOG_REPLY) {
		if ((bk = follow_bucket(f, t / 60)) == NULL)
			return -1;
		if (e->status == MTALOG_SENT)
			bk->delivered++;
		else if (e->status == MTALOG_DEFERRED)
			bk->deferred++;
		else
			bk->bounced++;
	}
	if (e->status == MTALOG_SENT)
		return 0;
	r = st->last;
	switch (st->last_cat) {
	case SMTP_CAT_BLOCKLISTED:
		mn = follow_mention(f, st->last_cat, r && r->list[0] ? r->list :
		    "(not named)", r ? r->ip : "");
		break;
	case SMTP_CAT_AUTHENTICATION:
	case SMTP_CAT_REVERSE_DNS:
		if (e->status == MTALOG_REPLY)
			snprintf(dom, sizeof(dom), "%s", r ? r->receiver : "");
		else
			bounce_entry_domain(e, dom, sizeof(dom));
		mn = follow_mention(f, st->last_cat, dom, "");
		break;
	default:
		return 0;
	}
	if (mn == NULL)
		return 0;	/* a text we do not store */
	if (mn->count == 0 || mn->last_seen < t - (int64_t)f->window_s) {
		mn->first_seen = t;	/* a new episode */
		mn->count = 0;
	}
	if (t > mn->last_seen)
		mn->last_seen = t;
	mn->count++;
	return 0;
}

/* Reads fd (positioned) to its end; *consumed gets the bytes taken. */
static int
follow_read_fd(struct bounce_follow *f, struct bounce_stats *st, int fd,
    const char *name, bool follow, int64_t now, uint64_t window_s,
    uint64_t *consumed, char *err, size_t errlen)
{
	struct mtalog_reader r;
	struct mtalog_entry e;
	const char *line;
	size_t len;
	time_t t;
	int rc;

	if (mtalog_reader_open_fd(&r, fd, name, follow, err, errlen) == -1)
		return -1;
	while ((rc = mtalog_reader_next(&r, &line, &len, err, errlen)) == 1) {
		if (!mtalog_postfix_parse(line, len, &e) &&
		    !mtalog_exim_parse(line, len, &e))
			continue;
		if (!mtalog_line_time(line, len, (time_t)now, &t))
			t = (time_t)now;
		if ((int64_t)t < now - (int64_t)window_s)
			continue;
		if (follow_count(f, st, &e, (int64_t)t) == -1) {
			snprintf(err, errlen, "%s: out of memory", name);
			rc = -1;
			break;
		}
	}
	*consumed = mtalog_reader_consumed(&r);
	f->lines += r.lines;
	mtalog_reader_close(&r);
	return rc == -1 ? -1 : 0;
}

/* Opens path at offset; the fd, or -1 (err set; ENOENT is not an error). */
static int
follow_open(const char *path, uint64_t offset, struct stat *sb, char *err,
    size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1) {
		if (errno != ENOENT)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, sb) == -1 || (offset > 0 &&
	    lseek(fd, (off_t)offset, SEEK_SET) == (off_t)-1)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* The rest of a rotated log, when "<path>.1" is the file we followed. */
static int
follow_rotated(struct bounce_follow *f, struct bounce_stats *st,
    const struct bounce_follow_log *l, int64_t now, uint64_t window_s,
    char *err, size_t errlen)
{
	char old[4096];
	struct stat sb;
	uint64_t used;
	int fd;

	if ((size_t)snprintf(old, sizeof(old), "%s.1", l->path) >= sizeof(old))
		return 0;
	if (stat(old, &sb) == -1 || (uint64_t)sb.st_dev != l->dev ||
	    (uint64_t)sb.st_ino != l->ino || (uint64_t)sb.st_size < l->offset)
		return 0;	/* gone or not ours: what it held is lost */
	if ((fd = follow_open(old, l->offset, &sb, err, errlen)) == -1)
		return err[0] ? -1 : 0;
	return follow_read_fd(f, st, fd, old, false, now, window_s, &used, err,
	    errlen);
}

static int
follow_one(struct bounce_follow *f, struct bounce_stats *st, const char *path,
    int64_t now, uint64_t window_s, char *err, size_t errlen)
{
	struct bounce_follow_log *l = follow_log(f, path, true);
	struct stat sb;
	uint64_t used;
	int fd;

	if (l == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	err[0] = '\0';
	if (stat(path, &sb) == -1) {
		if (errno == ENOENT)
			return 0;	/* not there yet, or mid-rotation */
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (l->ino != 0 && ((uint64_t)sb.st_ino != l->ino ||
	    (uint64_t)sb.st_dev != l->dev)) {
		if (follow_rotated(f, st, l, now, window_s, err, errlen) == -1)
			return -1;
		l->offset = 0;
	} else if ((uint64_t)sb.st_size < l->offset)
		l->offset = 0;		/* truncated */
	if ((fd = follow_open(path, l->offset, &sb, err, errlen)) == -1)
		return err[0] ? -1 : 0;
	l->dev = (uint64_t)sb.st_dev;
	l->ino = (uint64_t)sb.st_ino;
	if (follow_read_fd(f, st, fd, path, true, now, window_s, &used, err,
	    errlen) == -1)
		return -1;
	l->offset += used;
	return 0;
}

int
bounce_follow_read(struct bounce_follow *f, char *const *logs, size_t nlogs,
    int64_t now, uint64_t window_s, char *err, size_t errlen)
{
	struct bounce_stats st;
	char one[512];
	int rc = 0;

	bounce_stats_init(&st, false);
	f->lines = 0;
	f->window_s = window_s;
	err[0] = '\0';
	for (size_t i = 0; i < nlogs; i++) {
		if (!follow_clean(logs[i]))
			continue;
		if (follow_one(f, &st, logs[i], now, window_s, one,
		    sizeof(one)) == -1) {
			if (rc == 0)
				snprintf(err, errlen, "%s", one);
			rc = -1;
		}
	}
	bounce_stats_free(&st);
	return rc;
}

void
bounce_follow_window(const struct bounce_follow *f, int64_t now,
    uint64_t window_s, struct bounce_counts *out)
{
	int64_t from = (now - (int64_t)window_s) / 60;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < f->nbuckets; i++) {
		const struct bounce_bucket *b = &f->buckets[i];
		if (b->minute < from || b->minute > now / 60)
			continue;
		out->delivered += b->delivered;
		out->deferred += b->deferred;
		out->bounced += b->bounced;
	}
	out->attempts = out->delivered + out->deferred + out->bounced;
}

/* ------------------------------------------------------------- keep */

bool
bounce_follow_bucket_kept(const struct bounce_follow *f,
    const struct bounce_bucket *b, int64_t now)
{
	return f->window_s == 0 ||
	    b->minute >= (now - (int64_t)f->window_s) / 60;
}

bool
bounce_follow_mention_kept(const struct bounce_mention *mn, int64_t now)
{
	return mn->last_seen >= now - FOLLOW_MENTION_KEEP_S;
}

/* ------------------------------------------------------------- set */

int
bounce_follow_set_log(struct bounce_follow *f, const char *path, uint64_t dev,
    uint64_t ino, uint64_t offset)
{
	struct bounce_follow_log *l;

	if (!follow_clean(path) || (l = follow_log(f, path, true)) == NULL)
		return -1;
	l->dev = dev;
	l->ino = ino;
	l->offset = offset;
	return 0;
}

int
bounce_follow_set_bucket(struct bounce_follow *f, const struct bounce_bucket *b)
{
	struct bounce_bucket *bk = follow_bucket(f, b->minute);

	if (bk == NULL)
		return -1;
	*bk = *b;
	return 0;
}

int
bounce_follow_set_mention(struct bounce_follow *f,
    const struct bounce_mention *m)
{
	struct bounce_mention *mn;

	if ((unsigned)m->cat >= SMTP_CAT_COUNT ||
	    (mn = follow_mention(f, m->cat, m->what, m->ip)) == NULL)
		return -1;
	mn->first_seen = m->first_seen;
	mn->last_seen = m->last_seen;
	mn->count = m->count;
	return 0;
}
