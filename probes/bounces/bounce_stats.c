/*
 * bounce_stats.c -- adds up delivery attempts (see bounce_stats.h).
 *
 * Deliveries cost one domain lookup. Deferrals and bounces also parse the
 * reply and look its normalized text up in the reply map: a reply is
 * classified by the rule table only the first time its wording is seen,
 * so a log of millions of "User unknown" lines runs the rules once.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/bounces/bounce_stats.h"

#define BOUNCE_DOMAIN_MAX	256

void
bounce_stats_init(struct bounce_stats *st, bool want_suppress)
{
	memset(st, 0, sizeof(*st));
	strmap_init(&st->domains, sizeof(struct bounce_counts));
	strmap_init(&st->replies, sizeof(struct bounce_reply));
	strmap_init(&st->suppress, 1);
	st->want_suppress = want_suppress;
}

void
bounce_stats_free(struct bounce_stats *st)
{
	if (st == NULL)
		return;
	strmap_free(&st->domains);
	strmap_free(&st->replies);
	strmap_free(&st->suppress);
}

double
bounce_rate(const struct bounce_counts *c)
{
	uint64_t done = c->delivered + c->bounced;

	return done == 0 ? 0.0 : 100.0 * (double)c->bounced / (double)done;
}

/* Lower-cases s[0..n) into out; returns the length written. */
static size_t
bounce_lower(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; i < n && i + 1 < outlen; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
	return i;
}

size_t
bounce_entry_domain(const struct mtalog_entry *e, char *out, size_t outlen)
{
	const char *at = NULL;

	for (size_t i = e->rcpt_len; i > 0; i--)
		if (e->rcpt[i - 1] == '@') {
			at = e->rcpt + i;
			break;
		}
	if (at == NULL || at == e->rcpt + e->rcpt_len)
		return bounce_lower("(none)", 6, out, outlen);
	return bounce_lower(at, (size_t)(e->rcpt + e->rcpt_len - at), out,
	    outlen);
}

static bool
bounce_looks_like_id(const char *w, size_t n)
{
	size_t digits = 0, alpha = 0;

	if (n < 10 || memmem(w, n, "/", 1) != NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)w[i]))
			digits++;
		else if (isalpha((unsigned char)w[i]))
			alpha++;
	}
	return digits >= 3 && alpha >= 3;
}

void
bounce_normalize(const char *text, char *out, size_t outlen)
{
	const char *p = text;
	size_t o = 0;

	out[0] = '\0';
	while (*p) {
		const char *w, *rep = NULL;
		size_t n, tail = 0;

		while (*p == ' ')
			p++;
		for (w = p; *p && *p != ' '; p++)
			;
		if ((n = (size_t)(p - w)) == 0)
			break;
		if (memchr(w, '@', n) != NULL) {
			rep = "<address>";
			while (tail < n && strchr(":,;.)>", w[n - 1 - tail]) &&
			    w[n - 1 - tail] != '>')
				tail++;
		} else if (bounce_looks_like_id(w, n))
			rep = "<id>";
		if (o + n + 12 >= outlen)
			break;
		if (o > 0)
			out[o++] = ' ';
		if (rep != NULL) {
			size_t rl = strlen(rep);
			memcpy(out + o, rep, rl);
			o += rl;
			memcpy(out + o, w + n - tail, tail);
			o += tail;
		} else {
			memcpy(out + o, w, n);
			o += n;
		}
		out[o] = '\0';
	}
}

/* Postfix's dsn=5.1.1 when the reply itself carries no enhanced code. */
static void
bounce_use_dsn(const struct mtalog_entry *e, struct smtp_reply *r)
{
	int c, s, d, n = 0;
	char buf[16];

	if (r->has_enh || e->dsn == NULL || e->dsn_len >= sizeof(buf))
		return;
	memcpy(buf, e->dsn, e->dsn_len);
	buf[e->dsn_len] = '\0';
	if (sscanf(buf, "%1d.%3d.%3d%n", &c, &s, &d, &n) != 3 ||
	    (size_t)n != e->dsn_len || (s == 0 && d == 0))
		return;
	r->has_enh = true;
	r->enh_class = c;
	r->enh_subject = s;
	r->enh_detail = d;
}

static void
bounce_fill_reply(struct bounce_reply *br, const struct smtp_reply *r,
    const struct smtp_verdict *v, const char *receiver)
{
	br->code = r->code;
	if (r->has_enh)
		snprintf(br->enh, sizeof(br->enh), "%d.%d.%d", r->enh_class,
		    r->enh_subject, r->enh_detail);
	br->cat = v->category;
	br->side = v->side;
	br->rule = v->rule;
	br->fix = v->fix;
	snprintf(br->list, sizeof(br->list), "%s", v->list);
	snprintf(br->ip, sizeof(br->ip), "%s", v->ip);
	snprintf(br->receiver, sizeof(br->receiver), "%s", receiver);
}

/* The reply's entry in the map (NULL past the cap); *cat always set. */
static struct bounce_reply *
bounce_reply_for(struct bounce_stats *st, const struct mtalog_entry *e,
    const char *receiver, enum smtp_category *cat, int *oom)
{
	struct smtp_reply r;
	struct smtp_verdict v;
	struct bounce_reply *br;
	char norm[SMTP_REPLY_TEXT_MAX], key[SMTP_REPLY_TEXT_MAX + 32];
	int added, klen;

	smtp_reply_parse(e->reply, e->reply_len, &r);
	bounce_use_dsn(e, &r);
	bounce_normalize(r.text, norm, sizeof(norm));
	klen = snprintf(key, sizeof(key), "%d %d.%d.%d %s", r.code,
	    r.enh_class, r.enh_subject, r.enh_detail, norm);
	if (klen < 0 || (size_t)klen >= sizeof(key))
		klen = (int)strlen(key);
	br = strmap_get(&st->replies, key, (size_t)klen);
	if (br == NULL && st->replies.n < BOUNCE_MAX_REPLIES) {
		if ((br = strmap_put(&st->replies, key, (size_t)klen,
		    &added)) == NULL) {
			*oom = 1;
			return NULL;
		}
		smtp_classify(&r, &v);
		bounce_fill_reply(br, &r, &v, receiver);
	}
	if (br != NULL) {
		*cat = br->cat;
		return br;
	}
	smtp_classify(&r, &v);
	*cat = v.category;
	st->replies_not_kept++;
	return NULL;
}

/*
 * A hard bounce in these categories says the address will never take
 * mail: no such user, a disabled mailbox, a domain without mail servers.
 */
static bool
bounce_suppressible(enum smtp_category cat)
{
	return cat == SMTP_CAT_BAD_MAILBOX || cat == SMTP_CAT_MAILBOX_DISABLED ||
	    cat == SMTP_CAT_HOST_UNKNOWN;
}

int
bounce_stats_add(struct bounce_stats *st, const struct mtalog_entry *e)
{
	char dom[BOUNCE_DOMAIN_MAX], host[64];
	struct bounce_counts *dc;
	struct bounce_reply *br;
	enum smtp_category cat;
	size_t dlen;
	int oom = 0;

	st->last = NULL;
	st->last_cat = SMTP_CAT_OTHER;
	if (e->status == MTALOG_NONE)
		return 0;
	if (e->status == MTALOG_REPLY) {
		bounce_lower(e->relay, e->relay_len, host, sizeof(host));
		br = bounce_reply_for(st, e, host, &cat, &oom);
		st->last = br;
		st->last_cat = cat;
		st->session_replies++;
		if (br != NULL)
			br->session++;
		return oom ? -1 : 0;
	}
	dlen = bounce_entry_domain(e, dom, sizeof(dom));
	if ((dc = strmap_put(&st->domains, dom, dlen, NULL)) == NULL)
		return -1;
	dc->attempts++;
	st->total.attempts++;
	if (e->status == MTALOG_SENT) {
		dc->delivered++;
		st->total.delivered++;
		return 0;
	}
	br = bounce_reply_for(st, e, dom, &cat, &oom);
	if (oom)
		return -1;
	st->last = br;
	st->last_cat = cat;
	if (e->status == MTALOG_DEFERRED) {
		dc->deferred++;
		dc->cat_deferred[cat]++;
		st->total.deferred++;
		st->total.cat_deferred[cat]++;
		if (br != NULL)
			br->deferred++;
		return 0;
	}
	dc->bounced++;
	dc->cat_bounced[cat]++;
	st->total.bounced++;
	st->total.cat_bounced[cat]++;
	if (br != NULL)
		br->bounced++;
	if (st->want_suppress && bounce_suppressible(cat) && e->rcpt_len > 0) {
		char addr[512];
		size_t n = bounce_lower(e->rcpt, e->rcpt_len, addr, sizeof(addr));
		if (strmap_put(&st->suppress, addr, n, NULL) == NULL)
			return -1;
	}
	return 0;
}

static int
bounce_cmp_domains(const void *a, const void *b)
{
	const struct strmap_entry *x = *(struct strmap_entry *const *)a;
	const struct strmap_entry *y = *(struct strmap_entry *const *)b;
	const struct bounce_counts *cx = x->val, *cy = y->val;

	if (cx->attempts != cy->attempts)
		return cx->attempts > cy->attempts ? -1 : 1;
	return strcmp(x->key, y->key);
}

struct strmap_entry **
bounce_domains_sorted(const struct bounce_stats *st)
{
	struct strmap_entry **v = strmap_list(&st->domains);

	if (v != NULL)
		qsort(v, st->domains.n, sizeof(*v), bounce_cmp_domains);
	return v;
}

static int
bounce_cmp_lists(const void *a, const void *b)
{
	const struct strmap_entry *x = *(struct strmap_entry *const *)a;
	const struct strmap_entry *y = *(struct strmap_entry *const *)b;
	const struct bounce_blocklist *rx = x->val, *ry = y->val;

	if (rx->count != ry->count)
		return rx->count > ry->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

struct strmap_entry **
bounce_blocklists(const struct bounce_stats *st, struct strmap *out, int *oom)
{
	struct strmap_entry **v;

	*oom = 0;
	for (size_t i = 0; i < st->replies.cap; i++) {
		const struct bounce_reply *r = st->replies.slots[i].val;
		struct bounce_blocklist *b;
		char key[128];
		int n, added;

		if (st->replies.slots[i].key == NULL ||
		    r->cat != SMTP_CAT_BLOCKLISTED)
			continue;
		n = snprintf(key, sizeof(key), "%s %s", r->list, r->ip);
		if ((b = strmap_put(out, key, (size_t)n, &added)) == NULL) {
			*oom = -1;
			return NULL;
		}
		if (added) {
			snprintf(b->list, sizeof(b->list), "%s",
			    r->list[0] ? r->list : "(not named)");
			snprintf(b->ip, sizeof(b->ip), "%s", r->ip);
			snprintf(b->receiver, sizeof(b->receiver), "%s",
			    r->receiver);
		}
		b->count += r->bounced + r->deferred + r->session;
	}
	if (out->n == 0)
		return NULL;
	if ((v = strmap_list(out)) == NULL) {
		*oom = -1;
		return NULL;
	}
	qsort(v, out->n, sizeof(*v), bounce_cmp_lists);
	return v;
}
