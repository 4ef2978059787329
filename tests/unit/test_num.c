/* test_num.c: unit tests for lib/num.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/num.h"

static void
test_ids(void **state)
{
	static const char *bad[] = {
		NULL, "", "0", "00", "01", "-1", "+1", " 1", "1 ", "1a",
		"0x10", "1e3", "1000000000000000000", "9223372036854775807",
		"99999999999999999999999", "１",
	};
	int64_t v = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(num_parse_id(bad[i], &v), -1);
		assert_int_equal(v, 42);
	}
	assert_int_equal(num_parse_id("1", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(num_parse_id("999999999999999999", &v), 0);
	assert_true(v == NUM_ID_MAX);
}

static void
test_pages(void **state)
{
	int64_t v = 7;

	(void)state;
	assert_int_equal(num_parse_page("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(num_parse_page("999999", &v), 0);
	assert_int_equal(v, 999999);
	assert_int_equal(num_parse_page("1000000", &v), -1);
	assert_int_equal(num_parse_page("00", &v), -1);
	assert_int_equal(num_parse_page("-0", &v), -1);
	assert_int_equal(v, 999999);
}

static void
test_range(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_int_equal(num_parse("5", 5, 5, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(num_parse("4", 5, 9, &v), -1);
	assert_int_equal(num_parse("10", 5, 9, &v), -1);
	assert_int_equal(num_parse("9223372036854775807", 0, INT64_MAX, &v),
	    0);
	assert_true(v == INT64_MAX);
	assert_int_equal(num_parse("9223372036854775808", 0, INT64_MAX, &v),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
