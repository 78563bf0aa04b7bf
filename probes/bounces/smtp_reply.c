/*
 * smtp_reply.c -- parses an SMTP reply (RFC 5321 §4.2) and its enhanced
 * status code (RFC 3463); see smtp_reply.h.
 *
 * Replies reach us in three shapes: as sent ("550-5.7.26 ...\r\n550 5.7.26
 * ..."), joined on one line the way Postfix logs them ("550-5.7.26 ...
 * 550-5.7.26 ... 550 5.7.26 ...") and after a prefix ("host mx[192.0.2.1]
 * said: 550 ...", Exim's "SMTP error from remote mail server after RCPT
 * TO:<a@b>: 550 ..."). The text is rebuilt word by word with every copy of
 * the codes left out, so the same reply gives the same text in all three.
 */
#include <stdio.h>
#include <string.h>

#include "probes/bounces/smtp_reply.h"

#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define IS_SPACE(c)	((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')

/*
 * Bytes of white space at p: also Exim's escaped line breaks, "\n" as
 * two characters, which is how its log shows a multi-line reply.
 */
static size_t
smtp_space_at(const char *p, const char *end)
{
	if (p < end && IS_SPACE(*p))
		return 1;
	if (end - p >= 2 && p[0] == '\\' && (p[1] == 'n' || p[1] == 'r'))
		return 2;
	return 0;
}

/* Where the command the reply answered is named, and what we call it. */
static const struct {
	const char	*marker;
	const char	*stage;
} smtp_stages[] = {
	{ "RCPT TO", "RCPT TO" },
	{ "MAIL FROM", "MAIL FROM" },
	{ "end of DATA", "end of DATA" },
	{ "end of data", "end of DATA" },
	{ "DATA", "DATA" },
	{ "EHLO", "EHLO" },
	{ "HELO", "HELO" },
	{ "STARTTLS", "STARTTLS" },
	{ "initial connection", "connect" },
	{ "AUTH", "AUTH" },
};

/* A basic code at s: [2-5][0-5][0-9] then a space, '-' or the end. */
static int
smtp_code_at(const char *s, const char *end)
{
	if (end - s < 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' ||
	    s[1] > '5' || !IS_DIGIT(s[2]))
		return 0;
	if (end - s > 3 && s[3] != ' ' && s[3] != '-' && s[3] != '\r' &&
	    s[3] != '\n' && s[3] != '\t')
		return 0;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

/*
 * An enhanced code in the word w[0..n): "5.7.26" or Exchange's "#5.1.1".
 * Returns 1 and fills the parts, or 0.
 */
static int
smtp_enh_word(const char *w, size_t n, int *cls, int *subj, int *det)
{
	int part[3] = { 0, 0, 0 };
	size_t i = 0, digits;

	if (n > 0 && w[0] == '#')
		i++;
	while (n > i && (w[n - 1] == ';' || w[n - 1] == ',' || w[n - 1] == ':'))
		n--;
	for (int p = 0; p < 3; p++) {
		/* RFC 3463 allows at most three digits a part; stopping there
		 * also keeps "5500005400" from overflowing the int. */
		for (digits = 0; i < n && IS_DIGIT(w[i]); i++, digits++) {
			if (digits == 3)
				return 0;
			part[p] = part[p] * 10 + (w[i] - '0');
		}
		if (digits == 0)
			return 0;
		if (p < 2) {
			if (i >= n || w[i] != '.')
				return 0;
			i++;
		}
	}
	if (i != n || (part[0] != 2 && part[0] != 4 && part[0] != 5))
		return 0;
	*cls = part[0];
	*subj = part[1];
	*det = part[2];
	return 1;
}

/*
 * How many leading bytes of the word w[0..n) are the reply's codes, to be
 * left out: n for a code alone, 4 for "451-" glued to text (Exim's
 * "451-192.0.2.10 is not yet authorized"), 0 for a word of text. An
 * enhanced code counts only where a line starts: first in the text or
 * right after a basic code (*after_code).
 */
static size_t
smtp_word_code_len(struct smtp_reply *r, const char *w, size_t n,
    bool *after_code)
{
	int c, s, d;
	size_t skip = 0;

	if (r->code != 0 && n >= 3 && smtp_code_at(w, w + 3) == r->code &&
	    (n == 3 || w[3] == '-')) {
		skip = n == 3 ? 3 : 4;
		*after_code = true;
		if (skip == n)
			return n;
	}
	if (!*after_code || !smtp_enh_word(w + skip, n - skip, &c, &s, &d)) {
		*after_code = false;
		return skip;
	}
	*after_code = false;
	if (!r->has_enh) {
		r->has_enh = true;
		r->enh_class = c;
		r->enh_subject = s;
		r->enh_detail = d;
		return n;
	}
	return c == r->enh_class && s == r->enh_subject && d == r->enh_detail ?
	    n : skip;
}

/* Finds the first basic code after a prefix such as "... said: ". */
static const char *
smtp_find_code(const char *s, const char *end)
{
	for (const char *p = s; p < end; p++) {
		if (p != s && p[-1] != ' ' && p[-1] != ':' && p[-1] != '(' &&
		    p[-1] != '\n')
			continue;
		if (smtp_code_at(p, end) != 0)
			return p;
	}
	return NULL;
}

static void
smtp_set_stage(struct smtp_reply *r, const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(smtp_stages) / sizeof(smtp_stages[0]); i++) {
		size_t m = strlen(smtp_stages[i].marker);
		if (n >= m && strncmp(s, smtp_stages[i].marker, m) == 0) {
			snprintf(r->stage, sizeof(r->stage), "%s",
			    smtp_stages[i].stage);
			return;
		}
	}
}

/* Postfix's trailing "(in reply to X command)": cut it, note X. */
static const char *
smtp_cut_in_reply(struct smtp_reply *r, const char *s, const char *end)
{
	static const char tag[] = "(in reply to ";
	const char *p = memmem(s, (size_t)(end - s), tag, sizeof(tag) - 1);

	if (p == NULL)
		return end;
	smtp_set_stage(r, p + sizeof(tag) - 1,
	    (size_t)(end - p) - (sizeof(tag) - 1));
	while (p > s && IS_SPACE(p[-1]))
		p--;
	return p;
}

/* Exim's "... after RCPT TO:<a@b>: 550 ...": the stage from the prefix. */
static void
smtp_prefix_stage(struct smtp_reply *r, const char *s, const char *code)
{
	static const char tag[] = "after ";
	const char *p = memmem(s, (size_t)(code - s), tag, sizeof(tag) - 1);

	if (p != NULL && r->stage[0] == '\0')
		smtp_set_stage(r, p + sizeof(tag) - 1,
		    (size_t)(code - p) - (sizeof(tag) - 1));
}

/*
 * qmail puts the enhanced code at the end, in "(#5.1.1)"; taken only
 * when no code started a line.
 */
static void
smtp_qmail_enh(struct smtp_reply *r, const char *s, const char *end)
{
	static const char tag[] = "(#";
	const char *p = s, *close;

	while ((p = memmem(p, (size_t)(end - p), tag, sizeof(tag) - 1)) !=
	    NULL) {
		p += sizeof(tag) - 1;
		close = memchr(p, ')', (size_t)(end - p));
		if (close != NULL && smtp_enh_word(p, (size_t)(close - p),
		    &r->enh_class, &r->enh_subject, &r->enh_detail)) {
			r->has_enh = true;
			return;
		}
	}
}

int
smtp_reply_parse(const char *s, size_t len, struct smtp_reply *r)
{
	const char *end = s + len, *p, *code;
	size_t o = 0;
	bool after_code = true;

	memset(r, 0, sizeof(*r));
	while (s < end && IS_SPACE(*s))
		s++;
	end = smtp_cut_in_reply(r, s, end);
	code = smtp_find_code(s, end);
	if (code != NULL) {
		r->code = smtp_code_at(code, end);
		smtp_prefix_stage(r, s, code);
		s = code;
	}
	for (p = s; p < end;) {
		const char *w;
		size_t n, skip, sp;

		while ((sp = smtp_space_at(p, end)) > 0)
			p += sp;
		for (w = p; p < end && smtp_space_at(p, end) == 0; p++)
			;
		n = (size_t)(p - w);
		skip = n > 0 ? smtp_word_code_len(r, w, n, &after_code) : 0;
		w += skip;
		n -= skip;
		if (n == 0)
			continue;
		if (o + n + 2 > sizeof(r->text))
			break;
		if (o > 0)
			r->text[o++] = ' ';
		memcpy(r->text + o, w, n);
		o += n;
	}
	r->text[o] = '\0';
	if (!r->has_enh)
		smtp_qmail_enh(r, s, end);
	return r->code != 0 ? 0 : -1;
}
