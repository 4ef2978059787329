/* test_access_log.c: the path as the logs show it (access_log_path), which
 * the access log and app.c's error lines share: no query, and never a
 * preview link's token, however the path is written; and a line's store
 * work is its request's alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "request.h"
#include "response.h"
#include "store/site_counts.h"
#include "store_fixture.h"
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

/* A line zeroes the thread's store work once it has logged it: a request
 * refused before app_handle (which zeroes it too) logs none, not the
 * previous request's. */
static void
test_work_zeroed(void **state)
{
	struct fixture *f = NULL;
	struct site_counts c;
	struct store_work w;
	struct response rs;
	struct request *rq;

	(void)state;
	assert_int_equal(fixture_open((void **)&f, 0), 0);
	store_work_reset();
	assert_int_equal(store_site_counts(f->s, &c), STORE_OK);
	store_work_read(&w);
	assert_true(w.vm_steps > 0);
	assert_non_null(rq = arena_alloc(f->a, sizeof(*rq)));
	request_init(rq, f->a);
	assert_int_equal(request_set_target(rq, "/news"), 0);
	response_init(&rs);
	access_log(rq, &rs, 0, 1);
	store_work_read(&w);
	assert_int_equal(w.vm_steps, 0);
	assert_int_equal(w.page_reads, 0);
	response_free(&rs);
	assert_int_equal(teardown((void **)&f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_work_zeroed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
