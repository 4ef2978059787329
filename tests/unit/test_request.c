/* test_request.c: unit tests of src/request.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "request.h"

static int
setup(void **state)
{
	struct request *rq;
	struct arena *a;

	if ((a = arena_new()) == NULL ||
	    (rq = arena_alloc(a, sizeof(*rq))) == NULL)
		return -1;
	request_init(rq, a);
	*state = rq;
	return 0;
}

static int
teardown(void **state)
{
	struct request *rq = *state;

	arena_free(rq->arena);
	return 0;
}

static void
test_init(void **state)
{
	struct request *rq = *state;

	assert_string_equal(rq->path, "/");
	assert_string_equal(rq->query, "");
	assert_string_equal(rq->body, "");
	assert_int_equal(rq->nheaders, 0);
	assert_null(request_header(rq, "host"));
	assert_null(request_query(rq, "q"));
	assert_null(request_cookie(rq, "c"));
}

static void
test_method(void **state)
{
	(void)state;
	assert_int_equal(request_method("GET"), METHOD_GET);
	assert_int_equal(request_method("HEAD"), METHOD_HEAD);
	assert_int_equal(request_method("POST"), METHOD_POST);
	assert_int_equal(request_method("PUT"), METHOD_PUT);
	assert_int_equal(request_method("DELETE"), METHOD_DELETE);
	assert_int_equal(request_method("PATCH"), METHOD_PATCH);
	assert_int_equal(request_method("OPTIONS"), METHOD_OPTIONS);
	assert_int_equal(request_method("get"), METHOD_OTHER);
	assert_int_equal(request_method("GETX"), METHOD_OTHER);
	assert_int_equal(request_method(""), METHOD_OTHER);
	assert_int_equal(request_method(NULL), METHOD_OTHER);
}

static void
test_target_good(void **state)
{
	struct request *rq = *state;

	assert_int_equal(request_set_target(rq, "/"), 0);
	assert_string_equal(rq->path, "/");
	assert_string_equal(rq->query, "");

	assert_int_equal(request_set_target(rq, "/news/a%20b?page=2&x"), 0);
	assert_string_equal(rq->target, "/news/a%20b?page=2&x");
	assert_string_equal(rq->path, "/news/a b");
	assert_string_equal(rq->query, "page=2&x");

	/* Decoded once: %2F is a '/', %2525 is "%25", '+' stays. */
	assert_int_equal(request_set_target(rq, "/a%2Fb/%2525/c+d"), 0);
	assert_string_equal(rq->path, "/a/b/%25/c+d");

	/* Only the first '?' splits; an empty query is "". */
	assert_int_equal(request_set_target(rq, "/p?a=1?b"), 0);
	assert_string_equal(rq->path, "/p");
	assert_string_equal(rq->query, "a=1?b");
	assert_int_equal(request_set_target(rq, "/p?"), 0);
	assert_string_equal(rq->query, "");

	/* UTF-8, escaped, decodes to its bytes. */
	assert_int_equal(request_set_target(rq, "/caf%C3%A9"), 0);
	assert_string_equal(rq->path, "/caf\xc3\xa9");

	/* An escaped '?' is part of the path; the query keeps its escapes,
	 * a control byte among them (the form reader refuses it). */
	assert_int_equal(request_set_target(rq, "/a%3Fb?c=%0D%3F"), 0);
	assert_string_equal(rq->target, "/a%3Fb?c=%0D%3F");
	assert_string_equal(rq->path, "/a?b");
	assert_string_equal(rq->query, "c=%0D%3F");
}

static void
test_target_bad(void **state)
{
	struct request *rq = *state;

	assert_int_equal(request_set_target(rq, ""), 400);
	assert_int_equal(request_set_target(rq, "a/b"), 400);
	assert_int_equal(request_set_target(rq, "*"), 400);
	assert_int_equal(request_set_target(rq,
	    "http://evil.example/"), 400);
	assert_int_equal(request_set_target(rq, "evil.example:443"), 400);
	assert_int_equal(request_set_target(rq, "/a%00b"), 400);
	assert_int_equal(request_set_target(rq, "/a?x=%00"), 400);
	assert_int_equal(request_set_target(rq, "/a%zzb"), 400);
	assert_int_equal(request_set_target(rq, "/a%4"), 400);
	assert_int_equal(request_set_target(rq, "/a%"), 400);
	assert_int_equal(request_set_target(rq, "/a?q=%g1"), 400);
	assert_int_equal(request_set_target(rq, "/a\x01"), 400);
	assert_int_equal(request_set_target(rq, "/a\x1f"), 400);
	assert_int_equal(request_set_target(rq, "/a\x7f"), 400);
	assert_int_equal(request_set_target(rq, "/a\r\nb"), 400);
	assert_int_equal(request_set_target(rq, "/a b"), 400);
	assert_int_equal(request_set_target(rq, "/a\tb"), 400);
	assert_int_equal(request_set_target(rq, "/caf\xc3\xa9"), 400);
	assert_int_equal(request_set_target(rq, "/a%0d%0aSet-Cookie:x"), 400);
	assert_int_equal(request_set_target(rq, "/a%7f"), 400);
	/* A refused target leaves the request as it was. */
	assert_string_equal(rq->path, "/");
}

/* A target is read eight bytes at a time: whatever the place of a bad
 * byte, an escape or the '?', the answer is the byte-by-byte one. */
static void
test_target_every_place(void **state)
{
	static const char bad[] = { '\x01', ' ', '\x7f', '\x80', '\xff' };
	struct request *rq = *state;
	char t[32], want[32];
	size_t at, k;

	for (at = 1; at < 28; at++) {
		for (k = 0; k < sizeof(bad); k++) {
			memset(t, 'a', 28);
			t[0] = '/';
			t[28] = '\0';
			t[at] = bad[k];
			assert_int_equal(request_set_target(rq, t), 400);
		}
		/* An escape at, decoded once. */
		if (at <= 25) {
			memset(t, 'b', 28);
			t[0] = '/';
			t[28] = '\0';
			memcpy(t + at, "%41", 3);
			assert_int_equal(request_set_target(rq, t), 0);
			memset(want, 'b', 26);
			want[0] = '/';
			want[at] = 'A';
			want[26] = '\0';
			assert_string_equal(rq->path, want);
		}
		/* A '?' at: the path before it, the query after. */
		memset(t, 'c', 28);
		t[0] = '/';
		t[28] = '\0';
		t[at] = '?';
		assert_int_equal(request_set_target(rq, t), 0);
		assert_int_equal(strlen(rq->path), at);
		assert_int_equal(strlen(rq->query), 27 - at);
		/* A bad escape after it is refused all the same. */
		if (at < 25) {
			memcpy(t + at + 1, "%0G", 3);
			assert_int_equal(request_set_target(rq, t), 400);
		}
	}
}

static void
test_target_long(void **state)
{
	struct request *rq = *state;
	char t[REQUEST_TARGET_MAX + 2];

	memset(t, 'a', sizeof(t));
	t[0] = '/';
	t[REQUEST_TARGET_MAX] = '\0';
	assert_int_equal(request_set_target(rq, t), 0);
	assert_int_equal(strlen(rq->path), REQUEST_TARGET_MAX);
	t[REQUEST_TARGET_MAX] = 'a';
	t[REQUEST_TARGET_MAX + 1] = '\0';
	assert_int_equal(request_set_target(rq, t), 414);
}

static void
test_url_decode(void **state)
{
	struct request *rq = *state;
	char *s;

	s = url_decode(rq->arena, "a+b%20c%2b", 10, true);
	assert_string_equal(s, "a b c+");
	s = url_decode(rq->arena, "a+b", 3, false);
	assert_string_equal(s, "a+b");
	s = url_decode(rq->arena, "%41%62%ff", 9, false);
	assert_string_equal(s, "Ab\xff");
	/* Only len bytes are read. */
	s = url_decode(rq->arena, "abc%4", 3, false);
	assert_string_equal(s, "abc");
	assert_null(url_decode(rq->arena, "abc%4", 5, false));
	assert_null(url_decode(rq->arena, "%00", 3, false));
	assert_null(url_decode(rq->arena, "a\0b", 3, false));
	assert_null(url_decode(rq->arena, "%G0", 3, false));
	s = url_decode(rq->arena, "", 0, true);
	assert_string_equal(s, "");
}

static void
test_query(void **state)
{
	struct request *rq = *state;

	assert_int_equal(request_set_target(rq, "/s?q=hello+w%C3%B6rld"
	    "&empty=&flag&dup=1&dup=2&a%20b=c&plus=%2B&&last=x%26y"), 0);
	assert_string_equal(request_query(rq, "q"), "hello w\xc3\xb6rld");
	assert_string_equal(request_query(rq, "empty"), "");
	assert_string_equal(request_query(rq, "flag"), "");
	assert_string_equal(request_query(rq, "dup"), "1");
	assert_string_equal(request_query(rq, "a b"), "c");
	assert_string_equal(request_query(rq, "plus"), "+");
	assert_string_equal(request_query(rq, "last"), "x&y");
	assert_null(request_query(rq, "missing"));
	assert_null(request_query(rq, "fla"));
	assert_null(request_query(rq, "flags"));
	assert_null(request_query(rq, "a%20b"));

	assert_int_equal(request_set_target(rq, "/s"), 0);
	assert_null(request_query(rq, "q"));
	assert_int_equal(request_set_target(rq, "/s?page=0"), 0);
	assert_string_equal(request_query(rq, "page"), "0");
}

static void
test_headers(void **state)
{
	struct request *rq = *state;
	char name[32];
	size_t i;

	assert_int_equal(request_add_header(rq, "Content-Type", "text/plain"),
	    0);
	assert_int_equal(request_add_header(rq, "X-DUP", "1"), 0);
	assert_int_equal(request_add_header(rq, "x-dup", "2"), 0);
	assert_string_equal(rq->headers[0].name, "content-type");
	assert_string_equal(request_header(rq, "content-type"), "text/plain");
	assert_string_equal(request_header(rq, "Content-Type"), "text/plain");
	assert_string_equal(request_header(rq, "x-dup"), "1");
	assert_null(request_header(rq, "content"));

	for (i = rq->nheaders; i < REQUEST_HEADER_COUNT; i++) {
		snprintf(name, sizeof(name), "X-H%zu", i);
		assert_int_equal(request_add_header(rq, name, "v"), 0);
	}
	assert_int_equal(rq->nheaders, REQUEST_HEADER_COUNT);
	assert_int_equal(request_add_header(rq, "X-One-Too-Many", "v"), 431);
	assert_int_equal(rq->nheaders, REQUEST_HEADER_COUNT);
	assert_null(request_header(rq, "x-one-too-many"));
}

static void
test_cookies(void **state)
{
	struct request *rq = *state;

	assert_null(request_cookie(rq, "wp_session"));
	assert_int_equal(request_add_header(rq, "Cookie",
	    "a=1;b=2;  wp_session = tok123 ;c=\"quoted\"; d=; e; =f; "
	    "a=dup; long_name=x"), 0);
	assert_string_equal(request_cookie(rq, "a"), "1");
	assert_string_equal(request_cookie(rq, "b"), "2");
	assert_string_equal(request_cookie(rq, "wp_session"), "tok123");
	assert_string_equal(request_cookie(rq, "c"), "quoted");
	assert_string_equal(request_cookie(rq, "d"), "");
	assert_null(request_cookie(rq, "e"));
	assert_null(request_cookie(rq, ""));
	assert_null(request_cookie(rq, "long"));
	assert_null(request_cookie(rq, "name"));
	assert_null(request_cookie(rq, "missing"));
	/* A second Cookie header is searched too. */
	assert_int_equal(request_add_header(rq, "cookie", "z=26"), 0);
	assert_string_equal(request_cookie(rq, "z"), "26");
}

static void
test_cookies_many(void **state)
{
	struct request *rq = *state;
	char buf[4096], name[16];
	size_t i, len = 0;

	for (i = 0; i < 200; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "%sk%zu=v%zu", i ? "; " : "", i, i);
	assert_int_equal(request_add_header(rq, "Cookie", buf), 0);
	assert_string_equal(request_cookie(rq, "k0"), "v0");
	assert_string_equal(request_cookie(rq, "k199"), "v199");
	snprintf(name, sizeof(name), "k%d", 200);
	assert_null(request_cookie(rq, name));
}

static void
test_route_arg(void **state)
{
	struct request *rq = *state;

	assert_string_equal(route_arg(rq, 0), "");
	rq->args[0] = "slug";
	rq->nargs = 1;
	assert_string_equal(route_arg(rq, 0), "slug");
	assert_string_equal(route_arg(rq, 1), "");
	assert_string_equal(route_arg(rq, REQUEST_ARGS_MAX + 5), "");
}

static void
test_tchar(void **state)
{
	const char *yes = "azAZ09!#$%&'*+-.^_`|~";
	const char *no = " \t\"(),/:;<=>?@[\\]{}";

	(void)state;
	for (; *yes != '\0'; yes++)
		assert_true(request_tchar((unsigned char)*yes));
	for (; *no != '\0'; no++)
		assert_false(request_tchar((unsigned char)*no));
	assert_false(request_tchar('\0'));
	assert_false(request_tchar(0x7f));
	assert_false(request_tchar(0x80));
}

static void
test_body_read(void **state)
{
	struct request *rq = *state;
	char buf[8];

	/* No body: the end at once. */
	assert_int_equal(request_body_read(rq, buf, sizeof(buf)), 0);
	assert_int_equal(rq->body_fd, -1);
	/* A whole body, in pieces of at most the size asked for. */
	rq->body = "0123456789abc";
	rq->body_len = 13;
	assert_int_equal(request_body_read(rq, buf, 8), 8);
	assert_memory_equal(buf, "01234567", 8);
	assert_int_equal(request_body_read(rq, buf, 0), 0);
	assert_int_equal(request_body_read(rq, buf, 8), 5);
	assert_memory_equal(buf, "89abc", 5);
	assert_int_equal(request_body_read(rq, buf, 8), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test(test_method),
		cmocka_unit_test_setup_teardown(test_target_good, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_target_bad, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_target_every_place, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_target_long, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_url_decode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies_many, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_route_arg, setup,
		    teardown),
		cmocka_unit_test(test_tchar),
		cmocka_unit_test_setup_teardown(test_body_read, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
