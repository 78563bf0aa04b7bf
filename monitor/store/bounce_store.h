/*
 * bounce_store.h -- internal to the store: the bounces follower's state
 * (probes/bounces/bounce_follow.h) in the tables bounce_logs,
 * bounce_buckets and bounce_mentions of the state database. The state
 * store calls these inside its own transactions; see state_store.h for
 * the API.
 */
#ifndef SENDWATCH_BOUNCE_STORE_H
#define SENDWATCH_BOUNCE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "probes/bounces/bounce_follow.h"

/*
 * Adds the stored state to f; *any says whether anything was stored.
 * Returns 0, or -1 with the reason in err.
 */
int	bounce_store_load(sqlite3 *, struct bounce_follow *f, bool *any,
	    char *err, size_t errlen);

/*
 * Replaces the stored state with what f holds that is still kept at now
 * (inside the caller's transaction). Returns 0, or -1.
 */
int	bounce_store_put(sqlite3 *, const struct bounce_follow *f,
	    int64_t now);

#endif
