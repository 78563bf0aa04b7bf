/*
 * dns_parse.c -- reads a DNS answer packet (RFC 1035 wire format, handed
 * over by libunbound) with ldns into a struct dns_answer, and classifies
 * it: data, NXDOMAIN, NODATA or failure. Follows the CNAME chain inside
 * the answer section from the question name (RFC 1034 4.3.2), keeps the
 * records of the asked type at its end, joins the character-strings of
 * TXT records with no separator (RFC 7208 3.3), and picks up the RFC
 * 8914 extended error. Everything stored in the answer is owned by it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "probes/dns/dns_parse.h"

/* RFC 8914 section 5.2 info-codes, for failure reasons. */
static const char *const dns_ede_names[] = {
	"Other Error", "Unsupported DNSKEY Algorithm",
	"Unsupported DS Digest Type", "Stale Answer", "Forged Answer",
	"DNSSEC Indeterminate", "DNSSEC Bogus", "Signature Expired",
	"Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing",
	"No Zone Key Bit Set", "NSEC Missing", "Cached Error", "Not Ready",
	"Blocked", "Censored", "Filtered", "Prohibited", "Stale NXDOMAIN Answer",
	"Not Authoritative", "Not Supported", "No Reachable Authority",
	"Network Error", "Invalid Data",
};

/*
 * A domain name rdf as text, lowercased, without the trailing dot (the
 * root stays "."). Returns a string the caller frees, or NULL.
 */
static char *
dns_dname_str(const ldns_rdf *rdf)
{
	char *s;
	size_t n;

	if (rdf == NULL || (s = ldns_rdf2str(rdf)) == NULL)
		return NULL;
	n = strlen(s);
	if (n > 1 && s[n - 1] == '.')
		s[n - 1] = '\0';
	for (char *p = s; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

/* TXT/SPF: the character-strings joined, their count and the longest. */
static int
dns_parse_txt(struct dns_rr *out, const ldns_rr *rr)
{
	size_t total = 0, n = ldns_rr_rd_count(rr);
	char *p;

	for (size_t i = 0; i < n; i++) {
		const ldns_rdf *rdf = ldns_rr_rdf(rr, i);
		if (ldns_rdf_size(rdf) < 1)
			return -1;
		total += ldns_rdf_data(rdf)[0];
	}
	if ((p = malloc(total + 1)) == NULL)
		return -1;
	out->u.txt.data = p;
	out->u.txt.len = total;
	out->u.txt.nstrings = n;
	out->u.txt.longest = 0;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *d = ldns_rdf_data(ldns_rr_rdf(rr, i));
		size_t len = d[0];

		if (len > ldns_rdf_size(ldns_rr_rdf(rr, i)) - 1)
			return -1;
		memcpy(p, d + 1, len);
		p += len;
		if (len > out->u.txt.longest)
			out->u.txt.longest = len;
	}
	*p = '\0';
	return 0;
}

/* TLSA: usage, selector, matching type and the data (RFC 6698 §2.1). */
static int
dns_parse_tlsa(struct dns_rr *out, const ldns_rr *rr)
{
	const ldns_rdf *f[4];

	if (ldns_rr_rd_count(rr) != 4)
		return -1;
	for (size_t i = 0; i < 4; i++)
		f[i] = ldns_rr_rdf(rr, i);
	for (size_t i = 0; i < 3; i++)
		if (ldns_rdf_size(f[i]) != 1)
			return -1;
	out->u.tlsa.usage = ldns_rdf_data(f[0])[0];
	out->u.tlsa.selector = ldns_rdf_data(f[1])[0];
	out->u.tlsa.mtype = ldns_rdf_data(f[2])[0];
	out->u.tlsa.len = ldns_rdf_size(f[3]);
	if ((out->u.tlsa.data = malloc(out->u.tlsa.len + 1)) == NULL)
		return -1;
	memcpy(out->u.tlsa.data, ldns_rdf_data(f[3]), out->u.tlsa.len);
	return 0;
}

/* Fills out from rr, whose type is out->type. Returns 0 or -1. */
static int
dns_parse_rr(struct dns_rr *out, const ldns_rr *rr)
{
	const ldns_rdf *rdf = ldns_rr_rdf(rr, 0);

	out->ttl = ldns_rr_ttl(rr);
	switch (out->type) {
	case DNS_T_A:
		if (rdf == NULL || ldns_rdf_size(rdf) != sizeof(out->u.a))
			return -1;
		memcpy(&out->u.a, ldns_rdf_data(rdf), sizeof(out->u.a));
		return 0;
	case DNS_T_AAAA:
		if (rdf == NULL || ldns_rdf_size(rdf) != sizeof(out->u.aaaa))
			return -1;
		memcpy(&out->u.aaaa, ldns_rdf_data(rdf), sizeof(out->u.aaaa));
		return 0;
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		return (out->u.name = dns_dname_str(rdf)) == NULL ? -1 : 0;
	case DNS_T_MX:
		if (ldns_rr_mx_preference(rr) == NULL)
			return -1;
		out->u.mx.preference =
		    ldns_rdf2native_int16(ldns_rr_mx_preference(rr));
		out->u.mx.host = dns_dname_str(ldns_rr_mx_exchange(rr));
		return out->u.mx.host == NULL ? -1 : 0;
	case DNS_T_SOA:
		if (ldns_rr_rd_count(rr) < 3)
			return -1;
		out->u.soa.mname = dns_dname_str(rdf);
		out->u.soa.rname = dns_dname_str(ldns_rr_rdf(rr, 1));
		out->u.soa.serial = ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
		return out->u.soa.mname == NULL || out->u.soa.rname == NULL ?
		    -1 : 0;
	case DNS_T_TXT:
	case DNS_T_SPF:
		return dns_parse_txt(out, rr);
	case DNS_T_TLSA:
		return dns_parse_tlsa(out, rr);
	default:
		/* Types we do not interpret: counted, no data. */
		return 0;
	}
}

/* The CNAME in list owned by owner, or NULL. */
static const ldns_rr *
dns_find_cname(const ldns_rr_list *list, const ldns_rdf *owner)
{
	for (size_t i = 0; i < ldns_rr_list_rr_count(list); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(list, i);

		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME &&
		    ldns_dname_compare(ldns_rr_owner(rr), owner) == 0)
			return rr;
	}
	return NULL;
}

/* Copies the records of a->qtype owned by owner into a->rr. */
static int
dns_collect(struct dns_answer *a, const ldns_rr_list *list,
    const ldns_rdf *owner)
{
	size_t n = ldns_rr_list_rr_count(list);

	for (size_t i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(list, i);
		struct dns_rr *v;

		if (ldns_rr_get_type(rr) != a->qtype ||
		    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    ldns_dname_compare(ldns_rr_owner(rr), owner) != 0)
			continue;
		if ((v = reallocarray(a->rr, a->nrr + 1, sizeof(*v))) == NULL)
			return -1;
		a->rr = v;
		v = &a->rr[a->nrr++];
		memset(v, 0, sizeof(*v));
		v->type = a->qtype;
		if (dns_parse_rr(v, rr) == -1)
			return -1;
	}
	return 0;
}

/* The first RFC 8914 extended error of pkt into a, if there is one. */
static void
dns_parse_ede(struct dns_answer *a, ldns_pkt *pkt)
{
	ldns_edns_option_list *opts = ldns_pkt_edns_get_option_list(pkt);
	size_t n = opts == NULL ? 0 : ldns_edns_option_list_get_count(opts);

	for (size_t i = 0; i < n; i++) {
		ldns_edns_option *o = ldns_edns_option_list_get_option(opts, i);
		const uint8_t *d = ldns_edns_get_data(o);
		size_t len = ldns_edns_get_size(o);
		size_t nnames = sizeof(dns_ede_names) / sizeof(dns_ede_names[0]);

		if (ldns_edns_get_code(o) != LDNS_EDNS_EDE || len < 2)
			continue;
		a->ede_code = (d[0] << 8) | d[1];
		if (len > 2)
			snprintf(a->ede_text, sizeof(a->ede_text), "%.*s",
			    (int)(len - 2), (const char *)d + 2);
		else if ((size_t)a->ede_code < nnames)
			snprintf(a->ede_text, sizeof(a->ede_text), "%s",
			    dns_ede_names[a->ede_code]);
		return;
	}
}

int
dns_parse_packet(struct dns_answer *a, const uint8_t *wire, size_t len,
    char *err, size_t errlen)
{
	ldns_pkt *pkt = NULL;
	ldns_rdf *qname = NULL;
	const ldns_rdf *cur;
	const ldns_rr_list *ans;
	ldns_status st;
	int rc = -1;

	if ((st = ldns_wire2pkt(&pkt, wire, len)) != LDNS_STATUS_OK) {
		snprintf(err, errlen, "malformed answer: %s",
		    ldns_get_errorstr_by_id(st));
		return -1;
	}
	if ((qname = ldns_dname_new_frm_str(a->qname)) == NULL) {
		snprintf(err, errlen, "%s: not a domain name", a->qname);
		goto out;
	}
	a->rcode = ldns_pkt_get_rcode(pkt);
	ans = ldns_pkt_answer(pkt);
	cur = qname;
	if (a->qtype != DNS_T_CNAME) {
		const ldns_rr *cn;

		for (int hops = 0; hops < DNS_MAX_CNAME_CHAIN &&
		    (cn = dns_find_cname(ans, cur)) != NULL; hops++)
			cur = ldns_rr_rdf(cn, 0);
		if (cur != qname && (a->canonname = dns_dname_str(cur)) == NULL)
			goto nomem;
	}
	if (dns_collect(a, ans, cur) == -1)
		goto nomem;
	dns_parse_ede(a, pkt);
	rc = 0;
	goto out;
nomem:
	snprintf(err, errlen, "%s: malformed record or out of memory",
	    a->qname);
out:
	ldns_rdf_deep_free(qname);
	ldns_pkt_free(pkt);
	return rc;
}

void
dns_classify(struct dns_answer *a, bool secure, bool bogus,
    const char *why_bogus)
{
	size_t n;

	a->secure = secure && !bogus;
	a->bogus = bogus;
	a->reason[0] = '\0';
	if (bogus) {
		dns_answer_drop_records(a);
		a->status = DNS_FAILURE;
		snprintf(a->reason, sizeof(a->reason), "DNSSEC bogus: %s",
		    why_bogus != NULL && *why_bogus != '\0' ? why_bogus :
		    "no reason given");
		return;
	}
	switch (a->rcode) {
	case LDNS_RCODE_NOERROR:
		a->status = a->nrr > 0 ? DNS_DATA : DNS_NODATA;
		return;
	case LDNS_RCODE_NXDOMAIN:
		a->status = DNS_NXDOMAIN;
		return;
	default:
		break;
	}
	a->status = DNS_FAILURE;
	if (a->rcode < 0)
		snprintf(a->reason, sizeof(a->reason), "no answer");
	else
		dns_rcode_name(a->rcode, a->reason, sizeof(a->reason));
	n = strlen(a->reason);
	if (a->ede_code >= 0)
		snprintf(a->reason + n, sizeof(a->reason) - n,
		    " (extended error %d%s%s)", a->ede_code,
		    a->ede_text[0] != '\0' ? ": " : "", a->ede_text);
}
