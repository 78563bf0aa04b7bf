/*
 * mtalog_exim.c -- Exim main log delivery lines (see mtalog.h):
 *
 *   2026-11-23 14:00:00 1vABCD-000123-AB => a@example.com R=dnslookup
 *     T=remote_smtp H=mx.example.com [192.0.2.25] C="250 2.0.0 OK"
 *   ... ** a@example.com R=dnslookup T=remote_smtp H=mx.example.com
 *     [192.0.2.25]: SMTP error from remote mail server after RCPT
 *     TO:<a@example.com>: 550 5.1.1 User unknown
 *   ... == a@example.com ... defer (-44) H=...: SMTP error ...: 451 ...
 *
 * The flag follows the message id (after an optional [pid]); "->" is a
 * further delivery of the same message, "*>" a suppressed one (ignored).
 * "retry time not reached" deferrals are not attempts and are skipped.
 */
#include <string.h>

#include "probes/bounces/mtalog.h"

static const struct {
	const char		 flag[3];
	enum mtalog_status	 status;
} exim_flags[] = {
	{ "=>", MTALOG_SENT },
	{ "->", MTALOG_SENT },
	{ "==", MTALOG_DEFERRED },
	{ "**", MTALOG_BOUNCED },
};

/* "1vABCD-000123-AB" (old ids: "1abcDE-0001Ab-Cd"), 16 or 23 chars. */
static bool
exim_is_id(const char *t, size_t n)
{
	return (n == 16 && t[6] == '-' && t[13] == '-') ||
	    (n == 23 && t[6] == '-' && t[18] == '-');
}

bool
mtalog_exim_parse(const char *line, size_t len, struct mtalog_entry *e)
{
	const char *p = line, *end = line + len, *t, *r;
	size_t i;

	memset(e, 0, sizeof(*e));
	/* "YYYY-MM-DD HH:MM:SS" */
	if (len < 40 || line[4] != '-' || line[7] != '-' || line[10] != ' ' ||
	    line[13] != ':')
		return false;
	p = line + 19;
	/* up to four tokens (.msec is part of the time, +zone, [pid]) */
	for (int k = 0; k < 4 && p < end; k++) {
		while (p < end && *p == ' ')
			p++;
		for (t = p; p < end && *p != ' '; p++)
			;
		if (!exim_is_id(t, (size_t)(p - t)))
			continue;
		if (end - p < 5 || p[0] != ' ' || p[3] != ' ')
			return false;
		for (i = 0; i < sizeof(exim_flags) / sizeof(exim_flags[0]); i++)
			if (p[1] == exim_flags[i].flag[0] &&
			    p[2] == exim_flags[i].flag[1])
				break;
		if (i == sizeof(exim_flags) / sizeof(exim_flags[0]))
			return false;
		e->status = exim_flags[i].status;
		e->rcpt = p + 4;
		for (r = e->rcpt; r < end && *r != ' ' && *r != ':'; r++)
			;
		e->rcpt_len = (size_t)(r - e->rcpt);
		break;
	}
	if (e->status == MTALOG_NONE)
		return false;
	if ((t = memmem(e->rcpt, (size_t)(end - e->rcpt), " H=", 3)) != NULL) {
		e->relay = t + 3;
		for (r = e->relay; r < end && *r != ' ' && *r != ':'; r++)
			;
		e->relay_len = (size_t)(r - e->relay);
	}
	if (e->status == MTALOG_SENT) {
		if ((t = memmem(e->rcpt, (size_t)(end - e->rcpt), " C=\"", 4))
		    != NULL) {
			e->reply = t + 4;
			e->reply_len = (size_t)(end - e->reply);
			if (e->reply_len > 0 && e->reply[e->reply_len - 1] == '"')
				e->reply_len--;
		}
		return true;
	}
	t = memmem(e->rcpt, (size_t)(end - e->rcpt), "SMTP error from remote",
	    22);
	if (t == NULL && (t = memmem(e->rcpt, (size_t)(end - e->rcpt), ": ",
	    2)) != NULL)
		t += 2;
	if (t == NULL)
		t = end;
	e->reply = t;
	e->reply_len = (size_t)(end - t);
	if (e->status == MTALOG_DEFERRED && memmem(e->reply, e->reply_len,
	    "retry time not reached", 22) != NULL) {
		e->status = MTALOG_NONE;
		return false;
	}
	return true;
}
