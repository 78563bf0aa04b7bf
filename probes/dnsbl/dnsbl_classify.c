/*
 * dnsbl_classify.c -- what one DNSBL answer means (RFC 5782, DESIGN.md's
 * DNSBL rules).
 *
 * NXDOMAIN/NODATA: not listed. SERVFAIL, REFUSED, timeout: failed. An A
 * answer is read in this order: the list's own error codes from the
 * catalog, its documented codes (decoded by dnsbl_catalog_decode: reserved
 * octets ignored, bitmasks split, categories named), then the well-known
 * Spamhaus errors that other lists reuse, 127.0.0.1 and anything outside
 * 127.0.0.0/8 (never a listing: a resolver rewriting NXDOMAIN, or a broken
 * list). A documented code may be good news (severity ok: Hostkarma's
 * white 127.0.0.1 or an allow-list's trust level), never an error. What
 * counts as listed: the user's `listed =` ranges, else the catalog's
 * documented codes (an undocumented code is an error, not a guess), else,
 * for a list nobody documented, 127.0.0.2-127.255.255.255.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/dnsbl/dnsbl.h"

#define DNSBL_A(a, b, c, d) \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

/* Error answers that lists other than the documenting one reuse. */
static const struct {
	uint32_t	 first, last;
	const char	*meaning;
} dnsbl_generic_errors[] = {
	{ DNSBL_A(127, 255, 255, 252), DNSBL_A(127, 255, 255, 252),
	  "the list says the query was malformed (typing error in the DNSBL name)" },
	{ DNSBL_A(127, 255, 255, 254), DNSBL_A(127, 255, 255, 254),
	  "the list refuses queries via public/open resolvers: use your own"
	  " resolver (--resolver recursive) or a DQS key" },
	{ DNSBL_A(127, 255, 255, 255), DNSBL_A(127, 255, 255, 255),
	  "the list refuses us for an excessive number of queries" },
	{ DNSBL_A(127, 255, 255, 0), DNSBL_A(127, 255, 255, 251),
	  "the list answered with an error code (127.255.255.0/24)" },
};

static void
dnsbl_addr_text(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
}

/* Appends ", "-separated text to buf, keeping it NUL-terminated. */
static void
dnsbl_append(char *buf, size_t len, const char *text)
{
	size_t used = strlen(buf);

	if (used + 1 >= len)
		return;
	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", text);
}

/* The well-known error answers any list may give; NULL if a is none. */
static const char *
dnsbl_generic_error(uint32_t a)
{
	for (size_t i = 0; i < sizeof(dnsbl_generic_errors) /
	    sizeof(dnsbl_generic_errors[0]); i++)
		if (a >= dnsbl_generic_errors[i].first &&
		    a <= dnsbl_generic_errors[i].last)
			return dnsbl_generic_errors[i].meaning;
	if ((a >> 24) != 127)
		return "the answer is outside 127.0.0.0/8: a resolver on the"
		    " path is rewriting NXDOMAIN (use --resolver recursive)";
	if (a == DNSBL_A(127, 0, 0, 1))
		return "127.0.0.1 is never a listing (RFC 5782): the list is"
		    " broken or refusing us";
	return NULL;
}

/*
 * The error an answer address is, or NULL. The list's own documentation
 * comes first: a code it documents (Hostkarma's white 127.0.0.1) is not
 * an error, unless the user's `listed =` ranges replace its codes.
 */
static const char *
dnsbl_error_meaning(const struct dnsbl_list *l, const struct dnsbl_decoded *d,
    uint32_t a)
{
	if (d->error != NULL)
		return d->error->meaning;
	if (d->ncodes > 0 && l->nlisted == 0)
		return NULL;
	return dnsbl_generic_error(a);
}

/* "SURBL-MW+SURBL-ABUSE": the names of the codes an answer carries. */
static void
dnsbl_code_names(const struct dnsbl_decoded *d, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < d->ncodes && used + 1 < len; k++) {
		int n = snprintf(buf + used, len - used, "%s%s", k ? "+" : "",
		    d->codes[k]->name);
		if (n < 0)
			return;
		used += (size_t)n;
	}
}

/* Appends what an answer's codes mean (and its category) to v->meaning. */
static void
dnsbl_code_meanings(const struct dnsbl_decoded *d, struct dnsbl_verdict *v)
{
	char item[320];

	for (size_t k = 0; k < d->ncodes; k++) {
		snprintf(item, sizeof(item), "%s: %s%s%s", d->codes[k]->name,
		    d->codes[k]->meaning, d->category ? "; category: " : "",
		    d->category ? d->category : "");
		dnsbl_append(v->meaning, sizeof(v->meaning), item);
	}
	if (d->unknown_bits != 0) {
		snprintf(item, sizeof(item), "bits %u of the answer name no list"
		    " the operator documents today (ignored)", d->unknown_bits);
		dnsbl_append(v->meaning, sizeof(v->meaning), item);
	}
}

void
dnsbl_classify(const struct dnsbl_list *l, enum dns_status status,
    const uint32_t *addrs, size_t naddrs, const char *failure,
    struct dnsbl_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->severity = FINDING_OK;
	switch (status) {
	case DNS_NXDOMAIN:
	case DNS_NODATA:
		v->cls = DNSBL_NOT_LISTED;
		return;
	case DNS_FAILURE:
		v->cls = DNSBL_FAILED;
		snprintf(v->meaning, sizeof(v->meaning), "%s",
		    failure != NULL && *failure ? failure : "lookup failed");
		return;
	case DNS_DATA:
		break;
	}
	if (naddrs == 0) {
		v->cls = DNSBL_NOT_LISTED;
		return;
	}

	/* One error answer makes the whole answer an error. */
	for (size_t i = 0; i < naddrs; i++) {
		struct dnsbl_decoded d;
		const char *err;

		dnsbl_catalog_decode(l->catalog, addrs[i], &d);
		if ((err = dnsbl_error_meaning(l, &d, addrs[i])) != NULL) {
			v->cls = DNSBL_ERROR;
			dnsbl_addr_text(addrs[i], v->codes, sizeof(v->codes));
			snprintf(v->meaning, sizeof(v->meaning), "%s", err);
			return;
		}
	}

	v->cls = DNSBL_LISTED;
	for (size_t i = 0; i < naddrs; i++) {
		char text[64], names[120], item[240];
		struct dnsbl_decoded d;
		enum finding_state sev = FINDING_CRITICAL;
		bool listed = false;

		dnsbl_addr_text(addrs[i], text, sizeof(text));
		dnsbl_catalog_decode(l->catalog, addrs[i], &d);
		if (l->nlisted > 0) {
			for (size_t k = 0; k < l->nlisted; k++)
				if (addrs[i] >= l->listed[k].first &&
				    addrs[i] <= l->listed[k].last)
					listed = true;
		} else if (l->catalog != NULL)
			listed = d.ncodes > 0;
		else
			listed = addrs[i] >= DNSBL_A(127, 0, 0, 2);
		if (!listed) {
			if (l->nlisted > 0 || l->catalog == NULL)
				continue;	/* outside the user's ranges */
			v->cls = DNSBL_ERROR;
			snprintf(v->codes, sizeof(v->codes), "%s", text);
			snprintf(v->meaning, sizeof(v->meaning), "answered %s,"
			    " which the list's documentation does not define%s",
			    text, d.unknown_bits != 0 ? " (its bits name no"
			    " list the operator documents today)" : "");
			return;
		}
		if (d.ncodes > 0) {
			sev = FINDING_OK;
			for (size_t k = 0; k < d.ncodes; k++)
				if (d.codes[k]->severity > sev)
					sev = d.codes[k]->severity;
		}
		if (l->severity_set)
			sev = l->severity;
		if (l->allow)
			sev = FINDING_OK;
		if (sev > v->severity)
			v->severity = sev;
		if (d.ncodes > 0) {
			dnsbl_code_names(&d, names, sizeof(names));
			snprintf(item, sizeof(item), "%s %s", text, names);
			dnsbl_append(v->codes, sizeof(v->codes), item);
			dnsbl_code_meanings(&d, v);
		} else
			dnsbl_append(v->codes, sizeof(v->codes), text);
	}
	if (v->codes[0] == '\0') {
		/* every answer fell outside the user's `listed =` ranges */
		v->cls = DNSBL_NOT_LISTED;
		v->severity = FINDING_OK;
	}
}

void
dnsbl_classify_answer(const struct dnsbl_list *l, const struct dns_answer *ans,
    struct dnsbl_verdict *v)
{
	uint32_t addrs[16];
	size_t n = 0;

	for (size_t i = 0; i < ans->nrr && n < sizeof(addrs) / sizeof(addrs[0]); i++)
		if (ans->rr[i].type == DNS_T_A)
			addrs[n++] = ntohl(ans->rr[i].u.a.s_addr);
	dnsbl_classify(l, ans->status, addrs, n, ans->reason, v);
}

void
dnsbl_scrub(const struct dnsbl_list *l, const char *text, char *buf, size_t len)
{
	const char *s = text, *hit;
	size_t klen, used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (l->secret == NULL || (klen = strlen(l->secret)) == 0) {
		snprintf(buf, len, "%s", text);
		return;
	}
	while ((hit = strstr(s, l->secret)) != NULL) {
		int n = snprintf(buf + used, len - used, "%.*s<key>",
		    (int)(hit - s), s);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
		s = hit + klen;
	}
	snprintf(buf + used, len - used, "%s", s);
}

void
dnsbl_list_free_fields(struct dnsbl_list *l)
{
	if (l == NULL)
		return;
	free(l->name);
	free(l->zone);
	free(l->query_zone);
	if (l->secret != NULL)
		explicit_bzero(l->secret, strlen(l->secret));
	free(l->secret);
	free(l->listed);
	free(l->description);
	free(l->lookup_url);
	memset(l, 0, sizeof(*l));
}
