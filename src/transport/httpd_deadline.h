/* httpd_deadline.h: the whole-header and whole-body deadlines of `waypoint
 * serve`'s connections, which libmicrohttpd 0.9.75 lacks (it has only an
 * idle timeout); only transport/httpd.c includes it. */
#ifndef WAYPOINT_HTTPD_DEADLINE_H
#define WAYPOINT_HTTPD_DEADLINE_H

#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

/*
 * The slowest body kept open, in bytes a second on average after the first
 * timeout seconds: 16 KiB/s (128 kbit/s, below any office line) takes a
 * 64 MiB upload in 68 minutes, while a client holding a connection open
 * must send that much for as long as it holds it.
 */
#define HTTPD_BODY_RATE		(16 * 1024)

/* Where a connection is: its request's header is due, its body is due, or
 * neither (the request is being answered). */
enum httpd_phase {
	HTTPD_HEADER,
	HTTPD_BODY,
	HTTPD_ANSWER,
};

struct httpd_deadline;

/* When a connection in phase since since_ms (milliseconds, any clock) is
 * due to be closed, having read received body bytes: timeout seconds for
 * the whole header; for the body, that plus received / HTTPD_BODY_RATE; -1
 * while answering (never). */
int64_t	httpd_deadline_due(enum httpd_phase phase, int64_t since_ms,
	    uint64_t received, unsigned int timeout);

/* Starts the watchdog thread that shuts down the socket of a connection
 * past its deadline (timeout seconds, as above). Returns it, or NULL (after
 * logging why). */
struct httpd_deadline	*httpd_deadline_start(unsigned int timeout);

/* Stops the watchdog and frees it; call after MHD_stop_daemon(), when no
 * connection is left. NULL is ignored. */
void	httpd_deadline_stop(struct httpd_deadline *w);

/* libmicrohttpd's connection callback (MHD_OPTION_NOTIFY_CONNECTION, cls:
 * the watchdog): a new connection's header is due timeout seconds after it
 * was accepted; a closed one is forgotten before libmicrohttpd closes its
 * socket, so that the watchdog never shuts down a reused descriptor. */
void	httpd_deadline_notify(void *cls, struct MHD_Connection *c,
	    void **socket_context, enum MHD_ConnectionNotificationCode toe);

/* Moves connection c to phase, from now: HTTPD_BODY when its header is in,
 * HTTPD_ANSWER when its request is whole, HTTPD_HEADER when it was
 * answered (the next request's header). */
void	httpd_deadline_phase(struct MHD_Connection *c, enum httpd_phase phase);

/* Counts len more body bytes read on connection c. */
void	httpd_deadline_read(struct MHD_Connection *c, size_t len);

#endif
