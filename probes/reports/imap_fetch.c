/*
 * imap_fetch.c -- one run over an IMAP mailbox of report mail, through
 * libcurl's IMAP support (see imap_fetch.h for the contract).
 *
 * libcurl 7.88 gives us, on one easy handle and so one connection: the
 * login (PLAIN/LOGIN, or XOAUTH2/OAUTHBEARER with CURLOPT_XOAUTH2_BEARER),
 * SELECT with a UIDVALIDITY check (";UIDVALIDITY=" in the URL), and
 * "UID FETCH n BODY[]" (";UID=n"), whose literal it reads by its length.
 * Everything else is a custom request whose untagged lines libcurl hands
 * to the write callback: STATUS (UIDVALIDITY), CAPABILITY (MOVE, UIDPLUS),
 * LIST and CREATE (the folders), UID SEARCH, UID MOVE, or UID COPY + UID
 * STORE \Deleted + UID EXPUNGE where MOVE is missing. A custom FETCH with
 * BODY.PEEK[] cannot be used: libcurl 7.88 passes only the lines of a
 * custom response that start with "* ", so the message's own lines would
 * be lost. The fetch therefore sets \Seen, which does not matter for a
 * message that is moved next; one left in place (the run stopped) keeps
 * it.
 *
 * Secrets: the password and token go to libcurl only; CURLOPT_VERBOSE is
 * never set (its trace would show the AUTHENTICATE line).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "probes/reports/imap_fetch.h"

#define IMAP_DEFAULT_BATCH	200
#define IMAP_DEFAULT_MAX	(100ULL << 20)
#define IMAP_DEFAULT_TIMEOUT_S	60
#define IMAP_LIST_MAX		(16ULL << 20)	/* untagged lines of a command */

struct imap_buf {
	char		*data;
	size_t		 len, cap;
	uint64_t	 max;
	bool		 too_big;
};

struct imap_conn {
	CURL			*h;
	const struct imap_account *acct;
	const struct imap_fetch_cb *cb;
	char			 base[512];	/* scheme://host:port */
	char			 mailbox[256];	/* as the server names it */
	char			*mailbox_esc;	/* URL-escaped (curl_free) */
	char			 account[800];	/* user@host:port/MAILBOX */
	char			 shown[800];	/* scheme://host:port/MAILBOX */
	uint32_t		 uidvalidity;
	bool			 has_move, has_uidplus;
	struct imap_buf		 out;
	char			 curl_err[CURL_ERROR_SIZE];
};

static size_t
on_data(char *p, size_t size, size_t nmemb, void *arg)
{
	struct imap_buf *b = arg;
	size_t len = size * nmemb;

	if (b->len + len > b->max) {
		b->too_big = true;
		return 0;	/* libcurl stops the transfer */
	}
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *nd;
		while (cap < b->len + len + 1)
			cap *= 2;
		if ((nd = realloc(b->data, cap)) == NULL)
			return 0;
		b->data = nd;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return len;
}

/* What libcurl said, for messages: its text and the detail it left. */
static void
curl_reason(const struct imap_conn *c, CURLcode rc, char *buf, size_t len)
{
	if (rc == CURLE_LOGIN_DENIED)
		snprintf(buf, len, "the server refused the login of %s (wrong "
		    "%s?)", c->acct->username, c->acct->bearer != NULL ?
		    "or expired token" : "password");
	else if (c->curl_err[0] != '\0' &&
	    strcmp(c->curl_err, curl_easy_strerror(rc)) != 0)
		snprintf(buf, len, "%s: %s", curl_easy_strerror(rc),
		    c->curl_err);
	else
		snprintf(buf, len, "%s", curl_easy_strerror(rc));
}

/*
 * One request: url, with custom as the command (NULL: libcurl's own
 * FETCH from the URL). The response's lines (or the message) are in
 * c->out. Returns libcurl's code.
 */
static CURLcode
imap_request(struct imap_conn *c, const char *url, const char *custom,
    uint64_t max)
{
	c->out.len = 0;
	c->out.too_big = false;
	c->out.max = max;
	if (c->out.data != NULL)
		c->out.data[0] = '\0';
	c->curl_err[0] = '\0';
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, custom);
	return curl_easy_perform(c->h);
}

/* Calls fn on each line of c->out (without its line end). */
static int
each_line(struct imap_conn *c, int (*fn)(void *, const char *, size_t),
    void *arg)
{
	const char *p = c->out.data, *end = p + c->out.len;

	while (p != NULL && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		int rc;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if ((rc = fn(arg, p, n)) != 0)
			return rc;
		p = nl != NULL ? nl + 1 : end;
	}
	return 0;
}

static bool
starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(line, prefix, n) == 0;
}

int
imap_parse_search(const char *line, size_t len, uint32_t **uids, size_t *n,
    size_t *cap)
{
	size_t i;

	if (!starts(line, len, "* SEARCH"))
		return 0;
	for (i = 8; i < len;) {
		unsigned long long v = 0;
		size_t d = 0;
		while (i < len && line[i] == ' ')
			i++;
		while (i < len && line[i] >= '0' && line[i] <= '9' && d < 11) {
			v = v * 10 + (unsigned)(line[i++] - '0');
			d++;
		}
		if (d == 0 || v == 0 || v > UINT32_MAX)
			break;	/* not a UID: ignore the rest */
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 256;
			uint32_t *nu = reallocarray(*uids, nc, sizeof(*nu));
			if (nu == NULL)
				return -1;
			*uids = nu;
			*cap = nc;
		}
		(*uids)[(*n)++] = (uint32_t)v;
	}
	return 1;
}

int
imap_parse_status_uidvalidity(const char *line, size_t len,
    uint32_t *uidvalidity)
{
	const char *p = NULL;
	unsigned long long v = 0;
	size_t d = 0;

	if (!starts(line, len, "* STATUS "))
		return 0;
	for (size_t i = 0; i + 12 <= len; i++)
		if (strncasecmp(line + i, "UIDVALIDITY ", 12) == 0)
			p = line + i + 12;
	if (p == NULL)
		return 0;
	while (p < line + len && *p >= '0' && *p <= '9' && d < 11) {
		v = v * 10 + (unsigned)(*p++ - '0');
		d++;
	}
	if (d == 0 || v == 0 || v > UINT32_MAX)
		return 0;
	*uidvalidity = (uint32_t)v;
	return 1;
}

static int
status_line(void *arg, const char *line, size_t len)
{
	return imap_parse_status_uidvalidity(line, len, arg) == 1 ? 1 : 0;
}

static int
capability_line(void *arg, const char *line, size_t len)
{
	struct imap_conn *c = arg;

	if (!starts(line, len, "* CAPABILITY "))
		return 0;
	for (size_t i = 12; i < len;) {
		size_t w = 0;
		while (i < len && line[i] == ' ')
			i++;
		while (i + w < len && line[i + w] != ' ')
			w++;
		if (w == 4 && strncasecmp(line + i, "MOVE", 4) == 0)
			c->has_move = true;
		if (w == 7 && strncasecmp(line + i, "UIDPLUS", 7) == 0)
			c->has_uidplus = true;
		i += w;
	}
	return 0;
}

static int
list_line(void *arg, const char *line, size_t len)
{
	(void)arg;
	return starts(line, len, "* LIST ") ? 1 : 0;
}

struct search_acc {
	uint32_t	*uids;
	size_t		 n, cap;
};

static int
search_line(void *arg, const char *line, size_t len)
{
	struct search_acc *s = arg;

	return imap_parse_search(line, len, &s->uids, &s->n, &s->cap) < 0 ?
	    -1 : 0;
}

/*
 * Splits the account's URL into base and mailbox, and sets up the handle:
 * credentials, TLS (required for imap://), CA file, timeouts.
 */
static int
imap_open(struct imap_conn *c, char *err, size_t errlen)
{
	const struct imap_account *a = c->acct;
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	const char *mb;
	int rc = -1;

	if (u == NULL || curl_url_set(u, CURLUPART_URL, a->url,
	    CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) !=
	    CURLUE_OK) {
		snprintf(err, errlen, "%s: not an imaps://HOST[:PORT]/MAILBOX "
		    "URL", a->url);
		goto out;
	}
	if (strcmp(scheme, "imaps") != 0 && strcmp(scheme, "imap") != 0) {
		snprintf(err, errlen, "%s: expected imaps:// (or imap://)",
		    a->url);
		goto out;
	}
	mb = path[0] == '/' ? path + 1 : path;
	if (*mb == '\0')
		mb = "INBOX";
	if (strpbrk(mb, "\"\\\r\n") != NULL || strlen(mb) >= sizeof(c->mailbox)) {
		snprintf(err, errlen, "%s: the mailbox name cannot hold \", \\ "
		    "or line ends, and is at most %zu characters", a->url,
		    sizeof(c->mailbox) - 1);
		goto out;
	}
	snprintf(c->mailbox, sizeof(c->mailbox), "%s", mb);
	if ((size_t)snprintf(c->base, sizeof(c->base), "%s://%s:%s", scheme,
	    host, port) >= sizeof(c->base)) {
		snprintf(err, errlen, "%s: host name too long", a->url);
		goto out;
	}
	snprintf(c->shown, sizeof(c->shown), "%s/%s", c->base, c->mailbox);
	snprintf(c->account, sizeof(c->account), "%s@%s:%s/%s", a->username,
	    host, port, c->mailbox);
	if ((c->h = curl_easy_init()) == NULL ||
	    (c->mailbox_esc = curl_easy_escape(c->h, c->mailbox, 0)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	curl_easy_setopt(c->h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	curl_easy_setopt(c->h, CURLOPT_USERNAME, a->username);
	if (a->bearer != NULL)
		curl_easy_setopt(c->h, CURLOPT_XOAUTH2_BEARER, a->bearer);
	else
		curl_easy_setopt(c->h, CURLOPT_PASSWORD, a->password);
	/* imap:// only with STARTTLS: credentials never go in the clear */
	curl_easy_setopt(c->h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (a->ca_file != NULL)
		curl_easy_setopt(c->h, CURLOPT_CAINFO, a->ca_file);
	curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT, a->timeout_s);
	/* a stalled server: less than 1 byte/s for timeout_s */
	curl_easy_setopt(c->h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c->h, CURLOPT_LOW_SPEED_TIME, a->timeout_s);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &c->out);
	curl_easy_setopt(c->h, CURLOPT_ERRORBUFFER, c->curl_err);
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
	return rc;
}

/* A failed command: "what: reason" into err. */
static int
fail_cmd(struct imap_conn *c, CURLcode rc, const char *what, char *err,
    size_t errlen)
{
	char why[CURL_ERROR_SIZE + 128];

	curl_reason(c, rc, why, sizeof(why));
	snprintf(err, errlen, "%s: %s: %s", c->shown, what, why);
	return -1;
}

/* Logs in, learns the capabilities and the mailbox's UIDVALIDITY. */
static int
imap_login(struct imap_conn *c, char *err, size_t errlen)
{
	char url[600], cmd[400];
	CURLcode rc;

	snprintf(url, sizeof(url), "%s/", c->base);
	if ((rc = imap_request(c, url, "CAPABILITY", IMAP_LIST_MAX)) !=
	    CURLE_OK)
		return fail_cmd(c, rc, "login", err, errlen);
	each_line(c, capability_line, c);
	snprintf(cmd, sizeof(cmd), "STATUS \"%s\" (UIDVALIDITY MESSAGES)",
	    c->mailbox);
	if ((rc = imap_request(c, url, cmd, IMAP_LIST_MAX)) != CURLE_OK)
		return fail_cmd(c, rc, "STATUS (does the mailbox exist?)", err,
		    errlen);
	if (each_line(c, status_line, &c->uidvalidity) != 1) {
		snprintf(err, errlen, "%s: the server's STATUS gave no "
		    "UIDVALIDITY", c->shown);
		return -1;
	}
	return 0;
}

/* The folder exists, or is created. */
static int
ensure_folder(struct imap_conn *c, const char *folder, char *err,
    size_t errlen)
{
	char url[600], cmd[300];
	CURLcode rc;

	snprintf(url, sizeof(url), "%s/", c->base);
	snprintf(cmd, sizeof(cmd), "LIST \"\" \"%s\"", folder);
	if ((rc = imap_request(c, url, cmd, IMAP_LIST_MAX)) != CURLE_OK)
		return fail_cmd(c, rc, "LIST", err, errlen);
	if (each_line(c, list_line, NULL) == 1)
		return 0;
	snprintf(cmd, sizeof(cmd), "CREATE \"%s\"", folder);
	rc = imap_request(c, url, cmd, IMAP_LIST_MAX);
	if (rc != CURLE_OK && rc != CURLE_QUOTE_ERROR)
		return fail_cmd(c, rc, "CREATE", err, errlen);
	snprintf(cmd, sizeof(cmd), "LIST \"\" \"%s\"", folder);
	if ((rc = imap_request(c, url, cmd, IMAP_LIST_MAX)) != CURLE_OK)
		return fail_cmd(c, rc, "LIST", err, errlen);
	if (each_line(c, list_line, NULL) != 1) {
		snprintf(err, errlen, "%s: the folder \"%s\" is missing and "
		    "the server refused to create it", c->shown, folder);
		return -1;
	}
	return 0;
}

/* The mailbox URL with its UIDVALIDITY (libcurl checks it on SELECT). */
static void
mailbox_url(const struct imap_conn *c, char *url, size_t len, uint32_t uid)
{
	if (uid != 0)
		snprintf(url, len, "%s/%s;UIDVALIDITY=%u/;UID=%u", c->base,
		    c->mailbox_esc, c->uidvalidity, uid);
	else
		snprintf(url, len, "%s/%s;UIDVALIDITY=%u", c->base,
		    c->mailbox_esc, c->uidvalidity);
}

static int
uid_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The UIDs in the mailbox, ascending (free *uids). */
static int
imap_search(struct imap_conn *c, uint32_t **uids, size_t *n, char *err,
    size_t errlen)
{
	struct search_acc s = { NULL, 0, 0 };
	char url[1200];
	CURLcode rc;

	mailbox_url(c, url, sizeof(url), 0);
	if ((rc = imap_request(c, url, "UID SEARCH ALL", IMAP_LIST_MAX)) !=
	    CURLE_OK)
		return fail_cmd(c, rc, "UID SEARCH", err, errlen);
	if (each_line(c, search_line, &s) < 0) {
		free(s.uids);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (s.n > 0)
		qsort(s.uids, s.n, sizeof(*s.uids), uid_cmp);
	*uids = s.uids;
	*n = s.n;
	return 0;
}

/* Moves uid to folder: UID MOVE, or COPY + STORE \Deleted + EXPUNGE. */
static int
imap_move(struct imap_conn *c, uint32_t uid, const char *folder, char *err,
    size_t errlen)
{
	char url[1200], cmd[400], what[300];
	CURLcode rc;

	mailbox_url(c, url, sizeof(url), 0);
	snprintf(what, sizeof(what), "UID %u: moving it to \"%s\"", uid,
	    folder);
	if (c->has_move) {
		snprintf(cmd, sizeof(cmd), "UID MOVE %u \"%s\"", uid, folder);
		if ((rc = imap_request(c, url, cmd, IMAP_LIST_MAX)) != CURLE_OK)
			return fail_cmd(c, rc, what, err, errlen);
		return 0;
	}
	snprintf(cmd, sizeof(cmd), "UID COPY %u \"%s\"", uid, folder);
	if ((rc = imap_request(c, url, cmd, IMAP_LIST_MAX)) != CURLE_OK)
		return fail_cmd(c, rc, what, err, errlen);
	snprintf(cmd, sizeof(cmd), "UID STORE %u +FLAGS.SILENT (\\Deleted)",
	    uid);
	if ((rc = imap_request(c, url, cmd, IMAP_LIST_MAX)) != CURLE_OK)
		return fail_cmd(c, rc, what, err, errlen);
	/* without UIDPLUS, EXPUNGE also removes what others marked \Deleted */
	if (c->has_uidplus)
		snprintf(cmd, sizeof(cmd), "UID EXPUNGE %u", uid);
	else
		snprintf(cmd, sizeof(cmd), "EXPUNGE");
	if ((rc = imap_request(c, url, cmd, IMAP_LIST_MAX)) != CURLE_OK)
		return fail_cmd(c, rc, what, err, errlen);
	return 0;
}

static void
say(const struct imap_conn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(const struct imap_conn *c, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (c->cb->line == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	c->cb->line(c->cb->arg, line);
}

/*
 * One message: fetched (unless committed before), judged by the caller,
 * moved. Returns 0 to go on, -1 to stop (err set).
 */
static int
one_message(struct imap_conn *c, uint32_t uid, struct imap_fetch_stats *st,
    char *err, size_t errlen)
{
	const struct imap_account *a = c->acct;
	enum imap_verdict v;
	char url[1200], where[900], reason[1024], why[CURL_ERROR_SIZE + 128];
	const char *folder;
	bool recovered = false;
	CURLcode rc;

	snprintf(where, sizeof(where), "%s UID %u", c->shown, uid);
	reason[0] = '\0';
	if (c->cb->committed != NULL && c->cb->committed(c->cb->arg,
	    c->account, c->uidvalidity, uid)) {
		/* stored by a run that ended before the move */
		v = IMAP_MSG_DONE;
		recovered = true;
	} else {
		mailbox_url(c, url, sizeof(url), uid);
		rc = imap_request(c, url, NULL, a->max_bytes);
		if (rc == CURLE_WRITE_ERROR && c->out.too_big) {
			v = IMAP_MSG_FAILED;
			snprintf(reason, sizeof(reason), "larger than %llu "
			    "bytes (the bound is [reports] max_decompressed)",
			    (unsigned long long)a->max_bytes);
		} else if (rc == CURLE_REMOTE_FILE_NOT_FOUND) {
			say(c, "%s: no longer in the mailbox (moved by another "
			    "client?)", where);
			return 0;
		} else if (rc != CURLE_OK) {
			curl_reason(c, rc, why, sizeof(why));
			snprintf(err, errlen, "%s: reading the message failed: "
			    "%s; it stays in %s for the next run", where, why,
			    c->mailbox);
			return -1;
		} else {
			v = c->cb->message(c->cb->arg, c->account, where,
			    c->uidvalidity, uid, c->out.data != NULL ?
			    c->out.data : "", c->out.len, reason,
			    sizeof(reason));
		}
	}
	if (v == IMAP_MSG_STOP) {
		snprintf(err, errlen, "%s: %s; it stays in %s for the next run",
		    where, reason[0] ? reason : "not stored", c->mailbox);
		return -1;
	}
	folder = v == IMAP_MSG_DONE ? a->done_folder : a->failed_folder;
	if (imap_move(c, uid, folder, err, errlen) < 0)
		return -1;
	if (c->cb->moved != NULL)
		c->cb->moved(c->cb->arg, c->account, c->uidvalidity, uid);
	if (v == IMAP_MSG_FAILED) {
		st->failed++;
		say(c, "%s: moved to \"%s\": %s", where, folder,
		    reason[0] ? reason : "no report in it");
	} else if (recovered)
		st->recovered++;
	else
		st->done++;
	return 0;
}

int
imap_fetch_run(const struct imap_account *acct, const struct imap_fetch_cb *cb,
    struct imap_fetch_stats *st, char *err, size_t errlen)
{
	struct imap_account a = *acct;
	struct imap_conn c = { .acct = &a, .cb = cb };
	uint32_t *uids = NULL;
	size_t n = 0, i = 0;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	if (a.batch == 0)
		a.batch = IMAP_DEFAULT_BATCH;
	if (a.max_bytes == 0)
		a.max_bytes = IMAP_DEFAULT_MAX;
	if (a.timeout_s <= 0)
		a.timeout_s = IMAP_DEFAULT_TIMEOUT_S;
	if ((a.password == NULL) == (a.bearer == NULL) || a.username == NULL ||
	    a.done_folder == NULL || a.failed_folder == NULL) {
		snprintf(err, errlen, "%s: the IMAP account needs a user name, "
		    "a password or a token, and the two folders", a.url);
		return -1;
	}
	if (imap_open(&c, err, errlen) < 0 || imap_login(&c, err, errlen) < 0)
		goto out;
	st->uidvalidity = c.uidvalidity;
	if (imap_search(&c, &uids, &n, err, errlen) < 0)
		goto out;
	st->listed = n;
	if (n > 0 && (ensure_folder(&c, a.done_folder, err, errlen) < 0 ||
	    ensure_folder(&c, a.failed_folder, err, errlen) < 0))
		goto out;
	for (i = 0; i < n && i < a.batch; i++)
		if (one_message(&c, uids[i], st, err, errlen) < 0)
			goto out;
	rc = 0;
out:
	st->left = n - (st->done + st->failed + st->recovered);
	free(uids);
	free(c.out.data);
	curl_free(c.mailbox_esc);
	if (c.h != NULL)
		curl_easy_cleanup(c.h);
	return rc;
}
