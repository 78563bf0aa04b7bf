/*
 * startup_run.c -- start-to-exit cost of several commands, side by side:
 * runs each command N times, round robin (so a change in the machine's
 * load hits every command alike), and prints per command the median and
 * the lowest CPU time (user + system, from wait4's rusage: the child and
 * everything it ran) and the median wall time, in milliseconds.
 *
 *   build/bench/startup_run N :: LABEL CMD [ARG...] :: LABEL CMD ... 
 *
 * Each command's standard output and error go to /dev/null; it must exit
 * with the same status every time (the first run's), else the run fails:
 * a timing of a command that failed half the time means nothing.
 * Output, one line per command: "LABEL cpu_median cpu_min wall_median".
 * Exit status 0, or 1 with a message on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS_MAX	1000	/* bounds N: the bench must end */
#define CMDS_MAX	16

struct timed_cmd {
	const char	*label;
	char		**argv;		/* NULL-terminated, inside main's argv */
	int		 status;	/* of the first run */
	double		*cpu_ms;
	double		*wall_ms;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n-1]; sorts v. */
static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Runs c once; stores its CPU and wall time in slot i. Returns 0, or -1
 * with a message on stderr.
 */
static int
run_once(struct timed_cmd *c, int i)
{
	struct rusage ru;
	double t0, t1;
	pid_t pid;
	int status;

	t0 = now_ms();
	if ((pid = fork()) == -1) {
		fprintf(stderr, "startup_run: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, "startup_run: wait4: %s\n",
			    strerror(errno));
			return -1;
		}
	}
	t1 = now_ms();
	status = WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
	if (i == 0)
		c->status = status;
	else if (status != c->status) {
		fprintf(stderr, "startup_run: %s: run %d exited %d, the first"
		    " %d\n", c->label, i + 1, status, c->status);
		return -1;
	}
	if (status == 127) {
		fprintf(stderr, "startup_run: %s: cannot run %s\n", c->label,
		    c->argv[0]);
		return -1;
	}
	c->cpu_ms[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	c->wall_ms[i] = t1 - t0;
	return 0;
}

int
main(int argc, char **argv)
{
	struct timed_cmd cmds[CMDS_MAX];
	int ncmds = 0, runs, rc = 0;
	char *end;
	long n;

	if (argc < 5 || strcmp(argv[2], "::") != 0) {
		fprintf(stderr, "usage: startup_run N :: LABEL CMD [ARG...]"
		    " [:: LABEL CMD ...]\n");
		return 1;
	}
	n = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || n < 1 || n > RUNS_MAX) {
		fprintf(stderr, "startup_run: N %s: expected 1 to %d\n",
		    argv[1], RUNS_MAX);
		return 1;
	}
	runs = (int)n;
	/* Split argv at "::" in place: each "::" after a command becomes NULL. */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "::") != 0)
			continue;
		argv[i] = NULL;
		if (i + 2 >= argc || strcmp(argv[i + 1], "::") == 0 ||
		    strcmp(argv[i + 2], "::") == 0) {
			fprintf(stderr, "startup_run: a \"::\" must be followed"
			    " by LABEL CMD\n");
			return 1;
		}
		if (ncmds == CMDS_MAX) {
			fprintf(stderr, "startup_run: at most %d commands\n",
			    CMDS_MAX);
			return 1;
		}
		cmds[ncmds] = (struct timed_cmd){ .label = argv[i + 1],
		    .argv = argv + i + 2 };
		cmds[ncmds].cpu_ms = calloc((size_t)runs, sizeof(double));
		cmds[ncmds].wall_ms = calloc((size_t)runs, sizeof(double));
		if (cmds[ncmds].cpu_ms == NULL || cmds[ncmds].wall_ms == NULL) {
			fprintf(stderr, "startup_run: out of memory\n");
			return 1;
		}
		ncmds++;
	}
	for (int i = 0; i < runs && rc == 0; i++)
		for (int k = 0; k < ncmds && rc == 0; k++)
			rc = run_once(&cmds[k], i);
	for (int k = 0; k < ncmds; k++) {
		if (rc == 0) {
			double med = median(cmds[k].cpu_ms, runs);

			printf("%s %.2f %.2f %.2f\n", cmds[k].label, med,
			    cmds[k].cpu_ms[0], median(cmds[k].wall_ms, runs));
		}
		free(cmds[k].cpu_ms);
		free(cmds[k].wall_ms);
	}
	return rc == 0 ? 0 : 1;
}
