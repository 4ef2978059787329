/* test_dates.c: unit tests for view/dates.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/arena.h"
#include "lib/zone.h"
#include "view/dates.h"

/* 2021-12-17 10:05:09 UTC. */
#define STATEMENT_TIME	((time_t)1639735509)

static void
test_date_text(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(date_text(a, "2021-12-17"), "17 December 2021");
	assert_string_equal(date_text(a, "2021-13-17"), "2021-13-17");
	assert_string_equal(date_text(a, "17/12/2021"), "17/12/2021");
	arena_free(a);
}

/* The events' date line: CLDR's full date, weekday where each language
 * puts it. */
static void
test_day_text_lang(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(day_text_lang(a, "en", "2023-06-30"),
	    "Friday, 30 June 2023");
	assert_string_equal(day_text_lang(a, "hu", "2023-06-30"),
	    "2023. június 30., péntek");
	assert_string_equal(day_text_lang(a, "en", "2023-02-30"),
	    "2023-02-30");
	arena_free(a);
}

static void
test_time_format(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(time_format(a, STATEMENT_TIME,
	    "%Y-%m-%dT%H:%M:%SZ", true), "2021-12-17T10:05:09Z");
	/* The site's zone: Budapest is UTC+1 in December. */
	assert_string_equal(time_format(a, STATEMENT_TIME,
	    "%Y-%m-%d %H:%M", false), "2021-12-17 11:05");
	assert_string_equal(when_text(a, STATEMENT_TIME),
	    "17 December 2021, 11:05");
	/* Past what a calendar can show: "", never NULL. */
	assert_string_equal(time_format(a, (time_t)INT64_MAX, "%Y", false),
	    "");
	assert_string_equal(when_text(a, (time_t)INT64_MAX), "");
	arena_free(a);
}

/* A date in each language, as ICU 72's CLDR writes it. */
static const struct {
	const char	*lang;
	const char	*iso;
	const char	*want;
} dates[] = {
	{ "en", "2021-12-17", "17 December 2021" },
	{ "en", "2000-02-29", "29 February 2000" },
	{ "en", "2021-01-01", "1 January 2021" },
	{ "en", "2021-12-31", "31 December 2021" },
	{ "hu", "2021-12-17", "2021. december 17." },
	{ "hu", "2000-02-29", "2000. február 29." },
	{ "hu", "2021-01-01", "2021. január 1." },
	{ "hu", "2021-12-31", "2021. december 31." },
	/* CLDR joins year and "р." with a narrow no-break space. */
	{ "uk", "2021-12-17", "17 грудня 2021\u202fр." },
	{ "uk", "2000-02-29", "29 лютого 2000\u202fр." },
	{ "uk", "2021-01-01", "1 січня 2021\u202fр." },
	{ "uk", "2021-12-31", "31 грудня 2021\u202fр." },
	{ "ar", "2021-12-17", "١٧ ديسمبر ٢٠٢١" },
	{ "ar", "2000-02-29", "٢٩ فبراير ٢٠٠٠" },
	{ "ar", "2021-01-01", "١ يناير ٢٠٢١" },
	{ "ar", "2021-12-31", "٣١ ديسمبر ٢٠٢١" },
	{ "en-gb", "2021-12-17", "17 December 2021" },
	{ "pt-br", "2021-12-17", "17 de dezembro de 2021" },
	{ NULL, "2021-12-17", "17 December 2021" },
	/* Gregorian back to year 1, as ISO 8601 counts. */
	{ "en", "1500-03-01", "1 March 1500" },
	{ "en", "0001-01-01", "1 January 1" },
	{ "en", "9999-12-31", "31 December 9999" },
};

static void
check_dates(struct arena *a)
{
	const char *got;
	size_t i;

	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		got = date_text_lang(a, dates[i].lang, dates[i].iso);
		if (strcmp(got, dates[i].want) != 0)
			fail_msg("%s %s gave \"%s\", want \"%s\"",
			    dates[i].lang, dates[i].iso, got, dates[i].want);
	}
}

static void
test_date_text_lang(void **state)
{
	static const char *const zones[] = {
		"Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Budapest"
	};
	struct arena *a = arena_new();
	size_t i;

	(void)state;
	check_dates(a);
	/* A calendar date is the same day in any zone: UTC+14, UTC-11. */
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		check_dates(a);
	}
	arena_free(a);
}

static void
test_date_text_invalid(void **state)
{
	static const char *const bad[] = {
		"2021-02-29", "1900-02-29", "2000-02-30", "2021-04-31",
		"2021-13-17", "2021-00-10", "2021-12-00", "0000-01-01",
		"-021-12-17", "+021-12-17", "2021-12-1x", "2021 12 17",
		"2021-12-17T10:00", "2021-12-7", "", "17/12/2021",
	};
	struct arena *a = arena_new();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_string_equal(date_text_lang(a, "hu", bad[i]), bad[i]);
		assert_string_equal(date_text(a, bad[i]), bad[i]);
	}
	/* Not a language tag: the date as it came. */
	assert_string_equal(date_text_lang(a, "x y", "2021-12-17"),
	    "2021-12-17");
	assert_string_equal(date_text_lang(a, "", "2021-12-17"),
	    "2021-12-17");
	arena_free(a);
}

static void
test_when_text_lang(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(when_text_lang(a, "en", STATEMENT_TIME),
	    "17 December 2021, 11:05");
	assert_string_equal(when_text_lang(a, NULL, STATEMENT_TIME),
	    "17 December 2021, 11:05");
	assert_string_equal(when_text_lang(a, "hu", STATEMENT_TIME),
	    "2021. december 17. 11:05");
	assert_string_equal(when_text_lang(a, "uk", STATEMENT_TIME),
	    "17 грудня 2021\u202fр., 11:05");
	assert_string_equal(when_text_lang(a, "ar", STATEMENT_TIME),
	    "١٧ ديسمبر ٢٠٢١، ١١:٠٥");
	/* Summer time: 2021-07-01 10:00 UTC is noon in Budapest. */
	assert_string_equal(when_text_lang(a, "hu", (time_t)1625133600),
	    "2021. július 1. 12:00");
	/* 2021-12-31 23:30 UTC is already next year in Budapest. */
	assert_string_equal(when_text_lang(a, "en", (time_t)1640993400),
	    "1 January 2022, 00:30");
	assert_string_equal(when_text_lang(a, "en", (time_t)INT64_MAX), "");
	assert_string_equal(when_text_lang(a, "x y", STATEMENT_TIME), "");
	/* The zone is read at each call, as localtime_r does. */
	setenv("TZ", "UTC", 1);
	tzset();
	assert_string_equal(when_text_lang(a, "hu", STATEMENT_TIME),
	    "2021. december 17. 10:05");
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_string_equal(when_text_lang(a, "hu", STATEMENT_TIME),
	    "2021. december 17. 11:05");
	/* A thread's zone (a site's) goes before the process's. */
	zone_use(zone_shared("America/New_York"));
	assert_string_equal(when_text_lang(a, "en", STATEMENT_TIME),
	    "17 December 2021, 05:05");
	assert_string_equal(time_w3c(a, STATEMENT_TIME),
	    "2021-12-17T05:05:09-05:00");
	assert_string_equal(time_format(a, STATEMENT_TIME, "%Y-%m-%d %Z",
	    false), "2021-12-17 EST");
	zone_use(zone_shared("Asia/Kolkata"));
	assert_string_equal(time_w3c(a, STATEMENT_TIME),
	    "2021-12-17T15:35:09+05:30");
	zone_use(NULL);
	assert_string_equal(time_w3c(a, STATEMENT_TIME),
	    "2021-12-17T11:05:09+01:00");
	arena_free(a);
}

/* More languages than a thread keeps formatters for (16): the oldest are
 * closed and opened again, with the same results. */
static void
test_many_languages(void **state)
{
	static const char *const langs[] = {
		"en", "hu", "uk", "ar", "de", "fr", "es", "it", "pl", "ro",
		"cs", "sk", "sl", "hr", "bg", "ru", "el", "tr", "pt-br", "nl",
	};
	const char *first[sizeof(langs) / sizeof(langs[0])];
	struct arena *a = arena_new();
	size_t i, round;

	(void)state;
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		first[i] = date_text_lang(a, langs[i], "2021-12-17");
		assert_string_not_equal(first[i], "2021-12-17");
	}
	for (round = 0; round < 3; round++)
		for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
			assert_string_equal(date_text_lang(a, langs[i],
			    "2021-12-17"), first[i]);
			assert_string_not_equal(when_text_lang(a, langs[i],
			    STATEMENT_TIME), "");
		}
	assert_string_equal(date_text_lang(a, "hu", "2021-12-17"),
	    "2021. december 17.");
	arena_free(a);
}

/* One thread's work: every date of the table and the statement's time,
 * over and over, with its own formatters. Returns arg when a result is
 * wrong, else NULL. */
static void *
date_worker(void *arg)
{
	struct arena *a = arena_new();
	const char *got;
	void *ret = NULL;
	size_t i, round;

	for (round = 0; round < 200 && ret == NULL; round++) {
		for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
			got = date_text_lang(a, dates[i].lang, dates[i].iso);
			if (strcmp(got, dates[i].want) != 0)
				ret = arg;
		}
		got = when_text_lang(a, "hu", STATEMENT_TIME);
		if (strcmp(got, "2021. december 17. 11:05") != 0)
			ret = arg;
		arena_reset(a);
	}
	arena_free(a);
	return ret;
}

/* ICU's formatters are not safe to share: two threads at once each use
 * their own, closed as they exit (the sanitizers watch). */
static void
test_threads(void **state)
{
	pthread_t th[2];
	void *bad;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, date_worker,
		    th), 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(th[i], &bad), 0);
		assert_null(bad);
	}
}

/* A project's months (month_text_lang): CLDR's month and year, the
 * nominative in Ukrainian, its "р." after U+202F NARROW NO-BREAK SPACE. */
static void
test_month_text_lang(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(month_text_lang(a, "en", "2016-03-01"),
	    "March 2016");
	assert_string_equal(month_text_lang(a, "hu", "2016-03-01"),
	    "2016. március");
	assert_string_equal(month_text_lang(a, "uk", "2017-02-28"),
	    "лютий 2017\u202fр.");
	assert_string_equal(month_text_lang(a, NULL, "2023-01-31"),
	    "January 2023");
	assert_string_equal(month_text_lang(a, "en", "2017-02-29"),
	    "2017-02-29");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_text),
		cmocka_unit_test(test_day_text_lang),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_date_text_lang),
		cmocka_unit_test(test_date_text_invalid),
		cmocka_unit_test(test_when_text_lang),
		cmocka_unit_test(test_many_languages),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_month_text_lang),
	};

	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
