/* test_httpd_memo.c: unit tests for transport/httpd_memo.c. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "lib/blob.h"
#include "request.h"
#include "response.h"
#include "transport/httpd_memo.h"

/* The request the answers below were made for: a GET of no page of the
 * page cache (their origin is none), so found again by answer only. */
static struct request rq = { .method = METHOD_GET, .target = "/" };
/* rq has no site: no answer of these tests is a page to reuse. */
static const struct memo_ask plain;

/* A cached page's answer: its shared body and two headers. */
static void
page(struct response *rs, struct blob *b, const char *etag)
{
	response_init(rs);
	response_share(rs, b);
	assert_int_equal(response_header(rs, "Content-Type", "text/html"), 0);
	assert_int_equal(response_header(rs, "ETag", etag), 0);
}

static struct MHD_Response *
made(struct blob *b)
{
	return MHD_create_response_from_buffer(b->len, b->data,
	    MHD_RESPMEM_PERSISTENT);
}

/* Runs fn on a thread of its own, as libmicrohttpd's are, so that the
 * memo it made is given back when the thread ends. */
static void
on_thread(void *(*fn)(void *))
{
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, fn, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

/* The same answer again finds the response kept for it; an answer that
 * differs in any header, its status or its body does not. */
static void *
same_answer(void *arg)
{
	struct blob *b = blob_new("<p>page</p>", 11);
	struct blob *other = blob_new("<p>page</p>", 11);
	struct MHD_Response *r;
	struct response rs;

	(void)arg;
	page(&rs, b, "\"1\"");
	assert_null(httpd_memo_find(NULL, &rq, &rs));
	r = made(b);
	assert_true(httpd_memo_keep(&plain, &rq, &rs, r));
	assert_ptr_equal(httpd_memo_find(NULL, &rq, &rs), r);
	response_free(&rs);

	page(&rs, b, "\"1\"");
	assert_ptr_equal(httpd_memo_find(NULL, &rq, &rs), r);
	rs.status = 404;
	assert_null(httpd_memo_find(NULL, &rq, &rs));
	response_free(&rs);

	page(&rs, b, "\"2\"");
	assert_null(httpd_memo_find(NULL, &rq, &rs));
	response_free(&rs);

	page(&rs, b, "\"1\"");
	assert_int_equal(response_header(&rs, "Vary", "Cookie"), 0);
	assert_null(httpd_memo_find(NULL, &rq, &rs));
	response_free(&rs);

	/* Equal bytes in another blob: another answer (another page). */
	page(&rs, other, "\"1\"");
	assert_null(httpd_memo_find(NULL, &rq, &rs));
	response_free(&rs);
	blob_unref(b);
	blob_unref(other);
	return NULL;
}

static void
test_same_answer(void **state)
{
	(void)state;
	on_thread(same_answer);
}

/* Only an answer with a shared body of at most 256 KiB that leaves the
 * connection open is kept: nothing else is served twice alike. */
static void *
not_kept(void *arg)
{
	static char big[256 * 1024 + 1];
	struct blob *b = blob_new("<p>page</p>", 11);
	struct blob *large = blob_new(big, sizeof(big));
	struct MHD_Response *r = made(b);
	struct response rs;

	(void)arg;
	response_init(&rs);
	assert_int_equal(buf_add(&rs.body, "built", 5), 0);
	assert_false(httpd_memo_keep(&plain, &rq, &rs, r));
	response_free(&rs);

	page(&rs, b, "\"1\"");
	rs.close = true;
	assert_false(httpd_memo_keep(&plain, &rq, &rs, r));
	rs.close = false;
	rs.status = 304;
	assert_false(httpd_memo_keep(&plain, &rq, &rs, r));
	response_free(&rs);

	page(&rs, large, "\"1\"");
	assert_false(httpd_memo_keep(&plain, &rq, &rs, r));
	response_free(&rs);

	MHD_destroy_response(r);
	blob_unref(b);
	blob_unref(large);
	return NULL;
}

static void
test_not_kept(void **state)
{
	(void)state;
	on_thread(not_kept);
}

/* 16 answers a thread: a 17th takes the place of the one found longest
 * ago; each thread has its own. */
static void *
seventeen(void *arg)
{
	static struct blob *b[17];
	struct MHD_Response *r[17];
	struct response rs;
	char etag[16];
	int i;

	(void)arg;
	for (i = 0; i < 17; i++) {
		b[i] = blob_new("<p>page</p>", 11);
		snprintf(etag, sizeof(etag), "\"%d\"", i);
		page(&rs, b[i], etag);
		r[i] = made(b[i]);
		assert_true(httpd_memo_keep(&plain, &rq, &rs, r[i]));
		response_free(&rs);
		if (i == 15) {
			/* The first, found again, is no longer the
			 * oldest: the second goes. */
			page(&rs, b[0], "\"0\"");
			assert_ptr_equal(httpd_memo_find(NULL, &rq, &rs), r[0]);
			response_free(&rs);
		}
	}
	for (i = 0; i < 17; i++) {
		snprintf(etag, sizeof(etag), "\"%d\"", i);
		page(&rs, b[i], etag);
		if (i == 1)
			assert_null(httpd_memo_find(NULL, &rq, &rs));
		else
			assert_ptr_equal(httpd_memo_find(NULL, &rq, &rs), r[i]);
		response_free(&rs);
	}
	/* The evicted response was destroyed by the memo; the others go
	 * when this thread ends, before the blobs they point into. */
	return b;
}

static void
test_seventeen(void **state)
{
	pthread_t t;
	void *ret;
	struct blob **b;
	int i;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, seventeen, NULL), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	b = ret;
	for (i = 0; i < 17; i++)
		blob_unref(b[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_answer),
		cmocka_unit_test(test_not_kept),
		cmocka_unit_test(test_seventeen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
