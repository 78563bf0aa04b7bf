/*
 * spf_check.c -- RFC 7208 check_host() over authdns (see spf_check.h).
 * One evaluation walks records depth-first as receivers do: terms in
 * order until one matches, include: and redirect= recursing, lookups
 * counted when a term is reached (so terms after a match cost nothing),
 * exp= read only for a fail and never counted.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/auth/spf_check.h"
#include "probes/auth/spf_macro.h"
#include "probes/auth/spf_record.h"
#include "probes/auth/spf_walk.h"

#define SPF_MAX_PTR	10	/* PTR names looked at (§4.6.4) */
#define SPF_NAME_MAX	256

static const char *const spf_result_names[] = {
	[SPF_NONE] = "none", [SPF_NEUTRAL] = "neutral", [SPF_PASS] = "pass",
	[SPF_FAIL] = "fail", [SPF_SOFTFAIL] = "softfail",
	[SPF_TEMPERROR] = "temperror", [SPF_PERMERROR] = "permerror",
};

const char *
spf_result_name(enum spf_result r)
{
	return spf_result_names[r];
}

/* A mechanism's outcome. */
enum spf_match { SPF_NOMATCH, SPF_MATCH, SPF_M_TEMPERROR, SPF_M_PERMERROR };

struct spf_ctx {
	struct authdns		*ad;
	bool			 v6;
	unsigned char		 ip[16];
	char			 ip_dotted[80];
	char			 ip_text[INET6_ADDRSTRLEN];
	char			 ptr_buf[SPF_NAME_MAX];
	struct spf_macro_env	 env;
	struct spf_outcome	*out;
	bool			 error_set;	/* reason holds the first error */
};

/* Records why evaluation stopped; the first error is the cause. */
static void __attribute__((format(printf, 3, 4)))
spf_reason(struct spf_ctx *k, bool error, const char *fmt, ...)
{
	va_list ap;

	if (k->error_set)
		return;
	va_start(ap, fmt);
	vsnprintf(k->out->reason, sizeof(k->out->reason), fmt, ap);
	va_end(ap);
	k->error_set = error;
}

/*
 * A name that can be asked: labels of 1-63 bytes, 253 in all, two labels
 * at least, no domain literal, and only bytes the resolver accepts.
 */
static bool
spf_name_ok(const char *s)
{
	size_t	 n = strlen(s), label = 0, labels = 0;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 253 || s[0] == '[')
		return false;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (label == 0 || label > 63)
				return false;
			labels++;
			label = 0;
			continue;
		}
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f ||
		    s[i] == '\\')
			return false;
		label++;
	}
	return labels >= 2;
}

/* Does addr (4 or 16 bytes, per family) lie in net/len? */
static bool
spf_in_net(const unsigned char *addr, const unsigned char *net, int len)
{
	int full = len / 8, rest = len % 8;

	if (memcmp(addr, net, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((addr[full] ^ net[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

static bool
spf_rr_matches(const struct spf_ctx *k, const struct dns_rr *rr, int c4,
    int c6)
{
	if (!k->v6 && rr->type == DNS_T_A)
		return spf_in_net(k->ip, (const unsigned char *)&rr->u.a, c4);
	if (k->v6 && rr->type == DNS_T_AAAA)
		return spf_in_net(k->ip, rr->u.aaaa.s6_addr, c6);
	return false;
}

/* Counts a void lookup; past the limit the evaluation is permerror. */
static bool
spf_void(struct spf_ctx *k, const char *name)
{
	if (++k->out->voids <= SPF_MAX_VOIDS)
		return false;
	spf_reason(k, true, "more than %d void lookups (the last: %s): "
	    "receivers stop with permerror", SPF_MAX_VOIDS, name);
	return true;
}

/*
 * Any address record of name in net/cidr? Sets *empty for NXDOMAIN and
 * NODATA. Returns SPF_MATCH, SPF_NOMATCH or SPF_M_TEMPERROR.
 */
static enum spf_match
spf_addr_match(struct spf_ctx *k, const char *name, int c4, int c6,
    bool *empty)
{
	struct dns_answer	*a;
	enum spf_match		 m = SPF_NOMATCH;

	*empty = false;
	if ((a = authdns_query(k->ad, name, k->v6 ? DNS_T_AAAA : DNS_T_A)) ==
	    NULL) {
		spf_reason(k, true, "out of memory");
		return SPF_M_TEMPERROR;
	}
	if (a->status == DNS_FAILURE) {
		spf_reason(k, true, "%s lookup for %s failed: %s",
		    k->v6 ? "AAAA" : "A", name, a->reason);
		m = SPF_M_TEMPERROR;
	} else if (AUTHDNS_EMPTY(a))
		*empty = true;
	else
		for (size_t i = 0; i < a->nrr && m == SPF_NOMATCH; i++)
			if (spf_rr_matches(k, &a->rr[i], c4, c6))
				m = SPF_MATCH;
	authdns_release(k->ad, a);
	return m;
}

/*
 * Does name have an address equal to the client's? (ptr, %{p}) A failed
 * lookup here only means "not validated": it is not why evaluation ends,
 * so the reason is left as it was.
 */
static bool
spf_name_has_ip(struct spf_ctx *k, const char *name)
{
	char	 saved[sizeof(k->out->reason)];
	bool	 saved_set = k->error_set, empty, found;

	if (!spf_name_ok(name))
		return false;
	memcpy(saved, k->out->reason, sizeof(saved));
	found = spf_addr_match(k, name, 32, 128, &empty) == SPF_MATCH;
	memcpy(k->out->reason, saved, sizeof(saved));
	k->error_set = saved_set;
	return found;
}

/*
 * The client's PTR names (at most SPF_MAX_PTR) that resolve back to it,
 * passed one by one to fn until it returns true. A failed PTR lookup is
 * no name (§5.5).
 */
static bool
spf_validated_names(struct spf_ctx *k, bool (*fn)(void *, const char *),
    void *arg)
{
	char			 rev[SPF_NAME_MAX];
	struct dns_answer	*a;
	bool			 done = false;
	size_t			 o = 0;

	if (k->v6)
		for (int i = 15; i >= 0; i--)
			o += (size_t)snprintf(rev + o, sizeof(rev) - o,
			    "%x.%x.", k->ip[i] & 15, k->ip[i] >> 4);
	else
		o = (size_t)snprintf(rev, sizeof(rev), "%u.%u.%u.%u.",
		    k->ip[3], k->ip[2], k->ip[1], k->ip[0]);
	snprintf(rev + o, sizeof(rev) - o, "%s", k->v6 ? "ip6.arpa" :
	    "in-addr.arpa");
	if ((a = authdns_query(k->ad, rev, DNS_T_PTR)) == NULL)
		return false;
	if (a->status == DNS_DATA)
		for (size_t i = 0; i < a->nrr && i < SPF_MAX_PTR && !done; i++)
			if (a->rr[i].type == DNS_T_PTR &&
			    spf_name_has_ip(k, a->rr[i].u.name))
				done = fn(arg, a->rr[i].u.name);
	authdns_release(k->ad, a);
	return done;
}

/* name equals domain or lies below it. */
static bool
spf_name_within(const char *name, const char *domain)
{
	size_t	 n = strlen(name), d = strlen(domain);

	if (n > 0 && name[n - 1] == '.')
		n--;
	if (d > 0 && domain[d - 1] == '.')
		d--;
	if (n == d)
		return strncasecmp(name, domain, n) == 0;
	return n > d && name[n - d - 1] == '.' &&
	    strncasecmp(name + n - d, domain, d) == 0;
}

struct spf_ptr_pick {
	struct spf_ctx	*k;
	const char	*domain;
	bool		 any;		/* first pass: any validated name */
};

static bool
spf_ptr_pick(void *arg, const char *name)
{
	struct spf_ptr_pick *p = arg;

	if (!p->any && !spf_name_within(name, p->domain))
		return false;
	snprintf(p->k->ptr_buf, sizeof(p->k->ptr_buf), "%s", name);
	return true;
}

/* %{p}: a validated name within domain if any, else any, else unknown. */
static const char *
spf_ptr_macro(void *arg, const char *domain)
{
	struct spf_ctx		*k = arg;
	struct spf_ptr_pick	 p = { k, domain, false };

	if (spf_validated_names(k, spf_ptr_pick, &p))
		return k->ptr_buf;
	p.any = true;
	if (spf_validated_names(k, spf_ptr_pick, &p))
		return k->ptr_buf;
	return "unknown";
}

static bool
spf_ptr_within(void *arg, const char *name)
{
	return spf_name_within(name, arg);
}

static enum spf_result spf_check_domain(struct spf_ctx *, const char *domain,
    char *exp, size_t explen, int depth);

/* The target of a term: its expanded domain-spec, or the current domain. */
static bool
spf_target(struct spf_ctx *k, const struct spf_term *t, const char *domain,
    char *out, size_t outlen)
{
	if (t->domain == NULL) {
		snprintf(out, outlen, "%s", domain);
		return true;
	}
	return spf_macro_domain(t->domain, &k->env, out, outlen) == 0;
}

static enum spf_match
spf_mx(struct spf_ctx *k, const struct spf_term *t, const char *target)
{
	struct dns_answer	*a;
	enum spf_match		 m = SPF_NOMATCH;
	bool			 empty;

	if ((a = authdns_query(k->ad, target, DNS_T_MX)) == NULL)
		return SPF_M_TEMPERROR;
	if (a->status == DNS_FAILURE) {
		spf_reason(k, true, "MX lookup for %s failed: %s", target,
		    a->reason);
		m = SPF_M_TEMPERROR;
	} else if (AUTHDNS_EMPTY(a)) {
		if (spf_void(k, target))
			m = SPF_M_PERMERROR;
	} else if (a->nrr > SPF_MAX_MX) {
		spf_reason(k, true, "\"%s\": %s has %zu MX hosts, more than "
		    "%d is permerror (RFC 7208 §4.6.4)", t->text, target,
		    a->nrr, SPF_MAX_MX);
		m = SPF_M_PERMERROR;
	} else
		for (size_t i = 0; i < a->nrr && m == SPF_NOMATCH; i++) {
			const char *host = a->rr[i].u.mx.host;
			if (a->rr[i].type != DNS_T_MX || !spf_name_ok(host))
				continue;	/* null MX, "." */
			m = spf_addr_match(k, host, t->cidr4, t->cidr6, &empty);
		}
	authdns_release(k->ad, a);
	return m;
}

/* include: pass matches; fail, softfail, neutral do not; errors carry. */
static enum spf_match
spf_include(struct spf_ctx *k, const char *target, int depth)
{
	switch (spf_check_domain(k, target, NULL, 0, depth + 1)) {
	case SPF_PASS:
		return SPF_MATCH;
	case SPF_FAIL:
	case SPF_SOFTFAIL:
	case SPF_NEUTRAL:
		return SPF_NOMATCH;
	case SPF_TEMPERROR:
		return SPF_M_TEMPERROR;
	case SPF_NONE:
		spf_reason(k, true, "include:%s has no SPF record: "
		    "permerror", target);
		return SPF_M_PERMERROR;
	default:
		return SPF_M_PERMERROR;
	}
}

/* One mechanism against the client. */
static enum spf_match
spf_mechanism(struct spf_ctx *k, const struct spf_term *t,
    const char *domain, int depth)
{
	char	 target[SPF_NAME_MAX];
	bool	 empty = false;
	enum spf_match m;

	switch (t->mech) {
	case SPF_M_ALL:
		return SPF_MATCH;
	case SPF_M_IP4:
		return !k->v6 && spf_in_net(k->ip, t->net, t->cidr4) ?
		    SPF_MATCH : SPF_NOMATCH;
	case SPF_M_IP6:
		return k->v6 && spf_in_net(k->ip, t->net, t->cidr6) ?
		    SPF_MATCH : SPF_NOMATCH;
	default:
		break;
	}
	if (++k->out->lookups > SPF_MAX_LOOKUPS) {
		spf_reason(k, true, "more than %d DNS-querying terms (reached "
		    "\"%s\" in %s): receivers stop with permerror",
		    SPF_MAX_LOOKUPS, t->text, domain);
		return SPF_M_PERMERROR;
	}
	if (!spf_target(k, t, domain, target, sizeof(target)) ||
	    !spf_name_ok(target)) {
		if (t->mech != SPF_M_INCLUDE)
			return SPF_NOMATCH;	/* no such name can exist */
		spf_reason(k, true, "\"%s\" names no valid domain", t->text);
		return SPF_M_PERMERROR;
	}
	switch (t->mech) {
	case SPF_M_INCLUDE:
		return spf_include(k, target, depth);
	case SPF_M_A:
		m = spf_addr_match(k, target, t->cidr4, t->cidr6, &empty);
		break;
	case SPF_M_MX:
		return spf_mx(k, t, target);
	case SPF_M_PTR:
		return spf_validated_names(k, spf_ptr_within, target) ?
		    SPF_MATCH : SPF_NOMATCH;
	case SPF_M_EXISTS: {
		bool v6 = k->v6;
		k->v6 = false;		/* exists always asks for A */
		m = spf_addr_match(k, target, 0, 0, &empty);
		k->v6 = v6;
		if (m == SPF_NOMATCH && !empty)
			m = SPF_MATCH;
		break;
	}
	default:
		return SPF_NOMATCH;
	}
	if (empty && spf_void(k, target))
		return SPF_M_PERMERROR;
	return m;
}

/*
 * Fetches the one SPF record of domain. Returns the text (caller frees),
 * or NULL with *r set: none, temperror, permerror.
 */
static char *
spf_fetch_record(struct spf_ctx *k, const char *domain, enum spf_result *r)
{
	struct dns_answer	*a = authdns_query(k->ad, domain, DNS_T_TXT);
	char			*text = NULL;
	size_t			 n = 0;

	*r = SPF_NONE;
	if (a == NULL) {
		*r = SPF_TEMPERROR;
		spf_reason(k, true, "out of memory");
		return NULL;
	}
	if (a->status == DNS_FAILURE) {
		*r = SPF_TEMPERROR;
		spf_reason(k, true, "TXT lookup for %s failed: %s", domain,
		    a->reason);
	} else if (a->status == DNS_DATA)
		for (size_t i = 0; i < a->nrr; i++) {
			const char *d = a->rr[i].u.txt.data;
			size_t len = a->rr[i].u.txt.len;

			if (!spf_record_is_spf(d, len))
				continue;
			if (n++ == 0 && memchr(d, '\0', len) == NULL)
				text = strndup(d, len);
			else if (n == 1) {
				*r = SPF_PERMERROR;
				spf_reason(k, true, "the SPF record of %s "
				    "contains a NUL byte", domain);
			}
		}
	authdns_release(k->ad, a);
	if (n > 1) {
		free(text);
		*r = SPF_PERMERROR;
		spf_reason(k, true, "%s has %zu SPF records: permerror",
		    domain, n);
		return NULL;
	}
	if (n == 0)
		spf_reason(k, false, "%s has no SPF record", domain);
	return text;
}

/* A fail's explanation (§6.2): any problem gives the default (""). */
static void
spf_explain(struct spf_ctx *k, const struct spf_record *rec, char *exp,
    size_t explen)
{
	char			 name[SPF_NAME_MAX], text[1024];
	struct dns_answer	*a;

	for (size_t i = 0; i < rec->n; i++) {
		if (rec->v[i].mech != SPF_M_EXP)
			continue;
		if (spf_macro_domain(rec->v[i].domain, &k->env, name,
		    sizeof(name)) == -1 || !spf_name_ok(name) ||
		    (a = authdns_query(k->ad, name, DNS_T_TXT)) == NULL)
			return;
		if (a->status == DNS_DATA && a->nrr == 1 &&
		    a->rr[0].u.txt.len < sizeof(text) &&
		    memchr(a->rr[0].u.txt.data, '\0', a->rr[0].u.txt.len) ==
		    NULL) {
			bool has_macro;
			memcpy(text, a->rr[0].u.txt.data, a->rr[0].u.txt.len);
			text[a->rr[0].u.txt.len] = '\0';
			if (spf_macro_valid(text, true, &has_macro) &&
			    spf_macro_expand(text, &k->env, true, exp,
			    explen) != 0)
				exp[0] = '\0';
		}
		authdns_release(k->ad, a);
		return;
	}
}

static const enum spf_result spf_qualifier_result[128] = {
	['+'] = SPF_PASS, ['-'] = SPF_FAIL, ['~'] = SPF_SOFTFAIL,
	['?'] = SPF_NEUTRAL,
};

/* check_host() for domain; exp (may be NULL) gets a fail's explanation. */
static enum spf_result
spf_check_domain(struct spf_ctx *k, const char *domain, char *exp,
    size_t explen, int depth)
{
	struct spf_record	 rec;
	struct verdict		 scratch;
	enum spf_result		 r;
	const char		*saved_domain = k->env.domain;
	char			*text, target[SPF_NAME_MAX];
	int			 rc;

	if (!spf_name_ok(domain)) {
		spf_reason(k, false, "\"%s\" is not a domain name that can "
		    "have an SPF record", domain);
		return SPF_NONE;
	}
	if ((text = spf_fetch_record(k, domain, &r)) == NULL)
		return r;
	verdict_init(&scratch);
	rc = spf_record_parse(domain, text, &rec, &scratch);
	if (rc == -1) {
		const char *why = scratch.summary ? scratch.summary :
		    "syntax error";
		spf_reason(k, true, "the SPF record of %s is permerror: %.*s",
		    domain, (int)strcspn(why, "\n"), why);
		r = SPF_PERMERROR;
		goto done;
	}
	k->env.domain = domain;
	r = SPF_NEUTRAL;
	for (size_t i = 0; i < rec.n; i++) {
		const struct spf_term *t = &rec.v[i];
		enum spf_match m;

		if (t->mech == SPF_M_REDIRECT || t->mech == SPF_M_EXP ||
		    t->mech == SPF_M_UNKNOWN_MOD)
			continue;
		m = spf_mechanism(k, t, domain, depth);
		k->env.domain = domain;
		if (m == SPF_M_TEMPERROR || m == SPF_M_PERMERROR) {
			r = m == SPF_M_TEMPERROR ? SPF_TEMPERROR : SPF_PERMERROR;
			goto done;
		}
		if (m == SPF_MATCH) {
			r = spf_qualifier_result[(unsigned char)t->qualifier];
			spf_reason(k, false, "\"%s\" in the SPF record of %s "
			    "matched", t->text, domain);
			if (r == SPF_FAIL && exp != NULL)
				spf_explain(k, &rec, exp, explen);
			goto done;
		}
	}
	if (rec.redirect >= 0) {
		const struct spf_term *t = &rec.v[rec.redirect];

		if (++k->out->lookups > SPF_MAX_LOOKUPS) {
			spf_reason(k, true, "more than %d DNS-querying terms "
			    "(reached \"%s\" in %s): receivers stop with "
			    "permerror", SPF_MAX_LOOKUPS, t->text, domain);
			r = SPF_PERMERROR;
		} else if (!spf_target(k, t, domain, target, sizeof(target)) ||
		    !spf_name_ok(target)) {
			spf_reason(k, true, "\"%s\" names no valid domain",
			    t->text);
			r = SPF_PERMERROR;
		} else if ((r = spf_check_domain(k, target, exp, explen,
		    depth + 1)) == SPF_NONE) {
			spf_reason(k, true, "redirect=%s has no SPF record: "
			    "permerror", target);
			r = SPF_PERMERROR;
		}
		goto done;
	}
	spf_reason(k, false, "no term of the SPF record of %s matched: "
	    "neutral", domain);
done:
	k->env.domain = saved_domain;
	spf_record_free(&rec);
	verdict_free(&scratch);
	free(text);
	return r;
}

/* Fills the IP forms the macros need; IPv4-mapped IPv6 becomes IPv4. */
static int
spf_client(struct spf_ctx *k, const char *ip)
{
	unsigned char	 a6[16];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	size_t		 o = 0;

	if (inet_pton(AF_INET, ip, k->ip) == 1)
		k->v6 = false;
	else if (inet_pton(AF_INET6, ip, a6) == 1) {
		k->v6 = memcmp(a6, mapped, 12) != 0;
		memcpy(k->ip, k->v6 ? a6 : a6 + 12, k->v6 ? 16 : 4);
	} else
		return -1;
	inet_ntop(k->v6 ? AF_INET6 : AF_INET, k->ip, k->ip_text,
	    sizeof(k->ip_text));
	if (!k->v6) {
		snprintf(k->ip_dotted, sizeof(k->ip_dotted), "%s", k->ip_text);
		return 0;
	}
	for (int i = 0; i < 16; i++)
		o += (size_t)snprintf(k->ip_dotted + o, sizeof(k->ip_dotted) - o,
		    "%s%x.%x", i ? "." : "", k->ip[i] >> 4, k->ip[i] & 15);
	return 0;
}

int
spf_check_host(struct authdns *ad, const struct spf_request *req,
    struct spf_outcome *out)
{
	struct spf_ctx	 k = { .ad = ad, .out = out };
	char		 sender[600], local[300];
	const char	*at;

	memset(out, 0, sizeof(*out));
	if (spf_client(&k, req->ip) == -1) {
		snprintf(out->reason, sizeof(out->reason), "\"%s\" is not an "
		    "IPv4 or IPv6 address", req->ip);
		return -1;
	}
	/* §4.3: no local part means "postmaster". */
	if (req->sender == NULL || req->sender[0] == '\0')
		snprintf(sender, sizeof(sender), "postmaster@%s", req->domain);
	else if (req->sender[0] == '@')
		snprintf(sender, sizeof(sender), "postmaster%s", req->sender);
	else if (strchr(req->sender, '@') == NULL)
		snprintf(sender, sizeof(sender), "postmaster@%s", req->sender);
	else
		snprintf(sender, sizeof(sender), "%s", req->sender);
	at = strrchr(sender, '@');
	snprintf(local, sizeof(local), "%.*s", (int)(at - sender), sender);
	k.env = (struct spf_macro_env){
		.sender = sender, .local = local, .sender_domain = at + 1,
		.domain = req->domain, .ip_dotted = k.ip_dotted,
		.ip_text = k.ip_text, .v6 = k.v6, .helo = req->helo,
		.ptr_name = spf_ptr_macro, .ptr_arg = &k,
	};
	out->result = spf_check_domain(&k, req->domain, out->explanation,
	    sizeof(out->explanation), 0);
	if (out->result != SPF_FAIL)
		out->explanation[0] = '\0';
	return 0;
}
