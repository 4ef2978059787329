/* test_utf8.c: unit tests for lib/utf8.c: strict decoding (overlongs,
 * surrogates, past U+10FFFF, cut short), counting and trimming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/utf8.h"

/* Whether s (a C string) is valid, and its count into *n. */
static bool
valid(const char *s, size_t len, size_t *n)
{
	size_t c = utf8_chars(s, len);

	if (n != NULL)
		*n = c;
	assert_int_equal(utf8_valid(s, len), c != SIZE_MAX);
	return c != SIZE_MAX;
}

/* utf8_valid reads ASCII eight bytes at a time: a bad byte at any place
 * of a long run is still found, and a good sequence still passes. */
static void
test_valid_long_runs(void **state)
{
	char s[40];
	size_t at;

	(void)state;
	for (at = 0; at < 24; at++) {
		memset(s, 'a', sizeof(s));
		s[at] = '\x80';
		assert_false(utf8_valid(s, sizeof(s)));
		memcpy(s + at, "\xc3\xa9", 2);
		assert_true(utf8_valid(s, sizeof(s)));
		assert_false(utf8_valid(s, at + 1));
		s[at + 1] = 'a';
		assert_false(utf8_valid(s, sizeof(s)));
	}
}

static void
test_valid(void **state)
{
	size_t n;

	(void)state;
	assert_true(valid("", 0, &n));
	assert_int_equal(n, 0);
	assert_true(valid("abc", 3, &n));
	assert_int_equal(n, 3);
	/* é, €, U+1F600: 2, 3 and 4 bytes, one character each. */
	assert_true(valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, &n));
	assert_int_equal(n, 3);
	assert_true(valid("\xf4\x8f\xbf\xbf", 4, &n));		/* U+10FFFF */
	assert_true(valid("\xef\xbf\xbd", 3, &n));		/* U+FFFD */
	/* NUL is text. */
	assert_true(valid("a\0b", 3, &n));
	assert_int_equal(n, 3);
	assert_false(valid("\xff", 1, NULL));
	assert_false(valid("\xfe", 1, NULL));
	assert_false(valid("\xc0\xaf", 2, NULL));		/* overlong / */
	assert_false(valid("\xc1\xbf", 2, NULL));		/* overlong */
	assert_false(valid("\xe0\x80\xaf", 3, NULL));		/* overlong */
	assert_false(valid("\xe0\x9f\xbf", 3, NULL));		/* overlong */
	assert_false(valid("\xf0\x8f\xbf\xbf", 4, NULL));	/* overlong */
	assert_false(valid("\xed\xa0\x80", 3, NULL));		/* surrogate */
	assert_false(valid("\xed\xbf\xbf", 3, NULL));		/* surrogate */
	assert_true(valid("\xed\x9f\xbf", 3, NULL));		/* U+D7FF */
	assert_false(valid("\xf4\x90\x80\x80", 4, NULL));	/* > U+10FFFF */
	assert_false(valid("\xf5\x80\x80\x80", 4, NULL));
	assert_false(valid("\xc3", 1, NULL));			/* cut short */
	assert_false(valid("\xe2\x82", 2, NULL));
	assert_false(valid("\xf0\x9f\x98", 3, NULL));
	assert_false(valid("a\x80", 2, NULL));			/* lone tail */
	assert_false(valid("\xc3" "a", 2, NULL));		/* no tail */
	/* The length bounds the read: a valid sequence past it is cut. */
	assert_false(valid("\xc3\xa9", 1, NULL));
}

static void
test_next(void **state)
{
	uint32_t cp = 7;

	(void)state;
	assert_int_equal(utf8_next("", 0, &cp), 0);
	assert_int_equal(cp, 7);
	assert_int_equal(utf8_next("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_next("\xc3\xa9x", 3, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_next("\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(utf8_next("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	cp = 7;
	assert_int_equal(utf8_next("\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(cp, 7);
}

static void
test_classes(void **state)
{
	(void)state;
	assert_true(utf8_is_space(' '));
	assert_true(utf8_is_space('\t'));
	assert_true(utf8_is_space(0xa0));
	assert_true(utf8_is_space(0x2003));
	assert_true(utf8_is_space(0x3000));
	assert_false(utf8_is_space('a'));
	/* Zero width space: not White_Space. */
	assert_false(utf8_is_space(0x200b));
	assert_true(utf8_is_control(0));
	assert_true(utf8_is_control(0x1f));
	assert_true(utf8_is_control(0x7f));
	assert_true(utf8_is_control(0x85));
	assert_false(utf8_is_control(' '));
	assert_false(utf8_is_control(0xa0));
}

/* utf8_trim over s, as a copy to compare. */
static void
trims_to(const char *s, const char *want)
{
	size_t len = strlen(s);
	const char *p = utf8_trim(s, &len);

	assert_int_equal(len, strlen(want));
	assert_memory_equal(p, want, len);
}

static void
test_trim(void **state)
{
	(void)state;
	trims_to("", "");
	trims_to("abc", "abc");
	trims_to("  abc  ", "abc");
	trims_to("\t\r\n a b \n", "a b");
	trims_to("   ", "");
	/* No-break space, em space and ideographic space at the ends. */
	trims_to("\xc2\xa0" "abc" "\xe2\x80\x83\xe3\x80\x80", "abc");
	/* Inside the text they stay. */
	trims_to(" a\xc2\xa0" "b ", "a\xc2\xa0" "b");
	/* A byte that is not UTF-8 is text, not space. */
	trims_to(" \xff ", "\xff");
	trims_to("\xc2 x", "\xc2 x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_valid_long_runs),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_trim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
