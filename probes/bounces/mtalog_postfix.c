/*
 * mtalog_postfix.c -- Postfix delivery lines (see mtalog.h):
 *
 *   ... postfix/smtp[123]: 3F2A1B: to=<a@example.com>, relay=mx.example.com
 *   [192.0.2.25]:25, delay=1.2, delays=..., dsn=5.1.1, status=bounced
 *   (host mx.example.com[192.0.2.25] said: 550 5.1.1 ... (in reply to RCPT
 *   TO command))
 *
 * and the lines where a server answered outside a delivery ("host X said:
 * 421 ...", "host X refused to talk to me: 554 ..."). Lines of daemons
 * that never deliver (smtpd, cleanup, qmgr, ...) are dropped after one
 * memchr; delivery lines are read field by field, with no search.
 */
#include <string.h>

#include "probes/bounces/mtalog.h"

static const struct {
	const char		*word;
	size_t			 len;
	enum mtalog_status	 status;
} postfix_statuses[] = {
	{ "sent", 4, MTALOG_SENT },
	{ "deferred", 8, MTALOG_DEFERRED },
	{ "bounced", 7, MTALOG_BOUNCED },
	{ "expired", 7, MTALOG_BOUNCED },
};

/* Postfix daemons that never log a delivery: their lines are skipped. */
static const struct {
	const char	*name;
	size_t		 len;
} postfix_quiet[] = {
#define Q(s)	{ s, sizeof(s) - 1 }
	Q("smtpd"), Q("cleanup"), Q("qmgr"), Q("pickup"), Q("anvil"),
	Q("postscreen"), Q("dnsblog"), Q("tlsproxy"), Q("tlsmgr"),
	Q("bounce"), Q("scache"), Q("master"), Q("verify"),
	Q("trivial-rewrite"), Q("proxymap"), Q("showq"), Q("postqueue"),
	Q("postsuper"), Q("sendmail"), Q("postdrop"), Q("postfix-script"),
	Q("postmap"), Q("postlog"), Q("flush"), Q("oqmgr"),
#undef Q
};

/*
 * The text after "postfix/SERVICE[PID]: QUEUEID: " for a service that
 * may log deliveries, or NULL. The program must have a '/' in its name
 * (syslog_name/service, e.g. "postfix-out/smtp"), which tells Postfix
 * from other daemons in the same log.
 */
static const char *
postfix_body(const char *line, const char *end)
{
	const char *br, *svc, *p;
	size_t n = (size_t)(end - line) < 256 ? (size_t)(end - line) : 256;

	if ((br = memchr(line, '[', n)) == NULL)
		return NULL;
	for (svc = br; svc > line && svc[-1] != '/' && svc[-1] != ' '; svc--)
		;
	if (svc == line || svc[-1] != '/')
		return NULL;
	for (size_t i = 0; i < sizeof(postfix_quiet) / sizeof(postfix_quiet[0]);
	    i++)
		if ((size_t)(br - svc) == postfix_quiet[i].len &&
		    memcmp(svc, postfix_quiet[i].name, postfix_quiet[i].len) == 0)
			return NULL;
	for (p = br + 1; p < end && *p >= '0' && *p <= '9'; p++)
		;
	if (end - p < 3 || p[0] != ']' || p[1] != ':' || p[2] != ' ')
		return NULL;
	/* the queue id */
	for (p += 3, br = p; p < end && ((*p >= '0' && *p <= '9') ||
	    (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')); p++)
		;
	if (p == br || end - p < 2 || p[0] != ':' || p[1] != ' ')
		return NULL;
	return p + 2;
}

/* The text in the parentheses that close the line: "(...)". */
static void
postfix_paren_text(const char *p, const char *end, struct mtalog_entry *e)
{
	while (p < end && *p == ' ')
		p++;
	if (p < end && *p == '(') {
		p++;
		if (end > p && end[-1] == ')')
			end--;
	}
	e->reply = p;
	e->reply_len = (size_t)(end - p);
}

/* "host X said: ..." / "host X refused to talk to me: ...". */
static bool
postfix_session_reply(const char *p, const char *end, struct mtalog_entry *e)
{
	static const char *const tags[] = { " said: ",
	    " refused to talk to me: " };

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t tl = strlen(tags[i]);
		const char *t = memmem(p, (size_t)(end - p), tags[i], tl);
		if (t == NULL)
			continue;
		e->status = MTALOG_REPLY;
		e->relay = p + 5;
		e->relay_len = (size_t)(t - e->relay);
		e->reply = t + tl;
		e->reply_len = (size_t)(end - e->reply);
		return true;
	}
	return false;
}

/* Sets e->status from "sent", "deferred", ...; false for others. */
static bool
postfix_status(const char *w, const char *end, struct mtalog_entry *e,
    const char **after)
{
	for (size_t i = 0;
	    i < sizeof(postfix_statuses) / sizeof(postfix_statuses[0]); i++) {
		size_t n = postfix_statuses[i].len;
		if ((size_t)(end - w) >= n && memcmp(w, postfix_statuses[i].word,
		    n) == 0 && (w + n == end || w[n] == ' ')) {
			e->status = postfix_statuses[i].status;
			*after = w + n;
			return true;
		}
	}
	return false;
}

/*
 * "to=<a@b>, orig_to=<c@d>, relay=..., delay=..., delays=..., dsn=...,
 * status=WORD (reply)": the fields in order, each up to ", ".
 */
bool
mtalog_postfix_parse(const char *line, size_t len, struct mtalog_entry *e)
{
	const char *end = line + len, *p = postfix_body(line, end), *v;

	memset(e, 0, sizeof(*e));
	if (p == NULL)
		return false;
	if (end - p > 5 && memcmp(p, "host ", 5) == 0)
		return postfix_session_reply(p, end, e);
	if (end - p < 5 || memcmp(p, "to=<", 4) != 0)
		return false;
	e->rcpt = p + 4;
	if ((p = memchr(e->rcpt, '>', (size_t)(end - e->rcpt))) == NULL)
		return false;
	e->rcpt_len = (size_t)(p - e->rcpt);
	for (p++; end - p > 2 && p[0] == ',' && p[1] == ' ';) {
		const char *name = p + 2, *eq;
		size_t nlen;

		if ((eq = memchr(name, '=', (size_t)(end - name))) == NULL)
			return false;
		nlen = (size_t)(eq - name);
		v = eq + 1;
		if (nlen == 6 && memcmp(name, "status", 6) == 0) {
			if (!postfix_status(v, end, e, &p))
				return false;
			postfix_paren_text(p, end, e);
			return true;
		}
		for (p = v; p < end && !(p[0] == ',' && p + 1 < end &&
		    p[1] == ' '); p++)
			;
		if (nlen == 5 && memcmp(name, "relay", 5) == 0) {
			e->relay = v;
			e->relay_len = (size_t)(p - v);
		} else if (nlen == 3 && memcmp(name, "dsn", 3) == 0) {
			e->dsn = v;
			e->dsn_len = (size_t)(p - v);
		}
	}
	return false;
}
