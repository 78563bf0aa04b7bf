/*
 * http_snapshot.c -- the hand-over between the run loop and the HTTP
 * threads (see http_snapshot.h): strings swapped under a mutex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/http/http_snapshot.h"

void
http_snapshot_init(struct http_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
}

void
http_snapshot_free(struct http_snapshot *s)
{
	free(s->metrics);
	free(s->findings);
	pthread_mutex_destroy(&s->mu);
}

void
http_snapshot_publish(struct http_snapshot *s, char *metrics, char *findings,
    int64_t cycle_wall)
{
	char *old_m = NULL, *old_f = NULL;

	pthread_mutex_lock(&s->mu);
	if (metrics != NULL) {
		old_m = s->metrics;
		s->metrics = metrics;
	}
	if (findings != NULL) {
		old_f = s->findings;
		s->findings = findings;
	}
	s->last_cycle = cycle_wall;
	pthread_mutex_unlock(&s->mu);
	free(old_m);
	free(old_f);
}

void
http_snapshot_schedule(struct http_snapshot *s, uint64_t overdue_at,
    bool idle, const char *problem)
{
	pthread_mutex_lock(&s->mu);
	s->overdue_at = overdue_at;
	s->idle = idle;
	snprintf(s->problem, sizeof(s->problem), "%s",
	    problem != NULL ? problem : "");
	pthread_mutex_unlock(&s->mu);
}

char *
http_snapshot_copy(struct http_snapshot *s, char *const *which)
{
	char *copy = NULL;

	pthread_mutex_lock(&s->mu);
	if (*which != NULL)
		copy = strdup(*which);
	pthread_mutex_unlock(&s->mu);
	return copy;
}

