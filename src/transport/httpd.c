/* httpd.c: `waypoint serve`, libmicrohttpd 0.9.75 <-> request/response. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "app.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/blob.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/netaddr.h"
#include "request.h"
#include "response.h"
#include "spool.h"
#include "transport/access_log.h"
#include "transport/httpd.h"

/*
 * 64 KiB per connection: a request line with a target of REQUEST_TARGET_MAX
 * and REQUEST_HEADERS_MAX of headers fit with room to spare, so even a
 * 40 KB header block or URI reaches our checks and gets the site's 431 or
 * 414 with every security header; only a far larger one gets
 * libmicrohttpd's own. 0.9.75 zeroes the pool after every request, which
 * makes a larger pool cost a little on every request.
 */
#define HTTPD_MEMORY_LIMIT	(64 * 1024)

/* Leading blanks libmicrohttpd may have skipped between a header's colon
 * and its value; more is not a header any client sends. */
#define HTTPD_OWS_MAX		256

/* Body bytes read and thrown away after a chunked body passed its limit,
 * so that the client can read its 413; a client still sending after that
 * has its connection dropped. */
#define HTTPD_DISCARD_MAX	REQUEST_BODY_MAX

/* One request, from the request line until libmicrohttpd reports it done. */
struct httpd_req {
	struct request	 rq;		/* rq.arena holds this struct too */
	struct buf	 body;		/* heap; freed when the request ends */
	size_t		 limit;		/* most body bytes (app_body_limit) */
	bool		 stream;	/* spooled to rq.body_fd, not in body */
	size_t		 target_len;	/* of the raw target, for the line check */
	size_t		 discarded;	/* body bytes thrown away past the limit */
	int		 refuse;	/* a status to answer with, or 0 */
	bool		 started;	/* the first call of the handler is done */
	struct timespec	 t0;		/* when the request line arrived */
};

/* What the header scan found. */
struct httpd_scan {
	struct request	*rq;
	const char	*line_end;	/* the previous line's end */
	const char	*cl, *te;	/* Content-Length, Transfer-Encoding */
	size_t		 ncl, nte, nhost;
	size_t		 total;
	int		 status;
};

/* libmicrohttpd's messages: all of them while starting; after that, at
 * most one every 10 s, so that a flood of bad clients cannot fill the
 * log. */
static bool	httpd_starting;
static time_t	httpd_logged;

static void
httpd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[256];
	time_t now = time(NULL), last;
	size_t len;

	(void)cls;
	last = __atomic_load_n(&httpd_logged, __ATOMIC_RELAXED);
	if (!__atomic_load_n(&httpd_starting, __ATOMIC_RELAXED)) {
		if (now - last < 10 || !__atomic_compare_exchange_n(
		    &httpd_logged, &last, now, false, __ATOMIC_RELAXED,
		    __ATOMIC_RELAXED))
			return;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		msg[--len] = '\0';
	log_error("httpd: %s", msg);
}

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

/*
 * Called with the raw target before libmicrohttpd decodes it in place:
 * makes the request's arena and state, which become the request's
 * *con_cls. NULL when out of memory (the handler then drops the
 * connection).
 */
static void *
httpd_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct httpd_req *st;
	struct arena *a;

	(void)c;
	if ((a = arena_new()) == NULL)
		return NULL;
	if ((st = arena_alloc(a, sizeof(*st))) == NULL) {
		arena_free(a);
		return NULL;
	}
	request_init(&st->rq, a);
	st->rq.cfg = cls;
	st->limit = st->body.max = REQUEST_BODY_MAX;
	st->target_len = strlen(uri);
	clock_gettime(CLOCK_MONOTONIC, &st->t0);
	st->refuse = request_set_target(&st->rq, uri);
	return st;
}

static void
httpd_completed(void *cls, struct MHD_Connection *c, void **con_cls,
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
	arena_free(st->rq.arena);
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
	if ((status = request_add_header(sc->rq, key, trimmed)) != 0) {
		sc->status = status;
		return MHD_NO;
	}
	return MHD_YES;
bad:
	sc->status = 400;
	return MHD_NO;
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

/*
 * The first call's checks (PITFALLS.md, libmicrohttpd 2 and 3): a valid
 * method token, a request line and header block with nothing hidden by a
 * NUL or a fold, headers within limits, one way to find the body's end,
 * and a body within REQUEST_BODY_MAX. Copies the headers into the request.
 * Returns 0 or the status to refuse with.
 */
static int
httpd_check(struct httpd_req *st, struct MHD_Connection *c, const char *url,
    const char *method, const char *version)
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

static void
httpd_blob_free(void *b)
{
	blob_unref(b);
}

/* Headers that describe this connection or this framing, which
 * libmicrohttpd writes itself. */
static bool
httpd_hop_by_hop(const char *name)
{
	static const char *const names[] = {
		"Connection", "Keep-Alive", "Transfer-Encoding",
		"Content-Length", "Upgrade", "TE", "Trailer",
		"Proxy-Connection",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return true;
	return false;
}

/* Queues rs on c, handing its body over without a copy, logs the request
 * and frees rs. */
static enum MHD_Result
httpd_send(struct MHD_Connection *c, struct httpd_req *st,
    struct response *rs, bool must_close)
{
	struct MHD_Response *r;
	struct timespec t1;
	struct blob *b;
	enum MHD_Result ret;
	size_t i, len;
	char *p;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	response_body(rs, &len);
	access_log(&st->rq, rs, st->rq.method == METHOD_HEAD ||
	    rs->status == 304 ? 0 : len,
	    (t1.tv_sec - st->t0.tv_sec) * 1000000L +
	    (t1.tv_nsec - st->t0.tv_nsec) / 1000);

	/* A 304 goes out with an empty body. RFC 9110 would let it state the
	 * page's length, but clients built on http_parser (wrk among them)
	 * then wait for that many bytes; 0.9.75 cannot leave the header out,
	 * so it says 0, which every client reads as "no body". */
	if (rs->status == 304) {
		response_share(rs, NULL);
		buf_free(&rs->body);
	}
	if (rs->shared != NULL) {
		b = rs->shared;
		rs->shared = NULL;
		r = MHD_create_response_from_buffer_with_free_callback_cls(
		    b->len, b->data, httpd_blob_free, b);
		if (r == NULL)
			blob_unref(b);
	} else if (rs->body.len == 0)
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	else {
		len = rs->body.len;
		if ((p = buf_release(&rs->body)) == NULL)
			r = NULL;
		else if ((r = MHD_create_response_from_buffer_with_free_callback_cls(
		    len, p, free, p)) == NULL)
			free(p);
	}
	if (r == NULL) {
		response_free(rs);
		return MHD_NO;
	}
	/* A header libmicrohttpd refuses (out of memory) would send the
	 * answer without it, perhaps without a security header: close the
	 * connection instead of answering less than the app said. */
	for (i = 0; i < rs->nheaders; i++)
		if (!httpd_hop_by_hop(rs->headers[i].name) &&
		    MHD_add_response_header(r, rs->headers[i].name,
		    rs->headers[i].value) != MHD_YES)
			break;
	if (i < rs->nheaders || ((must_close || rs->close) &&
	    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION,
	    "close") != MHD_YES)) {
		log_error("%s %s: a response header was refused",
		    st->rq.method_name, st->rq.path);
		MHD_destroy_response(r);
		response_free(rs);
		return MHD_NO;
	}
	ret = MHD_queue_response(c, rs->status >= 200 && rs->status <= 599 ?
	    (unsigned)rs->status : 500, r);
	MHD_destroy_response(r);
	response_free(rs);
	return ret;
}

/* Answers a request refused before routing, and closes the connection:
 * what follows on it cannot be trusted to start a request. */
static enum MHD_Result
httpd_refuse(struct MHD_Connection *c, struct httpd_req *st)
{
	struct response rs;

	response_init(&rs);
	app_error(&st->rq, &rs, st->refuse);
	return httpd_send(c, st, &rs, true);
}

static void
httpd_client(struct MHD_Connection *c, struct request *rq)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)
		    (const void *)sa)->sin_addr, rq->client,
		    sizeof(rq->client));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr, rq->client,
		    sizeof(rq->client));
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

/*
 * libmicrohttpd calls this once when the headers are in, once for each
 * piece of the body, and once more at the end. The first call only sets up
 * and checks: queueing an answer then would cost keep-alive (PITFALLS.md,
 * libmicrohttpd 4), except for a refusal, which closes anyway and must not
 * wait for a body it will not read.
 */
static enum MHD_Result
httpd_access(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct httpd_req *st = *con_cls;
	struct request *rq;
	struct response rs;

	(void)cls;
	if (st == NULL)
		return MHD_NO;
	rq = &st->rq;
	if (!st->started) {
		st->started = true;
		if ((rq->method_name = arena_strdup(rq->arena, method)) == NULL)
			return MHD_NO;
		rq->method = request_method(method);
		if (st->refuse == 0)
			st->refuse = httpd_check(st, c, url, method, version);
		if (st->refuse != 0)
			return httpd_refuse(c, st);
		return MHD_YES;
	}
	if (*upload_size != 0) {
		/* 0.9.75 accepts no answer in the middle of a body: past
		 * the limit, read on to its end, then answer 413. */
		if (st->refuse != 0) {
			st->discarded += *upload_size;
			if (st->discarded > HTTPD_DISCARD_MAX)
				return MHD_NO;
		} else if (st->stream)
			st->refuse = httpd_spool(st, upload, *upload_size);
		else if (buf_add(&st->body, upload, *upload_size) == -1) {
			st->refuse = st->body.len + *upload_size >
			    st->limit ? 413 : 500;
			buf_free(&st->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (st->refuse != 0)
		return httpd_refuse(c, st);

	if (!st->stream) {
		rq->body = st->body.data != NULL ? st->body.data : "";
		rq->body_len = st->body.len;
	}
	httpd_client(c, rq);
	rq->https = false;
	rq->now = time(NULL);
	response_init(&rs);
	app_handle(rq, &rs);
	return httpd_send(c, st, &rs, false);
}

/*
 * Binds and listens on cfg->listen. Done here rather than by
 * libmicrohttpd, whose address-reuse option also sets SO_REUSEPORT: a
 * second server on the same port must fail, not share the traffic.
 */
static int
httpd_listen(const char *listen_on)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int fd, one = 1;

	if (netaddr_parse(listen_on, &ss, &sslen) == -1) {
		fprintf(stderr, "waypoint serve: %s: expected HOST:PORT with a "
		    "numeric IPv4 address or [IPv6] address\n", listen_on);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		goto fail;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1)
		goto fail;
	if (ss.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &one, sizeof(one)) == -1)
		goto fail;
	if (bind(fd, (struct sockaddr *)&ss, sslen) == -1 ||
	    listen(fd, SOMAXCONN) == -1)
		goto fail;
	return fd;
fail:
	fprintf(stderr, "waypoint serve: cannot listen on %s: %s\n",
	    listen_on, strerror(errno));
	if (fd != -1)
		close(fd);
	return -1;
}

int
httpd_serve(const struct config *cfg)
{
	struct MHD_Daemon *d;
	sigset_t sigs, old;
	unsigned int threads, flags;
	long cores;
	int fd, sig;

	if (cfg->threads > 0)
		threads = (unsigned int)cfg->threads;
	else {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 2 ? (unsigned int)cores : 2;
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
	    (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ?
	    MHD_USE_EPOLL : MHD_USE_AUTO);

	if ((fd = httpd_listen(cfg->listen)) == -1)
		return -1;
	/* Block the signals before libmicrohttpd's threads start, so that
	 * they inherit the mask and only sigwait() below sees them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);

	__atomic_store_n(&httpd_starting, true, __ATOMIC_RELAXED);
	d = MHD_start_daemon(flags, 0, NULL, NULL, httpd_access, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, httpd_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->timeout,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->connection_limit,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_ip_limit,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTPD_MEMORY_LIMIT,
	    /* Not 1: that refuses a space in the target by dropping the
	     * connection without an answer; httpd_check() answers 400. */
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)0,
	    MHD_OPTION_URI_LOG_CALLBACK, httpd_uri, (void *)cfg,
	    MHD_OPTION_NOTIFY_COMPLETED, httpd_completed, NULL,
	    MHD_OPTION_END);
	__atomic_store_n(&httpd_starting, false, __ATOMIC_RELAXED);
	if (d == NULL) {
		fprintf(stderr, "waypoint serve: cannot start the server on "
		    "%s\n", cfg->listen);
		close(fd);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	log_info("serving http://%s/ with %u threads", cfg->listen, threads);

	/* SIGHUP reloads the log file and templates; the others stop. */
	for (;;) {
		if (sigwait(&sigs, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		app_reload();
	}
	log_info("stopping on signal %d", sig);
	MHD_stop_daemon(d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}
