/*
 * tls_smtp.c -- one STARTTLS session with an SMTP server (see
 * tls_smtp.h; RFC 5321 replies, RFC 3207 STARTTLS, RFC 7672 DANE).
 *
 * The socket is non-blocking and every wait is a poll() until the
 * request's deadline. The client accepts every protocol version and
 * cipher OpenSSL still has (security level 0), so that a server that
 * only speaks TLS 1.0 is seen and reported rather than failing the
 * handshake; the certificate is verified after the handshake (verify
 * mode none, the result read with SSL_get_verify_result), so that an
 * expired or wrongly named certificate is reported with its details.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "probes/dns/dns.h"
#include "probes/tls/tls_smtp.h"
#include "probes/tls/x509_dates.h"

#define REPLY_MAX	8192	/* a multi-line reply longer than this is cut */

struct conn {
	int		 fd;
	SSL		*ssl;		/* NULL before STARTTLS */
	uint64_t	 deadline_ms;
	char		 buf[REPLY_MAX];
	size_t		 len;		/* bytes in buf */
	bool		 timed_out;
	char		 error[160];
};

/* Waits until fd is ready for events; 0, or -1 (timeout or error). */
static int
conn_wait(struct conn *c, short events)
{
	for (;;) {
		uint64_t now = dns_now_ms();
		struct pollfd p = { .fd = c->fd, .events = events };
		int n;

		if (now >= c->deadline_ms) {
			c->timed_out = true;
			snprintf(c->error, sizeof(c->error), "timed out");
			return -1;
		}
		n = poll(&p, 1, (int)(c->deadline_ms - now));
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR) {
			snprintf(c->error, sizeof(c->error), "poll: %s",
			    strerror(errno));
			return -1;
		}
	}
}

/* Waits as OpenSSL asks after a call returned r; 0 to retry, or -1. */
static int
conn_ssl_retry(struct conn *c, int r, const char *what)
{
	int e = SSL_get_error(c->ssl, r);
	unsigned long ec;

	if (e == SSL_ERROR_WANT_READ)
		return conn_wait(c, POLLIN);
	if (e == SSL_ERROR_WANT_WRITE)
		return conn_wait(c, POLLOUT);
	if ((ec = ERR_peek_last_error()) != 0)
		snprintf(c->error, sizeof(c->error), "%s: %s", what,
		    ERR_reason_error_string(ec) ? ERR_reason_error_string(ec) :
		    "TLS error");
	else if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL &&
	    errno == 0))
		snprintf(c->error, sizeof(c->error), "%s: the server closed "
		    "the connection", what);
	else
		snprintf(c->error, sizeof(c->error), "%s: %s", what,
		    strerror(errno));
	ERR_clear_error();
	return -1;
}

/* Reads more bytes into c->buf; 0, or -1 (closed, error, timeout). */
static int
conn_fill(struct conn *c)
{
	if (c->len == sizeof(c->buf)) {
		snprintf(c->error, sizeof(c->error), "reply longer than %d "
		    "bytes", REPLY_MAX);
		return -1;
	}
	for (;;) {
		ssize_t n;

		if (c->ssl != NULL) {
			int r = SSL_read(c->ssl, c->buf + c->len,
			    (int)(sizeof(c->buf) - c->len));
			if (r > 0) {
				c->len += (size_t)r;
				return 0;
			}
			if (conn_ssl_retry(c, r, "reading") == -1)
				return -1;
			continue;
		}
		n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
		if (n > 0) {
			c->len += (size_t)n;
			return 0;
		}
		if (n == 0) {
			snprintf(c->error, sizeof(c->error), "the server "
			    "closed the connection");
			return -1;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
			if (conn_wait(c, POLLIN) == -1)
				return -1;
			continue;
		}
		snprintf(c->error, sizeof(c->error), "reading: %s",
		    strerror(errno));
		return -1;
	}
}

/*
 * Reads one reply (RFC 5321 §4.2: "NNN-text" lines, then "NNN text").
 * Its lines (CRLF turned into LF) into text; returns the code, or -1.
 */
static int
conn_reply(struct conn *c, char *text, size_t textlen)
{
	size_t used = 0;

	text[0] = '\0';
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		size_t linelen;
		int code;

		if (nl == NULL) {
			if (conn_fill(c) == -1)
				return -1;
			continue;
		}
		linelen = (size_t)(nl - c->buf);
		if (linelen > 0 && c->buf[linelen - 1] == '\r')
			linelen--;
		if (linelen < 3 || c->buf[0] < '2' || c->buf[0] > '5' ||
		    c->buf[1] < '0' || c->buf[1] > '9' || c->buf[2] < '0' ||
		    c->buf[2] > '9' || (linelen > 3 && c->buf[3] != ' ' &&
		    c->buf[3] != '-')) {
			snprintf(c->error, sizeof(c->error), "not an SMTP "
			    "reply: \"%.*s\"", (int)(linelen > 60 ? 60 : linelen),
			    c->buf);
			return -1;
		}
		code = (c->buf[0] - '0') * 100 + (c->buf[1] - '0') * 10 +
		    (c->buf[2] - '0');
		if (used + linelen + 2 < textlen) {
			memcpy(text + used, c->buf, linelen);
			used += linelen;
			text[used++] = '\n';
			text[used] = '\0';
		}
		bool last = linelen == 3 || c->buf[3] == ' ';
		c->len -= (size_t)(nl + 1 - c->buf);
		memmove(c->buf, nl + 1, c->len);
		if (last)
			return code;
	}
}

/* Sends a command line (CRLF added); 0, or -1. */
static int
conn_send(struct conn *c, const char *line)
{
	char out[300];
	size_t len, off = 0;
	int w = snprintf(out, sizeof(out), "%s\r\n", line);

	if (w < 0 || (size_t)w >= sizeof(out))
		return -1;
	len = (size_t)w;
	while (off < len) {
		ssize_t n;

		if (c->ssl != NULL) {
			int r = SSL_write(c->ssl, out + off, (int)(len - off));
			if (r > 0) {
				off += (size_t)r;
				continue;
			}
			if (conn_ssl_retry(c, r, "writing") == -1)
				return -1;
			continue;
		}
		n = send(c->fd, out + off, len - off, MSG_NOSIGNAL);
		if (n >= 0) {
			off += (size_t)n;
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
			if (conn_wait(c, POLLOUT) == -1)
				return -1;
			continue;
		}
		snprintf(c->error, sizeof(c->error), "writing: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Non-blocking connect bounded by the deadline; 0, or -1. */
static int
conn_open(struct conn *c, const struct tls_smtp_req *req)
{
	int err = 0;
	socklen_t errlen = sizeof(err);

	c->fd = socket(req->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		snprintf(c->error, sizeof(c->error), "socket: %s",
		    strerror(errno));
		return -1;
	}
	if (connect(c->fd, (const struct sockaddr *)&req->addr,
	    req->addrlen) == 0)
		return 0;
	if (errno != EINPROGRESS) {
		snprintf(c->error, sizeof(c->error), "%s", strerror(errno));
		return -1;
	}
	if (conn_wait(c, POLLOUT) == -1)
		return -1;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &errlen) == -1)
		err = errno;
	if (err != 0) {
		snprintf(c->error, sizeof(c->error), "%s", strerror(err));
		return -1;
	}
	return 0;
}

/* Whether an EHLO reply lists the STARTTLS keyword (RFC 3207 §4). */
static bool
ehlo_offers_starttls(const char *reply)
{
	for (const char *l = reply; *l != '\0'; ) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		/* "250-STARTTLS" or "250 STARTTLS", keyword case-insensitive */
		if (n >= 12 && strncasecmp(l + 4, "STARTTLS", 8) == 0 &&
		    (n == 12 || l[12] == ' '))
			return true;
		l += n + (nl != NULL);
	}
	return false;
}

/* The server name of a greeting "220 mx.example.com ESMTP ...". */
static void
greeting_host(const char *reply, struct tls_smtp_result *res)
{
	const char *p = reply + (strlen(reply) > 4 ? 4 : strlen(reply));
	size_t n = strcspn(p, " \n");

	snprintf(res->greeting, sizeof(res->greeting), "%.*s",
	    (int)strcspn(reply, "\n"), reply);
	snprintf(res->greeting_host, sizeof(res->greeting_host), "%.*s",
	    (int)n, p);
}

/* The DNS names of the certificate, "a, b", for messages. */
static void
cert_names(X509 *cert, char *buf, size_t len)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(cert, NID_subject_alt_name,
	    NULL, NULL);
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		int w;

		if (g->type != GEN_DNS)
			continue;
		w = snprintf(buf + o, len - o, "%s%.*s", o ? ", " : "",
		    ASN1_STRING_length(g->d.dNSName),
		    (const char *)ASN1_STRING_get0_data(g->d.dNSName));
		if (w < 0 || (size_t)w >= len - o)
			break;
		o += (size_t)w;
	}
	GENERAL_NAMES_free(gens);
	if (o == 0) {
		/* no subjectAltName: the subject's CN is all there is */
		X509_NAME_get_text_by_NID(X509_get_subject_name(cert),
		    NID_commonName, buf, (int)len);
	}
}

/*
 * Whether TLSA record t names cert: its selector's bytes (the whole
 * certificate or its public key) as they are, or their SHA-256 or
 * SHA-512 digest (RFC 6698 §2.1). Unknown parameters name nothing.
 */
static bool
tlsa_names_cert(const struct tls_smtp_tlsa *t, X509 *cert)
{
	static const EVP_MD *(*const digest[])(void) = {
		[1] = EVP_sha256, [2] = EVP_sha512,
	};
	unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	bool match = false;
	int len;

	if (t->selector == 0)
		len = i2d_X509(cert, &der);
	else if (t->selector == 1)
		len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
	else
		return false;
	if (len <= 0)
		return false;
	if (t->mtype == 0)
		match = (size_t)len == t->len && memcmp(der, t->data, t->len) == 0;
	else if (t->mtype < sizeof(digest) / sizeof(digest[0]) &&
	    EVP_Digest(der, (size_t)len, md, &mdlen, digest[t->mtype](), NULL))
		match = mdlen == t->len && memcmp(md, t->data, mdlen) == 0;
	OPENSSL_free(der);
	return match;
}

/* Which record OpenSSL matched, and what each record names (messages). */
static void
tls_observe_tlsa(SSL *ssl, const struct tls_smtp_req *req,
    struct tls_smtp_result *res)
{
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
	uint8_t usage, selector, mtype;
	const unsigned char *data;
	size_t dlen;

	if (res->dane_ok && SSL_get0_dane_tlsa(ssl, &usage, &selector, &mtype,
	    &data, &dlen) >= 0)
		for (size_t i = 0; i < req->ntlsa && res->dane_record < 0; i++)
			if (req->tlsa[i].usage == usage &&
			    req->tlsa[i].selector == selector &&
			    req->tlsa[i].mtype == mtype && req->tlsa[i].len == dlen &&
			    memcmp(req->tlsa[i].data, data, dlen) == 0)
				res->dane_record = (int)i;
	/* the client's peer chain starts with the server's certificate */
	for (size_t i = 0; i < req->ntlsa && i < TLS_SMTP_MAX_TLSA; i++) {
		const struct tls_smtp_tlsa *t = &req->tlsa[i];
		/* PKIX-EE (1) and DANE-EE (3) name the server's own */
		int top = t->usage == 1 || t->usage == 3 ? 1 : chain != NULL ?
		    sk_X509_num(chain) : 0;

		for (int d = 0; d < top && chain != NULL &&
		    d < sk_X509_num(chain) && res->tlsa_depth[i] < 0; d++)
			if (tlsa_names_cert(t, sk_X509_value(chain, d)))
				res->tlsa_depth[i] = d;
	}
}

/* What the handshake gave: protocol, certificate, verification. */
static void
tls_observe(SSL *ssl, const struct tls_smtp_req *req, const char *name,
    struct tls_smtp_result *res)
{
	X509 *cert = SSL_get1_peer_certificate(ssl);
	unsigned char der[512], md[32];
	unsigned char *p = der;
	unsigned int mdlen = 0;
	int derlen;

	res->version = SSL_version(ssl);
	snprintf(res->protocol, sizeof(res->protocol), "%s",
	    SSL_get_version(ssl));
	snprintf(res->cipher, sizeof(res->cipher), "%s",
	    SSL_get_cipher_name(ssl));
	if (cert == NULL)
		return;
	res->have_cert = true;
	res->verify = SSL_get_verify_result(ssl);
	snprintf(res->verify_text, sizeof(res->verify_text), "%s",
	    X509_verify_cert_error_string(res->verify));
	res->name_ok = name[0] != '\0' &&
	    X509_check_host(cert, name, 0, 0, NULL) == 1;
	cert_names(cert, res->names, sizeof(res->names));
	if (x509_not_after(cert, &res->not_after) == -1)
		res->not_after = 0;
	derlen = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), NULL);
	if (derlen > 0 && (size_t)derlen <= sizeof(der) &&
	    i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &p) == derlen &&
	    EVP_Digest(der, (size_t)derlen, md, &mdlen, EVP_sha256(), NULL)) {
		for (unsigned i = 0; i < mdlen; i++)
			snprintf(res->spki_sha256 + 2 * i, 3, "%02x", md[i]);
	}
	if (req->ntlsa > 0)
		res->dane_ok = SSL_get0_dane_authority(ssl, NULL, NULL) >= 0;
	if (res->dane_ok)
		res->dane_depth = SSL_get0_dane_authority(ssl, NULL, NULL);
	if (req->ntlsa > 0)
		tls_observe_tlsa(ssl, req, res);
	X509_free(cert);
}

static SSL_CTX *
tls_client_ctx(const struct tls_smtp_req *req, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		goto fail;
	/* see everything the server can do, TLS 1.0 included */
	SSL_CTX_set_security_level(ctx, 0);
	if (!SSL_CTX_set_min_proto_version(ctx, 0) ||
	    !SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0"))
		goto fail;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	if (req->ca_file != NULL) {
		if (!SSL_CTX_load_verify_locations(ctx, req->ca_file, NULL)) {
			snprintf(err, errlen, "%s: cannot load CA certificates",
			    req->ca_file);
			SSL_CTX_free(ctx);
			ERR_clear_error();
			return NULL;
		}
	} else if (!SSL_CTX_set_default_verify_paths(ctx))
		goto fail;
	if (req->ntlsa > 0 && SSL_CTX_dane_enable(ctx) <= 0)
		goto fail;
	return ctx;
fail:
	snprintf(err, errlen, "cannot set up OpenSSL");
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return NULL;
}

/* DANE (RFC 7672): the TLSA records and the MX host as reference name. */
static int
tls_dane_setup(SSL *ssl, const struct tls_smtp_req *req)
{
	if (SSL_dane_enable(ssl, req->host) <= 0)
		return -1;
	/* RFC 7672 §3.1.1: DANE-EE(3) ignores the certificate's names */
	SSL_dane_set_flags(ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
	for (size_t i = 0; i < req->ntlsa; i++) {
		const struct tls_smtp_tlsa *t = &req->tlsa[i];
		/* 0: an unusable record (unknown usage, bad length): skipped */
		if (SSL_dane_tlsa_add(ssl, t->usage, t->selector, t->mtype,
		    t->data, t->len) < 0)
			return -1;
	}
	return 0;
}

/* STARTTLS accepted: the handshake, what it gave, QUIT. */
static void
tls_handshake(struct conn *c, SSL_CTX *ctx, const struct tls_smtp_req *req,
    struct tls_smtp_result *res)
{
	/* an address target has no name of its own: it says one in greeting */
	const char *name = req->host != NULL ? req->host : res->greeting_host;
	char reply[512];
	int r;

	res->stage = TLS_SMTP_HANDSHAKE;
	if ((c->ssl = SSL_new(ctx)) == NULL ||
	    !SSL_set_fd(c->ssl, c->fd) ||
	    (name[0] != '\0' && !SSL_set_tlsext_host_name(c->ssl, name)) ||
	    (req->ntlsa > 0 && tls_dane_setup(c->ssl, req) == -1)) {
		snprintf(c->error, sizeof(c->error), "cannot set up OpenSSL");
		ERR_clear_error();
		return;
	}
	while ((r = SSL_connect(c->ssl)) != 1)
		if (conn_ssl_retry(c, r, "TLS handshake") == -1)
			return;
	res->stage = TLS_SMTP_DONE;
	tls_observe(c->ssl, req, name, res);
	/* a polite end; its answer does not matter */
	if (conn_send(c, "QUIT") == 0)
		(void)conn_reply(c, reply, sizeof(reply));
	(void)SSL_shutdown(c->ssl);
	c->error[0] = '\0';
	c->timed_out = false;
}

int
tls_smtp_session(const struct tls_smtp_req *req, struct tls_smtp_result *res)
{
	struct conn c = { .fd = -1, .deadline_ms = req->deadline_ms };
	char reply[REPLY_MAX], line[300];
	SSL_CTX *ctx = NULL;
	int code, rv = 0;

	memset(res, 0, sizeof(*res));
	res->stage = TLS_SMTP_CONNECT;
	res->dane_record = -1;
	for (size_t i = 0; i < TLS_SMTP_MAX_TLSA; i++)
		res->tlsa_depth[i] = -1;
	if ((ctx = tls_client_ctx(req, res->error, sizeof(res->error))) == NULL)
		return -1;
	if (conn_open(&c, req) == -1)
		goto done;
	res->stage = TLS_SMTP_GREETING;
	if ((code = conn_reply(&c, reply, sizeof(reply))) == -1)
		goto done;
	greeting_host(reply, res);
	if (code != 220) {
		snprintf(c.error, sizeof(c.error), "greeting \"%s\"",
		    res->greeting);
		goto done;
	}
	res->stage = TLS_SMTP_EHLO;
	snprintf(line, sizeof(line), "EHLO %s", req->ehlo);
	if (conn_send(&c, line) == -1 ||
	    (code = conn_reply(&c, reply, sizeof(reply))) == -1)
		goto done;
	if (code != 250) {
		snprintf(c.error, sizeof(c.error), "EHLO answered \"%.*s\"",
		    (int)strcspn(reply, "\n"), reply);
		goto done;
	}
	res->stage = TLS_SMTP_STARTTLS;
	res->starttls_offered = ehlo_offers_starttls(reply);
	if (!res->starttls_offered) {
		snprintf(c.error, sizeof(c.error), "STARTTLS not offered");
		if (conn_send(&c, "QUIT") == 0)
			(void)conn_reply(&c, reply, sizeof(reply));
		goto done;
	}
	if (conn_send(&c, "STARTTLS") == -1 ||
	    (code = conn_reply(&c, reply, sizeof(reply))) == -1)
		goto done;
	if (code != 220) {
		snprintf(c.error, sizeof(c.error), "STARTTLS answered \"%.*s\"",
		    (int)strcspn(reply, "\n"), reply);
		goto done;
	}
	if (c.len > 0) {
		/* RFC 3207 §5: nothing may follow the 220 before TLS */
		snprintf(c.error, sizeof(c.error), "the server sent data "
		    "after its STARTTLS reply (response injection)");
		goto done;
	}
	tls_handshake(&c, ctx, req, res);
done:
	snprintf(res->error, sizeof(res->error), "%s", c.error);
	res->timed_out = c.timed_out;
	if (c.ssl != NULL)
		SSL_free(c.ssl);
	if (c.fd != -1)
		close(c.fd);
	SSL_CTX_free(ctx);
	return rv;
}

bool
tls_smtp_old_protocol(int version)
{
	return version != 0 && version < TLS1_2_VERSION;
}
