/* test_multipart.c: unit tests of src/multipart.c, each body fed whole, a
 * byte at a time and cut at every pair of places. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "multipart.h"

#define TYPE	"multipart/form-data; boundary=XyZ-42"

/* What the callbacks saw, as text: "[name|filename|type]data<end>". */
struct record {
	char	 out[8192];
	size_t	 len;
	int	 stop_at;	/* stop on this callback (1-based), or 0 */
	int	 calls;
};

static void
put(struct record *r, const char *s, size_t len)
{
	assert_true(r->len + len < sizeof(r->out));
	memcpy(r->out + r->len, s, len);
	r->len += len;
	r->out[r->len] = '\0';
}

static int
on_begin(void *ctx, const struct multipart_part *p)
{
	struct record *r = ctx;

	put(r, "[", 1);
	put(r, p->name, strlen(p->name));
	put(r, "|", 1);
	if (p->filename != NULL)
		put(r, p->filename, strlen(p->filename));
	else
		put(r, "-", 1);
	put(r, "|", 1);
	put(r, p->type, strlen(p->type));
	put(r, "]", 1);
	return ++r->calls == r->stop_at;
}

static int
on_data(void *ctx, const char *p, size_t len)
{
	struct record *r = ctx;

	assert_true(len > 0);
	put(r, p, len);
	return ++r->calls == r->stop_at;
}

static int
on_end(void *ctx)
{
	struct record *r = ctx;

	put(r, "<end>", 5);
	return ++r->calls == r->stop_at;
}

static const struct multipart_callbacks cb = { on_begin, on_data, on_end };

/* Parses body[0..len] cut at a and b (a <= b <= len) into r. */
static enum multipart_status
parse3(const char *type, const char *body, size_t len, size_t a, size_t b,
    struct record *r)
{
	struct multipart mp;
	enum multipart_status st;

	memset(r, 0, sizeof(*r));
	if ((st = multipart_init(&mp, type, &cb, r)) != MULTIPART_OK)
		return st;
	multipart_feed(&mp, body, a);
	multipart_feed(&mp, body + a, b - a);
	multipart_feed(&mp, body + b, len - b);
	return multipart_finish(&mp);
}

/* Every way of cutting body in three (so every boundary falls across
 * every edge) and a byte at a time give want (the record) and status. */
static void
check_all_splits(const char *type, const char *body, size_t len,
    enum multipart_status status, const char *want)
{
	struct multipart mp;
	struct record r;
	size_t a, b, i;

	for (a = 0; a <= len; a++)
		for (b = a; b <= len; b++) {
			assert_int_equal(parse3(type, body, len, a, b, &r),
			    status);
			if (want != NULL && strcmp(r.out, want) != 0)
				fail_msg("cut at %zu and %zu: got \"%s\"", a,
				    b, r.out);
		}
	memset(&r, 0, sizeof(r));
	assert_int_equal(multipart_init(&mp, type, &cb, &r), MULTIPART_OK);
	for (i = 0; i < len; i++)
		multipart_feed(&mp, body + i, 1);
	assert_int_equal(multipart_finish(&mp), status);
	if (want != NULL)
		assert_string_equal(r.out, want);
}

#define CHECK(body, status, want) \
	check_all_splits(TYPE, body, sizeof(body) - 1, status, want)

static void
test_form(void **state)
{
	(void)state;
	/* A preamble, near misses of the delimiter in the content (a CR, a
	 * CR CR LF, the boundary without its CRLF, one letter short),
	 * transport padding, an epilogue. */
	CHECK("preamble\r\n--XyZ-4\r\n"
	    "--XyZ-42\r\n"
	    "Content-Disposition: form-data; name=\"title\"\r\n"
	    "\r\n"
	    "a\rb\r\r\n--XyZ-4x--XyZ-42\r\n-\r\n"
	    "--XyZ-42  \t\r\n"
	    "content-disposition:form-data;name=note\r\n"
	    "X-Other: ignored\r\n"
	    "\r\n"
	    "\r\n"
	    "\r\n"
	    "--XyZ-42\r\n"
	    "Content-Disposition: form-data; name=\"file\"; "
	    "filename=\"C:\\dir\\a b.png\"\r\n"
	    "Content-Type: image/png\r\n"
	    "\r\n"
	    "\x89PNG\r\n\x1a\n\r"
	    "\r\n--XyZ-42--\r\nepilogue\r\n--XyZ-42\r\n",
	    MULTIPART_OK,
	    "[title|-|]a\rb\r\r\n--XyZ-4x--XyZ-42\r\n-<end>"
	    "[note|-|]\r\n<end>"
	    "[file|C:\\dir\\a b.png|image/png]\x89PNG\r\n\x1a\n\r<end>");
}

static void
test_binary_content(void **state)
{
	char body[600], want[600];
	struct record r;
	size_t len, wlen, i;
	int n;

	(void)state;
	n = snprintf(body, sizeof(body), "--XyZ-42\r\nContent-Disposition: "
	    "form-data; name=\"f\"; filename=\"b\"\r\n\r\n");
	len = (size_t)n;
	wlen = (size_t)snprintf(want, sizeof(want), "[f|b|]");
	/* Every byte value, NUL and CR among them. */
	for (i = 0; i < 256; i++) {
		body[len++] = (char)i;
		want[wlen++] = (char)i;
	}
	memcpy(body + len, "\r\n--XyZ-42--", 12);
	len += 12;
	memcpy(want + wlen, "<end>", 5);
	wlen += 5;
	assert_int_equal(parse3(TYPE, body, len, 100, 200, &r), MULTIPART_OK);
	assert_int_equal(r.len, wlen);
	assert_memory_equal(r.out, want, wlen);
}

static void
test_empty_form(void **state)
{
	(void)state;
	CHECK("--XyZ-42--", MULTIPART_OK, "");
	CHECK("--XyZ-42--\r\n", MULTIPART_OK, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "\r\n--XyZ-42--", MULTIPART_OK, "[a|-|]<end>");
}

static void
test_truncated(void **state)
{
	(void)state;
	CHECK("", MULTIPART_TRUNCATED, "");
	CHECK("no boundary at all", MULTIPART_TRUNCATED, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n",
	    MULTIPART_TRUNCATED, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "half", MULTIPART_TRUNCATED, "[a|-|]half");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "x\r\n--XyZ-42", MULTIPART_TRUNCATED, "[a|-|]x<end>");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "x\r\n--XyZ-42-", MULTIPART_TRUNCATED, "[a|-|]x<end>");
}

static void
test_bad_delimiter(void **state)
{
	(void)state;
	CHECK("--XyZ-42x\r\n", MULTIPART_BAD_DELIMITER, "");
	CHECK("--XyZ-42 x\r\n", MULTIPART_BAD_DELIMITER, "");
	CHECK("--XyZ-42\rx", MULTIPART_BAD_DELIMITER, "");
	CHECK("--XyZ-42-x", MULTIPART_BAD_DELIMITER, "");
	/* The boundary inside content, followed by more than a line end. */
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "x\r\n--XyZ-42abc\r\n", MULTIPART_BAD_DELIMITER, "[a|-|]x<end>");
}

static void
test_bad_headers(void **state)
{
	(void)state;
	/* No Content-Disposition, another disposition, no name, an empty
	 * name, two names, two dispositions, a parameter without a value. */
	CHECK("--XyZ-42\r\n\r\nx\r\n--XyZ-42--", MULTIPART_BAD_DISPOSITION,
	    "");
	CHECK("--XyZ-42\r\nContent-Disposition: attachment; name=a\r\n\r\n",
	    MULTIPART_BAD_DISPOSITION, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data\r\n\r\n",
	    MULTIPART_BAD_DISPOSITION, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n",
	    MULTIPART_BAD_DISPOSITION, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a; "
	    "name=b\r\n\r\n", MULTIPART_BAD_DISPOSITION, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n"
	    "Content-Disposition: form-data; name=b\r\n\r\n",
	    MULTIPART_BAD_DISPOSITION, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=\r\n\r\n",
	    MULTIPART_BAD_DISPOSITION, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=\"a\r\n\r\n",
	    MULTIPART_BAD_DISPOSITION, "");
	/* No colon, a space in a name, a fold, a control byte, a bare LF,
	 * a CR without LF, two Content-Types. */
	CHECK("--XyZ-42\r\nContent-Disposition form-data\r\n\r\n",
	    MULTIPART_BAD_HEADER, "");
	CHECK("--XyZ-42\r\nContent Disposition: form-data; name=a\r\n\r\n",
	    MULTIPART_BAD_HEADER, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data;\r\n name=a\r\n"
	    "\r\n", MULTIPART_BAD_DISPOSITION, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n"
	    " x\r\n\r\n", MULTIPART_BAD_HEADER, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=\"a\x01\"\r\n"
	    "\r\n", MULTIPART_BAD_HEADER, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\n\r\n",
	    MULTIPART_BAD_HEADER, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\rx\r\n",
	    MULTIPART_BAD_HEADER, "");
	CHECK("--XyZ-42\r\nContent-Disposition: form-data; name=a\r\n"
	    "Content-Type: a/b\r\nContent-Type: a/b\r\n\r\n",
	    MULTIPART_BAD_HEADER, "");
}

/* Writes into body a form of one part whose Content-Disposition carries
 * param with a value of n bytes; returns its length. */
static size_t
one_part(char *body, size_t size, const char *param, size_t n)
{
	size_t len;

	len = (size_t)snprintf(body, size, "--XyZ-42\r\nContent-Disposition: "
	    "form-data; name=a; %s=\"", param);
	assert_true(len + n + 32 < size);
	memset(body + len, 'n', n);
	len += n;
	len += (size_t)snprintf(body + len, size - len, "\"\r\n\r\nx\r\n"
	    "--XyZ-42--");
	return len;
}

static void
test_limits(void **state)
{
	static char body[16384];
	struct record r;
	size_t len, prefix, i;

	(void)state;
	/* The longest line allowed, and one byte more. */
	/* one_part(0) is the line's bytes but CRLF, plus 25. */
	prefix = one_part(body, sizeof(body), "x", 0) - 25;
	len = one_part(body, sizeof(body), "x", MULTIPART_LINE_MAX - prefix);
	assert_int_equal(parse3(TYPE, body, len, 3, 500, &r), MULTIPART_OK);
	len = one_part(body, sizeof(body), "x",
	    MULTIPART_LINE_MAX - prefix + 1);
	assert_int_equal(parse3(TYPE, body, len, 3, 500, &r),
	    MULTIPART_HEADERS_TOO_LARGE);

	len = one_part(body, sizeof(body), "filename", MULTIPART_FILENAME_MAX);
	assert_int_equal(parse3(TYPE, body, len, 0, 0, &r), MULTIPART_OK);
	len = one_part(body, sizeof(body), "filename",
	    MULTIPART_FILENAME_MAX + 1);
	assert_int_equal(parse3(TYPE, body, len, 0, 0, &r),
	    MULTIPART_NAME_TOO_LONG);
	len = (size_t)snprintf(body, sizeof(body), "--XyZ-42\r\n"
	    "Content-Disposition: form-data; name=%0*d\r\n\r\nx\r\n"
	    "--XyZ-42--", MULTIPART_NAME_MAX + 1, 7);
	assert_int_equal(parse3(TYPE, body, len, 0, 0, &r),
	    MULTIPART_NAME_TOO_LONG);

	/* Header lines adding up past MULTIPART_HEADERS_MAX. */
	len = (size_t)snprintf(body, sizeof(body), "--XyZ-42\r\n");
	for (i = 0; i < MULTIPART_HEADERS_MAX / 100 + 1; i++)
		len += (size_t)snprintf(body + len, sizeof(body) - len,
		    "X-Pad: %091d\r\n", 0);
	len += (size_t)snprintf(body + len, sizeof(body) - len,
	    "Content-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ-42--");
	assert_int_equal(parse3(TYPE, body, len, 0, 0, &r),
	    MULTIPART_HEADERS_TOO_LARGE);

	/* MULTIPART_PARTS_MAX parts, then one more. */
	len = 0;
	for (i = 0; i < MULTIPART_PARTS_MAX; i++)
		len += (size_t)snprintf(body + len, sizeof(body) - len,
		    "--XyZ-42\r\nContent-Disposition: form-data; name=p\r\n"
		    "\r\n\r\n");
	memcpy(body + len, "--XyZ-42--", 10);
	assert_int_equal(parse3(TYPE, body, len + 10, 0, 0, &r),
	    MULTIPART_OK);
	len += (size_t)snprintf(body + len, sizeof(body) - len, "--XyZ-42\r\n"
	    "Content-Disposition: form-data; name=p\r\n\r\n\r\n--XyZ-42--");
	assert_int_equal(parse3(TYPE, body, len, 0, 0, &r),
	    MULTIPART_TOO_MANY_PARTS);
}

static void
test_content_type(void **state)
{
	static const char body[] = "--a\r\nContent-Disposition: form-data; "
	    "name=x\r\n\r\n1\r\n--a--";
	static const struct {
		const char		*type;
		enum multipart_status	 want;
	} cases[] = {
		{ "multipart/form-data; boundary=a", MULTIPART_OK },
		{ "Multipart/Form-Data;boundary=\"a\"", MULTIPART_OK },
		{ "multipart/form-data; charset=utf-8; boundary=a ",
		    MULTIPART_OK },
		{ NULL, MULTIPART_BAD_TYPE },
		{ "", MULTIPART_BAD_TYPE },
		{ "application/x-www-form-urlencoded", MULTIPART_BAD_TYPE },
		{ "multipart/form-datax; boundary=a", MULTIPART_BAD_TYPE },
		{ "multipart/mixed; boundary=a", MULTIPART_BAD_TYPE },
		{ "multipart/form-data", MULTIPART_BAD_BOUNDARY },
		{ "multipart/form-data; boundary=", MULTIPART_BAD_BOUNDARY },
		{ "multipart/form-data; boundary=\"\"",
		    MULTIPART_BAD_BOUNDARY },
		{ "multipart/form-data; boundary=\"a \"",
		    MULTIPART_BAD_BOUNDARY },
		{ "multipart/form-data; boundary=a\\b",
		    MULTIPART_BAD_BOUNDARY },
		{ "multipart/form-data; boundary=\"a", MULTIPART_BAD_BOUNDARY },
		{ "multipart/form-data; boundary=a; boundary=a",
		    MULTIPART_BAD_BOUNDARY },
		{ "multipart/form-data; boundary", MULTIPART_BAD_BOUNDARY },
		{ "multipart/form-data x; boundary=a", MULTIPART_BAD_BOUNDARY },
	};
	struct record r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (parse3(cases[i].type, body, sizeof(body) - 1, 0, 0, &r) !=
		    cases[i].want)
			fail_msg("%s: not %s", cases[i].type,
			    multipart_strerror(cases[i].want));
	/* 70 characters of every kind RFC 2046 allows, quoted; one more. */
	check_all_splits("multipart/form-data; boundary=\"0123456789'()+_,-./"
	    ":=? abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU\"",
	    "--0123456789'()+_,-./:=? abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
	    "MNOPQRSTU--", 74, MULTIPART_OK, "");
	assert_int_equal(parse3("multipart/form-data; boundary="
	    "0123456789012345678901234567890123456789012345678901234567890"
	    "1234567890", body, sizeof(body) - 1, 0, 0, &r),
	    MULTIPART_BAD_BOUNDARY);
}

static void
test_stop(void **state)
{
	static const char body[] = "--XyZ-42\r\nContent-Disposition: "
	    "form-data; name=a\r\n\r\nxy\r\n--XyZ-42--";
	struct multipart mp;
	struct record r;
	int at;

	(void)state;
	/* Stopping at begin, data or end stops there, and for good. */
	for (at = 1; at <= 3; at++) {
		memset(&r, 0, sizeof(r));
		r.stop_at = at;
		assert_int_equal(multipart_init(&mp, TYPE, &cb, &r),
		    MULTIPART_OK);
		assert_int_equal(multipart_feed(&mp, body, sizeof(body) - 1),
		    MULTIPART_STOPPED);
		assert_int_equal(r.calls, at);
		assert_int_equal(multipart_feed(&mp, body, 1),
		    MULTIPART_STOPPED);
		assert_int_equal(multipart_finish(&mp), MULTIPART_STOPPED);
		assert_int_equal(r.calls, at);
	}
}

static void
test_strerror(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < MULTIPART_STATUS_COUNT; i++)
		assert_true(strlen(multipart_strerror(
		    (enum multipart_status)i)) > 5);
	assert_string_equal(multipart_strerror(MULTIPART_STATUS_COUNT),
	    "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_binary_content),
		cmocka_unit_test(test_empty_form),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_delimiter),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
