/* log.h: one line per event on stderr (or the configured log file). */
#ifndef WAYPOINT_LOG_H
#define WAYPOINT_LOG_H

/* Writes "time level message" as one line. Never pass a cookie, password or
 * token. */
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sends the log to path (appending; a new file is made 0640, with
 * [paths] group), or back to stderr when path is NULL. Returns 0 or -1. */
int	log_open(const char *path);

#endif
