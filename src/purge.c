/* purge.c: the purge thread. It asks nginx's purge location
 * (conf/nginx-cache.conf) to drop each queued path, over one kept HTTP/1.1
 * connection, and retries a batch that failed with a growing pause. */
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "lib/log.h"
#include "purge.h"

/* 8 tries, 0.1 s apart at first, doubling up to 5 s: about 16 s in all,
 * after which s-maxage bounds how long nginx keeps the old pages. */
#define PURGE_TRIES		8
#define PURGE_PAUSE_MS		100
#define PURGE_PAUSE_MAX_MS	5000
/* 2 s: a loopback nginx answers a purge in well under a millisecond. */
#define PURGE_TIMEOUT_S		2
/* 256: a host name (253) and its brackets; 512: purge_url's path. */
#define PURGE_HOST_MAX		256
#define PURGE_PATH_MAX		512
#define PURGE_HEAD_MAX		4096
/* One purge request at most: the method, the path twice over (prefix and
 * page) and the host. */
#define PURGE_REQ_MAX		(PURGE_HOST_MAX + 2 * PURGE_PATH_MAX + 64)
/* Purges that go out in one write before their answers are read: nginx
 * answers a pipeline in order, and 64 answers (some 20 kB) fit in the
 * socket's buffer while it reads on. One at a time, each took some 60 us
 * of round trip. */
#define PURGE_PIPELINE		64
/* The hosts a site's copies are kept under: base_url's and its own. */
#define PURGE_HOSTS		(CONFIG_HOSTS_MAX + 1)
/* Paths sent from a batch before the next batch's turn: a publish's few
 * purges do not wait behind a change to everything. */
#define PURGE_SLICE		256

/* One change's paths, for one site. */
struct batch {
	struct batch	*next;
	char		 server[PURGE_HOST_MAX];	/* purge_url's host */
	char		 port[8];
	char		 hosts[PURGE_HOSTS][PURGE_HOST_MAX]; /* base_url's
					   first, then the site's others */
	unsigned	 nhosts;
	char		 prefix[PURGE_PATH_MAX];	/* purge_url's path */
	bool		 https;		/* base_url's scheme: its copies first */
	char		*paths;		/* NUL-separated */
	size_t		 len, n;
	size_t		 done;		/* offset of the next to send */
	size_t		 part;		/* its copies purged already */
	int		 tries;		/* failures since its last progress */
	int		 retries;	/* failures in all, for the log */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct batch *head, *tail;
static size_t queued;		/* paths in the queue */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool started;

/* Copies the host of url (after "scheme://": a name, or an [IPv6]
 * address) lower-cased into host, its port into port ("80" when none)
 * and the rest of its path, less trailing slashes, into path. Returns 0,
 * or -1 when a part does not fit. */
static int
split_url(const char *url, char *host, char *port, char *path)
{
	const char *h = strstr(url, "://"), *e, *p;
	size_t len, i;

	if (h == NULL)
		return -1;
	h += 3;
	e = *h == '[' ? strchr(h, ']') : h + strcspn(h, ":/");
	if (e == NULL)
		return -1;
	if (*h == '[')
		e++;
	if ((len = (size_t)(e - h)) == 0 || len >= PURGE_HOST_MAX)
		return -1;
	for (i = 0; i < len; i++)
		host[i] = (char)tolower((unsigned char)h[i]);
	host[len] = '\0';
	strcpy(port, "80");
	if (*e == ':') {
		len = strspn(e + 1, "0123456789");
		if (len == 0 || len > 5)
			return -1;
		memcpy(port, e + 1, len);
		port[len] = '\0';
		e += 1 + len;
	}
	p = e + strlen(e);
	while (p > e && p[-1] == '/')
		p--;
	if ((size_t)(p - e) >= PURGE_PATH_MAX)
		return -1;
	memcpy(path, e, (size_t)(p - e));
	path[p - e] = '\0';
	return 0;
}

/* Sleeps ms milliseconds. */
static void
pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A connection to b's purge server with PURGE_TIMEOUT_S on each read,
 * write and the connect; -1 (why in *err) when there is none. */
static int
dial(const struct batch *b, const char **err)
{
	struct addrinfo hints = { 0 }, *res, *ai;
	struct timeval tv = { PURGE_TIMEOUT_S, 0 };
	int fd = -1, rc;

	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(b->server, b->port, &hints, &res)) != 0) {
		*err = gai_strerror(rc);
		return -1;
	}
	*err = "no address";
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		*err = strerror(errno);
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* Sends all of s. Returns 0, or -1. */
static int
send_all(int fd, const char *s, size_t len)
{
	ssize_t w;

	while (len > 0) {
		if ((w = send(fd, s, len, MSG_NOSIGNAL)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

/* What was read from a connection and not yet taken: the answers after
 * the one being read, when requests went out pipelined. */
struct reader {
	int	 fd;
	size_t	 len;
	char	 buf[PURGE_HEAD_MAX + 1];
};

/* Reads one answer from r: its status, or -1 when the connection failed.
 * *keep says whether the connection may carry more; what follows the
 * answer stays in r. */
static int
read_answer(struct reader *r, bool *keep)
{
	char *end, *cl, *line;
	size_t body, used, take;
	ssize_t got;
	int status;

	*keep = false;
	for (;;) {
		r->buf[r->len] = '\0';
		if ((end = strstr(r->buf, "\r\n\r\n")) != NULL)
			break;
		if (r->len == PURGE_HEAD_MAX)
			return -1;
		if ((got = recv(r->fd, r->buf + r->len, PURGE_HEAD_MAX - r->len,
		    0)) <= 0) {
			if (got == -1 && errno == EINTR)
				continue;
			return -1;
		}
		r->len += (size_t)got;
	}
	if (sscanf(r->buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	*end = '\0';
	body = 0;
	*keep = true;
	for (line = strstr(r->buf, "\r\n"); line != NULL;
	    line = strstr(line + 2, "\r\n")) {
		cl = line + 2;
		if (strncasecmp(cl, "Content-Length:", 15) == 0)
			body = strtoul(cl + 15, NULL, 10);
		else if (strncasecmp(cl, "Connection:", 11) == 0 &&
		    strcasestr(cl, "close") != NULL)
			*keep = false;
	}
	/* The head and the body (nginx's short page) are dropped. */
	used = (size_t)(end + 4 - r->buf);
	for (;;) {
		take = r->len - used < body ? r->len - used : body;
		used += take;
		body -= take;
		memmove(r->buf, r->buf + used, r->len - used);
		r->len -= used;
		used = 0;
		if (body == 0)
			return status;
		if ((got = recv(r->fd, r->buf, PURGE_HEAD_MAX, 0)) <= 0) {
			if (got == -1 && errno == EINTR)
				continue;
			return -1;
		}
		r->len = (size_t)got;
	}
}

/* The copies nginx keeps of a page under one host (conf/nginx-cache.conf's
 * key): for each scheme, as nginx.conf serves HTTPS beside HTTP, for
 * clients that take gzip and for those that do not; base_url's scheme
 * first. */
#define VARIANTS	4
static const char *const variant[2][VARIANTS] = {
	{ "http/gz", "http/id", "https/gz", "https/id" },
	{ "https/gz", "https/id", "http/gz", "http/id" },
};

/* Purges PURGE_SLICE paths of b (or fewer, at its end) from b->done on,
 * each copy of each (VARIANTS under each host), PURGE_PIPELINE requests
 * in one write before their answers are read. Returns 0 when each was
 * purged or not cached, else -1 with why in *err, b->done and b->part at
 * the first not done. */
static int
send_batch(struct batch *b, const char **err)
{
	/* Static: only the purge thread sends. */
	static char out[PURGE_PIPELINE * PURGE_REQ_MAX];
	struct reader r;
	/* Where b is once answer i is in: b->done nv times over, plus the
	 * copies of that path done, so that each answer is progress even on
	 * a connection nginx closes after every one. */
	size_t ends[PURGE_PIPELINE], nv = (size_t)VARIANTS * b->nhosts;
	size_t sent = 0, len, at, next, nreq, i, c;
	const char *path;
	int status, n;
	bool keep = true;

	r.fd = -1;
	r.len = 0;
	while (b->done < b->len && sent < PURGE_SLICE) {
		len = nreq = 0;
		at = b->done;
		c = b->part;
		while (at < b->len && nreq < PURGE_PIPELINE &&
		    sent < PURGE_SLICE) {
			path = b->paths + at;
			next = at + strlen(path) + 1;
			n = snprintf(out + len, PURGE_REQ_MAX, "GET %s/%s%s "
			    "HTTP/1.1\r\nHost: %s\r\n\r\n", b->prefix,
			    variant[b->https][c % VARIANTS], path,
			    b->hosts[c / VARIANTS]);
			/* Too long for a key: the path is skipped. */
			if (n < 0 || n >= PURGE_REQ_MAX) {
				at = next;
				c = 0;
				sent++;
				continue;
			}
			len += (size_t)n;
			if (++c == nv) {
				at = next;
				c = 0;
				sent++;
			}
			ends[nreq++] = nv * at + c;
		}
		if (nreq == 0) {
			b->done = at;
			b->part = 0;
			continue;
		}
		if (r.fd == -1 && (r.fd = dial(b, err)) == -1)
			return -1;
		if (send_all(r.fd, out, len) == -1) {
			*err = "connection lost";
			goto fail;
		}
		for (i = 0; i < nreq && keep; i++) {
			if ((status = read_answer(&r, &keep)) == -1) {
				*err = "connection lost";
				goto fail;
			}
			/* 404: nginx held no copy. */
			if (status != 200 && status != 404) {
				*err = status == 403 ? "403: purge location "
				    "refuses this address" : "unexpected status";
				goto fail;
			}
			b->done = ends[i] / nv;
			b->part = ends[i] % nv;
		}
		/* Closed by nginx (the rest goes again on a new one), or an
		 * answer nothing asked for. */
		if (!keep || r.len > 0) {
			close(r.fd);
			r.fd = -1;
			r.len = 0;
			keep = true;
		}
	}
	if (r.fd != -1)
		close(r.fd);
	return 0;
fail:
	close(r.fd);
	return -1;
}

/* Puts b, the head, behind the batches waiting after it. */
static void
batch_rotate(struct batch *b)
{
	pthread_mutex_lock(&lock);
	if (b->next != NULL) {
		head = b->next;
		b->next = NULL;
		tail->next = b;
		tail = b;
	}
	pthread_mutex_unlock(&lock);
}

/* Takes b off the queue and frees it. */
static void
batch_drop(struct batch *b)
{
	pthread_mutex_lock(&lock);
	head = b->next;
	if (head == NULL)
		tail = NULL;
	queued -= b->n;
	pthread_mutex_unlock(&lock);
	free(b->paths);
	free(b);
}

static void *
purge_main(void *arg)
{
	struct batch *b;
	const char *err;
	size_t done, part;
	int ms;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&lock);
		while (head == NULL)
			pthread_cond_wait(&wake, &lock);
		b = head;
		pthread_mutex_unlock(&lock);
		done = b->done;
		part = b->part;
		if (send_batch(b, &err) == 0) {
			b->tries = 0;
			if (b->done < b->len) {
				batch_rotate(b);
				continue;
			}
			log_info("purge: %s:%s: %zu pages purged (%d retries)",
			    b->server, b->port, b->n, b->retries);
			batch_drop(b);
			continue;
		}
		/* The tries are a failing nginx's, not a long batch's: a
		 * slice purged whole, or a try that purged some before it
		 * failed, starts them again. */
		if (b->done != done || b->part != part)
			b->tries = 0;
		b->retries++;
		if (++b->tries >= PURGE_TRIES) {
			log_error("purge: %s:%s: %s; gave up after %d tries, "
			    "nginx keeps the old pages until s-maxage",
			    b->server, b->port, err, b->tries);
			batch_drop(b);
			continue;
		}
		ms = PURGE_PAUSE_MS << (b->tries - 1);
		if (ms > PURGE_PAUSE_MAX_MS)
			ms = PURGE_PAUSE_MAX_MS;
		log_error("purge: %s:%s: %s; try %d of %d in %d ms",
		    b->server, b->port, err, b->tries + 1, PURGE_TRIES, ms);
		pause_ms(ms);
	}
	return NULL;
}

/* Starts the thread, with every signal blocked: the server's own threads
 * handle them. */
static void
start(void)
{
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	started = pthread_create(&t, &attr, purge_main, NULL) == 0;
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!started)
		log_error("purge: cannot start its thread");
}

/* Keeps b's first n paths (n below b->n). */
static void
batch_cut(struct batch *b, size_t n)
{
	size_t i, off = 0;

	for (i = 0; i < n; i++)
		off += strlen(b->paths + off) + 1;
	b->n = n;
	b->len = off;
}

/* The site's host names besides base_url's (a sites folder's site:
 * "www.office.example" beside "office.example"), each once, without its
 * port: nginx's $host, in the cache key, has none. */
static void
add_hosts(struct batch *b, const struct config *cfg)
{
	const char *h;
	size_t i, len;
	unsigned k;

	for (i = 0; i < cfg->nhosts && b->nhosts < PURGE_HOSTS; i++) {
		h = cfg->hosts[i];
		len = *h == '[' ? strcspn(h, "]") + 1 : strcspn(h, ":");
		if (len == 0 || len >= PURGE_HOST_MAX || len > strlen(h))
			continue;
		for (k = 0; k < b->nhosts && (strncmp(b->hosts[k], h, len) !=
		    0 || b->hosts[k][len] != '\0'); k++)
			continue;
		if (k < b->nhosts)
			continue;
		memcpy(b->hosts[b->nhosts], h, len);
		b->hosts[b->nhosts++][len] = '\0';
	}
}

int
purge_queue(const struct config *cfg, struct purge_list *l)
{
	char base_path[PURGE_PATH_MAX], port[8], path[PURGE_PATH_MAX];
	struct batch *b;
	size_t all, kept;

	if (l->n == 0 || (b = calloc(1, sizeof(*b))) == NULL)
		goto fail;
	if (split_url(cfg->purge_url, b->server, b->port, path) == -1 ||
	    split_url(cfg->base_url, b->hosts[0], port, base_path) == -1 ||
	    snprintf(b->prefix, sizeof(b->prefix), "%s", path) >=
	    (int)sizeof(b->prefix)) {
		log_error("purge: cannot read [cache] purge_url or [site] "
		    "base_url");
		free(b);
		goto fail;
	}
	b->nhosts = 1;
	add_hosts(b, cfg);
	b->https = strncmp(cfg->base_url, "https:", 6) == 0;
	b->paths = l->data;
	b->len = l->len;
	b->n = l->n;
	l->data = NULL;
	pthread_once(&once, start);
	pthread_mutex_lock(&lock);
	all = b->n;
	/* A change's first paths are the ones readers likeliest ask
	 * (purge_urls.c): a queue nearly full takes those that fit. */
	if (started && queued + b->n > PURGE_QUEUE_MAX)
		batch_cut(b, PURGE_QUEUE_MAX - queued);
	if (!started || b->n == 0) {
		pthread_mutex_unlock(&lock);
		log_error("purge: %s; %zu pages left to s-maxage", started ?
		    "queue full" : "no thread", all);
		free(b->paths);
		free(b);
		return -1;
	}
	if (tail != NULL)
		tail->next = b;
	else
		head = b;
	tail = b;
	queued += b->n;
	kept = b->n;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	if (kept < all)
		log_error("purge: queue full; the first %zu of %zu pages "
		    "queued, the others left to s-maxage", kept, all);
	return 0;
fail:
	free(l->data);
	l->data = NULL;
	return -1;
}

size_t
purge_queued(void)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = queued;
	pthread_mutex_unlock(&lock);
	return n;
}
