/* test_page_cache_sites.c: unit tests of src/page_cache.c's partitions:
 * one site's key never finds another's page, and a busy site cannot evict
 * a quiet one's pages below its share of the entries or of the bytes,
 * while a site above its share gives back its least recently used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/blob.h"
#include "page_cache.h"

static const struct cache_deps deps = { 1, { 0 }, { 7 } };

/* Keeps len bytes of body for key in partition part. */
static void
put(unsigned part, const char *key, const char *body, size_t len)
{
	struct cached_page p;

	assert_int_equal(page_cache_put(part, key, &deps, 0, 1000,
	    "image/png", true, body, len, &p), 0);
	page_cache_release(&p);
}

/* Whether partition part holds key, with body's first byte. */
static bool
hit(unsigned part, const char *key, char first)
{
	struct cached_page p;
	bool same;

	if (page_cache_get(part, key, &deps, 2000, true, &p) == -1)
		return false;
	same = p.body->len > 0 && p.body->data[0] == first;
	page_cache_release(&p);
	return same;
}

static void
test_partitions_apart(void **state)
{
	(void)state;
	assert_int_equal(page_cache_init(16, 1 << 20), 0);
	page_cache_sites(3);
	put(1, "/", "a", 1);
	put(2, "/", "b", 1);
	assert_true(hit(1, "/", 'a'));
	assert_true(hit(2, "/", 'b'));
	assert_false(hit(3, "/", 'a'));
	assert_false(hit(0, "/", 'a'));
	page_cache_fini();
}

/* Ten entries for two sites: the quiet one keeps its three pages however
 * many the busy one renders; the busy one gets the rest. */
static void
test_entry_floor(void **state)
{
	char key[32];
	size_t n, bytes, i;

	(void)state;
	assert_int_equal(page_cache_init(10, 8 << 20), 0);
	page_cache_sites(2);
	put(2, "/q1", "q", 1);
	put(2, "/q2", "q", 1);
	put(2, "/q3", "q", 1);
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "/busy/%zu", i);
		put(1, key, "b", 1);
	}
	assert_true(hit(2, "/q1", 'q'));
	assert_true(hit(2, "/q2", 'q'));
	assert_true(hit(2, "/q3", 'q'));
	page_cache_usage(&n, &bytes);
	assert_int_equal(n, 10);
	page_cache_site_usage(1, &n, &bytes);
	assert_int_equal(n, 7);
	/* The busy site's newest pages are the ones it kept. */
	assert_true(hit(1, "/busy/999", 'b'));
	assert_false(hit(1, "/busy/992", 'b'));
	page_cache_fini();
}

/* A site that filled the cache while alone gives back what is over its
 * share, oldest first, when another needs room, and keeps its share. */
static void
test_share_given_back(void **state)
{
	char key[32];
	size_t n, bytes, i;

	(void)state;
	assert_int_equal(page_cache_init(10, 8 << 20), 0);
	page_cache_sites(2);
	for (i = 0; i < 10; i++) {
		snprintf(key, sizeof(key), "/early/%zu", i);
		put(2, key, "e", 1);
	}
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "/busy/%zu", i);
		put(1, key, "b", 1);
	}
	page_cache_site_usage(2, &n, &bytes);
	assert_int_equal(n, 5);
	assert_false(hit(2, "/early/4", 'e'));
	assert_true(hit(2, "/early/5", 'e'));
	assert_true(hit(2, "/early/9", 'e'));
	page_cache_site_usage(1, &n, &bytes);
	assert_int_equal(n, 5);
	page_cache_fini();
}

/* The same for the byte bound: 100 KiB for two sites, pages of 20 KiB. */
static void
test_byte_floor(void **state)
{
	static char body[20 * 1024];
	char key[32];
	size_t n, bytes, i;

	(void)state;
	memset(body, 'x', sizeof(body));
	assert_int_equal(page_cache_init(1000, 100 * 1024), 0);
	page_cache_sites(2);
	put(2, "/q1", body, sizeof(body));
	put(2, "/q2", body, sizeof(body));
	for (i = 0; i < 50; i++) {
		snprintf(key, sizeof(key), "/busy/%zu", i);
		put(1, key, body, sizeof(body));
	}
	assert_true(hit(2, "/q1", 'x'));
	assert_true(hit(2, "/q2", 'x'));
	page_cache_usage(&n, &bytes);
	assert_true(bytes <= 100 * 1024);
	page_cache_site_usage(1, &n, &bytes);
	assert_true(n >= 1);
	assert_true(bytes <= 50 * 1024 + 20 * 1024);
	page_cache_fini();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partitions_apart),
		cmocka_unit_test(test_entry_floor),
		cmocka_unit_test(test_share_given_back),
		cmocka_unit_test(test_byte_floor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
