/*
 * cmd_run.c -- "sendwatch run": the service. A foreground process for
 * systemd (Type=notify): it checks on the [schedule], keeps state in the
 * SQLite file of [general] state, turns changes into events (one
 * transaction per cycle, or per batch of a large sweep: run_store.h)
 * and delivers them from the outbox. SIGTERM during a cycle stops its
 * DNS work at once and stores only the results that are whole.
 *
 * The loop is one ppoll() that sleeps until the earliest deadline: the
 * next probe run (interval plus random jitter) or the next watchdog
 * ping. Alerts are delivered beside it, one thread per sink
 * (outbox_worker.h), woken after each stored cycle: a slow receiver
 * never delays a cycle. Signals stay blocked except inside ppoll, and
 * are also picked up between probes: SIGHUP re-reads the config (a
 * broken one is reported and the old one kept), SIGTERM/SIGINT end the
 * loop after the current write; exit status 0. A lock file next to the
 * state file (flock) keeps a second instance out.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "probes/dns/dns.h"
#include "monitor/cmd.h"
#include "monitor/config_load.h"
#include "monitor/engine.h"
#include "monitor/http/http_server.h"
#include "monitor/log.h"
#include "monitor/outbox.h"
#include "monitor/outbox_worker.h"
#include "monitor/run_metrics.h"
#include "monitor/run_probes.h"
#include "monitor/run_state.h"
#include "monitor/run_store.h"
#include "monitor/sd_notify.h"
#include "monitor/store/state_store.h"
#include "probes/dnsbl/dnsbl_probe.h"

/* Bound on one cycle's DNS work. */
#define RUN_CYCLE_MAX_S	600

struct run {
	struct cmd_globals	*g;
	struct config		*cfg;
	char			*state_path;	/* as opened; kept on reload */
	struct run_state	 state;		/* the store and its health */
	struct outbox_workers	*deliver;	/* the sinks' threads */
	/* delivery marks the database refused (counted by those threads) */
	atomic_uint_least64_t	 mark_errors;
	struct outbox_carry	 carry;		/* their marks across a reload */
	int			 lock_fd;
	struct run_probe	 groups[RUN_MAX_GROUPS];	/* the schedule */
	size_t			 ngroups;
	uint64_t		*due;		/* per groups[i], monotonic ms; 0: off */
	uint64_t		 watchdog_ms;	/* 0: none */
	uint64_t		 watchdog_due;
	bool			 term;
	bool			 hup;
	unsigned long		 cycles;
	struct http_snapshot	 snap;		/* what [http] serves */
	struct http_server	*http;		/* NULL: no [http] listen */
	const char		*problem;	/* the last cycle's, or NULL */
};

static int64_t
wall_s(void)
{
	return (int64_t)time(NULL);
}

static void	run_start_delivery(struct run *);
static void	run_stop_delivery(void *);

/* Set by the handler, which runs only inside ppoll (signals are blocked
 * everywhere else). */
static volatile sig_atomic_t run_got_hup, run_got_term;

static void
run_handler(int sig)
{
	if (sig == SIGHUP)
		run_got_hup = 1;
	else
		run_got_term = 1;
}

/* Collects signals: caught in ppoll, or pending while blocked. */
static void
run_take_signals(struct run *r)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t set;
	int sig;

	if (run_got_hup) {
		run_got_hup = 0;
		r->hup = true;
	}
	if (run_got_term) {
		run_got_term = 0;
		r->term = true;
	}

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	while ((sig = sigtimedwait(&set, NULL, &zero)) > 0) {
		if (sig == SIGHUP)
			r->hup = true;
		else
			r->term = true;
	}
}

static bool
run_stopping(void *arg)
{
	struct run *r = arg;

	run_take_signals(r);
	return r->term;
}

static uint64_t
run_jitter(const struct config *cfg)
{
	uint64_t j = cfg->schedule.jitter_ms;

	if (j == 0)
		return 0;
	return j > UINT32_MAX ? arc4random() : arc4random_uniform((uint32_t)j + 1);
}

/*
 * Takes the lock next to the state file. Returns 0, or -1 with the
 * reason printed (another instance, or the directory is not writable).
 */
static int
run_lock(struct run *r)
{
	char path[4096], pid[32];
	ssize_t n;

	snprintf(path, sizeof(path), "%s.lock", r->state_path);
	if ((r->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		log_err("%s: %s (the directory of [general] state must exist"
		    " and be writable)", path, strerror(errno));
		return -1;
	}
	if (flock(r->lock_fd, LOCK_EX | LOCK_NB) == -1) {
		n = pread(r->lock_fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		log_err("another sendwatch run%s%s%s is using %s; stop it"
		    " first (lock %s)", pid[0] ? " (pid " : "", pid,
		    pid[0] ? ")" : "", r->state_path, path);
		return -1;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(r->lock_fd, 0) == -1 ||
	    pwrite(r->lock_fd, pid, (size_t)n, 0) != n)
		log_warnx("%s: cannot write the pid: %s", path, strerror(errno));
	return 0;
}

static struct config *
run_load_config(struct run *r)
{
	struct cfg_errors errs = { 0 };
	struct config *cfg;

	cfg = config_load_checked(r->g->config_path, !r->g->config_given,
	    &errs);
	for (size_t i = 0; i < errs.n; i++)
		log_err("%s", errs.v[i]);
	if (cfg != NULL && errs.n > 0) {
		cfg_free(cfg);
		cfg = NULL;
	}
	cfg_errors_free(&errs);
	return cfg;
}

static void
run_schedule_all(struct run *r, uint64_t now)
{
	for (size_t i = 0; i < r->ngroups; i++)
		r->due[i] = run_probe_wanted(&r->groups[i], r->cfg) ? now : 0;
}

/* Says so when no probe is wanted: the config as packaged watches
 * nothing, and the service idles until targets are added and it is
 * reloaded. Returns whether it is idle. */
static bool
run_note_idle(const struct run *r)
{
	for (size_t i = 0; i < r->ngroups; i++)
		if (r->due[i] != 0)
			return false;
	log_info("nothing to watch: %s names no targets, domains, reports or"
	    " bounces; add some, then reload (systemctl reload sendwatch)",
	    r->g->config_path);
	return true;
}

/* Whether [http] differs: the server keeps what it started with. */
static bool
run_http_changed(const struct cfg_http *a, const struct cfg_http *b)
{
	static const size_t texts[] = { offsetof(struct cfg_http, token),
	    offsetof(struct cfg_http, tls_cert),
	    offsetof(struct cfg_http, tls_key) };

	if (a->listen.set != b->listen.set || a->listen.port != b->listen.port ||
	    memcmp(&a->listen.addr, &b->listen.addr, sizeof(a->listen.addr)))
		return true;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *x, *y;
		memcpy(&x, (const char *)a + texts[i], sizeof(x));
		memcpy(&y, (const char *)b + texts[i], sizeof(y));
		if ((x == NULL) != (y == NULL) || (x != NULL && strcmp(x, y)))
			return true;
	}
	return false;
}

/* SIGHUP: the new config, or the old one kept when the new one is broken. */
static void
run_reload(struct run *r)
{
	struct config *cfg;
	uint64_t now = dns_now_ms();

	sdn_notify("RELOADING=1");
	log_info("reloading %s", r->g->config_path);
	if ((cfg = run_load_config(r)) == NULL) {
		log_err("%s is broken: keeping the configuration loaded before",
		    r->g->config_path);
		sdn_notify("READY=1\nSTATUS=reload failed, old configuration kept");
		return;
	}
	if (cfg->general.state == NULL ||
	    strcmp(cfg->general.state, r->state_path) != 0)
		log_warnx("state = changed: still using %s until a restart",
		    r->state_path);
	if (run_http_changed(&r->cfg->http, &cfg->http))
		log_warnx("[http] changed: still serving as started until a "
		    "restart");
	/* the delivery threads borrow the config: stop them first (the
	 * marks they keep in memory go to the new ones) */
	outbox_workers_stop(r->deliver, &r->carry);
	r->deliver = NULL;
	cfg_free(r->cfg);
	r->cfg = cfg;
	run_start_delivery(r);
	/* new intervals apply from now; a probe newly configured runs now */
	for (size_t i = 0; i < r->ngroups; i++) {
		uint64_t at = now + run_probe_interval(&r->groups[i], cfg);
		if (!run_probe_wanted(&r->groups[i], cfg))
			r->due[i] = 0;
		else if (r->due[i] == 0)
			r->due[i] = now;
		else if (r->due[i] > at)
			r->due[i] = at;
	}
	log_info("configuration reloaded");
	sdn_notify(run_note_idle(r) ?
	    "READY=1\nSTATUS=idle: nothing to watch in the configuration" :
	    "READY=1\nSTATUS=configuration reloaded");
}

/* Logs a delivery attempt (called from the sinks' threads). */
static void
run_report(void *arg, const struct cfg_alert *a, const struct event_list *ev,
    const struct alert_outcome *out, int64_t next_try)
{
	char id[EVENT_ID_LEN];

	(void)arg;
	event_id_text(&ev->v[0], id);
	if (out->result == ALERT_SENT)
		log_info("alert %s: delivered %zu event%s (first id %s)",
		    a->name, ev->n, ev->n == 1 ? "" : "s", id);
	else if (out->result == ALERT_REFUSED)
		log_err("alert %s: event %s refused for good: %s", a->name,
		    id, out->error);
	else
		log_warnx("alert %s: event %s not delivered (%s); next try"
		    " in %llds", a->name, id, out->error,
		    (long long)(next_try - wall_s()));
}

/* Stops the sinks' delivery threads (and their database connections). */
static void
run_stop_delivery(void *arg)
{
	struct run *r = arg;

	outbox_workers_stop(r->deliver, NULL);
	r->deliver = NULL;
}

/* An outbox sink the configuration no longer has: said at start and
 * reload, as nothing else would tell (its rows wait for good). */
static void
run_note_orphan(void *arg, const char *sink, int64_t n)
{
	const struct run *r = arg;

	if (cfg_alert_named(r->cfg, sink) != NULL)
		return;
	log_warnx("alert %s: %lld event%s wait%s for it, but %s has no"
	    " [alert %s] any more (removed or renamed): they are not"
	    " delivered, nor counted in sendwatch_outbox_backlog; put the"
	    " section back to deliver them", sink, (long long)n, n == 1 ?
	    "" : "s", n == 1 ? "s" : "", r->g->config_path, sink);
}

/* Starts the sinks' delivery threads; a failure is logged, and the
 * outbox keeps the events for the next start. */
static void
run_start_delivery(struct run *r)
{
	char err[512];

	if ((r->deliver = outbox_workers_start(r->state_path, r->cfg,
	    run_report, r, &r->mark_errors, &r->carry, err, sizeof(err))) ==
	    NULL)
		log_err("%s", err);
	if (r->state.st != NULL)
		state_store_outbox_backlog(r->state.st, run_note_orphan, r);
}

/* engine.queries_today: a zone's DNSBL queries so far today. */
static int
run_queries_today(void *arg, const char *zone, uint64_t *n)
{
	struct run *r = arg;
	char err[512];

	if (state_store_queries_today(r->state.st, zone, wall_s(), n, err,
	    sizeof(err)) == -1) {
		log_err("%s", err);
		return -1;
	}
	return 0;
}

/*
 * The bounces follower's state for a cycle that runs the bounces probe
 * (the text file of earlier versions, STATE.bounces, is taken over
 * once). Returns f, or NULL when it is not needed; a state that cannot
 * be read is logged and the follower starts from the current logs.
 */
static struct bounce_follow *
run_bounces_state(struct run *r, struct bounce_follow *f)
{
	char legacy[4096], err[512];

	bounce_follow_init(f);
	if (r->cfg->bounces.nlogs == 0)
		return NULL;
	if ((size_t)snprintf(legacy, sizeof(legacy), "%s.bounces",
	    r->state_path) >= sizeof(legacy))
		legacy[0] = '\0';
	if (state_store_bounces_load(r->state.st, legacy[0] ? legacy : NULL, f, err,
	    sizeof(err)) == -1) {
		log_err("%s; starting from the current logs", err);
		bounce_follow_free(f);
		bounce_follow_init(f);
	}
	return f;
}

/*
 * The resolver was stopped (SIGTERM) while group p ran: only whole
 * results are stored. The DNSBL probe left out what it had no answers
 * for itself; any other probe's findings since before are dropped, as
 * their lookups were cut short. Returns true (the cycle ends here).
 */
static bool
run_cut_stopped(const struct run_probe *p, struct engine *e, size_t before)
{
	if (p->mask & ENGINE_BIT(&probe_dnsbl)) {
		log_info("stopping: %zu DNSBL results of this cycle were not "
		    "complete and are not stored", e->dnsbl_stats.cut);
		return true;
	}
	log_info("stopping: the %s results of this cycle were not complete "
	    "and are not stored", p->name);
	finding_list_truncate(&e->findings, before);
	return true;
}

/* Runs every probe that is due, as one cycle. */
static void
run_cycle(struct run *r, uint64_t now)
{
	struct engine e;
	struct bounce_follow bounces;
	bool any = false;
	uint64_t started = dns_now_ms();
	struct run_store rs;
	size_t before;

	/* never a cycle into a file removed or replaced meanwhile */
	switch (run_state_check(&r->state, run_stop_delivery, r)) {
	case 1:
		run_start_delivery(r);
		break;
	case -1:
		r->problem = r->state.condition;
		for (size_t i = 0; i < r->ngroups; i++)
			if (r->due[i] != 0 && r->due[i] <= now)
				r->due[i] = now + run_probe_interval(&r->groups[i],
				    r->cfg);
		return;
	}
	if (engine_open_config(&e, r->cfg, r->g, RUN_CYCLE_MAX_S) == -1) {
		log_err("cannot start a cycle (see above); next try in 60s");
		r->problem = "a cycle could not start (see the log)";
		for (size_t i = 0; i < r->ngroups; i++)
			if (r->due[i] != 0 && r->due[i] <= now)
				r->due[i] = now + 60000;
		return;
	}
	r->cycles++;
	/* SIGTERM during the cycle ends its DNS work within ~100 ms. */
	dns_set_stop(e.resolver, run_stopping, r);
	/* A large sweep is stored batch by batch (run_store.h). */
	if (run_store_begin(&rs, &r->state, r->cfg, wall_s()) == 0) {
		e.flush = run_store_flush;
		e.flush_arg = &rs;
		e.batch_targets = RUN_STORE_BATCH_TARGETS;
	} else
		rs.failed = true;
	e.queries_today = run_queries_today;
	e.queries_arg = r;
	e.bounces = run_bounces_state(r, &bounces);
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct run_probe *p = &r->groups[i];
		if (r->due[i] == 0 || r->due[i] > now)
			continue;
		/* SIGTERM: store what ran, start nothing new */
		if (run_stopping(r))
			break;
		r->due[i] = now + run_probe_interval(p, r->cfg) + run_jitter(r->cfg);
		log_debug("running %s", p->name);
		before = e.findings.n;
		if (run_probe_run(p, &e) == -1)
			log_err("%s: the probe failed (see above)", p->name);
		else
			any = true;
		if (dns_stopped(e.resolver) && run_cut_stopped(p, &e, before))
			break;
	}
	r->problem = NULL;
	if (any && run_store_commit(&rs, &e, r->cycles) == 0)
		outbox_workers_kick(r->deliver);
	else if (any || rs.failed)
		r->problem = r->state.condition[0] != '\0' ?
		    r->state.condition :
		    "the last cycle could not be stored (see the log)";
	/* also after a failed write: /metrics shows the state errors */
	if (any)
		run_metrics_write(r->cfg, r->state.st, &e,
		    (double)(dns_now_ms() - started) / 1000.0,
		    r->state.errors + atomic_load(&r->mark_errors),
		    r->http != NULL ? &r->snap : NULL);
	run_store_end(&rs);
	engine_close(&e);
	bounce_follow_free(&bounces);
}

static int
run_timeout(struct run *r)
{
	uint64_t now = dns_now_ms(), wake = UINT64_MAX;

	for (size_t i = 0; i < r->ngroups; i++)
		if (r->due[i] != 0 && r->due[i] < wake)
			wake = r->due[i];
	if (r->watchdog_ms != 0 && r->watchdog_due < wake)
		wake = r->watchdog_due;
	if (wake == UINT64_MAX)
		return -1;
	if (wake <= now)
		return 0;
	return wake - now > 3600000 ? 3600000 : (int)(wake - now);
}

/* Tells /healthz by when the next cycle must have finished. */
static void
run_publish_schedule(struct run *r)
{
	uint64_t first = 0;
	bool idle = true;

	if (r->http == NULL)
		return;
	for (size_t i = 0; i < r->ngroups; i++)
		if (r->due[i] != 0) {
			idle = false;
			if (first == 0 || r->due[i] < first)
				first = r->due[i];
		}
	http_snapshot_schedule(&r->snap, first == 0 ? 0 : first +
	    RUN_CYCLE_MAX_S * 1000ULL, idle, r->problem);
}

static void
run_loop(struct run *r)
{
	sigset_t none;

	sigemptyset(&none);
	while (!r->term) {
		uint64_t now = dns_now_ms();
		bool due = false;
		int ms;

		if (r->hup) {
			r->hup = false;
			run_reload(r);
			continue;
		}
		if (r->watchdog_ms != 0 && r->watchdog_due <= now) {
			sdn_notify("WATCHDOG=1");
			r->watchdog_due = now + r->watchdog_ms / 2;
		}
		for (size_t i = 0; i < r->ngroups; i++)
			due |= r->due[i] != 0 && r->due[i] <= now;
		if (due) {
			run_cycle(r, now);
			run_take_signals(r);
			continue;
		}
		run_publish_schedule(r);
		ms = run_timeout(r);
		if (ms > 0) {
			struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
			/* signals are delivered only here (and taken below) */
			if (ppoll(NULL, 0, &ts, &none) == -1 && errno != EINTR)
				log_warnx("ppoll: %s", strerror(errno));
		} else if (ms < 0) {
			if (ppoll(NULL, 0, NULL, &none) == -1 && errno != EINTR)
				log_warnx("ppoll: %s", strerror(errno));
		}
		run_take_signals(r);
	}
}

static int
run_usage(FILE *fp)
{
	fprintf(fp, "usage: sendwatch run [-c FILE] [--verbose]\n"
	    "  Runs the service in the foreground (for systemd Type=notify):\n"
	    "  checks on [schedule], stores state in [general] state, alerts on\n"
	    "  changes. SIGHUP re-reads the config, SIGTERM stops.\n");
	return fp == stdout ? 0 : 2;
}

static int
cmd_run_exec(struct cmd_globals *g, int argc, char **argv)
{
	struct run r = { .g = g, .lock_fd = -1 };
	struct sigaction sa = { .sa_handler = run_handler };
	sigset_t block;
	static const struct option run_options[] = { CMD_GLOBAL_OPTIONS };
	struct cmd_opts p = { g, argc, argv, ":c:hv", run_options, true,
	    false };
	char err[512];
	int status = 1, opt;

	while ((opt = cmd_getopt(&p)) != -1) {
		if (opt == CMD_OPT_ERROR)
			return 2;
		if (opt == 'h')
			return run_usage(stdout);
		fprintf(stderr, "sendwatch run: unknown argument %s\n",
		    cmd_bad_option(argv, opt, err, sizeof(err)));
		return run_usage(stderr);
	}
	if (optind < argc) {
		fprintf(stderr, "sendwatch run: unknown argument %s\n",
		    argv[optind]);
		return run_usage(stderr);
	}
	log_init(g->verbose);
	http_snapshot_init(&r.snap);
	/* blocked everywhere but in ppoll; threads inherit this mask */
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((r.cfg = run_load_config(&r)) == NULL) {
		log_err("%s: cannot start with this configuration (see"
		    " `sendwatch config check -c %s`)", g->config_path,
		    g->config_path);
		return 2;
	}
	if (r.cfg->general.state == NULL ||
	    (r.state_path = strdup(r.cfg->general.state)) == NULL) {
		log_err("%s: [general] state is not set", g->config_path);
		goto done;
	}
	if (run_lock(&r) == -1)
		goto done;
	if (run_state_open(&r.state, r.state_path, err, sizeof(err)) == -1) {
		log_err("%s", err);
		goto done;
	}
	r.ngroups = run_probes_init(r.groups, RUN_MAX_GROUPS);
	if ((r.due = calloc(r.ngroups, sizeof(*r.due))) == NULL) {
		log_err("out of memory");
		goto done;
	}
	run_schedule_all(&r, dns_now_ms());
	if (r.cfg->http.listen.set) {
		if ((r.http = http_server_start(r.cfg, g, &r.snap,
		    r.state_path, err, sizeof(err))) == NULL) {
			log_err("%s", err);
			goto done;
		}
		log_info("serving HTTP%s on port %u", r.cfg->http.tls_cert ?
		    "S" : "", (unsigned)r.cfg->http.listen.port);
	}
	r.watchdog_ms = sdn_watchdog_ms();
	r.watchdog_due = dns_now_ms();
	log_info("started: state %s, %zu alert sink%s", r.state_path,
	    r.cfg->nalerts, r.cfg->nalerts == 1 ? "" : "s");
	run_start_delivery(&r);
	sdn_notify(run_note_idle(&r) ?
	    "READY=1\nSTATUS=idle: nothing to watch in the configuration" :
	    "READY=1\nSTATUS=running");
	run_loop(&r);
	sdn_notify("STOPPING=1");
	outbox_workers_stop(r.deliver, NULL);
	r.deliver = NULL;
	log_info("stopping after %lu cycle%s", r.cycles, r.cycles == 1 ? "" :
	    "s");
	status = 0;
done:
	outbox_workers_stop(r.deliver, NULL);
	outbox_carry_free(&r.carry);
	http_server_stop(r.http);
	http_snapshot_free(&r.snap);
	run_state_close(&r.state);
	if (r.lock_fd != -1)
		close(r.lock_fd);	/* releases the lock */
	cfg_free(r.cfg);
	free(r.state_path);
	free(r.due);
	return status;
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "[-c FILE] [--verbose]",
	.help = "the service: check on a schedule, store state, alert on changes",
	.exec = cmd_run_exec,
};
