/* httpd_deadline.c: a watchdog thread that closes a `waypoint serve`
 * connection whose header or body has not all arrived in time, however
 * steadily it trickles (libmicrohttpd 0.9.75 only closes idle ones). */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "lib/log.h"
#include "transport/httpd_deadline.h"

/* Deadlines this close together are checked in one wake-up. */
#define HTTPD_DEADLINE_SLACK_MS	20

/*
 * One connection, from accept until libmicrohttpd closes it. Its phase and
 * byte count are written by the one thread that runs the connection, on
 * every request and body chunk, without the watchdog's lock (which every
 * connection of every thread would contend for): phase and start share
 * one word, so the watchdog never pairs a new phase with an old start;
 * received is reset after that word is set, and read before it.
 */
struct httpd_conn {
	struct httpd_conn	*prev, *next;	/* w->lock */
	int			 fd;
	bool			 shut;		/* w->lock: shutdown() done */
	int64_t			 state;		/* ms since (the coarse clock)
						   << 2 | enum httpd_phase */
	uint64_t		 received;	/* body bytes */
};

struct httpd_deadline {
	pthread_mutex_t		 lock;		/* all below, the list */
	pthread_cond_t		 wake;
	pthread_t		 thread;
	struct httpd_conn	*head;
	unsigned int		 timeout;
	bool			 stop;
	unsigned long		 closed;	/* since the last log line */
	int64_t			 logged;	/* ms of the last log line */
};

/* The coarse clock (a tick of a few ms, read without asking the
 * hypervisor's clock): deadlines are seconds long and checked with
 * HTTPD_DEADLINE_SLACK_MS to spare, and it is read on every request. */
static int64_t
httpd_deadline_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
httpd_deadline_due(enum httpd_phase phase, int64_t since_ms,
    uint64_t received, unsigned int timeout)
{
	int64_t due = since_ms + (int64_t)timeout * 1000;

	switch (phase) {
	case HTTPD_HEADER:
		return due;
	case HTTPD_BODY:
		return due + (int64_t)(received * 1000 / HTTPD_BODY_RATE);
	default:
		return -1;
	}
}

/* Shuts down every connection past its deadline, and says (under w->lock)
 * when the next one is due: never later than a timeout from now, because
 * no deadline set from now on can be sooner than that. */
static int64_t
httpd_deadline_scan(struct httpd_deadline *w, int64_t now)
{
	struct httpd_conn *e;
	int64_t next = now + (int64_t)w->timeout * 1000, due, state;
	uint64_t received;

	for (e = w->head; e != NULL; e = e->next) {
		if (e->shut)
			continue;
		received = __atomic_load_n(&e->received, __ATOMIC_ACQUIRE);
		state = __atomic_load_n(&e->state, __ATOMIC_ACQUIRE);
		if ((due = httpd_deadline_due((enum httpd_phase)(state & 3),
		    state >> 2, received, w->timeout)) < 0)
			continue;
		if (due > now) {
			if (due < next)
				next = due;
			continue;
		}
		/* libmicrohttpd reads the end of the stream and closes the
		 * connection itself; the descriptor stays its own. */
		shutdown(e->fd, SHUT_RDWR);
		e->shut = true;
		w->closed++;
	}
	/* One line every 10 s at most: a flood must not fill the log. */
	if (w->closed > 0 && now - w->logged >= 10000) {
		log_info("closed %lu connections whose header or body did not "
		    "arrive in time", w->closed);
		w->closed = 0;
		w->logged = now;
	}
	return next;
}

static void *
httpd_deadline_run(void *arg)
{
	struct httpd_deadline *w = arg;
	struct timespec ts;
	int64_t next;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		next = httpd_deadline_scan(w, httpd_deadline_now()) +
		    HTTPD_DEADLINE_SLACK_MS;
		ts.tv_sec = next / 1000;
		ts.tv_nsec = (long)(next % 1000) * 1000000;
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock,
		    &ts) == 0)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct httpd_deadline *
httpd_deadline_start(unsigned int timeout)
{
	struct httpd_deadline *w;
	pthread_condattr_t ca;
	int err;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_error("httpd: out of memory for the deadline watchdog");
		return NULL;
	}
	w->timeout = timeout;
	w->logged = httpd_deadline_now() - 10000;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	if ((err = pthread_create(&w->thread, NULL, httpd_deadline_run,
	    w)) != 0) {
		log_error("httpd: cannot start the deadline watchdog: %s",
		    strerror(err));
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

void
httpd_deadline_stop(struct httpd_deadline *w)
{
	struct httpd_conn *e;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	while ((e = w->head) != NULL) {
		w->head = e->next;
		free(e);
	}
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

void
httpd_deadline_notify(void *cls, struct MHD_Connection *c,
    void **socket_context, enum MHD_ConnectionNotificationCode toe)
{
	struct httpd_deadline *w = cls;
	const union MHD_ConnectionInfo *ci;
	struct httpd_conn *e;

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		if ((e = *socket_context) == NULL)
			return;
		*socket_context = NULL;
		pthread_mutex_lock(&w->lock);
		if (e->prev != NULL)
			e->prev->next = e->next;
		else
			w->head = e->next;
		if (e->next != NULL)
			e->next->prev = e->prev;
		pthread_mutex_unlock(&w->lock);
		free(e);
		return;
	}
	if (toe != MHD_CONNECTION_NOTIFY_STARTED)
		return;
	/* Out of memory, the connection goes unwatched: libmicrohttpd's
	 * idle timeout still holds for it. */
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL || (e = calloc(1, sizeof(*e))) == NULL)
		return;
	e->fd = ci->connect_fd;
	e->state = httpd_deadline_now() << 2 | HTTPD_HEADER;
	pthread_mutex_lock(&w->lock);
	e->next = w->head;
	if (w->head != NULL)
		w->head->prev = e;
	w->head = e;
	pthread_mutex_unlock(&w->lock);
	*socket_context = e;
}

static struct httpd_conn *
httpd_deadline_conn(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

void
httpd_deadline_phase(struct MHD_Connection *c, enum httpd_phase phase)
{
	struct httpd_conn *e = httpd_deadline_conn(c);

	if (e == NULL)
		return;
	/* An answer has no deadline (httpd_deadline_due): no clock. */
	__atomic_store_n(&e->state, (phase == HTTPD_ANSWER ? 0 :
	    httpd_deadline_now() << 2) | phase, __ATOMIC_RELEASE);
	__atomic_store_n(&e->received, 0, __ATOMIC_RELEASE);
}

void
httpd_deadline_read(struct MHD_Connection *c, size_t len)
{
	struct httpd_conn *e = httpd_deadline_conn(c);

	if (e == NULL)
		return;
	/* This thread is the only writer: no read-modify-write needed. */
	__atomic_store_n(&e->received, __atomic_load_n(&e->received,
	    __ATOMIC_RELAXED) + len, __ATOMIC_RELEASE);
}
