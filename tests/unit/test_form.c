/* test_form.c: unit tests for form.c: validators, lengths in characters,
 * UTF-8 and control bytes, slugs, and parsing a table keeping raw text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "form.h"
#include "lib/arena.h"
#include "request.h"

static struct arena *arena;

static int
setup(void **state)
{
	(void)state;
	arena = arena_new();
	return arena == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(arena);
	return 0;
}

/* Runs check over in: NULL when it passes (and *out is then set). */
static const char *
run(field_check check, const char *in, const char **out)
{
	*out = NULL;
	return check(arena, NULL, in, out);
}

static void
test_dates(void **state)
{
	static const char *const good[] = { "2024-02-29", "2000-02-29",
	    "2023-12-31", "1900-01-01", "9999-12-31", "2021-12-17" };
	static const char *const bad[] = { "2023-02-29", "1900-02-29",
	    "2023-13-01", "2023-00-10", "2023-04-31", "2023-01-00",
	    "2023-2-1", "20230201", "2023/02/01", "1899-12-31", "",
	    "2023-02-01x", " 2023-02-01", "２０２３-01-01", "2023-0a-01",
	    "-023-01-01" };
	const char *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (run(form_check_date, good[i], &out) != NULL)
			fail_msg("%s refused", good[i]);
		assert_string_equal(out, good[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (run(form_check_date, bad[i], &out) == NULL)
			fail_msg("%s accepted", bad[i]);
	assert_non_null(strstr(run(form_check_date, "2023-02-29", &out),
	    "2023-02-29 does not exist"));
}

static void
test_times(void **state)
{
	static const char *const bad[] = { "24:00", "12:60", "9:30", "0930",
	    "09:3", "09:30:00", "ab:cd", " 09:30", "-1:00", "09.30" };
	const char *out;
	size_t i;

	(void)state;
	assert_null(run(form_check_time, "00:00", &out));
	assert_string_equal(out, "00:00");
	assert_null(run(form_check_time, "23:59", &out));
	assert_string_equal(out, "23:59");
	assert_null(run(form_check_time, "", &out));
	assert_string_equal(out, "00:00");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (run(form_check_time, bad[i], &out) == NULL)
			fail_msg("%s accepted", bad[i]);
}

static void
test_slugs_status_version(void **state)
{
	char long_slug[200];
	const char *out;

	(void)state;
	assert_null(run(form_check_slug, "", &out));
	assert_string_equal(out, "");
	assert_null(run(form_check_slug, "migrants-day-2021", &out));
	assert_non_null(run(form_check_slug, "Migrants-Day", &out));
	assert_non_null(run(form_check_slug, "a--b", &out));
	assert_non_null(run(form_check_slug, "-a", &out));
	assert_non_null(run(form_check_slug, "a-", &out));
	assert_non_null(run(form_check_slug, "a b", &out));
	assert_non_null(run(form_check_slug, "caf\xc3\xa9", &out));
	memset(long_slug, 'a', 129);
	long_slug[129] = '\0';
	assert_non_null(run(form_check_slug, long_slug, &out));
	long_slug[128] = '\0';
	assert_null(run(form_check_slug, long_slug, &out));

	assert_null(run(form_check_status, "draft", &out));
	assert_null(run(form_check_status, "published", &out));
	assert_non_null(run(form_check_status, "Published", &out));
	assert_non_null(run(form_check_status, "", &out));
	assert_non_null(run(form_check_status, "deleted", &out));

	assert_null(run(form_check_version, "", &out));
	assert_null(run(form_check_version, "1", &out));
	assert_null(run(form_check_version, "123456789012345678", &out));
	assert_non_null(run(form_check_version, "1234567890123456789", &out));
	assert_non_null(run(form_check_version, "0", &out));
	assert_non_null(run(form_check_version, "01", &out));
	assert_non_null(run(form_check_version, "-1", &out));
	assert_non_null(run(form_check_version, "1e3", &out));
}

static void
test_printable(void **state)
{
	const char *ok = "Line\tone\r\nline two \xc3\xa9";

	(void)state;
	assert_ptr_equal(form_printable(arena, ok), ok);
	assert_string_equal(form_printable(arena, "a\x01" "b"),
	    "a\xef\xbf\xbd" "b");
	assert_string_equal(form_printable(arena, "a\xff" "b"),
	    "a\xef\xbf\xbd" "b");
	assert_string_equal(form_printable(arena, "\xc2\x85"),
	    "\xef\xbf\xbd");
}

static const struct field table[] = {
	{ "title",	FIELD_REQUIRED,	10,	NULL },
	{ "slug",	0,		0,	form_check_slug },
	{ "date",	FIELD_REQUIRED,	0,	form_check_date },
	{ "time",	0,		0,	form_check_time },
	{ "summary",	FIELD_MULTILINE, 10,	NULL },
	{ "body",	FIELD_MULTILINE | FIELD_BYTES, 8, NULL },
};
#define NTABLE	(sizeof(table) / sizeof(table[0]))

/* The same fields with room for whole sentences. */
static const struct field wide[] = {
	{ "title",	FIELD_REQUIRED,	300,	NULL },
	{ "slug",	0,		0,	form_check_slug },
	{ "date",	FIELD_REQUIRED,	0,	form_check_date },
	{ "time",	0,		0,	form_check_time },
	{ "summary",	FIELD_MULTILINE, 1000,	NULL },
	{ "body",	FIELD_MULTILINE | FIELD_BYTES, 1024, NULL },
};
#define NWIDE	(sizeof(wide) / sizeof(wide[0]))

static void
test_lengths(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(form_init(&f, arena, table, NTABLE), 0);
	/* Ten characters of two bytes each fit the title. */
	form_set(&f, "title", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", false);
	assert_null(form_error(&f, "title"));
	form_set(&f, "title", "12345678901", false);
	assert_non_null(strstr(form_error(&f, "title"),
	    "at most 10 characters, and this has 11"));
	assert_null(form_value(&f, "title"));
	/* Surrounding spaces do not count, and are not kept. */
	form_set(&f, "title", "  1234567890  ", false);
	assert_null(form_error(&f, "title"));
	assert_string_equal(form_value(&f, "title"), "1234567890");
	assert_string_equal(form_field(&f, "title")->raw, "  1234567890  ");
	/* A textarea's CR LF counts as one character, and is kept as LF. */
	form_set(&f, "summary", "1234\r\n6789\r\n", false);
	assert_null(form_error(&f, "summary"));
	assert_string_equal(form_value(&f, "summary"), "1234\n6789\n");
	form_set(&f, "summary", "a\rb", false);
	assert_string_equal(form_value(&f, "summary"), "a\nb");
	/* The body counts bytes: four two-byte characters fit, five not. */
	form_set(&f, "body", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", false);
	assert_null(form_error(&f, "body"));
	form_set(&f, "body", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" "a", false);
	assert_non_null(strstr(form_error(&f, "body"), "at most 8 bytes"));
}

/* The scans pass over plain ASCII eight bytes at a time: a control
 * character, DEL or a byte past ASCII is still found at every place of
 * a long run, and a run with none of them passes as it is. */
static void
test_control_in_long_runs(void **state)
{
	static const char *const bad[] = { "\x01", "\x1f", "\x7f", "\n",
	    "\xc2\x85", "\xff" };
	char text[40], shown[48];
	struct form f;
	size_t at, b;

	(void)state;
	assert_int_equal(form_init(&f, arena, wide, NWIDE), 0);
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_ptr_equal(form_printable(arena, text), text);
	form_set(&f, "title", text, false);
	assert_null(form_error(&f, "title"));
	for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
		for (at = 0; at + strlen(bad[b]) < sizeof(text); at++) {
			memset(text, 'a', sizeof(text) - 1);
			memcpy(text + at, bad[b], strlen(bad[b]));
			form_set(&f, "title", text, false);
			assert_non_null(form_error(&f, "title"));
			if (strcmp(bad[b], "\n") == 0) {
				assert_ptr_equal(form_printable(arena, text),
				    text);
				form_set(&f, "summary", text, false);
				assert_null(form_error(&f, "summary"));
				continue;
			}
			snprintf(shown, sizeof(shown), "%.*s\xef\xbf\xbd%s",
			    (int)at, text, text + at + strlen(bad[b]));
			assert_string_equal(form_printable(arena, text), shown);
		}
	}
}

static void
test_control_and_utf8(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(form_init(&f, arena, table, NTABLE), 0);
	form_set(&f, "title", "a\nb", false);
	assert_string_equal(form_error(&f, "title"),
	    "contains characters that are not allowed");
	form_set(&f, "title", "a\tb", false);
	assert_non_null(form_error(&f, "title"));
	form_set(&f, "title", "a\x7f" "b", false);
	assert_non_null(form_error(&f, "title"));
	form_set(&f, "title", "a\xc2\x85" "b", false);	/* U+0085, C1 */
	assert_non_null(form_error(&f, "title"));
	form_set(&f, "summary", "a\n\tb", false);
	assert_null(form_error(&f, "summary"));
	form_set(&f, "summary", "a\x01", false);
	assert_string_equal(form_error(&f, "summary"),
	    "contains characters that are not allowed");
	assert_string_equal(form_shown(&f, "summary"), "a\xef\xbf\xbd");
	form_set(&f, "summary", "a\x1b[31m", false);
	assert_non_null(form_error(&f, "summary"));
	form_set(&f, "title", "ab\xff", false);
	assert_string_equal(form_error(&f, "title"), "is not valid UTF-8 text");
	assert_string_equal(form_field(&f, "title")->raw, "ab\xff");
	assert_string_equal(form_shown(&f, "title"), "ab\xef\xbf\xbd");
	/* Text that did not decode keeps its message. */
	form_set(&f, "title", "ok", true);
	assert_string_equal(form_error(&f, "title"),
	    "contains characters that are not allowed");
}

static void
test_required_and_errors(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(form_init(&f, arena, table, NTABLE), 0);
	form_set(&f, "title", NULL, false);
	assert_string_equal(form_error(&f, "title"), "is required");
	assert_string_equal(form_field(&f, "title")->raw, "");
	form_set(&f, "title", "   ", false);
	assert_string_equal(form_error(&f, "title"), "is required");
	form_set(&f, "date", "2023-02-29", false);
	form_set(&f, "time", "", false);
	form_set(&f, "slug", "", false);
	assert_false(form_ok(&f));
	assert_int_equal(f.nerrors, 2);
	assert_string_equal(form_value(&f, "time"), "00:00");
	assert_string_equal(form_value(&f, "slug"), "");
	/* Setting a field again replaces its message. */
	form_set(&f, "title", "Fine", false);
	form_set(&f, "date", "2024-02-29", false);
	assert_true(form_ok(&f));
	form_fail(&f, "slug", "is taken");
	form_fail(&f, "slug", "second message");
	assert_string_equal(form_error(&f, "slug"), "is taken");
	assert_int_equal(f.nerrors, 1);
	assert_null(form_value(&f, "slug"));
	form_set(&f, "nonesuch", "x", false);
	form_fail(&f, "nonesuch", "x");
	assert_null(form_field(&f, "nonesuch"));
	assert_string_equal(form_shown(&f, "nonesuch"), "");
	assert_int_equal(f.nerrors, 1);
}

/* A urlencoded POST request over body, in the arena. */
static void
post(struct request *rq, const char *body)
{
	request_init(rq, arena);
	rq->method = METHOD_POST;
	assert_int_equal(request_add_header(rq, "Content-Type",
	    "application/x-www-form-urlencoded"), 0);
	rq->body = arena_strdup(arena, body);
	rq->body_len = strlen(body);
}

static void
test_read(void **state)
{
	struct request rq;
	struct form f;

	(void)state;
	post(&rq, "title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&slug=&"
	    "date=2023-02-29&time=25%3A00&summary=a%0D%0Ab&"
	    "body=%27%3B+DROP+TABLE+news%3B--&extra=1");
	assert_int_equal(form_init(&f, arena, wide, NWIDE), 0);
	form_read(&f, &rq);
	assert_string_equal(form_value(&f, "title"),
	    "<script>alert(1)</script>");
	assert_string_equal(form_value(&f, "body"), "'; DROP TABLE news;--");
	assert_string_equal(form_value(&f, "summary"), "a\nb");
	assert_string_equal(form_field(&f, "summary")->raw, "a\r\nb");
	assert_non_null(form_error(&f, "date"));
	assert_string_equal(form_field(&f, "date")->raw, "2023-02-29");
	assert_non_null(form_error(&f, "time"));
	assert_string_equal(form_shown(&f, "time"), "25:00");
	assert_int_equal(f.nerrors, 2);

	/* An encoded NUL: refused, and the rest of the text is kept. */
	post(&rq, "title=ab%00cd&date=2024-01-01&summary=x%ZZy%00");
	assert_int_equal(form_init(&f, arena, wide, NWIDE), 0);
	form_read(&f, &rq);
	assert_string_equal(form_error(&f, "title"),
	    "contains characters that are not allowed");
	assert_string_equal(form_field(&f, "title")->raw,
	    "ab\xef\xbf\xbd" "cd");
	assert_string_equal(form_field(&f, "summary")->raw,
	    "x%ZZy\xef\xbf\xbd");
	assert_null(form_error(&f, "date"));
	assert_null(form_error(&f, "body"));

	/* Invalid UTF-8 sent encoded. */
	post(&rq, "title=%C0%AF&date=2024-01-01");
	assert_int_equal(form_init(&f, arena, wide, NWIDE), 0);
	form_read(&f, &rq);
	assert_string_equal(form_error(&f, "title"), "is not valid UTF-8 text");
	assert_string_equal(form_shown(&f, "title"),
	    "\xef\xbf\xbd\xef\xbf\xbd");
}

static void
test_local_time(void **state)
{
	char today[11];
	time_t t;

	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	/* Winter: UTC+1; summer: UTC+2. */
	assert_int_equal(form_local_time("2024-12-18", "10:30", &t), 0);
	assert_int_equal((long long)t, 1734514200LL);
	assert_int_equal(form_local_time("2024-07-01", "12:00", &t), 0);
	assert_int_equal((long long)t, 1719828000LL);
	assert_int_equal(form_local_time("2024-07-01", "24:00", &t), -1);
	assert_int_equal(form_local_time("2024-7-01", "12:00", &t), -1);
	/* The spring change: 02:00 became 03:00 on 31 March 2024, so 02:30
	 * never was; the minutes around it were. */
	assert_int_equal(form_local_time("2024-03-31", "02:30", &t), -1);
	assert_int_equal(form_local_time("2024-03-31", "02:00", &t), -1);
	assert_int_equal(form_local_time("2024-03-31", "01:59", &t), 0);
	assert_int_equal(form_local_time("2024-03-31", "03:00", &t), 0);
	assert_int_equal((long long)t, 1711846800LL);
	/* The autumn change: 02:30 came twice; either is a time. */
	assert_int_equal(form_local_time("2024-10-27", "02:30", &t), 0);
	form_today(1734514200, today);
	assert_string_equal(today, "2024-12-18");
	/* 23:30 UTC on 31 December is already the new year in Budapest. */
	form_today(1735687800, today);
	assert_string_equal(today, "2025-01-01");
}

static const char *const colours[] = { "red", "green", NULL };

/* A form's own rule: a choice among fixed values. */
static const char *
check_colour(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	(void)a;
	*out = in;
	return form_check_choice(lang, in, colours);
}

/* A form's own rule: a restricted alphabet. */
static const char *
check_code(struct arena *a, const char *lang, const char *in,
    const char **out)
{
	*out = in;
	return form_check_allowed(a, lang, in, "abc123");
}

static const struct field kinds[] = {
	{ "url",	FIELD_URL,	30,	NULL },
	{ "parent",	FIELD_ID,	0,	NULL },
	{ "colour",	0,		0,	check_colour },
	{ "code",	0,		10,	check_code },
	{ "secret",	FIELD_SECRET | FIELD_BYTES, 20, NULL },
	{ "notes",	FIELD_MULTILINE | FIELD_TRIM, 0, NULL },
	{ "body",	FIELD_MARKDOWN,	0,	NULL },
	{ "day",	FIELD_DATE,	0,	NULL },
	{ "at",		FIELD_TIME,	0,	NULL },
};

static void
test_kinds(void **state)
{
	struct form f;
	size_t n;

	(void)state;
	assert_int_equal(form_init(&f, arena, kinds, FORM_FIELDS(kinds)), 0);
	form_set(&f, "url", " https://example.org/a ", false);
	assert_string_equal(form_value(&f, "url"), "https://example.org/a");
	form_set(&f, "url", "", false);
	assert_string_equal(form_value(&f, "url"), "");
	form_set(&f, "url", "javascript:alert(1)", false);
	assert_non_null(form_error(&f, "url"));
	form_set(&f, "url", "HTTPS://example.org", false);
	assert_null(form_error(&f, "url"));
	form_set(&f, "url", "https://", false);
	assert_non_null(form_error(&f, "url"));
	form_set(&f, "url", "https:///x", false);
	assert_non_null(form_error(&f, "url"));
	form_set(&f, "url", "http://a b", false);
	assert_string_equal(form_error(&f, "url"), "must not contain spaces");
	form_set(&f, "url", "http://a	b", false);
	assert_non_null(form_error(&f, "url"));
	form_set(&f, "url", "//evil.example/", false);
	assert_non_null(form_error(&f, "url"));

	form_set(&f, "parent", "42", false);
	assert_int_equal(form_id(&f, "parent"), 42);
	form_set(&f, "parent", "", false);
	assert_null(form_error(&f, "parent"));
	assert_int_equal(form_id(&f, "parent"), 0);
	form_set(&f, "parent", "0", false);
	assert_non_null(form_error(&f, "parent"));
	form_set(&f, "parent", "007", false);
	assert_non_null(form_error(&f, "parent"));
	form_set(&f, "parent", "1234567890123456789", false);
	assert_non_null(form_error(&f, "parent"));
	assert_int_equal(form_id(&f, "parent"), 0);
	assert_int_equal(form_id(&f, "nonesuch"), 0);

	/* A field the rest of the form makes irrelevant: no message, the
	 * text kept as typed. */
	form_set(&f, "url", "ftp://x", false);
	assert_non_null(form_error(&f, "url"));
	n = f.nerrors;
	form_ignore(&f, "url");
	assert_null(form_error(&f, "url"));
	assert_int_equal(f.nerrors, n - 1);
	assert_string_equal(form_value(&f, "url"), "");
	assert_string_equal(form_shown(&f, "url"), "ftp://x");

	form_set(&f, "colour", "green", false);
	assert_string_equal(form_value(&f, "colour"), "green");
	form_set(&f, "colour", "Green", false);
	assert_non_null(form_error(&f, "colour"));

	form_set(&f, "code", "ab1", false);
	assert_null(form_error(&f, "code"));
	form_set(&f, "code", "ab\xc3\xa9", false);
	assert_string_equal(form_error(&f, "code"),
	    "may not hold \xe2\x80\x9c\xc3\xa9\xe2\x80\x9d");

	/* A secret keeps its spaces and is never shown back. */
	form_set(&f, "secret", " pass word ", false);
	assert_string_equal(form_value(&f, "secret"), " pass word ");
	assert_string_equal(form_shown(&f, "secret"), "");
	form_set(&f, "secret", "x\ty", false);
	assert_non_null(form_error(&f, "secret"));

	/* Unicode spaces are trimmed: no-break, em and ideographic. */
	form_set(&f, "notes", "\xc2\xa0 line\r\n\xe2\x80\x83\xe3\x80\x80",
	    false);
	assert_string_equal(form_value(&f, "notes"), "line");
	form_set(&f, "body", "a\r\n\tb\n", false);
	assert_string_equal(form_value(&f, "body"), "a\n\tb\n");

	form_set(&f, "day", "2024-02-29", false);
	assert_null(form_error(&f, "day"));
	form_set(&f, "day", "2023-02-29", false);
	assert_non_null(form_error(&f, "day"));
	form_set(&f, "at", "", false);
	assert_string_equal(form_value(&f, "at"), "00:00");
	form_set(&f, "at", "24:00", false);
	assert_non_null(form_error(&f, "at"));
}

static void
test_message(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(form_init(&f, arena, table, NTABLE), 0);
	assert_null(form_message(&f, "title", "Title"));
	form_set(&f, "title", " \xc2\xa0 ", false);
	assert_string_equal(form_message(&f, "title", "Title"),
	    "Title is required.");
	assert_string_equal(form_message(&f, "title", NULL), "is required");
	form_fail(&f, "slug", "Choose another address.");
	assert_string_equal(form_message(&f, "slug", "Slug"),
	    "Choose another address.");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_slugs_status_version),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_control_in_long_runs),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_control_and_utf8),
		cmocka_unit_test(test_required_and_errors),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_local_time),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
