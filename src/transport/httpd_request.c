/* httpd_request.c: one request of `waypoint serve` as it comes in: its
 * state, the first call's checks of the request line and headers as
 * libmicrohttpd 0.9.75 left them (smuggling shapes, body framing, limits),
 * and its body, whole or spooled. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>

#include "app.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/netaddr.h"
#include "request.h"
#include "spool.h"
#include "transport/httpd_request.h"

/* Leading blanks libmicrohttpd may have skipped between a header's colon
 * and its value; more is not a header any client sends. */
#define HTTPD_OWS_MAX		256

/* Body bytes read and thrown away after a chunked body passed its limit,
 * so that the client can read its 413; a client still sending after that
 * has its connection dropped. */
#define HTTPD_DISCARD_MAX	REQUEST_BODY_MAX

/* What the header scan found. */
struct httpd_scan {
	struct request	*rq;
	const char	*line_end;	/* the previous line's end */
	const char	*cl, *te;	/* Content-Length, Transfer-Encoding */
	size_t		 ncl, nte, nhost;
	size_t		 total;
	int		 status;
};

static bool
httpd_is_token(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!request_tchar((unsigned char)*s))
			return false;
	return true;
}

/* Whether p[0..len] holds only bytes from set (which may include NUL). */
static bool
httpd_only(const char *p, size_t len, const char *set, size_t setlen)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (memchr(set, p[i], setlen) == NULL)
			return false;
	return true;
}

/* Whether a Host value's port, if any, is digits (RFC 3986's port):
 * "a.test:abc" names no port a site could have, and RFC 9112 asks a 400
 * for a Host that is not one. An IP literal's colons are its own. */
static bool
httpd_host_ok(const char *v)
{
	const char *port;

	if (*v == '[') {
		if ((port = strchr(v, ']')) == NULL)
			return false;
		port++;
		if (*port == '\0')
			return true;
	} else if ((port = strchr(v, ':')) == NULL)
		return true;
	if (*port++ != ':')
		return false;
	return strspn(port, "0123456789") == strlen(port);
}

/*
 * Each thread keeps the arena of its last request for its next one: made
 * and freed per request, its 16 KiB block cost a malloc, a free and the
 * allocator's consolidation of that free every time. libmicrohttpd runs
 * a connection's callbacks on the one thread that owns it, so a request
 * usually gives its arena back to the thread it took it from.
 */
static pthread_key_t	spare_key;
static pthread_once_t	spare_once = PTHREAD_ONCE_INIT;
static bool		spare_ready;

static void
httpd_spare_free(void *a)
{
	arena_free(a);
}

static void
httpd_spare_init(void)
{
	spare_ready = pthread_key_create(&spare_key, httpd_spare_free) == 0;
}

/* This thread's spare arena, or a new one; NULL when out of memory. */
static struct arena *
httpd_arena_take(void)
{
	struct arena *a;

	pthread_once(&spare_once, httpd_spare_init);
	if (spare_ready && (a = pthread_getspecific(spare_key)) != NULL) {
		pthread_setspecific(spare_key, NULL);
		return a;
	}
	return arena_new();
}

/* Empties a and keeps it as this thread's spare, or frees it when the
 * thread has one. */
static void
httpd_arena_give(struct arena *a)
{
	arena_reset(a);
	if (spare_ready && pthread_getspecific(spare_key) == NULL &&
	    pthread_setspecific(spare_key, a) == 0)
		return;
	arena_free(a);
}

/*
 * RFC 9112 3.2.2: a server must take the absolute-form a client sends to
 * a proxy ("http://host:port/path?q"), whose authority then stands for
 * Host. Returns the origin-form of uri in a (the path, "/" when it has
 * none, and the query), with the authority into st->authority; uri
 * itself when it is not absolute-form (request_set_target refuses what
 * is not origin-form either); NULL for an empty authority, one with
 * userinfo, or out of memory (400).
 */
static const char *
httpd_origin_form(struct httpd_req *st, struct arena *a, const char *uri)
{
	const char *rest;
	size_t len;

	if ((rest = netaddr_http_rest(uri)) == NULL)
		return uri;
	len = strcspn(rest, "/?#");
	if (len == 0 || memchr(rest, '@', len) != NULL ||
	    len > REQUEST_TARGET_MAX ||
	    (st->authority = arena_strndup(a, rest, len)) == NULL)
		return NULL;
	rest += len;
	return *rest == '/' ? rest : arena_printf(a, "/%s", rest);
}

void *
httpd_request_new(void *cls, const char *uri, struct MHD_Connection *c)
{
	const char *target;
	struct httpd_req *st;
	struct arena *a;

	(void)cls;
	(void)c;
	if ((a = httpd_arena_take()) == NULL)
		return NULL;
	if ((st = arena_alloc(a, sizeof(*st))) == NULL) {
		httpd_arena_give(a);
		return NULL;
	}
	/* No site yet: app_body_limit and app_handle choose the Host's, and
	 * app_error does for a request refused before either. */
	request_init(&st->rq, a);
	st->limit = st->body.max = REQUEST_BODY_MAX;
	st->target_len = strlen(uri);
	clock_gettime(CLOCK_MONOTONIC, &st->t0);
	st->refuse = (target = httpd_origin_form(st, a, uri)) == NULL ? 400 :
	    request_set_target(&st->rq, target);
	/* A refused target is kept as received, as fcgi.c keeps it: its
	 * error answer is JSON under /api/ (app_error). */
	if (st->refuse != 0 && *st->rq.target == '\0')
		st->rq.target = arena_strndup(a, uri, strnlen(uri,
		    REQUEST_TARGET_MAX));
	if (st->rq.target == NULL)
		st->rq.target = "";
	return st;
}

void
httpd_request_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct httpd_req *st = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (st == NULL)
		return;
	*con_cls = NULL;
	buf_free(&st->body);
	httpd_arena_give(st->rq.arena);
}

/*
 * One header from libmicrohttpd. Besides the plain checks (a token for a
 * name, no control byte in a value, sizes), it checks the layout that
 * 0.9.75 leaves in its read buffer, because its API hides two smuggling
 * shapes: it parses each line in place (name, a NUL for the colon, blanks,
 * value, then a NUL for each byte of CR LF), cuts a value at a NUL without
 * a word, and glues a folded line's text to the previous name in a copy
 * elsewhere. So: each name follows the previous line's end by one or two
 * NULs, and each value follows its own name's NUL after blanks only.
 * Every byte read lies between two places in the same line or block of
 * lines, all of it received.
 */
static enum MHD_Result
httpd_header(void *cls, enum MHD_ValueKind kind, const char *key,
    size_t key_size, const char *value, size_t value_size)
{
	struct httpd_scan *sc = cls;
	const unsigned char *p;
	const char *vstart, *trimmed;
	size_t vlen;
	int status;

	(void)kind;
	if (value == NULL || key_size != strlen(key) ||
	    value_size != strlen(value) || !httpd_is_token(key))
		goto bad;
	if (key <= sc->line_end || key - sc->line_end > 2 ||
	    !httpd_only(sc->line_end, (size_t)(key - sc->line_end), "", 1))
		goto bad;
	vstart = key + key_size + 1;
	if (value < vstart || value - vstart > HTTPD_OWS_MAX ||
	    !httpd_only(vstart, (size_t)(value - vstart), " \t", 2))
		goto bad;
	for (p = (const unsigned char *)value; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			goto bad;
	sc->line_end = value + value_size;

	sc->total += key_size + value_size + 4;
	if (sc->total > REQUEST_HEADERS_MAX) {
		sc->status = 431;
		return MHD_NO;
	}
	if (strcasecmp(key, "content-length") == 0) {
		sc->ncl++;
		sc->cl = value;
	} else if (strcasecmp(key, "transfer-encoding") == 0) {
		sc->nte++;
		sc->te = value;
	} else if (strcasecmp(key, "host") == 0)
		sc->nhost++;

	/* libmicrohttpd keeps trailing blanks, which are not part of a
	 * value. */
	vlen = value_size;
	while (vlen > 0 && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t'))
		vlen--;
	trimmed = value;
	if (vlen != value_size &&
	    (trimmed = arena_strndup(sc->rq->arena, value, vlen)) == NULL) {
		sc->status = 500;
		return MHD_NO;
	}
	if (strcasecmp(key, "host") == 0 && !httpd_host_ok(trimmed))
		goto bad;
	if ((status = request_add_header(sc->rq, key, trimmed)) != 0) {
		sc->status = status;
		return MHD_NO;
	}
	return MHD_YES;
bad:
	sc->status = 400;
	return MHD_NO;
}

/* An absolute-form target's authority as the request's Host, in place of
 * the Host header's value (RFC 9112 3.2.2), or added when an HTTP/1.0
 * request sent none: a host name or IP literal and a port, as a Host
 * header's value must be. 0, 400, or 431/500 from adding it. */
static int
httpd_authority_host(struct request *rq, const char *auth)
{
	size_t i;

	if (strspn(auth, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-._~:[]") != strlen(auth) || !httpd_host_ok(auth))
		return 400;
	for (i = 0; i < rq->nheaders; i++)
		if (strcmp(rq->headers[i].name, "host") == 0) {
			rq->headers[i].value = auth;
			return 0;
		}
	return request_add_header(rq, "host", auth);
}

/* Content-Length's value: 0 and *len, 400 when it is not all digits, 413
 * when it is past max. */
static int
httpd_content_length(const char *s, size_t max, size_t *len)
{
	size_t n = 0;

	if (*s == '\0')
		return 400;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 400;
		if (n > max)
			continue;	/* still check the rest are digits */
		n = n * 10 + (size_t)(*s - '0');
	}
	if (n > max)
		return 413;
	*len = n;
	return 0;
}

int
httpd_request_check(struct httpd_req *st, struct MHD_Connection *c,
    const char *url, const char *method, const char *version)
{
	struct request *rq = &st->rq;
	struct httpd_scan sc;
	size_t mlen, len;
	int status;

	if (!httpd_is_token(method))
		return 400;

	/* The line is "METHOD SP+ target SP version": libmicrohttpd put NULs
	 * at the spaces, and url still points where the raw target was, so a
	 * NUL in the method or target shows as bytes left between. */
	mlen = strlen(method);
	if (url <= method + mlen || url - method > REQUEST_TARGET_MAX ||
	    !httpd_only(method + mlen + 1, (size_t)(url - method - mlen - 1),
	    " ", 1) || version != url + st->target_len + 1)
		return 400;

	memset(&sc, 0, sizeof(sc));
	sc.rq = rq;
	sc.line_end = version + strlen(version);
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, httpd_header, &sc);
	if (sc.status != 0)
		return sc.status;
	/* The last line: its end and the blank line's are both NUL, unless a
	 * NUL cut its value short. */
	if (sc.line_end[1] != '\0')
		return 400;

	/* RFC 9112 3.2: exactly one Host in HTTP/1.1, at most one before. */
	if (sc.nhost > 1 || (sc.nhost == 0 &&
	    strcmp(version, MHD_HTTP_VERSION_1_1) == 0))
		return 400;
	if (st->authority != NULL && (status = httpd_authority_host(rq,
	    st->authority)) != 0)
		return status;
	if (sc.ncl > 1 || sc.nte > 1 || (sc.ncl > 0 && sc.nte > 0))
		return 400;
	if (sc.nte > 0 && (strcasecmp(sc.te, "chunked") != 0 ||
	    strcmp(version, MHD_HTTP_VERSION_1_0) == 0))
		return 400;
	/* Only a request with a body asks: a GET costs no second routing. */
	if (sc.ncl > 0 || sc.nte > 0)
		st->limit = app_body_limit(rq, &st->stream);
	st->body.max = st->limit;
	if (sc.ncl > 0 && (status = httpd_content_length(sc.cl, st->limit,
	    &len)) != 0)
		return status;
	return 0;
}

/* A piece of a streamed body, to its file (opened with the first piece).
 * Returns 0, 413 past the route's limit (a chunked body: a Content-Length
 * past it was refused before) or 500. */
static int
httpd_spool(struct httpd_req *st, const char *p, size_t len)
{
	struct request *rq = &st->rq;

	if (rq->body_fd == -1 && spool_open(rq, rq->cfg->spool_dir) == -1)
		return 500;
	if (len > st->limit - rq->body_len)
		return 413;
	return spool_write(rq, p, len) == -1 ? 500 : 0;
}

int
httpd_request_body(struct httpd_req *st, const char *p, size_t len)
{
	/* 0.9.75 accepts no answer in the middle of a body: past the limit,
	 * read on to its end, then answer 413. */
	if (st->refuse != 0) {
		st->discarded += len;
		return st->discarded > HTTPD_DISCARD_MAX ? -1 : 0;
	}
	if (st->stream)
		st->refuse = httpd_spool(st, p, len);
	else if (buf_add(&st->body, p, len) == -1) {
		st->refuse = st->body.len + len > st->limit ? 413 : 500;
		buf_free(&st->body);
	}
	return 0;
}
