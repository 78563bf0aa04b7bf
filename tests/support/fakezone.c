/*
 * fakezone.c -- fixture zone answering authdns queries (see fakezone.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/support/fakezone.h"

static const struct {
	const char	*name;
	uint16_t	 type;
} fakezone_types[] = {
	{ "A", DNS_T_A }, { "AAAA", DNS_T_AAAA }, { "MX", DNS_T_MX },
	{ "TXT", DNS_T_TXT }, { "PTR", DNS_T_PTR }, { "CNAME", DNS_T_CNAME },
	{ "SPF", DNS_T_SPF }, { "FAIL", 0 },
};

/* Splits "name TYPE data" into its parts (name, type copied to bufs). */
static const char *
fakezone_split(const char *line, char *name, size_t nlen, uint16_t *type,
    int *fail)
{
	const char	*sp = strchr(line, ' '), *sp2;
	char		 t[16];

	*fail = 0;
	if (sp == NULL || (size_t)(sp - line) >= nlen)
		return NULL;
	memcpy(name, line, (size_t)(sp - line));
	name[sp - line] = '\0';
	sp2 = strchr(sp + 1, ' ');
	snprintf(t, sizeof(t), "%.*s", (int)(sp2 ? sp2 - sp - 1 :
	    (long)strlen(sp + 1)), sp + 1);
	for (size_t i = 0; i < sizeof(fakezone_types) /
	    sizeof(fakezone_types[0]); i++)
		if (strcmp(t, fakezone_types[i].name) == 0) {
			*type = fakezone_types[i].type;
			*fail = *type == 0;
			return sp2 ? sp2 + 1 : "";
		}
	return NULL;
}

static void
fakezone_fill(struct dns_rr *rr, uint16_t type, const char *data)
{
	rr->type = type;
	rr->ttl = 60;
	switch (type) {
	case DNS_T_A:
		inet_pton(AF_INET, data, &rr->u.a);
		break;
	case DNS_T_AAAA:
		inet_pton(AF_INET6, data, &rr->u.aaaa);
		break;
	case DNS_T_MX:
		rr->u.mx.preference = (uint16_t)strtoul(data, NULL, 10);
		rr->u.mx.host = strdup(strchr(data, ' ') + 1);
		break;
	case DNS_T_TXT:
	case DNS_T_SPF: {
		size_t n = 0, longest = 0, cur = 0, ns = 1;
		char *d = malloc(strlen(data) + 1);
		for (const char *p = data; *p; p++) {
			if (*p == '|') {
				ns++;
				cur = 0;
				continue;
			}
			d[n++] = *p;
			if (++cur > longest)
				longest = cur;
		}
		d[n] = '\0';
		rr->u.txt.data = d;
		rr->u.txt.len = n;
		rr->u.txt.nstrings = ns;
		rr->u.txt.longest = longest;
		break;
	}
	default:
		rr->u.name = strdup(data);
	}
}

static struct dns_answer *
fakezone_query(void *ctx, const char *qname, uint16_t qtype)
{
	const char *const	*lines = ctx;
	struct dns_answer	*a = calloc(1, sizeof(*a));
	char			 name[256], want[256];
	bool			 exists = false;

	snprintf(want, sizeof(want), "%s", qname);
	a->qname = strdup(qname);
	a->qtype = qtype;
	a->rcode = 0;
	for (int hops = 0; hops < 8; hops++) {
		const char *cname = NULL;
		for (size_t i = 0; lines[i] != NULL; i++) {
			uint16_t t;
			int fail;
			const char *d = fakezone_split(lines[i], name,
			    sizeof(name), &t, &fail);
			size_t nl = strlen(name), wl = strlen(want);
			/* Empty non-terminal: a name below exists. */
			if (d != NULL && nl > wl + 1 && name[nl - wl - 1] ==
			    '.' && strcasecmp(name + nl - wl, want) == 0)
				exists = true;
			if (d == NULL || strcasecmp(name, want) != 0)
				continue;
			exists = true;
			if (fail) {
				a->status = DNS_FAILURE;
				a->rcode = 2;
				snprintf(a->reason, sizeof(a->reason),
				    "SERVFAIL");
				return a;
			}
			if (t == DNS_T_CNAME && qtype != DNS_T_CNAME)
				cname = d;
			if (t != qtype)
				continue;
			a->rr = realloc(a->rr, (a->nrr + 1) * sizeof(*a->rr));
			memset(&a->rr[a->nrr], 0, sizeof(*a->rr));
			fakezone_fill(&a->rr[a->nrr++], t, d);
		}
		if (cname == NULL || a->nrr > 0)
			break;
		free(a->canonname);
		a->canonname = strdup(cname);
		snprintf(want, sizeof(want), "%s", cname);
		exists = false;
	}
	a->status = a->nrr ? DNS_DATA : exists ? DNS_NODATA : DNS_NXDOMAIN;
	if (a->status == DNS_NXDOMAIN)
		a->rcode = 3;
	return a;
}

static void
fakezone_release(void *ctx, struct dns_answer *a)
{
	(void)ctx;
	for (size_t i = 0; i < a->nrr; i++) {
		switch (a->rr[i].type) {
		case DNS_T_A:
		case DNS_T_AAAA:
			break;
		case DNS_T_MX:
			free(a->rr[i].u.mx.host);
			break;
		case DNS_T_TXT:
		case DNS_T_SPF:
			free(a->rr[i].u.txt.data);
			break;
		default:
			free(a->rr[i].u.name);
		}
	}
	free(a->rr);
	free(a->qname);
	free(a->canonname);
	free(a);
}

void
fakezone_init(struct authdns *ad, const char *const *lines)
{
	memset(ad, 0, sizeof(*ad));
	ad->query = fakezone_query;
	ad->release = fakezone_release;
	ad->ctx = (void *)(uintptr_t)lines;
}
