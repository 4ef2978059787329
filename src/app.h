/* app.h: the route table and the one place every request goes through. */
#ifndef WAYPOINT_APP_H
#define WAYPOINT_APP_H

#include <stdbool.h>
#include <stddef.h>

struct config;
struct request;
struct response;

/* Loads what lives for the process: compiled templates, static files, the
 * page cache. Prints the file and line of a broken template and returns -1;
 * else 0. Call once, before any transport listens. */
int	app_init(const struct config *cfg);

/* Tells the app how many threads run requests in this process (a
 * transport, once, before it serves), so that sign-ins never hold them
 * all (auth_signin_workers). */
void	app_workers(unsigned threads);

/* Frees what app_init made and closes this thread's database connection. */
void	app_fini(void);

/* SIGHUP: reopens the log file and reloads the templates (keeping the old
 * ones when a new one does not parse), then forgets every cached page.
 * Returns 0, or -1 when something was not reloaded (logged). */
int	app_reload(void);

/* How a transport reads rq's body, asked once the headers are in and
 * before any of the body is read. Returns the most bytes it may have (413
 * past it): REQUEST_BODY_MAX for a route that takes it whole, as rq->body,
 * or, for one that takes it as a stream (then *stream is set: the
 * transport spools it, spool.h), REQUEST_UPLOAD_MAX, or a media upload's
 * [media] max_upload_mib with REQUEST_FORM_ROOM, never past
 * REQUEST_STREAM_MAX. A stream is granted only to a
 * signed-in editor with the route's role, from the site's own pages
 * (Origin): anyone else gets the whole-body limit, so a client that may
 * not upload cannot make the server write a large body to disk first. rq
 * is left as it was, but for the session it read. */
size_t	app_body_limit(struct request *rq, bool *stream);

/* Answers rq into rs: routing, controllers, error pages, conditional
 * requests, the security headers of every response. Uses this thread's
 * database connection (opened on first use). Never fails: a problem becomes a
 * 4xx/5xx response. rq and rs belong to the caller. */
void	app_handle(struct request *rq, struct response *rs);

/* Answers a request that a transport refused before routing (400, 413, 414,
 * 431 ...) with the same headers and a short plain-text body. */
void	app_error(struct request *rq, struct response *rs, int status);

#endif
