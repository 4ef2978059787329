/* test_httpdate.c: unit tests for lib/httpdate.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "lib/httpdate.h"

/* The same time formatted again (from the thread's last one), another
 * time, and the first once more: each its own date, in English. */
static void
test_format_again(void **state)
{
	char out[HTTPDATE_LEN];
	time_t t;

	(void)state;
	httpdate_format(784111777, out);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	httpdate_format(784111777, out);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	httpdate_format(0, out);
	assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
	httpdate_format(784111777, out);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	assert_int_equal(httpdate_parse(out, &t), 0);
	assert_true(t == 784111777);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
