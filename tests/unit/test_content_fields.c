/* test_content_fields.c: unit tests for content_fields.c: money typed in
 * major units, donors one a line, document languages, the checks across
 * fields of each kind, and the JSON the form makes and fills back. */
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

#include "content_fields.h"
#include "form.h"
#include "lib/arena.h"

static struct arena *arena;

static int
setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
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

/* The minor units of in, or "" when refused (*why then set). */
static const char *
money(const char *in, const char **why)
{
	static char out[CONTENT_MONEY_SIZE];

	*why = content_money_parse(in, out);
	return *why == NULL ? out : "";
}

static void
test_money_accepted(void **state)
{
	static const struct {
		const char *in, *minor;
	} ok[] = {
		{ "77000", "7700000" },
		{ "77,000", "7700000" },
		{ "77 000", "7700000" },
		{ "77\xc2\xa0" "000", "7700000" },		/* no-break */
		{ "77\xe2\x80\xaf" "000", "7700000" },		/* narrow */
		{ "77'000", "7700000" },
		{ "77000.50", "7700050" },
		{ "77000.5", "7700050" },
		{ "77 000,50", "7700050" },
		{ "77,000.05", "7700005" },
		{ "1,250,000", "125000000" },
		{ "0", "0" },
		{ "0.01", "1" },
		{ ".5", "50" },
		{ "007", "700" },
		{ "250000000", "25000000000" },
		/* 10^15 minor units: the most there may be. */
		{ "10000000000000", "1000000000000000" },
		{ "10,000,000,000,000.00", "1000000000000000" },
	};
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_string_equal(money(ok[i].in, &why), ok[i].minor);
		assert_null(why);
	}
}

static void
test_money_refused(void **state)
{
	static const struct {
		const char *in, *why;
	} bad[] = {
		{ "77k", "must be an amount in figures" },
		{ "EUR 77000", "must be an amount in figures" },
		{ "seventy", "must be an amount in figures" },
		{ "1e5", "must be an amount in figures" },
		{ "-5", "may not be negative" },
		{ "\xe2\x88\x92" "5", "may not be negative" },	/* minus */
		{ "77000.505", "may have at most two decimals" },
		{ "1.5.0", "may have one decimal point only" },
		{ "10000000000000.01", "is too large" },
		{ "10000000000001", "is too large" },
		{ "99999999999999999999999", "is too large" },
		{ "77,00,000", "has its digits grouped wrongly" },
		{ "7,7000", "has its digits grouped wrongly" },
		{ "1234,567", "has its digits grouped wrongly" },
		{ ",000", "has its digits grouped wrongly" },
		{ ".", "must be an amount in figures" },
		{ "1.x", "must be an amount in figures" },
	};
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_string_equal(money(bad[i].in, &why), "");
		assert_non_null(why);
		if (strncmp(why, bad[i].why, strlen(bad[i].why)) != 0)
			fail_msg("%s: \"%s\", not \"%s...\"", bad[i].in, why,
			    bad[i].why);
	}
}

static void
test_money_major(void **state)
{
	(void)state;
	assert_string_equal(content_money_major(arena, "7700000"), "77000");
	assert_string_equal(content_money_major(arena, "7700050"),
	    "77000.50");
	assert_string_equal(content_money_major(arena, "5"), "0.05");
	assert_string_equal(content_money_major(arena, "50"), "0.50");
	assert_string_equal(content_money_major(arena, "100"), "1");
	assert_string_equal(content_money_major(arena, "0"), "0.00");
	assert_string_equal(content_money_major(arena, ""), "");
}

static void
test_names(void **state)
{
	char *long_name, *many;
	const char *out, *msg;
	size_t i;

	(void)state;
	assert_null(content_check_names(arena, NULL,
	    "SlovakAid\n\n  AMIF  \nslovakaid\nEU", &out));
	assert_string_equal(out, "SlovakAid\nAMIF\nEU");
	assert_null(content_check_names(arena, NULL, "", &out));
	assert_string_equal(out, "");
	/* 10,000 characters: refused, naming its line and length. */
	long_name = arena_alloc(arena, 10000 + 8);
	strcpy(long_name, "EU\n");
	memset(long_name + 3, 'x', 10000);
	long_name[10003] = '\0';
	msg = content_check_names(arena, NULL, long_name, &out);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "10000 characters on line 2"));
	/* 200 characters (of two bytes each) pass. */
	memset(long_name, 0, 10008);
	for (i = 0; i < 200; i++)
		memcpy(long_name + 2 * i, "\xc3\xa1", 2);
	assert_null(content_check_names(arena, NULL, long_name, &out));
	/* 21 names: one too many; 20 with a repeat are 19. */
	many = arena_alloc(arena, 21 * 8);
	many[0] = '\0';
	for (i = 0; i < 21; i++)
		sprintf(many + strlen(many), "D%zu\n", i);
	assert_non_null(content_check_names(arena, NULL, many, &out));
	many[0] = '\0';
	for (i = 0; i < 20; i++)
		sprintf(many + strlen(many), "D%zu\n", i % 19);
	assert_null(content_check_names(arena, NULL, many, &out));
}

static void
test_lang_and_optional(void **state)
{
	const char *out;

	(void)state;
	assert_null(content_check_lang(arena, NULL, "pt-BR", &out));
	assert_string_equal(out, "pt-br");
	assert_null(content_check_lang(arena, NULL, "", &out));
	assert_non_null(content_check_lang(arena, NULL, "english", &out));
	assert_non_null(content_check_lang(arena, NULL, "e", &out));
	assert_non_null(content_check_lang(arena, NULL, "en_GB", &out));
	assert_null(content_check_time(arena, NULL, "", &out));
	assert_string_equal(out, "");
	assert_null(content_check_time(arena, NULL, "09:30", &out));
	assert_non_null(content_check_time(arena, NULL, "9h30", &out));
	assert_null(content_check_date(arena, NULL, "", &out));
	assert_non_null(content_check_date(arena, NULL, "2023-02-30", &out));
}

/* A form of kind k's own fields, filled from pairs (name, value, ...,
 * NULL), then checked: its JSON, or NULL when refused. */
static const char *
submit(struct form *f, enum content_kind k, const char *const *pairs)
{
	struct field *rows;
	const char *json;
	size_t n;

	rows = content_fields_form(arena, k, NULL, 0, &n);
	assert_non_null(rows);
	assert_int_equal(form_init(f, arena, rows, n), 0);
	for (; *pairs != NULL; pairs += 2)
		form_set(f, pairs[0], pairs[1], false);
	content_fields_check(f, k, &json);
	return json;
}

static void
test_project(void **state)
{
	static const char *const ok[] = {
		"code", "SK-2016-01", "coverage", "Hungary",
		"start_date", "2016-03-01", "end_date", "2017-02-28",
		"budget", "77,000", "currency", "EUR",
		"donors", "SlovakAid\r\nEU", "contact", "IOM Budapest", NULL
	};
	static const char *const no_currency[] = {
		"start_date", "2016-03-01", "budget", "77000", NULL
	};
	static const char *const no_budget[] = {
		"start_date", "2016-03-01", "currency", "HUF", NULL
	};
	static const char *const backwards[] = {
		"start_date", "2016-03-01", "end_date", "2016-02-29",
		"currency", "GBP", "state", "paused", NULL
	};
	struct form f, g;
	const char *json;

	(void)state;
	json = submit(&f, CONTENT_PROJECT, ok);
	assert_string_equal(json, "{\"code\":\"SK-2016-01\","
	    "\"coverage\":\"Hungary\",\"start_date\":\"2016-03-01\","
	    "\"end_date\":\"2017-02-28\",\"state\":\"\","
	    "\"budget\":\"7700000\",\"currency\":\"EUR\","
	    "\"donors\":[\"SlovakAid\",\"EU\"],\"cofunding\":\"\","
	    "\"contact\":\"IOM Budapest\"}");
	/* Filled back as an editor types it, and saved again the same. */
	assert_int_equal(form_init(&g, arena, f.fields, f.n), 0);
	content_fields_fill(&g, CONTENT_PROJECT, json);
	assert_string_equal(form_shown(&g, "budget"), "77000");
	assert_string_equal(form_shown(&g, "donors"), "SlovakAid\nEU");
	content_fields_check(&g, CONTENT_PROJECT, &json);
	assert_string_equal(json, submit(&f, CONTENT_PROJECT, ok));

	assert_null(submit(&f, CONTENT_PROJECT, no_currency));
	assert_non_null(form_error(&f, "currency"));
	assert_null(submit(&f, CONTENT_PROJECT, no_budget));
	assert_non_null(form_error(&f, "budget"));
	assert_null(submit(&f, CONTENT_PROJECT, backwards));
	assert_non_null(form_error(&f, "currency"));
	assert_non_null(form_error(&f, "state"));
	assert_string_equal(form_error(&f, "end_date"),
	    "is before the start date");
	assert_string_equal(form_shown(&f, "end_date"), "2016-02-29");
}

static void
test_event(void **state)
{
	static const char *const ok[] = {
		"start_date", "2023-06-30", "start_time", "10:00",
		"end_time", "16:00", "place", "Z\xc3\xa1hony", NULL
	};
	/* 02:30 on 26 March 2023 never was in Budapest. */
	static const char *const skipped[] = {
		"start_date", "2023-03-26", "start_time", "02:30", NULL
	};
	static const char *const skipped_end[] = {
		"start_date", "2023-03-25", "start_time", "22:00",
		"end_date", "2023-03-26", "end_time", "02:15", NULL
	};
	static const char *const ends_early[] = {
		"start_date", "2023-06-30", "start_time", "10:00",
		"end_time", "09:00", NULL
	};
	static const char *const ends_before[] = {
		"start_date", "2023-06-30", "end_date", "2023-06-29", NULL
	};
	static const char *const end_alone[] = {
		"start_date", "2023-06-30", "end_time", "16:00", NULL
	};
	struct form f;

	(void)state;
	assert_string_equal(submit(&f, CONTENT_EVENT, ok),
	    "{\"start_date\":\"2023-06-30\",\"start_time\":\"10:00\","
	    "\"end_date\":\"\",\"end_time\":\"16:00\","
	    "\"place\":\"Z\xc3\xa1hony\"}");
	assert_null(submit(&f, CONTENT_EVENT, skipped));
	assert_non_null(strstr(form_error(&f, "start_time"),
	    "does not exist"));
	assert_null(submit(&f, CONTENT_EVENT, skipped_end));
	assert_non_null(strstr(form_error(&f, "end_time"), "does not exist"));
	assert_null(submit(&f, CONTENT_EVENT, ends_early));
	assert_non_null(form_error(&f, "end_time"));
	assert_null(submit(&f, CONTENT_EVENT, ends_before));
	assert_non_null(form_error(&f, "end_date"));
	assert_null(submit(&f, CONTENT_EVENT, end_alone));
	assert_non_null(strstr(form_error(&f, "end_time"),
	    "needs a start time"));
}

static void
test_publication(void **state)
{
	static const char *const ok[] = {
		"type", "report", "doc2_title", "Full report",
		"doc2_url", "https://example.org/r.pdf", "doc2_lang", "EN",
		NULL
	};
	static const char *const none[] = { "type", "map", NULL };
	static const char *const broken[] = {
		"type", "brochure", "doc1_title", "Report",
		"doc1_url", "javascript:alert(1)", "doc1_lang", "english",
		"doc3_title", "No address", NULL
	};
	struct form f;

	(void)state;
	assert_string_equal(submit(&f, CONTENT_PUBLICATION, ok),
	    "{\"type\":\"report\",\"documents\":[{\"title\":\"Full report\","
	    "\"url\":\"https://example.org/r.pdf\",\"lang\":\"en\"}]}");
	assert_null(submit(&f, CONTENT_PUBLICATION, none));
	assert_string_equal(form_error(&f, "doc1_title"),
	    "A publication needs at least one document.");
	assert_null(submit(&f, CONTENT_PUBLICATION, broken));
	assert_non_null(form_error(&f, "type"));
	assert_non_null(form_error(&f, "doc1_url"));
	assert_non_null(form_error(&f, "doc1_lang"));
	assert_non_null(form_error(&f, "doc3_url"));
	assert_non_null(form_error(&f, "doc3_lang"));
	assert_null(form_error(&f, "doc2_url"));
}

static void
test_table(void **state)
{
	const struct content_field *cf;
	size_t n;

	(void)state;
	assert_null(content_fields(CONTENT_NEWS, &n));
	assert_int_equal(n, 0);
	cf = content_fields(CONTENT_PROJECT, &n);
	assert_int_equal(n, 10);
	assert_string_equal(cf[0].form.name, "code");
	assert_string_equal(cf[9].form.name, "contact");
	cf = content_fields(CONTENT_PUBLICATION, &n);
	assert_int_equal(n, 2);
	assert_int_equal(cf[1].type, CONTENT_FIELD_DOCUMENTS);
	assert_string_equal(content_doc_field(4, CONTENT_DOC_LANG),
	    "doc5_lang");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_accepted),
		cmocka_unit_test(test_money_refused),
		cmocka_unit_test(test_money_major),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_lang_and_optional),
		cmocka_unit_test(test_project),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_publication),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
