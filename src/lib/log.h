/* log.h: one line per event on stderr (or the configured log file). */
#ifndef WAYPOINT_LOG_H
#define WAYPOINT_LOG_H

#include <stddef.h>

/* Writes "time level message" as one line. Never pass a cookie, password or
 * token. */
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes "time info text" as one line, like log_info("%.*s", len, text)
 * but with no printf: for the line a server writes per request. */
void	log_info_text(const char *text, size_t len);

/* Sends the log to path (appending; a new file is made 0640, with
 * [paths] group), or back to stderr when path is NULL. Returns 0 or -1. */
int	log_open(const char *path);

/* From now on, this thread's lines are gathered and written whole, many
 * in one write: when the next does not fit in 64 KiB, at an error line (it
 * and all before it at once), at log_flush() and when the thread ends.
 * For a thread that logs a line per request (`waypoint serve`'s), which
 * then costs no write of its own. Returns 0, or -1 when out of memory
 * (lines are then written one by one, as before). */
int	log_gather(void);

/* Writes every gathering thread's lines now. Whoever calls log_gather()
 * calls this often (a line may wait until then) and before exit. */
void	log_flush(void);

#endif
