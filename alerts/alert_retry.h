/*
 * alert_retry.h -- the retry policy of the alert sinks: after a failed
 * delivery the next try waits with exponential backoff (2 s doubling to
 * 5 min), or the receiver's Retry-After when that is longer (at most a
 * day). The outbox that asks it lives with the scheduler (monitor/outbox.c);
 * sinks only see events.
 */
#ifndef SENDWATCH_ALERT_RETRY_H
#define SENDWATCH_ALERT_RETRY_H

#include <stdint.h>

/*
 * Seconds to wait after the attempts-th failed try (attempts >= 1);
 * retry_after_s is the receiver's Retry-After (0: none).
 */
int64_t	alert_retry_delay(int attempts, int64_t retry_after_s);

#endif
