/* test_resident.c: unit tests for lib/resident.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/resident.h"
#include "proc_status.h"

/* Data the loader or the program wrote: must outlive the drop. */
static int written = 7;

static int
twice(int x)
{
	return 2 * x;
}

static int
thrice(int x)
{
	return 3 * x;
}

/* A table of pointers: relocated at load, then made read-only (RELRO). */
static int (*const table[])(int) = { twice, thrice };
static const char text[] = "read-only data, dropped and read back";

static int
compare(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The program's and libc's segments go; what was in use comes back. */
static void
test_drops_file_pages(void **state)
{
	long before, after;

	(void)state;
	before = proc_status_kib("RssFile:");
	assert_true(resident_drop_file_pages() > 0);
	after = proc_status_kib("RssFile:");
	assert_true(before > 0 && after >= 0);
	assert_true(after < before);
}

/* Writable data, RELRO'd pointers and read-only data read the same after
 * a drop; calls through the libraries' tables still land. */
static void
test_keeps_what_was_written(void **state)
{
	int v[] = { 3, 1, 2 };
	char buf[64];

	(void)state;
	written = 42;
	assert_true(resident_drop_file_pages() > 0);
	assert_int_equal(written, 42);
	assert_int_equal(table[0](5), 10);
	assert_int_equal(table[1](5), 15);
	assert_string_equal(text, "read-only data, dropped and read back");
	qsort(v, 3, sizeof(v[0]), compare);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[2], 3);
	snprintf(buf, sizeof(buf), "%s %d", "again", resident_drop_file_pages()
	    > 0);
	assert_string_equal(buf, "again 1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drops_file_pages),
		cmocka_unit_test(test_keeps_what_was_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
