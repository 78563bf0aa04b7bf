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

#include "probes/dns/dnsname.h"
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
spf_macro_valid(const char *s, bool exp, bool *has_macro)
{
	*has_macro = false;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%' || *p == '_' || *p == '-')
			continue;
		if (*p != '{')
			return false;
		p++;
		if (*p == '\0' || strchr(exp ? "slodiphvcrtSLODIPHVCRT" :
		    "slodiphvSLODIPHV", *p) == NULL)
			return false;
		p++;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == 'r' || *p == 'R')
			p++;
		while (*p != '\0' && strchr(".-+,/_=", *p) != NULL)
			p++;
		if (*p != '}')
			return false;
		*has_macro = true;
	}
	return true;
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

/* Parses "/n" or "//n" or "/n//m" at s; returns false when malformed. */
static bool
spf_dual_cidr(const char *s, const char **bad)
{
	long	 n;
	char	*end;

	*bad = s;
	if (*s == '\0')
		return true;
	if (s[0] == '/' && s[1] != '/') {
		n = strtol(s + 1, &end, 10);
		if (end == s + 1 || n < 0 || n > 32)
			return false;
		s = end;
	}
	if (s[0] == '/' && s[1] == '/') {
		n = strtol(s + 2, &end, 10);
		if (end == s + 2 || n < 0 || n > 128)
			return false;
		s = end;
	}
	return *s == '\0';
}

/* ip4:/ip6: argument "addr[/len]". */
static bool
spf_ip_valid(const char *arg, bool v6)
{
	char		 addr[64];
	const char	*slash = strchr(arg, '/');
	size_t		 n = slash ? (size_t)(slash - arg) : strlen(arg);
	unsigned char	 buf[16];

	if (n == 0 || n >= sizeof(addr))
		return false;
	memcpy(addr, arg, n);
	addr[n] = '\0';
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, buf) != 1)
		return false;
	if (slash != NULL) {
		char *end;
		long len = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end != '\0' || len < 0 ||
		    len > (v6 ? 128 : 32))
			return false;
	}
	return true;
}

/* A domain-spec: macros valid, and without macros a host name. */
static bool
spf_domain_valid(const char *d, bool exp, bool *has_macro)
{
	if (!spf_macro_valid(d, exp, has_macro))
		return false;
	return *has_macro || dnsname_valid(d, strlen(d));
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

/* One term of n bytes at s. Returns 0, -1 on permerror, -2 no memory. */
static int
spf_term_parse(const char *domain, const char *s, size_t n,
    struct spf_record *rec, struct verdict *v)
{
	struct spf_term			 t = { .qualifier = '+' };
	const struct spf_mech_info	*mi;
	size_t				 nl = 0, off = 0;
	const char			*arg = NULL;
	char				*term, glued;
	bool				 modifier = false;

	if ((term = strndup(s, n)) == NULL)
		return -2;
	s = term;		/* NUL-terminated from here on */
	while (nl < n && (isalnum((unsigned char)s[nl]) || s[nl] == '_' ||
	    s[nl] == '-' || s[nl] == '.'))
		nl++;
	if (nl > 0 && nl < n && s[nl] == '=' && isalpha((unsigned char)s[0]))
		modifier = true;
	else if (strchr("+-~?", s[0]) != NULL) {
		t.qualifier = s[0];
		off = 1;
	}
	for (nl = off; nl < n && s[nl] != ':' && s[nl] != '/' &&
	    s[nl] != '='; nl++)
		;
	mi = spf_mech_find(s + off, nl - off, modifier);
	if (mi == NULL && modifier) {
		t.mech = SPF_M_UNKNOWN_MOD;
		t.text = term;
		verdict_add(v, FINDING_WARNING,
		    "unknown modifier \"%s\" in the SPF record of %s\n"
		    "Receivers ignore it, so it has no effect (a typo?). Fix: "
		    "correct or remove it.", term, domain);
		return spf_push(rec, &t) == -1 ? -2 : 0;
	}
	glued = spf_glued_all(term, n);
	if (glued && (mi == NULL || mi->mech != SPF_M_ALL)) {
		verdict_add(v, FINDING_CRITICAL,
		    "\"%s\": %call is glued to the term before it "
		    "(SPF record of %s)\nReceivers return permerror, "
		    "which DMARC treats as an SPF failure. Fix: put a "
		    "space before %call.", term, glued, domain, glued);
		free(term);
		return -1;
	}
	if (mi == NULL) {
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
	if (nl < n)
		arg = s + nl;
	if (modifier || mi->domain == 2 || (mi->domain == 1 && arg &&
	    *arg == ':')) {
		const char *ds, *de;
		if (arg == NULL || (*arg != (modifier ? '=' : ':'))) {
			verdict_add(v, FINDING_CRITICAL,
			    "\"%s\" needs a domain (SPF record of %s)\n"
			    "Receivers return permerror. Fix: write "
			    "%s%cdomain.example.", term, domain, mi->name,
			    modifier ? '=' : ':');
			free(term);
			return -1;
		}
		ds = arg + 1;
		de = ds;
		while (de < s + n && (mi->cidr == false || *de != '/'))
			de++;
		if ((t.domain = strndup(ds, (size_t)(de - ds))) == NULL) {
			free(term);
			return -2;
		}
		if (!spf_domain_valid(t.domain, mi->mech == SPF_M_EXP,
		    &t.has_macro)) {
			verdict_add(v, FINDING_CRITICAL,
			    "\"%s\": \"%s\" is not a valid domain or macro "
			    "(SPF record of %s)\nReceivers return permerror. "
			    "Fix: check the spelling; macros look like "
			    "%%{i} or %%{d2}.", term, t.domain, domain);
			free(t.domain);
			free(term);
			return -1;
		}
		arg = de < s + n ? de : NULL;
	}
	if ((mi->mech == SPF_M_IP4 || mi->mech == SPF_M_IP6) &&
	    (arg == NULL || *arg != ':' ||
	    !spf_ip_valid(arg + 1, mi->mech == SPF_M_IP6))) {
		verdict_add(v, FINDING_CRITICAL,
		    "\"%s\" is not a valid %s network (SPF record of %s)\n"
		    "Receivers return permerror. Fix: write %s:%s with a "
		    "prefix length of at most %d.", term, mi->name, domain,
		    mi->name, mi->mech == SPF_M_IP4 ? "192.0.2.0/24" :
		    "2001:db8::/32", mi->mech == SPF_M_IP4 ? 32 : 128);
		free(t.domain);
		free(term);
		return -1;
	} else if (mi->mech != SPF_M_IP4 && mi->mech != SPF_M_IP6 &&
	    arg != NULL) {
		const char *bad;
		if (!mi->cidr || !spf_dual_cidr(arg, &bad)) {
			verdict_add(v, FINDING_CRITICAL,
			    "\"%s\": unexpected or bad \"%s\" (SPF record of "
			    "%s)\nReceivers return permerror. Fix: %s.", term,
			    arg, domain, mi->cidr ? "prefix lengths are /0-32 "
			    "for IPv4 and //0-128 for IPv6" :
			    "remove what follows the mechanism");
			free(t.domain);
			free(term);
			return -1;
		}
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
