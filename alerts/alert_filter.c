/*
 * alert_filter.c -- which sink type handles an [alert], and which events
 * a sink wants (min_severity, probes, targets).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alerts/alert.h"

static const struct alert_sink_type *const alert_types[] = {
	&alert_webhook_type,
	&alert_mail_type,
};

const struct alert_sink_type *
alert_sink_type_of(const struct cfg_alert *a)
{
	for (size_t i = 0; i < sizeof(alert_types) / sizeof(alert_types[0]); i++)
		if (alert_types[i]->type == a->type)
			return alert_types[i];
	return NULL;
}

static bool
listed(char *const *v, size_t n, const char *s)
{
	if (n == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

bool
alert_wants(const struct cfg_alert *a, const struct event *e)
{
	return event_severity(e) >= a->min_severity &&
	    listed(a->probes, a->nprobes, e->probe) &&
	    listed(a->targets, a->ntargets, e->target);
}

const char *
alert_severity_tag(const struct event *e)
{
	return finding_state_tag(event_severity(e));
}

void
alert_format_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "%lld", (long long)t);
}
