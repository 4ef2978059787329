/* test_httpd_deadline.c: unit tests for transport/httpd_deadline.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "transport/httpd_deadline.h"

/* The whole header within the timeout, however it trickles. */
static void
test_header(void **state)
{
	(void)state;
	assert_true(httpd_deadline_due(HTTPD_HEADER, 5000, 0, 10) == 15000);
	/* Body bytes counted before do not lengthen a header's time. */
	assert_true(httpd_deadline_due(HTTPD_HEADER, 5000, 1 << 20, 10) ==
	    15000);
}

/* A body gets the timeout, then a second for each HTTPD_BODY_RATE bytes
 * that arrived: 64 MiB at the slowest rate within 10 s + 4096 s. */
static void
test_body(void **state)
{
	(void)state;
	assert_true(httpd_deadline_due(HTTPD_BODY, 0, 0, 10) == 10000);
	assert_true(httpd_deadline_due(HTTPD_BODY, 0, HTTPD_BODY_RATE, 10) ==
	    11000);
	assert_true(httpd_deadline_due(HTTPD_BODY, 0, HTTPD_BODY_RATE / 2,
	    2) == 2500);
	assert_true(httpd_deadline_due(HTTPD_BODY, 1000,
	    (uint64_t)64 << 20, 10) == 1000 + 10000 + 4096000);
}

/* A request being answered has no deadline of ours. */
static void
test_answer(void **state)
{
	(void)state;
	assert_true(httpd_deadline_due(HTTPD_ANSWER, 0, 0, 10) < 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
