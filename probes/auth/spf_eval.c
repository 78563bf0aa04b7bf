/*
 * spf_eval.c -- libspf2 in a forked worker (see spf_eval.h).
 *
 * Protocol over a SOCK_SEQPACKET pair, one datagram per message:
 *   worker -> us   'Q' type(2 bytes) name         a DNS question
 *   us -> worker   herrno(4) count(4), then count datagrams of rdata
 *                  (A: 4 bytes, AAAA: 16, MX/PTR: the name, TXT: text)
 *   worker -> us   'R' result NUL comment         the answer, then exit
 * The worker never talks to the network itself and has CPU, memory and
 * core-size limits; we kill it past the deadline.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <spf2/spf.h>
#include <spf2/spf_dns.h>

#include "probes/auth/spf_eval.h"

#define SPF_EVAL_MSG	65600	/* largest datagram: a 64 KiB TXT + header */

/* ---- worker side ---- */

static int spf_worker_fd = -1;

static SPF_dns_rr_t *
spf_worker_lookup(SPF_dns_server_t *srv, const char *domain, ns_type type,
    int should_cache)
{
	unsigned char	 q[600], *buf;
	int32_t		 hdr[2];
	uint16_t	 t = (uint16_t)type;
	size_t		 n = strlen(domain);
	SPF_dns_rr_t	*rr;
	(void)should_cache;

	if (n + 3 > sizeof(q))
		return SPF_dns_rr_new_nxdomain(srv, domain);
	q[0] = 'Q';
	memcpy(q + 1, &t, 2);
	memcpy(q + 3, domain, n);
	if (send(spf_worker_fd, q, n + 3, MSG_NOSIGNAL) == -1 ||
	    recv(spf_worker_fd, hdr, sizeof(hdr), 0) != sizeof(hdr))
		return SPF_dns_rr_new_init(srv, domain, type, 0, TRY_AGAIN);
	rr = SPF_dns_rr_new_init(srv, domain, type, 60, hdr[0]);
	if (rr == NULL || (buf = malloc(SPF_EVAL_MSG)) == NULL)
		return rr;
	for (int32_t i = 0; i < hdr[1]; i++) {
		ssize_t got = recv(spf_worker_fd, buf, SPF_EVAL_MSG - 1, 0);
		if (got < 0)
			break;
		if (SPF_dns_rr_buf_realloc(rr, (int)i, (size_t)got + 1) !=
		    SPF_E_SUCCESS)
			break;
		memcpy(rr->rr[i], buf, (size_t)got);
		((char *)rr->rr[i])[got] = '\0';
		rr->num_rr = (int)i + 1;
	}
	free(buf);
	return rr;
}

static void
spf_worker_limits(void)
{
	struct rlimit	 cpu = { 5, 6 }, core = { 0, 0 };

	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_CORE, &core);
#if !defined(__SANITIZE_ADDRESS__)
	{
		/* ASan reserves terabytes of address space: no cap there. */
		struct rlimit as = { 512UL << 20, 512UL << 20 };
		setrlimit(RLIMIT_AS, &as);
	}
#endif
}

/* Runs in the child; its status is its only way out (_exit). */
static int
spf_worker(int fd, const char *domain, const char *ip)
{
	SPF_dns_server_t	 dns;
	SPF_server_t		*srv;
	SPF_request_t		*req;
	SPF_response_t		*resp = NULL;
	char			 from[300], out[700];
	const char		*res, *cmt;
	int			 n;

	spf_worker_fd = fd;
	spf_worker_limits();
	memset(&dns, 0, sizeof(dns));
	dns.lookup = spf_worker_lookup;
	dns.name = "sendwatch";
	if ((srv = SPF_server_new_dns(&dns, 0)) == NULL)
		return 2;
	SPF_server_set_rec_dom(srv, "sendwatch");
	/* libspf2 mangles spaces in explanations: the header comment says it. */
	SPF_server_set_explanation(srv, "not-permitted", &resp);
	if (resp != NULL) {
		SPF_response_free(resp);
		resp = NULL;
	}
	if ((req = SPF_request_new(srv)) == NULL)
		return 2;
	if ((strchr(ip, ':') ? SPF_request_set_ipv6_str(req, ip) :
	    SPF_request_set_ipv4_str(req, ip)) != SPF_E_SUCCESS)
		return 3;
	snprintf(from, sizeof(from), "postmaster@%s", domain);
	SPF_request_set_env_from(req, from);
	SPF_request_query_mailfrom(req, &resp);
	if (resp == NULL)
		return 2;
	res = SPF_strresult(SPF_response_result(resp));
	cmt = SPF_response_get_header_comment(resp);
	n = snprintf(out, sizeof(out), "R%s", res);
	out[n++] = '\0';
	n += snprintf(out + n, sizeof(out) - (size_t)n, "%s", cmt ? cmt : "");
	if ((size_t)n >= sizeof(out))
		n = sizeof(out) - 1;
	send(fd, out, (size_t)n, MSG_NOSIGNAL);
	/* Freed by exit: the worker is about to end. */
	return 0;
}

/* ---- our side ---- */

static int
spf_eval_answer(struct authdns *ad, int fd, const unsigned char *q,
    size_t n, struct spf_eval_result *res)
{
	char			 name[600];
	uint16_t		 type;
	int32_t			 hdr[2] = { TRY_AGAIN, 0 };
	struct dns_answer	*a = NULL;

	memcpy(&type, q + 1, 2);
	snprintf(name, sizeof(name), "%.*s", (int)(n - 3), q + 3);
	if (res->queries++ < SPF_EVAL_MAX_QUERIES &&
	    (a = authdns_query(ad, name, type)) != NULL) {
		hdr[0] = a->status == DNS_DATA ? NETDB_SUCCESS :
		    a->status == DNS_NXDOMAIN ? HOST_NOT_FOUND :
		    a->status == DNS_NODATA ? NO_DATA : TRY_AGAIN;
		for (size_t i = 0; a->status == DNS_DATA && i < a->nrr; i++)
			if (a->rr[i].type == type)
				hdr[1]++;
	}
	if (send(fd, hdr, sizeof(hdr), MSG_NOSIGNAL) == -1)
		goto fail;
	for (size_t i = 0; hdr[1] > 0 && i < a->nrr; i++) {
		const struct dns_rr *r = &a->rr[i];
		const void *d;
		size_t len;

		if (r->type != type)
			continue;
		switch (type) {
		case DNS_T_A:
			d = &r->u.a, len = 4;
			break;
		case DNS_T_AAAA:
			d = &r->u.aaaa, len = 16;
			break;
		case DNS_T_MX:
			d = r->u.mx.host, len = strlen(r->u.mx.host);
			break;
		case DNS_T_TXT:
		case DNS_T_SPF:
			d = r->u.txt.data, len = r->u.txt.len;
			break;
		default:
			d = r->u.name, len = strlen(r->u.name);
		}
		if (send(fd, d, len, MSG_NOSIGNAL) == -1)
			goto fail;
	}
	authdns_release(ad, a);
	return 0;
fail:
	authdns_release(ad, a);
	return -1;
}

/* Serves the worker until it answers, dies or the deadline passes. */
static int
spf_eval_serve(struct authdns *ad, int fd, struct spf_eval_result *res)
{
	unsigned char	*buf = malloc(SPF_EVAL_MSG);
	uint64_t	 deadline = dns_now_ms() + SPF_EVAL_TIMEOUT_MS;
	int		 rc = -1;

	if (buf == NULL) {
		snprintf(res->error, sizeof(res->error), "out of memory");
		return -1;
	}
	for (;;) {
		struct pollfd	 p = { .fd = fd, .events = POLLIN };
		uint64_t	 now = dns_now_ms();
		ssize_t		 n;

		int		 pr = now >= deadline ? 0 :
				    poll(&p, 1, (int)(deadline - now));

		if (pr == -1 && errno == EINTR)
			continue;
		if (pr == 0) {
			snprintf(res->error, sizeof(res->error), "the SPF "
			    "evaluation did not finish within %d s",
			    SPF_EVAL_TIMEOUT_MS / 1000);
			break;
		}
		if ((n = recv(fd, buf, SPF_EVAL_MSG - 1, 0)) <= 0) {
			snprintf(res->error, sizeof(res->error), "libspf2 "
			    "stopped without a result");
			break;
		}
		buf[n] = '\0';
		if (buf[0] == 'R') {
			snprintf(res->result, sizeof(res->result), "%s",
			    (char *)buf + 1);
			size_t rl = strlen((char *)buf + 1);
			if (rl + 2 <= (size_t)n)
				snprintf(res->comment, sizeof(res->comment),
				    "%s", (char *)buf + rl + 2);
			rc = 0;
			break;
		}
		if (buf[0] != 'Q' || n < 4 ||
		    spf_eval_answer(ad, fd, buf, (size_t)n, res) == -1) {
			snprintf(res->error, sizeof(res->error), "bad message "
			    "from the SPF worker");
			break;
		}
	}
	free(buf);
	return rc;
}

int
spf_eval(struct authdns *ad, const char *domain, const char *ip,
    struct spf_eval_result *res)
{
	int	 sv[2], status = 0, rc;
	pid_t	 pid;

	memset(res, 0, sizeof(*res));
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		snprintf(res->error, sizeof(res->error), "socketpair: %s",
		    strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(res->error, sizeof(res->error), "fork: %s",
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		_exit(spf_worker(sv[1], domain, ip));
	}
	close(sv[1]);
	rc = spf_eval_serve(ad, sv[0], res);
	close(sv[0]);
	if (rc == -1)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (rc == -1 && WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
		snprintf(res->error, sizeof(res->error), "libspf2 crashed "
		    "(signal %d) evaluating the record: a malformed record or "
		    "macro (CVE-2023-42118 class)", WTERMSIG(status));
	else if (rc == -1 && WIFEXITED(status) && WEXITSTATUS(status) == 3)
		snprintf(res->error, sizeof(res->error), "%s is not an IP "
		    "address", ip);
	return rc;
}
