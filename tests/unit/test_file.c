/* test_file.c: unit tests of src/lib/file.c's file_sync (file_read_at is
 * exercised by the static files' loading). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/file.h"

static void
test_sync(void **state)
{
	char dir[] = "/tmp/test_file.XXXXXX", path[64];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("x", f);
	fclose(f);
	assert_int_equal(file_sync(path, false), 0);
	assert_int_equal(file_sync(dir, true), 0);
	/* A file is no folder; a missing path fails with its errno. */
	assert_int_equal(file_sync(path, true), -1);
	assert_int_equal(errno, ENOTDIR);
	unlink(path);
	assert_int_equal(file_sync(path, false), -1);
	assert_int_equal(errno, ENOENT);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
