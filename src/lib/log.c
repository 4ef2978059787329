/* log.c: one line per event, written with a single write(2). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/perm.h"

static int log_fd = 2;

int
log_open(const char *path)
{
	int fd, old;

	if (path == NULL || *path == '\0') {
		old = __atomic_exchange_n(&log_fd, 2, __ATOMIC_ACQ_REL);
		if (old != 2)
			close(old);
		return 0;
	}
	/* A new log gets its mode and group whatever the umask; one that
	 * exists (the last run's, or logrotate's) is tightened. */
	fd = perm_create(path, O_WRONLY | O_APPEND, PERM_LOG);
	if (fd == -1 && errno == EEXIST &&
	    (fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) != -1)
		perm_tighten(path, PERM_LOG);
	if (fd == -1)
		return -1;
	old = __atomic_exchange_n(&log_fd, fd, __ATOMIC_ACQ_REL);
	if (old != 2)
		close(old);
	return 0;
}

static void
vlog(const char *level, const char *fmt, va_list ap)
{
	/* The time stamp changes once a second: each thread formats it once
	 * a second, not once a line. */
	static _Thread_local time_t stamp_time = -1;
	static _Thread_local char stamp[32];
	static _Thread_local size_t stamp_len;
	char line[2048];
	struct tm tm;
	time_t t = time(NULL);
	size_t n;
	int k;

	if (t != stamp_time) {
		gmtime_r(&t, &tm);
		stamp_len = strftime(stamp, sizeof(stamp),
		    "%Y-%m-%dT%H:%M:%SZ ", &tm);
		stamp_time = t;
	}
	memcpy(line, stamp, stamp_len);
	n = stamp_len;
	k = snprintf(line + n, sizeof(line) - n, "%s ", level);
	if (k > 0)
		n += (size_t)k;
	k = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (k > 0)
		n += (size_t)k;
	/* 2 KiB: a longer line is cut, never split across writes. */
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	for (size_t i = 0; i + 1 < n; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	if (write(__atomic_load_n(&log_fd, __ATOMIC_ACQUIRE), line, n) < 0)
		(void)errno;
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}
