/*
 * alert_retry.c -- when to try a failed delivery again (see alert_retry.h).
 */
#include "alerts/alert_retry.h"

#define BACKOFF_FIRST_S	2
#define BACKOFF_MAX_S	300
#define RETRY_AFTER_MAX_S 86400

int64_t
alert_retry_delay(int attempts, int64_t retry_after_s)
{
	int64_t d = BACKOFF_FIRST_S;

	for (int i = 1; i < attempts && d < BACKOFF_MAX_S; i++)
		d *= 2;
	if (d > BACKOFF_MAX_S)
		d = BACKOFF_MAX_S;
	if (retry_after_s > d)
		d = retry_after_s < RETRY_AFTER_MAX_S ? retry_after_s :
		    RETRY_AFTER_MAX_S;
	return d;
}
