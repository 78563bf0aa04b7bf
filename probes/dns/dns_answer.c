/*
 * dns_answer.c -- the life cycle of a struct dns_answer: initialise,
 * copy, clear, free, and the names of statuses and rcodes. A dns_answer
 * owns every string in it (qname, canonname, the names and TXT data of
 * its records); dns_answer_free() releases them all.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "probes/dns/dns_parse.h"

static const char *const dns_status_names[] = {
	[DNS_DATA] = "data",
	[DNS_NXDOMAIN] = "NXDOMAIN",
	[DNS_NODATA] = "NODATA",
	[DNS_FAILURE] = "failure",
};

const char *
dns_status_name(enum dns_status s)
{
	if ((size_t)s >= sizeof(dns_status_names) / sizeof(dns_status_names[0]))
		return "?";
	return dns_status_names[s];
}

const char *
dns_rcode_name(int rcode, char *buf, size_t len)
{
	const ldns_lookup_table *t = ldns_lookup_by_id(ldns_rcodes, rcode);

	if (t != NULL && t->name != NULL)
		snprintf(buf, len, "%s", t->name);
	else
		snprintf(buf, len, "rcode %d", rcode);
	return buf;
}

int
dns_answer_init(struct dns_answer *a, const char *qname, uint16_t qtype)
{
	size_t n = strlen(qname);

	memset(a, 0, sizeof(*a));
	if (n > 1 && qname[n - 1] == '.')
		n--;
	if ((a->qname = strndup(qname, n)) == NULL)
		return -1;
	for (char *p = a->qname; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	a->qtype = qtype;
	a->status = DNS_FAILURE;
	a->rcode = -1;
	a->ede_code = -1;
	return 0;
}

void
dns_answer_set_timeout(struct dns_answer *a, unsigned ms)
{
	a->status = DNS_FAILURE;
	a->timed_out = true;
	if (ms % 1000 == 0)
		snprintf(a->reason, sizeof(a->reason), "timeout after %us",
		    ms / 1000);
	else
		snprintf(a->reason, sizeof(a->reason), "timeout after %ums", ms);
}

/* Frees the strings of one record of type t. */
static void
dns_rr_clear(struct dns_rr *rr)
{
	switch (rr->type) {
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		free(rr->u.name);
		break;
	case DNS_T_MX:
		free(rr->u.mx.host);
		break;
	case DNS_T_SOA:
		free(rr->u.soa.mname);
		free(rr->u.soa.rname);
		break;
	case DNS_T_TXT:
	case DNS_T_SPF:
		free(rr->u.txt.data);
		break;
	case DNS_T_TLSA:
		free(rr->u.tlsa.data);
		break;
	default:
		break;
	}
}

/* Deep-copies one record; returns 0 or -1 (dst then needs dns_rr_clear). */
static int
dns_rr_copy(struct dns_rr *dst, const struct dns_rr *src)
{
	*dst = *src;
	switch (src->type) {
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		dst->u.name = strdup(src->u.name);
		return dst->u.name == NULL ? -1 : 0;
	case DNS_T_MX:
		dst->u.mx.host = strdup(src->u.mx.host);
		return dst->u.mx.host == NULL ? -1 : 0;
	case DNS_T_SOA:
		dst->u.soa.mname = strdup(src->u.soa.mname);
		dst->u.soa.rname = strdup(src->u.soa.rname);
		return dst->u.soa.mname == NULL || dst->u.soa.rname == NULL ?
		    -1 : 0;
	case DNS_T_TXT:
	case DNS_T_SPF:
		if ((dst->u.txt.data = malloc(src->u.txt.len + 1)) == NULL)
			return -1;
		memcpy(dst->u.txt.data, src->u.txt.data, src->u.txt.len + 1);
		return 0;
	case DNS_T_TLSA:
		if ((dst->u.tlsa.data = malloc(src->u.tlsa.len + 1)) == NULL)
			return -1;
		memcpy(dst->u.tlsa.data, src->u.tlsa.data, src->u.tlsa.len);
		return 0;
	default:
		return 0;
	}
}

void
dns_answer_drop_records(struct dns_answer *a)
{
	for (size_t i = 0; i < a->nrr; i++)
		dns_rr_clear(&a->rr[i]);
	free(a->rr);
	a->rr = NULL;
	a->nrr = 0;
}

void
dns_answer_clear(struct dns_answer *a)
{
	if (a == NULL)
		return;
	dns_answer_drop_records(a);
	free(a->qname);
	free(a->canonname);
	memset(a, 0, sizeof(*a));
}

void
dns_answer_free(struct dns_answer *a)
{
	dns_answer_clear(a);
	free(a);
}

struct dns_answer *
dns_answer_copy(const struct dns_answer *src)
{
	struct dns_answer *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	*a = *src;
	a->qname = NULL;
	a->canonname = NULL;
	a->rr = NULL;
	a->nrr = 0;
	if ((a->qname = strdup(src->qname)) == NULL)
		goto fail;
	if (src->canonname != NULL &&
	    (a->canonname = strdup(src->canonname)) == NULL)
		goto fail;
	if (src->nrr > 0) {
		if ((a->rr = calloc(src->nrr, sizeof(*a->rr))) == NULL)
			goto fail;
		for (size_t i = 0; i < src->nrr; i++) {
			a->nrr++;
			if (dns_rr_copy(&a->rr[i], &src->rr[i]) == -1)
				goto fail;
		}
	}
	return a;
fail:
	dns_answer_free(a);
	return NULL;
}
