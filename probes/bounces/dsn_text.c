/*
 * dsn_text.c -- the plain-text bounces that carry no RFC 3464 part (see
 * bounce_mail.h): each MTA's own layout, as a table of the line that
 * opens the recipient list and how a recipient and its reason are laid
 * out below it.
 *
 *   qmail-send   "<a@b>:" then the reason's lines ("Remote host said:
 *                550 ..." when the remote server answered)
 *   Exim         "  a@b" (two spaces) then its details indented by four
 *                ("SMTP error from remote mail server after RCPT TO:...")
 *   Sendmail     "<a@b>" then "    (reason: 550 ...)"
 *
 * The list ends at the copy of the message or at text back at column 0.
 */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "probes/bounces/bounce_mail.h"

#define DSN_REPLY_MAX	2048

enum dsn_layout { DSN_QMAIL, DSN_EXIM, DSN_SENDMAIL };

static const struct {
	const char		*opens;		/* a line containing this */
	enum dsn_layout		 layout;
	enum mtalog_status	 status;
} dsn_text_forms[] = {
	{ "This is a permanent error; I've given up", DSN_QMAIL,
	  MTALOG_BOUNCED },
	{ "The following address(es) failed:", DSN_EXIM, MTALOG_BOUNCED },
	{ "has not yet been delivered is:", DSN_EXIM, MTALOG_DEFERRED },
	{ "have not yet been delivered are:", DSN_EXIM, MTALOG_DEFERRED },
	{ "following addresses had permanent fatal errors", DSN_SENDMAIL,
	  MTALOG_BOUNCED },
	{ "following addresses had transient non-fatal errors", DSN_SENDMAIL,
	  MTALOG_DEFERRED },
};

/* Where the copy of the original message starts: the list ends there. */
static const char *const dsn_text_ends[] = {
	"--- Below this line is a copy of the message",
	"------ This is a copy of the message",
	"----- Transcript of session follows",
	"----- Original message follows",
};

struct dsn_line {
	const char	*s;
	size_t		 n;
};

static bool
line_has(const struct dsn_line *l, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; i + m <= l->n; i++)
		if (strncasecmp(l->s + i, needle, m) == 0)
			return true;
	return false;
}

static size_t
lead_spaces(const struct dsn_line *l)
{
	size_t i = 0;

	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i;
}

/* Appends line text to reply (one space between lines). */
static void
reply_add(char *reply, size_t *o, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (n == 0 || *o + n + 2 >= DSN_REPLY_MAX)
		return;
	if (*o > 0)
		reply[(*o)++] = ' ';
	memcpy(reply + *o, s, n);
	*o += n;
	reply[*o] = '\0';
}

/* A recipient line of layout; fills the address. */
static bool
rcpt_line(enum dsn_layout layout, const struct dsn_line *l, const char **a,
    size_t *an)
{
	const char *s = l->s, *e = l->s + l->n;

	while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
		e--;
	switch (layout) {
	case DSN_QMAIL:
		if (e - s < 4 || s[0] != '<' || e[-1] != ':' || e[-2] != '>')
			return false;
		*a = s + 1;
		*an = (size_t)(e - s) - 3;
		return memchr(*a, '@', *an) != NULL;
	case DSN_EXIM:
		if (lead_spaces(l) != 2 || l->n < 4)
			return false;
		*a = s + 2;
		*an = (size_t)(e - *a);
		return memchr(*a, '@', *an) != NULL &&
		    memchr(*a, ' ', *an) == NULL;
	case DSN_SENDMAIL:
		if (lead_spaces(l) != 0 || s == e || s[0] != '<' || e[-1] != '>')
			return false;
		*a = s + 1;
		*an = (size_t)(e - s) - 2;
		return memchr(*a, '@', *an) != NULL;
	}
	return false;
}

/* The reason text a detail line adds, per layout. */
static void
detail_line(enum dsn_layout layout, const struct dsn_line *l, char *reply,
    size_t *o)
{
	const char *p;
	size_t skip;

	switch (layout) {
	case DSN_QMAIL:
		if ((p = memmem(l->s, l->n, "Remote host said:", 17)) != NULL) {
			*o = 0;
			reply_add(reply, o, p + 17, l->n - (size_t)(p + 17 - l->s));
		} else if (!line_has(l, "Giving up on") &&
		    !line_has(l, "does not like recipient"))
			reply_add(reply, o, l->s, l->n);
		break;
	case DSN_EXIM:
		skip = lead_spaces(l);
		if (skip >= 4 && !(l->n > skip + 5 &&
		    strncmp(l->s + skip, "host ", 5) == 0))
			reply_add(reply, o, l->s + skip, l->n - skip);
		break;
	case DSN_SENDMAIL:
		if ((p = memmem(l->s, l->n, "(reason: ", 9)) != NULL) {
			size_t n = l->n - (size_t)(p + 9 - l->s);
			while (n > 0 && (p[9 + n - 1] == ')' ||
			    p[9 + n - 1] == '\r' || p[9 + n - 1] == ' '))
				n--;
			reply_add(reply, o, p + 9, n);
		}
		break;
	}
}

static int
emit(bounce_mail_rcpt_fn fn, void *arg, enum mtalog_status status,
    const char *a, size_t an, const char *reply, size_t o)
{
	struct bounce_mail_rcpt r = { 0 };

	r.status = status;
	r.rcpt = a;
	r.rcpt_len = an;
	r.reply = reply;
	r.reply_len = o;
	r.relay = "";
	return fn(arg, &r);
}

int
dsn_text_scan(const char *body, size_t len, bounce_mail_rcpt_fn fn, void *arg)
{
	const char *p, *end, *a = NULL;
	char reply[DSN_REPLY_MAX];
	size_t an = 0, o = 0;
	int form = -1, found = 0;

	/* an empty body may come as NULL, and NULL + 0 is undefined */
	if (len == 0)
		return 0;
	p = body;
	end = body + len;
	reply[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct dsn_line l = { p, nl ? (size_t)(nl - p) : (size_t)(end - p) };
		const char *na;
		size_t nan;
		bool stop = false;

		p = nl ? nl + 1 : end;
		if (form < 0) {
			for (size_t i = 0; i < sizeof(dsn_text_forms) /
			    sizeof(dsn_text_forms[0]); i++)
				if (line_has(&l, dsn_text_forms[i].opens))
					form = (int)i;
			continue;
		}
		for (size_t i = 0; i < sizeof(dsn_text_ends) /
		    sizeof(dsn_text_ends[0]); i++)
			if (line_has(&l, dsn_text_ends[i]))
				stop = true;
		if (!stop && rcpt_line(dsn_text_forms[form].layout, &l, &na,
		    &nan)) {
			if (a != NULL) {
				if (emit(fn, arg, dsn_text_forms[form].status,
				    a, an, reply, o) == -1)
					return -1;
				found++;
			}
			a = na;
			an = nan;
			o = 0;
			reply[0] = '\0';
			continue;
		}
		if (stop)
			break;
		if (a != NULL && l.n > 0)
			detail_line(dsn_text_forms[form].layout, &l, reply, &o);
	}
	if (a != NULL) {
		if (emit(fn, arg, dsn_text_forms[form].status, a, an, reply,
		    o) == -1)
			return -1;
		found++;
	}
	return found;
}
