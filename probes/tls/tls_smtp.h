/*
 * tls_smtp.h -- one STARTTLS session with an SMTP server, as a sending
 * MTA starts it (RFC 3207): connect, read the greeting, EHLO, STARTTLS,
 * the TLS handshake (OpenSSL), QUIT. No mail is sent. Shared by the
 * starttls and dane probes, which judge what it observed.
 *
 * Every step is bounded by req->deadline_ms: a server that stalls ends
 * the session as timed out, never as an answer.
 */
#ifndef SENDWATCH_TLS_SMTP_H
#define SENDWATCH_TLS_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define TLS_SMTP_MAX_TLSA	16	/* more records are not tried */

/* One TLSA record (RFC 6698) for OpenSSL's DANE check; data borrowed. */
struct tls_smtp_tlsa {
	uint8_t			 usage, selector, mtype;
	const uint8_t		*data;
	size_t			 len;
};

struct tls_smtp_req {
	const char		*host;		/* MX host: SNI, name check;
						 * NULL (a target given as an
						 * address): the greeting's
						 * host name instead */
	struct sockaddr_storage	 addr;		/* port included */
	socklen_t		 addrlen;
	const char		*ehlo;		/* our EHLO name */
	const char		*ca_file;	/* NULL: the system CAs */
	uint64_t		 deadline_ms;	/* dns_now_ms() clock */
	const struct tls_smtp_tlsa *tlsa;	/* DANE: check these (RFC 7672) */
	size_t			 ntlsa;
};

/* How far the session got. */
enum tls_smtp_stage {
	TLS_SMTP_CONNECT,	/* no connection */
	TLS_SMTP_GREETING,	/* connected, no 220 greeting */
	TLS_SMTP_EHLO,		/* greeted, EHLO not accepted */
	TLS_SMTP_STARTTLS,	/* EHLO done; STARTTLS not offered or refused */
	TLS_SMTP_HANDSHAKE,	/* STARTTLS accepted, handshake failed */
	TLS_SMTP_DONE,		/* TLS established */
};

struct tls_smtp_result {
	enum tls_smtp_stage	 stage;
	bool			 timed_out;	/* the stage ran out of time */
	char			 error[200];	/* why it stopped short of DONE */
	char			 greeting[256];	/* the 220 line's text */
	char			 greeting_host[256]; /* its first word */
	bool			 starttls_offered;
	char			 protocol[16];	/* "TLSv1.3" */
	int			 version;	/* TLS1_2_VERSION, ... */
	char			 cipher[64];
	bool			 have_cert;
	long			 verify;	/* X509_V_OK or the error */
	char			 verify_text[120];
	bool			 name_ok;	/* X509_check_host(host, or the
						 * greeting's host name) */
	char			 names[256];	/* the certificate's DNS names */
	int64_t			 not_after;	/* unix seconds */
	bool			 dane_ok;	/* a TLSA record matched */
	int			 dane_depth;	/* of the matching certificate */
	int			 dane_record;	/* OpenSSL's match: its index in
						 * req->tlsa, or -1 */
	/*
	 * For messages (which record is stale): per record of req->tlsa,
	 * the depth in the presented chain of the first certificate whose
	 * data it names (a DANE-EE or PKIX-EE record only the server's own,
	 * depth 0), or -1 when it names none. OpenSSL's verdict is dane_ok.
	 */
	int			 tlsa_depth[TLS_SMTP_MAX_TLSA];
	char			 spki_sha256[65];	/* leaf key, hex */
};

/*
 * Runs one session; fills res (always). Returns 0, or -1 when out of
 * memory or OpenSSL could not be set up (res->error says which).
 */
int	tls_smtp_session(const struct tls_smtp_req *, struct tls_smtp_result *);

/* "TLS 1.0 and older": whether the protocol is below TLS 1.2. */
bool	tls_smtp_old_protocol(int version);

#endif
