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

/* What utf8_trim keeps, found the long way: every code point from the
 * start, a byte that does not decode counting as text. */
static void
trim_forward(const char *s, size_t len, size_t *start, size_t *end)
{
	size_t i = 0, k;
	uint32_t cp;

	*start = len;
	*end = 0;
	while (i < len) {
		k = utf8_next(s + i, len - i, &cp);
		if (k == 0 || !utf8_is_space(cp)) {
			if (*start == len)
				*start = i;
			*end = i + (k == 0 ? 1 : k);
		}
		i += k == 0 ? 1 : k;
	}
	if (*start == len)
		*start = *end = len;
}

/* utf8_trim reads each end backwards only as far as its spaces go: at the
 * end, the bytes before a space may be a broken sequence, a lone
 * continuation byte, or a character that only ends like a space. */
static void
test_trim_ends(void **state)
{
	static const char *const pieces[] = { " ", "\t", "a", "\xc2\xa0",
	    "\xe3\x80\x80", "\xe2\x80\xa8", "\x80", "\xe3", "\xe3\x80",
	    "\xc2", "\xf0", "\xf0\x9f\x98\x80", "\xf0\x9f", "\xbf\xbf" };
	const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	char s[64];
	size_t i, n, len, start, end;
	unsigned seed = 12345;
	const char *p;

	(void)state;
	trims_to("\xe3\x80\x80", "");
	trims_to("x\xf0\xe3\x80\x80", "x\xf0");
	trims_to("\xc2\xa0\x80", "\x80");
	trims_to("a\xc2\xa0\x80", "a\xc2\xa0\x80");
	trims_to("a\x80\x80\x80\x80 ", "a\x80\x80\x80\x80");
	trims_to("  \xf0\x9f\x98\x80  ", "\xf0\x9f\x98\x80");
	trims_to("a \xe3\x80", "a \xe3\x80");
	/* U+2028 ends in 0xa8, as U+00A8 (not a space) does. */
	trims_to("a\xc2\xa8", "a\xc2\xa8");
	for (i = 0; i < 50000; i++) {
		len = 0;
		seed = seed * 1103515245u + 12345u;
		for (n = (seed >> 16) % 10; n > 0; n--) {
			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) % npieces];
			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		trim_forward(s, len, &start, &end);
		n = len;
		p = utf8_trim(s, &n);
		assert_ptr_equal(p, s + start);
		assert_int_equal(n, end - start);
	}
}

/* utf8_chars counts ASCII eight bytes at a time: a character of two to
 * four bytes at any place of a long run counts once. */
static void
test_count_long_runs(void **state)
{
	static const char *const wide[] = { "\xc3\xa9", "\xe3\x80\x80",
	    "\xf0\x9f\x98\x80" };
	char s[40];
	size_t at, w;

	(void)state;
	memset(s, 'a', sizeof(s));
	assert_int_equal(utf8_chars(s, sizeof(s)), sizeof(s));
	for (w = 0; w < 3; w++)
		for (at = 0; at + strlen(wide[w]) <= sizeof(s); at++) {
			memset(s, 'a', sizeof(s));
			memcpy(s + at, wide[w], strlen(wide[w]));
			assert_int_equal(utf8_chars(s, sizeof(s)),
			    sizeof(s) - strlen(wide[w]) + 1);
			s[at] = '\xff';
			assert_int_equal(utf8_chars(s, sizeof(s)), SIZE_MAX);
		}
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
		cmocka_unit_test(test_trim_ends),
		cmocka_unit_test(test_count_long_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
