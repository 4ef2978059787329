/* test_worddiff.c: unit tests of lib/worddiff.c: empty and equal texts,
 * insertions, deletions, replacements, UTF-8 words, white space, and the
 * limits past which the middle is shown replaced entirely. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/worddiff.h"

/* The diff of old into new written as "kept [-deleted-]{+inserted+}",
 * into out (size bytes); returns *replaced. */
static bool
show(const char *old, const char *new, char *out, size_t size)
{
	struct arena *a = arena_new();
	struct worddiff_part *p;
	size_t n, i, len = 0;
	bool replaced;

	assert_non_null(a);
	assert_int_equal(worddiff(a, old, strlen(old), new, strlen(new), &p,
	    &n, &replaced), 0);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		assert_true(*p[i].text != '\0');
		if (i > 0)
			assert_true(p[i].op != p[i - 1].op);
		len += (size_t)snprintf(out + len, size - len, "%s%s%s",
		    p[i].op == WORDDIFF_DEL ? "[-" : p[i].op == WORDDIFF_INS ?
		    "{+" : "", p[i].text, p[i].op == WORDDIFF_DEL ? "-]" :
		    p[i].op == WORDDIFF_INS ? "+}" : "");
		assert_true(len < size);
	}
	arena_free(a);
	return replaced;
}

static void
test_cases(void **state)
{
	static const struct {
		const char	*old, *new, *want;
	} cases[] = {
		{ "", "", "" },
		{ "same text", "same text", "same text" },
		{ "", "new words", "{+new words+}" },
		{ "old words", "", "[-old words-]" },
		{ "the quick fox", "the quick brown fox",
		    "the quick {+brown +}fox" },
		{ "the quick brown fox", "the quick fox",
		    "the quick [-brown -]fox" },
		{ "the quick brown fox", "the slow brown fox",
		    "the [-quick-]{+slow+} brown fox" },
		{ "a b c d e", "a x y d e", "a [-b c-]{+x y+} d e" },
		{ "one two", "zero one two three",
		    "{+zero +}one two{+ three+}" },
		{ "Migrants in Záhony, Hungary", "Migrants in Záhony and "
		    "Budapest, Hungary", "Migrants in [-Záhony,-]{+Záhony and "
		    "Budapest,+} Hungary" },
		{ "Привіт світ", "Привіт чудовий світ",
		    "Привіт {+чудовий +}світ" },
		{ "line one\n\nline two", "line one\n\nline 2",
		    "line one\n\nline [-two-]{+2+}" },
		{ "a b", "a  b", "a[- -]{+  +}b" },
		{ "x", "y", "[-x-]{+y+}" },
		{ "a b a b", "b a b a", "[-a -]b a b{+ a+}" },
	};
	char out[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_false(show(cases[i].old, cases[i].new, out,
		    sizeof(out)));
		assert_string_equal(out, cases[i].want);
	}
}

/* A text of n words, word i "w<i * mul + add>", in a malloc'd string. */
static char *
words(size_t n, size_t mul, size_t add)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "%sw%zu", i > 0 ? " " : "",
		    i * mul + add), 0);
	return buf_release(&b);
}

/* Two different 1 MiB bodies: past the limits, the middle is one
 * deletion and one insertion (the bound on the work, which is what keeps
 * it quick: no clock is read here, as a busy machine would fail it); the
 * common ends stay kept. */
static void
test_limits(void **state)
{
	struct arena *a = arena_new();
	struct worddiff_part *p;
	char *old, *new, *o2, *n2;
	size_t n, len;
	bool replaced;

	(void)state;
	assert_non_null(a);
	/* Every word differs: 2 * 140,000 edits. */
	old = words(140000, 2, 0);
	new = words(140000, 2, 1);
	assert_true(strlen(old) > 1000000);
	assert_int_equal(worddiff(a, old, strlen(old), new, strlen(new), &p,
	    &n, &replaced), 0);
	assert_true(replaced);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].op, WORDDIFF_DEL);
	assert_string_equal(p[0].text, old);
	assert_int_equal(p[1].op, WORDDIFF_INS);
	assert_string_equal(p[1].text, new);
	/* The same with a common beginning and end: those stay kept. */
	len = strlen(old);
	assert_non_null(o2 = malloc(len + 32));
	assert_non_null(n2 = malloc(strlen(new) + 32));
	snprintf(o2, len + 32, "Head %s tail", old);
	snprintf(n2, strlen(new) + 32, "Head %s tail", new);
	assert_int_equal(worddiff(a, o2, strlen(o2), n2, strlen(n2), &p, &n,
	    &replaced), 0);
	assert_true(replaced);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].text, "Head ");
	assert_int_equal(p[3].op, WORDDIFF_SAME);
	assert_string_equal(p[3].text, " tail");
	free(o2);
	free(n2);
	free(old);
	free(new);
	/* Within the limits: one word changed in a 1 MiB body is found,
	 * word for word. */
	old = words(140000, 1, 0);
	new = words(140000, 1, 0);
	memcpy(strstr(new, " w70000 ") + 1, "x70000", 6);
	assert_int_equal(worddiff(a, old, strlen(old), new, strlen(new), &p,
	    &n, &replaced), 0);
	assert_false(replaced);
	assert_int_equal(n, 4);
	assert_string_equal(p[1].text, "w70000");
	assert_string_equal(p[2].text, "x70000");
	free(old);
	free(new);
	/* Just past the edit limit in a small text: replaced; just within:
	 * diffed. 600 words each changed: 1,200 edits. */
	old = words(600, 2, 0);
	new = words(600, 2, 1);
	assert_int_equal(worddiff(a, old, strlen(old), new, strlen(new), &p,
	    &n, &replaced), 0);
	assert_true(replaced);
	free(old);
	free(new);
	old = words(400, 2, 0);
	new = words(400, 2, 1);
	assert_int_equal(worddiff(a, old, strlen(old), new, strlen(new), &p,
	    &n, &replaced), 0);
	assert_false(replaced);
	free(old);
	free(new);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
