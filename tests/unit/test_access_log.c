/* test_access_log.c: the path as the logs show it (access_log_path), which
 * the access log and app.c's error lines share: no query, and never a
 * preview link's token, however the path is written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "request.h"
#include "transport/access_log.h"

#define TOKEN	"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE"

/* What target is logged as. */
static void
logged_as(const char *target, const char *want)
{
	char out[ACCESS_PATH_MAX + 1];
	struct request *rq;
	struct arena *a;

	assert_non_null(a = arena_new());
	assert_non_null(rq = arena_alloc(a, sizeof(*rq)));
	request_init(rq, a);
	assert_int_equal(request_set_target(rq, target), 0);
	assert_string_equal(access_log_path(rq, out), want);
	assert_null(strstr(out, "AbCdEf"));
	arena_free(a);
}

static void
test_paths(void **state)
{
	(void)state;
	logged_as("/news/a?q=secret", "/news/a");
	logged_as("/preview/" TOKEN, "/preview/(token)");
	logged_as("/preview/" TOKEN "?x=1", "/preview/(token)");
	logged_as("/hu/preview/" TOKEN, "/hu/preview/(token)");
	/* Routed as /preview/ once decoded: found there. */
	logged_as("/%70review/" TOKEN, "/preview/(token)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
