/* test_dates.c: unit tests for view/dates.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "view/dates.h"

/* 2021-12-17 10:05:09 UTC. */
#define STATEMENT_TIME	((time_t)1639735509)

static void
test_date_text(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(date_text(a, "2021-12-17"), "17 December 2021");
	assert_string_equal(date_text(a, "2021-13-17"), "2021-13-17");
	assert_string_equal(date_text(a, "17/12/2021"), "17/12/2021");
	arena_free(a);
}

static void
test_time_format(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(time_format(a, STATEMENT_TIME,
	    "%Y-%m-%dT%H:%M:%SZ", true), "2021-12-17T10:05:09Z");
	/* The site's zone: Budapest is UTC+1 in December. */
	assert_string_equal(time_format(a, STATEMENT_TIME,
	    "%Y-%m-%d %H:%M", false), "2021-12-17 11:05");
	assert_string_equal(when_text(a, STATEMENT_TIME),
	    "17 December 2021, 11:05");
	/* Past what a calendar can show: "", never NULL. */
	assert_string_equal(time_format(a, (time_t)INT64_MAX, "%Y", false),
	    "");
	assert_string_equal(when_text(a, (time_t)INT64_MAX), "");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_text),
		cmocka_unit_test(test_time_format),
	};

	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
