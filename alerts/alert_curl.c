/*
 * alert_curl.c -- what the libcurl sinks share: abandoning a transfer
 * when the service stops or reloads (see alert.h), so a receiver that
 * hangs until the timeout holds up neither.
 */
#include "alerts/alert.h"

static int
alert_curl_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	const atomic_bool *cancel = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return atomic_load(cancel) ? 1 : 0;
}

void
alert_curl_cancel_on(CURL *c, const atomic_bool *cancel)
{
	if (cancel == NULL)
		return;
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, alert_curl_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)cancel);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
}
