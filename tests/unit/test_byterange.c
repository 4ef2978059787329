/* test_byterange.c: unit tests of src/lib/byterange.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/byterange.h"

/* Asserts that header against size gives one range first..first+len. */
static void
one(const char *header, uint64_t size, uint64_t first, uint64_t len)
{
	uint64_t f = 99, n = 99;

	assert_int_equal(byterange_parse(header, size, &f, &n),
	    BYTERANGE_ONE);
	assert_true(f == first);
	assert_true(n == len);
}

static void
test_one_range(void **state)
{
	(void)state;
	one("bytes=0-9", 100, 0, 10);
	one("bytes=10-", 100, 10, 90);
	one("bytes=-5", 100, 95, 5);
	one("BYTES=0-0", 100, 0, 1);
	one("bytes= 3-4 ", 100, 3, 2);
	/* A last position past the end is cut to it; a suffix longer than
	 * the whole is the whole. */
	one("bytes=5-1000", 100, 5, 95);
	one("bytes=-1000", 100, 0, 100);
	one("bytes=99-99", 100, 99, 1);
	/* 64-bit offsets: a file past 4 GiB. */
	one("bytes=5000000000-", 5000000010ULL, 5000000000ULL, 10);
	one("bytes=0-99999999999999999999999", 10, 0, 10);
}

static void
test_whole(void **state)
{
	uint64_t f, n;

	(void)state;
	assert_int_equal(byterange_parse(NULL, 10, &f, &n), BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("", 10, &f, &n), BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("items=0-1", 10, &f, &n),
	    BYTERANGE_WHOLE);
	/* Several ranges: all of it, which RFC 9110 allows. */
	assert_int_equal(byterange_parse("bytes=0-1,4-5", 10, &f, &n),
	    BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("bytes=0-1, 4-5", 10, &f, &n),
	    BYTERANGE_WHOLE);
	/* Not understood: ignored. */
	assert_int_equal(byterange_parse("bytes=5-4", 10, &f, &n),
	    BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("bytes=-", 10, &f, &n),
	    BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("bytes=a-b", 10, &f, &n),
	    BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("bytes=1", 10, &f, &n),
	    BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("bytes=--1", 10, &f, &n),
	    BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("bytes=+1-2", 10, &f, &n),
	    BYTERANGE_WHOLE);
	assert_int_equal(byterange_parse("bytes=1-2x", 10, &f, &n),
	    BYTERANGE_WHOLE);
}

static void
test_unsatisfiable(void **state)
{
	uint64_t f, n;

	(void)state;
	assert_int_equal(byterange_parse("bytes=10-", 10, &f, &n),
	    BYTERANGE_UNSATISFIABLE);
	assert_int_equal(byterange_parse("bytes=10-20", 10, &f, &n),
	    BYTERANGE_UNSATISFIABLE);
	assert_int_equal(byterange_parse("bytes=-0", 10, &f, &n),
	    BYTERANGE_UNSATISFIABLE);
	/* An empty file has no byte to give. */
	assert_int_equal(byterange_parse("bytes=0-", 0, &f, &n),
	    BYTERANGE_UNSATISFIABLE);
	assert_int_equal(byterange_parse("bytes=-5", 0, &f, &n),
	    BYTERANGE_UNSATISFIABLE);
	assert_int_equal(byterange_parse("bytes=99999999999999999999999-",
	    10, &f, &n), BYTERANGE_UNSATISFIABLE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_range),
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_unsatisfiable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
