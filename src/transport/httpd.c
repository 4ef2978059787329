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
#include <sys/resource.h>
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
#include "lib/resident.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "transport/access_log.h"
#include "transport/httpd.h"
#include "transport/httpd_deadline.h"
#include "transport/httpd_memo.h"
#include "transport/httpd_request.h"

/*
 * 48 KiB per connection: a request line with a target of REQUEST_TARGET_MAX
 * and REQUEST_HEADERS_MAX of headers fit with room to spare, so even a
 * 40 KB header block or URI (44 KB, measured) reaches our checks and gets
 * the site's 431 or 414 with every security header; only a far larger one
 * gets libmicrohttpd's own. Not so a query of many arguments: 0.9.75 keeps
 * a record of each in the pool before any callback can refuse it, and
 * past some 700 (a 2 KB query of "a&a&...", measured) the pool is spent
 * and it closes the connection unanswered; no pool a server could afford
 * holds the 4,096 an 8 KB target may name, and nginx in front answers
 * them. 0.9.75 zeroes the whole pool after every request: at 64 KiB that
 * was a twentieth of a cached page's cost.
 */
#define HTTPD_MEMORY_LIMIT	(48 * 1024)

/* 50 ms: how long an access line may wait in its thread's buffer before
 * it is written (lib/log.c, log_gather): a write per request was a tenth
 * of a cached page's cost; a line reaches the log within a blink, and a
 * stop (SIGTERM, SIGINT) writes them all. */
#define HTTPD_LOG_FLUSH_NS	(50 * 1000 * 1000L)

/* Descriptors kept for what is not a connection: the listening socket,
 * epoll's, the database's, the log, the render worker's pipes, spools. */
#define HTTPD_FD_RESERVE	64

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

static void
httpd_blob_free(void *b)
{
	blob_unref(b);
}

/* libmicrohttpd's decoding of the target and its query, in place, which
 * nothing reads: request_set_target() decodes the raw target (which
 * httpd_request_new() gets before this runs) itself. Leaving the bytes
 * as they came costs nothing and keeps the request line's layout as
 * httpd_request_check() expects it. */
static size_t
httpd_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/* Headers that describe this connection or this framing, which
 * libmicrohttpd writes itself. */
static bool
httpd_hop_by_hop(const char *name)
{
	static const struct header_name names[] = {
		HEADER_NAME("Connection"), HEADER_NAME("Keep-Alive"),
		HEADER_NAME("Transfer-Encoding"), HEADER_NAME("Content-Length"),
		HEADER_NAME("Upgrade"), HEADER_NAME("TE"),
		HEADER_NAME("Trailer"), HEADER_NAME("Proxy-Connection"),
	};

	return response_name_in(name, names, sizeof(names) / sizeof(names[0]));
}

/* A libmicrohttpd response for rs, its body handed over without a copy
 * (a shared body gets a reference of its own), or NULL when out of memory
 * or a header was refused. must_close adds "Connection: close". */
static struct MHD_Response *
httpd_response(struct httpd_req *st, struct response *rs, bool must_close)
{
	struct MHD_Response *r;
	struct blob *b;
	size_t i, len;
	char *p;

	if (rs->file_fd != -1) {
		/* libmicrohttpd reads the file as the socket takes it
		 * (sendfile where it can) and closes it with the response. */
		r = MHD_create_response_from_fd_at_offset64(rs->file_len,
		    rs->file_fd, rs->file_offset);
		if (r != NULL)
			rs->file_fd = -1;
	} else if (rs->shared != NULL) {
		b = blob_ref(rs->shared);
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
	if (r == NULL)
		return NULL;
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
		return NULL;
	}
	return r;
}

/* Writes the access line of st's request, answered by rs with bytes of
 * body, timed from its first callback. */
static void
httpd_access_line(const struct httpd_req *st, const struct response *rs,
    size_t bytes)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	access_log(&st->rq, rs, bytes, (t1.tv_sec - st->t0.tv_sec) * 1000000L +
	    (t1.tv_nsec - st->t0.tv_nsec) / 1000);
}

/* Queues rs on c (the response this thread made for the same answer
 * before, else a new one), logs the request and frees rs; ask is what
 * httpd_memo_page found out about the request, NULL when it was not
 * asked. */
static enum MHD_Result
httpd_send(struct MHD_Connection *c, struct httpd_req *st,
    struct response *rs, bool must_close, const struct memo_ask *ask)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	bool kept;

	httpd_access_line(st, rs, st->rq.method == METHOD_HEAD ||
	    rs->status == 304 ? 0 : (size_t)response_body_len(rs));

	/* A 304 goes out with an empty body. RFC 9110 would let it state the
	 * page's length, but clients built on http_parser (wrk among them)
	 * then wait for that many bytes; 0.9.75 cannot leave the header out,
	 * so it says 0, which every client reads as "no body". */
	if (rs->status == 304) {
		response_share(rs, NULL);
		buf_free(&rs->body);
	}
	kept = !must_close && (r = httpd_memo_find(ask, &st->rq, rs)) !=
	    NULL;
	if (!kept) {
		if ((r = httpd_response(st, rs, must_close)) == NULL) {
			response_free(rs);
			return MHD_NO;
		}
		kept = !must_close && ask != NULL &&
		    httpd_memo_keep(ask, &st->rq, rs, r);
	}
	ret = MHD_queue_response(c, rs->status >= 200 && rs->status <= 599 ?
	    (unsigned)rs->status : 500, r);
	if (!kept)
		MHD_destroy_response(r);
	response_free(rs);
	return ret;
}

/* Queues r, the answer this thread kept for a page like rq's
 * (httpd_memo_page), a body of len bytes, and logs it as a cache hit. */
static enum MHD_Result
httpd_send_kept(struct MHD_Connection *c, struct httpd_req *st,
    struct MHD_Response *r, size_t len)
{
	struct response rs;

	response_init(&rs);
	rs.cache = "hit";
	store_work_reset();
	httpd_access_line(st, &rs, len);
	return MHD_queue_response(c, MHD_HTTP_OK, r);
}

/* Answers a request refused before routing, and closes the connection:
 * what follows on it cannot be trusted to start a request. */
static enum MHD_Result
httpd_refuse(struct MHD_Connection *c, struct httpd_req *st)
{
	struct response rs;

	response_init(&rs);
	app_error(&st->rq, &rs, st->refuse);
	return httpd_send(c, st, &rs, true, NULL);
}

/* An IPv4 address as inet_ntop() writes it, by hand: inet_ntop's
 * sprintf() per byte was a fiftieth of a cached page's cost. */
static void
httpd_ipv4(const struct in_addr *in, char *out)
{
	const unsigned char *b = (const unsigned char *)&in->s_addr;
	size_t i;

	for (i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*out++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*out++ = (char)('0' + b[i] / 10 % 10);
		*out++ = (char)('0' + b[i] % 10);
		*out++ = i < 3 ? '.' : '\0';
	}
}

static void
httpd_client(struct MHD_Connection *c, struct request *rq)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	/* 16 bytes, "255.255.255.255" and its NUL, fit in rq->client. */
	if (sa->sa_family == AF_INET)
		httpd_ipv4(&((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, rq->client);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr, rq->client,
		    sizeof(rq->client));
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
	struct MHD_Response *kept;
	struct memo_ask ask;
	struct request *rq;
	struct response rs;
	size_t len;

	(void)cls;
	if (st == NULL)
		return MHD_NO;
	rq = &st->rq;
	if (!st->started) {
		st->started = true;
		/* This thread's lines are gathered: httpd_serve() flushes
		 * them. Out of memory, they go out one by one. */
		(void)log_gather();
		if ((rq->method_name = arena_strdup(rq->arena, method)) == NULL)
			return MHD_NO;
		rq->method = request_method(method);
		/* Before the checks: a streamed upload's session is read
		 * and judged fresh or not now (app_body_limit), and a
		 * refusal's access line names its client. */
		httpd_client(c, rq);
		rq->now = time(NULL);
		if (st->refuse == 0)
			st->refuse = httpd_request_check(st, c, url, method,
			    version);
		if (st->refuse != 0) {
			httpd_deadline_phase(c, HTTPD_ANSWER);
			return httpd_refuse(c, st);
		}
		httpd_deadline_phase(c, HTTPD_BODY);
		return MHD_YES;
	}
	if (*upload_size != 0) {
		httpd_deadline_read(c, *upload_size);
		if (httpd_request_body(st, upload, *upload_size) == -1)
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	httpd_deadline_phase(c, HTTPD_ANSWER);
	if (st->refuse != 0)
		return httpd_refuse(c, st);

	if (!st->stream) {
		rq->body = st->body.data != NULL ? st->body.data : "";
		rq->body_len = st->body.len;
	}
	rq->https = false;
	rq->now = time(NULL);
	if ((kept = httpd_memo_page(rq, &ask, &len)) != NULL)
		return httpd_send_kept(c, st, kept, len);
	response_init(&rs);
	app_handle(rq, &rs);
	return httpd_send(c, st, &rs, false, &ask);
}

/* The request on c was answered (or its connection closed): the next
 * request's header is due from now. */
static void
httpd_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	httpd_deadline_phase(c, HTTPD_HEADER);
	httpd_request_done(cls, c, con_cls, toe);
}

/*
 * Room for want connections: the soft limit on descriptors raised to the
 * hard one (Debian's soft 1024 would stop at about a thousand), and the
 * connection limit lowered, with a warning, when even that is too few.
 * Returns the connection limit to use.
 */
static unsigned int
httpd_fd_room(unsigned int want)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)want + HTTPD_FD_RESERVE;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return want;
	if (rl.rlim_cur < need && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1 &&
		    getrlimit(RLIMIT_NOFILE, &rl) == -1)
			return want;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return want;
	if (rl.rlim_cur <= 2 * HTTPD_FD_RESERVE)
		want = HTTPD_FD_RESERVE;
	else
		want = (unsigned int)(rl.rlim_cur - HTTPD_FD_RESERVE);
	log_error("serve: only %llu file descriptors (RLIMIT_NOFILE): "
	    "connection_limit lowered to %u", (unsigned long long)rl.rlim_cur,
	    want);
	return want;
}

/*
 * Binds and listens on listen_on. Done here rather than by libmicrohttpd,
 * whose address-reuse option also sets SO_REUSEPORT: a second server on
 * the same port must fail, not share the traffic.
 */
static int
httpd_listen(const char *listen_on)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int fd;

	if (netaddr_parse(listen_on, &ss, &sslen) == -1) {
		fprintf(stderr, "waypoint serve: %s: expected HOST:PORT with a "
		    "numeric IPv4 address or [IPv6] address\n", listen_on);
		return -1;
	}
	if ((fd = netaddr_listen(&ss, sslen)) == -1)
		fprintf(stderr, "waypoint serve: cannot listen on %s: %s\n",
		    listen_on, strerror(errno));
	return fd;
}

int
httpd_serve(const struct config *cfg)
{
	static const struct timespec flush_every = { 0, HTTPD_LOG_FLUSH_NS };
	struct MHD_Daemon *d;
	struct httpd_deadline *w;
	sigset_t sigs, old;
	unsigned int threads, flags, limit;
	long cores;
	int fd, sig;

	if (cfg->threads > 0)
		threads = (unsigned int)cfg->threads;
	else {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 2 ? (unsigned int)cores : 2;
	}
	app_workers(threads);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
	    (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ?
	    MHD_USE_EPOLL : MHD_USE_AUTO);

	limit = httpd_fd_room((unsigned int)cfg->connection_limit);

	if ((fd = httpd_listen(cfg->listen)) == -1)
		return -1;
	/* Block the signals before libmicrohttpd's threads start, so that
	 * they inherit the mask and only sigwait() below sees them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);

	if ((w = httpd_deadline_start((unsigned int)cfg->timeout)) == NULL) {
		close(fd);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	__atomic_store_n(&httpd_starting, true, __ATOMIC_RELAXED);
	d = MHD_start_daemon(flags, 0, NULL, NULL, httpd_access, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, httpd_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->timeout,
	    MHD_OPTION_CONNECTION_LIMIT, limit,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_ip_limit,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTPD_MEMORY_LIMIT,
	    /* Not 1: that refuses a space in the target by dropping the
	     * connection without an answer; httpd_request_check() answers
	     * 400. */
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)0,
	    MHD_OPTION_URI_LOG_CALLBACK, httpd_request_new, NULL,
	    MHD_OPTION_UNESCAPE_CALLBACK, httpd_unescape, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, httpd_done, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, httpd_deadline_notify, w,
	    MHD_OPTION_END);
	__atomic_store_n(&httpd_starting, false, __ATOMIC_RELAXED);
	if (d == NULL) {
		fprintf(stderr, "waypoint serve: cannot start the server on "
		    "%s\n", cfg->listen);
		close(fd);
		httpd_deadline_stop(w);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	log_info("serving http://%s/ with %u threads", cfg->listen, threads);
	resident_drop_file_pages();

	/* SIGHUP reloads the log file and templates; the others stop. In
	 * between, the threads' access lines (gathered: httpd_access) go
	 * out every HTTPD_LOG_FLUSH_NS. */
	for (;;) {
		sig = sigtimedwait(&sigs, NULL, &flush_every);
		log_flush();
		if (sig == -1)
			continue;
		if (sig != SIGHUP)
			break;
		app_reload();
		resident_drop_file_pages();
	}
	log_info("stopping on signal %d", sig);
	MHD_stop_daemon(d);
	log_flush();
	httpd_deadline_stop(w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}
