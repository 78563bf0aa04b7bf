/*
 * probe.c -- the one table of probes (see probe.h). The order is the
 * order of --help, the man page, `audit` and the [schedule] groups of
 * `run`.
 */
#include <stdio.h>
#include <string.h>

#include "probes/auth/auth.h"
#include "probes/bounces/bounce_probe.h"
#include "probes/dnsbl/dnsbl_probe.h"
#include "probes/probe.h"
#include "probes/reports/report_probe.h"
#include "probes/tls/bimi.h"
#include "probes/tls/dane_probe.h"
#include "probes/tls/mta_sts.h"
#include "probes/tls/starttls_probe.h"
#include "probes/tls/tlsrpt_record.h"

const struct probe *const probe_table[] = {
	&probe_dnsbl,
	&probe_spf,
	&probe_dkim,
	&probe_dmarc,
	&probe_mx,
	&probe_ptr,
	&probe_starttls,
	&probe_dane,
	&probe_mta_sts,
	&probe_tlsrpt,
	&probe_bimi,
	&probe_bounces,
	&probe_reports,
	NULL,
};

const struct probe *
probe_find(const char *name)
{
	for (size_t i = 0; probe_table[i] != NULL; i++)
		if (strcmp(probe_table[i]->name, name) == 0)
			return probe_table[i];
	return NULL;
}

size_t
probe_index(const struct probe *p)
{
	size_t i;

	for (i = 0; probe_table[i] != NULL && probe_table[i] != p; i++)
		;
	return i;
}

void
probe_list_names(unsigned targets_mask, bool nagios, const char *sep,
    const char *last_sep, char *buf, size_t len)
{
	size_t n = 0, total = 0, o = 0;

	for (size_t i = 0; probe_table[i] != NULL; i++)
		total += (probe_table[i]->targets & targets_mask) != 0 &&
		    (!nagios || probe_table[i]->nagios != PROBE_NAGIOS_NONE);
	if (len > 0)
		buf[0] = '\0';
	for (size_t i = 0; probe_table[i] != NULL; i++) {
		const struct probe *p = probe_table[i];
		int w;

		if ((p->targets & targets_mask) == 0 ||
		    (nagios && p->nagios == PROBE_NAGIOS_NONE))
			continue;
		n++;
		w = snprintf(buf + o, len - o, "%s%s", n == 1 ? "" :
		    n == total ? last_sep : sep, p->name);
		if (w < 0 || (size_t)w >= len - o)
			return;		/* cut short: the buffer is full */
		o += (size_t)w;
	}
}

uint64_t
probe_interval_ms(const struct probe *p, const struct config *cfg)
{
	uint64_t ms;

	memcpy(&ms, (const char *)&cfg->schedule + p->schedule_off, sizeof(ms));
	return ms;
}
