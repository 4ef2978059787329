/* log.c: one line per event, written with a single write(2), alone or
 * with the whole lines a thread gathered before it. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* 64 KiB: some four hundred access lines go out in one write. At 8 KiB
 * (fifty), the writes were a twentieth of a cached page's cost. */
#define LOG_BUFFER_SIZE	(64 * 1024)

/* The lines a thread gathered (log_gather) and has not written yet. */
struct log_buffer {
	pthread_mutex_t		 lock;	/* len, data */
	struct log_buffer	*next;	/* buffers_lock */
	size_t			 len;
	char			 data[LOG_BUFFER_SIZE];
};

static pthread_mutex_t		 buffers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct log_buffer	*buffers;
static pthread_key_t		 buffer_key;
static pthread_once_t		 buffer_once = PTHREAD_ONCE_INIT;
static bool			 buffer_ready;
static _Thread_local struct log_buffer *mine;

static void
log_write(const char *p, size_t len)
{
	if (len > 0 && write(__atomic_load_n(&log_fd, __ATOMIC_ACQUIRE), p,
	    len) < 0)
		(void)errno;
}

/* Writes what b holds; b->lock held. */
static void
log_buffer_out(struct log_buffer *b)
{
	log_write(b->data, b->len);
	b->len = 0;
}

/* A gathering thread ends: its lines go out, and its buffer with it. */
static void
log_buffer_end(void *p)
{
	struct log_buffer *b = p, **pp;

	pthread_mutex_lock(&buffers_lock);
	for (pp = &buffers; *pp != NULL; pp = &(*pp)->next)
		if (*pp == b) {
			*pp = b->next;
			break;
		}
	pthread_mutex_unlock(&buffers_lock);
	pthread_mutex_lock(&b->lock);
	log_buffer_out(b);
	pthread_mutex_unlock(&b->lock);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

static void
log_buffer_init(void)
{
	buffer_ready = pthread_key_create(&buffer_key, log_buffer_end) == 0;
}

int
log_gather(void)
{
	struct log_buffer *b;

	if (mine != NULL)
		return 0;
	pthread_once(&buffer_once, log_buffer_init);
	if (!buffer_ready || (b = calloc(1, sizeof(*b))) == NULL)
		return -1;
	if (pthread_mutex_init(&b->lock, NULL) != 0) {
		free(b);
		return -1;
	}
	if (pthread_setspecific(buffer_key, b) != 0) {
		pthread_mutex_destroy(&b->lock);
		free(b);
		return -1;
	}
	pthread_mutex_lock(&buffers_lock);
	b->next = buffers;
	buffers = b;
	pthread_mutex_unlock(&buffers_lock);
	mine = b;
	return 0;
}

void
log_flush(void)
{
	struct log_buffer *b;

	pthread_mutex_lock(&buffers_lock);
	for (b = buffers; b != NULL; b = b->next) {
		pthread_mutex_lock(&b->lock);
		log_buffer_out(b);
		pthread_mutex_unlock(&b->lock);
	}
	pthread_mutex_unlock(&buffers_lock);
}

/* line[0..n] into this thread's buffer, which goes out first when the
 * line does not fit, and with it when now (an error: seen at once). */
static void
log_buffer_add(struct log_buffer *b, const char *line, size_t n, bool now)
{
	pthread_mutex_lock(&b->lock);
	if (b->len + n > sizeof(b->data))
		log_buffer_out(b);
	memcpy(b->data + b->len, line, n);
	b->len += n;
	if (now)
		log_buffer_out(b);
	pthread_mutex_unlock(&b->lock);
}

/* 2 KiB: a longer line is cut, never split across writes. */
#define LOG_LINE_MAX	2048

/* Puts "time level " at the start of line (of LOG_LINE_MAX bytes) and
 * returns its length. */
static size_t
log_prefix(char *line, const char *level)
{
	/* The time stamp changes once a second: each thread formats it once
	 * a second, not once a line. */
	static _Thread_local time_t stamp_time = -1;
	static _Thread_local char stamp[32];
	static _Thread_local size_t stamp_len;
	struct tm tm;
	time_t t = time(NULL);
	size_t n, k;

	if (t != stamp_time) {
		gmtime_r(&t, &tm);
		stamp_len = strftime(stamp, sizeof(stamp),
		    "%Y-%m-%dT%H:%M:%SZ ", &tm);
		stamp_time = t;
	}
	memcpy(line, stamp, stamp_len);
	n = stamp_len;
	k = strlen(level);
	memcpy(line + n, level, k);
	n += k;
	line[n++] = ' ';
	return n;
}

/* Makes every c in p[0..n] a space. */
static void
log_blank(char *p, size_t n, char c)
{
	char *end = p + n;

	while ((p = memchr(p, c, (size_t)(end - p))) != NULL)
		*p++ = ' ';
}

/* Ends line[0..n] (cut to fit) with a newline, makes any CR or LF before
 * it a space, and writes it or gathers it; an error line (!info) goes out
 * at once. */
static void
log_emit(char *line, size_t n, bool info)
{
	if (n > LOG_LINE_MAX - 2)
		n = LOG_LINE_MAX - 2;
	/* memchr, not a loop over every byte: a tenth of an access line's
	 * cost went to that loop. */
	log_blank(line, n, '\n');
	log_blank(line, n, '\r');
	line[n++] = '\n';
	if (mine != NULL)
		log_buffer_add(mine, line, n, !info);
	else
		log_write(line, n);
}

static void
vlog(const char *level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	size_t n;
	int k;

	n = log_prefix(line, level);
	k = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (k > 0)
		n += (size_t)k;
	log_emit(line, n, strcmp(level, "info") == 0);
}

void
log_info_text(const char *text, size_t len)
{
	char line[LOG_LINE_MAX];
	size_t n;

	n = log_prefix(line, "info");
	if (len > sizeof(line) - n)
		len = sizeof(line) - n;
	memcpy(line + n, text, len);
	log_emit(line, n + len, true);
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
