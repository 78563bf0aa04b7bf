/*
 * mta_sts_policy.c -- MTA-STS TXT record id and policy grammar (RFC 8461
 * §3.1, §3.2) and MX pattern matching (§4.1); see mta_sts_policy.h.
 *
 * The policy is "name: value" lines ended by LF or CRLF; names and the
 * values of version and mode are case-sensitive (%s in the ABNF).
 * Unknown fields are ignored by senders (noted). A policy that lacks
 * version, mode or max_age, or has a value out of the grammar, is one
 * senders discard, as is an enforce or testing policy without one usable
 * mx pattern: MTA_STS_DISCARDED. That is a warning, not critical: senders
 * then deliver as if the domain had no policy (mail flows, unprotected).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/dns/dnsname.h"
#include "probes/tls/mta_sts_policy.h"
#include "probes/tls/tls_txt.h"

#define MTA_STS_DISCARDED	FINDING_WARNING

/* ---- the TXT record ---------------------------------------------------- */

struct mta_sts_id_walk {
	char		*id;
	size_t		 nids;
	struct verdict	*v;
};

static int
mta_sts_id_field(void *arg, const struct tls_txt_field *f)
{
	struct mta_sts_id_walk *w = arg;
	bool ok = f->name != NULL && f->vlen > 0 && f->vlen <= MTA_STS_ID_MAX;

	if (f->name == NULL || f->nlen != 2 || memcmp(f->name, "id", 2) != 0)
		return 0;		/* extensions are ignored (§3.1) */
	for (size_t i = 0; ok && i < f->vlen; i++)
		ok = isalnum((unsigned char)f->value[i]);
	if (w->nids++ > 0)
		return 0;
	if (!ok) {
		verdict_add(w->v, MTA_STS_DISCARDED,
		    "the MTA-STS record's id \"%.*s\" is not 1 to %d letters "
		    "and digits\nSenders treat a record they cannot parse as "
		    "no policy (RFC 8461 §3.1). Fix: use an id such as a "
		    "timestamp, id=20261204T120000.", (int)(f->vlen > 40 ? 40 :
		    f->vlen), f->value, MTA_STS_ID_MAX);
		return 0;
	}
	memcpy(w->id, f->value, f->vlen);
	w->id[f->vlen] = '\0';
	return 0;
}

int
mta_sts_record_id(const char *text, size_t len, char *id, struct verdict *v)
{
	struct mta_sts_id_walk w = { .id = id, .v = v };

	id[0] = '\0';
	(void)tls_txt_fields(text, len, MTA_STS_VERSION, mta_sts_id_field, &w);
	if (w.nids == 0)
		verdict_add(v, MTA_STS_DISCARDED,
		    "the MTA-STS record has no id= field\nid is required "
		    "(RFC 8461 §3.1): without it senders see no policy. Fix: "
		    "\"v=STSv1; id=20261204T120000;\".");
	else if (w.nids > 1)
		verdict_add(v, FINDING_WARNING,
		    "the MTA-STS record has %zu id= fields\nSenders may take "
		    "either, and a change of policy needs a change of id. Fix: "
		    "keep one id=.", w.nids);
	return id[0] != '\0' ? 0 : -1;
}

/* ---- the policy -------------------------------------------------------- */

struct mta_sts_parse {
	struct mta_sts_policy	*p;
	struct verdict		*v;
	unsigned		 seen;		/* bit per field of the table */
};

static const struct {
	const char		*word;
	enum mta_sts_mode	 mode;
} mta_sts_modes[] = {
	{ "enforce", MTA_STS_MODE_ENFORCE },
	{ "testing", MTA_STS_MODE_TESTING },
	{ "none", MTA_STS_MODE_NONE },
};

const char *
mta_sts_mode_name(enum mta_sts_mode m)
{
	for (size_t i = 0; i < sizeof(mta_sts_modes) / sizeof(mta_sts_modes[0]);
	    i++)
		if (mta_sts_modes[i].mode == m)
			return mta_sts_modes[i].word;
	return "(none given)";
}

static int
mta_sts_f_version(struct mta_sts_parse *s, const char *val, size_t n)
{
	s->p->version_ok = n == 5 && memcmp(val, "STSv1", 5) == 0;
	if (!s->p->version_ok)
		verdict_add(s->v, MTA_STS_DISCARDED,
		    "policy version \"%.*s\" is not STSv1\nSenders discard a "
		    "policy of another version (RFC 8461 §3.2). Fix: the first "
		    "line must be \"version: STSv1\".", (int)(n > 40 ? 40 : n),
		    val);
	return 0;
}

static int
mta_sts_f_mode(struct mta_sts_parse *s, const char *val, size_t n)
{
	for (size_t i = 0; i < sizeof(mta_sts_modes) / sizeof(mta_sts_modes[0]);
	    i++)
		if (strlen(mta_sts_modes[i].word) == n &&
		    memcmp(mta_sts_modes[i].word, val, n) == 0) {
			s->p->mode = mta_sts_modes[i].mode;
			return 0;
		}
	verdict_add(s->v, MTA_STS_DISCARDED,
	    "policy mode \"%.*s\" is not enforce, testing or none\nSenders "
	    "discard the policy (RFC 8461 §3.2; the values are lower case). "
	    "Fix: \"mode: enforce\" or \"mode: testing\".",
	    (int)(n > 40 ? 40 : n), val);
	return 0;
}

static int
mta_sts_f_max_age(struct mta_sts_parse *s, const char *val, size_t n)
{
	long age = 0;
	bool ok = n > 0 && n <= 10;

	for (size_t i = 0; ok && i < n; i++) {
		ok = isdigit((unsigned char)val[i]);
		age = age * 10 + (val[i] - '0');
	}
	if (!ok || age > MTA_STS_MAX_AGE_MAX) {
		verdict_add(s->v, MTA_STS_DISCARDED,
		    "policy max_age \"%.*s\" is not a number of seconds up to "
		    "%ld\nSenders discard the policy (RFC 8461 §3.2). Fix: "
		    "\"max_age: 604800\" (a week) or more.",
		    (int)(n > 40 ? 40 : n), val, MTA_STS_MAX_AGE_MAX);
		return 0;
	}
	s->p->max_age = age;
	return 0;
}

/* n bytes of val as an IP literal; val is the policy body, not a C string. */
static bool
mta_sts_is_ip_literal(const char *val, size_t n)
{
	char	 name[256];

	if (n >= sizeof(name))
		return false;
	memcpy(name, val, n);
	name[n] = '\0';
	return dnsname_is_ip_literal(name);
}

/* allowed: a host name, or "*." and a host name (§3.2 mx). */
static int
mta_sts_f_mx(struct mta_sts_parse *s, const char *val, size_t n)
{
	size_t	 off = n > 2 && val[0] == '*' && val[1] == '.' ? 2 : 0;
	char	**mx;

	if (!dnsname_valid(val + off, n - off) ||
	    mta_sts_is_ip_literal(val + off, n - off) ||
	    memchr(val + off, '*', n - off) != NULL) {
		verdict_add(s->v, FINDING_WARNING,
		    "policy mx \"%.*s\" is not a host name or \"*.\" and one\n"
		    "No MX can match it (RFC 8461 §3.2). Fix: write the MX host "
		    "name as in the MX record, or *.example.com for one label "
		    "below example.com.", (int)(n > 80 ? 80 : n), val);
		return 0;
	}
	if ((mx = realloc(s->p->mx, (s->p->nmx + 1) * sizeof(*mx))) == NULL)
		return -1;
	s->p->mx = mx;
	if ((mx[s->p->nmx] = strndup(val, n)) == NULL)
		return -1;
	s->p->nmx++;
	return 0;
}

/* The policy's fields; "mx" may repeat, the others may not. */
static const struct {
	const char	*name;
	bool		 repeats;
	int		(*set)(struct mta_sts_parse *, const char *, size_t);
} mta_sts_fields[] = {
	{ "version", false, mta_sts_f_version },
	{ "mode", false, mta_sts_f_mode },
	{ "max_age", false, mta_sts_f_max_age },
	{ "mx", true, mta_sts_f_mx },
};

#define MTA_STS_NFIELDS	(sizeof(mta_sts_fields) / sizeof(mta_sts_fields[0]))
#define MTA_STS_MX_BIT	(1u << 3)	/* "mx" in mta_sts_fields */

/* One line (without its LF/CRLF) of n bytes. */
static int
mta_sts_line(struct mta_sts_parse *s, const char *line, size_t n)
{
	const char	*colon = memchr(line, ':', n), *val;
	size_t		 nn, vn;

	if (n == 0)
		return 0;
	if (colon == NULL || !tls_txt_name_ok(line, (size_t)(colon - line))) {
		verdict_add(s->v, MTA_STS_DISCARDED,
		    "policy line \"%.*s\" is not \"name: value\"\nSenders "
		    "that parse strictly discard the policy (RFC 8461 §3.2). "
		    "Fix: one field a line, such as \"mode: enforce\".",
		    (int)(n > 60 ? 60 : n), line);
		return 0;
	}
	nn = (size_t)(colon - line);
	val = colon + 1;
	vn = n - nn - 1;
	while (vn > 0 && (*val == ' ' || *val == '\t'))
		val++, vn--;
	while (vn > 0 && (val[vn - 1] == ' ' || val[vn - 1] == '\t'))
		vn--;
	for (size_t i = 0; i < MTA_STS_NFIELDS; i++) {
		if (strlen(mta_sts_fields[i].name) != nn ||
		    memcmp(mta_sts_fields[i].name, line, nn) != 0)
			continue;
		if ((s->seen & (1u << i)) && !mta_sts_fields[i].repeats) {
			verdict_add(s->v, FINDING_WARNING,
			    "policy field %s appears more than once\nSenders "
			    "may use either value. Fix: keep one %s line.",
			    mta_sts_fields[i].name, mta_sts_fields[i].name);
			return 0;
		}
		s->seen |= 1u << i;
		return mta_sts_fields[i].set(s, val, vn);
	}
	verdict_note(s->v, "policy field \"%.*s\" is not defined by RFC 8461 "
	    "(senders ignore it)", (int)(nn > 40 ? 40 : nn), line);
	return 0;
}

/* What the policy lacks, after every line was read. */
static void
mta_sts_required(struct mta_sts_parse *s)
{
	struct mta_sts_policy *p = s->p;

	for (size_t i = 0; i < MTA_STS_NFIELDS; i++) {
		if (s->seen & (1u << i))
			continue;
		if (strcmp(mta_sts_fields[i].name, "mx") == 0 &&
		    p->mode == MTA_STS_MODE_NONE)
			continue;	/* a withdrawn policy needs no mx */
		verdict_add(s->v, MTA_STS_DISCARDED,
		    "the policy has no %s field\nIt is required (RFC 8461 "
		    "§3.2): senders discard the policy. Fix: add a \"%s: ...\" "
		    "line.", mta_sts_fields[i].name, mta_sts_fields[i].name);
	}
	if ((s->seen & MTA_STS_MX_BIT) && p->nmx == 0 &&
	    p->mode != MTA_STS_MODE_NONE)
		verdict_add(s->v, MTA_STS_DISCARDED,
		    "no mx pattern of the policy is usable\nNo MX matches it: "
		    "in enforce mode senders deliver nowhere. Fix: list each "
		    "MX host as \"mx: host\".");
	p->usable = p->version_ok && p->mode != MTA_STS_MODE_UNSET &&
	    p->max_age >= 0 && (p->nmx > 0 || p->mode == MTA_STS_MODE_NONE);
}

int
mta_sts_policy_parse(const char *body, size_t len, struct mta_sts_policy *p,
    struct verdict *v)
{
	struct mta_sts_parse	 s = { .p = p, .v = v };
	size_t			 i = 0;

	memset(p, 0, sizeof(*p));
	p->max_age = -1;
	if (memchr(body, '\0', len) != NULL) {
		verdict_add(v, MTA_STS_DISCARDED,
		    "the policy contains a NUL byte\nIt is not text: senders "
		    "discard it. Fix: serve the policy as plain text.");
		return 0;
	}
	while (i < len) {
		const char *nl = memchr(body + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - body) : len, n;

		n = end - i;
		if (n > 0 && body[end - 1] == '\r')
			n--;
		if (mta_sts_line(&s, body + i, n) == -1)
			return -1;
		i = end + 1;
	}
	mta_sts_required(&s);
	return 0;
}

void
mta_sts_policy_free(struct mta_sts_policy *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nmx; i++)
		free(p->mx[i]);
	free(p->mx);
	memset(p, 0, sizeof(*p));
}

bool
mta_sts_mx_match(const char *pattern, const char *host)
{
	size_t pl = strlen(pattern), hl = strlen(host);

	if (pl > 0 && pattern[pl - 1] == '.')
		pl--;
	if (hl > 0 && host[hl - 1] == '.')
		hl--;
	if (pl > 2 && pattern[0] == '*' && pattern[1] == '.') {
		const char *suffix = pattern + 1;	/* ".example.com" */
		size_t sl = pl - 1, label;

		if (hl <= sl || strncasecmp(host + hl - sl, suffix, sl) != 0)
			return false;
		label = hl - sl;			/* one label, no dot */
		return label > 0 && memchr(host, '.', label) == NULL;
	}
	return pl == hl && strncasecmp(pattern, host, pl) == 0;
}

const char *
mta_sts_policy_match(const struct mta_sts_policy *p, const char *host)
{
	for (size_t i = 0; i < p->nmx; i++)
		if (mta_sts_mx_match(p->mx[i], host))
			return p->mx[i];
	return NULL;
}
