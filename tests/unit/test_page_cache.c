/* test_page_cache.c: unit tests of src/page_cache.c: keys made of the path
 * and the declared query fields only, what an entry holds, the scope
 * generations a hit must match, and the bounds in entries and bytes. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

/* Deps of one scope (id 0) at generation gen. */
static struct cache_deps
gen_of(int64_t gen)
{
	struct cache_deps d = { 1, { 0 }, { gen } };

	return d;
}

/* An entry keeps its type and, for text, a gzip copy with its own ETag;
 * a newer generation misses. */
static void
test_entry(void **state)
{
	static const char html[] = "<!doctype html><p>Hello, hello, hello, "
	    "hello, hello.</p>";
	struct cache_deps g7 = gen_of(7), g8 = gen_of(8);
	struct cached_page p, q;

	(void)state;
	assert_int_equal(page_cache_init(16, 1 << 20), 0);
	assert_int_equal(page_cache_put(0, "/a", &g7, 0, 1000,
	    "text/html; charset=utf-8", true, html, sizeof(html) - 1, &p), 0);
	assert_non_null(p.gz);
	assert_string_equal(p.type, "text/html; charset=utf-8");
	assert_int_equal(strlen(p.etag), 18);
	assert_memory_equal(p.etag_gz, p.etag, 17);
	assert_string_equal(p.etag_gz + 17, "-gz\"");
	page_cache_release(&p);

	assert_int_equal(page_cache_get(0, "/a", &g7, 2000, true, &q), 0);
	assert_string_equal(q.type, "text/html; charset=utf-8");
	assert_int_equal(q.body->len, sizeof(html) - 1);
	assert_non_null(q.gz);
	assert_int_equal(q.last_modified, 1000);
	page_cache_release(&q);
	assert_int_equal(page_cache_get(0, "/a", &g8, 2000, true, &q), -1);
	assert_int_equal(page_cache_get(0, "/b", &g7, 2000, true, &q), -1);

	/* A type not worth compressing keeps no copy. */
	assert_int_equal(page_cache_put(0, "/img", &g7, 0, 1000, "image/png",
	    true, "\x89PNG", 4, &p), 0);
	assert_null(p.gz);
	page_cache_release(&p);
	assert_int_equal(page_cache_get(0, "/img", &g7, 2000, true, &q), 0);
	assert_string_equal(q.type, "image/png");
	assert_null(q.gz);
	page_cache_release(&q);

	/* A type too long for the entry is refused, not cut. */
	assert_int_equal(page_cache_put(0, "/c", &g7, 0, 1000, "text/plain; "
	    "charset=utf-8; a-parameter-long-enough=to-pass-the-limit",
	    true, "x", 1, &p), -1);
	assert_int_equal(page_cache_get(0, "/c", &g7, 2000, true, &q), -1);

	page_cache_flush();
	assert_int_equal(page_cache_get(0, "/a", &g7, 2000, true, &q), -1);
	page_cache_fini();
}

/* For a client that takes no gzip, a miss keeps no gzip copy; the first
 * hit of one that does makes it, once, and it counts in the bound. */
static void
test_gzip_later(void **state)
{
	static const char html[] = "<!doctype html><p>Hello, hello, hello, "
	    "hello, hello.</p>";
	struct cache_deps g = gen_of(7);
	struct cached_page p, q, r;
	size_t n, plain, zipped;

	(void)state;
	assert_int_equal(page_cache_init(16, 1 << 20), 0);
	assert_int_equal(page_cache_put(0, "/a", &g, 0, 1000,
	    "text/html; charset=utf-8", false, html, sizeof(html) - 1, &p), 0);
	assert_null(p.gz);
	/* The validators do not wait for the copy. */
	assert_memory_equal(p.etag_gz, p.etag, 17);
	page_cache_release(&p);
	assert_int_equal(page_cache_get(0, "/a", &g, 2000, false, &q), 0);
	assert_null(q.gz);
	page_cache_release(&q);
	page_cache_usage(&n, &plain);

	assert_int_equal(page_cache_get(0, "/a", &g, 2000, true, &q), 0);
	assert_non_null(q.gz);
	assert_true(q.gz->len > 2);
	assert_memory_equal(q.gz->data, "\x1f\x8b", 2);
	page_cache_usage(&n, &zipped);
	assert_int_equal(n, 1);
	assert_int_equal(zipped, plain + sizeof(struct blob) + q.gz->len + 1);
	/* Kept: the next gzip hit gets the same copy, the next plain one
	 * gets it too, to send or not. */
	assert_int_equal(page_cache_get(0, "/a", &g, 2000, true, &r), 0);
	assert_ptr_equal(r.gz, q.gz);
	page_cache_release(&r);
	assert_int_equal(page_cache_get(0, "/a", &g, 2000, false, &r), 0);
	assert_ptr_equal(r.gz, q.gz);
	page_cache_release(&r);
	page_cache_release(&q);

	/* A type not worth compressing gets none, whoever asks. */
	assert_int_equal(page_cache_put(0, "/img", &g, 0, 1000, "image/png",
	    false, "\x89PNG", 4, &p), 0);
	page_cache_release(&p);
	assert_int_equal(page_cache_get(0, "/img", &g, 2000, true, &q), 0);
	assert_null(q.gz);
	page_cache_release(&q);
	page_cache_fini();
}

/* Puts body (of len bytes, a type kept without a gzip copy) for key at
 * deps. */
static void
put(const char *key, const struct cache_deps *deps, const char *body,
    size_t len)
{
	struct cached_page p;

	assert_int_equal(page_cache_put(0, key, deps, 0, 1000, "image/png", true,
	    body, len, &p), 0);
	assert_non_null(p.body);
	page_cache_release(&p);
}

/* Whether key is a hit at deps, with body (NULL: any). */
static bool
hit_with(const char *key, const struct cache_deps *deps, const char *body)
{
	struct cached_page q;
	bool same;

	if (page_cache_get(0, key, deps, 2000, true, &q) == -1)
		return false;
	same = body == NULL || (q.body->len == strlen(body) &&
	    memcmp(q.body->data, body, q.body->len) == 0);
	page_cache_release(&q);
	return same;
}

/* Whether key is a hit at deps. */
static bool
hit(const char *key, const struct cache_deps *deps)
{
	return hit_with(key, deps, NULL);
}


/* A hit needs every scope the page read at the generation it read: a
 * change to any one of them misses. */
static void
test_scopes(void **state)
{
	struct cache_deps built = { 2, { 0, 104 }, { 5, 9 } };
	struct cache_deps site = built, item = built;

	(void)state;
	assert_int_equal(page_cache_init(16, 1 << 20), 0);
	put("/news/a", &built, "x", 1);
	assert_true(hit("/news/a", &built));
	site.gen[0] = 6;
	assert_false(hit("/news/a", &site));
	item.gen[1] = 10;
	assert_false(hit("/news/a", &item));

	/* A page rendered before a change another thread saw does not
	 * replace the newer one. */
	put("/news/a", &item, "new", 3);
	put("/news/a", &built, "old", 3);
	assert_true(hit("/news/a", &item));
	assert_false(hit("/news/a", &built));
	page_cache_fini();
}

/* Beyond its entries the cache drops the page used least recently. */
static void
test_lru_entries(void **state)
{
	struct cache_deps g = gen_of(1);
	size_t n, bytes;

	(void)state;
	assert_int_equal(page_cache_init(3, 1 << 20), 0);
	put("/a", &g, "a", 1);
	put("/b", &g, "b", 1);
	put("/c", &g, "c", 1);
	assert_true(hit("/a", &g));	/* /b is now the oldest in use */
	put("/d", &g, "d", 1);
	assert_false(hit("/b", &g));
	assert_true(hit("/a", &g));
	assert_true(hit("/c", &g));
	assert_true(hit("/d", &g));
	page_cache_usage(&n, &bytes);
	assert_int_equal(n, 3);
	page_cache_flush();
	page_cache_usage(&n, &bytes);
	assert_int_equal(n, 0);
	assert_int_equal(bytes, 0);
	page_cache_fini();
}

/* A hit on the page used last leaves the use order as it is; a hit on any
 * other moves it to the front. */
static void
test_lru_newest(void **state)
{
	struct cache_deps g = gen_of(1);

	(void)state;
	assert_int_equal(page_cache_init(3, 1 << 20), 0);
	put("/a", &g, "a", 1);
	put("/b", &g, "b", 1);
	put("/c", &g, "c", 1);
	assert_true(hit("/c", &g));
	assert_true(hit("/c", &g));
	put("/d", &g, "d", 1);
	assert_false(hit("/a", &g));
	assert_true(hit("/b", &g));	/* /c is now the oldest in use */
	put("/e", &g, "e", 1);
	assert_false(hit("/c", &g));
	assert_true(hit("/b", &g));
	assert_true(hit("/d", &g));
	assert_true(hit("/e", &g));
	page_cache_fini();
}

/* Puts (check false), or checks as hits (true), keys alike but for their
 * length or one byte, each with a body that names it. */
static void
keys_alike(const struct cache_deps *g, bool check)
{
	char key[PAGE_CACHE_KEY_MAX], body[16];
	size_t i;

	memset(key, 'a', sizeof(key));
	key[0] = '/';
	/* i < PAGE_CACHE_KEY_MAX: each length; then a byte changed at each
	 * of a 40-byte key's places. */
	for (i = 1; i < PAGE_CACHE_KEY_MAX + 39; i++) {
		if (i < PAGE_CACHE_KEY_MAX) {
			key[i] = '\0';
			snprintf(body, sizeof(body), "len %zu", i);
		} else {
			key[40] = '\0';
			key[i - PAGE_CACHE_KEY_MAX + 1] = 'b';
			snprintf(body, sizeof(body), "at %zu", i);
		}
		if (check)
			assert_true(hit_with(key, g, body));
		else
			put(key, g, body, strlen(body));
		memset(key + 1, 'a', sizeof(key) - 1);
	}
}

/* Keys alike but for their length or one byte, wherever it falls in the
 * eight the slot hash takes at a time, are each their own page. */
static void
test_keys_alike(void **state)
{
	struct cache_deps g = gen_of(1);

	(void)state;
	assert_int_equal(page_cache_init(1024, 8 << 20), 0);
	keys_alike(&g, false);
	keys_alike(&g, true);
	page_cache_fini();
}

/* The bytes are bounded too: pages go, oldest in use first, until the new
 * one fits; one larger than the bound is answered but never kept. */
static void
test_byte_bound(void **state)
{
	static char body[48 * 1024];
	struct cache_deps g = gen_of(1);
	struct cached_page p;
	size_t n, bytes;

	(void)state;
	memset(body, 'x', sizeof(body));
	/* Room for two pages of 40 KiB with their bookkeeping, not three. */
	assert_int_equal(page_cache_init(100, 100 * 1024), 0);
	put("/a", &g, body, 40 * 1024);
	put("/b", &g, body, 40 * 1024);
	assert_true(hit("/a", &g));
	put("/c", &g, body, 40 * 1024);
	page_cache_usage(&n, &bytes);
	assert_int_equal(n, 2);
	assert_true(bytes <= 100 * 1024);
	assert_true(bytes > 80 * 1024);
	assert_false(hit("/b", &g));
	assert_true(hit("/a", &g));
	assert_true(hit("/c", &g));
	/* Small pages fit in the room the two leave. */
	put("/s1", &g, body, 100);
	put("/s2", &g, body, 100);
	page_cache_usage(&n, &bytes);
	assert_int_equal(n, 4);
	assert_true(bytes <= 100 * 1024);
	page_cache_fini();

	/* Larger than the whole bound: answered, not kept, nothing else
	 * dropped for it. */
	assert_int_equal(page_cache_init(100, 16 * 1024), 0);
	put("/s", &g, body, 100);
	assert_int_equal(page_cache_put(0, "/big", &g, 0, 1000, "image/png",
	    true, body, sizeof(body), &p), 0);
	assert_int_equal(p.body->len, sizeof(body));
	page_cache_release(&p);
	assert_false(hit("/big", &g));
	assert_true(hit("/s", &g));
	page_cache_usage(&n, &bytes);
	assert_int_equal(n, 1);
	assert_true(bytes < 16 * 1024);
	page_cache_fini();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_normalised),
		cmocka_unit_test(test_key_not_cached),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_gzip_later),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_lru_entries),
		cmocka_unit_test(test_lru_newest),
		cmocka_unit_test(test_keys_alike),
		cmocka_unit_test(test_byte_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
