/* httpd_request.h: one request of `waypoint serve` as it comes in (its
 * state, the first call's checks, its body); only transport/httpd*.c
 * include it. */
#ifndef WAYPOINT_HTTPD_REQUEST_H
#define WAYPOINT_HTTPD_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <microhttpd.h>

#include "lib/buf.h"
#include "request.h"

/* One request, from the request line until libmicrohttpd reports it done. */
struct httpd_req {
	struct request	 rq;		/* rq.arena holds this struct too */
	struct buf	 body;		/* heap; freed when the request ends */
	size_t		 limit;		/* most body bytes (app_body_limit) */
	bool		 stream;	/* spooled to rq.body_fd, not in body */
	size_t		 target_len;	/* raw target length: line check */
	const char	*authority;	/* an absolute-form target's host */
	size_t		 discarded;	/* body bytes dropped past the limit */
	int		 refuse;	/* status to answer with, or 0 */
	bool		 started;	/* the handler's first call is done */
	struct timespec	 t0;		/* when the request line arrived */
};

/* libmicrohttpd's URI callback (cls: the struct config): called with the
 * raw target before libmicrohttpd decodes it in place, it makes the
 * request's arena and state, which become the request's *con_cls; an
 * absolute-form target is taken as its path and query, its authority as
 * the Host (httpd_request_check); a target that request_set_target()
 * refuses leaves its status in refuse. NULL when
 * out of memory (the handler then drops the connection). */
void	*httpd_request_new(void *cls, const char *uri,
	    struct MHD_Connection *c);

/* libmicrohttpd's completion callback: frees the request state in
 * *con_cls (the body and the arena) and clears *con_cls. */
void	httpd_request_done(void *cls, struct MHD_Connection *c,
	    void **con_cls, enum MHD_RequestTerminationCode toe);

/* The first call's checks (PITFALLS.md, libmicrohttpd 2 and 3): a valid
 * method token, a request line and header block with nothing hidden by a
 * NUL or a fold, headers within limits, one way to find the body's end,
 * and a body within the route's limit (which it sets, with whether the
 * body is streamed). Copies the headers into st->rq. Returns 0 or the
 * status to refuse with. */
int	httpd_request_check(struct httpd_req *st, struct MHD_Connection *c,
	    const char *url, const char *method, const char *version);

/* One piece p[0..len] of the body: kept in st->body, or written to the
 * spool file of a streamed body. A piece that cannot be kept (past the
 * limit: 413; else 500) sets st->refuse, and the pieces after it are
 * thrown away. Returns 0, or -1 when more than HTTPD_DISCARD_MAX bytes
 * were thrown away and the connection should be dropped. */
int	httpd_request_body(struct httpd_req *st, const char *p, size_t len);

#endif
