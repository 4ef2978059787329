/* test_conditional.c: unit tests of src/conditional.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "conditional.h"
#include "lib/arena.h"
#include "request.h"
#include "response.h"

/* The status rs gets for a 200 with ETag "abc-gz" and a Last-Modified,
 * asked with header hname: hvalue. */
static int
status_for(const char *hname, const char *hvalue, int status)
{
	struct arena *a = arena_new();
	struct request rq;
	struct response rs;
	int ret;

	assert_non_null(a);
	request_init(&rq, a);
	response_init(&rs);
	rs.status = status;
	assert_int_equal(response_set_header(&rs, "ETag", "\"abc-gz\""), 0);
	assert_int_equal(response_set_header(&rs, "Last-Modified",
	    "Fri, 17 Dec 2021 10:00:00 GMT"), 0);
	if (hname != NULL)
		assert_int_equal(request_add_header(&rq, hname, hvalue), 0);
	conditional_apply(&rq, &rs);
	ret = rs.status;
	response_free(&rs);
	arena_free(a);
	return ret;
}

static void
test_if_none_match(void **state)
{
	(void)state;
	assert_int_equal(status_for(NULL, NULL, 200), 200);
	assert_int_equal(status_for("If-None-Match", "\"abc-gz\"", 200), 304);
	assert_int_equal(status_for("If-None-Match", "W/\"abc-gz\"", 200),
	    304);
	/* Either tag of a cache holding both encodings. */
	assert_int_equal(status_for("If-None-Match", "\"abc\", \"abc-gz\"",
	    200), 304);
	assert_int_equal(status_for("If-None-Match", " \"x\" ,\t\"abc-gz\" ",
	    200), 304);
	assert_int_equal(status_for("If-None-Match", "*", 200), 304);
	/* The other encoding's tag is not this answer's. */
	assert_int_equal(status_for("If-None-Match", "\"abc\"", 200), 200);
	assert_int_equal(status_for("If-None-Match", "\"abc-gz", 200), 200);
	assert_int_equal(status_for("If-None-Match", "", 200), 200);
	/* Only a 200 becomes a 304. */
	assert_int_equal(status_for("If-None-Match", "\"abc-gz\"", 404), 404);
}

static void
test_if_modified_since(void **state)
{
	(void)state;
	assert_int_equal(status_for("If-Modified-Since",
	    "Fri, 17 Dec 2021 10:00:00 GMT", 200), 304);
	assert_int_equal(status_for("If-Modified-Since",
	    "Sat, 18 Dec 2021 10:00:00 GMT", 200), 304);
	assert_int_equal(status_for("If-Modified-Since",
	    "Fri, 17 Dec 2021 09:59:59 GMT", 200), 200);
	assert_int_equal(status_for("If-Modified-Since", "yesterday", 200),
	    200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_if_none_match),
		cmocka_unit_test(test_if_modified_since),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
