/*
 * dmarc_record.c -- one DMARC record's text checked against RFC 9989
 * §4.7 (the tag list) with our own grammar for every value; libopendmarc
 * is not consulted, so its verdict text never reaches the user. Where
 * RFC 7489 receivers (OpenDMARC among them) behave differently, the
 * problem says so: they require p=, discard the whole record over a bad
 * p, sp, adkim, aspf or fo value, and still honour pct, ri and rf.
 * Problems go to the caller's verdict.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/dmarc_record.h"
#include "probes/auth/taglist.h"

static const char *const dmarc_policy_names[] = {
	[DMARC_P_UNSET] = "(unset)",
	[DMARC_P_NONE] = "none",
	[DMARC_P_QUARANTINE] = "quarantine",
	[DMARC_P_REJECT] = "reject",
};

const char *
dmarc_policy_name(enum dmarc_policy p)
{
	return dmarc_policy_names[p];
}

static enum dmarc_policy
dmarc_policy_parse(const char *s)
{
	for (size_t i = DMARC_P_NONE; i <= DMARC_P_REJECT; i++)
		if (strcasecmp(s, dmarc_policy_names[i]) == 0)
			return (enum dmarc_policy)i;
	return DMARC_P_UNSET;
}

/* ---- value grammars (RFC 9989 §4.8 ABNF; keywords ignore case) ---- */

static bool
dmarc_valid_policy(const char *s)
{
	return dmarc_policy_parse(s) != DMARC_P_UNSET;
}

/* One of the single letters in set, in either case. */
static bool
dmarc_valid_letter(const char *s, const char *set)
{
	return s[0] != '\0' && s[1] == '\0' &&
	    strchr(set, tolower((unsigned char)s[0])) != NULL;
}

static bool
dmarc_valid_rors(const char *s)
{
	return dmarc_valid_letter(s, "rs");
}

static bool
dmarc_valid_yorn(const char *s)
{
	return dmarc_valid_letter(s, "yn");
}

static bool
dmarc_valid_psd(const char *s)
{
	return dmarc_valid_letter(s, "ynu");
}

/*
 * A colon-separated list (spaces allowed around colons) whose items all
 * satisfy item(). Used for fo= and rf=.
 */
static bool
dmarc_valid_colon_list(const char *s, bool (*item)(const char *, size_t))
{
	for (;;) {
		size_t	 n;

		while (*s == ' ' || *s == '\t')
			s++;
		n = strcspn(s, ": \t");
		if (n == 0 || !item(s, n))
			return false;
		s += n;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return true;
		if (*s != ':')
			return false;
		s++;
	}
}

static bool
dmarc_fo_item(const char *s, size_t n)
{
	return n == 1 && strchr("01ds", tolower((unsigned char)*s)) != NULL;
}

static bool
dmarc_valid_fo(const char *s)
{
	return dmarc_valid_colon_list(s, dmarc_fo_item);
}

static bool
dmarc_rf_item(const char *s, size_t n)
{
	return (n == 4 && strncasecmp(s, "afrf", 4) == 0) ||
	    (n == 5 && strncasecmp(s, "iodef", 5) == 0);
}

static bool
dmarc_valid_rf(const char *s)
{
	return dmarc_valid_colon_list(s, dmarc_rf_item);
}

/* Digits only, at most max (no sign, no spaces, no empty value). */
static bool
dmarc_valid_number(const char *s, long max)
{
	char	*end;
	long	 x;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	x = strtol(s, &end, 10);
	return errno == 0 && *end == '\0' && x <= max;
}

static bool
dmarc_valid_pct(const char *s)
{
	return dmarc_valid_number(s, 100);
}

static bool
dmarc_valid_ri(const char *s)
{
	return dmarc_valid_number(s, 4294967295L);
}

/* ---- applying a valid value to the record ---- */

static void
dmarc_set_p(struct dmarc_record *r, const char *s)
{
	r->p = dmarc_policy_parse(s);
}

static void
dmarc_set_sp(struct dmarc_record *r, const char *s)
{
	r->sp = dmarc_policy_parse(s);
}

static void
dmarc_set_np(struct dmarc_record *r, const char *s)
{
	r->np = dmarc_policy_parse(s);
}

static void
dmarc_set_adkim(struct dmarc_record *r, const char *s)
{
	r->adkim = (char)tolower((unsigned char)s[0]);
}

static void
dmarc_set_aspf(struct dmarc_record *r, const char *s)
{
	r->aspf = (char)tolower((unsigned char)s[0]);
}

static void
dmarc_set_psd(struct dmarc_record *r, const char *s)
{
	r->psd = (char)tolower((unsigned char)s[0]);
}

static void
dmarc_set_t(struct dmarc_record *r, const char *s)
{
	r->testing = tolower((unsigned char)s[0]) == 'y';
}

static void
dmarc_set_pct(struct dmarc_record *r, const char *s)
{
	r->pct = (int)strtol(s, NULL, 10);
}

/*
 * The tags of RFC 9989 §4.7 and the three it removed. valid is NULL for
 * v (checked first), rua and ruf (dmarc_uri.c). bad is the state of an
 * invalid value: critical where RFC 7489 receivers (OpenDMARC) discard
 * the whole record or the policy is lost, warning where receivers only
 * fall back to the tag's default.
 */
static const struct dmarc_tag_rule {
	const char		*name;
	bool			(*valid)(const char *);
	void			(*apply)(struct dmarc_record *, const char *);
	const char		*allowed;
	enum finding_state	 bad;
	const char		*effect;	/* of an invalid value */
	const char		*fix;
	const char		*dflt;		/* removed tags: the old default */
	bool			 removed;	/* by RFC 9989 */
} dmarc_tag_rules[] = {
	{ "v", NULL, NULL, "DMARC1", FINDING_CRITICAL, NULL, NULL, NULL,
	    false },
	{ "p", dmarc_valid_policy, dmarc_set_p, "none, quarantine or reject",
	    FINDING_CRITICAL, "Receivers cannot tell which policy you want: "
	    "RFC 9989 reads it as p=none only when rua= holds a valid "
	    "address, otherwise the record is ignored, and RFC 7489 receivers "
	    "such as OpenDMARC discard the record",
	    "p=none while you read the reports, then p=quarantine or p=reject",
	    NULL, false },
	{ "sp", dmarc_valid_policy, dmarc_set_sp, "none, quarantine or reject",
	    FINDING_CRITICAL, "RFC 7489 receivers treat the record as p=none "
	    "(§6.6.3) or, like OpenDMARC, discard it; RFC 9989 receivers apply "
	    "p= to subdomains", "sp=quarantine or sp=reject, or remove sp= so "
	    "subdomains follow p=", NULL, false },
	{ "np", dmarc_valid_policy, dmarc_set_np, "none, quarantine or reject",
	    FINDING_WARNING, "Receivers ignore it and apply sp= (or p=) to "
	    "non-existent subdomains", "np=reject, or remove np=", NULL,
	    false },
	{ "adkim", dmarc_valid_rors, dmarc_set_adkim, "r (relaxed) or s "
	    "(strict)", FINDING_CRITICAL, "RFC 7489 receivers such as "
	    "OpenDMARC discard the whole record; others use the default r",
	    "adkim=r or adkim=s, or remove it (relaxed is the default)", NULL,
	    false },
	{ "aspf", dmarc_valid_rors, dmarc_set_aspf, "r (relaxed) or s "
	    "(strict)", FINDING_CRITICAL, "RFC 7489 receivers such as "
	    "OpenDMARC discard the whole record; others use the default r",
	    "aspf=r or aspf=s, or remove it (relaxed is the default)", NULL,
	    false },
	{ "fo", dmarc_valid_fo, NULL, "0, 1, d or s, separated by colons",
	    FINDING_CRITICAL, "RFC 7489 receivers such as OpenDMARC discard "
	    "the whole record; others fall back to fo=0",
	    "fo=1 (a failure report when any check fails), or remove fo=",
	    NULL, false },
	{ "psd", dmarc_valid_psd, dmarc_set_psd, "y, n or u", FINDING_WARNING,
	    "Receivers ignore it and use the default psd=u",
	    "remove psd= unless this is a public suffix's record (psd=y)",
	    NULL, false },
	{ "t", dmarc_valid_yorn, dmarc_set_t, "y or n", FINDING_WARNING,
	    "Receivers ignore it and apply the policy in full (t=n)",
	    "t=y while testing a stricter policy, otherwise remove t=", NULL,
	    false },
	{ "rua", NULL, NULL, NULL, FINDING_WARNING, NULL, NULL, NULL, false },
	{ "ruf", NULL, NULL, NULL, FINDING_WARNING, NULL, NULL, NULL, false },
	{ "pct", dmarc_valid_pct, dmarc_set_pct, "an integer from 0 to 100",
	    FINDING_WARNING, "RFC 7489 receivers still apply the policy to "
	    "only that share of failing mail and treat the rest one step "
	    "more leniently", "remove pct= (use t=y while testing a stricter "
	    "policy)", "100", true },
	{ "ri", dmarc_valid_ri, NULL, "a number of seconds", FINDING_WARNING,
	    "Receivers send daily aggregate reports whatever it asks",
	    "remove ri=", "86400", true },
	{ "rf", dmarc_valid_rf, NULL, "afrf", FINDING_WARNING,
	    "Receivers send failure reports in AFRF whatever it asks",
	    "remove rf=", "afrf", true },
};

static const struct dmarc_tag_rule *
dmarc_rule_find(const char *name)
{
	for (size_t i = 0; i < sizeof(dmarc_tag_rules) /
	    sizeof(dmarc_tag_rules[0]); i++)
		if (strcasecmp(dmarc_tag_rules[i].name, name) == 0)
			return &dmarc_tag_rules[i];
	return NULL;
}

bool
dmarc_record_is_dmarc(const char *text, size_t len)
{
	size_t	 i = 0;

	if (len < 1 || (text[0] != 'v' && text[0] != 'V'))
		return false;
	i = 1;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i >= len || text[i] != '=')
		return false;
	i++;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (len - i < 6 || memcmp(text + i, "DMARC1", 6) != 0)
		return false;
	i += 6;
	if (i == len)
		return true;
	return text[i] == ';' || text[i] == ' ' || text[i] == '\t';
}

const char *
dmarc_record_near_miss(const char *text, size_t len)
{
	size_t	 i = 0, lead;

	if (dmarc_record_is_dmarc(text, len))
		return NULL;
	while (i < len && strchr(" \t\"'", text[i]) != NULL && text[i] != '\0')
		i++;
	lead = i;
	if (i >= len || (text[i] != 'v' && text[i] != 'V'))
		return NULL;
	for (i++; i < len && (text[i] == ' ' || text[i] == '\t'); i++)
		;
	if (i >= len || text[i] != '=')
		return NULL;
	for (i++; i < len && (text[i] == ' ' || text[i] == '\t'); i++)
		;
	if (len - i < 6 || strncasecmp(text + i, "DMARC1", 6) != 0 ||
	    (len - i > 6 && strchr("; \t\"'", text[i + 6]) == NULL))
		return NULL;
	if (lead > 0)
		return text[0] == ' ' || text[0] == '\t' ? "it starts with "
		    "a space before v=DMARC1" : "it starts with a quote "
		    "character that is part of the record's text";
	if (memcmp(text + i, "DMARC1", 6) != 0)
		return "the version is not written DMARC1 in capitals";
	return "v=DMARC1 is not followed by \";\"";
}

/* A removed tag (RFC 9989 §4.7 lists what it dropped): always a warning. */
static void
dmarc_check_removed(const struct dmarc_tag_rule *r, const char *value,
    struct dmarc_record *rec, struct verdict *v)
{
	if (!r->valid(value))
		verdict_add(v, FINDING_WARNING,
		    "%s=\"%s\": %s= was removed by RFC 9989 and is ignored\n"
		    "\"%s\" is not %s either: RFC 7489 receivers such as "
		    "OpenDMARC may discard the whole record over it. Fix: %s.",
		    r->name, value, r->name, value, r->allowed, r->fix);
	else if (strcasecmp(value, r->dflt) == 0)
		verdict_add(v, FINDING_WARNING,
		    "%s=\"%s\": %s= was removed by RFC 9989 and is ignored\n"
		    "It asks for what receivers do anyway, so it has no "
		    "effect. Fix: %s.", r->name, value, r->name, r->fix);
	else
		verdict_add(v, FINDING_WARNING,
		    "%s=\"%s\": %s= was removed by RFC 9989 and is ignored\n"
		    "%s. Fix: %s.", r->name, value, r->name, r->effect, r->fix);
	if (r->valid(value) && r->apply != NULL)
		r->apply(rec, value);
}

/*
 * Checks every tag after v= against its rule. Returns -1 when a value
 * makes the record unusable (a critical problem was added), else 0.
 */
static int
dmarc_check_tags(const struct taglist *tl, struct dmarc_record *rec,
    struct verdict *v)
{
	int	 rc = 0;

	for (size_t i = 1; i < tl->n; i++) {
		const char *name = tl->v[i].name, *value = tl->v[i].value;
		const struct dmarc_tag_rule *r = dmarc_rule_find(name);

		if (r == NULL) {
			verdict_add(v, FINDING_WARNING,
			    "unknown tag \"%s=%s\"\nReceivers ignore unknown "
			    "tags (RFC 9989 §4.7), so whatever it was meant to "
			    "set is not in effect (a typo?). Fix: correct or "
			    "remove it.", name, value);
			continue;
		}
		if (r->valid == NULL)
			continue;
		if (r->removed) {
			dmarc_check_removed(r, value, rec, v);
			continue;
		}
		if (r->valid(value)) {
			if (r->apply != NULL)
				r->apply(rec, value);
			continue;
		}
		verdict_add(v, r->bad,
		    "%s=\"%s\" is not valid: %s= takes %s\n%s (RFC 9989 "
		    "§4.7). Fix: %s.", r->name, value, r->name, r->allowed,
		    r->effect, r->fix);
		if (r->bad == FINDING_CRITICAL)
			rc = -1;
	}
	return rc;
}

/* Checks about the record as a whole: p= present and placed, fo= sense. */
static void
dmarc_check_shape(const struct taglist *tl, struct dmarc_record *rec,
    struct verdict *v)
{
	const char	*fo = taglist_get(tl, "fo");

	if (taglist_get(tl, "p") == NULL) {
		rec->p_missing = true;
		rec->p = DMARC_P_NONE;
		verdict_add(v, FINDING_WARNING,
		    "no p= tag: the record is read as p=none\nRFC 9989 §4.7 "
		    "treats a record without p= as p=none (monitoring only); "
		    "RFC 7489 receivers such as OpenDMARC ignore the whole "
		    "record. Fix: add p=none right after v=DMARC1, then "
		    "tighten to p=quarantine or p=reject.");
	} else if (tl->n < 2 || strcasecmp(tl->v[1].name, "p") != 0) {
		verdict_add(v, FINDING_WARNING,
		    "p= is not right after v=DMARC1 (\"%s=\" is)\nRFC 7489 "
		    "§6.4's grammar puts p second and strict RFC 7489 parsers "
		    "reject other orders; RFC 9989 allows any order. Fix: "
		    "write \"v=DMARC1; p=...;\" and the other tags after it.",
		    tl->n < 2 ? "" : tl->v[1].name);
	}
	if (fo != NULL && dmarc_valid_fo(fo) && strchr(fo, '0') != NULL &&
	    strchr(fo, '1') != NULL)
		verdict_add(v, FINDING_WARNING,
		    "fo=\"%s\": 0 is redundant next to 1\nfo=1 asks for a "
		    "failure report when any check fails, which includes "
		    "fo=0's \"when all fail\" (RFC 7489 §6.3). Fix: fo=1.", fo);
	else if (fo != NULL && dmarc_valid_fo(fo))
		verdict_note(v, "fo=%s: failure reports are requested %s", fo,
		    strchr(fo, '1') ? "when any mechanism fails" :
		    "only when all mechanisms fail");
}

static void
dmarc_check_policy(const struct dmarc_record *rec, struct verdict *v)
{
	if (rec->p == DMARC_P_NONE && !rec->p_missing)
		verdict_add(v, FINDING_WARNING,
		    "p=none: monitoring only, mail that fails DMARC is "
		    "delivered\nAnyone can send as this domain and receivers "
		    "will not act on it. Fix: once your aggregate reports "
		    "show all legitimate mail passing, publish p=quarantine, "
		    "then p=reject.");
	else
		verdict_note(v, "p=%s", dmarc_policy_name(rec->p));
	if (rec->sp < rec->p && rec->sp == DMARC_P_NONE)
		verdict_add(v, FINDING_WARNING,
		    "sp=none while p=%s: subdomains are not protected\n"
		    "Mail from any subdomain that fails DMARC is delivered. "
		    "Fix: remove sp= (it then follows p=) or set sp=%s.",
		    dmarc_policy_name(rec->p), dmarc_policy_name(rec->p));
	else
		verdict_note(v, "sp=%s (subdomains)", dmarc_policy_name(rec->sp));
	verdict_note(v, "np=%s (non-existent subdomains)",
	    dmarc_policy_name(rec->np));
	verdict_note(v, "adkim=%c aspf=%c (%s DKIM, %s SPF alignment)",
	    rec->adkim, rec->aspf, rec->adkim == 's' ? "strict" : "relaxed",
	    rec->aspf == 's' ? "strict" : "relaxed");
	if (rec->testing)
		verdict_add(v, FINDING_WARNING,
		    "t=y: the policy is in testing mode\nReceivers following "
		    "RFC 9989 apply one step weaker policy (reject acts as "
		    "quarantine). Fix: remove t=y when your reports look "
		    "clean.");
	if (rec->psd == 'y')
		verdict_note(v, "psd=y: this is a public suffix operator's "
		    "record (RFC 9989 §4.7)");
}

int
dmarc_record_check(const char *domain, const char *text,
    struct dmarc_record *rec, struct verdict *v)
{
	struct taglist	 tl;
	char		 err[160];
	int		 rc = 0;
	const char	*s;

	memset(rec, 0, sizeof(*rec));
	rec->pct = 100;
	rec->adkim = rec->aspf = 'r';
	rec->psd = 'u';
	if (taglist_parse(&tl, text, strlen(text), err, sizeof(err)) == -1) {
		verdict_add(v, FINDING_CRITICAL,
		    "DMARC record does not parse: %s\nReceivers ignore a "
		    "record they cannot parse, as if there were none. Fix: "
		    "write it as tag=value pairs separated by \";\".", err);
		taglist_free(&tl);
		return -1;
	}
	if (tl.n == 0 || strcasecmp(tl.v[0].name, "v") != 0 ||
	    strcmp(tl.v[0].value, "DMARC1") != 0) {
		verdict_add(v, FINDING_CRITICAL,
		    "DMARC record does not start with v=DMARC1\nReceivers "
		    "ignore it (RFC 9989 §4.7). Fix: start the record with "
		    "\"v=DMARC1;\".");
		rc = -1;
	}
	if (tl.dups != NULL) {
		verdict_add(v, FINDING_CRITICAL,
		    "repeated tags in the DMARC record: %s\nWhich value "
		    "receivers use is undefined and some reject the record. "
		    "Fix: keep each tag once.", tl.dups);
	}
	if (dmarc_check_tags(&tl, rec, v) == -1)
		rc = -1;
	dmarc_check_shape(&tl, rec, v);
	if (rec->sp == DMARC_P_UNSET)
		rec->sp = rec->p;
	if (rec->np == DMARC_P_UNSET)
		rec->np = rec->sp;
	for (size_t i = 0; i < tl.n; i++)
		if (strlen(tl.v[i].value) > 500)
			verdict_add(v, FINDING_WARNING,
			    "%s= is %zu bytes long\nOpenDMARC drops tag values "
			    "over ~511 bytes silently. Fix: shorten it (fewer "
			    "report addresses).", tl.v[i].name,
			    strlen(tl.v[i].value));
	if ((s = taglist_get(&tl, "rua")) != NULL &&
	    dmarc_uri_list("rua", s, &rec->rua, &rec->nrua, v) == -1)
		rc = -1;
	if ((s = taglist_get(&tl, "ruf")) != NULL &&
	    dmarc_uri_list("ruf", s, &rec->ruf, &rec->nruf, v) == -1)
		rc = -1;
	if (rc == 0)
		dmarc_check_policy(rec, v);
	if (rec->nrua == 0)
		verdict_add(v, FINDING_WARNING,
		    "no rua= aggregate report address\nYou will not learn "
		    "who sends mail as this domain or whether it passes. "
		    "Fix: add rua=mailto:dmarc-reports@%s.", domain);
	taglist_free(&tl);
	return rc;
}

void
dmarc_record_free(struct dmarc_record *rec)
{
	if (rec == NULL)
		return;
	dmarc_uri_free(rec->rua, rec->nrua);
	dmarc_uri_free(rec->ruf, rec->nruf);
	memset(rec, 0, sizeof(*rec));
}
