/* test_pager.c: paging through a list (controllers/pager.c): ?page= by
 * the number rule, the count of pages, 404 past the last, and the model's
 * links either side. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "controllers/pager.h"
#include "lib/arena.h"

/* "/list?page=N" for page n; ctx counts the calls. */
static char *
list_url(struct arena *a, const void *ctx, int64_t n)
{
	int *calls = (int *)(uintptr_t)ctx;

	(*calls)++;
	return arena_printf(a, "/list?page=%lld", (long long)n);
}

static void
test_start(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+1", "01", "1x", " 1", "1000000",
		"99999999999999999999",
	};
	struct pager p;
	size_t i;

	(void)state;
	assert_int_equal(pager_start(&p, NULL, 10), 0);
	assert_true(p.page == 0 && p.pages == 1 && p.per_page == 10);
	assert_int_equal(pager_start(&p, "0", 10), 0);
	assert_true(p.page == 0);
	assert_int_equal(pager_start(&p, "3", 10), 0);
	assert_true(p.page == 3);
	assert_int_equal(pager_start(&p, "999999", 10), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(pager_start(&p, bad[i], 10), 400);
}

static void
test_count(void **state)
{
	struct pager p;

	(void)state;
	/* An empty list still has its first page. */
	assert_int_equal(pager_start(&p, NULL, 10), 0);
	assert_int_equal(pager_count(&p, 0), 0);
	assert_true(p.pages == 1);
	assert_int_equal(pager_start(&p, "1", 10), 0);
	assert_int_equal(pager_count(&p, 0), 404);
	/* 25 items of 10: pages 0, 1 and 2. */
	assert_int_equal(pager_start(&p, "2", 10), 0);
	assert_int_equal(pager_count(&p, 25), 0);
	assert_true(p.pages == 3 && p.total == 25);
	assert_true(pager_offset(&p) == 20);
	assert_int_equal(pager_start(&p, "3", 10), 0);
	assert_int_equal(pager_count(&p, 25), 404);
	assert_int_equal(pager_start(&p, "1", 10), 0);
	assert_int_equal(pager_count(&p, 20), 0);
	assert_true(p.pages == 2);
}

/* Links: none before the first page nor after the last. */
static void
test_model(void **state)
{
	struct arena *a = arena_new();
	struct pager p;
	json_t *m;
	int calls = 0;

	(void)state;
	assert_non_null(a);
	assert_int_equal(pager_start(&p, "1", 10), 0);
	assert_int_equal(pager_count(&p, 30), 0);
	m = json_object();
	assert_int_equal(pager_model(m, &p, a, list_url, &calls), 0);
	assert_int_equal(json_integer_value(json_object_get(m, "page")), 1);
	assert_int_equal(json_integer_value(json_object_get(m,
	    "page_human")), 2);
	assert_int_equal(json_integer_value(json_object_get(m,
	    "page_count")), 3);
	assert_true(json_is_true(json_object_get(m, "has_pages")));
	assert_string_equal(json_string_value(json_object_get(m, "prev_url")),
	    "/list?page=0");
	assert_string_equal(json_string_value(json_object_get(m, "next_url")),
	    "/list?page=2");
	assert_int_equal(calls, 2);
	json_decref(m);

	assert_int_equal(pager_start(&p, NULL, 10), 0);
	assert_int_equal(pager_count(&p, 5), 0);
	m = json_object();
	assert_int_equal(pager_model(m, &p, a, list_url, &calls), 0);
	assert_true(json_is_null(json_object_get(m, "prev_url")));
	assert_true(json_is_null(json_object_get(m, "next_url")));
	assert_true(json_is_false(json_object_get(m, "has_pages")));
	assert_int_equal(calls, 2);
	json_decref(m);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
