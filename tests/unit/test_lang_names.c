/* test_lang_names.c: unit tests for view/lang_names.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "view/lang_names.h"

static void
check_locale(const char *lang, int ret, const char *want)
{
	char out[LANG_LOCALE_MAX];

	memset(out, 'X', sizeof(out));
	assert_int_equal(lang_icu_locale(lang, out), ret);
	assert_string_equal(out, want);
}

static void
test_icu_locale(void **state)
{
	char tag[LANG_LOCALE_MAX + 8];

	(void)state;
	/* English is international English: day before month. */
	check_locale("en", 0, "en_001");
	check_locale(NULL, 0, "en_001");
	check_locale("en-gb", 0, "en_GB");
	check_locale("hu", 0, "hu");
	check_locale("uk", 0, "uk");
	check_locale("pt-br", 0, "pt_BR");
	check_locale("sr-latn", 0, "sr_Latn");
	check_locale("", -1, "");
	check_locale("x y", -1, "");
	check_locale("-", -1, "");
	check_locale("hu-", -1, "");
	check_locale("hu_HU", -1, "");
	memset(tag, 'a', sizeof(tag) - 1);
	tag[sizeof(tag) - 1] = '\0';
	check_locale(tag, -1, "");
}

static void
test_display_name(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	/* Each language in its own language, for the switcher. */
	assert_string_equal(lang_display_name(a, "en", "en"), "English");
	assert_string_equal(lang_display_name(a, "hu", "hu"), "magyar");
	assert_string_equal(lang_display_name(a, "uk", "uk"), "українська");
	assert_string_equal(lang_display_name(a, "ar", "ar"), "العربية");
	/* One language in another, for the fallback notice. */
	assert_string_equal(lang_display_name(a, "en", "hu"), "angol");
	assert_string_equal(lang_display_name(a, "hu", "en"), "Hungarian");
	assert_string_equal(lang_display_name(a, "en", "uk"), "англійська");
	assert_string_equal(lang_display_name(a, "hu", NULL), "Hungarian");
	/* A region tells variants apart. */
	assert_string_equal(lang_display_name(a, "pt-br", "pt-br"),
	    "português (Brasil)");
	assert_string_equal(lang_display_name(a, "en-gb", "en"),
	    "English (United Kingdom)");
	/* Nothing better known: the code as given. */
	assert_string_equal(lang_display_name(a, "x y", "en"), "x y");
	assert_string_equal(lang_display_name(a, "hu", "x y"), "hu");
	assert_string_equal(lang_display_name(a, "", "en"), "");
	assert_string_equal(lang_display_name(a, NULL, "en"), "");
	arena_free(a);
}

static void
test_utf8(void **state)
{
	static const UChar lone[] = { 'a', 0xd800, 'b' };
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(lang_utf8(a, u"magyar", 6), "magyar");
	assert_string_equal(lang_utf8(a, u"Україна", -1), "Україна");
	assert_string_equal(lang_utf8(a, u"", 0), "");
	assert_null(lang_utf8(a, lone, 3));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_icu_locale),
		cmocka_unit_test(test_display_name),
		cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
