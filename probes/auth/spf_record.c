/*
 * spf_record.c -- SPF record syntax and policy (RFC 7208). Terms are
 * separated by spaces; a mechanism is [qualifier]name[:domain][/cidr],
 * a modifier name=value. Receivers answer permerror for an unknown
 * mechanism, a bad CIDR or macro, or a repeated redirect/exp: those are
 * critical here. Problems land in the caller's verdict.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/spf_record.h"

/* Mechanisms and modifiers: argument rules and whether they query DNS. */
static const struct spf_mech_info {
	const char	*name;
	enum spf_mech	 mech;
	bool		 modifier;
	bool		 lookup;	/* counts toward the 10-lookup limit */
	int		 domain;	/* 0 none, 1 optional, 2 required */
	bool		 cidr;		/* /n or //n allowed */
} spf_mechs[] = {
	{ "all", SPF_M_ALL, false, false, 0, false },
	{ "include", SPF_M_INCLUDE, false, true, 2, false },
	{ "a", SPF_M_A, false, true, 1, true },
	{ "mx", SPF_M_MX, false, true, 1, true },
	{ "ptr", SPF_M_PTR, false, true, 1, false },
	{ "ip4", SPF_M_IP4, false, false, 0, false },
	{ "ip6", SPF_M_IP6, false, false, 0, false },
	{ "exists", SPF_M_EXISTS, false, true, 2, false },
	{ "redirect", SPF_M_REDIRECT, true, true, 2, false },
	{ "exp", SPF_M_EXP, true, false, 2, false },
};
#define SPF_NMECHS (sizeof(spf_mechs) / sizeof(spf_mechs[0]))

const char *
spf_mech_name(enum spf_mech m)
{
	for (size_t i = 0; i < SPF_NMECHS; i++)
		if (spf_mechs[i].mech == m)
			return spf_mechs[i].name;
	return "modifier";
}

bool
spf_record_is_spf(const char *text, size_t len)
{
	return len >= 6 && strncasecmp(text, "v=spf1", 6) == 0 &&
	    (len == 6 || text[6] == ' ');
}

bool
spf_macro_valid(const char *s, bool explain, bool *has_macro)
{
	*has_macro = false;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
	    p++) {
		if (*p != '%') {
			if ((*p < 0x21 || *p > 0x7e) && !(explain && *p == ' '))
				return false;
			continue;
		}
		p++;
		*has_macro = true;
		if (*p == '%' || *p == '_' || *p == '-')
			continue;
		if (*p != '{')
			return false;
		p++;
		if (*p == '\0' || strchr(explain ? "slodiphvcrtSLODIPHVCRT" :
		    "slodiphvSLODIPHV", *p) == NULL)
			return false;
		p++;
		if (*p == '0')		/* a DIGIT transformer is at least 1 */
			return false;
		while (isdigit(*p))
			p++;
		if (*p == 'r' || *p == 'R')
			p++;
		while (*p != '\0' && strchr(".-+,/_=", *p) != NULL)
			p++;
		if (*p != '}')
			return false;
	}
	return true;
}

/* toplabel: alphanumerics with a letter, or with inner hyphens. */
static bool
spf_toplabel_valid(const char *s, size_t n)
{
	bool alpha = false;

	if (n == 0 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			alpha = true;	/* 1*alphanum "-" ... alphanum */
		else if (isalpha((unsigned char)s[i]))
			alpha = true;
		else if (!isdigit((unsigned char)s[i]))
			return false;
	}
	return alpha;
}

bool
spf_domain_spec_valid(const char *s, bool *has_macro)
{
	size_t		 n = strlen(s);
	const char	*dot;

	if (n == 0 || !spf_macro_valid(s, false, has_macro))
		return false;
	/* Ends in a macro-expand: "%{d}", or the escapes "%%", "%_", "%-". */
	if (s[n - 1] == '}' && memchr(s, '{', n) != NULL)
		for (size_t i = n - 1; i > 0; i--)
			if (s[i] == '{')
				return s[i - 1] == '%';
	if (n >= 2 && s[n - 2] == '%' && strchr("%_-", s[n - 1]) != NULL)
		return true;
	if (s[n - 1] == '.')
		n--;
	for (dot = s + n; dot > s && dot[-1] != '.'; dot--)
		;
	if (dot == s)
		return false;		/* no "." before the top label */
	return spf_toplabel_valid(dot, (size_t)(s + n - dot));
}

static const struct spf_mech_info *
spf_mech_find(const char *name, size_t len, bool modifier)
{
	for (size_t i = 0; i < SPF_NMECHS; i++)
		if (spf_mechs[i].modifier == modifier &&
		    strlen(spf_mechs[i].name) == len &&
		    strncasecmp(spf_mechs[i].name, name, len) == 0)
			return &spf_mechs[i];
	return NULL;
}

/*
 * A CIDR length "0" or 1-9 followed by at most maxdigits-1 digits (no
 * leading zeros, RFC 7208 §5.6), at most max. Returns -1 when malformed.
 */
static int
spf_cidr_len(const char *s, size_t n, size_t maxdigits, int max)
{
	int v = 0;

	if (n == 0 || n > maxdigits || (s[0] == '0' && n > 1))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

/*
 * Splits a trailing dual-cidr-length ("/n", "//m", "/n//m") off the n
 * bytes at s. Returns the length of what precedes it, or -1 when a
 * trailing length is malformed (/33, //129, /032).
 */
static long
spf_split_cidr(const char *s, size_t n, struct spf_term *t)
{
	size_t d = n;

	while (d > 0 && isdigit((unsigned char)s[d - 1]))
		d--;
	if (d < n && d >= 2 && s[d - 1] == '/' && s[d - 2] == '/') {
		if ((t->cidr6 = spf_cidr_len(s + d, n - d, 3, 128)) == -1)
			return -1;
		n = d - 2;
		for (d = n; d > 0 && isdigit((unsigned char)s[d - 1]); d--)
			;
	}
	if (d < n && d >= 1 && s[d - 1] == '/' && (d < 2 || s[d - 2] != '/')) {
		if ((t->cidr4 = spf_cidr_len(s + d, n - d, 2, 32)) == -1)
			return -1;
		n = d - 1;
	}
	return (long)n;
}

/* ip4:/ip6: argument "addr[/len]" into t->net and the prefix length. */
static bool
spf_ip_parse(const char *arg, bool v6, struct spf_term *t)
{
	char		 addr[64];
	const char	*slash = strchr(arg, '/');
	size_t		 n = slash ? (size_t)(slash - arg) : strlen(arg);
	int		 len = v6 ? 128 : 32;

	if (n == 0 || n >= sizeof(addr))
		return false;
	memcpy(addr, arg, n);
	addr[n] = '\0';
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, t->net) != 1)
		return false;
	if (slash != NULL && (len = spf_cidr_len(slash + 1, strlen(slash + 1),
	    v6 ? 3 : 2, v6 ? 128 : 32)) == -1)
		return false;
	if (v6)
		t->cidr6 = len;
	else
		t->cidr4 = len;
	return true;
}

/* "...~all" glued to the previous term? Returns the qualifier or 0. */
static char
spf_glued_all(const char *t, size_t n)
{
	if (n > 4 && strncasecmp(t + n - 3, "all", 3) == 0 &&
	    strchr("+-~?", t[n - 4]) != NULL)
		return t[n - 4];
	return 0;
}

static int
spf_push(struct spf_record *rec, const struct spf_term *t)
{
	struct spf_term	*v = realloc(rec->v, (rec->n + 1) * sizeof(*v));

	if (v == NULL)
		return -1;
	rec->v = v;
	v[rec->n++] = *t;
	return 0;
}

/* name "=" for a modifier: ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ). */
static size_t
spf_modifier_name(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' ||
	    s[i] == '-' || s[i] == '.'))
		i++;
	return i < n && s[i] == '=' ? i : 0;
}

/* A modifier (name=value at s). Returns 0, -1 on permerror, -2 no memory. */
static int
spf_modifier_parse(const char *domain, char *term, size_t nl,
    struct spf_record *rec, struct verdict *v)
{
	struct spf_term			 t = { .qualifier = '+', .text = term,
					    .cidr4 = 32, .cidr6 = 128 };
	const struct spf_mech_info	*mi = spf_mech_find(term, nl, true);
	const char			*value = term + nl + 1;
	bool				 ok;

	t.mech = mi ? mi->mech : SPF_M_UNKNOWN_MOD;
	ok = mi ? spf_domain_spec_valid(value, &t.has_macro) :
	    spf_macro_valid(value, true, &t.has_macro);
	if (!ok) {
		verdict_add(v, FINDING_CRITICAL,
		    "\"%s\": \"%s\" is not a valid %s (SPF record of %s)\n"
		    "Receivers return permerror. Fix: check the spelling; "
		    "macros look like %%{i} or %%{d2}.", term, value,
		    mi ? "domain or macro" : "modifier value", domain);
		free(term);
		return -1;
	}
	if ((t.domain = strdup(value)) == NULL) {
		free(term);
		return -2;
	}
	if (mi == NULL)
		verdict_add(v, FINDING_WARNING,
		    "unknown modifier \"%s\" in the SPF record of %s\n"
		    "Receivers ignore it, so it has no effect (a typo?). Fix: "
		    "correct or remove it.", term, domain);
	if (spf_push(rec, &t) == -1) {
		free(t.domain);
		free(term);
		return -2;
	}
	return 0;
}

/* Why a mechanism's argument is wrong, for the message. */
static void
spf_bad_arg(struct verdict *v, const char *domain, const char *term,
    const struct spf_mech_info *mi, const char *arg)
{
	if (mi->mech == SPF_M_IP4 || mi->mech == SPF_M_IP6)
		verdict_add(v, FINDING_CRITICAL,
		    "\"%s\" is not a valid %s network (SPF record of %s)\n"
		    "Receivers return permerror. Fix: write %s:%s with a "
		    "prefix length of at most %d.", term, mi->name, domain,
		    mi->name, mi->mech == SPF_M_IP4 ? "192.0.2.0/24" :
		    "2001:db8::/32", mi->mech == SPF_M_IP4 ? 32 : 128);
	else if (mi->domain == 2 && (*arg != ':' || arg[1] == '\0'))
		verdict_add(v, FINDING_CRITICAL,
		    "\"%s\" needs a domain (SPF record of %s)\n"
		    "Receivers return permerror. Fix: write "
		    "%s:domain.example.", term, domain, mi->name);
	else if (*arg == ':' && mi->domain != 0)
		verdict_add(v, FINDING_CRITICAL,
		    "\"%s\": \"%s\" is not a valid domain or macro "
		    "(SPF record of %s)\nReceivers return permerror. "
		    "Fix: check the spelling; macros look like "
		    "%%{i} or %%{d2}.", term, arg + 1, domain);
	else
		verdict_add(v, FINDING_CRITICAL,
		    "\"%s\": unexpected or bad \"%s\" (SPF record of "
		    "%s)\nReceivers return permerror. Fix: %s.", term,
		    arg, domain, mi->cidr ? "prefix lengths are /0-32 "
		    "for IPv4 and //0-128 for IPv6, without leading zeros" :
		    "remove what follows the mechanism");
}

/*
 * A mechanism's argument (what follows its name, n bytes at arg) into t:
 * [":" domain-spec] and, for a and mx, a dual-cidr-length. Returns false
 * when receivers would return permerror.
 */
static bool
spf_mech_arg(const struct spf_mech_info *mi, const char *arg, size_t n,
    struct spf_term *t)
{
	long d = (long)n;

	if (mi->mech == SPF_M_IP4 || mi->mech == SPF_M_IP6)
		return n > 1 && arg[0] == ':' &&
		    spf_ip_parse(arg + 1, mi->mech == SPF_M_IP6, t);
	if (mi->cidr && (d = spf_split_cidr(arg, n, t)) == -1)
		return false;
	if (d == 0)
		return mi->domain != 2;
	if (mi->domain == 0 || arg[0] != ':' || d == 1)
		return false;
	if ((t->domain = strndup(arg + 1, (size_t)d - 1)) == NULL)
		return false;
	return spf_domain_spec_valid(t->domain, &t->has_macro);
}

/* One term of n bytes at s. Returns 0, -1 on permerror, -2 no memory. */
static int
spf_term_parse(const char *domain, const char *s, size_t n,
    struct spf_record *rec, struct verdict *v)
{
	struct spf_term			 t = { .qualifier = '+', .cidr4 = 32,
					    .cidr6 = 128 };
	const struct spf_mech_info	*mi;
	size_t				 nl, off = 0;
	char				*term, glued;

	if ((term = strndup(s, n)) == NULL)
		return -2;
	s = term;		/* NUL-terminated from here on */
	if ((nl = spf_modifier_name(s, n)) > 0)
		return spf_modifier_parse(domain, term, nl, rec, v);
	if (strchr("+-~?", s[0]) != NULL) {
		t.qualifier = s[0];
		off = 1;
	}
	for (nl = off; nl < n && s[nl] != ':' && s[nl] != '/'; nl++)
		;
	mi = spf_mech_find(s + off, nl - off, false);
	glued = spf_glued_all(term, n);
	if (mi == NULL || (glued && mi->mech != SPF_M_ALL)) {
		if (glued)
			verdict_add(v, FINDING_CRITICAL,
			    "\"%s\": %call is glued to the term before it "
			    "(SPF record of %s)\nReceivers return permerror, "
			    "which DMARC treats as an SPF failure. Fix: put a "
			    "space before %call.", term, glued, domain, glued);
		else
			verdict_add(v, FINDING_CRITICAL,
			    "unknown mechanism \"%s\" in the SPF record of %s\n"
			    "Receivers return permerror for the whole record. "
			    "Fix: use only all, include, a, mx, ip4, ip6, "
			    "exists (and redirect=, exp=).", term, domain);
		free(term);
		return -1;
	}
	t.mech = mi->mech;
	t.text = term;
	if (!spf_mech_arg(mi, s + nl, n - nl, &t)) {
		spf_bad_arg(v, domain, term, mi, s + nl);
		free(t.domain);
		free(term);
		return -1;
	}
	if (mi->lookup)
		rec->lookups++;
	t.after_all = rec->all >= 0;
	if (spf_push(rec, &t) == -1) {
		free(t.domain);
		free(term);
		return -2;
	}
	return 0;
}

/* Policy problems once all terms are parsed. */
static int
spf_check_policy(const char *domain, const char *text,
    struct spf_record *rec, struct verdict *v)
{
	int	 rc = 0, nredirect = 0, nexp = 0;

	for (size_t i = 0; i < rec->n; i++) {
		struct spf_term *t = &rec->v[i];

		if (t->mech == SPF_M_REDIRECT) {
			nredirect++;
			rec->redirect = (int)i;
		}
		if (t->mech == SPF_M_EXP)
			nexp++;
		if (t->mech == SPF_M_PTR)
			verdict_add(v, FINDING_WARNING,
			    "\"%s\": the ptr mechanism is deprecated (RFC 7208 "
			    "§5.5)\nIt is slow, unreliable, and some receivers "
			    "skip it. Fix: list your servers with ip4:/ip6: or "
			    "a: instead.", t->text);
		if (t->after_all && t->mech != SPF_M_EXP &&
		    t->mech != SPF_M_UNKNOWN_MOD)
			verdict_add(v, FINDING_WARNING,
			    "\"%s\" comes after all and is never evaluated\n"
			    "Senders it was meant to allow fail SPF. Fix: move "
			    "it before the all term.", t->text);
		if (t->mech == SPF_M_ALL && (t->qualifier == '+' ||
		    t->qualifier == '?'))
			verdict_add(v, FINDING_CRITICAL,
			    "\"%s\": the SPF record of %s %s\nAnyone can send "
			    "as this domain and pass (or not fail) SPF. Fix: "
			    "end the record with ~all or -all.", t->text, domain,
			    t->qualifier == '+' ? "allows every host on the "
			    "Internet" : "says nothing about other hosts");
	}
	if (nredirect > 1 || nexp > 1) {
		verdict_add(v, FINDING_CRITICAL,
		    "the SPF record of %s has %s more than once\nReceivers "
		    "return permerror. Fix: keep one.", domain,
		    nredirect > 1 ? "redirect=" : "exp=");
		rc = -1;
	}
	if (rec->all >= 0 && rec->redirect >= 0) {
		verdict_add(v, FINDING_WARNING,
		    "the SPF record of %s has both all and redirect=\n"
		    "redirect= is ignored when all is present. Fix: remove "
		    "one of them.", domain);
		rec->redirect = -1;
	}
	if (rec->all < 0 && rec->redirect < 0)
		verdict_add(v, FINDING_WARNING,
		    "the SPF record of %s does not end with all\nMail from "
		    "hosts not listed gets \"neutral\", which protects "
		    "nothing. Fix: end it with ~all or -all.", domain);
	if (strlen(text) > 450)
		verdict_add(v, FINDING_WARNING,
		    "the SPF record of %s is %zu bytes\nRecords over 450 "
		    "bytes risk not fitting a 512-byte UDP answer with the "
		    "other TXT records. Fix: remove unused terms or move "
		    "them into an include.", domain, strlen(text));
	return rc;
}

int
spf_record_parse(const char *domain, const char *text,
    struct spf_record *rec, struct verdict *v)
{
	size_t		 len = strlen(text), i = 6;
	int		 rc = 0;

	memset(rec, 0, sizeof(*rec));
	rec->all = rec->redirect = -1;
	if (!spf_record_is_spf(text, len)) {
		verdict_add(v, FINDING_CRITICAL,
		    "\"%.40s\" is not an SPF record\nReceivers only use TXT "
		    "records that start with \"v=spf1 \". Fix: start it so.",
		    text);
		return -1;
	}
	for (size_t k = 0; k < len; k++)
		if ((unsigned char)text[k] < 0x20 ||
		    (unsigned char)text[k] > 0x7e) {
			verdict_add(v, FINDING_CRITICAL,
			    "the SPF record of %s has a%s character (byte 0x%02x "
			    "at offset %zu)\nRecords are 7-bit ASCII with terms "
			    "separated by spaces only: receivers return "
			    "permerror. Fix: retype the record.", domain,
			    (unsigned char)text[k] < 0x20 ? " control" :
			    " non-ASCII", (unsigned char)text[k], k);
			return -1;
		}
	while (i < len) {
		size_t s;
		int r;

		while (i < len && text[i] == ' ')
			i++;
		s = i;
		while (i < len && text[i] != ' ')
			i++;
		if (i == s)
			break;
		r = spf_term_parse(domain, text + s, i - s, rec, v);
		if (r == -2)
			return -1;
		if (r == -1)
			rc = -1;
		else if (rec->n > 0 && rec->v[rec->n - 1].mech == SPF_M_ALL &&
		    rec->all < 0)
			rec->all = (int)(rec->n - 1);
	}
	if (spf_check_policy(domain, text, rec, v) == -1)
		rc = -1;
	return rc;
}

void
spf_record_free(struct spf_record *rec)
{
	if (rec == NULL)
		return;
	for (size_t i = 0; i < rec->n; i++) {
		free(rec->v[i].text);
		free(rec->v[i].domain);
	}
	free(rec->v);
	memset(rec, 0, sizeof(*rec));
	rec->all = rec->redirect = -1;
}
