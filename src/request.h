/* request.h: the transport-neutral request, filled by a transport. */
#ifndef WAYPOINT_REQUEST_H
#define WAYPOINT_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct arena;
struct store;
struct config;
struct session;

/* Limits a transport enforces before the app sees a request. */
#define REQUEST_TARGET_MAX	8192	/* 414 past it: no URL of ours is longer */
#define REQUEST_HEADERS_MAX	16384	/* 431 past it: all header lines together */
#define REQUEST_HEADER_COUNT	64	/* 431 past it */
#define REQUEST_BODY_MAX	(2 * 1024 * 1024)	/* 413: a 1 MB body, form-encoded */
/* 413 past it on a route that takes its body as a stream (uploads), the
 * ceiling whatever the configuration: [media] max_upload_mib's largest,
 * 1024 MiB, with room for its form. */
#define REQUEST_FORM_ROOM	(1024 * 1024)	/* a form's fields and headers */
#define REQUEST_STREAM_MAX	((size_t)1024 * 1024 * 1024 + REQUEST_FORM_ROOM)
/* A stream route's limit unless it says otherwise (a media upload's is
 * [media] max_upload_mib's, app.c): a 50 MB report with room for its
 * form. conf/nginx.conf says it again. */
#define REQUEST_UPLOAD_MAX	(64 * 1024 * 1024)
#define REQUEST_ARGS_MAX	4

enum method {
	METHOD_GET	= 1 << 0,
	METHOD_HEAD	= 1 << 1,
	METHOD_POST	= 1 << 2,
	METHOD_PUT	= 1 << 3,
	METHOD_DELETE	= 1 << 4,
	METHOD_PATCH	= 1 << 5,
	METHOD_OPTIONS	= 1 << 6,
	METHOD_OTHER	= 1 << 7,
};

struct header {
	const char	*name;	/* lower-case */
	const char	*value;
};

struct request {
	struct arena	*arena;	/* everything below lives here */
	struct store	*db;	/* this worker's connection; set by the app */
	const struct config *cfg;
	enum method	 method;
	const char	*method_name;
	const char	*target;	/* as received: path and query, encoded */
	size_t		 target_len;	/* its length, once it was set */
	size_t		 path_len;	/* of target's path, before any '?' */
	const char	*path;		/* decoded once; starts with '/', no NUL */
	const char	*query;		/* raw, after '?', "" when none */
	bool		 empty_query;	/* a '?' with nothing after it */
	struct header	 headers[REQUEST_HEADER_COUNT];
	size_t		 nheaders;
	const char	*body;		/* NUL-terminated copy, "" when none */
	size_t		 body_len;	/* its length, or the streamed one's */
	int		 body_fd;	/* a streamed body: an unlinked file
					   (spool.h); -1 when it is in body */
	size_t		 body_read;	/* what request_body_read gave */
	char		 client[64];	/* peer address, text */
	bool		 https;		/* reached us over TLS */
	const char	*lang;		/* language code, after the app strips it */
	const char	*args[REQUEST_ARGS_MAX];	/* route captures */
	int64_t		 ids[REQUEST_ARGS_MAX];	/* their values, for "#" */
	size_t		 nargs;
	const void	*route_ctx;	/* the matched route's own argument
					   (app.c's struct route), e.g. the
					   kind an editor's handler edits */
	time_t		 now;		/* when the request began */
	struct session	*session;	/* the signed-in editor (admin routes) */
	bool		 session_loaded;	/* auth_session_load() ran */
	const char	*ui_lang;	/* the editors' pages' language: the
					   signed-in editor's, else the site's
					   default (auth_session_load) */
	bool		 preview;	/* a draft shown through a preview
					   link (controllers/preview.c): the
					   layout marks it and keeps it out of
					   search engines */
	const char	*changed_kind;	/* the item an editor's write changed
					   (purge_item_first), or NULL */
	const char	*changed_slug;
	const char	*changed_old_slug; /* its slug before, when the
					   write changed it, or NULL */
	int64_t		 changed_group;	/* and its group (0: not known) */
	time_t		 changed_at;	/* and its publication time (the
					   later, when a save moved it) */
	bool		 changed_count;	/* and whether the lists may hold
					   one more or one less */
};

/* Makes an empty request in arena a (which it does not own). */
void		 request_init(struct request *, struct arena *a);

/* Whether c may stand in an HTTP token (RFC 9110 tchar): a method, a
 * header name, a parameter name. */
bool		 request_tchar(unsigned char c);

/* Maps a method name to its enum (case-sensitive, as HTTP is). */
enum method	 request_method(const char *name);

/* Sets target, path and query from a request target ("/a%20b?x=1").
 * Returns 0, 400 for a bad target (not origin-form, bad or NUL escape,
 * control bytes, raw or decoded in the path), 414 when it is too long, or
 * 500 when out of memory. */
int		 request_set_target(struct request *, const char *target);

/* Adds a header (name lower-cased into the arena). Returns 0, 431 when
 * there are too many, or 500 when out of memory. */
int		 request_add_header(struct request *, const char *name,
		    const char *value);

/* The first value of header name (lower-case), or NULL. */
const char	*request_header(const struct request *, const char *name);

/* The decoded value of query parameter name, or NULL when absent.
 * Lives in the request's arena. */
const char	*request_query(const struct request *, const char *name);

/* The decoded value of field name of an application/x-www-form-urlencoded
 * body, or NULL when absent or when it does not decode (an encoded NUL, a
 * bad escape: then *bad, when not NULL, is set). Lives in the arena. */
const char	*request_form(const struct request *, const char *name,
		    bool *bad);

/* Copies up to size bytes of the body, whole or streamed, into buf, the
 * next ones at each call. Returns how many, 0 at the end, or -1 when the
 * streamed body's file cannot be read (logged). */
ssize_t		 request_body_read(struct request *, void *buf, size_t size);

/* The value of cookie name, or NULL. Lives in the request's arena. */
const char	*request_cookie(const struct request *, const char *name);

/* Decodes %XX escapes (and '+' as space when plus is set) of src[0..len]
 * into the arena. Returns NULL for a bad escape, a NUL (encoded or raw) or
 * when out of memory. */
char		*url_decode(struct arena *, const char *src, size_t len,
		    bool plus);

/* The value of hex digit c, or -1 when c is not one. */
int		 url_hexval(unsigned char c);

/* The i-th route capture, or "" when absent. */
const char	*route_arg(const struct request *, size_t i);

/* The value of the i-th route capture when the route declared it an id
 * ("#": the route matched only if it is one, lib/num.h), else 0. */
int64_t		 route_id(const struct request *, size_t i);

#endif
