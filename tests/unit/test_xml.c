/* test_xml.c: unit tests of src/view/xml.c: what XML 1.0 refuses is
 * replaced, the rest kept byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "view/xml.h"

/* xml_fix over s[0..len], compared with want. */
static void
fixed(const char *s, size_t len, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(buf_add(&b, s, len), 0);
	assert_int_equal(xml_fix(&b), 0);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.data, want, b.len);
	buf_free(&b);
}

#define FFFD	"\xEF\xBF\xBD"

/* Text XML allows stays as it is: tab, line feed, carriage return, any
 * other character from U+0020, C1 controls included (allowed, if
 * discouraged), and the last planes. */
static void
test_kept(void **state)
{
	static const char ok[] = "a\tb\nc\rd & <e> \xC2\x85 \xC3\xA1 "
	    "\xE2\x80\x93 \xEF\xBF\xBD \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBD";

	(void)state;
	fixed(ok, sizeof(ok) - 1, ok);
	fixed("", 0, "");
}

/* C0 controls, NUL, U+FFFE and U+FFFF become U+FFFD, one each. */
static void
test_controls(void **state)
{
	(void)state;
	fixed("a\x01" "b", 3, "a" FFFD "b");
	fixed("\x00", 1, FFFD);
	fixed("x\x1b[31my\x7f", 8, "x" FFFD "[31my\x7f");
	fixed("\x0b\x0c", 2, FFFD FFFD);
	fixed("\xEF\xBF\xBE|\xEF\xBF\xBF", 7, FFFD "|" FFFD);
}

/* Bytes that are not UTF-8 (a stray continuation byte, a sequence cut
 * short, an overlong form, a surrogate) are replaced byte by byte. */
static void
test_not_utf8(void **state)
{
	(void)state;
	fixed("a\x80" "b", 3, "a" FFFD "b");
	fixed("\xC3", 1, FFFD);
	fixed("\xC0\xAF", 2, FFFD FFFD);
	fixed("\xED\xA0\x80", 3, FFFD FFFD FFFD);
}

/* Long ASCII runs are read a word at a time: a control character or a
 * character past ASCII at any place among them is still found. */
static void
test_in_long_runs(void **state)
{
	char in[40], want[48];
	size_t at;

	(void)state;
	for (at = 0; at < 24; at++) {
		memset(in, 'a', sizeof(in));
		in[at] = '\x02';
		memset(want, 'a', sizeof(want));
		memcpy(want + at, FFFD, 3);
		want[sizeof(in) + 2] = '\0';
		fixed(in, sizeof(in), want);
		memcpy(in + at, "\xC3\xA1", 2);
		memcpy(want, in, sizeof(in));
		want[sizeof(in)] = '\0';
		fixed(in, sizeof(in), want);
		in[at] = '\n';
		in[at + 1] = '\x80';
		memcpy(want, in, at + 1);
		memcpy(want + at + 1, FFFD, 3);
		memset(want + at + 4, 'a', sizeof(in) - at - 2);
		want[sizeof(in) + 2] = '\0';
		fixed(in, sizeof(in), want);
	}
}

/* A buffer past its limit stays as it was, and says so. */
static void
test_limit(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	b.max = 4;
	assert_int_equal(buf_add(&b, "\x01\x01", 2), 0);
	assert_int_equal(xml_fix(&b), -1);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "\x01\x01", 2);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_in_long_runs),
		cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
