/*
 * report.c -- DMARC aggregate report data model: initialise, free, and
 * normalise values (RFC 7489 appendix C, RFC 9990). Values in real
 * reports come padded with whitespace and in any case ("PASS"); every
 * consumer sees them trimmed and, for enumerated values, lowercase.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/reports/report.h"

void
report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->begin = -1;
	r->end = -1;
}

void
report_record_clear(struct report_record *rec)
{
	if (rec == NULL)
		return;
	free(rec->source_ip);
	free(rec->disposition);
	free(rec->dkim);
	free(rec->spf);
	free(rec->header_from);
	free(rec->envelope_from);
	free(rec->envelope_to);
	for (size_t i = 0; i < rec->ndkim_auth; i++) {
		free(rec->dkim_auth[i].domain);
		free(rec->dkim_auth[i].selector);
		free(rec->dkim_auth[i].result);
		free(rec->dkim_auth[i].human_result);
	}
	free(rec->dkim_auth);
	for (size_t i = 0; i < rec->nspf_auth; i++) {
		free(rec->spf_auth[i].domain);
		free(rec->spf_auth[i].scope);
		free(rec->spf_auth[i].result);
	}
	free(rec->spf_auth);
	memset(rec, 0, sizeof(*rec));
}

void
report_clear(struct report *r)
{
	if (r == NULL)
		return;
	free(r->version);
	free(r->org_name);
	free(r->email);
	free(r->report_id);
	free(r->policy.domain);
	free(r->policy.adkim);
	free(r->policy.aspf);
	free(r->policy.p);
	free(r->policy.sp);
	free(r->policy.np);
	free(r->policy.pct);
	free(r->policy.fo);
	free(r->policy.testing);
	free(r->policy.discovery_method);
	for (size_t i = 0; i < r->nrecords; i++)
		report_record_clear(&r->records[i]);
	free(r->records);
	report_init(r);
}

char *
report_normalise(char *s, enum report_norm how)
{
	size_t len, start = 0;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	while (start < len && isspace((unsigned char)s[start]))
		start++;
	while (len > start && isspace((unsigned char)s[len - 1]))
		len--;
	memmove(s, s + start, len - start);
	len -= start;
	s[len] = '\0';
	if (how == REPORT_NORM_TRIM)
		return s;
	for (size_t i = 0; i < len; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	if (how == REPORT_NORM_DOMAIN && len > 1 && s[len - 1] == '.')
		s[len - 1] = '\0';
	return s;
}

int
report_parse_uint(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (*end == '.') {
		end++;
		while (*end == '0')
			end++;
	}
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
report_record_dmarc_pass(const struct report_record *rec)
{
	return (rec->dkim != NULL && strcmp(rec->dkim, "pass") == 0) ||
	    (rec->spf != NULL && strcmp(rec->spf, "pass") == 0);
}
