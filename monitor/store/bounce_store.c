/*
 * bounce_store.c -- the bounces follower's state in SQLite (see
 * bounce_store.h). The state is small (one row per log, per minute of
 * the window, per mention of the last week), so a cycle replaces it
 * whole rather than tracking what changed.
 */
#include <stdio.h>
#include <string.h>

#include "monitor/store/bounce_store.h"

static const char *
text_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

/* One row of the logs, buckets or mentions into f; -1 when it is bad. */
static int
load_log(struct bounce_follow *f, sqlite3_stmt *st)
{
	return bounce_follow_set_log(f, text_col(st, 0),
	    (uint64_t)sqlite3_column_int64(st, 1),
	    (uint64_t)sqlite3_column_int64(st, 2),
	    (uint64_t)sqlite3_column_int64(st, 3));
}

static int
load_bucket(struct bounce_follow *f, sqlite3_stmt *st)
{
	struct bounce_bucket b = {
		.minute = sqlite3_column_int64(st, 0),
		.delivered = (uint64_t)sqlite3_column_int64(st, 1),
		.deferred = (uint64_t)sqlite3_column_int64(st, 2),
		.bounced = (uint64_t)sqlite3_column_int64(st, 3),
	};

	return bounce_follow_set_bucket(f, &b);
}

static int
load_mention(struct bounce_follow *f, sqlite3_stmt *st)
{
	struct bounce_mention m = {
		.cat = (enum smtp_category)sqlite3_column_int(st, 0),
		.first_seen = sqlite3_column_int64(st, 3),
		.last_seen = sqlite3_column_int64(st, 4),
		.count = (uint64_t)sqlite3_column_int64(st, 5),
	};

	snprintf(m.what, sizeof(m.what), "%s", text_col(st, 1));
	snprintf(m.ip, sizeof(m.ip), "%s", text_col(st, 2));
	return bounce_follow_set_mention(f, &m);
}

static const struct {
	const char	*sql;
	int		(*load)(struct bounce_follow *, sqlite3_stmt *);
} loaders[] = {
	{ "SELECT path, dev, ino, offset FROM bounce_logs", load_log },
	{ "SELECT minute, delivered, deferred, bounced FROM bounce_buckets"
	  " ORDER BY minute", load_bucket },
	{ "SELECT category, what, ip, first_seen, last_seen, count FROM"
	  " bounce_mentions", load_mention },
};

int
bounce_store_load(sqlite3 *db, struct bounce_follow *f, bool *any, char *err,
    size_t errlen)
{
	*any = false;
	for (size_t i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++) {
		sqlite3_stmt *st;
		int rc;

		if (sqlite3_prepare_v2(db, loaders[i].sql, -1, &st, NULL) !=
		    SQLITE_OK) {
			snprintf(err, errlen, "state database: bounces: %s",
			    sqlite3_errmsg(db));
			return -1;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*any = true;
			if (loaders[i].load(f, st) == -1)
				continue;	/* a text we never store */
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			snprintf(err, errlen, "state database: bounces: %s",
			    sqlite3_errmsg(db));
			return -1;
		}
	}
	return 0;
}

enum put { PUT_LOG, PUT_BUCKET, PUT_MENTION, PUT_N };

static const char *const put_sql[PUT_N] = {
	[PUT_LOG] = "INSERT INTO bounce_logs (path, dev, ino, offset) VALUES"
	    " (?, ?, ?, ?)",
	[PUT_BUCKET] = "INSERT INTO bounce_buckets (minute, delivered, deferred,"
	    " bounced) VALUES (?, ?, ?, ?)",
	[PUT_MENTION] = "INSERT INTO bounce_mentions (category, what, ip,"
	    " first_seen, last_seen, count) VALUES (?, ?, ?, ?, ?, ?)",
};

static int
put_rows(const struct bounce_follow *f, sqlite3_stmt **st, int64_t now)
{
	for (size_t i = 0; i < f->nlogs; i++) {
		const struct bounce_follow_log *l = &f->logs[i];
		sqlite3_bind_text(st[PUT_LOG], 1, l->path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st[PUT_LOG], 2, (int64_t)l->dev);
		sqlite3_bind_int64(st[PUT_LOG], 3, (int64_t)l->ino);
		sqlite3_bind_int64(st[PUT_LOG], 4, (int64_t)l->offset);
		if (sqlite3_step(st[PUT_LOG]) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st[PUT_LOG]);
	}
	for (size_t i = 0; i < f->nbuckets; i++) {
		const struct bounce_bucket *b = &f->buckets[i];
		if (!bounce_follow_bucket_kept(f, b, now))
			continue;
		sqlite3_bind_int64(st[PUT_BUCKET], 1, b->minute);
		sqlite3_bind_int64(st[PUT_BUCKET], 2, (int64_t)b->delivered);
		sqlite3_bind_int64(st[PUT_BUCKET], 3, (int64_t)b->deferred);
		sqlite3_bind_int64(st[PUT_BUCKET], 4, (int64_t)b->bounced);
		if (sqlite3_step(st[PUT_BUCKET]) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st[PUT_BUCKET]);
	}
	for (size_t i = 0; i < f->mentions.cap; i++) {
		const struct bounce_mention *mn = f->mentions.slots[i].val;
		if (f->mentions.slots[i].key == NULL ||
		    !bounce_follow_mention_kept(mn, now))
			continue;
		sqlite3_bind_int(st[PUT_MENTION], 1, (int)mn->cat);
		sqlite3_bind_text(st[PUT_MENTION], 2, mn->what, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st[PUT_MENTION], 3, mn->ip, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st[PUT_MENTION], 4, mn->first_seen);
		sqlite3_bind_int64(st[PUT_MENTION], 5, mn->last_seen);
		sqlite3_bind_int64(st[PUT_MENTION], 6, (int64_t)mn->count);
		if (sqlite3_step(st[PUT_MENTION]) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st[PUT_MENTION]);
	}
	return 0;
}

int
bounce_store_put(sqlite3 *db, const struct bounce_follow *f, int64_t now)
{
	sqlite3_stmt *st[PUT_N] = { NULL };
	int rc = -1;

	if (sqlite3_exec(db, "DELETE FROM bounce_logs; DELETE FROM"
	    " bounce_buckets; DELETE FROM bounce_mentions;", NULL, NULL,
	    NULL) != SQLITE_OK)
		return -1;
	for (size_t i = 0; i < PUT_N; i++)
		if (sqlite3_prepare_v2(db, put_sql[i], -1, &st[i], NULL) !=
		    SQLITE_OK)
			goto done;
	rc = put_rows(f, st, now);
done:
	for (size_t i = 0; i < PUT_N; i++)
		sqlite3_finalize(st[i]);
	return rc;
}
