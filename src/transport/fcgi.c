/* fcgi.c: the FastCGI transport: in each worker process, threads that
 * accept on the shared listening socket with libfcgi (no accept mutex:
 * PITFALLS), turn the parameters and body into a struct request, and write
 * the struct response back. The supervisor (supervisor.c) runs the
 * workers. */
#include <sys/resource.h>
#include <sys/select.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/heap.h"
#include "lib/log.h"
#include "lib/resident.h"
#include "request.h"
#include "response.h"
#include "spool.h"
#include "transport/access_log.h"
#include "transport/fcgi.h"
#include "transport/supervisor.h"

/* Parameters of one request, and their bytes, beyond the HTTP_* headers
 * that REQUEST_HEADER_COUNT and REQUEST_HEADERS_MAX bound: nginx's
 * fastcgi_params sends about 20, and the URI travels up to four times
 * (REQUEST_URI, DOCUMENT_URI, SCRIPT_NAME, QUERY_STRING). Past them: 431. */
#define FCGI_PARAMS_MAX		(REQUEST_HEADER_COUNT + 64)
#define FCGI_PARAMS_BYTES	(REQUEST_HEADERS_MAX + \
				    4 * REQUEST_TARGET_MAX + 8192)
#define FCGI_NAME_MAX		256	/* a header name; longer: 400 */
#define FCGI_METHOD_MAX		32
/* Wakes a thread blocked in accept() when the worker stops. */
#define FCGI_WAKE_SIGNAL	SIGUSR2
/* 64 KiB: the piece of a streamed body copied at a time from libfcgi to
 * its file. */
#define FCGI_SPOOL_PIECE	(64 * 1024)
/* Pause after an accept error that may pass (out of descriptors). */
#define FCGI_RETRY_NS		100000000L

struct worker {
	const struct config	*cfg;
	int			 fd;
	int			 nthreads;
};

struct thread {
	pthread_t	 tid;
	const struct config *cfg;
	int		 fd;
	atomic_bool	 done;
};

/* One worker per process: set once by the worker's main thread. */
static atomic_bool stopping;

static void
on_wake(int sig)
{
	(void)sig;
}

/* A header value from nginx holds no control byte but tab. */
static bool
value_ok(const char *v)
{
	for (; *v != '\0'; v++)
		if (((unsigned char)*v < 0x20 && *v != '\t') || *v == 0x7f)
			return false;
	return true;
}

static const char *
param(FCGX_ParamArray envp, const char *name)
{
	return FCGX_GetParam(name, envp);
}

/* The method, validated as an HTTP token. Returns 0 or 400. */
static int
map_method(struct request *rq, const char *m)
{
	size_t i;

	if (m == NULL || *m == '\0')
		return 400;
	for (i = 0; m[i] != '\0'; i++)
		if (i >= FCGI_METHOD_MAX || !request_tchar((unsigned char)m[i]))
			return 400;
	if ((rq->method_name = arena_strdup(rq->arena, m)) == NULL)
		return 500;
	rq->method = request_method(m);
	return 0;
}

/* The client address, as text: visible ASCII only, cut to fit. */
static void
map_client(struct request *rq, const char *addr)
{
	size_t i;

	for (i = 0; addr != NULL && addr[i] != '\0' &&
	    i < sizeof(rq->client) - 1; i++)
		rq->client[i] = (unsigned char)addr[i] > 0x20 &&
		    (unsigned char)addr[i] < 0x7f ? addr[i] : '?';
	rq->client[i] = '\0';
}

/* The target from REQUEST_URI (nginx's $request_uri: raw, as the client
 * sent it), else from DOCUMENT_URI, which nginx has already decoded: it is
 * escaped again so that request_set_target decodes it exactly once. */
static int
map_target(struct request *rq, FCGX_ParamArray envp)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *uri = param(envp, "REQUEST_URI");
	const char *doc, *qs;
	unsigned char c;
	size_t len, qlen, i;
	char *t, *p;

	if (uri != NULL && *uri != '\0')
		return request_set_target(rq, uri);
	if ((doc = param(envp, "DOCUMENT_URI")) == NULL || *doc == '\0')
		return 400;
	qs = param(envp, "QUERY_STRING");
	len = strnlen(doc, REQUEST_TARGET_MAX + 1);
	qlen = qs != NULL ? strnlen(qs, REQUEST_TARGET_MAX + 1) : 0;
	if (len + qlen > REQUEST_TARGET_MAX)
		return 414;
	if ((t = arena_alloc(rq->arena, 3 * len + qlen + 2)) == NULL)
		return 500;
	for (p = t, i = 0; i < len; i++) {
		c = (unsigned char)doc[i];
		if (c <= 0x20 || c >= 0x7f || c == '%' || c == '?' ||
		    c == '#') {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else
			*p++ = (char)c;
	}
	if (qlen > 0) {
		*p++ = '?';
		memcpy(p, qs, qlen);
		p += qlen;
	}
	*p = '\0';
	return request_set_target(rq, t);
}

/* The Host header: value, with nginx's port (SERVER_PORT, port) when it
 * has none. Debian's fastcgi_params sends HTTP_HOST as $host, which drops
 * the port the browser named: a site whose host names a port would never
 * match. NULL when out of memory. */
static const char *
host_with_port(struct request *rq, const char *value, const char *port)
{
	size_t n = port != NULL ? strspn(port, "0123456789") : 0;

	if (strchr(value, ':') != NULL || *value == '\0' || n == 0 ||
	    n > 5 || port[n] != '\0')
		return value;
	return arena_printf(rq->arena, "%s:%s", value, port);
}

/* HTTP_USER_AGENT=x becomes the header user-agent: x (the host with port,
 * nginx's when it sent none). Returns 0, 400 for a name or value nginx
 * would never send, 431 past the limits, 500 when out of memory. */
static int
map_header(struct request *rq, const char *nv, size_t *bytes,
    const char *port)
{
	const char *value;
	const char *eq = strchr(nv, '='), *n = nv + 5;
	char name[FCGI_NAME_MAX + 1];
	size_t len, i;

	if (eq == NULL || eq == n || (len = (size_t)(eq - n)) > FCGI_NAME_MAX)
		return 400;
	/* nginx sends the body's length and type as CONTENT_*. */
	if ((len == 14 && strncmp(n, "CONTENT_LENGTH", 14) == 0) ||
	    (len == 12 && strncmp(n, "CONTENT_TYPE", 12) == 0))
		return 0;
	for (i = 0; i < len; i++) {
		if (n[i] == '_')
			name[i] = '-';
		else if ((n[i] >= 'A' && n[i] <= 'Z') ||
		    (n[i] >= '0' && n[i] <= '9'))
			name[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ?
			    n[i] - 'A' + 'a' : n[i]);
		else
			return 400;
	}
	name[len] = '\0';
	if (!value_ok(eq + 1))
		return 400;
	/* As an HTTP header line: "name: value\r\n". */
	*bytes += len + strlen(eq + 1) + 4;
	if (*bytes > REQUEST_HEADERS_MAX)
		return 431;
	value = eq + 1;
	if (strcmp(name, "host") == 0 &&
	    (value = host_with_port(rq, value, port)) == NULL)
		return 500;
	return request_add_header(rq, name, value);
}

/* Everything but the body. Returns 0 or an HTTP status for app_error. */
static int
map_request(struct request *rq, FCGX_ParamArray envp)
{
	const char *https, *ct, *cl;
	size_t n = 0, bytes = 0, hbytes = 0;
	char **p;
	int st;

	for (p = envp; *p != NULL; p++) {
		n++;
		bytes += strlen(*p);
	}
	map_client(rq, param(envp, "REMOTE_ADDR"));
	https = param(envp, "HTTPS");
	rq->https = https != NULL && strcasecmp(https, "on") == 0;
	if (n > FCGI_PARAMS_MAX)
		return 431;
	if ((st = map_method(rq, param(envp, "REQUEST_METHOD"))) != 0 ||
	    (st = map_target(rq, envp)) != 0)
		return st;
	if (bytes > FCGI_PARAMS_BYTES)
		return 431;
	for (p = envp; *p != NULL; p++)
		if (strncmp(*p, "HTTP_", 5) == 0 &&
		    (st = map_header(rq, *p, &hbytes,
		    param(envp, "SERVER_PORT"))) != 0)
			return st;
	if ((ct = param(envp, "CONTENT_TYPE")) != NULL && *ct != '\0') {
		if (!value_ok(ct))
			return 400;
		if ((st = request_add_header(rq, "content-type", ct)) != 0)
			return st;
	}
	if ((cl = param(envp, "CONTENT_LENGTH")) != NULL && *cl != '\0' &&
	    (st = request_add_header(rq, "content-length", cl)) != 0)
		return st;
	return 0;
}

/* Copies len bytes of body from in to a spooled file (spool.h). Returns 0,
 * 400 for a body cut short or 500. */
static int
spool_body(struct request *rq, FCGX_Stream *in, size_t len,
    const char *dir)
{
	char *piece;
	size_t want;
	int n;

	if ((piece = arena_alloc(rq->arena, FCGI_SPOOL_PIECE)) == NULL ||
	    spool_open(rq, dir) == -1)
		return 500;
	while (rq->body_len < len) {
		want = len - rq->body_len < FCGI_SPOOL_PIECE ?
		    len - rq->body_len : FCGI_SPOOL_PIECE;
		if ((n = FCGX_GetStr(piece, (int)want, in)) <= 0)
			return 400;
		if (spool_write(rq, piece, (size_t)n) == -1)
			return 500;
	}
	return 0;
}

/* Reads exactly CONTENT_LENGTH bytes of body (anything after them is
 * ignored), whole or to a file as the route asks (app_body_limit).
 * Returns 0, 400 for a bad length or a body cut short, 413 past the
 * route's limit (without reading it) or 500. */
static int
read_body(struct request *rq, FCGX_ParamArray envp, FCGX_Stream *in,
    const struct config *cfg)
{
	const char *cl = param(envp, "CONTENT_LENGTH");
	size_t len = 0, got = 0, max;
	bool stream;
	char *body;
	int n;

	if (cl == NULL || *cl == '\0')
		return 0;
	max = app_body_limit(rq, &stream);
	for (; *cl != '\0'; cl++) {
		if (*cl < '0' || *cl > '9')
			return 400;
		len = len * 10 + (size_t)(*cl - '0');
		if (len > max)
			return 413;
	}
	if (len == 0)
		return 0;
	if (stream)
		return spool_body(rq, in, len, cfg->spool_dir);
	if ((body = arena_alloc(rq->arena, len + 1)) == NULL)
		return 500;
	while (got < len &&
	    (n = FCGX_GetStr(body + got, (int)(len - got), in)) > 0)
		got += (size_t)n;
	if (got < len)
		return 400;
	body[len] = '\0';
	rq->body = body;
	rq->body_len = len;
	return 0;
}

static bool
put(FCGX_Stream *out, const char *s, size_t len)
{
	return len == 0 || FCGX_PutStr(s, (int)len, out) == (int)len;
}

static bool
put_s(FCGX_Stream *out, const char *s)
{
	return put(out, s, strlen(s));
}

/* 64 KiB: a file body goes out in pieces of this size, read from disk
 * as the peer takes them (pread: the offset is the response's own). */
#define FILE_PIECE	65536

/* Writes len bytes of file fd from offset. Returns the bytes written;
 * stops at a read error (logged) or when the peer has gone. */
static size_t
put_file(FCGX_Stream *out, int fd, uint64_t offset, uint64_t len)
{
	char piece[FILE_PIECE];
	uint64_t off;
	ssize_t n;
	size_t want;

	for (off = 0; off < len; off += (uint64_t)n) {
		want = len - off < FILE_PIECE ? (size_t)(len - off) :
		    FILE_PIECE;
		n = pread(fd, piece, want, (off_t)(offset + off));
		if (n <= 0) {
			/* Shorter than its stat said: the peer sees a
			 * body cut short, as Content-Length tells it. */
			log_error("file body: %s", n == 0 ? "ends early" :
			    strerror(errno));
			break;
		}
		if (!put(out, piece, (size_t)n))
			break;
	}
	return (size_t)off;
}

/* Writes status, headers, Content-Length and (unless HEAD) the body.
 * Returns the body bytes written; stops quietly when the peer has gone. */
static size_t
write_response(FCGX_Stream *out, const struct request *rq,
    const struct response *rs)
{
	const struct response_header *h;
	const char *body;
	char line[96];
	size_t len, off, chunk;
	bool ok, bodyless = rs->status == 204 || rs->status == 304 ||
	    rs->status < 200;

	body = response_body(rs, &len);
	snprintf(line, sizeof(line), "Status: %d %s\r\n", rs->status,
	    response_reason(rs->status));
	ok = put_s(out, line);
	for (h = rs->headers; ok && h < rs->headers + rs->nheaders; h++) {
		/* The length is ours to give; Status would be read by nginx
		 * as the status; a CR or LF would split the header block. */
		if (strcasecmp(h->name, "Content-Length") == 0 ||
		    strcasecmp(h->name, "Status") == 0 ||
		    strpbrk(h->name, "\r\n:") != NULL ||
		    strpbrk(h->value, "\r\n") != NULL)
			continue;
		ok = put_s(out, h->name) && put(out, ": ", 2) &&
		    put_s(out, h->value) && put(out, "\r\n", 2);
	}
	if (ok && !bodyless) {
		snprintf(line, sizeof(line), "Content-Length: %llu\r\n",
		    (unsigned long long)response_body_len(rs));
		ok = put_s(out, line);
	}
	ok = ok && put(out, "\r\n", 2);
	if (!ok || bodyless || rs->head || rq->method == METHOD_HEAD)
		return 0;
	if (rs->file_fd != -1)
		return put_file(out, rs->file_fd, rs->file_offset,
		    rs->file_len);
	/* FCGX_PutStr takes an int: 1 MiB at a time. */
	for (off = 0; off < len; off += chunk) {
		chunk = len - off < (1 << 20) ? len - off : (1 << 20);
		if (!put(out, body + off, chunk))
			break;
	}
	return off;
}

static long
usec_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000000L +
	    (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/* For the access log of a refused request: the target as received, when
 * it could not be set (request_set_target keeps it only when valid). */
static void
keep_raw_target(struct request *rq, FCGX_ParamArray envp)
{
	const char *t = param(envp, "REQUEST_URI"), *kept;

	if (*rq->target != '\0')
		return;
	if (t == NULL || *t == '\0')
		t = param(envp, "DOCUMENT_URI");
	if (t != NULL && (kept = arena_strndup(rq->arena, t,
	    strnlen(t, REQUEST_TARGET_MAX))) != NULL)
		rq->target = kept;
}

/* Answers the request libfcgi has just accepted, then finishes it. */
static void
serve_one(FCGX_Request *req, struct arena *a, const struct config *cfg)
{
	struct request rq;
	struct response rs;
	struct timespec t0;
	size_t bytes;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	request_init(&rq, a);
	response_init(&rs);
	rq.now = time(NULL);
	if ((status = map_request(&rq, req->envp)) == 0)
		status = read_body(&rq, req->envp, req->in, cfg);
	if (status == 0)
		app_handle(&rq, &rs);
	else {
		keep_raw_target(&rq, req->envp);
		app_error(&rq, &rs, status);
	}
	bytes = write_response(req->out, &rq, &rs);
	FCGX_Finish_r(req);
	access_log(&rq, &rs, bytes, usec_since(&t0));
	response_free(&rs);
}

static void
pause_ns(long ns)
{
	struct timespec ts = { ns / 1000000000L, ns % 1000000000L };

	nanosleep(&ts, NULL);
}

static void *
thread_main(void *p)
{
	struct thread *t = p;
	FCGX_Request req;
	struct arena *a;
	sigset_t wake;
	int rc, last = 0;

	sigemptyset(&wake);
	sigaddset(&wake, FCGI_WAKE_SIGNAL);
	if ((a = arena_new()) == NULL ||
	    FCGX_InitRequest(&req, t->fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_error("fcgi: a thread could not start: out of memory");
		arena_free(a);
		atomic_store(&t->done, true);
		return NULL;
	}
	while (!atomic_load(&stopping)) {
		/* Only here may the wake-up signal interrupt: while a request
		 * is answered it waits, so no read or write of libfcgi's
		 * (which do not retry on EINTR) is ever cut short. */
		pthread_sigmask(SIG_UNBLOCK, &wake, NULL);
		rc = FCGX_Accept_r(&req);
		pthread_sigmask(SIG_BLOCK, &wake, NULL);
		if (rc < 0) {
			if (atomic_load(&stopping) || rc == -EINTR)
				continue;
			if (rc != last)
				log_error("fcgi: accept: %s", rc > -4096 ?
				    strerror(-rc) : "libfcgi error");
			last = rc;
			/* Out of descriptors or memory may pass; anything
			 * else is retried slowly. */
			pause_ns(rc == -EMFILE || rc == -ENFILE ||
			    rc == -ENOBUFS || rc == -ENOMEM ? FCGI_RETRY_NS :
			    10 * FCGI_RETRY_NS);
			continue;
		}
		last = 0;
		serve_one(&req, a, t->cfg);
		arena_reset(a);
	}
	FCGX_Free(&req, 1);
	arena_free(a);
	atomic_store(&t->done, true);
	return NULL;
}

/* Asks every thread to stop and waits for them: those in accept() are
 * woken by the signal (again and again, since one that arrives just before
 * accept() is lost); those answering a request finish it first. */
static void
stop_threads(struct thread *threads, int n)
{
	int i, left;

	atomic_store(&stopping, true);
	FCGX_ShutdownPending();
	do {
		left = 0;
		for (i = 0; i < n; i++)
			if (!atomic_load(&threads[i].done)) {
				left++;
				pthread_kill(threads[i].tid, FCGI_WAKE_SIGNAL);
			}
		if (left > 0)
			pause_ns(FCGI_RETRY_NS / 5);
	} while (left > 0);
	for (i = 0; i < n; i++)
		pthread_join(threads[i].tid, NULL);
}

/* libfcgi passes accepted descriptors to select(): none may reach
 * FD_SETSIZE, so the worker may open no more. */
static void
limit_descriptors(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > FD_SETSIZE)) {
		rl.rlim_cur = FD_SETSIZE;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* One worker process: the threads, then signals until told to stop. */
static int
worker_main(void *arg)
{
	const struct worker *w = arg;
	struct thread *threads;
	struct sigaction sa;
	sigset_t set;
	int i, n = 0, sig;

	heap_tune();
	/* Waypoint's own signal handling comes before FCGX_Init, which
	 * puts its handlers (SIGTERM: a flag no thread would see) wherever
	 * none is set. Every thread blocks these signals: this one takes
	 * them with sigwait, and the wake-up signal is let through only
	 * around accept. */
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_wake;	/* no SA_RESTART: accept() must end */
	sigemptyset(&set);
	sigaddset(&set, FCGI_WAKE_SIGNAL);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigaction(FCGI_WAKE_SIGNAL, &sa, NULL) == -1 ||
	    sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGHUP, &sa, NULL) == -1 ||
	    pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 || FCGX_Init() != 0) {
		log_error("fcgi: worker %ld cannot start", (long)getpid());
		return 1;
	}
	limit_descriptors();
	app_workers((unsigned)w->nthreads);
	if ((threads = calloc((size_t)w->nthreads, sizeof(*threads))) == NULL)
		return 1;
	for (i = 0; i < w->nthreads; i++) {
		threads[n].fd = w->fd;
		threads[n].cfg = w->cfg;
		atomic_init(&threads[n].done, false);
		if (pthread_create(&threads[n].tid, NULL, thread_main,
		    &threads[n]) != 0) {
			log_error("fcgi: worker %ld: cannot start thread %d of "
			    "%d", (long)getpid(), i + 1, w->nthreads);
			continue;
		}
		n++;
	}
	if (n == 0) {
		free(threads);
		return 1;
	}
	supervisor_ready();
	resident_drop_file_pages();
	heap_trim_start();
	sigdelset(&set, FCGI_WAKE_SIGNAL);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		app_reload();
		resident_drop_file_pages();
	}
	heap_trim_stop();
	stop_threads(threads, n);
	free(threads);
	app_fini();
	return 0;
}

int
fcgi_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 2)
		return 2;
	return n > FCGI_THREADS_MAX ? FCGI_THREADS_MAX : (int)n;
}

int
fcgi_serve(const struct config *cfg, int listen_fd, int processes,
    int threads)
{
	struct worker w = { cfg, listen_fd, threads };
	struct supervisor sv = { processes, worker_main, &w, cfg->log_file };

	if (threads < 1 || threads > FCGI_THREADS_MAX)
		return -1;
	return supervisor_run(&sv);
}
