/*
 * log.c -- leveled stderr logging (see log.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "monitor/log.h"

enum log_level { LOG_L_ERR, LOG_L_WARNING, LOG_L_INFO, LOG_L_DEBUG };

static const struct {
	int		 syslog;	/* priority for journald */
	const char	*name;
} log_levels[] = {
	[LOG_L_ERR] = { 3, "error" },
	[LOG_L_WARNING] = { 4, "warning" },
	[LOG_L_INFO] = { 6, "info" },
	[LOG_L_DEBUG] = { 7, "debug" },
};

static int log_verbose;
static bool log_journal;

void
log_init(int verbose)
{
	log_verbose = verbose;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

static void
log_v(enum log_level l, const char *fmt, va_list ap)
{
	if (l == LOG_L_DEBUG && log_verbose == 0)
		return;
	/* one line at a time: the delivery threads log too */
	flockfile(stderr);
	if (log_journal)
		fprintf(stderr, "<%d>", log_levels[l].syslog);
	else
		fprintf(stderr, "sendwatch: %s: ", log_levels[l].name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

#define LOG_FN(fn, level)				\
void							\
fn(const char *fmt, ...)				\
{							\
	va_list ap;					\
	va_start(ap, fmt);				\
	log_v(level, fmt, ap);				\
	va_end(ap);					\
}

LOG_FN(log_err, LOG_L_ERR)
LOG_FN(log_warnx, LOG_L_WARNING)
LOG_FN(log_info, LOG_L_INFO)
LOG_FN(log_debug, LOG_L_DEBUG)
