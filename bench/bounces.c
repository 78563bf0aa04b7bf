/*
 * bounces.c -- "sendwatch bounces" against the hardware limit: writes a
 * Postfix log of the given size (a realistic mix: seven lines per
 * message, 94% sent, 3% deferred, 3% bounced with receivers' real
 * wordings, ~200 recipient domains), then times `grep -c 'status='` and
 * `sendwatch bounces --json` on it (best of three each, page cache warm)
 * and prints both and the ratio. The issue asks for at least half of
 * grep's speed (ratio >= 0.5). The file is deleted at the end.
 *
 *   build/bench/bounces [-s SIZE_MB] [-d DIR] [-b SENDWATCH]
 *
 * SIZE_MB defaults to 1024 (at most 1024), DIR to /tmp, SENDWATCH to
 * ./sendwatch.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BENCH_MAX_MB	1024

static const char *const bench_replies_bounced[] = {
	"host mx.%s[192.0.2.25] said: 550 5.1.1 <%s>: Recipient address"
	" rejected: User unknown in virtual alias table (in reply to RCPT TO"
	" command)",
	"host mx.%s[192.0.2.25] said: 550-5.1.1 The email account that you"
	" tried to reach does not exist. Please try 550-5.1.1 double-checking"
	" the recipient's email address for typos. <%s> - gsmtp (in reply to"
	" RCPT TO command)",
	"host mx.%s[192.0.2.25] said: 554 5.7.1 Service unavailable; Client"
	" host [192.0.2.10] blocked using zen.spamhaus.org; https://www."
	"spamhaus.org/query/ip/192.0.2.10 <%s> (in reply to RCPT TO command)",
	"host mx.%s[192.0.2.25] said: 550 5.7.26 Unauthenticated email is not"
	" accepted due to domain's DMARC policy <%s> (in reply to end of DATA"
	" command)",
	"host mx.%s[192.0.2.25] said: 552 5.2.2 <%s>: Mailbox full (in reply"
	" to RCPT TO command)",
};

static const char *const bench_replies_deferred[] = {
	"host mx.%s[192.0.2.25] said: 451 4.7.1 <%s>: Recipient address"
	" rejected: Greylisted, see http://postgrey.schweikert.ch/help/ (in"
	" reply to RCPT TO command)",
	"host mx.%s[192.0.2.25] said: 421 4.7.0 [TSS04] Messages from"
	" 192.0.2.10 temporarily deferred due to unexpected volume or user"
	" complaints <%s> (in reply to MAIL FROM command)",
	"connect to mx.%s[192.0.2.25]:25: Connection timed out <%s>",
};

static uint64_t bench_rng = 88172645463325252ULL;

static uint64_t
bench_rand(void)
{
	bench_rng ^= bench_rng << 13;
	bench_rng ^= bench_rng >> 7;
	bench_rng ^= bench_rng << 17;
	return bench_rng;
}

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Writes about size bytes of log to path. Returns the bytes or -1. */
static long long
bench_generate(const char *path, long long size, long long *status_lines)
{
	FILE *fp = fopen(path, "w");
	long long written = 0;
	char rcpt[128], domain[64], reply[768], line[2048];
	unsigned sec = 0;

	if (fp == NULL) {
		fprintf(stderr, "bounces: %s: %s\n", path, strerror(errno));
		return -1;
	}
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	*status_lines = 0;
	while (written < size) {
		uint64_t r = bench_rand();
		unsigned qid = (unsigned)(r & 0xffffffffu);
		unsigned pct = (unsigned)((r >> 32) % 100);
		const char *status = "sent", *dsn = "2.0.0";
		int n;

		snprintf(domain, sizeof(domain), "example%u.com",
		    (unsigned)((r >> 40) % 200));
		snprintf(rcpt, sizeof(rcpt), "user%u@%s",
		    (unsigned)((r >> 20) % 100000), domain);
		if (pct < 3) {
			status = "deferred";
			dsn = "4.0.0";
			snprintf(reply, sizeof(reply),
			    bench_replies_deferred[(r >> 48) % 3], domain, rcpt);
		} else if (pct < 6) {
			status = "bounced";
			dsn = "5.0.0";
			snprintf(reply, sizeof(reply),
			    bench_replies_bounced[(r >> 48) % 5], domain, rcpt);
		} else
			snprintf(reply, sizeof(reply), "250 2.0.0 Ok: queued as"
			    " %08X", qid ^ 0x5a5a5a5au);
		sec++;
		n = snprintf(line, sizeof(line),
		    "Nov 23 %02u:%02u:%02u mail postfix/smtpd[2345]: connect"
		    " from client%u.example.org[198.51.100.%u]\n"
		    "Nov 23 %02u:%02u:%02u mail postfix/smtpd[2345]: %08X:"
		    " client=client%u.example.org[198.51.100.%u]\n"
		    "Nov 23 %02u:%02u:%02u mail postfix/cleanup[3456]: %08X:"
		    " message-id=<%08X.%u@example.org>\n"
		    "Nov 23 %02u:%02u:%02u mail postfix/qmgr[4567]: %08X:"
		    " from=<news@example.org>, size=%u, nrcpt=1 (queue active)\n"
		    "Nov 23 %02u:%02u:%02u mail postfix/smtp[5678]: %08X:"
		    " to=<%s>, relay=mx.%s[192.0.2.25]:25, delay=0.%u,"
		    " delays=0.01/0/0.1/0.2, dsn=%s, status=%s (%s)\n"
		    "Nov 23 %02u:%02u:%02u mail postfix/qmgr[4567]: %08X:"
		    " removed\n"
		    "Nov 23 %02u:%02u:%02u mail postfix/smtpd[2345]: disconnect"
		    " from client%u.example.org[198.51.100.%u] ehlo=1 mail=1"
		    " rcpt=1 data=1 quit=1 commands=5\n",
		    sec / 3600 % 24, sec / 60 % 60, sec % 60, qid % 50, qid % 250,
		    sec / 3600 % 24, sec / 60 % 60, sec % 60, qid, qid % 50,
		    qid % 250,
		    sec / 3600 % 24, sec / 60 % 60, sec % 60, qid, qid, sec,
		    sec / 3600 % 24, sec / 60 % 60, sec % 60, qid,
		    1000 + qid % 50000,
		    sec / 3600 % 24, sec / 60 % 60, sec % 60, qid, rcpt, domain,
		    qid % 10, dsn, status, reply,
		    sec / 3600 % 24, sec / 60 % 60, sec % 60, qid,
		    sec / 3600 % 24, sec / 60 % 60, sec % 60, qid % 50,
		    qid % 250);
		if (n < 0 || (size_t)n >= sizeof(line))
			continue;
		if (fwrite(line, 1, (size_t)n, fp) != (size_t)n)
			break;
		written += n;
		(*status_lines)++;
	}
	if (fclose(fp) != 0 || written < size) {
		fprintf(stderr, "bounces: %s: write failed\n", path);
		return -1;
	}
	return written;
}

/*
 * Runs argv with stdout to a scratch file (not /dev/null: GNU grep stops
 * at the first match when its output is /dev/null); the seconds it
 * took, or -1.
 */
static double
bench_run(char *const argv[])
{
	double t0 = bench_now();
	pid_t pid = fork();
	int st;

	if (pid == -1)
		return -1;
	if (pid == 0) {
		char out[] = "/tmp/sendwatch-bench-out-XXXXXX";
		int fd = mkstemp(out);
		if (fd != -1) {
			unlink(out);
			dup2(fd, STDOUT_FILENO);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) > 2) {
		fprintf(stderr, "bounces: %s failed (status %d)\n", argv[0],
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return bench_now() - t0;
}

static double
bench_best(char *const argv[], int runs)
{
	double best = -1;

	for (int i = 0; i < runs; i++) {
		double t = bench_run(argv);
		if (t < 0)
			return -1;
		if (best < 0 || t < best)
			best = t;
	}
	return best;
}

int
main(int argc, char **argv)
{
	const char *dir = "/tmp", *sw = "./sendwatch";
	long mb = BENCH_MAX_MB;
	long long status_lines, size;
	char path[4096];
	double tg, ts;
	int opt, fd, rc = 1;

	while ((opt = getopt(argc, argv, "s:d:b:")) != -1) {
		char *end;
		switch (opt) {
		case 's':
			mb = strtol(optarg, &end, 10);
			if (*end != '\0' || mb < 1 || mb > BENCH_MAX_MB) {
				fprintf(stderr, "bounces: -s %s: expected 1 to"
				    " %d (MB)\n", optarg, BENCH_MAX_MB);
				return 2;
			}
			break;
		case 'd':
			dir = optarg;
			break;
		case 'b':
			sw = optarg;
			break;
		default:
			fprintf(stderr, "usage: bounces [-s SIZE_MB] [-d DIR]"
			    " [-b SENDWATCH]\n");
			return 2;
		}
	}
	snprintf(path, sizeof(path), "%s/sendwatch-bench-XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		fprintf(stderr, "bounces: %s: %s\n", path, strerror(errno));
		return 1;
	}
	close(fd);
	signal(SIGINT, SIG_IGN);
	printf("generating %ld MB of Postfix log in %s ...\n", mb, path);
	fflush(stdout);
	/* a whole message is 7 lines; stay under the size asked for */
	size = bench_generate(path, mb * 1024LL * 1024 - 4096, &status_lines);
	if (size < 0)
		goto done;
	printf("%lld bytes, %lld delivery lines\n", size, status_lines);
	{
		char *grep_argv[] = { "grep", "-c", "status=", path, NULL };
		char *sw_argv[] = { (char *)sw, "bounces", "--json", path, NULL };

		bench_run(grep_argv);	/* warm the page cache */
		if ((tg = bench_best(grep_argv, 3)) < 0 ||
		    (ts = bench_best(sw_argv, 3)) < 0)
			goto done;
	}
	printf("grep -c 'status=':        %7.3f s  %7.1f MB/s\n", tg,
	    (double)size / 1048576.0 / tg);
	printf("sendwatch bounces --json: %7.3f s  %7.1f MB/s\n", ts,
	    (double)size / 1048576.0 / ts);
	printf("ratio (grep time / sendwatch time): %.2f (target >= 0.50)"
	    " %s\n", tg / ts, tg / ts >= 0.5 ? "PASS" : "FAIL");
	rc = tg / ts >= 0.5 ? 0 : 1;
done:
	if (getenv("BENCH_KEEP") != NULL)
		printf("kept %s\n", path);
	else
		unlink(path);
	return rc;
}
