/* test_money.c: unit tests for view/money.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "view/money.h"

/* U+00A0 NO-BREAK SPACE: CLDR's space between the code and the amount,
 * and Hungarian's and Ukrainian's grouping separator. */
#define NB	"\u00a0"

/* Amounts as ICU 72's CLDR writes them with the ISO code. */
static const struct {
	const char	*lang;
	int64_t		 minor;
	const char	*currency;
	const char	*want;
} amounts[] = {
	{ "en", 7700000, "EUR", "EUR" NB "77,000" },
	{ "hu", 7700000, "EUR", "77" NB "000" NB "EUR" },
	{ "uk", 7700000, "EUR", "77" NB "000" NB "EUR" },
	{ "en", 25000000000, "HUF", "HUF" NB "250,000,000" },
	{ "hu", 25000000000, "HUF", "250" NB "000" NB "000" NB "HUF" },
	{ "uk", 25000000000, "HUF", "250" NB "000" NB "000" NB "HUF" },
	{ "en", 123456, "USD", "USD" NB "1,234.56" },
	{ "hu", 123456, "USD", "1" NB "234,56" NB "USD" },
	{ "uk", 123456, "USD", "1" NB "234,56" NB "USD" },
	/* Nothing: no decimals. */
	{ "en", 0, "EUR", "EUR" NB "0" },
	{ "hu", 0, "HUF", "0" NB "HUF" },
	{ "uk", 0, "USD", "0" NB "USD" },
	/* A fraction alone, and one cent: two decimals, never rounded. */
	{ "en", 5, "EUR", "EUR" NB "0.05" },
	{ "en", 7700050, "EUR", "EUR" NB "77,000.50" },
	{ "hu", 1, "HUF", "0,01" NB "HUF" },
	/* 10^15, the largest budget the form takes, is shown too. */
	{ "en", MONEY_MINOR_MAX, "USD", "USD" NB "10,000,000,000,000" },
	{ "hu", MONEY_MINOR_MAX, "EUR",
	    "10" NB "000" NB "000" NB "000" NB "000" NB "EUR" },
	/* One below: exact, not through a double. */
	{ "en", MONEY_MINOR_MAX - 1, "USD", "USD" NB "9,999,999,999,999.99" },
	{ "hu", MONEY_MINOR_MAX - 1, "EUR",
	    "9" NB "999" NB "999" NB "999" NB "999,99" NB "EUR" },
	{ "uk", MONEY_MINOR_MAX - 1, "HUF",
	    "9" NB "999" NB "999" NB "999" NB "999,99" NB "HUF" },
	/* Hundredths whatever ICU gives the code (0 for JPY), as the
	 * form stores them. */
	{ "en", 123456, "JPY", "JPY" NB "1,234.56" },
	{ "en", 7700000, "JPY", "JPY" NB "77,000" },
	/* NULL is English. */
	{ NULL, 100, "EUR", "EUR" NB "1" },
};

static void
test_amounts(void **state)
{
	struct arena *a = arena_new();
	const char *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
		s = money_text(a, amounts[i].lang, amounts[i].minor,
		    amounts[i].currency);
		if (s == NULL || strcmp(s, amounts[i].want) != 0)
			fail_msg("%s %lld %s: got \"%s\", want \"%s\"",
			    amounts[i].lang != NULL ? amounts[i].lang : "NULL",
			    (long long)amounts[i].minor, amounts[i].currency,
			    s != NULL ? s : "NULL", amounts[i].want);
	}
	arena_free(a);
}

static void
test_refused(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_null(money_text(a, "en", -1, "EUR"));
	assert_null(money_text(a, "en", MONEY_MINOR_MAX + 1, "EUR"));
	assert_null(money_text(a, "en", INT64_MAX, "EUR"));
	assert_null(money_text(a, "en", 100, "eur"));
	assert_null(money_text(a, "en", 100, "EU"));
	assert_null(money_text(a, "en", 100, "EURO"));
	assert_null(money_text(a, "en", 100, ""));
	assert_null(money_text(a, "en", 100, NULL));
	assert_null(money_text(a, "not a tag!", 100, "EUR"));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
