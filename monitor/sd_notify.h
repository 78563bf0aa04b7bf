/*
 * sd_notify.h -- the systemd notification protocol without libsystemd:
 * one datagram per message to the AF_UNIX socket named by $NOTIFY_SOCKET
 * ("@name" is an abstract socket). Does nothing when not under systemd.
 */
#ifndef SENDWATCH_SD_NOTIFY_H
#define SENDWATCH_SD_NOTIFY_H

#include <stdint.h>

/* Sends state ("READY=1", "WATCHDOG=1", ...). 0 sent or not needed, -1 error. */
int		sdn_notify(const char *state);

/* $WATCHDOG_USEC in ms when it is meant for this process, else 0. */
uint64_t	sdn_watchdog_ms(void);

#endif
