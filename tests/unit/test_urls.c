/* test_urls.c: unit tests of src/view/urls.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "view/urls.h"

#define BASE	"https://www.example.org"

/* Absolute URLs come from [site] base_url, whatever the request said. */
static void
test_absolute(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_non_null(a);
	assert_string_equal(url_absolute(a, BASE, "/"), BASE "/");
	assert_string_equal(url_absolute(a, BASE, url_news(a, "hu",
	    "a b")), BASE "/hu/news/a%20b");
	assert_string_equal(url_absolute(a, BASE, url_news_list(a, NULL, 2)),
	    BASE "/news?page=2");
	/* A language's home is its prefix itself: "/hu/" only redirects. */
	assert_string_equal(url_home(a, "hu"), "/hu");
	assert_string_equal(url_home(a, NULL), "/");
	assert_string_equal(url_home(a, ""), "/");
	arena_free(a);
}

/* Only this site's URLs give a path back: not another host, not one that
 * starts like ours, not "//" or "/\\" after it. */
static void
test_site_path(void **state)
{
	(void)state;
	assert_string_equal(url_site_path(BASE, BASE "/admin/news/new"),
	    "/admin/news/new");
	assert_string_equal(url_site_path(BASE, BASE "/"), "/");
	assert_null(url_site_path(BASE, BASE));
	assert_null(url_site_path(BASE, BASE ".evil.example/admin"));
	assert_null(url_site_path(BASE, BASE "//evil.example/"));
	assert_null(url_site_path(BASE, BASE "/\\evil.example/"));
	assert_null(url_site_path(BASE, "http://www.example.org/admin"));
	assert_null(url_site_path(BASE, "/admin"));
	assert_null(url_site_path(BASE, NULL));
}

/* A page of search results: each value encoded, the defaults left out. */
static void
test_search_results(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_non_null(a);
	assert_string_equal(url_search_results(a, NULL, NULL, NULL, 0, 0),
	    "/search");
	assert_string_equal(url_search_results(a, "hu", "", "", 0, 0),
	    "/hu/search");
	assert_string_equal(url_search_results(a, NULL, "a b&c=\"d\"",
	    NULL, 0, 2), "/search?q=a%20b%26c%3D%22d%22&page=2");
	assert_string_equal(url_search_results(a, "hu", "migr\xc3\xa1ns",
	    "news", 2021, 1),
	    "/hu/search?q=migr%C3%A1ns&type=news&year=2021&page=1");
	assert_string_equal(url_search_results(a, NULL, NULL, "page", 0, 0),
	    "/search?type=page");
	arena_free(a);
}

static void
test_signin(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_non_null(a);
	assert_string_equal(url_signin(a, "/admin"),
	    "/admin/login?next=%2Fadmin");
	assert_string_equal(url_signin(a, "/admin/news?page=2&x=a b"),
	    "/admin/login?next=%2Fadmin%2Fnews%3Fpage%3D2%26x%3Da%20b");
	arena_free(a);
}

/* A feed entry's id: the host of base_url (no port, path or brackets,
 * lower-case), the UTC date the row was made, the row's id. */
static void
test_news_tag(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_non_null(a);
	/* 2024-12-18T23:30:00Z: still the 18th in UTC. */
	assert_string_equal(url_news_tag(a, BASE, 1734564600, 12),
	    "tag:www.example.org,2024-12-18:news/12");
	/* A base_url moved to another path, or given a port, or written
	 * in capitals: the same id. */
	assert_string_equal(url_news_tag(a, "https://WWW.Example.org:8443/"
	    "hungary", 1734564600, 12),
	    "tag:www.example.org,2024-12-18:news/12");
	assert_string_equal(url_news_tag(a, "http://[::1]:8080", 0, 3),
	    "tag:::1,1970-01-01:news/3");
	assert_null(url_news_tag(a, "no host", 0, 3));
	assert_null(url_news_tag(a, "http:///x", 0, 3));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_site_path),
		cmocka_unit_test(test_search_results),
		cmocka_unit_test(test_signin),
		cmocka_unit_test(test_news_tag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
