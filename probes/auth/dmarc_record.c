/*
 * dmarc_record.c -- one DMARC record's text checked (RFC 7489 §6.3,
 * RFC 9989). libopendmarc validates v, p, sp, adkim, aspf, pct, as
 * receivers running OpenDMARC will; our tag list adds what it does not
 * check: repeated tags, unknown and obsolete tags, np, fo, and the
 * mailto: syntax of rua/ruf. Problems go to the caller's verdict.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <opendmarc/dmarc.h>

#include "probes/auth/dmarc_record.h"
#include "probes/dns/dnsname.h"
#include "probes/dns/orgdomain.h"
#include "probes/auth/taglist.h"

/* Tags a record may carry; obsolete ones were removed by RFC 9989. */
static const struct dmarc_tag_info {
	const char	*name;
	bool		 obsolete;
} dmarc_tags[] = {
	{ "v", false }, { "p", false }, { "sp", false }, { "np", false },
	{ "adkim", false }, { "aspf", false }, { "fo", false },
	{ "rua", false }, { "ruf", false }, { "psd", false }, { "t", false },
	{ "pct", true }, { "rf", true }, { "ri", true },
};

/* Obsolete reporting tags: their default, and what asking otherwise does. */
static const struct dmarc_obsolete_tag {
	const char	*tag, *dflt, *what, *now;
} dmarc_obsolete[] = {
	{ "rf", "afrf", "a failure-report format other than AFRF",
	    "receivers send AFRF or nothing" },
	{ "ri", "86400", "a report interval other than a day",
	    "receivers send daily reports regardless" },
};

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

static const struct dmarc_tag_info *
dmarc_tag_find(const char *name)
{
	for (size_t i = 0; i < sizeof(dmarc_tags) / sizeof(dmarc_tags[0]); i++)
		if (strcasecmp(dmarc_tags[i].name, name) == 0)
			return &dmarc_tags[i];
	return NULL;
}

/*
 * Checks one "mailto:addr[!size]" URI of len bytes. Returns the
 * lowercased host part (caller frees), or NULL with the reason in why.
 */
static char *
dmarc_mailto_domain(const char *s, size_t len, const char **why)
{
	const char	*at, *end, *bang;
	char		 host[256];

	if (len < 7 || strncasecmp(s, "mailto:", 7) != 0) {
		*why = "only mailto: URIs are supported by report senders";
		return NULL;
	}
	end = s + len;
	bang = memchr(s, '!', len);
	if (bang != NULL) {
		const char *q = bang + 1;
		while (q < end && isdigit((unsigned char)*q))
			q++;
		if (q == bang + 1 || (q < end && strchr("kmgtKMGT", *q) ==
		    NULL) || (q < end && q + 1 != end)) {
			*why = "the size limit after '!' must be digits with "
			    "an optional k, m, g or t unit";
			return NULL;
		}
		end = bang;
	}
	at = memchr(s + 7, '@', (size_t)(end - (s + 7)));
	if (at == NULL || at == s + 7) {
		*why = "expected mailto:local-part@domain";
		return NULL;
	}
	if (!dnsname_valid(at + 1, (size_t)(end - at - 1)) ||
	    (size_t)(end - at - 1) >= sizeof(host)) {
		*why = "the address's domain is not a valid host name";
		return NULL;
	}
	memcpy(host, at + 1, (size_t)(end - at - 1));
	host[end - at - 1] = '\0';
	if (dnsname_normalize(host, host, sizeof(host)) == -1) {
		*why = "the address's domain is too long";
		return NULL;
	}
	return strdup(host);
}

/* Splits a rua/ruf value at commas into uris, reporting bad ones. */
static int
dmarc_uri_list(const char *tag, const char *value, struct dmarc_uri **out,
    size_t *nout, struct verdict *v)
{
	const char	*p = value;

	while (*p != '\0') {
		const char	*e, *why = NULL;
		size_t		 n;
		struct dmarc_uri *u;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		u = realloc(*out, (*nout + 1) * sizeof(*u));
		if (u == NULL)
			return -1;
		*out = u;
		u[*nout].uri = strndup(p, n);
		if (u[*nout].uri == NULL)
			return -1;
		u[*nout].domain = dmarc_mailto_domain(p, n, &why);
		(*nout)++;
		if (u[*nout - 1].domain == NULL)
			verdict_add(v, FINDING_WARNING,
			    "%s URI \"%.*s\" is not usable: %s\n"
			    "Reports for this destination will not be sent. "
			    "Fix: write it as %s=mailto:dmarc-reports@"
			    "your-domain.example", tag, (int)n, p, why, tag);
		p += n;
	}
	return 0;
}

/* Reports tags libopendmarc does not look at: np, fo, t, and obsolete ones. */
static void
dmarc_check_extra_tags(const struct taglist *tl, struct dmarc_record *rec,
    struct verdict *v)
{
	const char	*s;

	for (size_t i = 0; i < tl->n; i++) {
		const struct dmarc_tag_info *ti = dmarc_tag_find(tl->v[i].name);
		if (ti == NULL)
			verdict_add(v, FINDING_WARNING,
			    "unknown tag \"%s=%s\"\n"
			    "Receivers ignore unknown tags, so whatever it "
			    "was meant to set is not in effect (a typo?). "
			    "Fix: correct or remove it.", tl->v[i].name,
			    tl->v[i].value);
	}
	if ((s = taglist_get(tl, "np")) != NULL) {
		rec->np = dmarc_policy_parse(s);
		if (rec->np == DMARC_P_UNSET)
			verdict_add(v, FINDING_WARNING,
			    "np=%s is not none, quarantine or reject\n"
			    "Receivers ignore it and apply sp= to "
			    "non-existent subdomains. Fix: np=reject.", s);
	}
	if (rec->np == DMARC_P_UNSET)
		rec->np = rec->sp;
	if ((s = taglist_get(tl, "fo")) != NULL) {
		bool ok = *s != '\0';
		for (const char *q = s; *q != '\0'; q++)
			if (strchr("01ds: ", *q) == NULL)
				ok = false;
		if (!ok)
			verdict_add(v, FINDING_WARNING,
			    "fo=%s is not a colon-separated list of 0, 1, d, s\n"
			    "Failure reports fall back to fo=0. Fix: fo=1 "
			    "(report any failure) or remove the tag.", s);
		else
			verdict_note(v, "fo=%s: failure reports are requested "
			    "%s", s, strchr(s, '1') ? "when any mechanism fails"
			    : "only when all mechanisms fail");
	}
	if ((s = taglist_get(tl, "t")) != NULL) {
		rec->testing = strcasecmp(s, "y") == 0;
		if (rec->testing)
			verdict_add(v, FINDING_WARNING,
			    "t=y: the policy is in testing mode\n"
			    "Receivers following RFC 9989 apply one step "
			    "weaker policy (reject acts as quarantine). Fix: "
			    "remove t=y when your reports look clean.");
	}
	for (size_t i = 0; i < sizeof(dmarc_obsolete) /
	    sizeof(dmarc_obsolete[0]); i++) {
		const struct dmarc_obsolete_tag *o = &dmarc_obsolete[i];
		if ((s = taglist_get(tl, o->tag)) == NULL)
			continue;
		if (strcasecmp(s, o->dflt) != 0)
			verdict_add(v, FINDING_WARNING,
			    "%s=%s asks for %s\n%s was removed by RFC 9989 and "
			    "%s. Fix: remove %s=.", o->tag, s, o->what, o->tag,
			    o->now, o->tag);
		else
			verdict_note(v, "%s=%s is the default and obsolete "
			    "(RFC 9989): it can be removed", o->tag, s);
	}
}

/* libopendmarc's policy letter ('n', 'q', 'r'), or dflt when unset. */
static enum dmarc_policy
dmarc_policy_from_lib(int x, enum dmarc_policy dflt)
{
	switch (x) {
	case DMARC_RECORD_P_NONE:
		return DMARC_P_NONE;
	case DMARC_RECORD_P_QUARANTINE:
		return DMARC_P_QUARANTINE;
	case DMARC_RECORD_P_REJECT:
		return DMARC_P_REJECT;
	default:
		return dflt;
	}
}

/* p, sp, pct, adkim, aspf as libopendmarc read them. */
static void
dmarc_read_policy(DMARC_POLICY_T *ctx, struct dmarc_record *rec)
{
	int	 x = 0;

	(void)opendmarc_policy_fetch_p(ctx, &x);
	rec->p = dmarc_policy_from_lib(x, DMARC_P_UNSET);
	x = 0;
	(void)opendmarc_policy_fetch_sp(ctx, &x);
	rec->sp = dmarc_policy_from_lib(x, rec->p);
	x = 100;
	(void)opendmarc_policy_fetch_pct(ctx, &x);
	rec->pct = x;
	x = 0;
	(void)opendmarc_policy_fetch_adkim(ctx, &x);
	rec->adkim = x == DMARC_RECORD_A_STRICT ? 's' : 'r';
	x = 0;
	(void)opendmarc_policy_fetch_aspf(ctx, &x);
	rec->aspf = x == DMARC_RECORD_A_STRICT ? 's' : 'r';
}

/* Runs the record through libopendmarc. Returns its status. */
static int
dmarc_libparse(const char *domain, const char *text, struct dmarc_record *rec)
{
	DMARC_POLICY_T	*ctx;
	char		*t = strdup(text), *d = strdup(domain);
	int		 st = DMARC_PARSE_ERROR_NO_ALLOC;

	(void)orgdomain_init();
	ctx = opendmarc_policy_connect_init((u_char *)"192.0.2.1", 0);
	if (ctx != NULL && t != NULL && d != NULL) {
		st = opendmarc_policy_store_dmarc(ctx, (u_char *)t,
		    (u_char *)d, NULL);
		if (st == DMARC_PARSE_OKAY)
			dmarc_read_policy(ctx, rec);
	}
	if (ctx != NULL)
		(void)opendmarc_policy_connect_shutdown(ctx);
	free(t);
	free(d);
	return st;
}

static void
dmarc_check_policy(const struct dmarc_record *rec, struct verdict *v)
{
	if (rec->p == DMARC_P_NONE)
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
	if (rec->pct < 100)
		verdict_add(v, FINDING_WARNING,
		    "pct=%d: the policy applies to only %d%% of failing mail\n"
		    "The rest is treated as p=none; pct was removed by RFC 9989 "
		    "and newer receivers ignore it. Fix: remove pct= (use "
		    "t=y while testing).", rec->pct, rec->pct);
}

static const char *
dmarc_libstatus_fix(int st)
{
	switch (st) {
	case DMARC_PARSE_ERROR_BAD_VERSION:
		return "start the record with v=DMARC1;";
	case DMARC_PARSE_ERROR_NO_REQUIRED_P:
		return "add p=none, p=quarantine or p=reject right after "
		    "v=DMARC1;";
	case DMARC_PARSE_ERROR_BAD_VALUE:
		return "use p/sp=none|quarantine|reject, adkim/aspf=r|s, "
		    "pct=0..100";
	default:
		return "rewrite it as v=DMARC1; p=reject; "
		    "rua=mailto:dmarc-reports@your-domain.example";
	}
}

int
dmarc_record_check(const char *domain, const char *text,
    struct dmarc_record *rec, struct verdict *v)
{
	struct taglist	 tl;
	char		 err[160];
	int		 st, rc = 0;
	const char	*s;

	memset(rec, 0, sizeof(*rec));
	rec->pct = 100;
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
		    "ignore it. Fix: start the record with \"v=DMARC1;\".");
		rc = -1;
	}
	if (tl.dups != NULL) {
		verdict_add(v, FINDING_CRITICAL,
		    "repeated tags in the DMARC record: %s\nWhich value "
		    "receivers use is undefined and some reject the record. "
		    "Fix: keep each tag once.", tl.dups);
	}
	st = dmarc_libparse(domain, text, rec);
	if (st != DMARC_PARSE_OKAY) {
		verdict_add(v, FINDING_CRITICAL,
		    "DMARC record is invalid: %s\nReceivers ignore the whole "
		    "record, so the domain has no DMARC policy. Fix: %s.",
		    opendmarc_policy_status_to_str(st), dmarc_libstatus_fix(st));
		rc = -1;
	}
	dmarc_check_extra_tags(&tl, rec, v);
	if (rc == 0)
		dmarc_check_policy(rec, v);
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
	for (size_t i = 0; i < rec->nrua; i++) {
		free(rec->rua[i].uri);
		free(rec->rua[i].domain);
	}
	for (size_t i = 0; i < rec->nruf; i++) {
		free(rec->ruf[i].uri);
		free(rec->ruf[i].domain);
	}
	free(rec->rua);
	free(rec->ruf);
	memset(rec, 0, sizeof(*rec));
}
