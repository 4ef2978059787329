/* test_response.c: unit tests of src/response.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/blob.h"
#include "lib/buf.h"
#include "response.h"

static void
test_init(void **state)
{
	struct response rs;
	size_t len = 99;

	(void)state;
	response_init(&rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rs.nheaders, 0);
	assert_null(rs.shared);
	assert_false(rs.close);
	assert_string_equal(response_body(&rs, &len), "");
	assert_int_equal(len, 0);
	response_free(&rs);
	response_free(&rs);	/* twice is harmless */
}

static void
test_headers(void **state)
{
	struct response rs;

	(void)state;
	response_init(&rs);
	assert_int_equal(response_header(&rs, "X-A", "1"), 0);
	assert_int_equal(response_header(&rs, "Set-Cookie", "a=1"), 0);
	assert_int_equal(response_header(&rs, "Set-Cookie", "b=2"), 0);
	assert_int_equal(rs.nheaders, 3);
	assert_string_equal(response_get_header(&rs, "x-a"), "1");
	assert_string_equal(response_get_header(&rs, "SET-COOKIE"), "a=1");
	assert_null(response_get_header(&rs, "X-B"));

	/* Replace keeps one copy, in the first one's place. */
	assert_int_equal(response_set_header(&rs, "set-cookie", "c=3"), 0);
	assert_int_equal(rs.nheaders, 2);
	assert_string_equal(rs.headers[1].value, "c=3");
	assert_int_equal(response_set_header(&rs, "X-A", "2"), 0);
	assert_string_equal(rs.headers[0].value, "2");
	assert_int_equal(response_set_header(&rs, "X-New", "n"), 0);
	assert_int_equal(rs.nheaders, 3);
	assert_string_equal(response_get_header(&rs, "x-new"), "n");

	response_unset_header(&rs, "X-A");
	assert_null(response_get_header(&rs, "x-a"));
	assert_int_equal(rs.nheaders, 2);
	assert_string_equal(rs.headers[0].name, "Set-Cookie");
	response_unset_header(&rs, "Nothing");
	assert_int_equal(rs.nheaders, 2);
	response_free(&rs);
}

static void
test_headers_refused(void **state)
{
	struct response rs;
	size_t i;

	(void)state;
	response_init(&rs);
	assert_int_equal(response_header(&rs, "X-A", "a\r\nSet-Cookie: x"),
	    -1);
	assert_int_equal(response_header(&rs, "X-A", "a\nb"), -1);
	assert_int_equal(response_header(&rs, "X-A", "a\x7f"), -1);
	assert_int_equal(response_header(&rs, "X A", "a"), -1);
	assert_int_equal(response_header(&rs, "X-A:", "a"), -1);
	assert_int_equal(response_header(&rs, "", "a"), -1);
	assert_int_equal(response_header(&rs, NULL, "a"), -1);
	assert_int_equal(response_header(&rs, "X-A", NULL), -1);
	assert_int_equal(response_set_header(&rs, "X-A", "a\rb"), -1);
	/* Every control byte but tab, at either end of a value. */
	assert_int_equal(response_header(&rs, "X-A", "\x01a"), -1);
	assert_int_equal(response_header(&rs, "X-A", "a\x1f"), -1);
	assert_int_equal(response_header(&rs, "X-A", "\x0b"), -1);
	/* A name: a token, bytes past ASCII and "@[]" not in it. */
	assert_int_equal(response_header(&rs, "X-\xc3\xa9", "a"), -1);
	assert_int_equal(response_header(&rs, "X@A", "a"), -1);
	assert_int_equal(response_header(&rs, "X[A]", "a"), -1);
	assert_int_equal(rs.nheaders, 0);
	/* A tab and non-ASCII text are allowed in a value, and any token
	 * byte in a name. */
	assert_int_equal(response_header(&rs, "X-A", "a\tb \xc3\xa9"), 0);
	assert_int_equal(response_header(&rs, "x_1!#$%&'*+.^`|~9", ""), 0);

	for (i = rs.nheaders; i < RESPONSE_HEADER_COUNT; i++)
		assert_int_equal(response_header(&rs, "X-Fill", "v"), 0);
	assert_int_equal(response_header(&rs, "X-Over", "v"), -1);
	assert_int_equal(response_set_header(&rs, "X-Over", "v"), -1);
	/* Replacing still works when full. */
	assert_int_equal(response_set_header(&rs, "X-A", "b"), 0);
	response_free(&rs);
}

/* A value is read eight bytes at a time: a bad byte at each place of a
 * long one is still refused, and a tab or a byte past ASCII at each
 * place still allowed. */
static void
test_headers_every_place(void **state)
{
	static const char bad[] = { '\x01', '\r', '\n', '\x1f', '\x7f' };
	static const char good[] = { '\t', '\x80', '\xff', ' ', '~' };
	struct response rs;
	char v[40];
	size_t at, k;

	(void)state;
	for (at = 0; at < sizeof(v) - 1; at++)
		for (k = 0; k < sizeof(bad); k++) {
			response_init(&rs);
			memset(v, 'a', sizeof(v) - 1);
			v[sizeof(v) - 1] = '\0';
			v[at] = bad[k];
			assert_int_equal(response_header(&rs, "X-A", v), -1);
			v[at] = good[k];
			assert_int_equal(response_header(&rs, "X-A", v), 0);
			response_free(&rs);
		}
}

/* A refused header is remembered, so app_handle can answer 500 however the
 * caller treated the -1. */
static void
test_header_failed(void **state)
{
	struct response rs;
	size_t i;

	(void)state;
	response_init(&rs);
	assert_false(rs.header_failed);
	assert_int_equal(response_set_header(&rs, "X-A", "ok"), 0);
	response_unset_header(&rs, "X-A");
	assert_false(rs.header_failed);
	assert_int_equal(response_set_header(&rs, "Location", "/a\r\nX: y"),
	    -1);
	assert_true(rs.header_failed);
	response_free(&rs);

	response_init(&rs);
	for (i = 0; i < RESPONSE_HEADER_COUNT; i++)
		assert_int_equal(response_header(&rs, "X-Fill", "v"), 0);
	assert_false(rs.header_failed);
	assert_int_equal(response_header(&rs, "X-Over", "v"), -1);
	assert_true(rs.header_failed);
	response_free(&rs);
}

static const char *const every_response[] = {
	"X-Content-Type-Options", "Referrer-Policy",
	"Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
	"Permissions-Policy", "Content-Type",
};

static size_t
count(const struct response *rs, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < rs->nheaders; i++)
		if (strcasecmp(rs->headers[i].name, name) == 0)
			n++;
	return n;
}

/* The security headers live outside the app's part of the table: a full
 * table still gets every one, once, with SECURITY.md's values. */
static void
test_security_headers_full_table(void **state)
{
	struct response rs;
	size_t i;

	(void)state;
	response_init(&rs);
	assert_int_equal(response_header(&rs, "Content-Type",
	    "text/html; charset=utf-8"), 0);
	/* A copy the app set is replaced, not doubled. */
	assert_int_equal(response_header(&rs, "X-Frame-Options", "SAMEORIGIN"),
	    0);
	for (i = rs.nheaders; i < RESPONSE_HEADER_COUNT; i++)
		assert_int_equal(response_header(&rs, "X-Fill", "v"), 0);
	response_security_headers(&rs, true, false);
	for (i = 0; i < sizeof(every_response) / sizeof(every_response[0]);
	    i++)
		assert_int_equal(count(&rs, every_response[i]), 1);
	assert_string_equal(response_get_header(&rs, "X-Content-Type-Options"),
	    "nosniff");
	assert_string_equal(response_get_header(&rs, "X-Frame-Options"),
	    "DENY");
	assert_int_equal(count(&rs, "X-Frame-Options"), 1);
	assert_non_null(strstr(response_get_header(&rs,
	    "Content-Security-Policy"), "frame-ancestors 'none'"));
	assert_string_equal(response_get_header(&rs,
	    "Strict-Transport-Security"),
	    "max-age=63072000; includeSubDomains");
	response_free(&rs);

	/* No type set, plain HTTP: text/plain, no HSTS, no CSP. */
	response_init(&rs);
	for (i = 0; i < RESPONSE_HEADER_COUNT; i++)
		assert_int_equal(response_header(&rs, "X-Fill", "v"), 0);
	response_security_headers(&rs, false, false);
	assert_string_equal(response_get_header(&rs, "Content-Type"),
	    "text/plain; charset=utf-8");
	for (i = 0; i < sizeof(every_response) / sizeof(every_response[0]);
	    i++)
		assert_int_equal(count(&rs, every_response[i]), 1);
	assert_null(response_get_header(&rs, "Strict-Transport-Security"));
	assert_null(response_get_header(&rs, "Content-Security-Policy"));
	response_free(&rs);

	/* An editors' answer that is not HTML (JSON, plain text) still
	 * carries the CSP and X-Frame-Options. */
	response_init(&rs);
	assert_int_equal(response_header(&rs, "Content-Type",
	    "application/json"), 0);
	response_security_headers(&rs, false, true);
	assert_non_null(response_get_header(&rs, "Content-Security-Policy"));
	assert_string_equal(response_get_header(&rs, "X-Frame-Options"),
	    "DENY");
	response_free(&rs);
}

/* The gzip copy goes to a client that takes it, with its own ETag; both
 * answers say Vary. */
static void
test_share_encoded(void **state)
{
	struct blob *b = blob_new("plain", 5), *gz = blob_new("zipped", 6);
	struct response rs;
	size_t len;

	(void)state;
	response_init(&rs);
	assert_int_equal(response_share_encoded(&rs, "gzip, br", b, "\"e\"",
	    gz, "\"e-gz\"", true), 0);
	assert_string_equal(response_body(&rs, &len), "zipped");
	assert_string_equal(response_get_header(&rs, "ETag"), "\"e-gz\"");
	assert_string_equal(response_get_header(&rs, "Content-Encoding"),
	    "gzip");
	assert_string_equal(response_get_header(&rs, "Vary"),
	    "Accept-Encoding");
	/* Chosen again on the same response: nothing doubles. */
	assert_int_equal(response_share_encoded(&rs, "gzip;q=0", b, "\"e\"",
	    gz, "\"e-gz\"", true), 0);
	assert_string_equal(response_body(&rs, &len), "plain");
	assert_string_equal(response_get_header(&rs, "ETag"), "\"e\"");
	assert_null(response_get_header(&rs, "Content-Encoding"));
	assert_int_equal(count(&rs, "Vary"), 1);
	response_free(&rs);

	/* Nothing to choose from: no Vary. */
	response_init(&rs);
	assert_int_equal(response_share_encoded(&rs, "gzip", b, "\"e\"", NULL,
	    NULL, false), 0);
	assert_string_equal(response_body(&rs, &len), "plain");
	assert_null(response_get_header(&rs, "Vary"));
	assert_null(response_get_header(&rs, "Content-Encoding"));
	response_free(&rs);

	/* A copy not made yet: the identity, saying it varies. */
	response_init(&rs);
	assert_int_equal(response_share_encoded(&rs, NULL, b, "\"e\"", NULL,
	    "\"e-gz\"", true), 0);
	assert_string_equal(response_body(&rs, &len), "plain");
	assert_string_equal(response_get_header(&rs, "ETag"), "\"e\"");
	assert_string_equal(response_get_header(&rs, "Vary"),
	    "Accept-Encoding");
	assert_null(response_get_header(&rs, "Content-Encoding"));
	response_free(&rs);
	blob_unref(b);
	blob_unref(gz);
}

static void
test_reasons(void **state)
{
	(void)state;
	assert_string_equal(response_reason(200), "OK");
	assert_string_equal(response_reason(201), "Created");
	assert_string_equal(response_reason(204), "No Content");
	assert_string_equal(response_reason(301), "Moved Permanently");
	assert_string_equal(response_reason(302), "Found");
	assert_string_equal(response_reason(303), "See Other");
	assert_string_equal(response_reason(304), "Not Modified");
	assert_string_equal(response_reason(400), "Bad Request");
	assert_string_equal(response_reason(401), "Unauthorized");
	assert_string_equal(response_reason(403), "Forbidden");
	assert_string_equal(response_reason(404), "Not Found");
	assert_string_equal(response_reason(405), "Method Not Allowed");
	assert_string_equal(response_reason(409), "Conflict");
	assert_string_equal(response_reason(410), "Gone");
	assert_string_equal(response_reason(413), "Content Too Large");
	assert_string_equal(response_reason(414), "URI Too Long");
	assert_string_equal(response_reason(415), "Unsupported Media Type");
	assert_string_equal(response_reason(422), "Unprocessable Content");
	assert_string_equal(response_reason(429), "Too Many Requests");
	assert_string_equal(response_reason(431),
	    "Request Header Fields Too Large");
	assert_string_equal(response_reason(500), "Internal Server Error");
	assert_string_equal(response_reason(501), "Not Implemented");
	assert_string_equal(response_reason(503), "Service Unavailable");
	assert_string_equal(response_reason(418), "Unknown");
	assert_string_equal(response_reason(0), "Unknown");
	assert_string_equal(response_reason(-1), "Unknown");
}

static void
test_body_built(void **state)
{
	struct response rs;
	const char *p;
	size_t len;

	(void)state;
	response_init(&rs);
	buf_adds(&rs.body, "hello");
	p = response_body(&rs, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(p, "hello", 5);
	response_free(&rs);
	assert_null(rs.body.data);
}

static void
test_body_shared(void **state)
{
	struct response rs;
	struct blob *b, *b2;
	const char *p;
	size_t len;

	(void)state;
	b = blob_new("cached page", 11);
	b2 = blob_new("other", 5);
	assert_non_null(b);
	assert_non_null(b2);
	response_init(&rs);
	buf_adds(&rs.body, "built first");

	/* Sharing drops the built body and takes a reference. */
	response_share(&rs, b);
	assert_null(rs.body.data);
	assert_int_equal(b->refs, 2);
	p = response_body(&rs, &len);
	assert_int_equal(len, 11);
	assert_ptr_equal(p, b->data);

	/* Sharing the same blob again keeps it alive. */
	response_share(&rs, b);
	assert_int_equal(b->refs, 2);
	response_share(&rs, b2);
	assert_int_equal(b->refs, 1);
	assert_int_equal(b2->refs, 2);
	p = response_body(&rs, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(p, "other", 5);

	response_free(&rs);
	assert_null(rs.shared);
	assert_int_equal(b2->refs, 1);
	blob_unref(b);
	blob_unref(b2);
}

/* A file body: its length counts, its descriptor is the response's to
 * close, and any other body makes it go. */
static void
test_body_file(void **state)
{
	struct response rs;
	struct blob *b;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	response_init(&rs);
	assert_int_equal(rs.file_fd, -1);
	buf_adds(&rs.body, "built");
	response_file(&rs, fds[0], 7, 1ULL << 32);
	assert_null(rs.body.data);
	assert_int_equal(rs.file_fd, fds[0]);
	assert_true(response_body_len(&rs) == 1ULL << 32);
	/* Sharing a blob closes the file. */
	b = blob_new("page", 4);
	response_share(&rs, b);
	assert_int_equal(rs.file_fd, -1);
	assert_int_equal(fcntl(fds[0], F_GETFD), -1);
	assert_true(response_body_len(&rs) == 4);
	response_free(&rs);
	blob_unref(b);

	assert_int_equal(pipe(fds), 0);
	response_init(&rs);
	response_file(&rs, fds[0], 0, 3);
	response_free(&rs);
	assert_int_equal(fcntl(fds[0], F_GETFD), -1);
	response_free(&rs);	/* twice is harmless */
	close(fds[1]);
}

/* A PDF's own CSP goes out on it, never in place of a page's. */
static void
test_own_csp(void **state)
{
	struct response rs;

	(void)state;
	response_init(&rs);
	response_header(&rs, "Content-Type", "application/pdf");
	rs.csp = "default-src 'none'; frame-ancestors 'self'";
	response_security_headers(&rs, false, false);
	assert_string_equal(response_get_header(&rs,
	    "Content-Security-Policy"), "default-src 'none'; "
	    "frame-ancestors 'self'");
	assert_null(response_get_header(&rs, "X-Frame-Options"));
	response_free(&rs);

	response_init(&rs);
	response_header(&rs, "Content-Type", "text/html; charset=utf-8");
	rs.csp = "default-src 'none'";
	response_security_headers(&rs, false, false);
	assert_string_not_equal(response_get_header(&rs,
	    "Content-Security-Policy"), "default-src 'none'");
	response_free(&rs);

	response_init(&rs);
	response_header(&rs, "Content-Type", "image/png");
	response_security_headers(&rs, false, false);
	assert_null(response_get_header(&rs, "Content-Security-Policy"));
	response_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_headers_refused),
		cmocka_unit_test(test_headers_every_place),
		cmocka_unit_test(test_header_failed),
		cmocka_unit_test(test_security_headers_full_table),
		cmocka_unit_test(test_share_encoded),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_body_built),
		cmocka_unit_test(test_body_shared),
		cmocka_unit_test(test_body_file),
		cmocka_unit_test(test_own_csp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
