/* test_app.c: the route table and what app.c adds to every answer, over a
 * fresh database with the demo content. Run from the repository root. */
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <zlib.h>

#include "app.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/changes.h"
#include "page_reuse.h"
#include "request.h"
#include "response.h"
#include "store/store.h"
#include "view/markdown.h"
#include "render_fixture.h"

#define STATEMENT "/news/international-migrants-day-statement-iom-director-" \
	"general-antonio-vitorino-harnessing-potential-human-mobility"

static struct config cfg;
static char dir[] = "/tmp/waypoint-test-app-XXXXXX";

struct exchange {
	struct arena	*arena;
	struct request	 rq;
	struct response	 rs;
};

static int
setup(void **state)
{
	enum store_status st;
	struct store *s;
	char path[256];

	(void)state;
	if (mkdtemp(dir) == NULL || config_load(&cfg, "/nonexistent",
	    false) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/test.db", dir);
	free(cfg.database);
	cfg.database = strdup(path);
	if ((s = store_open(cfg.database, STORE_CREATE, &st)) == NULL ||
	    store_migrate(s) != STORE_OK || store_load_seed(s, DEMO_LANGS) != STORE_OK ||
	    store_render_missing(s, fixture_render) != STORE_OK)
		return -1;
	store_close(s);
	return app_init(&cfg);
}

static int
teardown(void **state)
{
	char path[300];

	(void)state;
	app_fini();
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return -1;
	config_free(&cfg);
	return 0;
}

/* A fresh request for method and an empty response in x. */
static void
start(struct exchange *x, const char *method)
{
	x->arena = arena_new();
	assert_non_null(x->arena);
	request_init(&x->rq, x->arena);
	x->rq.method_name = method;
	x->rq.method = request_method(method);
	x->rq.now = time(NULL);
	snprintf(x->rq.client, sizeof(x->rq.client), "127.0.0.1");
	response_init(&x->rs);
}

/* Sends method and target (with an optional header) through the app. */
static void
ask(struct exchange *x, const char *method, const char *target,
    const char *hname, const char *hvalue)
{
	start(x, method);
	if (hname != NULL)
		assert_int_equal(request_add_header(&x->rq, hname, hvalue), 0);
	if (request_set_target(&x->rq, target) != 0)
		app_error(&x->rq, &x->rs, 400);
	else
		app_handle(&x->rq, &x->rs);
}

static void
done(struct exchange *x)
{
	response_free(&x->rs);
	arena_free(x->arena);
}

static int
status_of(const char *method, const char *target)
{
	struct exchange x;
	int status;

	ask(&x, method, target, NULL, NULL);
	status = x.rs.status;
	done(&x);
	return status;
}

static const char *
body(struct exchange *x)
{
	size_t len;

	return response_body(&x->rs, &len);
}

static void
test_routes(void **state)
{
	(void)state;
	assert_int_equal(status_of("GET", "/"), 200);
	assert_int_equal(status_of("GET", "/news"), 200);
	assert_int_equal(status_of("GET", "/news?page=0"), 200);
	assert_int_equal(status_of("GET", "/news?page=1"), 200);
	assert_int_equal(status_of("GET", STATEMENT), 200);
	assert_int_equal(status_of("GET", "/about"), 200);
	assert_int_equal(status_of("GET", "/2030-agenda"), 200);
	assert_int_equal(status_of("HEAD", "/about"), 200);
	assert_int_equal(status_of("GET", "/static/css/site.css"), 200);
}

/* Languages besides the default are served under /<code>/ (the list as
 * config_load parses it: test_config); the default has no prefix. */
static void
test_languages(void **state)
{
	static const char *const moved[][2] = {
		{ "/hu/news/", "/hu/news" },
		{ "/hu/news?", "/hu/news" },
		{ "/hu/news/?", "/hu/news" },
		{ "/hu/news/?page=1", "/hu/news?page=1" },
	};
	size_t was = cfg.nlangs, i;
	struct exchange x;

	(void)state;
	cfg.langs[cfg.nlangs++] = "hu";
	assert_int_equal(status_of("GET", "/hu/news"), 200);
	assert_int_equal(status_of("GET", "/fr/news"), 404);
	assert_int_equal(status_of("GET", "/en/news"), 404);
	assert_int_equal(status_of("GET", "/e/news"), 404);
	/* The trailing slash goes, the prefix stays; so does a '?' with no
	 * query (nginx would cache it apart), both at once in one redirect,
	 * and a query stays. */
	for (i = 0; i < sizeof(moved) / sizeof(moved[0]); i++) {
		ask(&x, "GET", moved[i][0], NULL, NULL);
		assert_int_equal(x.rs.status, 301);
		assert_string_equal(response_get_header(&x.rs, "Location"),
		    moved[i][1]);
		done(&x);
	}
	cfg.nlangs = was;
}

static void
test_not_found(void **state)
{
	struct exchange x;

	(void)state;
	assert_int_equal(status_of("GET", "/news/no-such-release"), 404);
	assert_int_equal(status_of("GET", "/news/draft-upcoming-statement"),
	    404);
	assert_int_equal(status_of("GET", "/news/scheduled-release-future"),
	    404);
	assert_int_equal(status_of("GET", "/internal-draft-page"), 404);
	assert_int_equal(status_of("GET", "/news/a/b"), 404);
	assert_int_equal(status_of("GET", "/static/../sql/seed.sql"), 404);
	assert_int_equal(status_of("GET", "/static/%2e%2e/sql/seed.sql"), 404);
	assert_int_equal(status_of("GET", "/static/nope.css"), 404);
	assert_int_equal(status_of("GET", "/news/UPPER"), 404);
	ask(&x, "GET", "/no-such-page", NULL, NULL);
	assert_int_equal(x.rs.status, 404);
	assert_string_equal(response_get_header(&x.rs, "Content-Type"),
	    "text/html; charset=utf-8");
	assert_non_null(strstr(body(&x), "Who We Are"));
	done(&x);
}

static void
test_bad_input(void **state)
{
	char target[600];

	(void)state;
	assert_int_equal(status_of("GET", "/news?page=abc"), 400);
	assert_int_equal(status_of("GET", "/news?page=-1"), 400);
	assert_int_equal(status_of("GET", "/news?page="), 400);
	assert_int_equal(status_of("GET", "/news?page=01"), 400);
	assert_int_equal(status_of("GET", "/news?page=99999"), 404);
	assert_int_equal(status_of("GET", "/news?page=9999999999999"), 400);
	assert_int_equal(status_of("GET", "/news/%00x"), 400);
	memset(target, 'a', sizeof(target) - 1);
	target[0] = '/';
	target[sizeof(target) - 1] = '\0';
	assert_int_equal(status_of("GET", target), 404);
}

static void
test_methods(void **state)
{
	struct exchange x;

	(void)state;
	ask(&x, "POST", "/", NULL, NULL);
	assert_int_equal(x.rs.status, 405);
	assert_string_equal(response_get_header(&x.rs, "Allow"), "GET, HEAD");
	done(&x);
	assert_int_equal(status_of("DELETE", STATEMENT), 405);
	assert_int_equal(status_of("PUT", "/about"), 405);
	assert_int_equal(status_of("POST", "/static/css/site.css"), 405);
}

static void
test_admin_without_session(void **state)
{
	struct exchange x;

	(void)state;
	ask(&x, "GET", "/admin/news/new", NULL, NULL);
	assert_int_equal(x.rs.status, 302);
	assert_string_equal(response_get_header(&x.rs, "Location"),
	    "/admin/login?next=%2Fadmin%2Fnews%2Fnew");
	assert_string_equal(response_get_header(&x.rs, "Cache-Control"),
	    "no-store");
	done(&x);
	/* A form sent after the session ended: 403, with a way back to the
	 * form through sign-in. */
	ask(&x, "POST", "/admin/news", "Referer",
	    "http://127.0.0.1:8080/admin/news/new");
	assert_int_equal(x.rs.status, 403);
	assert_non_null(strstr(body(&x),
	    "/admin/login?next=%2Fadmin%2Fnews%2Fnew"));
	done(&x);
	ask(&x, "POST", "/admin/news", "Referer",
	    "http://evil.example/admin/news/new");
	assert_int_equal(x.rs.status, 403);
	assert_non_null(strstr(body(&x), "/admin/login?next=%2Fadmin\""));
	done(&x);
}

static void
test_redirects(void **state)
{
	struct exchange x;

	(void)state;
	ask(&x, "GET", "/about/", NULL, NULL);
	assert_int_equal(x.rs.status, 301);
	assert_string_equal(response_get_header(&x.rs, "Location"), "/about");
	done(&x);
	ask(&x, "GET", "/news/?page=1", NULL, NULL);
	assert_int_equal(x.rs.status, 301);
	assert_string_equal(response_get_header(&x.rs, "Location"),
	    "/news?page=1");
	done(&x);
	/* "//host/" must never become a Location naming another host. */
	assert_int_equal(status_of("GET", "//evil.example/"), 404);
}

static void
test_headers(void **state)
{
	struct exchange x;

	(void)state;
	ask(&x, "GET", "/news", NULL, NULL);
	assert_string_equal(response_get_header(&x.rs,
	    "X-Content-Type-Options"), "nosniff");
	assert_string_equal(response_get_header(&x.rs, "X-Frame-Options"),
	    "DENY");
	assert_non_null(response_get_header(&x.rs, "Content-Security-Policy"));
	assert_string_equal(response_get_header(&x.rs, "Cache-Control"),
	    "public, max-age=0, s-maxage=60, stale-while-revalidate=30, "
	    "stale-if-error=86400");
	assert_null(response_get_header(&x.rs, "Strict-Transport-Security"));
	assert_non_null(response_get_header(&x.rs, "ETag"));
	assert_non_null(response_get_header(&x.rs, "Last-Modified"));
	done(&x);
	ask(&x, "GET", "/static/css/site.css", NULL, NULL);
	assert_string_equal(response_get_header(&x.rs, "Content-Type"),
	    "text/css; charset=utf-8");
	assert_non_null(strstr(response_get_header(&x.rs, "Cache-Control"),
	    "max-age=31536000"));
	done(&x);
}

static void
test_conditional(void **state)
{
	struct exchange x;
	char etag[64], lm[64];

	(void)state;
	ask(&x, "GET", STATEMENT, NULL, NULL);
	assert_int_equal(x.rs.status, 200);
	snprintf(etag, sizeof(etag), "%s", response_get_header(&x.rs, "ETag"));
	snprintf(lm, sizeof(lm), "%s",
	    response_get_header(&x.rs, "Last-Modified"));
	done(&x);
	ask(&x, "GET", STATEMENT, "If-None-Match", etag);
	assert_int_equal(x.rs.status, 304);
	assert_string_equal(response_get_header(&x.rs, "ETag"), etag);
	done(&x);
	ask(&x, "GET", STATEMENT, "If-None-Match", "\"other\"");
	assert_int_equal(x.rs.status, 200);
	done(&x);
	ask(&x, "GET", STATEMENT, "If-Modified-Since", lm);
	assert_int_equal(x.rs.status, 304);
	done(&x);
	ask(&x, "GET", STATEMENT, "If-Modified-Since",
	    "Sat, 01 Jan 2000 00:00:00 GMT");
	assert_int_equal(x.rs.status, 200);
	done(&x);
}

static void
test_content(void **state)
{
	struct exchange x;

	(void)state;
	ask(&x, "GET", STATEMENT, NULL, NULL);
	assert_non_null(strstr(body(&x), "<time datetime=\"2021-12-17\">"));
	assert_non_null(strstr(body(&x), "Geneva"));
	assert_non_null(strstr(body(&x),
	    "Together we can realize the full potential of human mobility."));
	done(&x);
	ask(&x, "GET", "/", NULL, NULL);
	assert_null(strstr(body(&x), "draft-upcoming-statement"));
	assert_null(strstr(body(&x), "scheduled-release-future"));
	assert_non_null(strstr(body(&x), "The International Organization for "
	    "Migration (IOM) is part of the United Nations System"));
	done(&x);
}

/* Inflates the gzip body of x into out (size bytes at most); returns the
 * length. */
static size_t
gunzip(struct exchange *x, char *out, size_t size)
{
	const char *in;
	size_t len, n;
	z_stream z;

	in = response_body(&x->rs, &len);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)size;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	n = z.total_out;
	inflateEnd(&z);
	return n;
}

/* Pages and static text go gzipped to a client that takes gzip, with their
 * own ETag, Vary on both answers, and 304s for each. */
static void
test_gzip(void **state)
{
	static char plain[200000], inflated[200000];
	static const char *const targets[] = { STATEMENT, "/news?page=0&x=1",
	    "/static/css/site.css" };
	char etag[64], etag_gz[64];
	struct exchange x;
	size_t len, plain_len, i;
	const char *p;

	(void)state;
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		ask(&x, "GET", targets[i], NULL, NULL);
		assert_int_equal(x.rs.status, 200);
		assert_null(response_get_header(&x.rs, "Content-Encoding"));
		assert_string_equal(response_get_header(&x.rs, "Vary"),
		    "Accept-Encoding");
		snprintf(etag, sizeof(etag), "%s",
		    response_get_header(&x.rs, "ETag"));
		p = response_body(&x.rs, &plain_len);
		assert_true(plain_len < sizeof(plain));
		memcpy(plain, p, plain_len);
		done(&x);

		ask(&x, "GET", targets[i], "Accept-Encoding",
		    "gzip, deflate, br");
		assert_int_equal(x.rs.status, 200);
		assert_string_equal(response_get_header(&x.rs,
		    "Content-Encoding"), "gzip");
		assert_string_equal(response_get_header(&x.rs, "Vary"),
		    "Accept-Encoding");
		snprintf(etag_gz, sizeof(etag_gz), "%s",
		    response_get_header(&x.rs, "ETag"));
		assert_int_equal(strlen(etag_gz), strlen(etag) + 3);
		assert_memory_equal(etag_gz, etag, strlen(etag) - 1);
		assert_string_equal(etag_gz + strlen(etag) - 1, "-gz\"");
		response_body(&x.rs, &len);
		assert_true(len < plain_len);
		assert_int_equal(gunzip(&x, inflated, sizeof(inflated)),
		    plain_len);
		assert_memory_equal(inflated, plain, plain_len);
		done(&x);

		/* HEAD: the same headers. */
		ask(&x, "HEAD", targets[i], "Accept-Encoding", "gzip");
		assert_string_equal(response_get_header(&x.rs, "ETag"),
		    etag_gz);
		assert_string_equal(response_get_header(&x.rs,
		    "Content-Encoding"), "gzip");
		done(&x);

		/* A 304 for each encoding, with the tag of the one chosen. */
		ask(&x, "GET", targets[i], "If-None-Match", etag);
		assert_int_equal(x.rs.status, 304);
		assert_string_equal(response_get_header(&x.rs, "Vary"),
		    "Accept-Encoding");
		done(&x);
		/* A cache holding both copies sends both tags. */
		start(&x, "GET");
		assert_int_equal(request_add_header(&x.rq, "Accept-Encoding",
		    "gzip"), 0);
		assert_int_equal(request_add_header(&x.rq, "If-None-Match",
		    arena_printf(x.arena, "%s, %s", etag, etag_gz)), 0);
		assert_int_equal(request_set_target(&x.rq, targets[i]), 0);
		app_handle(&x.rq, &x.rs);
		assert_int_equal(x.rs.status, 304);
		assert_string_equal(response_get_header(&x.rs, "ETag"),
		    etag_gz);
		done(&x);
		/* The gzip tag from a client that no longer takes gzip: the
		 * identity, whole. */
		ask(&x, "GET", targets[i], "If-None-Match", etag_gz);
		assert_int_equal(x.rs.status, 200);
		assert_string_equal(response_get_header(&x.rs, "ETag"), etag);
		done(&x);
		/* q=0 refuses. */
		ask(&x, "GET", targets[i], "Accept-Encoding", "gzip;q=0, *");
		assert_null(response_get_header(&x.rs, "Content-Encoding"));
		assert_string_equal(response_get_header(&x.rs, "ETag"), etag);
		done(&x);
	}
	/* SVG is text: compressed too. */
	ask(&x, "GET", "/static/img/favicon.svg", "Accept-Encoding", "gzip");
	assert_string_equal(response_get_header(&x.rs, "Content-Encoding"),
	    "gzip");
	done(&x);
}

/* A header the app could not set (a full table, a control byte) turns
 * the answer into a 500 that still has every security header. */
static void
test_header_refused(void **state)
{
	struct exchange x;
	size_t i;
	int round;

	(void)state;
	for (round = 0; round < 2; round++) {
		start(&x, "GET");
		if (round == 0)
			for (i = 0; i < RESPONSE_HEADER_COUNT; i++)
				assert_int_equal(response_header(&x.rs,
				    "X-Fill", "v"), 0);
		else
			assert_int_equal(response_header(&x.rs, "X-Bad",
			    "a\r\nSet-Cookie: x=1"), -1);
		assert_int_equal(request_set_target(&x.rq, STATEMENT), 0);
		app_handle(&x.rq, &x.rs);
		assert_int_equal(x.rs.status, 500);
		assert_null(response_get_header(&x.rs, "X-Fill"));
		assert_string_equal(response_get_header(&x.rs,
		    "X-Content-Type-Options"), "nosniff");
		assert_non_null(response_get_header(&x.rs,
		    "Referrer-Policy"));
		assert_non_null(response_get_header(&x.rs,
		    "Cross-Origin-Opener-Policy"));
		assert_non_null(response_get_header(&x.rs,
		    "Cross-Origin-Resource-Policy"));
		assert_non_null(response_get_header(&x.rs,
		    "Permissions-Policy"));
		assert_non_null(response_get_header(&x.rs, "Content-Type"));
		assert_string_equal(response_get_header(&x.rs,
		    "Cache-Control"), "no-store");
		done(&x);
	}
}

/* One request on a thread of its own, so on database connections of its
 * own (app.c opens them per thread). */
struct on_thread {
	const char	*target;
	int		 status;
	bool		 menu;		/* the body shows the site's menu */
	bool		 secure;	/* nosniff and a CSP */
};

static void *
ask_on_thread(void *arg)
{
	struct on_thread *t = arg;
	struct exchange x;

	ask(&x, "GET", t->target, NULL, NULL);
	t->status = x.rs.status;
	t->menu = strstr(body(&x), "Who We Are") != NULL;
	t->secure = response_get_header(&x.rs, "X-Content-Type-Options") !=
	    NULL && response_get_header(&x.rs, "Content-Security-Policy") !=
	    NULL;
	done(&x);
	return NULL;
}

static void
ask_thread(struct on_thread *t, const char *target)
{
	pthread_t th;

	t->target = target;
	t->status = 0;
	assert_int_equal(pthread_create(&th, NULL, ask_on_thread, t), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
}

/* A database that cannot be read: every route answers 503, with the error
 * page and every security header, and nothing of it is kept: once the
 * database is back, the same URLs answer 200. */
static void
test_store_failure(void **state)
{
	static const char *const targets[] = { "/", "/news", "/news?page=1",
	    STATEMENT, "/about", "/admin/login" };
	char aside[300];
	struct on_thread t;
	size_t i;
	FILE *f;

	(void)state;
	snprintf(aside, sizeof(aside), "%s.aside", cfg.database);
	assert_int_equal(rename(cfg.database, aside), 0);
	assert_non_null(f = fopen(cfg.database, "w"));
	assert_true(fputs("not a database, not at all; long enough to be "
	    "read as a header by SQLite, which wants a hundred bytes or so "
	    "before it can tell.\n", f) >= 0);
	assert_int_equal(fclose(f), 0);
	/* Pages are served from the cache until the generations are read
	 * again: at once after a write through the server, as here, and
	 * within GENERATION_RECHECK_MS after one made from outside. */
	changes_bump();
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		ask_thread(&t, targets[i]);
		assert_int_equal(t.status, 503);
		/* The menu cannot be read: the plain page. */
		assert_false(t.menu);
		assert_true(t.secure);
	}
	assert_int_equal(rename(aside, cfg.database), 0);
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		ask_thread(&t, targets[i]);
		assert_int_equal(t.status, 200);
		assert_true(t.menu || strcmp(targets[i], "/admin/login") == 0);
	}
}

/* A page of the cache says where it came from (rs.origin); page_reuse
 * says which requests may get it again without routing, and that only
 * while the page cache holds the same page: not after a change to what
 * the page shows. */
static void
test_page_reuse(void **state)
{
	static const char *const personal[][2] = {
		{ "Cookie", "a=b" }, { "If-None-Match", "\"x\"" },
		{ "If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT" },
		{ "Range", "bytes=0-1" }, { "If-Range", "\"x\"" },
		{ "Authorization", "Basic eDp5" },
	};
	const struct config *site;
	struct exchange x, y;
	sqlite3 *db;
	bool gzip;
	size_t i;

	(void)state;
	ask(&x, "GET", STATEMENT, NULL, NULL);
	done(&x);
	ask(&x, "GET", STATEMENT, NULL, NULL);
	assert_int_equal(x.rs.status, 200);
	assert_string_equal(x.rs.cache, "hit");
	assert_non_null(x.rs.origin.cfg);
	assert_ptr_equal(x.rs.origin.body, x.rs.shared);
	assert_true(page_reuse_request(&x.rq, &site, &gzip));
	assert_ptr_equal(site, x.rs.origin.cfg);
	assert_false(gzip);
	assert_true(page_reuse_current(&x.rs.origin, false, x.rq.now));
	/* The gzip copy is another body: each request gets its own. */
	ask(&y, "GET", STATEMENT, "Accept-Encoding", "gzip");
	assert_true(page_reuse_request(&y.rq, &site, &gzip));
	assert_true(gzip);
	assert_ptr_not_equal(y.rs.origin.body, x.rs.origin.body);
	assert_true(page_reuse_current(&y.rs.origin, true, y.rq.now));
	assert_false(page_reuse_current(&x.rs.origin, true, x.rq.now));
	done(&y);

	/* What is not a plain GET goes through app_handle. */
	for (i = 0; i < sizeof(personal) / sizeof(personal[0]); i++) {
		ask(&y, "GET", STATEMENT, personal[i][0], personal[i][1]);
		assert_false(page_reuse_request(&y.rq, &site, &gzip));
		done(&y);
	}
	ask(&y, "HEAD", STATEMENT, NULL, NULL);
	assert_false(page_reuse_request(&y.rq, &site, &gzip));
	done(&y);
	/* Other pages, errors and files say they are none. */
	ask(&y, "GET", "/news/no-such-release", NULL, NULL);
	assert_null(y.rs.origin.cfg);
	done(&y);
	ask(&y, "GET", "/static/img/favicon.svg", NULL, NULL);
	assert_null(y.rs.origin.cfg);
	done(&y);

	/* A write through this server: not told without the database. */
	changes_bump();
	assert_false(page_reuse_current(&x.rs.origin, false, x.rq.now));
	ask(&y, "GET", STATEMENT, NULL, NULL);
	assert_ptr_equal(y.rs.origin.body, x.rs.origin.body);
	assert_true(page_reuse_current(&x.rs.origin, false, x.rq.now));
	done(&y);
	/* The release changed: its page is made again, the old is gone. */
	assert_int_equal(sqlite3_open(cfg.database, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE news SET title = title || "
	    "' (updated)' WHERE slug = 'international-migrants-day-statement-"
	    "iom-director-general-antonio-vitorino-harnessing-potential-human-"
	    "mobility'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);
	changes_bump();
	ask(&y, "GET", STATEMENT, NULL, NULL);
	assert_string_equal(y.rs.cache, "miss");
	assert_non_null(strstr(body(&y), "(updated)"));
	assert_false(page_reuse_current(&x.rs.origin, false, x.rq.now));
	assert_true(page_reuse_current(&y.rs.origin, false, y.rq.now));
	done(&y);
	done(&x);
}

/* Public routes answer the type their row declares: text/html, with the
 * charset, on the cached and the freshly made answer alike. */
static void
test_content_type(void **state)
{
	struct exchange x;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		ask(&x, "GET", "/news?page=1", NULL, NULL);
		assert_string_equal(response_get_header(&x.rs,
		    "Content-Type"), "text/html; charset=utf-8");
		done(&x);
	}
	ask(&x, "GET", "/static/img/favicon.svg", NULL, NULL);
	assert_string_equal(response_get_header(&x.rs, "Content-Type"),
	    "image/svg+xml");
	assert_null(response_get_header(&x.rs, "Content-Security-Policy"));
	done(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_redirects),
		cmocka_unit_test(test_admin_without_session),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_conditional),
		cmocka_unit_test(test_content),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_header_refused),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_page_reuse),
		cmocka_unit_test(test_store_failure),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
