/*
 * run_state.c -- the state file of `sendwatch run` and its faults (see
 * run_state.h). SQLite's messages are stable texts; a table turns them
 * into what the user should know.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/log.h"
#include "monitor/run_state.h"

static const struct {
	const char	*sqlite_says;	/* part of SQLite's message */
	const char	*condition;	/* what the user is told */
} run_state_faults[] = {
	{ "database or disk is full", "the disk is full" },
	{ "readonly database", "the file or its directory is read-only" },
	{ "file is not a database", "the file is not a database (replaced"
	    " or overwritten)" },
	{ "malformed", "the file is damaged" },
	{ "unable to open", "the file cannot be opened or created" },
	{ "disk I/O error", "a disk I/O error" },
};

/* Counts a fault and logs it when it is not the condition already said. */
static void
run_state_fault(struct run_state *rs, const char *err)
{
	const char *what = NULL;
	char cond[sizeof(rs->condition)];

	rs->errors++;
	for (size_t i = 0; i < sizeof(run_state_faults) /
	    sizeof(run_state_faults[0]) && what == NULL; i++)
		if (strstr(err, run_state_faults[i].sqlite_says) != NULL)
			what = run_state_faults[i].condition;
	snprintf(cond, sizeof(cond), "state file %s: %s", rs->path,
	    what != NULL ? what : err);
	if (strcmp(cond, rs->condition) == 0) {
		log_debug("%s (again: %s)", cond, err);
		return;
	}
	snprintf(rs->condition, sizeof(rs->condition), "%s", cond);
	log_err("%s (%s): nothing is stored until this is fixed; retried"
	    " each cycle, said again only when it changes", cond, err);
}

static int
run_state_stat(struct run_state *rs)
{
	struct stat sb;

	if (stat(rs->path, &sb) == -1)
		return -1;
	rs->dev = sb.st_dev;
	rs->ino = sb.st_ino;
	return 0;
}

int
run_state_open(struct run_state *rs, const char *path, char *err,
    size_t errlen)
{
	rs->path = path;
	if ((rs->st = state_store_open(path, err, errlen)) == NULL)
		return -1;
	if (run_state_stat(rs) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		state_store_close(rs->st);
		rs->st = NULL;
		return -1;
	}
	return 0;
}

/* Whether the file at path is still the one open. */
static bool
run_state_same(struct run_state *rs, bool *gone)
{
	struct stat sb;

	*gone = false;
	if (stat(rs->path, &sb) == -1) {
		*gone = errno == ENOENT;
		return false;
	}
	return sb.st_dev == rs->dev && sb.st_ino == rs->ino;
}

/*
 * Removes the write-ahead log and shared-memory index the old file left
 * at path-wal and path-shm: SQLite would read the old file's pages from
 * them into the new one (and write them over a file put in its place).
 */
static void
run_state_drop_old_log(const struct run_state *rs)
{
	static const char *const suffixes[] = { "-wal", "-shm" };
	char p[4096];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if ((size_t)snprintf(p, sizeof(p), "%s%s", rs->path,
		    suffixes[i]) < sizeof(p) && unlink(p) == 0)
			log_warnx("%s: removed, it belonged to the state file"
			    " that is gone", p);
}

int
run_state_check(struct run_state *rs, void (*close_others)(void *),
    void *arg)
{
	char err[512];
	bool gone, changed = false;

	if (rs->st != NULL) {
		if (run_state_same(rs, &gone))
			return 0;
		changed = true;
		rs->errors++;
		log_warnx("state file %s was %s while the service ran: it is"
		    " not written to any more; %s", rs->path, gone ?
		    "removed" : "replaced", gone ? "a new one is created (what"
		    " the old one held is gone: findings start again from a"
		    " baseline, undelivered events are lost)" :
		    "opening the file that is there now");
	}
	close_others(arg);
	state_store_close(rs->st);
	rs->st = NULL;
	if (changed)
		run_state_drop_old_log(rs);
	if ((rs->st = state_store_open(rs->path, err, sizeof(err))) == NULL ||
	    run_state_stat(rs) == -1) {
		if (rs->st == NULL)
			run_state_fault(rs, err);
		else
			run_state_fault(rs, strerror(errno));
		state_store_close(rs->st);
		rs->st = NULL;
		return -1;
	}
	log_info("state file %s opened afresh", rs->path);
	rs->condition[0] = '\0';
	return 1;
}

void
run_state_failed(struct run_state *rs, const char *err)
{
	run_state_fault(rs, err);
	/* a failed write may have grown the log: give the space back */
	if (rs->st != NULL)
		state_store_checkpoint(rs->st);
}

void
run_state_written(struct run_state *rs)
{
	if (rs->condition[0] == '\0')
		return;
	log_info("%s: resolved, the state is stored again", rs->condition);
	rs->condition[0] = '\0';
}

void
run_state_close(struct run_state *rs)
{
	state_store_close(rs->st);
	rs->st = NULL;
}
