/*
 * outbox_worker.c -- one delivery thread per sink (see outbox_worker.h).
 * A thread sleeps on a condition variable (monotonic clock) until its
 * sink is due, a kick or a stop. A database error is logged once per
 * distinct message and retried every OUTBOX_WORKER_ERROR_S.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/log.h"
#include "monitor/outbox_worker.h"

/* Longest sleep of an idle sink, and the wait after a database error. */
#define OUTBOX_WORKER_IDLE_S	60
#define OUTBOX_WORKER_ERROR_S	10

struct outbox_worker {
	struct outbox_workers	*all;
	struct outbox_sink	 sink;
	pthread_t		 thread;
	bool			 started;
};

struct outbox_workers {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cond;
	unsigned long		 kicks;		/* under mu */
	atomic_bool		 stop;
	const char		*path;
	outbox_report		 report;
	void			*arg;
	struct outbox_worker	*w;
	size_t			 n;
};

static int64_t
outbox_wall_s(void)
{
	return (int64_t)time(NULL);
}

/* Sleeps until wall time `until` (0: the idle bound), a kick, or stop. */
static void
outbox_worker_sleep(struct outbox_workers *all, unsigned long *seen,
    int64_t until)
{
	int64_t wait_s = until == 0 ? OUTBOX_WORKER_IDLE_S :
	    until - outbox_wall_s();
	struct timespec at;

	if (wait_s > OUTBOX_WORKER_IDLE_S)
		wait_s = OUTBOX_WORKER_IDLE_S;
	if (wait_s <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &at);
	at.tv_sec += wait_s;
	pthread_mutex_lock(&all->mu);
	while (all->kicks == *seen && !atomic_load(&all->stop))
		if (pthread_cond_timedwait(&all->cond, &all->mu, &at) ==
		    ETIMEDOUT)
			break;
	*seen = all->kicks;
	pthread_mutex_unlock(&all->mu);
}

static void *
outbox_worker_main(void *p)
{
	struct outbox_worker *w = p;
	struct outbox_workers *all = w->all;
	struct state_store *st = NULL;
	char err[512], said[512] = "";
	unsigned long seen;

	pthread_mutex_lock(&all->mu);
	seen = all->kicks;
	pthread_mutex_unlock(&all->mu);
	while (!atomic_load(&all->stop)) {
		int64_t next;

		if (st == NULL &&
		    (st = state_store_open(all->path, err, sizeof(err))) == NULL)
			next = -1;
		else
			next = outbox_sink_pass(st, &w->sink, outbox_wall_s,
			    &all->stop, all->report, all->arg, err,
			    sizeof(err));
		if (next < 0) {
			if (strcmp(err, said) != 0)
				log_err("alert %s: %s; retrying every %ds",
				    w->sink.alert->name, err,
				    OUTBOX_WORKER_ERROR_S);
			snprintf(said, sizeof(said), "%s", err);
			next = outbox_wall_s() + OUTBOX_WORKER_ERROR_S;
		} else
			said[0] = '\0';
		outbox_worker_sleep(all, &seen, next);
	}
	state_store_close(st);
	return NULL;
}

void
outbox_carry_free(struct outbox_carry *c)
{
	char id[EVENT_ID_LEN];

	for (size_t i = 0; i < c->n; i++) {
		if (c->sinks[i].unmarked.n > 0)
			log_warnx("alert %s is no longer configured: the delivery"
			    " mark of event %s, kept in memory, is dropped",
			    c->names[i], event_id_text(&c->sinks[i].unmarked.v[0],
			    id));
		outbox_sink_free(&c->sinks[i]);
		free(c->names[i]);
	}
	free(c->names);
	free(c->sinks);
	*c = (struct outbox_carry){ 0 };
}

/* Gives w the mark carried for its sink's name, if any. */
static void
outbox_carry_take(struct outbox_carry *c, struct outbox_worker *w)
{
	for (size_t i = 0; c != NULL && i < c->n; i++) {
		if (strcmp(c->names[i], w->sink.alert->name) != 0)
			continue;
		w->sink.unmarked = c->sinks[i].unmarked;
		w->sink.unmarked_status = c->sinks[i].unmarked_status;
		w->sink.unmarked_at = c->sinks[i].unmarked_at;
		w->sink.unmarked_next_try = c->sinks[i].unmarked_next_try;
		memcpy(w->sink.unmarked_error, c->sinks[i].unmarked_error,
		    sizeof(w->sink.unmarked_error));
		c->sinks[i].unmarked = (struct event_list){ 0 };
	}
}

/* Moves s's mark kept in memory into c. Returns 0, or -1 (no memory). */
static int
outbox_carry_put(struct outbox_carry *c, struct outbox_sink *s)
{
	char **names;
	struct outbox_sink *sinks;
	char *name;

	if ((name = strdup(s->alert->name)) == NULL)
		return -1;
	names = realloc(c->names, (c->n + 1) * sizeof(*names));
	if (names != NULL)
		c->names = names;
	sinks = realloc(c->sinks, (c->n + 1) * sizeof(*sinks));
	if (sinks != NULL)
		c->sinks = sinks;
	if (names == NULL || sinks == NULL) {
		free(name);
		return -1;
	}
	c->names[c->n] = name;
	c->sinks[c->n] = *s;
	c->sinks[c->n].alert = NULL;
	c->n++;
	s->unmarked = (struct event_list){ 0 };
	return 0;
}

struct outbox_workers *
outbox_workers_start(const char *state_path, const struct config *cfg,
    outbox_report report, void *arg, atomic_uint_least64_t *mark_errors,
    struct outbox_carry *carry, char *err, size_t errlen)
{
	struct outbox_workers *all = calloc(1, sizeof(*all));
	pthread_condattr_t ca;
	int rc;

	if (all == NULL || (cfg->nalerts > 0 &&
	    (all->w = calloc(cfg->nalerts, sizeof(*all->w))) == NULL)) {
		free(all);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&all->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&all->cond, &ca);
	pthread_condattr_destroy(&ca);
	atomic_init(&all->stop, false);
	all->path = state_path;
	all->report = report;
	all->arg = arg;
	for (size_t i = 0; i < cfg->nalerts; i++) {
		struct outbox_worker *w = &all->w[i];
		w->all = all;
		w->sink.alert = &cfg->alerts[i];
		w->sink.mark_errors = mark_errors;
		outbox_carry_take(carry, w);
		if ((rc = pthread_create(&w->thread, NULL, outbox_worker_main,
		    w)) != 0) {
			snprintf(err, errlen, "alert %s: cannot start its"
			    " delivery thread: %s", cfg->alerts[i].name,
			    strerror(rc));
			outbox_sink_free(&w->sink);
			outbox_workers_stop(all, carry);
			if (carry != NULL)
				outbox_carry_free(carry);
			return NULL;
		}
		w->started = true;
		all->n = i + 1;
	}
	if (carry != NULL)
		outbox_carry_free(carry);
	return all;
}

void
outbox_workers_kick(struct outbox_workers *all)
{
	if (all == NULL)
		return;
	pthread_mutex_lock(&all->mu);
	all->kicks++;
	pthread_cond_broadcast(&all->cond);
	pthread_mutex_unlock(&all->mu);
}

void
outbox_workers_stop(struct outbox_workers *all, struct outbox_carry *carry)
{
	char id[EVENT_ID_LEN];

	if (all == NULL)
		return;
	pthread_mutex_lock(&all->mu);
	atomic_store(&all->stop, true);
	pthread_cond_broadcast(&all->cond);
	pthread_mutex_unlock(&all->mu);
	for (size_t i = 0; i < all->n; i++) {
		struct outbox_sink *sink = &all->w[i].sink;
		if (all->w[i].started)
			pthread_join(all->w[i].thread, NULL);
		if (sink->unmarked.n > 0 && (carry == NULL ||
		    outbox_carry_put(carry, sink) == -1))
			log_warnx("alert %s: the delivery mark of event %s, kept"
			    " in memory, is dropped unwritten",
			    sink->alert->name, event_id_text(&sink->unmarked.v[0],
			    id));
		outbox_sink_free(sink);
	}
	pthread_cond_destroy(&all->cond);
	pthread_mutex_destroy(&all->mu);
	free(all->w);
	free(all);
}
