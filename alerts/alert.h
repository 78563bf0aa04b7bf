/*
 * alert.h -- alert sinks: where events go ([alert NAME] sections).
 * A sink type is one table entry: its name, whether it takes a whole
 * cycle's events at once (mail) or one event at a time (webhook), and
 * its deliver function. Sinks see events only, never probes; the outbox
 * (monitor/outbox.c) decides what to deliver when.
 */
#ifndef SENDWATCH_ALERT_H
#define SENDWATCH_ALERT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "alerts/event.h"
#include "config/config.h"

enum alert_result {
	ALERT_SENT,
	ALERT_RETRY,		/* try again later (down, timeout, 429, 5xx) */
	ALERT_REFUSED,		/* refused for good: retrying cannot help */
};

struct alert_outcome {
	enum alert_result	 result;
	int64_t			 retry_after_s;	/* receiver's Retry-After, or 0 */
	char			 error[256];	/* what went wrong; never a secret */
};

struct alert_sink_type {
	enum cfg_alert_type	 type;
	const char		*name;		/* "webhook", "mail" */
	bool			 whole_cycle;	/* one delivery per cycle */
	/*
	 * delivers n events (n == 1 unless whole_cycle); fills out. A
	 * transfer in flight is abandoned (ALERT_RETRY) once *cancel
	 * becomes true (cancel may be NULL): shutdown and reload do not
	 * wait for a slow receiver.
	 */
	void			(*deliver)(const struct cfg_alert *,
				    const struct event *, size_t n, int64_t now,
				    const atomic_bool *cancel,
				    struct alert_outcome *out);
};

/* Makes c's transfer end (CURLE_ABORTED_BY_CALLBACK) once *cancel is
 * true; cancel NULL does nothing. */
void	alert_curl_cancel_on(CURL *c, const atomic_bool *cancel);

extern const struct alert_sink_type alert_webhook_type;
extern const struct alert_sink_type alert_mail_type;

/* The type of a configured sink (never NULL for a loaded config). */
const struct alert_sink_type *alert_sink_type_of(const struct cfg_alert *);

/*
 * The sink's filters: event_severity() at least min_severity, and the
 * event's probe / target among probes / targets when those are given.
 */
bool	alert_wants(const struct cfg_alert *, const struct event *);

/* "OK", "WARNING", "CRITICAL", "UNKNOWN": the event's severity, for text. */
const char *alert_severity_tag(const struct event *);

/* "2026-11-23T14:00:00Z" into buf (at least 21 bytes). */
void	alert_format_time(int64_t t, char *buf, size_t len);

/*
 * The webhook body for one event: JSON (event_id, key, probe, target,
 * kind, from, to, severity, summary, detail, time), a Slack/Mattermost
 * {"text": ...} object, or plain text (the sink's template when it has
 * one), as the sink's format says. *content_type is set to a static
 * string. The caller frees the result; NULL when out of memory.
 */
char	*alert_webhook_body(const struct cfg_alert *, const struct event *,
	    const char **content_type);

/*
 * The mail for n events of one cycle, CRLF line ends: Date (now),
 * Message-ID, From, To, a Subject naming the worst event (RFC 2047
 * encoded when not ASCII), a 7-bit clean text/plain body listing every event
 * with its fix. The caller frees the result; NULL on failure.
 */
char	*alert_mail_message(const struct cfg_alert *, const struct event *,
	    size_t n, int64_t now);

#endif
