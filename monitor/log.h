/*
 * log.h -- leveled messages on stderr for the long-running service.
 * Under systemd (JOURNAL_STREAM set) each line starts with the syslog
 * priority "<N>" so journald files it at the right level and adds the
 * time; on a terminal the level is spelled out. Debug lines appear only
 * with --verbose. Never pass a secret.
 */
#ifndef SENDWATCH_LOG_H
#define SENDWATCH_LOG_H

void	log_init(int verbose);
void	log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
