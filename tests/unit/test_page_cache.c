/* test_page_cache.c: unit tests of src/page_cache.c: keys made of the path
 * and the declared query fields only, and what an entry holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "lib/blob.h"
#include "page_cache.h"
#include "request.h"

/* The key of target read through fields, copied out of a throw-away
 * request into out; "" when not cached. */
static void
key_of(const char *target, const struct query_field *fields, char *out,
    size_t size)
{
	struct arena *a = arena_new();
	struct request rq;
	const char *k;

	assert_non_null(a);
	request_init(&rq, a);
	assert_int_equal(request_set_target(&rq, target), 0);
	k = page_cache_key(&rq, rq.path, fields);
	strncpy(out, k != NULL ? k : "", size - 1);
	out[size - 1] = '\0';
	arena_free(a);
}

static void
test_key_normalised(void **state)
{
	char a[PAGE_CACHE_KEY_MAX], b[PAGE_CACHE_KEY_MAX];

	(void)state;
	/* One entry for no page, ?page=0 and unknown fields besides. */
	key_of("/news", page_cache_query_page, a, sizeof(a));
	assert_string_equal(a, "/news");
	key_of("/news?page=0", page_cache_query_page, b, sizeof(b));
	assert_string_equal(a, b);
	key_of("/news?page=0&x=1", page_cache_query_page, b, sizeof(b));
	assert_string_equal(a, b);
	key_of("/news?utm_source=mail&fbclid=abc", page_cache_query_page, b,
	    sizeof(b));
	assert_string_equal(a, b);

	/* Another page is another entry, whatever else comes with it. */
	key_of("/news?page=2", page_cache_query_page, a, sizeof(a));
	assert_string_equal(a, "/news\npage=2");
	key_of("/news?x=1&page=2&y=2", page_cache_query_page, b, sizeof(b));
	assert_string_equal(a, b);
	/* A '?' decoded from the path never meets a field. */
	key_of("/news%3Fpage=2", page_cache_query_page, b, sizeof(b));
	assert_string_equal(b, "/news?page=2");

	/* A route that reads no field: the query never makes an entry. */
	key_of("/about?page=3&x=1", NULL, a, sizeof(a));
	assert_string_equal(a, "/about");
}

static void
test_key_not_cached(void **state)
{
	char k[PAGE_CACHE_KEY_MAX], target[PAGE_CACHE_KEY_MAX + 8];

	(void)state;
	/* Malformed: not cached (the controller answers 400). */
	key_of("/news?page=abc", page_cache_query_page, k, sizeof(k));
	assert_string_equal(k, "");
	key_of("/news?page=01", page_cache_query_page, k, sizeof(k));
	assert_string_equal(k, "");
	key_of("/news?page=", page_cache_query_page, k, sizeof(k));
	assert_string_equal(k, "");
	key_of("/news?page=9999999", page_cache_query_page, k, sizeof(k));
	assert_string_equal(k, "");
	/* Too long a path. */
	memset(target, 'a', sizeof(target) - 1);
	target[0] = '/';
	target[sizeof(target) - 1] = '\0';
	key_of(target, NULL, k, sizeof(k));
	assert_string_equal(k, "");
}

/* An entry keeps its type and, for text, a gzip copy with its own ETag;
 * a newer generation misses. */
static void
test_entry(void **state)
{
	static const char html[] = "<!doctype html><p>Hello, hello, hello, "
	    "hello, hello.</p>";
	struct cached_page p, q;

	(void)state;
	assert_int_equal(page_cache_init(16), 0);
	assert_int_equal(page_cache_put("/a", 7, 0, 1000,
	    "text/html; charset=utf-8", html, sizeof(html) - 1, &p), 0);
	assert_non_null(p.gz);
	assert_string_equal(p.type, "text/html; charset=utf-8");
	assert_int_equal(strlen(p.etag), 18);
	assert_memory_equal(p.etag_gz, p.etag, 17);
	assert_string_equal(p.etag_gz + 17, "-gz\"");
	page_cache_release(&p);

	assert_int_equal(page_cache_get("/a", 7, 2000, &q), 0);
	assert_string_equal(q.type, "text/html; charset=utf-8");
	assert_int_equal(q.body->len, sizeof(html) - 1);
	assert_non_null(q.gz);
	assert_int_equal(q.last_modified, 1000);
	page_cache_release(&q);
	assert_int_equal(page_cache_get("/a", 8, 2000, &q), -1);
	assert_int_equal(page_cache_get("/b", 7, 2000, &q), -1);

	/* A type not worth compressing keeps no copy. */
	assert_int_equal(page_cache_put("/img", 7, 0, 1000, "image/png",
	    "\x89PNG", 4, &p), 0);
	assert_null(p.gz);
	page_cache_release(&p);
	assert_int_equal(page_cache_get("/img", 7, 2000, &q), 0);
	assert_string_equal(q.type, "image/png");
	assert_null(q.gz);
	page_cache_release(&q);

	/* A type too long for the entry is refused, not cut. */
	assert_int_equal(page_cache_put("/c", 7, 0, 1000, "text/plain; "
	    "charset=utf-8; a-parameter-long-enough=to-pass-the-limit",
	    "x", 1, &p), -1);
	assert_int_equal(page_cache_get("/c", 7, 2000, &q), -1);

	page_cache_flush();
	assert_int_equal(page_cache_get("/a", 7, 2000, &q), -1);
	page_cache_fini();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_normalised),
		cmocka_unit_test(test_key_not_cached),
		cmocka_unit_test(test_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
