/* test_purge.c: unit tests of src/purge.c and src/purge_urls.c (the queue
 * of nginx's purges and one change's bound) and of the queries of slugs
 * they take (src/store/purge_rows.c), against a stand-in for
 * nginx's purge location on 127.0.0.1. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "generation.h"
#include "purge.h"
#include "purge_served.h"
#include "request.h"
#include "store/content.h"
#include "store/purge_rows.h"
#include "store_fixture.h"

/* [test] purge_deep of the site change_item() changes; 0: the default. */
static int deep_bound;

/* What the stand-in was asked, in order: room for a full queue's four
 * copies of each path (two schemes, two encodings). */
#define ASKED_MAX	(4 * PURGE_QUEUE_MAX + 64)

static struct {
	pthread_mutex_t	 lock;
	pthread_cond_t	 more;
	char		*path[ASKED_MAX];
	char		*host[ASKED_MAX];	/* its Host header's */
	size_t		 n;
	int		 fd;
	bool		 go;	/* answer: until then each request waits */
	unsigned	 close_every;	/* as keepalive_requests: 0 never */
	unsigned	 fail_every;	/* a 500 every so many requests */
	unsigned	 requests;	/* of every connection, for fail_every */
	unsigned	 fail_first_every; /* a 500 first, every so many
					   connections */
	unsigned	 conns;		/* for fail_first_every */
	int		 port;
} asked = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, { NULL },
    { NULL }, 0, -1, false, 0, 0, 0, 0, 0, 0 };

/* One connection: each request's path noted, each answered 404 (nothing
 * held), kept open as nginx does. */
static void *
serve_one(void *arg)
{
	static const char answer[] = "HTTP/1.1 404 Not Found\r\n"
	    "Content-Length: 0\r\n\r\n", last[] = "HTTP/1.1 404 Not Found"
	    "\r\nContent-Length: 9\r\nConnection: close\r\n\r\nNot found",
	    failed[] = "HTTP/1.1 500 Internal Server Error\r\n"
	    "Content-Length: 0\r\nConnection: close\r\n\r\n";
	char buf[16384], path[1024], host[300];
	const char *a, *h;
	size_t got = 0;
	unsigned answered = 0;
	ssize_t r;
	char *end;
	/* The descriptor, twice over, plus 1 when its first request fails. */
	int fd = (int)((intptr_t)arg / 2);
	bool closing, failing, fail_first = (intptr_t)arg % 2 == 1;

	for (;;) {
		buf[got] = '\0';
		while ((end = strstr(buf, "\r\n\r\n")) == NULL) {
			if (got == sizeof(buf) - 1 ||
			    (r = recv(fd, buf + got, sizeof(buf) - 1 - got,
			    0)) <= 0) {
				close(fd);
				return NULL;
			}
			got += (size_t)r;
			buf[got] = '\0';
		}
		if (sscanf(buf, "GET %1023s ", path) == 1) {
			*host = '\0';
			if ((h = strstr(buf, "\r\nHost: ")) != NULL && h < end)
				sscanf(h + 8, "%299s", host);
			pthread_mutex_lock(&asked.lock);
			if (asked.n < ASKED_MAX) {
				asked.host[asked.n] = strdup(host);
				asked.path[asked.n++] = strdup(path);
			}
			pthread_cond_broadcast(&asked.more);
			while (!asked.go)
				pthread_cond_wait(&asked.more, &asked.lock);
			closing = asked.close_every > 0 &&
			    ++answered % asked.close_every == 0;
			failing = fail_first || (asked.fail_every > 0 &&
			    ++asked.requests % asked.fail_every == 0);
			fail_first = false;
			pthread_mutex_unlock(&asked.lock);
		} else
			closing = failing = false;
		got -= (size_t)(end + 4 - buf);
		memmove(buf, end + 4, got);
		/* Closing, nginx says so and drops what came after. */
		a = failing ? failed : closing ? last : answer;
		if (send(fd, a, strlen(a), MSG_NOSIGNAL) != (ssize_t)strlen(a) ||
		    closing || failing) {
			close(fd);
			return NULL;
		}
	}
}

static void *
accept_all(void *arg)
{
	pthread_t t;
	int fd;
	bool fail_first;

	(void)arg;
	while ((fd = accept(asked.fd, NULL, NULL)) != -1) {
		pthread_mutex_lock(&asked.lock);
		fail_first = asked.fail_first_every > 0 &&
		    ++asked.conns % asked.fail_first_every == 0;
		pthread_mutex_unlock(&asked.lock);
		if (pthread_create(&t, NULL, serve_one,
		    (void *)((intptr_t)fd * 2 + fail_first)) == 0)
			pthread_detach(t);
	}
	return NULL;
}

/* Listens on a free loopback port, once; its number. */
static int
stand_in(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	pthread_t t;

	if (asked.fd != -1)
		return asked.port;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((asked.fd = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	assert_int_equal(bind(asked.fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(asked.fd, 16), 0);
	assert_int_equal(getsockname(asked.fd, (struct sockaddr *)&a, &len),
	    0);
	assert_int_equal(pthread_create(&t, NULL, accept_all, NULL), 0);
	pthread_detach(t);
	return asked.port = ntohs(a.sin_port);
}

/* cfg (zeroed) for a site whose purges go to the stand-in, at url. */
static void
stand_in_config(struct config *cfg, char *url, size_t size)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(url, size, "http://127.0.0.1:%d/purge", stand_in());
	cfg->purge_url = url;
	cfg->base_url = "http://office.example";
}

/* Waits (up to 30 s) until n requests came. */
static bool
wait_asked(size_t n)
{
	struct timespec until;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 30;
	pthread_mutex_lock(&asked.lock);
	while (asked.n < n && pthread_cond_timedwait(&asked.more, &asked.lock,
	    &until) == 0)
		;
	ok = asked.n >= n;
	pthread_mutex_unlock(&asked.lock);
	return ok;
}

/* Waits (up to 30 s) until request path came. */
static bool
wait_for(const char *path)
{
	struct timespec until;
	size_t seen = 0;
	bool found = false;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 30;
	pthread_mutex_lock(&asked.lock);
	for (;;) {
		for (; seen < asked.n && !found; seen++)
			found = strcmp(asked.path[seen], path) == 0;
		if (found || pthread_cond_timedwait(&asked.more, &asked.lock,
		    &until) != 0)
			break;
	}
	pthread_mutex_unlock(&asked.lock);
	return found;
}

/* Where path was asked first (as either copy), or -1. */
static long
asked_at(const char *path)
{
	size_t i;

	for (i = 0; i < asked.n; i++)
		if (strstr(asked.path[i], path) != NULL &&
		    strcmp(strstr(asked.path[i], path), path) == 0)
			return (long)i;
	return -1;
}

/* A change's few purges do not wait behind a big one's: queued after
 * 2,000 paths, the 3 of the next come before the first batch ends. */
static void
test_small_batch_takes_turns(void **state)
{
	struct purge_list big = { 0 }, small = { 0 };
	struct config cfg;
	char url[64], path[32];
	long first_small, last_big;
	int i;

	(void)state;
	stand_in_config(&cfg, url, sizeof(url));
	for (i = 0; i < 2000; i++) {
		snprintf(path, sizeof(path), "/news/big-%04d", i);
		purge_list_add(&big, path);
	}
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/news/small-%d", i);
		purge_list_add(&small, path);
	}
	/* Both queued before the first purge is answered, however slow
	 * this thread is beside the purge thread. */
	assert_int_equal(purge_queue(&cfg, &big), 0);
	assert_int_equal(purge_queue(&cfg, &small), 0);
	pthread_mutex_lock(&asked.lock);
	asked.go = true;
	pthread_cond_broadcast(&asked.more);
	pthread_mutex_unlock(&asked.lock);
	/* Each path four times: for each scheme, the gzip copy's key and
	 * the other's, base_url's scheme first. */
	assert_true(wait_asked(4 * 2003));
	assert_int_equal(asked.n, 4 * 2003);
	assert_string_equal(asked.path[0], "/purge/http/gz/news/big-0000");
	assert_string_equal(asked.path[3], "/purge/https/id/news/big-0000");
	first_small = asked_at("/news/small-0");
	last_big = asked_at("/news/big-1999");
	assert_true(first_small >= 0 && last_big >= 0);
	assert_true(first_small < last_big);
	/* Right after the first slice of 256 paths. */
	assert_int_equal(first_small, 4 * 256);
}

/* Queues n paths named /news/<name>-<k> with the stand-in closing the
 * connection after every close_every answers; checks that each path's
 * four copies were asked exactly once. */
static void
purge_closing(const char *name, int n, unsigned close_every)
{
	struct purge_list l = { 0 };
	struct config cfg;
	static const char *const copies[] = {
		"http/gz", "http/id", "https/gz", "https/id",
	};
	char url[64], path[64], want[96];
	size_t from, i, c, seen;
	int k;

	stand_in_config(&cfg, url, sizeof(url));
	pthread_mutex_lock(&asked.lock);
	asked.go = true;
	asked.close_every = close_every;
	from = asked.n;
	pthread_mutex_unlock(&asked.lock);
	for (k = 0; k < n; k++) {
		snprintf(path, sizeof(path), "/news/%s-%03d", name, k);
		purge_list_add(&l, path);
	}
	assert_int_equal(purge_queue(&cfg, &l), 0);
	/* The last path's last copy is asked last: every repeat would be
	 * in by then. */
	snprintf(want, sizeof(want), "/purge/https/id/news/%s-%03d", name,
	    n - 1);
	assert_true(wait_for(want));
	for (k = 0; k < n; k++) {
		snprintf(path, sizeof(path), "/news/%s-%03d", name, k);
		for (c = 0; c < 4; c++) {
			snprintf(want, sizeof(want), "/purge/%s%s", copies[c],
			    path);
			for (seen = 0, i = from; i < asked.n; i++)
				seen += strcmp(asked.path[i], want) == 0;
			assert_int_equal(seen, 1);
		}
	}
	assert_int_equal(asked.n - from, 4 * (size_t)n);
}

/* Requests go out pipelined: when the purge location closes the
 * connection after some answers (nginx's keepalive_requests), the
 * unanswered ones go again on a new one, each once; and a location that
 * closes after every answer is still served, one answer a connection. */
static void
test_closed_mid_pipeline(void **state)
{
	(void)state;
	purge_closing("closed", 300, 7);
	purge_closing("each", 20, 1);
}

/* A site of a sites folder answers under each of its host names, and
 * nginx keeps a copy under each ($host, without the port): each is
 * purged, base_url's first, each name once. */
static void
test_site_hosts(void **state)
{
	static const char *const copies[] = {
		"http/gz", "http/id", "https/gz", "https/id",
	};
	struct purge_list l = { 0 };
	struct config cfg;
	char url[64], want[96];
	size_t from, i, c, seen;
	const char *hosts[] = { "office.example", "www.office.example" };
	unsigned h;

	(void)state;
	stand_in_config(&cfg, url, sizeof(url));
	cfg.hosts[0] = "office.example";
	cfg.hosts[1] = "www.office.example:8080";
	cfg.hosts[2] = "office.example:8080";
	cfg.nhosts = 3;
	pthread_mutex_lock(&asked.lock);
	asked.go = true;
	asked.close_every = 0;
	from = asked.n;
	pthread_mutex_unlock(&asked.lock);
	purge_list_add(&l, "/news/hosts-1");
	assert_int_equal(purge_queue(&cfg, &l), 0);
	assert_true(wait_asked(from + 8));
	for (h = 0; h < 2; h++)
		for (c = 0; c < 4; c++) {
			snprintf(want, sizeof(want), "/purge/%s/news/hosts-1",
			    copies[c]);
			for (seen = 0, i = from; i < asked.n; i++)
				seen += strcmp(asked.path[i], want) == 0 &&
				    strcmp(asked.host[i], hosts[h]) == 0;
			assert_int_equal(seen, 1);
		}
	assert_string_equal(asked.host[from], "office.example");
	assert_int_equal(asked.n - from, 8);
}

/* A path's many copies (nine host names: 36) under a purge location
 * failing every fifth request: each try purges some copies of one path
 * before it fails, and that is progress that starts the tries again, so
 * the batch is purged whole rather than given up. */
static void
test_copies_progress(void **state)
{
	static char names[8][24];
	struct purge_list l = { 0 };
	struct config cfg;
	char url[64], want[96];
	size_t from, i;
	int k;

	(void)state;
	stand_in_config(&cfg, url, sizeof(url));
	for (k = 0; k < 8; k++) {
		snprintf(names[k], sizeof(names[k]), "h%d.example", k);
		cfg.hosts[k] = names[k];
	}
	cfg.nhosts = 8;
	pthread_mutex_lock(&asked.lock);
	asked.go = true;
	asked.close_every = 0;
	asked.requests = 0;
	asked.fail_every = 5;
	from = asked.n;
	pthread_mutex_unlock(&asked.lock);
	purge_list_add(&l, "/news/parts-0");
	purge_list_add(&l, "/news/parts-1");
	assert_int_equal(purge_queue(&cfg, &l), 0);
	snprintf(want, sizeof(want), "/purge/https/id/news/parts-1");
	for (;;) {
		assert_true(wait_asked(asked.n + 1));
		pthread_mutex_lock(&asked.lock);
		for (i = from; i < asked.n; i++)
			if (strcmp(asked.path[i], want) == 0 &&
			    strcmp(asked.host[i], "h7.example") == 0)
				break;
		k = i < asked.n;
		pthread_mutex_unlock(&asked.lock);
		if (k)
			break;
	}
	pthread_mutex_lock(&asked.lock);
	asked.fail_every = 0;
	pthread_mutex_unlock(&asked.lock);
}

/* A site at a long path under its host (a base_url path of 400 bytes,
 * more than a host may have) is purged all the same: the path is read
 * into room for a path. */
static void
test_long_base_path(void **state)
{
	struct purge_list l = { 0 };
	struct config cfg;
	char url[64], base[512];
	int n;

	(void)state;
	stand_in_config(&cfg, url, sizeof(url));
	n = snprintf(base, sizeof(base), "http://office.example/");
	memset(base + n, 'p', 400);
	base[n + 400] = '\0';
	cfg.base_url = base;
	pthread_mutex_lock(&asked.lock);
	asked.go = true;
	pthread_mutex_unlock(&asked.lock);
	purge_list_add(&l, "/news/long-base");
	assert_int_equal(purge_queue(&cfg, &l), 0);
	assert_true(wait_for("/purge/http/id/news/long-base"));
}

/* A long batch that meets a failure now and then, each followed by
 * progress, is purged whole: the tries (8) count failures since the last
 * progress, not over the batch's life (this one meets 10). */
static void
test_failures_apart(void **state)
{
	struct purge_list l = { 0 };
	struct config cfg;
	char url[64], path[64];
	int k;

	(void)state;
	stand_in_config(&cfg, url, sizeof(url));
	pthread_mutex_lock(&asked.lock);
	asked.go = true;
	asked.close_every = 0;
	asked.requests = 0;
	asked.fail_every = 200;
	pthread_mutex_unlock(&asked.lock);
	for (k = 0; k < 1000; k++) {
		snprintf(path, sizeof(path), "/news/apart-%04d", k);
		purge_list_add(&l, path);
	}
	assert_int_equal(purge_queue(&cfg, &l), 0);
	assert_true(wait_for("/purge/http/id/news/apart-0999"));
	/* Failing at once, on every second connection: a slice (256
	 * paths, a connection each) purged whole between them starts the
	 * count again too (3,000 paths: 12 such failures). */
	pthread_mutex_lock(&asked.lock);
	asked.fail_every = 0;
	asked.conns = 0;
	asked.fail_first_every = 2;
	pthread_mutex_unlock(&asked.lock);
	memset(&l, 0, sizeof(l));
	for (k = 0; k < 3000; k++) {
		snprintf(path, sizeof(path), "/news/first-%04d", k);
		purge_list_add(&l, path);
	}
	assert_int_equal(purge_queue(&cfg, &l), 0);
	assert_true(wait_for("/purge/http/id/news/first-2999"));
	pthread_mutex_lock(&asked.lock);
	asked.fail_first_every = 0;
	pthread_mutex_unlock(&asked.lock);
}

/* Past PURGE_CHANGE_MAX paths a change keeps its first ones and is full,
 * not failed: they are still purged. */
static void
test_change_bound(void **state)
{
	struct purge_list l = { 0 };
	char path[32];
	int i;

	(void)state;
	for (i = 0; i < PURGE_CHANGE_MAX + 5; i++) {
		snprintf(path, sizeof(path), "/news/r-%d", i);
		purge_list_add(&l, path);
	}
	assert_int_equal(l.n, PURGE_CHANGE_MAX);
	assert_true(l.full);
	assert_false(l.failed);
	assert_string_equal(l.data, "/news/r-0");
	free(l.data);
}

static int
setup(void **state)
{
	return fixture_open(state, 0);
}

/* The newest published releases, newest first: drafts left out, the
 * limit kept. */
static void
test_newest(void **state)
{
	struct fixture *f = *state;
	struct purge_row *rows;
	size_t n;

	fixture_exec(f, "INSERT INTO news (lang, slug, title, pub_date,"
	    " status, published_at) VALUES"
	    " ('en', 'old', 'Old', '2001-01-01', 'published', 978307200),"
	    " ('en', 'newest', 'Newest', '2024-01-01', 'published',"
	    " 1704067200),"
	    " ('en', 'draft', 'Draft', '2025-01-01', 'draft', 1735689600),"
	    " ('hu', 'kozepso', 'Középső', '2012-01-01', 'published',"
	    " 1325376000)");
	assert_int_equal(store_purge_newest(f->s, f->a, 2, &rows, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].kind, "news");
	assert_string_equal(rows[0].slug, "newest");
	assert_string_equal(rows[1].slug, "kozepso");
	assert_int_equal(store_purge_newest(f->s, f->a, 10, &rows, &n),
	    STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[2].slug, "old");
}

/* Releases by slug once, whatever their languages and status, up to a
 * limit; pages and the other kinds apart. */
static void
test_releases_and_others(void **state)
{
	struct fixture *f = *state;
	struct purge_row *rows;
	size_t n;

	fixture_exec(f, "INSERT INTO news (lang, slug, title, pub_date,"
	    " status, published_at) VALUES"
	    " ('en', 'shared', 'Shared', '2001-01-01', 'published', 978307200),"
	    " ('hu', 'shared', 'Közös', '2001-01-01', 'published', 978307200),"
	    " ('en', 'draft', 'Draft', '2025-01-01', 'draft', 1735689600);"
	    "INSERT INTO pages (lang, slug, title, status, published_at,"
	    " pub_date) VALUES ('en', 'about', 'About', 'published',"
	    " 978307200, '2001-01-01');"
	    "INSERT INTO entries (kind, lang, slug, title, status, pub_date,"
	    " published_at) VALUES ('event', 'en', 'fair', 'Fair', 'draft',"
	    " '2024-01-01', 1704067200)");
	assert_int_equal(store_purge_releases(f->s, f->a, 10, &rows, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].kind, "news");
	assert_string_equal(rows[0].slug, "draft");
	assert_string_equal(rows[1].slug, "shared");
	assert_int_equal(store_purge_releases(f->s, f->a, 1, &rows, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_purge_others(f->s, f->a, &rows, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].kind, "event");
	assert_string_equal(rows[0].slug, "fair");
	assert_string_equal(rows[1].kind, "page");
	assert_string_equal(rows[1].slug, "about");
}

/* Makes the change sql over f's database as an editor's write would, in
 * a one-language site whose purges go to the stand-in (answering at
 * once), and hands its purges over, the release of group at slug
 * published at `at` named first as an editor's form names it
 * (purge_item_first; NULL slug: none), its slug before it being
 * old_slug (NULL: the same). Returns how many requests came before them:
 * where asked_since finds them. */
static size_t
change_item(struct fixture *f, const char *sql, const char *slug,
    const char *old_slug, int64_t group, time_t at)
{
	struct content c = { .kind = CONTENT_NEWS, .slug = slug,
	    .group_id = group, .published_at = at }, before = c;
	struct purge_mark m;
	struct request rq;
	struct config cfg;
	char url[64], lang[] = "en";
	size_t from;

	stand_in_config(&cfg, url, sizeof(url));
	cfg.langs[0] = lang;
	cfg.nlangs = 1;
	cfg.default_lang = lang;
	cfg.test_sitemap_urls = 50000;
	cfg.test_purge_deep = deep_bound;
	pthread_mutex_lock(&asked.lock);
	asked.go = true;
	asked.close_every = 0;
	from = asked.n;
	pthread_mutex_unlock(&asked.lock);
	request_init(&rq, f->a);
	rq.cfg = &cfg;
	rq.db = f->s;
	rq.now = time(NULL);
	purge_mark(&rq, &m);
	assert_true(m.set);
	fixture_exec(f, sql);
	before.slug = old_slug;
	if (slug != NULL)
		purge_item_first(&rq, &c, old_slug != NULL ? &before : NULL);
	purge_changed(&rq, &m, 200);
	return from;
}

static size_t
change(struct fixture *f, const char *sql)
{
	return change_item(f, sql, NULL, NULL, 0, 0);
}

/* Where request path came first at or after request from, waiting for
 * it up to 30 s; -1 when it did not come. */
static long
asked_at_since(size_t from, const char *path)
{
	struct timespec until;
	long at = -1;
	size_t i = from;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 30;
	pthread_mutex_lock(&asked.lock);
	for (;;) {
		for (; i < asked.n && at < 0; i++)
			if (strcmp(asked.path[i], path) == 0)
				at = (long)i;
		if (at >= 0 || pthread_cond_timedwait(&asked.more,
		    &asked.lock, &until) != 0)
			break;
	}
	pthread_mutex_unlock(&asked.lock);
	return at;
}

/* Whether path was asked (as either copy) at or after request from. */
static bool
asked_since(size_t from, const char *path)
{
	const char *p;
	bool found = false;
	size_t i;

	pthread_mutex_lock(&asked.lock);
	for (i = from; i < asked.n && !found; i++)
		found = (p = strstr(asked.path[i], path)) != NULL &&
		    strcmp(p, path) == 0;
	pthread_mutex_unlock(&asked.lock);
	return found;
}

/* 125 releases, r-000 (group 1000, published at 978307200) to r-124
 * (group 1124, the newest): /news's pages 0 to 12. */
static void
add_releases(struct fixture *f)
{
	fixture_exec(f, "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL"
	    " SELECT k + 1 FROM i WHERE k < 124)"
	    " INSERT INTO news (lang, slug, title, pub_date, status,"
	    " published_at, group_id) SELECT 'en', printf('r-%03d', k),"
	    " 'Release', '2001-01-01', 'published', 978307200 + k, 1000 + k"
	    " FROM i");
}

/* A change to the releases purges every page of the news lists, the
 * deep ones last: a release published or taken down moves each later one
 * by a place. 125 releases: pages 0 to 12, and 13 for the one an
 * unpublish empties. */
static void
test_deep_pages(void **state)
{
	struct fixture *f = *state;
	long last_item, deep;

	add_releases(f);
	change(f, "UPDATE news SET title = 'Changed' WHERE slug = 'r-124'");
	assert_true(wait_for("/purge/http/id/api/v1/news?page=13"));
	assert_true(asked_at("/news?page=9") >= 0);
	assert_true((deep = asked_at("/news?page=10")) >= 0);
	assert_true(asked_at("/api/v1/news?page=12") >= 0);
	assert_int_equal(asked_at("/news?page=14"), -1);
	assert_true((last_item = asked_at("/news/r-124")) >= 0);
	assert_true(last_item < deep);
}

/* How many times request path came at or after request from. */
static size_t
asked_count_since(size_t from, const char *path)
{
	size_t i, n = 0;

	pthread_mutex_lock(&asked.lock);
	for (i = from; i < asked.n; i++)
		n += strcmp(asked.path[i], path) == 0;
	pthread_mutex_unlock(&asked.lock);
	return n;
}

/* A database, with the table of pages Waypoint answered (purge_served.c)
 * mapped, and unmapped after: a failed check leaves no notes and no
 * bound to the tests after it. */
static int
setup_served(void **state)
{
	if (purge_served_init() != 0)
		return -1;
	return setup(state);
}

static int
teardown_served(void **state)
{
	deep_bound = 0;
	purge_served_fini();
	return teardown(state);
}

/* Past the deep pages' bound, the deep pages Waypoint answered lately
 * are purged, from the changed release's page on: r-010 had 114 newer
 * ones, so its edit moves pages 11 to 13; a bound of 4 URLs (2 a page)
 * walks 11 and 12. Noted, 13 is purged too, 10 (above the release) is
 * not, nor 11 a second time, nor the events' page. */
static void
test_deep_pages_noted(void **state)
{
	struct fixture *f = *state;
	struct config site = { .base_url = "http://office.example" };
	size_t from;

	add_releases(f);
	purge_served_note(&site, "/news?page=13", SCOPES(SCOPE_NEWS), 13);
	purge_served_note(&site, "/api/v1/news?page=13", SCOPES(SCOPE_NEWS),
	    13);
	purge_served_note(&site, "/news?page=10", SCOPES(SCOPE_NEWS), 10);
	purge_served_note(&site, "/news?page=11", SCOPES(SCOPE_NEWS), 11);
	purge_served_note(&site, "/events?page=13", SCOPES(SCOPE_EVENT), 13);
	deep_bound = 4;
	from = change_item(f, "UPDATE news SET title = 'Edited'"
	    " WHERE slug = 'r-010'", "r-010", "r-010", 1010, 978307210);
	assert_true(asked_at_since(from,
	    "/purge/http/id/api/v1/news?page=13") >= 0);
	assert_true(asked_since(from, "/news?page=13"));
	assert_true(asked_since(from, "/api/v1/news?page=12"));
	assert_int_equal(asked_count_since(from,
	    "/purge/http/id/news?page=11"), 1);
	assert_false(asked_since(from, "/news?page=10"));
	assert_false(asked_since(from, "/events?page=13"));
}

/* A release's new slug leaves its old address a redirect: no row names
 * the old slug any more, and its page is purged as the changed item's. */
static void
test_old_slug(void **state)
{
	struct fixture *f = *state;
	size_t from;

	fixture_exec(f, "INSERT INTO news (lang, slug, title, pub_date,"
	    " status, published_at, group_id) VALUES ('en', 'old-name',"
	    " 'Named', '2001-01-01', 'published', 978307200, 3100)");
	from = change_item(f, "UPDATE news SET slug = 'new-name'"
	    " WHERE slug = 'old-name'", "new-name", "old-name", 3100,
	    978307200);
	assert_true(asked_at_since(from, "/purge/http/id/news/new-name") >= 0);
	assert_true(asked_at_since(from,
	    "/purge/http/id/api/v1/news/old-name") >= 0);
	assert_true(asked_since(from, "/news/old-name"));
}

/* An old release's edit moves the pages from its own on, not those
 * above it: r-010 had 114 newer ones, so pages 11 to 13 go and page 10
 * (beside 0 to 9, which every change purges) stays. Its unpublish changes
 * the count every page shows (the API's total, a page's "of N"): page 10
 * goes too. */
static void
test_deep_pages_from_place(void **state)
{
	struct fixture *f = *state;
	size_t from;

	add_releases(f);
	from = change_item(f, "UPDATE news SET title = 'Edited'"
	    " WHERE slug = 'r-010'", "r-010", "r-010", 1010, 978307210);
	assert_true(asked_at_since(from,
	    "/purge/http/id/api/v1/news?page=13") >= 0);
	assert_true(asked_since(from, "/news?page=11"));
	assert_true(asked_since(from, "/news?page=12"));
	assert_true(asked_since(from, "/news?page=9"));
	assert_false(asked_since(from, "/news?page=10"));
	from = change_item(f, "UPDATE news SET status = 'draft'"
	    " WHERE slug = 'r-010'", "r-010", NULL, 1010, 978307210);
	assert_true(asked_at_since(from,
	    "/purge/http/id/api/v1/news?page=13") >= 0);
	assert_true(asked_since(from, "/news?page=10"));
	assert_true(asked_since(from, "/api/v1/news?page=10"));
}

/* The item an editor changed goes first: an old release's unpublish
 * purges its page before the lists, which come before every other item
 * (on a big site, thousands of its bucket's releases). */
static void
test_changed_item_first(void **state)
{
	struct fixture *f = *state;
	long own, list;
	size_t from;

	fixture_exec(f, "INSERT INTO news (lang, slug, title, pub_date,"
	    " status, published_at, group_id) VALUES"
	    " ('en', 'first-old', 'Old', '2001-01-01', 'published',"
	    " 978307200, 3000),"
	    " ('en', 'first-new', 'New', '2024-01-01', 'published',"
	    " 1704067200, 3001)");
	from = change_item(f, "UPDATE news SET status = 'draft'"
	    " WHERE slug = 'first-old'", "first-old", NULL, 3000, 978307200);
	own = asked_at_since(from, "/purge/http/id/news/first-old");
	list = asked_at_since(from, "/purge/http/id/news");
	assert_true(own >= 0 && list >= 0);
	assert_true(own < list);
}

/* So do the other paged lists: 125 events (two versions of one of them,
 * and a draft, counted once and not at all) fill pages 0 to 12 of
 * /events and /api/v1/events, and 13 for an unpublish; a change to one
 * purges them all, and no page of the news lists. */
static void
test_deep_event_pages(void **state)
{
	struct fixture *f = *state;
	int64_t count;
	size_t from;

	fixture_exec(f, "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL"
	    " SELECT k + 1 FROM i WHERE k < 124)"
	    " INSERT INTO entries (kind, lang, slug, title, pub_date, status,"
	    " published_at, group_id) SELECT 'event', 'en', printf('e-%03d', k),"
	    " 'Event', '2001-01-01', 'published', 978307200 + k, 2000 + k"
	    " FROM i;"
	    "INSERT INTO entries (kind, lang, slug, title, pub_date, status,"
	    " published_at, group_id) VALUES ('event', 'hu', 'e-000-hu',"
	    " 'Esemény', '2001-01-01', 'published', 978307200, 2000),"
	    " ('event', 'en', 'e-draft', 'Draft', '2001-01-01', 'draft',"
	    " 978307200, 3000)");
	assert_int_equal(store_purge_kind_count(f->s, "event", time(NULL),
	    &count), STORE_OK);
	assert_int_equal(count, 125);
	assert_int_equal(store_purge_kind_count(f->s, "project", time(NULL),
	    &count), STORE_OK);
	assert_int_equal(count, 0);
	from = change(f, "UPDATE entries SET title = 'Changed'"
	    " WHERE slug = 'e-124'");
	assert_true(wait_for("/purge/http/id/api/v1/events?page=13"));
	assert_true(asked_at("/events?page=10") > asked_at("/events/e-124"));
	assert_true(asked_at("/events?page=13") >= 0);
	assert_int_equal(asked_at("/events?page=14"), -1);
	assert_false(asked_since(from, "/news?page=0"));
}

/* Adds a published release at slug in group, a number past the first
 * sitemap files' range as an import may keep. */
static void
add_far_release(struct fixture *f, const char *slug, int64_t group)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "INSERT INTO news (lang, slug, title,"
	    " pub_date, status, published_at, group_id) VALUES ('en', '%s',"
	    " 'Far', '2001-01-01', 'published', 978307200, %lld)", slug,
	    (long long)group);
	fixture_exec(f, sql);
}

/* The sitemap's file of a release whose group is numbered past the first
 * files' range (an import keeps its group ids) is purged with it: group
 * 200,000 is in file 4 at 50,000 a file. The first files go whatever
 * they hold; no file past the last with an item. */
static void
test_sitemap_far_file(void **state)
{
	struct fixture *f = *state;
	size_t from;

	add_far_release(f, "far", 200000);
	from = change(f, "UPDATE news SET title = 'Farther'"
	    " WHERE slug = 'far'");
	assert_true(wait_for("/purge/http/id/api/v1/news/far"));
	assert_true(asked_since(from, "/sitemap-news-4.xml"));
	assert_true(asked_since(from, "/sitemap-news-0.xml"));
	assert_true(asked_since(from, "/sitemap-event-3.xml"));
	assert_false(asked_since(from, "/sitemap-news-5.xml"));
	assert_false(asked_since(from, "/sitemap-event-4.xml"));
}

/* The unpublish of the one release of a far file empties it: the index
 * no longer lists it, and it is purged as the changed item's file
 * (group 250,000: file 5 at 50,000 a file). */
static void
test_sitemap_emptied_file(void **state)
{
	struct fixture *f = *state;
	size_t from;

	add_far_release(f, "gone", 250000);
	from = change_item(f, "UPDATE news SET status = 'draft'"
	    " WHERE slug = 'gone'", "gone", NULL, 250000, 978307200);
	assert_true(asked_at_since(from,
	    "/purge/http/id/sitemap-news-5.xml") >= 0);
}

/* A page's edit purges the page and reads no release: none of the
 * releases' URLs goes out. */
static void
test_page_change(void **state)
{
	struct fixture *f = *state;
	size_t from;

	fixture_exec(f, "INSERT INTO news (lang, slug, title, pub_date,"
	    " status, published_at, group_id) VALUES ('en', 'kept',"
	    " 'Kept', '2001-01-01', 'published', 978307200, 900);"
	    "INSERT INTO pages (lang, slug, title, status, published_at,"
	    " pub_date) VALUES ('en', 'about', 'About', 'published',"
	    " 978307200, '2001-01-01')");
	from = change(f, "UPDATE pages SET title = 'About us'"
	    " WHERE slug = 'about'");
	assert_true(wait_for("/purge/http/id/api/v1/pages/about"));
	assert_true(asked_since(from, "/purge/http/gz/about"));
	assert_false(asked_since(from, "/news/kept"));
	assert_false(asked_since(from, "/news?page=0"));
}

/* Waits (up to 30 s) until the earlier tests' purges are done. */
static bool
drained(void)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 3000 && purge_queued() > 0; i++)
		nanosleep(&tick, NULL);
	return purge_queued() == 0;
}

/* Queues n paths /news/<name>-<k>; purge_queue's answer. */
static int
queue_named(const struct config *cfg, const char *name, int n)
{
	struct purge_list l = { 0 };
	char path[64];
	int k;

	for (k = 0; k < n; k++) {
		snprintf(path, sizeof(path), "/news/%s-%05d", name, k);
		purge_list_add(&l, path);
	}
	return purge_queue(cfg, &l);
}

/* A queue nearly full takes the first paths of a change that fit, and
 * one full refuses the next. The stand-in holds its answers until all
 * are queued, so that nothing leaves the queue before. */
static void
test_queue_takes_what_fits(void **state)
{
	struct config cfg;
	char url[64];

	(void)state;
	stand_in_config(&cfg, url, sizeof(url));
	assert_true(drained());
	pthread_mutex_lock(&asked.lock);
	asked.go = false;
	pthread_mutex_unlock(&asked.lock);
	assert_int_equal(queue_named(&cfg, "a", PURGE_CHANGE_MAX), 0);
	assert_int_equal(queue_named(&cfg, "b", PURGE_QUEUE_MAX -
	    PURGE_CHANGE_MAX - 2), 0);
	assert_int_equal(queue_named(&cfg, "fits", 3), 0);
	assert_int_equal(queue_named(&cfg, "full", 1), -1);
	pthread_mutex_lock(&asked.lock);
	asked.go = true;
	pthread_cond_broadcast(&asked.more);
	pthread_mutex_unlock(&asked.lock);
	/* The last path queued, its last copy: all the rest is in. */
	assert_true(wait_for("/purge/http/id/news/fits-00001"));
	assert_true(wait_for("/purge/http/id/news/b-00000"));
	assert_int_equal(asked_at("/news/fits-00002"), -1);
	assert_int_equal(asked_at("/news/full-00000"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_batch_takes_turns),
		cmocka_unit_test(test_closed_mid_pipeline),
		cmocka_unit_test(test_site_hosts),
		cmocka_unit_test(test_copies_progress),
		cmocka_unit_test(test_long_base_path),
		cmocka_unit_test(test_failures_apart),
		cmocka_unit_test(test_change_bound),
		cmocka_unit_test_setup_teardown(test_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_releases_and_others,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_item_first,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_old_slug, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deep_pages_from_place,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_pages_noted,
		    setup_served, teardown_served),
		cmocka_unit_test_setup_teardown(test_deep_event_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sitemap_emptied_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sitemap_far_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_page_change, setup,
		    teardown),
		cmocka_unit_test(test_queue_takes_what_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
