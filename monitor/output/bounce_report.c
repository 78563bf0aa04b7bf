/*
 * bounce_report.c -- text and JSON views of bounce_stats (see
 * bounce_report.h).
 *
 * JSON: {"files": [...], "lines": N, "status": "ok|warning|critical",
 *  "thresholds": {"warn_rate": %, "crit_rate": %},
 *  "total": COUNTS, "domains": [{"domain": D, COUNTS...}] (most attempts
 *  first), "categories": [{"category": C, "bounced": N, "deferred": N,
 *  "replies": [{"reply", "code", "enhanced", "side", "rule", "fix",
 *  "list", "ip", "bounced", "deferred", "session"}]}],
 *  "blocklists": [{"list", "ip", "count", "receiver"}],
 *  "authentication": [{"domain", "count"}], "reverse_dns": [...],
 *  "session_replies": N, "suppressed": N or null}
 * COUNTS: "attempts", "delivered", "deferred", "bounced", "bounce_rate"
 * (percent of finished deliveries, two decimals) and "by_category"
 * ({"C": {"bounced": N, "deferred": N}} for the categories seen).
 * Replies are normalized: addresses read "<address>", ids "<id>".
 */
#include <stdlib.h>
#include <string.h>

#include "monitor/output/bounce_report.h"
#include "monitor/output/json_write.h"

/* Everything sorted once for both views; freed by report_views_free. */
struct report_views {
	struct strmap_entry	**domains;	/* by attempts, then name */
	size_t			  ndomains;
	struct strmap_entry	**replies;	/* by count, then text */
	size_t			  nreplies;
	struct strmap		  lists;	/* "list ip" -> bounce_blocklist */
	struct strmap_entry	**listv;	/* by count */
	size_t			  nlists;
};

static uint64_t
reply_total(const struct bounce_reply *r)
{
	return r->bounced + r->deferred + r->session;
}

static int
cmp_replies(const void *a, const void *b)
{
	const struct strmap_entry *x = *(struct strmap_entry *const *)a;
	const struct strmap_entry *y = *(struct strmap_entry *const *)b;
	uint64_t tx = reply_total(x->val), ty = reply_total(y->val);

	if (tx != ty)
		return tx > ty ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
report_views_free(struct report_views *v)
{
	free(v->domains);
	free(v->replies);
	free(v->listv);
	strmap_free(&v->lists);
}

static int
report_views_build(struct report_views *v, const struct bounce_stats *st)
{
	int oom;

	memset(v, 0, sizeof(*v));
	strmap_init(&v->lists, sizeof(struct bounce_blocklist));
	v->ndomains = st->domains.n;
	v->nreplies = st->replies.n;
	if ((v->ndomains > 0 &&
	    (v->domains = bounce_domains_sorted(st)) == NULL) ||
	    (v->nreplies > 0 &&
	    (v->replies = strmap_list(&st->replies)) == NULL))
		goto fail;
	if (v->nreplies > 0)
		qsort(v->replies, v->nreplies, sizeof(*v->replies), cmp_replies);
	v->listv = bounce_blocklists(st, &v->lists, &oom);
	if (oom)
		goto fail;
	v->nlists = v->lists.n;
	return 0;
fail:
	fprintf(stderr, "sendwatch bounces: out of memory\n");
	report_views_free(v);
	return -1;
}

const char *
bounce_state_name(int state)
{
	static const char *const names[] = { "ok", "warning", "critical" };

	return state >= 0 && state <= 2 ? names[state] : "unknown";
}

int
bounce_state(const struct bounce_stats *st, double warn_rate, double crit_rate)
{
	double rate = bounce_rate(&st->total);
	uint64_t bl = st->total.cat_bounced[SMTP_CAT_BLOCKLISTED] +
	    st->total.cat_deferred[SMTP_CAT_BLOCKLISTED];
	bool named = bl > 0;

	for (size_t i = 0; !named && i < st->replies.cap; i++) {
		const struct bounce_reply *r = st->replies.slots[i].val;
		named = st->replies.slots[i].key != NULL &&
		    r->cat == SMTP_CAT_BLOCKLISTED;
	}
	if (rate > crit_rate)
		return 2;
	return rate > warn_rate || named ? 1 : 0;
}

/* ------------------------------------------------------------ text */

static void
text_reply(FILE *fp, const struct strmap_entry *e)
{
	const struct bounce_reply *r = e->val;
	const char *text = strchr(e->key, ' ');

	/* the key is "code c.s.d text": show the reply as code, enh, text */
	text = text != NULL ? strchr(text + 1, ' ') : NULL;
	fprintf(fp, "    %6llu x ", (unsigned long long)reply_total(r));
	if (r->code != 0)
		fprintf(fp, "%d ", r->code);
	if (r->enh[0])
		fprintf(fp, "%s ", r->enh);
	fprintf(fp, "%.160s\n", text != NULL ? text + 1 : "");
}

static void
text_domains_with(FILE *fp, const struct report_views *v,
    enum smtp_category cat, const char *title)
{
	bool any = false;

	for (size_t i = 0; i < v->ndomains; i++) {
		const struct bounce_counts *c = v->domains[i]->val;
		uint64_t n = c->cat_bounced[cat] + c->cat_deferred[cat];
		if (n == 0)
			continue;
		if (!any)
			fprintf(fp, "\n%s:\n", title);
		any = true;
		fprintf(fp, "  %-32s %llu\n", v->domains[i]->key,
		    (unsigned long long)n);
	}
}

int
bounce_report_text(FILE *fp, const struct bounce_stats *st,
    const struct bounce_report_info *in)
{
	const struct bounce_counts *t = &st->total;
	struct report_views v;

	if (report_views_build(&v, st) == -1)
		return -1;
	fprintf(fp, "%zu file%s, %llu lines, %llu delivery attempts\n",
	    in->nfiles, in->nfiles == 1 ? "" : "s",
	    (unsigned long long)in->lines, (unsigned long long)t->attempts);
	if (in->mail != NULL)
		fprintf(fp, "mail: %llu messages, %llu bounces (%llu"
		    " recipients), %llu auto-replies and %llu other messages"
		    " not counted\n", (unsigned long long)in->mail->messages,
		    (unsigned long long)in->mail->bounces,
		    (unsigned long long)in->mail->recipients,
		    (unsigned long long)in->mail->auto_replies,
		    (unsigned long long)in->mail->other);
	if (in->rate_unknown)
		fprintf(fp, "overall: %llu delivered, %llu deferred, %llu"
		    " bounced; bounce rate unknown: bounce mail shows no"
		    " deliveries, read the MTA log for it (%s)\n",
		    (unsigned long long)t->delivered,
		    (unsigned long long)t->deferred,
		    (unsigned long long)t->bounced,
		    bounce_state_name(in->state));
	else
		fprintf(fp, "overall: %llu delivered, %llu deferred, %llu"
		    " bounced; bounce rate %.2f%% (%s; warning above %.2g%%,"
		    " critical above %.2g%%)\n",
		    (unsigned long long)t->delivered,
		    (unsigned long long)t->deferred,
		    (unsigned long long)t->bounced, bounce_rate(t),
		    bounce_state_name(in->state), in->warn_rate, in->crit_rate);

	if (t->bounced + t->deferred > 0)
		fprintf(fp, "\nbounces and deferrals by category:\n");
	for (size_t ci = 0; ci < SMTP_CAT_COUNT; ci++) {
		int c = (int)smtp_category_at(ci);
		size_t shown = 0;
		if (t->cat_bounced[c] + t->cat_deferred[c] == 0)
			continue;
		fprintf(fp, "  %-16s %llu bounced, %llu deferred\n",
		    smtp_category_name((enum smtp_category)c),
		    (unsigned long long)t->cat_bounced[c],
		    (unsigned long long)t->cat_deferred[c]);
		for (size_t i = 0; i < v.nreplies && shown < in->top; i++) {
			const struct bounce_reply *r = v.replies[i]->val;
			if ((int)r->cat != c || r->bounced + r->deferred == 0)
				continue;
			text_reply(fp, v.replies[i]);
			shown++;
		}
	}

	if (v.nlists > 0)
		fprintf(fp, "\nblocklists named by receivers:\n");
	for (size_t i = 0; i < v.nlists; i++) {
		const struct bounce_blocklist *b = v.listv[i]->val;
		fprintf(fp, "  %-28s ip %-16s %llu replies (first from %s)\n",
		    b->list, b->ip[0] ? b->ip : "(not shown)",
		    (unsigned long long)b->count, b->receiver);
	}
	text_domains_with(fp, &v, SMTP_CAT_AUTHENTICATION,
	    "authentication rejections (SPF/DKIM/DMARC) per domain");
	text_domains_with(fp, &v, SMTP_CAT_REVERSE_DNS,
	    "reverse DNS (PTR/HELO) rejections per domain");

	if (v.ndomains > 0)
		fprintf(fp, "\n%-32s %9s %9s %9s %9s %7s\n", "domain",
		    "attempts", "delivered", "deferred", "bounced", "rate");
	for (size_t i = 0; i < v.ndomains; i++) {
		const struct bounce_counts *c = v.domains[i]->val;
		char rate[16] = "      -";

		if (!in->rate_unknown)
			snprintf(rate, sizeof(rate), "%6.2f%%", bounce_rate(c));
		fprintf(fp, "%-32s %9llu %9llu %9llu %9llu %s\n",
		    v.domains[i]->key, (unsigned long long)c->attempts,
		    (unsigned long long)c->delivered,
		    (unsigned long long)c->deferred,
		    (unsigned long long)c->bounced, rate);
	}
	if (st->session_replies > 0)
		fprintf(fp, "\n%llu replies outside delivery lines (counted"
		    " in blocklists only)\n",
		    (unsigned long long)st->session_replies);
	if (in->suppress_path != NULL)
		fprintf(fp, "\n%zu addresses to suppress (bad-mailbox,"
		    " mailbox-disabled, host-unknown) in %s\n",
		    in->suppressed, in->suppress_path);
	report_views_free(&v);
	return 0;
}

/* ------------------------------------------------------------ JSON */

/* rate_known false: bounce mail alone, the rate is null. */
static void
json_counts(FILE *fp, const struct bounce_counts *c, bool rate_known)
{
	bool first = true;
	char rate[32] = "null";

	if (rate_known)
		snprintf(rate, sizeof(rate), "%.2f", bounce_rate(c));
	fprintf(fp, "\"attempts\": %llu, \"delivered\": %llu, \"deferred\":"
	    " %llu, \"bounced\": %llu, \"bounce_rate\": %s, \"by_category\":"
	    " {", (unsigned long long)c->attempts,
	    (unsigned long long)c->delivered, (unsigned long long)c->deferred,
	    (unsigned long long)c->bounced, rate);
	for (size_t ki = 0; ki < SMTP_CAT_COUNT; ki++) {
		int k = (int)smtp_category_at(ki);
		if (c->cat_bounced[k] + c->cat_deferred[k] == 0)
			continue;
		fprintf(fp, "%s\"%s\": {\"bounced\": %llu, \"deferred\": %llu}",
		    first ? "" : ", ", smtp_category_name((enum smtp_category)k),
		    (unsigned long long)c->cat_bounced[k],
		    (unsigned long long)c->cat_deferred[k]);
		first = false;
	}
	fputc('}', fp);
}

static void
json_reply(FILE *fp, const struct strmap_entry *e)
{
	const struct bounce_reply *r = e->val;
	const char *text = strchr(e->key, ' ');
	char shown[SMTP_REPLY_TEXT_MAX + 32];

	text = text != NULL ? strchr(text + 1, ' ') : NULL;
	snprintf(shown, sizeof(shown), "%.0d%s%s%s%s", r->code,
	    r->code ? " " : "", r->enh, r->enh[0] ? " " : "",
	    text != NULL ? text + 1 : "");
	fputs("{\"reply\": ", fp);
	json_write_string(fp, shown);
	fprintf(fp, ", \"code\": %d, \"enhanced\": ", r->code);
	json_write_string_or_null(fp, r->enh);
	fputs(", \"side\": ", fp);
	json_write_string(fp, smtp_side_name(r->side));
	fputs(", \"rule\": ", fp);
	json_write_string(fp, r->rule);
	fputs(", \"fix\": ", fp);
	json_write_string(fp, r->fix);
	fputs(", \"list\": ", fp);
	json_write_string_or_null(fp, r->list);
	fputs(", \"ip\": ", fp);
	json_write_string_or_null(fp, r->ip);
	fprintf(fp, ", \"bounced\": %llu, \"deferred\": %llu, \"session\":"
	    " %llu}", (unsigned long long)r->bounced,
	    (unsigned long long)r->deferred, (unsigned long long)r->session);
}

static void
json_domains_with(FILE *fp, const struct report_views *v,
    enum smtp_category cat)
{
	bool first = true;

	fputc('[', fp);
	for (size_t i = 0; i < v->ndomains; i++) {
		const struct bounce_counts *c = v->domains[i]->val;
		uint64_t n = c->cat_bounced[cat] + c->cat_deferred[cat];
		if (n == 0)
			continue;
		fputs(first ? "\n    {\"domain\": " : ",\n    {\"domain\": ", fp);
		json_write_string(fp, v->domains[i]->key);
		fprintf(fp, ", \"count\": %llu}", (unsigned long long)n);
		first = false;
	}
	fputs(first ? "]" : "\n  ]", fp);
}

int
bounce_report_json(FILE *fp, const struct bounce_stats *st,
    const struct bounce_report_info *in)
{
	const struct bounce_counts *t = &st->total;
	struct report_views v;
	bool first = true;

	if (report_views_build(&v, st) == -1)
		return -1;
	fputs("{\n  \"files\": [", fp);
	for (size_t i = 0; i < in->nfiles; i++) {
		if (i > 0)
			fputs(", ", fp);
		json_write_string(fp, in->files[i]);
	}
	fprintf(fp, "],\n  \"files_failed\": %zu,\n  \"lines\": %llu,\n"
	    "  \"status\": \"%s\",\n  \"thresholds\": {\"warn_rate\": %.2f,"
	    " \"crit_rate\": %.2f},\n  \"total\": {", in->nfailed,
	    (unsigned long long)in->lines, bounce_state_name(in->state),
	    in->warn_rate, in->crit_rate);
	json_counts(fp, t, !in->rate_unknown);
	fprintf(fp, "},\n  \"bounce_rate_known\": %s,\n  \"mail\": ",
	    in->rate_unknown ? "false" : "true");
	if (in->mail != NULL)
		fprintf(fp, "{\"messages\": %llu, \"bounces\": %llu,"
		    " \"recipients\": %llu, \"auto_replies\": %llu,"
		    " \"other\": %llu}", (unsigned long long)in->mail->messages,
		    (unsigned long long)in->mail->bounces,
		    (unsigned long long)in->mail->recipients,
		    (unsigned long long)in->mail->auto_replies,
		    (unsigned long long)in->mail->other);
	else
		fputs("null", fp);
	fputs(",\n  \"domains\": [", fp);
	for (size_t i = 0; i < v.ndomains; i++) {
		fputs(i ? ",\n    {\"domain\": " : "\n    {\"domain\": ", fp);
		json_write_string(fp, v.domains[i]->key);
		fputs(", ", fp);
		json_counts(fp, v.domains[i]->val, !in->rate_unknown);
		fputc('}', fp);
	}
	fputs(v.ndomains ? "\n  ],\n  \"categories\": [" :
	    "],\n  \"categories\": [", fp);
	for (size_t ci = 0; ci < SMTP_CAT_COUNT; ci++) {
		int c = (int)smtp_category_at(ci);
		size_t shown = 0;
		if (t->cat_bounced[c] + t->cat_deferred[c] == 0)
			continue;
		fprintf(fp, "%s\n    {\"category\": \"%s\", \"bounced\": %llu,"
		    " \"deferred\": %llu, \"replies\": [", first ? "" : ",",
		    smtp_category_name((enum smtp_category)c),
		    (unsigned long long)t->cat_bounced[c],
		    (unsigned long long)t->cat_deferred[c]);
		first = false;
		for (size_t i = 0; i < v.nreplies && shown < in->top; i++) {
			const struct bounce_reply *r = v.replies[i]->val;
			if ((int)r->cat != c || r->bounced + r->deferred == 0)
				continue;
			fputs(shown ? ",\n      " : "\n      ", fp);
			json_reply(fp, v.replies[i]);
			shown++;
		}
		fputs(shown ? "\n    ]}" : "]}", fp);
	}
	fputs(first ? "],\n  \"blocklists\": [" :
	    "\n  ],\n  \"blocklists\": [", fp);
	for (size_t i = 0; i < v.nlists; i++) {
		const struct bounce_blocklist *b = v.listv[i]->val;
		fputs(i ? ",\n    {\"list\": " : "\n    {\"list\": ", fp);
		json_write_string(fp, b->list);
		fputs(", \"ip\": ", fp);
		json_write_string_or_null(fp, b->ip);
		fprintf(fp, ", \"count\": %llu, \"receiver\": ",
		    (unsigned long long)b->count);
		json_write_string(fp, b->receiver);
		fputc('}', fp);
	}
	fputs(v.nlists ? "\n  ],\n  \"authentication\": " :
	    "],\n  \"authentication\": ", fp);
	json_domains_with(fp, &v, SMTP_CAT_AUTHENTICATION);
	fputs(",\n  \"reverse_dns\": ", fp);
	json_domains_with(fp, &v, SMTP_CAT_REVERSE_DNS);
	fprintf(fp, ",\n  \"session_replies\": %llu,\n  \"replies_not_kept\":"
	    " %llu,\n  \"suppressed\": ",
	    (unsigned long long)st->session_replies,
	    (unsigned long long)st->replies_not_kept);
	if (in->suppress_path != NULL)
		fprintf(fp, "%zu\n}\n", in->suppressed);
	else
		fputs("null\n}\n", fp);
	report_views_free(&v);
	return 0;
}
